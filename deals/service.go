package deals

import (
	"context"
	"iter"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resource"
)

func searchCall(params *SearchParams) *core.Call {
	q := searchQuery{SearchParams: params}
	if params != nil && params.IncludeCCEmail {
		q.Include = "deal.cc_email"
	}
	return &core.Call{Op: ops.V2SearchDeals, Query: q}
}

// Search iterates over the deals matching params.Term, best match first.
// Searches spend Pipedrive's separate search budget.
func (s *Service) Search(ctx context.Context, params *SearchParams) iter.Seq2[*crm.SearchResult[SearchItem], error] {
	return resource.Search[SearchItem](ctx, s.c(), searchCall(params))
}

// SearchPage fetches one page of search results.
func (s *Service) SearchPage(ctx context.Context, params *SearchParams) (*crm.Page[crm.SearchResult[SearchItem]], error) {
	return resource.SearchPage[SearchItem](ctx, s.c(), searchCall(params))
}
