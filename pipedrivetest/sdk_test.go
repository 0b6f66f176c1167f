package pipedrivetest_test

import (
	"context"
	"errors"
	"testing"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/organizations"
	"github.com/pipedrive-go/pipedrive/persons"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

// The SDK's services work against the fake: it is what users will do.
func TestSDKServicesAgainstFake(t *testing.T) {
	ctx := context.Background()
	srv := pipedrivetest.NewServer(t, pipedrivetest.WithRateLimit(1000, 0))
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}

	org, err := client.Organizations.Create(ctx, &organizations.CreateParams{Name: "Acme Corp",
		CustomFieldsByName: crm.FieldValues{"Tier": "Growth", "Region": "Nordics"}})
	if err != nil {
		t.Fatal(err)
	}
	person, err := client.Persons.Create(ctx, &persons.CreateParams{Name: "Ada Lovelace", OrgID: &org.ID,
		Emails:             []persons.ContactDetail{{Value: "ada@example.com", Primary: true, Label: "work"}},
		CustomFieldsByName: crm.FieldValues{"Languages": []string{"English", "German"}}})
	if err != nil {
		t.Fatal(err)
	}
	deal, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Acme renewal", Value: pipedrive.Ptr(5000.0),
		Currency: "EUR", OrgID: &org.ID, PersonID: &person.ID,
		CustomFieldsByName: crm.FieldValues{"Budget": crm.Money(1200, "EUR"), "Tier": "Enterprise",
			"Channels": []string{"Email", "Chat"}, "Renewal date": "2027-01-31", "Seats": 12}})
	if err != nil {
		t.Fatal(err)
	}
	fields, err := client.Deals.CustomFields(ctx)
	if err != nil {
		t.Fatal(err)
	}
	read := fields.Read(deal.CustomFields)
	if tier, err := read.Option("Tier"); err != nil || tier != "Enterprise" {
		t.Errorf("Tier %q, %v", tier, err)
	}
	if ch, err := read.Options("Channels"); err != nil || len(ch) != 2 {
		t.Errorf("Channels %v, %v", ch, err)
	}
	if b, err := read.Money("Budget"); err != nil || b.Value != 1200 || b.Currency != "EUR" {
		t.Errorf("Budget %+v, %v", b, err)
	}
	if d, err := read.Date("Renewal date"); err != nil || d.String() != "2027-01-31" {
		t.Errorf("Renewal date %v, %v", d, err)
	}

	updated, err := client.Deals.Update(ctx, deal.ID, &deals.UpdateParams{Status: deals.StatusWon})
	if err != nil || updated.Status != deals.StatusWon || updated.WonTime == nil {
		t.Fatalf("update: %+v, %v", updated, err)
	}
	got, err := client.Deals.Get(ctx, deal.ID)
	if err != nil || got.Title != "Acme renewal" || got.OrgID == nil || *got.OrgID != org.ID {
		t.Fatalf("get: %+v, %v", got, err)
	}

	// Lists page through the cursor.
	for i := 0; i < 4; i++ {
		if _, err := client.Persons.Create(ctx, &persons.CreateParams{Name: "Extra person"}); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	for p, err := range client.Persons.List(ctx, &persons.ListParams{Limit: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		if p.ID == 0 {
			t.Fatal("person without id")
		}
		n++
	}
	if n != 5 || srv.Stats().Routes["GET /api/v2/persons"] != 3 {
		t.Fatalf("listed %d persons in %d pages", n, srv.Stats().Routes["GET /api/v2/persons"])
	}

	// Search.
	var hits []string
	for r, err := range client.Persons.Search(ctx, &persons.SearchParams{Term: "ada"}) {
		if err != nil {
			t.Fatal(err)
		}
		hits = append(hits, r.Item.Name)
	}
	if len(hits) != 1 || hits[0] != "Ada Lovelace" {
		t.Fatalf("person search %v", hits)
	}
	for r, err := range client.Deals.Search(ctx, &deals.SearchParams{Term: "renewal"}) {
		if err != nil {
			t.Fatal(err)
		}
		if r.Item.Organization == nil || r.Item.Organization.Name != "Acme Corp" {
			t.Fatalf("deal hit %+v", r.Item)
		}
	}

	// v1 offset pagination: participants.
	if _, err := client.Deals.AddParticipant(ctx, deal.ID, person.ID); err != nil {
		t.Fatal(err)
	}
	parts := 0
	for p, err := range client.Deals.Participants(ctx, deal.ID, &crm.OffsetParams{Limit: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		if p.Person == nil {
			t.Fatalf("participant %+v", p)
		}
		parts++
	}
	if parts != 1 {
		t.Fatalf("%d participants", parts)
	}

	// Errors.
	if err := client.Deals.Delete(ctx, deal.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := client.Deals.Get(ctx, deal.ID); !errors.Is(err, pipedrive.ErrNotFound) {
		t.Fatalf("get after delete: %v", err)
	}
	_, err = client.Deals.Create(ctx, &deals.CreateParams{Title: "X", CustomFieldsByName: crm.FieldValues{"Tier": "Platinum"}})
	if !errors.Is(err, crm.ErrUnknownOption) {
		t.Fatalf("unknown option: %v", err)
	}
	if st := srv.Stats(); st.TooManyRequests != 0 || st.Unauthorized != 0 {
		t.Fatalf("stats %+v", st)
	}
}
