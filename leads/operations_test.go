package leads_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/leads"
)

const (
	leadID   = "adf21080-0e10-11eb-879b-05d71fb426ec"
	hotLabel = "f08b42a0-4e75-11ea-9643-03698ef1cfd6"
	coldLbl  = "f08b42a1-4e75-11ea-9643-03698ef1cfd6"
	budget   = "8f2d6c0e1a3b5d7f9e1c3a5b7d9f1e3c5a7b9d1f"
	tier     = "1a3c5e7f9b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a"
)

// assertJaneDoe checks the decoding of the spec's lead example.
func assertJaneDoe(t *testing.T, l *leads.Lead, archived bool) {
	t.Helper()
	at := time.Date(2020, 10, 14, 11, 30, 36, 551e6, time.UTC)
	assert.Equal(t, leads.Lead{
		ID: leadID, Title: "Jane Doe Lead", OwnerID: 1, CreatorID: 1, LabelIDs: []string{hotLabel, coldLbl},
		PersonID: pipedrive.Ptr[int64](1092), SourceName: "API", Origin: "API", Channel: pipedrive.Ptr[int64](52),
		ChannelID: pipedrive.Ptr("Jun23 Billboards"), IsArchived: archived, Value: &leads.Value{Amount: 999, Currency: "USD"},
		NextActivityID: pipedrive.Ptr[int64](1), AddTime: at, UpdateTime: &at, VisibleTo: crm.VisibleToCompany,
		CCEmail: "company+1+leadntPaYKA5QRxXkh6WMNHiGh@dev.pipedrivemail.com",
	}, *l)
}

func labelHot(t *testing.T, l *leads.Label) {
	t.Helper()
	upd := time.Date(2020, 10, 14, 13, 11, 36, 0, time.UTC)
	assert.Equal(t, leads.Label{ID: hotLabel, Name: "Hot", Color: leads.LabelRed,
		AddTime: time.Date(2020, 2, 13, 15, 31, 44, 0, time.UTC), UpdateTime: &upd}, *l)
}

var cases = []resourcetest.Case{
	{
		Op: ops.V1GetLeads, Path: "/v1/leads",
		Query: url.Values{"owner_id": {"1"}, "person_id": {"1092"}, "organization_id": {"5"}, "filter_id": {"3"},
			"updated_since": {"2025-01-01T10:20:00Z"}, "sort": {"add_time DESC"}, "start": {"100"}, "limit": {"50"}},
		Fixture: "leads/list.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Leads.ListPage(ctx, &leads.ListParams{
				OwnerID: 1, PersonID: 1092, OrganizationID: 5, FilterID: 3,
				UpdatedSince: time.Date(2025, 1, 1, 10, 20, 0, 0, time.UTC), Sort: leads.SortByAddTime + " DESC",
				Start: 100, Limit: 50,
			})
			require.NoError(t, err)
			assert.False(t, page.More)
			require.Len(t, page.Items, 1)
			assertJaneDoe(t, &page.Items[0], false)
		},
	},
	{
		Op: ops.V1GetArchivedLeads, Path: "/v1/leads/archived",
		Query: url.Values{"owner_id": {"1"}, "person_id": {"1092"}, "organization_id": {"5"}, "filter_id": {"3"},
			"sort": {"title"}, "start": {"10"}, "limit": {"5"}},
		Fixture: "leads/archived.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			var got []*leads.Lead
			for l, err := range c.Leads.ListArchived(ctx, &leads.ArchivedListParams{
				OwnerID: 1, PersonID: 1092, OrganizationID: 5, FilterID: 3, Sort: leads.SortByTitle, Start: 10, Limit: 5,
			}) {
				require.NoError(t, err)
				got = append(got, l)
			}
			require.Len(t, got, 1)
			assertJaneDoe(t, got[0], true)
		},
	},
	{
		Op: ops.V1GetLead, Path: "/v1/leads/" + leadID, Fixture: "leads/get.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			l, err := c.Leads.Get(ctx, leadID)
			require.NoError(t, err)
			assertJaneDoe(t, l, false)
		},
	},
	{
		Op: ops.V1AddLead, Path: "/v1/leads", Fixture: "leads/create.json",
		Body: `{"title":"Jane Doe Lead","owner_id":1,"person_id":1092,"label_ids":["` + hotLabel + `","` + coldLbl + `"],
			"value":{"amount":999,"currency":"USD"},"expected_close_date":"2020-12-01","visible_to":"3","was_seen":false,
			"origin_id":"crm-sync","channel":52,"channel_id":"Jun23 Billboards",
			"` + budget + `":5000,"` + budget + `_currency":"EUR","` + tier + `":3}`,
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			cf := crm.CustomFields{}
			cf.SetMoney(budget, crm.Money(5000, "EUR"))
			cf.SetOptionID(tier, 3)
			l, err := c.Leads.Create(ctx, &leads.CreateParams{
				Title: "Jane Doe Lead", OwnerID: pipedrive.Ptr[int64](1), PersonID: 1092,
				LabelIDs: []string{hotLabel, coldLbl}, Value: &leads.Value{Amount: 999, Currency: "USD"},
				ExpectedCloseDate: &crm.Date{Year: 2020, Month: time.December, Day: 1}, VisibleTo: crm.VisibleToCompany,
				WasSeen: pipedrive.Ptr(false), OriginID: pipedrive.Ptr("crm-sync"), Channel: pipedrive.Ptr[int64](52),
				ChannelID: pipedrive.Ptr("Jun23 Billboards"), CustomFields: cf,
			})
			require.NoError(t, err)
			assertJaneDoe(t, l, false)
		},
	},
	{
		Op: ops.V1UpdateLead, Path: "/v1/leads/" + leadID, Fixture: "leads/update.json",
		Body: `{"title":"Jane Doe Lead","organization_id":null,"person_id":1092,"label_ids":[],"is_archived":false,
			"value":null,"expected_close_date":null,"visible_to":"1","channel":null,"channel_id":null,"` + tier + `":null}`,
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			cf := crm.CustomFields{}
			cf.Clear(tier)
			l, err := c.Leads.Update(ctx, leadID, &leads.UpdateParams{
				Title: pipedrive.Ptr("Jane Doe Lead"), PersonID: pipedrive.Ptr[int64](1092),
				OrganizationID: pipedrive.Ptr[int64](0), LabelIDs: []string{}, IsArchived: pipedrive.Ptr(false),
				Value: &leads.Value{}, ExpectedCloseDate: &crm.Date{}, VisibleTo: crm.VisibleToOwner,
				Channel: pipedrive.Ptr[int64](0), ChannelID: pipedrive.Ptr(""), CustomFields: cf,
			})
			require.NoError(t, err)
			assertJaneDoe(t, l, false)
		},
	},
	{
		Op: ops.V1DeleteLead, Path: "/v1/leads/" + leadID, Fixture: "leads/delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Leads.Delete(ctx, leadID))
		},
	},
	{
		Op: ops.V1GetLeadUsers, Path: "/v1/leads/" + leadID + "/permittedUsers", Fixture: "leads/permitted_users.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			ids, err := c.Leads.PermittedUsers(ctx, leadID)
			require.NoError(t, err)
			assert.Equal(t, []int64{10100010, 22302444, 33511023}, ids)
		},
	},
	{
		Op: ops.V2SearchLeads, Path: "/api/v2/leads/search",
		Query: url.Values{"term": {"John"}, "fields": {"title,notes"}, "exact_match": {"true"}, "person_id": {"1"},
			"organization_id": {"1"}, "include_fields": {"lead.was_seen"}, "limit": {"10"}, "cursor": {"c2"}},
		Fixture: "leads/search.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Leads.SearchPage(ctx, &leads.SearchParams{
				Term: "John", Fields: []leads.SearchField{leads.SearchTitle, leads.SearchNotes}, ExactMatch: true,
				PersonID: 1, OrganizationID: 1, IncludeFields: []leads.SearchInclude{leads.IncludeWasSeen}, Limit: 10, Cursor: "c2",
			})
			require.NoError(t, err)
			require.Len(t, page.Items, 1)
			assert.True(t, page.More)
			assert.InDelta(t, 0.29, page.Items[0].Score, 1e-9)
			assert.Equal(t, leads.SearchItem{
				ID: "39c433f0-8a4c-11ec-8728-09968f0a1ca0", Type: "lead", Title: "John Doe lead", Owner: crm.IDName{ID: 1},
				Person: &crm.IDName{ID: 1, Name: "John Doe"}, Organization: &crm.IDName{ID: 1, Name: "John company"},
				Phones: []string{}, Emails: []string{"john@doe.com"}, CustomFields: []string{}, Notes: []string{},
				Value: 100, Currency: "USD", VisibleTo: crm.VisibleToCompany,
			}, page.Items[0].Item)
		},
	},
	{
		Op: ops.V1GetLeadFields, Path: "/v1/leadFields", Query: url.Values{"start": {"2"}, "limit": {"2"}},
		Fixture: "leads/fields.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Leads.FieldsPage(ctx, &crm.OffsetParams{Start: 2, Limit: 2})
			require.NoError(t, err)
			require.Len(t, page.Items, 2)
			f := page.Items[1]
			assert.Equal(t, pipedrive.Ptr[int64](2), f.ID)
			assert.Equal(t, "9dc80c50d78a15643bfc4ca79d76156a73a1ca0e", f.Key)
			assert.Equal(t, crm.FieldTypeEnum, f.Type)
			assert.Equal(t, "Customer Type", f.Name)
			assert.Equal(t, []crm.FieldOption{{ID: 190, Label: "Private person"}, {ID: 191, Label: "Company"}, {ID: 192, Label: "Government"}}, f.Options)
			assert.True(t, f.Editable)
			assert.True(t, f.Mandatory)
			assert.False(t, f.AddVisible)
			assert.Equal(t, time.Date(2019, 2, 4, 13, 58, 3, 0, time.UTC), f.AddTime)
			assert.Nil(t, page.Items[0].Options)
		},
	},
	{
		Op: ops.V1GetLeadLabels, Path: "/v1/leadLabels", Fixture: "leads/labels.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			var names []string
			for l, err := range c.Leads.Labels(ctx) {
				require.NoError(t, err)
				names = append(names, l.Name+":"+string(l.Color))
			}
			assert.Equal(t, []string{"Hot:red", "Cold:blue", "Warm:yellow"}, names)
		},
	},
	{
		Op: ops.V1AddLeadLabel, Path: "/v1/leadLabels", Fixture: "leads/label_create.json",
		Body: `{"name":"Hot","color":"red"}`,
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			l, err := c.Leads.CreateLabel(ctx, &leads.LabelParams{Name: "Hot", Color: leads.LabelRed})
			require.NoError(t, err)
			labelHot(t, l)
		},
	},
	{
		Op: ops.V1UpdateLeadLabel, Path: "/v1/leadLabels/" + hotLabel, Fixture: "leads/label_update.json",
		Body: `{"color":"red"}`,
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			l, err := c.Leads.UpdateLabel(ctx, hotLabel, &leads.LabelUpdateParams{Color: leads.LabelRed})
			require.NoError(t, err)
			labelHot(t, l)
		},
	},
	{
		Op: ops.V1DeleteLeadLabel, Path: "/v1/leadLabels/" + hotLabel, Fixture: "leads/label_delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Leads.DeleteLabel(ctx, hotLabel))
		},
	},
	{
		Op: ops.V1GetLeadSources, Path: "/v1/leadSources", Fixture: "leads/sources.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Leads.SourcesPage(ctx)
			require.NoError(t, err)
			require.Len(t, page.Items, 10)
			assert.Equal(t, leads.Source{Name: "Manually created"}, page.Items[0])
			assert.Equal(t, leads.Source{Name: "API"}, page.Items[9])
		},
	},
	{
		Op: ops.V2ConvertLeadToDeal, Path: "/api/v2/leads/" + leadID + "/convert/deal", Fixture: "leads/convert.json",
		Body: `{"stage_id":2,"pipeline_id":1}`,
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			conv, err := c.Leads.ConvertToDeal(ctx, leadID, &leads.ConvertParams{StageID: 2, PipelineID: 1})
			require.NoError(t, err)
			assert.Equal(t, "4b40248b-945a-4802-b996-60fdff8c5c69", conv.ConversionID)
		},
	},
	{
		Op: ops.V2GetLeadConversionStatus, Path: "/api/v2/leads/" + leadID + "/convert/status/4b40248b-945a-4802-b996-60fdff8c5c69",
		Fixture: "leads/convert_status.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			st, err := c.Leads.ConversionStatus(ctx, leadID, "4b40248b-945a-4802-b996-60fdff8c5c69")
			require.NoError(t, err)
			assert.Equal(t, leads.ConversionStatus{ConversionID: "4b40248b-945a-4802-b996-60fdff8c5c69",
				Status: leads.ConversionCompleted, DealID: 33}, *st)
		},
	},
}

func TestOperations(t *testing.T) {
	covered := resourcetest.Run(t, cases)
	t.Run("coverage", func(t *testing.T) {
		resourcetest.CheckCoverage(t, covered, skipped, "Leads", "LeadLabels", "LeadSources", "LeadFields")
	})
}

// skipped lists the operations of the lead tags that the service
// deliberately does not reach.
var skipped = map[string]string{
	"v1 GET /leads/search": "v2 twin",
}
