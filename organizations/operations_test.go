package organizations_test

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/organizations"
)

// cases holds one case per organization-specific operation; the shared
// ones (followers, history, fields) come from resourcetest.SharedCases.
var cases = []resourcetest.Case{
	{
		Op:   ops.V2GetOrganizations,
		Path: "/api/v2/organizations",
		Query: url.Values{
			"filter_id": {"9"}, "owner_id": {"7001"}, "sort_by": {"add_time"}, "sort_direction": {"asc"},
			"updated_until": {"2025-07-01T00:00:00Z"}, "include_fields": {"people_count"}, "limit": {"2"},
		},
		Fixture: "organizations/list.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Organizations.ListPage(ctx, &organizations.ListParams{
				FilterID: 9, OwnerID: 7001, SortBy: crm.SortByAddTime, SortDirection: crm.Ascending,
				UpdatedUntil:  time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC),
				IncludeFields: []organizations.IncludeField{organizations.IncludePeopleCount}, Limit: 2,
			})
			require.NoError(t, err)
			assert.True(t, page.More)
			assert.Equal(t, "eyJpZCI6NTAyfQ", page.NextCursor)
			require.Len(t, page.Items, 2)
			assert.Nil(t, page.Items[0].Address)
			o := page.Items[1]
			assert.Equal(t, "Jacquard Looms", o.Name)
			assert.Equal(t, &crm.Address{Value: "Lyon, France", Country: "France", Locality: "Lyon"}, o.Address)
			assert.Equal(t, []int64{21, 22}, o.LabelIDs)
			assert.Equal(t, pipedrive.Ptr("https://linkedin.example/looms"), o.LinkedIn)
			assert.Equal(t, pipedrive.Ptr(int64(9)), o.Industry)
			assert.Equal(t, pipedrive.Ptr(140), o.EmployeeCount)
			assert.Nil(t, o.UpdateTime)
		},
	},
	{
		Op:      ops.V2GetOrganization,
		Path:    "/api/v2/organizations/501",
		Query:   url.Values{"custom_fields": {"c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00"}, "include_option_labels": {"true"}},
		Fixture: "organizations/get.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			o, err := c.Organizations.GetWith(ctx, 501, &organizations.GetParams{
				CustomFields: []string{"c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00"}, IncludeOptionLabels: true,
			})
			require.NoError(t, err)
			assertEngines(t, o)
		},
	},
	{
		Op:   ops.V2AddOrganization,
		Path: "/api/v2/organizations",
		Body: `{"name":"Analytical Engines Ltd","owner_id":7001,"visible_to":3,"label_ids":[21],
			"address":{"value":"1 Dorset Street, London","country":"United Kingdom"},"website":"https://engines.example",
			"industry":4,"annual_revenue":2500000,"employee_count":12,
			"custom_fields":{"c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00":"Tier 1"}}`,
		Fixture: "organizations/get.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			cf := crm.CustomFields{}
			cf.SetText("c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00", "Tier 1")
			o, err := c.Organizations.Create(ctx, &organizations.CreateParams{
				Name: "Analytical Engines Ltd", OwnerID: pipedrive.Ptr[int64](7001), VisibleTo: crm.VisibleToCompany, LabelIDs: []int64{21},
				Address: &crm.AddressParams{Value: "1 Dorset Street, London", Country: "United Kingdom"},
				Website: "https://engines.example", Industry: pipedrive.Ptr[int64](4), AnnualRevenue: pipedrive.Ptr[int64](2500000), EmployeeCount: pipedrive.Ptr(12),
				CustomFields: cf,
			})
			require.NoError(t, err)
			assertEngines(t, o)
		},
	},
	{
		Op:      ops.V2UpdateOrganization,
		Path:    "/api/v2/organizations/501",
		Body:    `{"name":"Engines plc","label_ids":[],"website":"","employee_count":0,"visible_to":7}`,
		Fixture: "organizations/get.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			o, err := c.Organizations.Update(ctx, 501, &organizations.UpdateParams{
				Name: pipedrive.Ptr("Engines plc"), LabelIDs: []int64{}, Website: pipedrive.Ptr(""),
				EmployeeCount: pipedrive.Ptr(0), VisibleTo: crm.VisibleToOwnerGroupAndSubgroups,
			})
			require.NoError(t, err)
			assert.Equal(t, int64(501), o.ID)
		},
	},
	{
		Op:      ops.V2DeleteOrganization,
		Path:    "/api/v2/organizations/501",
		Fixture: "organizations/delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Organizations.Delete(ctx, 501))
		},
	},
	{
		Op:      ops.V2SearchOrganization,
		Path:    "/api/v2/organizations/search",
		Query:   url.Values{"term": {"engines"}, "fields": {"name,address"}, "cursor": {"s0"}},
		Fixture: "organizations/search.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Organizations.SearchPage(ctx, &organizations.SearchParams{
				Term: "engines", Fields: []organizations.SearchField{organizations.SearchName, organizations.SearchAddress}, Cursor: "s0",
			})
			require.NoError(t, err)
			assert.True(t, page.More)
			assert.Equal(t, "c2VhcmNoOjE=", page.NextCursor)
			require.Len(t, page.Items, 1)
			assert.Equal(t, 1.25, page.Items[0].Score)
			assert.Equal(t, organizations.SearchItem{
				ID: 501, Type: "organization", Name: "Analytical Engines Ltd", Address: "1 Dorset Street, London",
				VisibleTo: crm.VisibleToCompany, OwnerID: 7001, CustomFields: []string{"Tier 1"}, Notes: []string{},
			}, page.Items[0].Item)
		},
	},
	{
		Op:      ops.V1MergeOrganizations,
		Path:    "/v1/organizations/502/merge",
		Body:    `{"merge_with_id":501}`,
		Fixture: "organizations/merge.json",
		Then:    []resourcetest.Step{{Method: "GET", Path: "/api/v2/organizations/501", Fixture: "organizations/get.json"}},
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			o, err := c.Organizations.Merge(ctx, 502, 501)
			require.NoError(t, err)
			// v1 answers only the survivor's id; the organization is the
			// v2 get's.
			var want organizations.Organization
			require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, "organizations/get.json"), &want))
			assert.Equal(t, &want, o)
			assert.Equal(t, "Analytical Engines Ltd", o.Name)
		},
	},
}

var shared = resourcetest.Shared{
	V2Records: "/api/v2/organizations", V1Records: "/v1/organizations", V2Fields: "/api/v2/organizationFields", ID: 501,
	Followers: resourcetest.FollowerCaseOps{
		List: ops.V2GetOrganizationFollowers, Add: ops.V2AddOrganizationFollower,
		Changelog: ops.V2GetOrganizationFollowersChangelog, Delete: ops.V2DeleteOrganizationFollower,
	},
	History: resourcetest.HistoryCaseOps{
		Changelog: ops.V1GetOrganizationChangelog, Files: ops.V1GetOrganizationFiles, Flow: ops.V1GetOrganizationUpdates,
		MailMessages: ops.V1GetOrganizationMailMessages, PermittedUsers: ops.V1GetOrganizationUsers,
	},
	Fields: resourcetest.FieldCaseOps{
		List: ops.V2GetOrganizationFields, Add: ops.V2AddOrganizationField, Get: ops.V2GetOrganizationField,
		Update: ops.V2UpdateOrganizationField, Delete: ops.V2DeleteOrganizationField,
		AddOptions: ops.V2AddOrganizationFieldOptions, UpdateOptions: ops.V2UpdateOrganizationFieldOptions,
		DeleteOptions: ops.V2DeleteOrganizationFieldOptions,
	},
	FollowersOf: func(c *pipedrive.Client) resourcetest.FollowersAPI { return c.Organizations },
	HistoryOf:   func(c *pipedrive.Client) resourcetest.HistoryAPI { return c.Organizations },
	FieldsOf:    func(c *pipedrive.Client) resourcetest.FieldsAPI { return c.Organizations },
}

func TestOperations(t *testing.T) {
	all := append(append(cases, relationshipCases...), resourcetest.SharedCases(shared)...)
	covered := resourcetest.Run(t, all)
	t.Run("coverage", func(t *testing.T) {
		resourcetest.CheckCoverage(t, covered, skipped, "Organizations", "OrganizationFields", "OrganizationRelationships")
	})
}

// skipped lists the operations of the Organizations and OrganizationFields
// tags that the service deliberately does not reach, with the reason.
var skipped = map[string]string{
	"v1 GET /organizations/{id}/followers":                  "v1 twin of v2 getOrganizationFollowers",
	"v1 POST /organizations/{id}/followers":                 "v1 twin of v2 addOrganizationFollower",
	"v1 DELETE /organizations/{id}/followers/{follower_id}": "v1 twin of v2 deleteOrganizationFollower",
	"v1 GET /organizationFields":                            "v1 twin of v2 getOrganizationFields",
	"v1 POST /organizationFields":                           "v1 twin of v2 addOrganizationField",
	"v1 DELETE /organizationFields":                         "v1 bulk delete; v2 deletes one field at a time",
	"v1 GET /organizationFields/{id}":                       "v1 twin of v2 getOrganizationField",
	"v1 DELETE /organizationFields/{id}":                    "v1 twin of v2 deleteOrganizationField",
	"v1 PUT /organizationFields/{id}":                       "v1 twin of v2 updateOrganizationField",
}

// assertEngines checks the decoding of testdata/organizations/get.json.
func assertEngines(t *testing.T, o *organizations.Organization) {
	t.Helper()
	assert.Equal(t, int64(501), o.ID)
	assert.Equal(t, "Analytical Engines Ltd", o.Name)
	assert.Equal(t, int64(7001), o.OwnerID)
	assert.Equal(t, time.Date(2025, 2, 1, 8, 0, 0, 0, time.UTC), o.AddTime)
	assert.Equal(t, pipedrive.Ptr(time.Date(2025, 6, 1, 12, 30, 0, 0, time.UTC)), o.UpdateTime)
	assert.False(t, o.IsDeleted)
	assert.Equal(t, crm.VisibleToCompany, o.VisibleTo)
	assert.Equal(t, &crm.Address{
		Value: "1 Dorset Street, London W1U 4EG, UK", Country: "United Kingdom", AdminAreaLevel1: "England",
		AdminAreaLevel2: "Greater London", Locality: "London", Sublocality: "Marylebone", Route: "Dorset Street",
		StreetNumber: "1", PostalCode: "W1U 4EG",
	}, o.Address)
	assert.Equal(t, []int64{21}, o.LabelIDs)
	assert.Equal(t, pipedrive.Ptr("https://engines.example"), o.Website)
	assert.Nil(t, o.LinkedIn)
	assert.Equal(t, pipedrive.Ptr(int64(4)), o.Industry)
	assert.Equal(t, pipedrive.Ptr(int64(2500000)), o.AnnualRevenue)
	assert.Equal(t, pipedrive.Ptr(12), o.EmployeeCount)
	assert.Equal(t, pipedrive.Ptr(3), o.PeopleCount)
	assert.Equal(t, pipedrive.Ptr(2), o.OpenDealsCount)
	tier, ok := o.CustomFields.Text("c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00")
	assert.True(t, ok)
	assert.Equal(t, "Tier 1", tier)
	n, ok := o.CustomFields.Number("b16b00b5b16b00b5b16b00b5b16b00b5b16b00b5")
	assert.True(t, ok)
	assert.Equal(t, 8.0, n)
}

// Merging an organization into itself (or into no id) is refused before
// anything is sent.
func TestMergeBadIDs(t *testing.T) {
	c := resourcetest.NewClient(t, "http://127.0.0.1:1") // nothing may be sent
	for _, with := range []int64{0, -1, 502} {
		_, err := c.Organizations.Merge(context.Background(), 502, with)
		assert.ErrorIs(t, err, pipedrive.ErrInvalidParams, "merge 502 with %d", with)
		assert.NotContains(t, err.Error(), "127.0.0.1", "refused locally, not by a failed connection")
	}
}
