package pipedrivetest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/organizations"
	"github.com/pipedrive-go/pipedrive/persons"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

func sdkClient(t *testing.T, opts ...pipedrivetest.Option) (*pipedrivetest.Server, *pipedrive.Client) {
	t.Helper()
	srv := pipedrivetest.NewServer(t, opts...)
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	return srv, client
}

func wantAPIStatus(t *testing.T, err error, status int) {
	t.Helper()
	var apiErr *pipedrive.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != status {
		t.Fatalf("err = %v, want status %d", err, status)
	}
}

// Deal field definitions written through the SDK: create with options,
// rename and describe, add, relabel and delete options, and the records'
// custom field values checked against the definitions of the moment.
func TestDealFieldWrites(t *testing.T) {
	_, client := sdkClient(t)
	ctx := context.Background()

	f, err := client.Deals.CreateField(ctx, &crm.CreateFieldParams{
		Name: "Priority", Type: crm.FieldTypeEnum,
		Options:   []crm.NewFieldOption{{Label: "Low"}, {Label: "High"}},
		Important: &crm.FieldImportance{Enabled: true, StageIDs: []int64{2}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !f.IsCustom || f.Type != crm.FieldTypeEnum || len(f.Options) != 2 || f.Important == nil || !f.Important.Enabled || len(f.Code) != 40 {
		t.Fatalf("created %+v", f)
	}
	d, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Uses the new field", CustomFieldsByName: crm.FieldValues{"Priority": "High"}})
	if err != nil {
		t.Fatal(err)
	}

	desc := "How urgent the deal is"
	f, err = client.Deals.UpdateField(ctx, f.Code, &crm.UpdateFieldParams{Name: "Urgency", Description: &desc})
	if err != nil || f.Name != "Urgency" || f.Description == nil || *f.Description != desc {
		t.Fatalf("updated %+v, %v", f, err)
	}
	got, err := client.Deals.Field(ctx, f.Code, &crm.FieldGetParams{IncludeFields: []crm.FieldInclude{crm.IncludeImportantFields}})
	if err != nil || got.Name != "Urgency" || got.Important == nil || len(got.Important.StageIDs) != 1 {
		t.Fatalf("got %+v, %v", got, err)
	}

	added, err := client.Deals.AddFieldOptions(ctx, f.Code, "Critical")
	if err != nil || len(added) != 1 || added[0].Label != "Critical" {
		t.Fatalf("added %+v, %v", added, err)
	}
	// The cache was dropped: the new option resolves by name at once.
	if _, err := client.Deals.Update(ctx, d.ID, &deals.UpdateParams{CustomFieldsByName: crm.FieldValues{"Urgency": "Critical"}}); err != nil {
		t.Fatal(err)
	}
	low := f.Options[0].ID
	changed, err := client.Deals.UpdateFieldOptions(ctx, f.Code, crm.FieldOptionChange{ID: low, Label: "Minor"})
	if err != nil || len(changed) != 1 || changed[0].Label != "Minor" {
		t.Fatalf("changed %+v, %v", changed, err)
	}
	deleted, err := client.Deals.DeleteFieldOptions(ctx, f.Code, low)
	if err != nil || len(deleted) != 1 || deleted[0].ID != low {
		t.Fatalf("deleted %+v, %v", deleted, err)
	}
	// A deleted option is refused by the server (sent by id, bypassing the
	// SDK's name check).
	var cf crm.CustomFields
	cf.SetOptionID(f.Code, low)
	_, err = client.Deals.Update(ctx, d.ID, &deals.UpdateParams{CustomFields: cf})
	wantAPIStatus(t, err, http.StatusBadRequest)

	fs, err := client.Deals.RefreshCustomFields(ctx)
	if err != nil {
		t.Fatal(err)
	}
	field, err := fs.CustomField("Urgency")
	if err != nil || len(field.Options) != 2 || field.Options[0].Label != "High" || field.Options[1].Label != "Critical" {
		t.Fatalf("definitions after the option writes: %+v, %v", field, err)
	}

	if err := client.Deals.DeleteField(ctx, f.Code); err != nil {
		t.Fatal(err)
	}
	d, err = client.Deals.Get(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, present := d.CustomFields[f.Code]; present {
		t.Error("a deleted field still shows on the deal")
	}
	_, err = client.Deals.Update(ctx, d.ID, &deals.UpdateParams{CustomFields: cf})
	wantAPIStatus(t, err, http.StatusBadRequest)
	wantAPIStatus(t, client.Deals.DeleteField(ctx, f.Code), http.StatusNotFound)
	wantAPIStatus(t, client.Deals.DeleteField(ctx, "title"), http.StatusBadRequest)
}

// The v1 bulk delete takes the fields' numeric ids (Server.FieldID); a
// new field shows on existing records as null.
func TestFieldBulkDeleteAndRecordsOfPersonsAndOrganizations(t *testing.T) {
	srv, client := sdkClient(t)
	ctx := context.Background()
	p, err := client.Persons.Create(ctx, &persons.CreateParams{Name: "Ada"})
	if err != nil {
		t.Fatal(err)
	}
	f, err := client.Persons.CreateField(ctx, &crm.CreateFieldParams{Name: "Shoe size", Type: crm.FieldTypeDouble})
	if err != nil {
		t.Fatal(err)
	}
	p, err = client.Persons.Get(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if raw, present := p.CustomFields[f.Code]; !present || string(raw) != "null" {
		t.Errorf("the new field on an existing person: %q, %v", raw, present)
	}
	if _, err := client.Persons.Update(ctx, p.ID, &persons.UpdateParams{CustomFieldsByName: crm.FieldValues{"Shoe size": 38.5}}); err != nil {
		t.Fatal(err)
	}
	// A description is a deal field's only.
	desc := "no"
	_, err = client.Persons.UpdateField(ctx, f.Code, &crm.UpdateFieldParams{Description: &desc})
	if !errors.Is(err, pipedrive.ErrInvalidParams) {
		t.Errorf("a person field description: %v", err)
	}

	id, ok := srv.FieldID(pipedrivetest.Person, "Shoe size")
	nick, ok2 := srv.FieldID(pipedrivetest.Person, "Nickname")
	if !ok || !ok2 {
		t.Fatal("no numeric ids")
	}
	if err := client.Persons.DeleteFields(ctx, id, nick); err != nil {
		t.Fatal(err)
	}
	fs, err := client.Persons.CustomFields(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fs.CustomField("Shoe size"); !errors.Is(err, crm.ErrUnknownField) {
		t.Errorf("a bulk-deleted field is still defined: %v", err)
	}
	wantAPIStatus(t, client.Persons.DeleteFields(ctx, id), http.StatusNotFound)

	o, err := client.Organizations.CreateField(ctx, &crm.CreateFieldParams{Name: "Segment", Type: crm.FieldTypeSet,
		Options: []crm.NewFieldOption{{Label: "SMB"}, {Label: "Enterprise"}}})
	if err != nil {
		t.Fatal(err)
	}
	org, err := client.Organizations.Create(ctx, &organizations.CreateParams{Name: "Acme",
		CustomFieldsByName: crm.FieldValues{"Segment": []string{"SMB", "Enterprise"}}})
	if err != nil {
		t.Fatal(err)
	}
	if ids, ok := org.CustomFields.OptionIDs(o.Code); !ok || len(ids) != 2 {
		t.Errorf("segment = %v, %v", ids, ok)
	}
	if fid, ok := srv.FilterFieldID(pipedrivetest.Organization, "Segment"); !ok || fid <= 0 {
		t.Errorf("filter id of a new field: %d, %v", fid, ok)
	}
}
