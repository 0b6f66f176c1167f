package pipelines_test

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
	"github.com/pipedrive-go/pipedrive/pipelines"
)

var (
	jan1  = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	jan1p = &jan1
)

// assertPipeline checks the decoding of the spec's pipeline example.
func assertPipeline(t *testing.T, p *pipelines.Pipeline) {
	t.Helper()
	assert.Equal(t, pipelines.Pipeline{
		ID: 1, Name: "Pipeline Name", OrderNr: 1, IsDealProbabilityEnabled: true,
		AddTime: jan1, UpdateTime: jan1p,
	}, *p)
}

// assertStage checks the decoding of the spec's stage example.
func assertStage(t *testing.T, s *pipelines.Stage) {
	t.Helper()
	assert.Equal(t, pipelines.Stage{
		ID: 1, PipelineID: 1, OrderNr: 1, Name: "Stage Name", DealProbability: 100,
		IsDealRotEnabled: true, DaysToRotten: pipedrive.Ptr(2), AddTime: jan1, UpdateTime: jan1p,
	}, *s)
}

// assertDealOne checks the decoding of the spec's v1 deal example.
func assertDealOne(t *testing.T, d *pipelines.Deal) {
	t.Helper()
	assert.Equal(t, int64(1), d.ID)
	assert.Equal(t, "Deal One", d.Title)
	assert.Equal(t, int64(456), d.OwnerID)
	assert.Equal(t, int64(123), d.CreatorUserID)
	assert.Equal(t, int64(1), d.PersonID)
	assert.Equal(t, int64(2), d.OrgID)
	assert.Equal(t, int64(2), d.StageID)
	assert.Equal(t, 5000.0, d.Value)
	assert.Equal(t, "EUR", d.Currency)
	assert.Equal(t, crm.VisibleToOwner, d.VisibleTo)
	assert.Equal(t, "11", d.Label)
	assert.Equal(t, crm.NewDate(2019, time.June, 29), d.ExpectedCloseDate)
	assert.Equal(t, time.Date(2019, 5, 29, 4, 21, 51, 0, time.UTC), d.AddTime)
	assert.Nil(t, d.CloseTime)
	assert.Equal(t, pipedrive.Ptr(int64(128)), d.NextActivityID)
	assert.Equal(t, "€5,000", d.FormattedValue)
}

var cases = []resourcetest.Case{
	{
		Op: ops.V2GetPipelines, Path: "/api/v2/pipelines",
		Query:   url.Values{"sort_by": {"update_time"}, "sort_direction": {"desc"}, "limit": {"2"}, "cursor": {"abc"}},
		Fixture: "pipelines/list.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Pipelines.ListPage(ctx, &pipelines.ListParams{
				SortBy: crm.SortByUpdateTime, SortDirection: crm.Descending, Limit: 2, Cursor: "abc",
			})
			require.NoError(t, err)
			require.Len(t, page.Items, 1)
			assertPipeline(t, &page.Items[0])
			assert.True(t, page.More)
			assert.Equal(t, "eyJmaWVsZCI6ImlkIiwiZmllbGRWYWx1ZSI6Nywic29ydERpcmVjdGlvbiI6ImFzYyIsImlkIjo3fQ", page.NextCursor)
		},
	},
	{
		Op: ops.V2GetPipeline, Path: "/api/v2/pipelines/1", Fixture: "pipelines/get.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			p, err := c.Pipelines.Get(ctx, 1)
			require.NoError(t, err)
			assertPipeline(t, p)
		},
	},
	{
		Op: ops.V2AddPipeline, Path: "/api/v2/pipelines", Fixture: "pipelines/create.json",
		Body: `{"name":"Pipeline Name","is_deal_probability_enabled":true}`,
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			p, err := c.Pipelines.Create(ctx, &pipelines.CreateParams{Name: "Pipeline Name", IsDealProbabilityEnabled: pipedrive.Ptr(true)})
			require.NoError(t, err)
			assertPipeline(t, p)
		},
	},
	{
		Op: ops.V2UpdatePipeline, Path: "/api/v2/pipelines/1", Fixture: "pipelines/update.json",
		Body: `{"is_deal_probability_enabled":false}`,
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			p, err := c.Pipelines.Update(ctx, 1, &pipelines.UpdateParams{IsDealProbabilityEnabled: pipedrive.Ptr(false)})
			require.NoError(t, err)
			assertPipeline(t, p)
		},
	},
	{
		Op: ops.V2DeletePipeline, Path: "/api/v2/pipelines/1", Fixture: "pipelines/delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Pipelines.Delete(ctx, 1))
		},
	},
	{
		Op: ops.V2GetStages, Path: "/api/v2/stages",
		Query: url.Values{"pipeline_id": {"1"}, "sort_by": {"order_nr"}, "sort_direction": {"asc"},
			"limit": {"50"}, "cursor": {"c1"}},
		Fixture: "pipelines/stages.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Pipelines.StagesPage(ctx, &pipelines.StageListParams{
				PipelineID: 1, SortBy: pipelines.SortByOrderNr, SortDirection: crm.Ascending, Limit: 50, Cursor: "c1",
			})
			require.NoError(t, err)
			require.Len(t, page.Items, 1)
			assertStage(t, &page.Items[0])
			assert.NotEmpty(t, page.NextCursor)
		},
	},
	{
		Op: ops.V2GetStage, Path: "/api/v2/stages/1", Fixture: "pipelines/stage.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			s, err := c.Pipelines.Stage(ctx, 1)
			require.NoError(t, err)
			assertStage(t, s)
		},
	},
	{
		Op: ops.V2AddStage, Path: "/api/v2/stages", Fixture: "pipelines/stage_create.json",
		Body: `{"name":"Stage Name","pipeline_id":1,"deal_probability":100,"is_deal_rot_enabled":true,"days_to_rotten":2}`,
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			s, err := c.Pipelines.CreateStage(ctx, &pipelines.StageParams{
				Name: "Stage Name", PipelineID: 1, DealProbability: pipedrive.Ptr(100),
				IsDealRotEnabled: pipedrive.Ptr(true), DaysToRotten: pipedrive.Ptr(2),
			})
			require.NoError(t, err)
			assertStage(t, s)
		},
	},
	{
		Op: ops.V2UpdateStage, Path: "/api/v2/stages/1", Fixture: "pipelines/stage_update.json",
		Body: `{"name":"Stage Name","pipeline_id":2,"deal_probability":0,"is_deal_rot_enabled":false}`,
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			s, err := c.Pipelines.UpdateStage(ctx, 1, &pipelines.StageUpdateParams{
				Name: "Stage Name", PipelineID: 2, DealProbability: pipedrive.Ptr(0), IsDealRotEnabled: pipedrive.Ptr(false),
			})
			require.NoError(t, err)
			assertStage(t, s)
		},
	},
	{
		Op: ops.V2DeleteStage, Path: "/api/v2/stages/1", Fixture: "pipelines/stage_delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Pipelines.DeleteStage(ctx, 1))
		},
	},
	{
		Op: ops.V1GetPipelineConversionStatistics, Path: "/v1/pipelines/1/conversion_statistics",
		Query:   url.Values{"start_date": {"2025-01-01"}, "end_date": {"2025-03-31"}, "user_id": {"7"}},
		Fixture: "pipelines/conversion_statistics.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			st, err := c.Pipelines.ConversionStatistics(ctx, 1, &pipelines.StatisticsParams{
				StartDate: crm.NewDate(2025, time.January, 1), EndDate: crm.NewDate(2025, time.March, 31), UserID: 7,
			})
			require.NoError(t, err)
			assert.Equal(t, pipelines.ConversionStatistics{
				StageConversions: []pipelines.StageConversion{{FromStageID: 1, ToStageID: 2}},
			}, *st)
		},
	},
	{
		Op: ops.V1GetPipelineMovementStatistics, Path: "/v1/pipelines/1/movement_statistics",
		Query:   url.Values{"start_date": {"2025-01-01"}, "end_date": {"2025-01-31"}},
		Fixture: "pipelines/movement_statistics.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			st, err := c.Pipelines.MovementStatistics(ctx, 1, &pipelines.StatisticsParams{
				StartDate: crm.NewDate(2025, time.January, 1), EndDate: crm.NewDate(2025, time.January, 31),
			})
			require.NoError(t, err)
			group := pipelines.DealMovements{Count: 1, DealIDs: []int64{1, 2},
				Values: map[string]float64{"USD": 10}, FormattedValues: map[string]string{"USD": "US$10"}}
			assert.Equal(t, pipelines.MovementStatistics{
				MovementsBetweenStages: crm.StageMovements{Count: 1},
				NewDeals:               group, DealsLeftOpen: group, WonDeals: group, LostDeals: group,
				AverageAgeInDays: crm.DealAges{AcrossAllStages: 2, ByStages: []crm.StageAge{{StageID: 10, Value: 15}}},
			}, *st)
		},
	},
	{
		Op: ops.V1GetPipelineDeals, Path: "/v1/pipelines/1/deals",
		Query: url.Values{"filter_id": {"9"}, "user_id": {"456"}, "everyone": {"1"}, "stage_id": {"2"},
			"start": {"100"}, "limit": {"50"}},
		Fixture: "pipelines/deals.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Pipelines.DealsPage(ctx, 1, &pipelines.DealsParams{
				FilterID: 9, UserID: 456, Everyone: true, StageID: 2, Start: 100, Limit: 50,
			})
			require.NoError(t, err)
			assert.False(t, page.More)
			require.Len(t, page.Items, 1)
			assertDealOne(t, &page.Items[0])
		},
	},
	{
		Op: ops.V1GetStageDeals, Path: "/v1/stages/2/deals",
		Query:   url.Values{"filter_id": {"9"}, "user_id": {"456"}, "everyone": {"1"}, "start": {"10"}, "limit": {"5"}},
		Fixture: "pipelines/stage_deals.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			var got []*pipelines.Deal
			for d, err := range c.Pipelines.StageDeals(ctx, 2, &pipelines.StageDealsParams{
				FilterID: 9, UserID: 456, Everyone: true, Start: 10, Limit: 5,
			}) {
				require.NoError(t, err)
				got = append(got, d)
			}
			require.Len(t, got, 1)
			assertDealOne(t, got[0])
		},
	},
	{
		// DealsSummary is the same operation as Deals, asking for the
		// summary only (testdata/pipelines/deals_summary.json is not a
		// spec example: the spec leaves deals_summary out).
		Op: ops.V1GetPipelineDeals, Path: "/v1/pipelines/1/deals",
		Query: url.Values{"get_summary": {"1"}, "limit": {"1"}, "user_id": {"456"}, "stage_id": {"2"},
			"totals_convert_currency": {"default_currency"}},
		Fixture: "pipelines/deals_summary.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			sum, err := c.Pipelines.DealsSummary(ctx, 1, &pipelines.DealsSummaryParams{
				UserID: 456, StageID: 2, TotalsConvertCurrency: "default_currency",
			})
			require.NoError(t, err)
			assert.Equal(t, 4, sum.TotalCount)
			assert.Equal(t, map[string]float64{"EUR": 5000, "USD": 500}, sum.PerCurrency)
			assert.Equal(t, crm.CurrencyCount{Count: 3, Value: 500}, sum.PerCurrencyFull["USD"])
			assert.Equal(t, crm.StageCurrencyTotal{Count: 1, Value: 5000, ValueFormatted: "€5,000",
				WeightedValue: 1000, WeightedValueFormatted: "€1,000"}, sum.PerStages[2]["EUR"])
			assert.Equal(t, crm.StageConvertedTotal{Count: 3, Value: 5750, Currency: "USD", ValueWeighted: 1190,
				ValueFormatted: "US$5,750", ValueWeightedFormatted: "US$1,190"}, sum.PerStagesConverted[2])
		},
	},
}

func TestOperations(t *testing.T) {
	covered := resourcetest.Run(t, cases)
	t.Run("coverage", func(t *testing.T) {
		resourcetest.CheckCoverage(t, covered, nil, "Pipelines", "Stages")
	})
}
