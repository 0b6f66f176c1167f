package pipedrivetest_test

import (
	"context"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/leads"
	"github.com/pipedrive-go/pipedrive/persons"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestFakeLeadsCRUD(t *testing.T) {
	ctx := context.Background()
	srv, client := fakeClient(t)
	ada, err := client.Persons.Create(ctx, &persons.CreateParams{Name: "Ada Lovelace",
		Emails: []persons.ContactDetail{{Value: "ada@example.com", Primary: true}}})
	require.NoError(t, err)
	l := client.Leads

	labels := collect(t, l.Labels(ctx))
	require.Len(t, labels, 3, "seeded labels")
	assert.Equal(t, "Hot", labels[0].Name)
	assert.Equal(t, leads.LabelRed, labels[0].Color)
	assert.Regexp(t, uuidRE, labels[0].ID)

	lead, err := l.Create(ctx, &leads.CreateParams{
		Title: "Inbound: engines", PersonID: ada.ID, LabelIDs: []string{labels[0].ID},
		Value: &leads.Value{Amount: 800, Currency: "EUR"}, ExpectedCloseDate: &crm.Date{Year: 2026, Month: 6, Day: 30},
		VisibleTo: crm.VisibleToOwner, OriginID: pipedrive.Ptr("importer"),
		CustomFieldsByName: crm.FieldValues{"Budget": crm.Money(5000, "EUR"), "Tier": "Growth",
			"Channels": []string{"Email", "Chat"}, "Summary": "Two engines", "Seats": 3},
	})
	require.NoError(t, err)
	assert.Regexp(t, uuidRE, lead.ID)
	assert.Equal(t, "Inbound: engines", lead.Title)
	assert.Equal(t, int64(pipedrivetest.DefaultUserID), lead.OwnerID)
	assert.Equal(t, &ada.ID, lead.PersonID)
	assert.Nil(t, lead.OrganizationID)
	assert.Equal(t, []string{labels[0].ID}, lead.LabelIDs)
	assert.Equal(t, &leads.Value{Amount: 800, Currency: "EUR"}, lead.Value)
	assert.Equal(t, crm.NewDate(2026, 6, 30), lead.ExpectedCloseDate)
	assert.Equal(t, crm.VisibleToOwner, lead.VisibleTo)
	assert.Equal(t, pipedrive.Ptr("importer"), lead.OriginID)
	assert.Equal(t, "API", lead.SourceName)
	assert.False(t, lead.AddTime.IsZero())

	// Custom fields read back by name, through the deal definitions.
	fs, err := l.CustomFields(ctx)
	require.NoError(t, err)
	read := fs.Read(lead.CustomFields)
	budget, err := read.Money("Budget")
	require.NoError(t, err)
	assert.Equal(t, crm.Money(5000, "EUR"), budget)
	tier, err := read.Option("Tier")
	require.NoError(t, err)
	assert.Equal(t, "Growth", tier)
	ch, err := read.Options("Channels")
	require.NoError(t, err)
	assert.Equal(t, []string{"Email", "Chat"}, ch)
	summary, err := read.Text("Summary")
	require.NoError(t, err)
	assert.Equal(t, "Two engines", summary)
	assert.False(t, read.Has("Renewal date"))

	got, err := l.Get(ctx, lead.ID)
	require.NoError(t, err)
	assert.Equal(t, lead, got)

	// Update: PATCH semantics, nulls, custom fields by name and by code.
	tierCode, _ := srv.CustomFieldKey(pipedrivetest.Deal, "Tier")
	cf := crm.CustomFields{}
	cf.Clear(tierCode)
	upd, err := l.Update(ctx, lead.ID, &leads.UpdateParams{
		Title: pipedrive.Ptr("Inbound: three engines"), Value: &leads.Value{}, LabelIDs: []string{},
		ExpectedCloseDate: &crm.Date{}, WasSeen: pipedrive.Ptr(true), CustomFields: cf,
		CustomFieldsByName: crm.FieldValues{"Budget": crm.Money(7500, "USD")},
	})
	require.NoError(t, err)
	assert.Equal(t, "Inbound: three engines", upd.Title)
	assert.Nil(t, upd.Value)
	assert.Empty(t, upd.LabelIDs)
	assert.True(t, upd.ExpectedCloseDate.IsZero())
	assert.True(t, upd.WasSeen)
	assert.Equal(t, lead.PersonID, upd.PersonID, "unchanged")
	read = fs.Read(upd.CustomFields)
	budget, err = read.Money("Budget")
	require.NoError(t, err)
	assert.Equal(t, crm.Money(7500, "USD"), budget)
	assert.False(t, read.Has("Tier"), "cleared")
	seats, err := read.Number("Seats")
	require.NoError(t, err)
	assert.Equal(t, 3.0, seats, "untouched")

	// A lead keeps a person or an organization.
	_, err = l.Update(ctx, lead.ID, &leads.UpdateParams{PersonID: pipedrive.Ptr[int64](0)})
	assertStatus(t, err, http.StatusBadRequest)
	_, err = l.Create(ctx, &leads.CreateParams{Title: "Nobody's", PersonID: 999})
	assertStatus(t, err, http.StatusBadRequest)
	_, err = l.Create(ctx, &leads.CreateParams{Title: "Bad label", PersonID: ada.ID, LabelIDs: []string{"nope"}})
	assertStatus(t, err, http.StatusBadRequest)

	users, err := l.PermittedUsers(ctx, lead.ID)
	require.NoError(t, err)
	assert.Equal(t, []int64{pipedrivetest.DefaultUserID}, users)

	require.NoError(t, l.Delete(ctx, lead.ID))
	_, err = l.Get(ctx, lead.ID)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)
	assert.ErrorIs(t, l.Delete(ctx, lead.ID), pipedrive.ErrNotFound)
}

func TestFakeLeadListsAndSearch(t *testing.T) {
	ctx := context.Background()
	clock := &stepClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	_, client := fakeClient(t, pipedrivetest.WithClock(clock))
	ada, err := client.Persons.Create(ctx, &persons.CreateParams{Name: "Ada Lovelace",
		Emails: []persons.ContactDetail{{Value: "ada@example.com", Primary: true}}})
	require.NoError(t, err)
	l := client.Leads
	var ids []string
	for i, title := range []string{"Crane maintenance", "Engine overhaul", "Crane rental", "Dock repairs"} {
		clock.advance(time.Minute)
		lead, err := l.Create(ctx, &leads.CreateParams{Title: title, PersonID: ada.ID,
			Value:              &leads.Value{Amount: float64(100 * (i + 1)), Currency: "EUR"},
			CustomFieldsByName: crm.FieldValues{"Summary": title + " for the harbour"}})
		require.NoError(t, err)
		ids = append(ids, lead.ID)
	}
	_, err = l.Update(ctx, ids[3], &leads.UpdateParams{IsArchived: pipedrive.Ptr(true)})
	require.NoError(t, err)

	titles := func(ls []leads.Lead) []string {
		var out []string
		for _, x := range ls {
			out = append(out, x.Title)
		}
		return out
	}
	assert.Equal(t, []string{"Crane maintenance", "Engine overhaul", "Crane rental"}, titles(collect(t, l.List(ctx, nil))))
	assert.Equal(t, []string{"Dock repairs"}, titles(collect(t, l.ListArchived(ctx, nil))))
	assert.Equal(t, []string{"Engine overhaul", "Crane rental", "Crane maintenance"},
		titles(collect(t, l.List(ctx, &leads.ListParams{Sort: leads.SortByTitle + " DESC"}))))
	assert.Equal(t, []string{"Crane rental"},
		titles(collect(t, l.List(ctx, &leads.ListParams{UpdatedSince: time.Date(2026, 3, 2, 9, 3, 0, 0, time.UTC)}))))
	assert.Empty(t, collect(t, l.List(ctx, &leads.ListParams{OwnerID: 2})))
	assert.Len(t, collect(t, l.List(ctx, &leads.ListParams{PersonID: ada.ID})), 3)
	page, err := l.ListPage(ctx, &leads.ListParams{Limit: 2})
	require.NoError(t, err)
	assert.True(t, page.More)
	assert.Equal(t, 2, page.NextStart)
	page, err = l.ListPage(ctx, &leads.ListParams{Limit: 2, Start: page.NextStart})
	require.NoError(t, err)
	assert.Equal(t, []string{"Crane rental"}, titles(page.Items))
	assert.False(t, page.More)
	_, err = l.ListPage(ctx, &leads.ListParams{Sort: "colour"})
	assertStatus(t, err, http.StatusBadRequest)

	// Search: titles and custom fields, best first; archived leads too.
	var found []string
	for r, err := range l.Search(ctx, &leads.SearchParams{Term: "crane", Limit: 1, IncludeFields: []leads.SearchInclude{leads.IncludeWasSeen}}) {
		require.NoError(t, err)
		found = append(found, r.Item.Title)
		assert.Equal(t, "lead", r.Item.Type)
		assert.Equal(t, "Ada Lovelace", r.Item.Person.Name)
		assert.Equal(t, []string{"ada@example.com"}, r.Item.Emails)
		assert.NotNil(t, r.Item.WasSeen)
		assert.Equal(t, "EUR", r.Item.Currency)
	}
	assert.Equal(t, []string{"Crane maintenance", "Crane rental"}, found)
	sp, err := l.SearchPage(ctx, &leads.SearchParams{Term: "harbour", Fields: []leads.SearchField{leads.SearchCustomFields}})
	require.NoError(t, err)
	assert.Len(t, sp.Items, 4)
	assert.Equal(t, []string{"Crane maintenance for the harbour"}, sp.Items[0].Item.CustomFields)
	assert.Nil(t, sp.Items[0].Item.WasSeen)
	sp, err = l.SearchPage(ctx, &leads.SearchParams{Term: "harbour", Fields: []leads.SearchField{leads.SearchTitle}})
	require.NoError(t, err)
	assert.Empty(t, sp.Items)
	_, err = l.SearchPage(ctx, &leads.SearchParams{Term: "c"})
	assertStatus(t, err, http.StatusBadRequest)

	// Sources and fields.
	sources := collect(t, l.Sources(ctx))
	assert.Len(t, sources, 10)
	assert.Equal(t, "API", sources[9].Name)
	fields := collect(t, l.Fields(ctx, &crm.OffsetParams{Limit: 5}))
	require.NotEmpty(t, fields)
	assert.Equal(t, "title", fields[0].Key)
	var tier *leads.LeadField
	for i := range fields {
		if fields[i].Name == "Tier" {
			tier = &fields[i]
		}
	}
	require.NotNil(t, tier, "the deal custom fields are lead fields")
	assert.Equal(t, crm.FieldTypeEnum, tier.Type)
	assert.Len(t, tier.Options, 3)
}

func TestFakeLeadLabelsAndConversion(t *testing.T) {
	ctx := context.Background()
	srv, client := fakeClient(t)
	ada, err := client.Persons.Create(ctx, &persons.CreateParams{Name: "Ada Lovelace"})
	require.NoError(t, err)
	l := client.Leads

	vip, err := l.CreateLabel(ctx, &leads.LabelParams{Name: "VIP", Color: leads.LabelPurple})
	require.NoError(t, err)
	vip, err = l.UpdateLabel(ctx, vip.ID, &leads.LabelUpdateParams{Color: leads.LabelGreen})
	require.NoError(t, err)
	assert.Equal(t, "VIP", vip.Name)
	assert.Equal(t, leads.LabelGreen, vip.Color)
	_, err = l.CreateLabel(ctx, &leads.LabelParams{Name: "Bad", Color: "teal"})
	assertStatus(t, err, http.StatusBadRequest)

	lead, err := l.Create(ctx, &leads.CreateParams{Title: "Engines for Ada", PersonID: ada.ID, LabelIDs: []string{vip.ID},
		Value: &leads.Value{Amount: 1200, Currency: "GBP"}, CustomFieldsByName: crm.FieldValues{"Tier": "Enterprise"}})
	require.NoError(t, err)
	require.NoError(t, l.DeleteLabel(ctx, vip.ID))
	lead, err = l.Get(ctx, lead.ID)
	require.NoError(t, err)
	assert.Empty(t, lead.LabelIDs, "a deleted label leaves its leads")
	assert.Len(t, collect(t, l.Labels(ctx)), 3)

	conv, err := l.ConvertToDeal(ctx, lead.ID, &leads.ConvertParams{StageID: 3})
	require.NoError(t, err)
	assert.Regexp(t, uuidRE, conv.ConversionID)
	st, err := l.ConversionStatus(ctx, lead.ID, conv.ConversionID)
	require.NoError(t, err)
	assert.Equal(t, leads.ConversionCompleted, st.Status)
	assert.Equal(t, lead.ID, st.LeadID)
	d, err := client.Deals.Get(ctx, st.DealID)
	require.NoError(t, err)
	assert.Equal(t, "Engines for Ada", d.Title)
	assert.Equal(t, int64(3), d.StageID)
	assert.Equal(t, 1200.0, d.Value)
	assert.Equal(t, "GBP", d.Currency)
	assert.Equal(t, &ada.ID, d.PersonID)
	assert.Equal(t, pipedrive.Ptr(lead.ID), d.SourceLeadID)
	fs, err := client.Deals.CustomFields(ctx)
	require.NoError(t, err)
	tier, err := fs.Read(d.CustomFields).Option("Tier")
	require.NoError(t, err)
	assert.Equal(t, "Enterprise", tier, "the deal keeps the lead's custom fields")
	_, err = l.Get(ctx, lead.ID)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound, "a converted lead is gone")

	// The default: the first stage of the default pipeline.
	other, err := l.Create(ctx, &leads.CreateParams{Title: "Second", PersonID: ada.ID})
	require.NoError(t, err)
	conv, err = l.ConvertToDeal(ctx, other.ID, &leads.ConvertParams{})
	require.NoError(t, err)
	st, err = l.ConversionStatus(ctx, other.ID, conv.ConversionID)
	require.NoError(t, err)
	d, err = client.Deals.Get(ctx, st.DealID)
	require.NoError(t, err)
	assert.Equal(t, int64(1), d.StageID)
	assert.Equal(t, pipedrivetest.DefaultPipelineID, d.PipelineID)

	_, err = l.ConversionStatus(ctx, lead.ID, conv.ConversionID)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound, "the conversion belongs to another lead")
	_, err = l.ConvertToDeal(ctx, "00000000-0000-4000-8000-000000000000", &leads.ConvertParams{})
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)
	assert.Equal(t, 2, srv.Len(pipedrivetest.Deal))
}

// Lead calls are limited like the rest of the fake: searches spend the
// search window, creates and updates the daily write budget.
func TestFakeLeadLimits(t *testing.T) {
	ctx := context.Background()
	srv := pipedrivetest.NewServer(t, pipedrivetest.WithDailyWriteLimit(2))
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL), pipedrive.WithMaxRetries(-1, -1))
	require.NoError(t, err)
	for range 3 {
		_, err = client.Leads.SearchPage(ctx, &leads.SearchParams{Term: "crane"})
		require.NoError(t, err)
	}
	ada, err := client.Persons.Create(ctx, &persons.CreateParams{Name: "Ada"})
	require.NoError(t, err)
	_, err = client.Leads.Create(ctx, &leads.CreateParams{Title: "One", PersonID: ada.ID})
	require.NoError(t, err)
	_, err = client.Leads.Create(ctx, &leads.CreateParams{Title: "Two", PersonID: ada.ID})
	assert.ErrorIs(t, err, ratelimit.ErrDailyWriteLimit, "the client learnt the budget from x-daily-requests-left")
	_, err = client.Leads.LabelsPage(ctx)
	require.NoError(t, err, "reads go on")

	st := srv.TokenStats(srv.Token())
	assert.Equal(t, 3, st.Searches)
	stats := srv.Stats()
	assert.Equal(t, 3, stats.Routes["GET /api/v2/leads/search"])
	assert.Equal(t, 1, stats.Routes["POST /v1/leads"])
	assert.Equal(t, 2, st.Writes)
}
