package pipelines

import (
	"context"
	"encoding/json"

	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/sdkerr"
)

// summaryQuery is the deals list query that asks for the summary only:
// get_summary=1, and a one-deal page (the summary covers every deal
// params selects, not the page).
type summaryQuery struct {
	DealsSummaryParams
	GetSummary int `url:"get_summary"`
	Limit      int `url:"limit"`
}

// DealsSummary totals the deals of pipeline id that params (which may be
// nil) selects: per stage and currency, per currency, and, with
// params.TotalsConvertCurrency, per stage in that currency. It reads the
// summary the v1 deals list adds to its additional data when asked
// (get_summary), asking for a one-deal page. A response without the
// summary (which Pipedrive's spec leaves out of its schema and example)
// is an error, not zero totals: no summary says nothing about the deals.
func (s *Service) DealsSummary(ctx context.Context, id int64, params *DealsSummaryParams) (*DealsSummary, error) {
	q := summaryQuery{GetSummary: 1, Limit: 1}
	if params != nil {
		q.DealsSummaryParams = *params
	}
	call := &core.Call{Op: ops.V1GetPipelineDeals, PathArgs: []any{id}, Query: &q}
	_, meta, err := core.FetchMeta[json.RawMessage](ctx, s.c(), call)
	if err != nil {
		return nil, err
	}
	var extra struct {
		Summary *DealsSummary `json:"deals_summary"`
	}
	if len(meta.AdditionalData) > 0 {
		if err := json.Unmarshal(meta.AdditionalData, &extra); err != nil {
			return nil, sdkerr.Errorf("pipedrive: GET /v1/pipelines/%d/deals: decoding deals_summary: %w", id, err)
		}
	}
	if extra.Summary == nil {
		return nil, sdkerr.Errorf("pipedrive: GET /v1/pipelines/%d/deals: the response carries no deals_summary", id)
	}
	return extra.Summary, nil
}
