package pipelines_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/pipelines"
)

// Bad input is refused before anything is sent.
func TestRefusedBeforeSending(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request sent: %s %s", r.Method, r.URL)
	}))
	defer srv.Close()
	c := resourcetest.NewClient(t, srv.URL)
	ctx := context.Background()
	p := c.Pipelines
	period := &pipelines.StatisticsParams{StartDate: crm.NewDate(2025, time.January, 1), EndDate: crm.NewDate(2025, time.January, 31)}
	drain := func(seq func(func(*pipelines.Deal, error) bool)) error {
		var last error
		for _, err := range seq {
			last = err
		}
		return last
	}
	for name, err := range map[string]error{
		"create nil":          second(p.Create(ctx, nil)),
		"create no name":      second(p.Create(ctx, &pipelines.CreateParams{})),
		"get zero id":         second(p.Get(ctx, 0)),
		"update nil":          second(p.Update(ctx, 1, nil)),
		"update zero id":      second(p.Update(ctx, 0, &pipelines.UpdateParams{Name: "x"})),
		"delete zero id":      p.Delete(ctx, 0),
		"stage create nil":    second(p.CreateStage(ctx, nil)),
		"stage no pipeline":   second(p.CreateStage(ctx, &pipelines.StageParams{Name: "Won"})),
		"stage no name":       second(p.CreateStage(ctx, &pipelines.StageParams{PipelineID: 1})),
		"stage get zero":      second(p.Stage(ctx, -1)),
		"stage update nil":    second(p.UpdateStage(ctx, 1, nil)),
		"stage delete zero":   p.DeleteStage(ctx, 0),
		"conversion nil":      second(p.ConversionStatistics(ctx, 1, nil)),
		"conversion no dates": second(p.ConversionStatistics(ctx, 1, &pipelines.StatisticsParams{UserID: 1})),
		"movement no end":     second(p.MovementStatistics(ctx, 1, &pipelines.StatisticsParams{StartDate: period.StartDate})),
		"movement zero id":    second(p.MovementStatistics(ctx, 0, period)),
		"summary zero id":     second(p.DealsSummary(ctx, 0, nil)),
		"deals zero id":       drain(p.Deals(ctx, 0, nil)),
		"stage deals zero id": drain(p.StageDeals(ctx, 0, nil)),
	} {
		assert.ErrorIs(t, err, core.ErrInvalidParams, name)
	}
}

func second[T any](_ T, err error) error { return err }
