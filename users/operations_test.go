package users_test

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
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/users"
)

// cases holds one case per operation the users service reaches.
var cases = []resourcetest.Case{
	{
		Op:      ops.V1GetCurrentUser,
		Path:    "/v1/users/me",
		Fixture: "users/me.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			me, err := c.Users.Me(ctx)
			require.NoError(t, err)
			assert.Equal(t, int64(1), me.ID)
			assert.Equal(t, "Me", me.Name)
			assert.Equal(t, "me@pipedrive.com", me.Email)
			assert.Equal(t, "0000-0000", me.Phone)
			assert.Equal(t, "EUR", me.DefaultCurrency)
			assert.Equal(t, "et_EE", me.Locale)
			assert.Equal(t, 1, me.Lang)
			assert.True(t, me.Activated)
			assert.True(t, me.Active)
			assert.True(t, me.IsYou)
			assert.True(t, me.HasCreatedCompany)
			assert.Equal(t, pipedrive.Ptr(time.Date(2019, 11, 21, 8, 45, 56, 0, time.UTC)), me.LastLogin)
			assert.Equal(t, time.Date(2018, 11, 13, 9, 16, 26, 0, time.UTC), me.Created)
			require.Len(t, me.Access, 3)
			assert.Equal(t, users.Access{App: users.AppAccountSettings, Admin: true, PermissionSetID: "982c5ce5-b8ba-4b47-b102-9da024f4b990"}, me.Access[2])
			assert.Equal(t, "Europe/Berlin", me.TimezoneName)
			assert.Equal(t, "+03:00", me.TimezoneOffset)
			assert.Equal(t, int64(1), me.RoleID)
			assert.Equal(t, int64(54235233), me.CompanyID)
			assert.Equal(t, "Pipedrive", me.CompanyName)
			assert.Equal(t, "pipedrive-12g53f", me.CompanyDomain)
			assert.Equal(t, "EE", me.CompanyCountry)
			assert.Equal(t, "IT Services", me.CompanyIndustry)
			assert.Equal(t, &users.Language{LanguageCode: "en", CountryCode: "US"}, me.Language)
		},
	},
	{
		Op:      ops.V1GetUsers,
		Path:    "/v1/users",
		Fixture: "users/list.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			var names []string
			for u, err := range c.Users.List(ctx) {
				require.NoError(t, err)
				names = append(names, u.Name)
				if u.ID == 2 {
					assert.Empty(t, u.IconURL, "icon_url null")
					assert.False(t, u.IsYou)
					assert.False(t, u.Access[0].Admin)
				}
			}
			assert.Equal(t, []string{"John Doe", "Jane Doe"}, names)
		},
	},
	{
		Op:      ops.V1FindUsersByName,
		Path:    "/v1/users/find",
		Query:   url.Values{"term": {"john@pipedrive.com"}, "search_by_email": {"1"}},
		Fixture: "users/find.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Users.FindPage(ctx, &users.FindParams{Term: "john@pipedrive.com", SearchByEmail: true})
			require.NoError(t, err)
			assert.False(t, page.More)
			require.Len(t, page.Items, 2)
			assert.Equal(t, "john@pipedrive.com", page.Items[0].Email)
		},
	},
	{
		Op:      ops.V1GetUser,
		Path:    "/v1/users/2",
		Fixture: "users/get.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			u, err := c.Users.Get(ctx, 2)
			require.NoError(t, err)
			assertJane(t, u)
		},
	},
	{
		Op:   ops.V1AddUser,
		Path: "/v1/users",
		Body: `{"email":"jane@pipedrive.com","access":[{"app":"sales","permission_set_id":"f07d229d-088a-4144-a40f-1fe64295d180"},
			{"app":"global","admin":true},{"app":"account_settings"}],"active_flag":false}`,
		Fixture: "users/create.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			u, err := c.Users.Create(ctx, &users.CreateParams{
				Email: "jane@pipedrive.com",
				Access: []users.AccessParams{
					{App: users.AppSales, PermissionSetID: "f07d229d-088a-4144-a40f-1fe64295d180"},
					{App: users.AppGlobal, Admin: pipedrive.Ptr(true)},
					{App: users.AppAccountSettings},
				},
				Active: pipedrive.Ptr(false),
			})
			require.NoError(t, err)
			assertJane(t, u)
		},
	},
	{
		Op:      ops.V1UpdateUser,
		Path:    "/v1/users/2",
		Body:    `{"active_flag":false}`,
		Fixture: "users/update.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			u, err := c.Users.Update(ctx, 2, &users.UpdateParams{Active: pipedrive.Ptr(false)})
			require.NoError(t, err)
			assertJane(t, u)
		},
	},
	{
		Op:      ops.V2GetUserFollowers,
		Path:    "/api/v2/users/2/followers",
		Query:   url.Values{"limit": {"1"}, "cursor": {"c1"}},
		Fixture: "users/followers.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Users.FollowersPage(ctx, 2, &crm.PageParams{Limit: 1, Cursor: "c1"})
			require.NoError(t, err)
			assert.True(t, page.More)
			assert.Equal(t, "eyJmaWVsZCI6ImlkIiwiZmllbGRWYWx1ZSI6Nywic29ydERpcmVjdGlvbiI6ImFzYyIsImlkIjo3fQ", page.NextCursor)
			assert.Equal(t, []crm.Follower{{UserID: 1, AddTime: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)}}, page.Items)
		},
	},
	{
		Op:      ops.V1GetUserPermissions,
		Path:    "/v1/users/2/permissions",
		Fixture: "users/permissions.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			p, err := c.Users.Permissions(ctx, 2)
			require.NoError(t, err)
			assert.Equal(t, users.Permissions{
				CanAddCustomFields: true, CanBulkEditItems: true, CanChangeVisibilityOfItems: true, CanCreateOwnWorkflow: true,
			}, *p)
		},
	},
	{
		Op:      ops.V1GetUserRoleAssignments,
		Path:    "/v1/users/2/roleAssignments",
		Query:   url.Values{"limit": {"100"}},
		Fixture: "users/role_assignments.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Users.RoleAssignmentsPage(ctx, 2, &crm.OffsetParams{Limit: 100})
			require.NoError(t, err)
			assert.False(t, page.More)
			assert.Equal(t, []users.RoleAssignment{{
				UserID: 1234567, RoleID: 2, ParentRoleID: pipedrive.Ptr[int64](1), Name: "Admins", Active: true, Type: "1",
			}}, page.Items)
		},
	},
	{
		Op:      ops.V1GetUserRoleSettings,
		Path:    "/v1/users/2/roleSettings",
		Fixture: "users/role_settings.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			s, err := c.Users.RoleSettings(ctx, 2)
			require.NoError(t, err)
			assert.Equal(t, users.RoleSettings{
				DealDefaultVisibility: crm.VisibleToOwner, LeadDefaultVisibility: crm.VisibleToOwner,
				OrgDefaultVisibility: crm.VisibleToOwner, PersonDefaultVisibility: crm.VisibleToOwner,
				ProductDefaultVisibility: crm.VisibleToOwner,
			}, *s)
		},
	},
	{
		Op:      ops.V1GetUserConnections,
		Path:    "/v1/userConnections",
		Fixture: "users/connections.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			conn, err := c.Users.Connections(ctx)
			require.NoError(t, err)
			assert.Equal(t, "awesomeid-123-4567890", conn.Google)
		},
	},
	{
		Op:      ops.V1GetUserSettings,
		Path:    "/v1/userSettings",
		Fixture: "users/settings.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			s, err := c.Users.Settings(ctx)
			require.NoError(t, err)
			assert.Equal(t, users.Settings{
				ListLimit: 100, BetaApp: true, FileUploadDestination: "s3", CalltoLinkSyntax: "callto:[number]",
				PersonDuplicateCondition: "name && (org_id || email || phone)",
			}, *s)
		},
	},
}

func TestOperations(t *testing.T) {
	covered := resourcetest.Run(t, cases)
	t.Run("coverage", func(t *testing.T) {
		resourcetest.CheckCoverage(t, covered, skipped, "Users", "UserConnections", "UserSettings")
	})
}

// skipped lists the operations of the users tags the service deliberately
// does not reach, with the reason.
var skipped = map[string]string{
	"v1 GET /users/{id}/followers": "v2 twin",
}

// assertJane checks the decoding of the users/get.json user.
func assertJane(t *testing.T, u *users.User) {
	t.Helper()
	assert.Equal(t, &users.User{
		ID: 2, Name: "Jane Doe", Email: "jane@pipedrive.com", Phone: "0000-0002", DefaultCurrency: "EUR",
		Locale: "et_EE", Lang: 1, Activated: true, Active: true,
		Access: []users.Access{
			{App: users.AppSales, PermissionSetID: "f07d229d-088a-4144-a40f-1fe64295d180"},
			{App: users.AppGlobal, Admin: true, PermissionSetID: "233b7976-39bd-43a9-b305-ef3a2b0998e5"},
		},
		TimezoneName: "Europe/Berlin", TimezoneOffset: "+03:00", RoleID: 1,
		LastLogin: pipedrive.Ptr(time.Date(2019, 9, 11, 11, 43, 54, 0, time.UTC)),
		Created:   time.Date(2019, 1, 22, 10, 43, 47, 0, time.UTC),
		Modified:  pipedrive.Ptr(time.Date(2019, 11, 21, 9, 49, 50, 0, time.UTC)),
	}, u)
}

// Every model decodes its spec example with no member lost.
func TestModelsKeepEveryMember(t *testing.T) {
	for _, name := range []string{"me", "get", "create", "update"} {
		resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, "users/"+name+".json"), new(users.User))
	}
	for _, name := range []string{"list", "find"} {
		var items []json.RawMessage
		require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, "users/"+name+".json"), &items))
		for _, it := range items {
			resourcetest.AssertNoFieldLost(t, it, new(users.User))
		}
	}
	var ras []json.RawMessage
	require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, "users/role_assignments.json"), &ras))
	for _, it := range ras {
		resourcetest.AssertNoFieldLost(t, it, new(users.RoleAssignment))
	}
	resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, "users/permissions.json"), new(users.Permissions))
	resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, "users/role_settings.json"), new(users.RoleSettings))
	resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, "users/connections.json"), new(users.Connections))
	resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, "users/settings.json"), new(users.Settings))
}

// Bad input is refused before anything is sent.
func TestInvalidParams(t *testing.T) {
	c := resourcetest.NewClient(t, "http://127.0.0.1:1") // nothing may be sent
	ctx := context.Background()
	check := func(name string, err error) {
		t.Helper()
		assert.ErrorIs(t, err, core.ErrInvalidParams, name)
	}
	_, err := c.Users.Get(ctx, 0)
	check("Get(0)", err)
	_, err = c.Users.Create(ctx, nil)
	check("Create(nil)", err)
	_, err = c.Users.Create(ctx, &users.CreateParams{})
	check("Create without email", err)
	_, err = c.Users.Update(ctx, 2, &users.UpdateParams{})
	check("Update without active flag", err)
	_, err = c.Users.Update(ctx, 0, &users.UpdateParams{Active: pipedrive.Ptr(true)})
	check("Update(0)", err)
	_, err = c.Users.FindPage(ctx, nil)
	check("FindPage(nil)", err)
	_, err = c.Users.FindPage(ctx, &users.FindParams{})
	check("FindPage without term", err)
	for _, err := range c.Users.Find(ctx, &users.FindParams{}) {
		check("Find without term", err)
	}
	_, err = c.Users.Permissions(ctx, -1)
	check("Permissions(-1)", err)
	_, err = c.Users.RoleSettings(ctx, 0)
	check("RoleSettings(0)", err)
	_, err = c.Users.FollowersPage(ctx, 0, nil)
	check("FollowersPage(0)", err)
}

func TestUserDecodeEdgeCases(t *testing.T) {
	// A webhook-style user: ids as strings, flags as 0/1, RFC 3339 times,
	// a user who never logged in.
	var u users.User
	require.NoError(t, json.Unmarshal([]byte(`{"id":"12","name":"Ann","email":"ann@example.com","phone":null,"activated":1,
		"active_flag":"1","is_admin":1,"is_you":0,"is_deleted":false,"role_id":"3","last_login":null,
		"created":"2026-10-01T08:00:00Z","modified":"2026-10-02 09:00:00","icon_url":null,
		"access":[{"app":"sales","admin":1}],"unknown_member":{"x":1}}`), &u))
	assert.Equal(t, int64(12), u.ID)
	assert.True(t, u.Activated)
	assert.True(t, u.Active)
	assert.True(t, u.IsAdmin)
	assert.False(t, u.IsYou)
	assert.Equal(t, int64(3), u.RoleID)
	assert.Nil(t, u.LastLogin)
	assert.Equal(t, time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC), u.Created)
	assert.Equal(t, pipedrive.Ptr(time.Date(2026, 10, 2, 9, 0, 0, 0, time.UTC)), u.Modified)
	assert.Equal(t, []users.Access{{App: users.AppSales, Admin: true}}, u.Access)

	var conn users.Connections
	require.NoError(t, json.Unmarshal([]byte(`{"google":false}`), &conn))
	assert.Empty(t, conn.Google)

	var perms users.Permissions
	require.NoError(t, json.Unmarshal([]byte(`{"can_use_api":1,"can_use_import":"0","can_merge_deals":true,"can_fly":true}`), &perms))
	assert.Equal(t, users.Permissions{CanUseAPI: true, CanMergeDeals: true}, perms)
	assert.Error(t, json.Unmarshal([]byte(`{"can_use_api":{"x":1}}`), &perms))

	var s users.Settings
	require.NoError(t, json.Unmarshal([]byte(`{"list_limit":"50","beta_app":1,"show_duplicates":true,"timezone":"Europe/Tallinn"}`), &s))
	assert.Equal(t, 50, s.ListLimit)
	assert.True(t, s.BetaApp)
	var tz string
	ok, err := s.Setting("timezone", &tz)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "Europe/Tallinn", tz)
	var limit int
	ok, err = s.Setting("list_limit", &limit)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, 50, limit)
	ok, err = s.Setting("nope", &tz)
	assert.False(t, ok)
	assert.NoError(t, err)
	b, err := json.Marshal(s)
	require.NoError(t, err)
	assert.JSONEq(t, `{"marketplace_team":false,"list_limit":50,"beta_app":true,"prevent_salesphone_callto_override":false,
		"autofill_deal_expected_close_date":false,"show_duplicates":true,"timezone":"Europe/Tallinn"}`, string(b))
}
