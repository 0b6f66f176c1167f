package goals_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/goals"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
)

const goalID = "5665cef556ddff22606fc8f6c0004807"

// assertExample checks the goal of the spec's examples.
func assertExample(t *testing.T, g *goals.Goal) {
	t.Helper()
	assert.Equal(t, goals.Goal{
		ID: goalID, OwnerID: 987654, Title: "Some example goal",
		Type:            goals.GoalType{Name: "Deals started", Params: goals.TypeParams{PipelineIDs: []int64{5, 2}, ActivityTypeIDs: []int64{9}}},
		Assignee:        goals.Assignee{ID: 123456, Type: goals.AssigneeCompany},
		Interval:        goals.Weekly,
		Duration:        goals.Duration{Start: crm.NewDate(2019, time.November, 1), End: crm.NewDate(2020, time.October, 30)},
		ExpectedOutcome: goals.Outcome{Target: 100, TrackingMetric: goals.ByQuantity},
		ReportIDs:       []string{"f37bd66a2ab64d28ff6a9b6d2289813a"},
	}, *g)
}

var cases = []resourcetest.Case{
	{
		Op:   ops.V1AddGoal,
		Path: "/v1/goals",
		Body: `{"title":"Some example goal","assignee":{"id":123456,"type":"company"},
			"type":{"name":"deals_started","params":{"pipeline_id":[5,2],"activity_type_id":null}},
			"expected_outcome":{"target":100,"tracking_metric":"quantity"},
			"duration":{"start":"2019-11-01","end":"2020-10-30"},"interval":"weekly"}`,
		Fixture: "goals/add.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			g, err := c.Goals.Create(ctx, &goals.CreateParams{
				Title:           "Some example goal",
				Assignee:        goals.Assignee{ID: 123456, Type: goals.AssigneeCompany},
				Type:            goals.GoalType{Name: goals.DealsStarted, Params: goals.TypeParams{PipelineIDs: []int64{5, 2}}},
				ExpectedOutcome: goals.Outcome{Target: 100, TrackingMetric: goals.ByQuantity},
				Duration:        goals.Duration{Start: crm.NewDate(2019, time.November, 1), End: crm.NewDate(2020, time.October, 30)},
				Interval:        goals.Weekly,
			})
			require.NoError(t, err)
			assertExample(t, g)
		},
	},
	{
		Op:   ops.V1GetGoals,
		Path: "/v1/goals/find",
		Query: url.Values{
			"type.name": {"deals_won"}, "title": {"Q3"}, "is_active": {"false"}, "assignee.id": {"7"},
			"assignee.type": {"person"}, "expected_outcome.target": {"50000"},
			"expected_outcome.tracking_metric": {"sum"}, "expected_outcome.currency_id": {"1"},
			"type.params.pipeline_id": {"1", "2"}, "type.params.stage_id": {"3"},
			"type.params.activity_type_id": {"9"}, "period.start": {"2026-07-01"}, "period.end": {"2026-09-30"},
		},
		Fixture: "goals/find.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Goals.ListPage(ctx, &goals.ListParams{
				TypeName: goals.DealsWon, Title: "Q3", IsActive: pipedrive.Ptr(false), AssigneeID: 7,
				AssigneeType: goals.AssigneePerson, Target: pipedrive.Ptr(50000.0), TrackingMetric: goals.BySum,
				CurrencyID: 1, PipelineIDs: []int64{1, 2}, StageID: 3, ActivityTypeIDs: []int64{9},
				PeriodStart: crm.NewDate(2026, time.July, 1), PeriodEnd: crm.NewDate(2026, time.September, 30),
			})
			require.NoError(t, err)
			assert.False(t, page.More)
			require.Len(t, page.Items, 1)
			assertExample(t, &page.Items[0])
		},
	},
	{
		Op:   ops.V1UpdateGoal,
		Path: "/v1/goals/" + goalID,
		Body: `{"title":"Some example goal","expected_outcome":{"target":100,"tracking_metric":"quantity"},
			"duration":{"start":"2019-11-01","end":null},"interval":"weekly"}`,
		Fixture: "goals/update.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			g, err := c.Goals.Update(ctx, goalID, &goals.UpdateParams{
				Title:           pipedrive.Ptr("Some example goal"),
				ExpectedOutcome: &goals.Outcome{Target: 100, TrackingMetric: goals.ByQuantity},
				Duration:        &goals.Duration{Start: crm.NewDate(2019, time.November, 1)},
				Interval:        goals.Weekly,
			})
			require.NoError(t, err)
			assertExample(t, g)
		},
	},
	{
		Op:      ops.V1DeleteGoal,
		Path:    "/v1/goals/" + goalID,
		Fixture: "goals/delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Goals.Delete(ctx, goalID))
		},
	},
	{
		Op:      ops.V1GetGoalResult,
		Path:    "/v1/goals/" + goalID + "/results",
		Query:   url.Values{"period.start": {"2019-11-01"}, "period.end": {"2019-11-30"}},
		Fixture: "goals/result.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			r, err := c.Goals.Results(ctx, goalID, &goals.ResultParams{
				PeriodStart: crm.NewDate(2019, time.November, 1), PeriodEnd: crm.NewDate(2019, time.November, 30),
			})
			require.NoError(t, err)
			assert.Equal(t, 3.0, r.Progress)
			assertExample(t, &r.Goal)
		},
	},
}

func TestOperations(t *testing.T) {
	covered := resourcetest.Run(t, cases)
	t.Run("coverage", func(t *testing.T) {
		resourcetest.CheckCoverage(t, covered, nil, "Goals")
	})
}

func TestModelsKeepEveryField(t *testing.T) {
	var one struct {
		Goal goals.Goal `json:"goal"`
	}
	resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, "goals/add.json"), &one)
	resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, "goals/update.json"), &one)
	var many struct {
		Goals []goals.Goal `json:"goals"`
	}
	resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, "goals/find.json"), &many)
	resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, "goals/result.json"), new(goals.Result))
}

func TestDecodesLooseForms(t *testing.T) {
	// The request's documented forms: ids and targets as strings.
	var g goals.Goal
	require.NoError(t, g.UnmarshalJSON([]byte(`{"id":"x","owner_id":"3","assignee":{"id":"1","type":"person"},
		"expected_outcome":{"target":"50","tracking_metric":"sum","currency_id":"2"},"is_active":1,
		"duration":{"start":"2026-01-01","end":null}}`)))
	assert.Equal(t, int64(3), g.OwnerID)
	assert.Equal(t, goals.Assignee{ID: 1, Type: goals.AssigneePerson}, g.Assignee)
	assert.Equal(t, goals.Outcome{Target: 50, TrackingMetric: goals.BySum, CurrencyID: pipedrive.Ptr[int64](2)}, g.ExpectedOutcome)
	assert.True(t, g.IsActive)
	assert.True(t, g.Duration.End.IsZero())
}

func TestInvalidParams(t *testing.T) {
	ctx := context.Background()
	c := resourcetest.NewClient(t, "http://127.0.0.1:1") // nothing may be sent
	full := goals.CreateParams{
		Assignee:        goals.Assignee{ID: 1, Type: goals.AssigneePerson},
		Type:            goals.GoalType{Name: goals.DealsWon},
		ExpectedOutcome: goals.Outcome{Target: 1, TrackingMetric: goals.ByQuantity},
		Duration:        goals.Duration{Start: crm.NewDate(2026, 1, 1)},
		Interval:        goals.Monthly,
	}
	without := func(f func(p *goals.CreateParams)) *goals.CreateParams { p := full; f(&p); return &p }
	day := crm.NewDate(2026, 1, 1)
	bad := map[string]func() error{
		"create nil": func() error { _, err := c.Goals.Create(ctx, nil); return err },
		"create no assignee": func() error {
			_, err := c.Goals.Create(ctx, without(func(p *goals.CreateParams) { p.Assignee = goals.Assignee{} }))
			return err
		},
		"create no type": func() error {
			_, err := c.Goals.Create(ctx, without(func(p *goals.CreateParams) { p.Type = goals.GoalType{} }))
			return err
		},
		"create no outcome": func() error {
			_, err := c.Goals.Create(ctx, without(func(p *goals.CreateParams) { p.ExpectedOutcome = goals.Outcome{} }))
			return err
		},
		"create no duration": func() error {
			_, err := c.Goals.Create(ctx, without(func(p *goals.CreateParams) { p.Duration = goals.Duration{} }))
			return err
		},
		"create no interval": func() error {
			_, err := c.Goals.Create(ctx, without(func(p *goals.CreateParams) { p.Interval = "" }))
			return err
		},
		"create no assignee type": func() error {
			_, err := c.Goals.Create(ctx, without(func(p *goals.CreateParams) { p.Assignee.Type = "" }))
			return err
		},
		"create no type name": func() error {
			_, err := c.Goals.Create(ctx, without(func(p *goals.CreateParams) { p.Type.Name = "" }))
			return err
		},
		"create no metric or start": func() error {
			_, err := c.Goals.Create(ctx, without(func(p *goals.CreateParams) {
				p.ExpectedOutcome.TrackingMetric, p.Duration.Start = "", crm.Date{}
			}))
			if err != nil && !strings.Contains(err.Error(), "expected_outcome.tracking_metric, duration.start are required") {
				return fmt.Errorf("message: %w", err)
			}
			return err
		},
		"update nil":   func() error { _, err := c.Goals.Update(ctx, goalID, nil); return err },
		"update no id": func() error { _, err := c.Goals.Update(ctx, "", &goals.UpdateParams{}); return err },
		"delete no id": func() error { return c.Goals.Delete(ctx, "") },
		"results nil":  func() error { _, err := c.Goals.Results(ctx, goalID, nil); return err },
		"results no end": func() error {
			_, err := c.Goals.Results(ctx, goalID, &goals.ResultParams{PeriodStart: day})
			return err
		},
		"list half period": func() error { _, err := c.Goals.ListPage(ctx, &goals.ListParams{PeriodEnd: day}); return err },
		"list iterator half period": func() error {
			for _, err := range c.Goals.List(ctx, &goals.ListParams{PeriodStart: day}) {
				return err
			}
			return nil
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
