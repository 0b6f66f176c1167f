package permissionsets_test

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
	"github.com/pipedrive-go/pipedrive/permissionsets"
)

const regularID = "f07d229d-088a-4144-a40f-1fe64295d180"

var cases = []resourcetest.Case{
	{
		Op:      ops.V1GetPermissionSets,
		Path:    "/v1/permissionSets",
		Query:   url.Values{"app": {"sales"}},
		Fixture: "permissionsets/list.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			var got []*permissionsets.PermissionSet
			for ps, err := range c.PermissionSets.List(ctx, &permissionsets.ListParams{App: permissionsets.AppSales}) {
				require.NoError(t, err)
				got = append(got, ps)
			}
			require.Len(t, got, 5)
			assert.Equal(t, "Deals regular user", got[1].Name)
			assert.Equal(t, permissionsets.AppSales, got[1].App)
			assert.Equal(t, permissionsets.TypeRegular, got[1].Type)
			assert.Equal(t, 3, got[1].AssignmentCount)
			assert.Equal(t, permissionsets.AppAccountSettings, got[4].App)
		},
	},
	{
		Op:      ops.V1GetPermissionSet,
		Path:    "/v1/permissionSets/" + regularID,
		Fixture: "permissionsets/get.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			ps, err := c.PermissionSets.Get(ctx, regularID)
			require.NoError(t, err, "the spec's example is a list of one set")
			assert.Equal(t, regularID, ps.ID)
			assert.Equal(t, 3, ps.AssignmentCount)
			assert.Len(t, ps.Contents, 12)
			assert.Contains(t, ps.Contents, "can_use_api")
		},
	},
	{
		Op:      ops.V1GetPermissionSetAssignments,
		Path:    "/v1/permissionSets/" + regularID + "/assignments",
		Query:   url.Values{"start": {"40"}, "limit": {"20"}},
		Fixture: "permissionsets/assignments.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.PermissionSets.AssignmentsPage(ctx, regularID, &crm.OffsetParams{Start: 40, Limit: 20})
			require.NoError(t, err)
			assert.Equal(t, []permissionsets.Assignment{{UserID: 10, PermissionSetID: regularID, Name: "Deals regular user"}}, page.Items)
		},
	},
}

func TestOperations(t *testing.T) {
	covered := resourcetest.Run(t, cases)
	t.Run("coverage", func(t *testing.T) {
		resourcetest.CheckCoverage(t, covered, nil, "PermissionSets")
	})
}

func TestModelsKeepEveryField(t *testing.T) {
	var list []json.RawMessage
	for _, name := range []string{"permissionsets/list.json", "permissionsets/get.json"} {
		require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, name), &list))
		for _, item := range list {
			resourcetest.AssertNoFieldLost(t, item, new(permissionsets.PermissionSet))
		}
	}
	require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, "permissionsets/assignments.json"), &list))
	for _, item := range list {
		resourcetest.AssertNoFieldLost(t, item, new(permissionsets.Assignment))
	}
}

func TestDecodesObjectOrList(t *testing.T) {
	var ps permissionsets.PermissionSet
	require.NoError(t, json.Unmarshal([]byte(`{"id":"a","name":"A","assignment_count":"2"}`), &ps))
	assert.Equal(t, permissionsets.PermissionSet{ID: "a", Name: "A", AssignmentCount: 2}, ps)
	require.NoError(t, json.Unmarshal([]byte(`[{"id":"b"}]`), &ps))
	assert.Equal(t, "b", ps.ID)
	assert.Error(t, json.Unmarshal([]byte(`[{"id":"b"},{"id":"c"}]`), &ps))
	assert.Error(t, json.Unmarshal([]byte(`[]`), &ps))
}

func TestInvalidParams(t *testing.T) {
	ctx := context.Background()
	c := resourcetest.NewClient(t, "http://127.0.0.1:1")
	_, err := c.PermissionSets.Get(ctx, "")
	assert.True(t, errors.Is(err, core.ErrInvalidParams), "%v", err)
	_, err = c.PermissionSets.AssignmentsPage(ctx, "", nil)
	assert.True(t, errors.Is(err, core.ErrInvalidParams), "%v", err)
}
