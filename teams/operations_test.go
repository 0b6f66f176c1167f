package teams_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/teams"
)

// closers is the team of the spec's single-team examples.
var closers = teams.Team{
	ID: 1, Name: "Closers", Description: "Berlin office Sales Team", ManagerID: 4, UserIDs: []int64{2, 3, 5},
	Active: true, AddTime: time.Date(2019, 10, 7, 9, 6, 9, 0, time.UTC), CreatedByUserID: 2,
}

var cases = []resourcetest.Case{
	{
		Op:      ops.V1GetTeams,
		Path:    "/v1/legacyTeams",
		Query:   url.Values{"order_by": {"name"}, "skip_users": {"1"}},
		Fixture: "teams/list.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Teams.ListPage(ctx, &teams.ListParams{OrderBy: teams.OrderByName, SkipUsers: true})
			require.NoError(t, err)
			require.Len(t, page.Items, 2)
			assert.Equal(t, "Coffee", page.Items[1].Name)
			assert.False(t, page.Items[1].Active, "active_flag 0")
			assert.Equal(t, []int64{5, 8}, page.Items[1].UserIDs)
		},
	},
	{
		Op:      ops.V1AddTeam,
		Path:    "/v1/legacyTeams",
		Body:    `{"name":"Closers","description":"Berlin office Sales Team","manager_id":4,"users":[2,3,5]}`,
		Fixture: "teams/add.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			team, err := c.Teams.Create(ctx, &teams.CreateParams{Name: "Closers", Description: "Berlin office Sales Team", ManagerID: 4, UserIDs: []int64{2, 3, 5}})
			require.NoError(t, err)
			assert.Equal(t, closers, *team)
		},
	},
	{
		Op:      ops.V1GetTeam,
		Path:    "/v1/legacyTeams/1",
		Fixture: "teams/get.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			team, err := c.Teams.Get(ctx, 1)
			require.NoError(t, err)
			assert.Equal(t, closers, *team)
		},
	},
	{
		Op:      ops.V1GetTeam,
		Path:    "/v1/legacyTeams/1",
		Query:   url.Values{"skip_users": {"1"}},
		Fixture: "teams/get.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			_, err := c.Teams.GetWith(ctx, 1, &teams.GetParams{SkipUsers: true})
			require.NoError(t, err)
		},
	},
	{
		Op:      ops.V1UpdateTeam,
		Path:    "/v1/legacyTeams/1",
		Body:    `{"name":"Closers","manager_id":4,"active_flag":1,"deleted_flag":0}`,
		Fixture: "teams/update.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			team, err := c.Teams.Update(ctx, 1, &teams.UpdateParams{Name: pipedrive.Ptr("Closers"), ManagerID: pipedrive.Ptr[int64](4),
				Active: pipedrive.Ptr(true), Deleted: pipedrive.Ptr(false)})
			require.NoError(t, err)
			assert.Equal(t, closers, *team)
		},
	},
	{
		Op:      ops.V1GetTeamUsers,
		Path:    "/v1/legacyTeams/1/users",
		Fixture: "teams/users.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			ids, err := c.Teams.Users(ctx, 1)
			require.NoError(t, err)
			assert.Equal(t, []int64{2, 3, 4, 5}, ids)
		},
	},
	{
		Op:      ops.V1AddTeamUser,
		Path:    "/v1/legacyTeams/1/users",
		Body:    `{"users":[4,5]}`,
		Fixture: "teams/users_add.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			ids, err := c.Teams.AddUsers(ctx, 1, 4, 5)
			require.NoError(t, err)
			assert.Equal(t, []int64{2, 3, 4, 5}, ids)
		},
	},
	{
		Op:      ops.V1DeleteTeamUser,
		Path:    "/v1/legacyTeams/1/users",
		Body:    `{"users":[6]}`,
		Fixture: "teams/users_delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Teams.DeleteUsers(ctx, 1, 6))
		},
	},
	{
		Op:      ops.V1GetUserTeams,
		Path:    "/v1/legacyTeams/user/5",
		Query:   url.Values{"order_by": {"manager_id"}},
		Fixture: "teams/user_teams.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			var names []string
			for team, err := range c.Teams.ListByUser(ctx, 5, &teams.ListParams{OrderBy: teams.OrderByManagerID}) {
				require.NoError(t, err)
				names = append(names, team.Name)
			}
			assert.Equal(t, []string{"Closers", "Coffee"}, names)
		},
	},
}

func TestOperations(t *testing.T) {
	covered := resourcetest.Run(t, cases)
	t.Run("coverage", func(t *testing.T) {
		resourcetest.CheckCoverage(t, covered, nil, "LegacyTeams")
	})
}

func TestModelsKeepEveryField(t *testing.T) {
	for _, name := range []string{"teams/add.json", "teams/get.json", "teams/update.json"} {
		resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, name), new(teams.Team))
	}
	for _, name := range []string{"teams/list.json", "teams/user_teams.json"} {
		var list []json.RawMessage
		require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, name), &list))
		for _, item := range list {
			resourcetest.AssertNoFieldLost(t, item, new(teams.Team))
		}
	}
}

func TestInvalidParams(t *testing.T) {
	ctx := context.Background()
	c := resourcetest.NewClient(t, "http://127.0.0.1:1") // nothing may be sent
	bad := map[string]func() error{
		"create nil":        func() error { _, err := c.Teams.Create(ctx, nil); return err },
		"create no manager": func() error { _, err := c.Teams.Create(ctx, &teams.CreateParams{Name: "x"}); return err },
		"create no name":    func() error { _, err := c.Teams.Create(ctx, &teams.CreateParams{ManagerID: 1}); return err },
		"update nil":        func() error { _, err := c.Teams.Update(ctx, 1, nil); return err },
		"update zero":       func() error { _, err := c.Teams.Update(ctx, 0, &teams.UpdateParams{}); return err },
		"users zero":        func() error { _, err := c.Teams.Users(ctx, 0); return err },
		"add none":          func() error { _, err := c.Teams.AddUsers(ctx, 1); return err },
		"add zero user":     func() error { _, err := c.Teams.AddUsers(ctx, 1, 2, 0); return err },
		"add zero team":     func() error { _, err := c.Teams.AddUsers(ctx, 0, 2); return err },
		"delete none":       func() error { return c.Teams.DeleteUsers(ctx, 1) },
		"delete zero user":  func() error { return c.Teams.DeleteUsers(ctx, 1, -3) },
		"by user zero": func() error {
			_, err := c.Teams.ListByUserPage(ctx, 0, nil)
			return err
		},
	}
	for name, f := range bad {
		t.Run(name, func(t *testing.T) {
			err := f()
			require.Error(t, err)
			assert.True(t, errors.Is(err, core.ErrInvalidParams), "%v", err)
		})
	}
}
