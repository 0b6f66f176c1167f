package filters_test

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
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/filters"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
)

// titleIs is the tree of the spec's create and update examples.
var titleIs = filters.And(filters.Cond(filters.ObjectDeal, 123141, filters.OpEqual, filters.Text("my title")))

const titleIsJSON = `{"glue":"and","conditions":[
	{"glue":"and","conditions":[{"object":"deal","field_id":"123141","operator":"=","value":"my title","extra_value":null}]},
	{"glue":"or","conditions":[]}]}`

var cases = []resourcetest.Case{
	{
		Op:      ops.V1GetFilters,
		Path:    "/v1/filters",
		Query:   url.Values{"type": {"deals"}},
		Fixture: "filters/list.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Filters.ListPage(ctx, &filters.ListParams{Type: filters.TypeDeals})
			require.NoError(t, err)
			require.Len(t, page.Items, 1)
			f := page.Items[0]
			assert.Equal(t, int64(1), f.ID)
			assert.Equal(t, "All open deals", f.Name)
			assert.Equal(t, filters.TypeDeals, f.Type)
			assert.Nil(t, f.FilterCode)
			assert.True(t, f.IsEditable)
			assert.True(t, f.Active)
			assert.Nil(t, f.Temporary)
			assert.Equal(t, int64(927097), f.UserID)
			assert.Equal(t, crm.VisibleToOwnerGroupAndSubgroups, f.VisibleTo, `visible_to "7"`)
			assert.Equal(t, time.Date(2019, 10, 15, 11, 1, 53, 0, time.UTC), f.AddTime)
			assert.Nil(t, f.LastUsedTime)
			assert.Nil(t, f.CustomViewID)
			assert.Nil(t, f.Conditions, "the list has no conditions")
		},
	},
	{
		Op:      ops.V1GetFilter,
		Path:    "/v1/filters/1",
		Query:   url.Values{"include_field_code": {"true"}},
		Fixture: "filters/get.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			f, err := c.Filters.GetWith(ctx, 1, &filters.GetParams{IncludeFieldCode: true})
			require.NoError(t, err)
			require.NotNil(t, f.Conditions)
			assert.NoError(t, f.Conditions.Validate())
			want := filters.NotEmpty(filters.ObjectDeal, 123)
			want.FieldCode = "status"
			assert.Equal(t, []filters.Condition{want}, f.Conditions.All())
			assert.Empty(t, f.Conditions.Any())
		},
	},
	{
		Op:      ops.V1GetFilter,
		Path:    "/v1/filters/1",
		Fixture: "filters/get.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			f, err := c.Filters.Get(ctx, 1)
			require.NoError(t, err)
			assert.Equal(t, 1, f.Conditions.Len())
		},
	},
	{
		Op:      ops.V1AddFilter,
		Path:    "/v1/filters",
		Query:   url.Values{"include_field_code": {"true"}},
		Body:    `{"name":"Deal title is 'my title'","type":"deals","conditions":` + titleIsJSON + `}`,
		Fixture: "filters/add.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			f, err := c.Filters.Create(ctx, &filters.CreateParams{
				Name: "Deal title is 'my title'", Type: filters.TypeDeals, Conditions: titleIs, IncludeFieldCode: true,
			})
			require.NoError(t, err)
			assert.Equal(t, int64(1), f.ID)
			assert.Equal(t, pipedrive.Ptr(false), f.Temporary)
			assert.Equal(t, crm.VisibleToOwner, f.VisibleTo)
			all := f.Conditions.All()
			require.Len(t, all, 1)
			assert.Equal(t, "title", all[0].FieldCode)
			all[0].FieldCode = ""
			assert.Equal(t, titleIs, f.Conditions, "read back, the tree is the one built (but for the field code)")
		},
	},
	{
		Op:      ops.V1UpdateFilter,
		Path:    "/v1/filters/1",
		Body:    `{"name":"Deal title is 'my title'","conditions":` + titleIsJSON + `}`,
		Fixture: "filters/update.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			f, err := c.Filters.Update(ctx, 1, &filters.UpdateParams{Name: "Deal title is 'my title'", Conditions: titleIs})
			require.NoError(t, err)
			assert.Equal(t, "Deal title is 'my title'", f.Name)
			assert.Equal(t, pipedrive.Ptr(time.Date(2018, 1, 27, 8, 49, 26, 0, time.UTC)), f.UpdateTime)
		},
	},
	{
		Op:      ops.V1GetFilterHelpers,
		Path:    "/v1/filters/helpers",
		Fixture: "filters/helpers.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			h, err := c.Filters.Helpers(ctx)
			require.NoError(t, err)
			assert.Equal(t, "is", h.Operators["int"][filters.OpEqual])
			assert.True(t, h.Supports("varchar", filters.OpContains))
			assert.True(t, h.Supports("set", filters.OpSetContains))
			assert.False(t, h.Supports("title", filters.OpIsNull))
			assert.Equal(t, []filters.Op{filters.OpNotEqual, filters.OpEqual, filters.OpIsNotNull, filters.OpIsNull},
				h.OperatorsFor("enum"), "the enum operators come as a list of one-member objects")
			assert.Equal(t, []filters.Op{filters.OpNotEqual, filters.OpEqual, filters.OpHasBeen}, h.OperatorsFor("stage"))
			assert.Equal(t, "ends with", h.DeprecatedOperators[filters.OpEndsWith])
			assert.True(t, h.RelativeDate("this_month"))
			assert.True(t, h.RelativeDate("rotten_time"))
			assert.False(t, h.RelativeDate("someday"))
			assert.Equal(t, "City/town/village/locality", h.AddressComponents["locality"])
			assert.Nil(t, h.OperatorsFor("no such kind"))
		},
	},
	{
		Op:      ops.V1DeleteFilter,
		Path:    "/v1/filters/1",
		Fixture: "filters/delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Filters.Delete(ctx, 1))
		},
	},
	{
		Op:      ops.V1DeleteFilters,
		Path:    "/v1/filters",
		Query:   url.Values{"ids": {"1,2,3"}},
		Fixture: "filters/delete_many.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Filters.DeleteMany(ctx, 1, 2, 3))
		},
	},
}

func TestOperations(t *testing.T) {
	covered := resourcetest.Run(t, cases)
	t.Run("coverage", func(t *testing.T) {
		resourcetest.CheckCoverage(t, covered, nil, "Filters")
	})
}

func TestModelsKeepEveryField(t *testing.T) {
	for _, name := range []string{"filters/get.json", "filters/add.json", "filters/update.json"} {
		resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, name), new(filters.Filter))
	}
	var list []json.RawMessage
	require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, "filters/list.json"), &list))
	for _, item := range list {
		resourcetest.AssertNoFieldLost(t, item, new(filters.Filter))
	}
	resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, "filters/helpers.json"), new(filters.Helpers))
}

func TestInvalidParams(t *testing.T) {
	ctx := context.Background()
	c := resourcetest.NewClient(t, "http://127.0.0.1:1") // nothing may be sent
	good := filters.And(filters.Cond(filters.ObjectDeal, 1, filters.OpEqual, filters.Text("x")))
	sixteen := make([]filters.Condition, 17)
	for i := range sixteen {
		sixteen[i] = filters.Cond(filters.ObjectDeal, int64(i+1), filters.OpEqual, filters.Number(float64(i)))
	}
	bad := map[string]func() error{
		"create nil": func() error { _, err := c.Filters.Create(ctx, nil); return err },
		"create no name": func() error {
			_, err := c.Filters.Create(ctx, &filters.CreateParams{Type: filters.TypeDeals, Conditions: good})
			return err
		},
		"create no type": func() error {
			_, err := c.Filters.Create(ctx, &filters.CreateParams{Name: "x", Conditions: good})
			return err
		},
		"create no conditions": func() error {
			_, err := c.Filters.Create(ctx, &filters.CreateParams{Name: "x", Type: filters.TypeDeals})
			return err
		},
		"create too many": func() error {
			_, err := c.Filters.Create(ctx, &filters.CreateParams{Name: "x", Type: filters.TypeDeals, Conditions: filters.And(sixteen...)})
			return err
		},
		"create value on IS NULL": func() error {
			_, err := c.Filters.Create(ctx, &filters.CreateParams{Name: "x", Type: filters.TypeDeals,
				Conditions: filters.And(filters.Cond(filters.ObjectDeal, 1, filters.OpIsNull, filters.Text("x")))})
			return err
		},
		"create no value": func() error {
			_, err := c.Filters.Create(ctx, &filters.CreateParams{Name: "x", Type: filters.TypeDeals,
				Conditions: filters.And(filters.Cond(filters.ObjectDeal, 1, filters.OpGreater, filters.Value{}))})
			return err
		},
		"create three groups": func() error {
			cond := *good
			cond.Groups = append(cond.Groups, filters.Group{Glue: filters.GlueOr})
			_, err := c.Filters.Create(ctx, &filters.CreateParams{Name: "x", Type: filters.TypeDeals, Conditions: &cond})
			return err
		},
		"update zero id": func() error { _, err := c.Filters.Update(ctx, 0, &filters.UpdateParams{Conditions: good}); return err },
		"update nil":     func() error { _, err := c.Filters.Update(ctx, 1, nil); return err },
		"update no conditions": func() error {
			_, err := c.Filters.Update(ctx, 1, &filters.UpdateParams{Name: "x"})
			return err
		},
		"update or first": func() error {
			cond := filters.Conditions{Glue: filters.GlueAnd, Groups: []filters.Group{{Glue: filters.GlueOr}, {Glue: filters.GlueAnd}}}
			_, err := c.Filters.Update(ctx, 1, &filters.UpdateParams{Conditions: &cond})
			return err
		},
		"get zero id":      func() error { _, err := c.Filters.Get(ctx, 0); return err },
		"delete zero id":   func() error { return c.Filters.Delete(ctx, 0) },
		"delete many none": func() error { return c.Filters.DeleteMany(ctx) },
		"delete many zero": func() error { return c.Filters.DeleteMany(ctx, 1, 0) },
	}
	for name, f := range bad {
		t.Run(name, func(t *testing.T) {
			err := f()
			require.Error(t, err)
			assert.True(t, errors.Is(err, core.ErrInvalidParams), "%v", err)
		})
	}
}
