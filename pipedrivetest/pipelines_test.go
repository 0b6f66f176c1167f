package pipedrivetest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/pipelines"
)

func fakeClient(t *testing.T, opts ...pipedrivetest.Option) (*pipedrivetest.Server, *pipedrive.Client) {
	t.Helper()
	srv := pipedrivetest.NewServer(t, append([]pipedrivetest.Option{pipedrivetest.WithRateLimit(1000, 0)}, opts...)...)
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	require.NoError(t, err)
	return srv, client
}

// The fake starts with the default pipeline and its five stages.
func TestFakeDefaultPipeline(t *testing.T) {
	ctx := context.Background()
	_, client := fakeClient(t)

	ps := collect(t, client.Pipelines.List(ctx, nil))
	require.Len(t, ps, 1)
	assert.Equal(t, pipedrivetest.DefaultPipelineID, ps[0].ID)
	assert.Equal(t, "Sales pipeline", ps[0].Name)
	assert.True(t, ps[0].IsDealProbabilityEnabled)

	stages := collect(t, client.Pipelines.Stages(ctx, &pipelines.StageListParams{PipelineID: 1, SortBy: pipelines.SortByOrderNr}))
	var names []string
	for i, st := range stages {
		names = append(names, st.Name)
		assert.Equal(t, int64(i+1), st.ID)
		assert.Equal(t, i+1, st.OrderNr)
	}
	assert.Equal(t, []string{"Qualified", "Contact Made", "Demo Scheduled", "Proposal Made", "Negotiations Started"}, names)

	// A deal created without a stage is in the first one.
	d, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "First"})
	require.NoError(t, err)
	assert.Equal(t, int64(1), d.PipelineID)
	assert.Equal(t, int64(1), d.StageID)
}

func TestFakePipelinesAndStagesCRUD(t *testing.T) {
	ctx := context.Background()
	_, client := fakeClient(t)
	p := client.Pipelines

	renewals, err := p.Create(ctx, &pipelines.CreateParams{Name: "Renewals"})
	require.NoError(t, err)
	assert.Equal(t, 2, renewals.OrderNr)
	assert.False(t, renewals.IsDealProbabilityEnabled)
	renewals, err = p.Update(ctx, renewals.ID, &pipelines.UpdateParams{IsDealProbabilityEnabled: pipedrive.Ptr(true)})
	require.NoError(t, err)
	assert.True(t, renewals.IsDealProbabilityEnabled)
	assert.Equal(t, "Renewals", renewals.Name)

	var ids []int64
	for _, name := range []string{"Due", "Quoted", "Signed"} {
		st, err := p.CreateStage(ctx, &pipelines.StageParams{Name: name, PipelineID: renewals.ID,
			IsDealRotEnabled: pipedrive.Ptr(true), DaysToRotten: pipedrive.Ptr(14)})
		require.NoError(t, err)
		assert.Equal(t, len(ids)+1, st.OrderNr)
		assert.Equal(t, 100, st.DealProbability)
		ids = append(ids, st.ID)
	}
	st, err := p.UpdateStage(ctx, ids[1], &pipelines.StageUpdateParams{DealProbability: pipedrive.Ptr(50), Name: "Quote sent"})
	require.NoError(t, err)
	assert.Equal(t, "Quote sent", st.Name)
	assert.Equal(t, 50, st.DealProbability)
	assert.Equal(t, pipedrive.Ptr(14), st.DaysToRotten)
	got, err := p.Stage(ctx, ids[1])
	require.NoError(t, err)
	assert.Equal(t, *st, *got)

	// Paging and sorting.
	page, err := p.StagesPage(ctx, &pipelines.StageListParams{PipelineID: renewals.ID, SortDirection: crm.Descending, Limit: 2})
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	assert.Equal(t, ids[2], page.Items[0].ID)
	require.NotEmpty(t, page.NextCursor)
	page, err = p.StagesPage(ctx, &pipelines.StageListParams{PipelineID: renewals.ID, SortDirection: crm.Descending, Limit: 2, Cursor: page.NextCursor})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, ids[0], page.Items[0].ID)
	assert.Len(t, collect(t, p.Stages(ctx, nil)), 8, "every pipeline's stages")

	// Refusals the API makes.
	_, err = p.CreateStage(ctx, &pipelines.StageParams{Name: "Lost", PipelineID: 99})
	assertStatus(t, err, 400)
	_, err = p.Get(ctx, 99)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)

	require.NoError(t, p.DeleteStage(ctx, ids[0]))
	_, err = p.Stage(ctx, ids[0])
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)
	require.NoError(t, p.Delete(ctx, renewals.ID))
	_, err = p.Get(ctx, renewals.ID)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)
	assert.Len(t, collect(t, p.Stages(ctx, &pipelines.StageListParams{PipelineID: renewals.ID})), 0, "stages go with their pipeline")
	assert.Len(t, collect(t, p.List(ctx, &pipelines.ListParams{SortBy: crm.SortByAddTime})), 1)
}

func assertStatus(t *testing.T, err error, status int) {
	t.Helper()
	var apiErr *pipedrive.Error
	if assert.True(t, errors.As(err, &apiErr), "error %v", err) {
		assert.Equal(t, status, apiErr.StatusCode)
	}
}

func TestFakePipelineDealsAndStatistics(t *testing.T) {
	ctx := context.Background()
	clock := &stepClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	srv, client := fakeClient(t, pipedrivetest.WithClock(clock))
	mk := func(title string, stage int64, value float64, cur string) *deals.Deal {
		d, err := client.Deals.Create(ctx, &deals.CreateParams{Title: title, StageID: &stage, Value: &value, Currency: cur,
			CustomFieldsByName: crm.FieldValues{"Budget": crm.Money(value, cur)}})
		require.NoError(t, err)
		return d
	}
	a := mk("A", 1, 1000, "EUR")
	b := mk("B", 2, 500, "USD")
	c := mk("C", 4, 2000, "EUR")
	_ = mk("D", 4, 100, "EUR")
	_, err := client.Deals.Update(ctx, c.ID, &deals.UpdateParams{Status: deals.StatusWon})
	require.NoError(t, err)
	// Another owner's deal is listed only for everyone.
	other, err := srv.Seed(pipedrivetest.Deal, map[string]any{"title": "Other", "owner_id": 2, "stage_id": 1})
	require.NoError(t, err)

	p := client.Pipelines
	open := collect(t, p.Deals(ctx, 1, nil))
	var titles []string
	for _, d := range open {
		titles = append(titles, d.Title)
	}
	assert.Equal(t, []string{"A", "B", "D"}, titles, "the user's open deals")
	assert.Equal(t, int64(pipedrivetest.DefaultUserID), open[0].OwnerID)
	assert.Equal(t, "€1,000", open[0].FormattedValue)
	assert.InDelta(t, 100, open[0].WeightedValue, 1e-9, "stage probability 10%")
	assert.Equal(t, crm.VisibleToCompany, open[0].VisibleTo)
	budget, err := client.Deals.CustomFields(ctx)
	require.NoError(t, err)
	// v1 sends the amount under the field's code (and the currency as
	// "<code>_currency", which deals.V1Deal leaves out).
	m, err := budget.Read(open[0].CustomFields).Money("Budget")
	require.NoError(t, err)
	assert.Equal(t, 1000.0, m.Value)

	all := collect(t, p.Deals(ctx, 1, &pipelines.DealsParams{Everyone: true}))
	assert.Len(t, all, 4)
	assert.Equal(t, other, all[3].ID)
	page, err := p.DealsPage(ctx, 1, &pipelines.DealsParams{Everyone: true, Limit: 3})
	require.NoError(t, err)
	assert.True(t, page.More)
	assert.Equal(t, 3, page.NextStart)
	inStage := collect(t, p.StageDeals(ctx, 2, nil))
	require.Len(t, inStage, 1)
	assert.Equal(t, b.ID, inStage[0].ID)
	assert.Len(t, collect(t, p.Deals(ctx, 1, &pipelines.DealsParams{StageID: 1, UserID: 2})), 1)

	sum, err := p.DealsSummary(ctx, 1, &pipelines.DealsSummaryParams{TotalsConvertCurrency: "EUR"})
	require.NoError(t, err)
	assert.Equal(t, 3, sum.TotalCount)
	assert.Equal(t, map[string]float64{"EUR": 1100, "USD": 500}, sum.PerCurrency)
	assert.Equal(t, crm.CurrencyCount{Count: 2, Value: 1100}, sum.PerCurrencyFull["EUR"])
	assert.Equal(t, "US$500", sum.PerStages[2]["USD"].ValueFormatted)
	assert.InDelta(t, 60, sum.PerStages[4]["EUR"].WeightedValue, 1e-9)
	assert.Len(t, sum.PerStagesConverted, 5, "every stage of the pipeline")
	assert.Equal(t, 0, sum.PerStagesConverted[3].Count)
	assert.Equal(t, "EUR", sum.PerStagesConverted[1].Currency)

	period := &pipelines.StatisticsParams{StartDate: crm.NewDate(2026, time.March, 1), EndDate: crm.NewDate(2026, time.March, 31)}
	conv, err := p.ConversionStatistics(ctx, 1, period)
	require.NoError(t, err)
	require.Len(t, conv.StageConversions, 4)
	// Reached: stage 1: 4 deals, 2: 3 (B, C, D), 3: 2, 4: 2, 5: 0.
	assert.Equal(t, pipelines.StageConversion{FromStageID: 1, ToStageID: 2, ConversionRate: 75}, conv.StageConversions[0])
	assert.Equal(t, 67.0, conv.StageConversions[1].ConversionRate)
	assert.Equal(t, 100.0, conv.StageConversions[2].ConversionRate)
	assert.Equal(t, 0.0, conv.StageConversions[3].ConversionRate)
	assert.Equal(t, 25.0, conv.WonConversion)
	assert.Equal(t, 0.0, conv.LostConversion)

	clock.advance(72 * time.Hour)
	mv, err := p.MovementStatistics(ctx, 1, period)
	require.NoError(t, err)
	assert.Equal(t, 4, mv.NewDeals.Count)
	assert.Equal(t, map[string]float64{"EUR": 3100, "USD": 500}, mv.NewDeals.Values)
	assert.Equal(t, []int64{c.ID}, mv.WonDeals.DealIDs)
	assert.Equal(t, "€2,000", mv.WonDeals.FormattedValues["EUR"])
	assert.Equal(t, 3, mv.DealsLeftOpen.Count)
	assert.Equal(t, 0, mv.LostDeals.Count)
	assert.Equal(t, 3.0, mv.AverageAgeInDays.AcrossAllStages)
	assert.Len(t, mv.AverageAgeInDays.ByStages, 3)

	empty, err := p.MovementStatistics(ctx, 1, &pipelines.StatisticsParams{StartDate: crm.NewDate(2025, 1, 1), EndDate: crm.NewDate(2025, 1, 31), UserID: 5})
	require.NoError(t, err)
	assert.Equal(t, 0, empty.NewDeals.Count)
	_, err = p.ConversionStatistics(ctx, 1, &pipelines.StatisticsParams{StartDate: period.EndDate, EndDate: period.StartDate})
	assertStatus(t, err, 400)
	_, err = p.DealsPage(ctx, a.PipelineID, &pipelines.DealsParams{FilterID: 3})
	assertStatus(t, err, 400)
}
