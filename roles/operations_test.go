package roles_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/roles"
)

func vis(v crm.VisibleTo) *crm.VisibleTo { return &v }

var cases = []resourcetest.Case{
	{
		Op:      ops.V1GetRoles,
		Path:    "/v1/roles",
		Query:   url.Values{"start": {"100"}, "limit": {"50"}},
		Fixture: "roles/list.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Roles.ListPage(ctx, &crm.OffsetParams{Start: 100, Limit: 50})
			require.NoError(t, err)
			assert.False(t, page.More)
			require.Len(t, page.Items, 3)
			assert.Equal(t, roles.Role{ID: 3, ParentRoleID: pipedrive.Ptr[int64](2), Name: "Reviewers", Active: true,
				AssignmentCount: 1, SubRoleCount: 0, Level: 2}, page.Items[2])
		},
	},
	{
		Op:      ops.V1AddRole,
		Path:    "/v1/roles",
		Body:    `{"name":"Admins","parent_role_id":1}`,
		Fixture: "roles/add.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			ref, err := c.Roles.Create(ctx, &roles.CreateParams{Name: "Admins", ParentRoleID: pipedrive.Ptr[int64](1)})
			require.NoError(t, err)
			assert.Equal(t, int64(2), ref.ID)
		},
	},
	{
		Op:      ops.V1GetRole,
		Path:    "/v1/roles/2",
		Fixture: "roles/get.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			r, err := c.Roles.Get(ctx, 2)
			require.NoError(t, err)
			assert.Equal(t, "Admins", r.Name)
			assert.Equal(t, 1, r.AssignmentCount, `"1" decodes`)
			assert.Equal(t, 1, r.SubRoleCount)
			require.NotNil(t, r.Settings, "settings come from additional_data")
			assert.Equal(t, vis(crm.VisibleToOwner), r.Settings.DealDefaultVisibility)
			assert.Nil(t, r.Settings.DealAccessLevel)
			v, ok := r.Settings.Visibility(roles.ProductDefaultVisibility)
			assert.True(t, ok)
			assert.Equal(t, crm.VisibleToOwner, v)
		},
	},
	{
		Op:      ops.V1UpdateRole,
		Path:    "/v1/roles/2",
		Body:    `{"name":"Admins EMEA"}`,
		Fixture: "roles/update.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			ref, err := c.Roles.Update(ctx, 2, &roles.UpdateParams{Name: "Admins EMEA"})
			require.NoError(t, err)
			assert.Equal(t, int64(2), ref.ID)
		},
	},
	{
		Op:      ops.V1DeleteRole,
		Path:    "/v1/roles/2",
		Fixture: "roles/delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Roles.Delete(ctx, 2))
		},
	},
	{
		Op:      ops.V1GetRoleAssignments,
		Path:    "/v1/roles/2/assignments",
		Query:   url.Values{"limit": {"10"}},
		Fixture: "roles/assignments.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			var got []roles.Assignment
			for a, err := range c.Roles.Assignments(ctx, 2, &crm.OffsetParams{Limit: 10}) {
				require.NoError(t, err)
				got = append(got, *a)
			}
			assert.Equal(t, []roles.Assignment{{UserID: 1234567, RoleID: 2, ParentRoleID: pipedrive.Ptr[int64](1),
				Name: "Admins", Active: true, Type: "1"}}, got)
		},
	},
	{
		Op:      ops.V1AddRoleAssignment,
		Path:    "/v1/roles/2/assignments",
		Body:    `{"user_id":1234567}`,
		Fixture: "roles/assignment_add.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			a, err := c.Roles.AddAssignment(ctx, 2, 1234567)
			require.NoError(t, err)
			assert.Equal(t, roles.Assignment{UserID: 1234567, RoleID: 2}, *a)
		},
	},
	{
		Op:      ops.V1DeleteRoleAssignment,
		Path:    "/v1/roles/2/assignments",
		Body:    `{"user_id":1234567}`,
		Fixture: "roles/assignment_delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Roles.DeleteAssignment(ctx, 2, 1234567))
		},
	},
	{
		Op:      ops.V1GetRoleSettings,
		Path:    "/v1/roles/2/settings",
		Fixture: "roles/settings.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			s, err := c.Roles.Settings(ctx, 2)
			require.NoError(t, err)
			one := vis(crm.VisibleToOwner)
			assert.Equal(t, roles.Settings{DealDefaultVisibility: one, LeadDefaultVisibility: one, OrgDefaultVisibility: one,
				PersonDefaultVisibility: one, ProductDefaultVisibility: one}, *s)
		},
	},
	{
		Op:      ops.V1AddOrUpdateRoleSetting,
		Path:    "/v1/roles/2/settings",
		Body:    `{"setting_key":"deal_default_visibility","value":1}`,
		Fixture: "roles/setting_update.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			ch, err := c.Roles.UpdateSetting(ctx, 2, &roles.SettingParams{SettingKey: roles.DealDefaultVisibility, Value: crm.VisibleToOwner})
			require.NoError(t, err)
			assert.Equal(t, int64(2), ch.RoleID)
			v, ok := ch.Visibility(roles.DealDefaultVisibility)
			assert.True(t, ok)
			assert.Equal(t, crm.VisibleToOwner, v)
			assert.Nil(t, ch.LeadDefaultVisibility)
		},
	},
	{
		Op:      ops.V1GetRolePipelines,
		Path:    "/v1/roles/2/pipelines",
		Query:   url.Values{"visible": {"false"}},
		Fixture: "roles/pipelines.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			p, err := c.Roles.Pipelines(ctx, 2, &roles.PipelinesParams{Visible: pipedrive.Ptr(false)})
			require.NoError(t, err)
			assert.Equal(t, roles.Pipelines{PipelineIDs: []int64{2}, Visible: true}, *p)
		},
	},
	{
		Op:      ops.V1UpdateRolePipelines,
		Path:    "/v1/roles/2/pipelines",
		Body:    `{"visible_pipeline_ids":{"add":[1],"remove":[3,4]}}`,
		Fixture: "roles/pipelines_update.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			p, err := c.Roles.UpdatePipelines(ctx, 2, &roles.PipelinesUpdateParams{Show: []int64{1}, Hide: []int64{3, 4}})
			require.NoError(t, err)
			assert.Equal(t, []int64{1, 2}, p.PipelineIDs)
		},
	},
}

func TestOperations(t *testing.T) {
	covered := resourcetest.Run(t, cases)
	t.Run("coverage", func(t *testing.T) {
		resourcetest.CheckCoverage(t, covered, nil, "Roles")
	})
}

func TestModelsKeepEveryField(t *testing.T) {
	var list []json.RawMessage
	require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, "roles/list.json"), &list))
	for _, item := range list {
		resourcetest.AssertNoFieldLost(t, item, new(roles.Role))
	}
	resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, "roles/get.json"), new(roles.Role))
	for _, name := range []string{"roles/add.json", "roles/update.json"} {
		resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, name), new(roles.RoleRef))
	}
	require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, "roles/assignments.json"), &list))
	for _, item := range list {
		resourcetest.AssertNoFieldLost(t, item, new(roles.Assignment))
	}
	resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, "roles/assignment_add.json"), new(roles.Assignment))
	resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, "roles/settings.json"), new(roles.Settings))
	resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, "roles/setting_update.json"), new(roles.SettingChange))
	resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, "roles/pipelines.json"), new(roles.Pipelines))
	resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, "roles/pipelines_update.json"), new(roles.Pipelines))
	// The settings of Get sit in additional_data.
	var env struct {
		AdditionalData struct {
			Settings json.RawMessage `json:"settings"`
		} `json:"additional_data"`
	}
	require.NoError(t, json.Unmarshal(resourcetest.Fixture(t, "roles/get.json"), &env))
	resourcetest.AssertNoFieldLost(t, env.AdditionalData.Settings, new(roles.Settings))
}

func TestInvalidParams(t *testing.T) {
	ctx := context.Background()
	c := resourcetest.NewClient(t, "http://127.0.0.1:1") // nothing may be sent
	bad := map[string]func() error{
		"create nil":     func() error { _, err := c.Roles.Create(ctx, nil); return err },
		"create no name": func() error { _, err := c.Roles.Create(ctx, &roles.CreateParams{}); return err },
		"get zero":       func() error { _, err := c.Roles.Get(ctx, 0); return err },
		"update nil":     func() error { _, err := c.Roles.Update(ctx, 2, nil); return err },
		"update zero":    func() error { _, err := c.Roles.Update(ctx, 0, &roles.UpdateParams{Name: "x"}); return err },
		"delete zero":    func() error { return c.Roles.Delete(ctx, 0) },
		"assign zero user": func() error {
			_, err := c.Roles.AddAssignment(ctx, 2, 0)
			return err
		},
		"assign zero role": func() error { _, err := c.Roles.AddAssignment(ctx, 0, 1); return err },
		"unassign zero":    func() error { return c.Roles.DeleteAssignment(ctx, 2, 0) },
		"setting nil":      func() error { _, err := c.Roles.UpdateSetting(ctx, 2, nil); return err },
		"setting no value": func() error {
			_, err := c.Roles.UpdateSetting(ctx, 2, &roles.SettingParams{SettingKey: roles.DealDefaultVisibility})
			return err
		},
		"pipelines nil":   func() error { _, err := c.Roles.UpdatePipelines(ctx, 2, nil); return err },
		"pipelines empty": func() error { _, err := c.Roles.UpdatePipelines(ctx, 2, &roles.PipelinesUpdateParams{}); return err },
		"pipelines zero id": func() error {
			_, err := c.Roles.UpdatePipelines(ctx, 2, &roles.PipelinesUpdateParams{Hide: []int64{0}})
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
