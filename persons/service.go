package persons

import (
	"context"
	"iter"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resource"
)

// Search returns an iterator over the persons matching params.Term, best
// matches first. Searches have their own, lower rate limit.
func (s *Service) Search(ctx context.Context, params *SearchParams) iter.Seq2[*crm.SearchResult[SearchItem], error] {
	return resource.Search[SearchItem](ctx, s.c(), searchCall(params))
}

// SearchPage returns one page of search results; pass its NextCursor as
// the next call's params.Cursor.
func (s *Service) SearchPage(ctx context.Context, params *SearchParams) (*crm.Page[crm.SearchResult[SearchItem]], error) {
	return resource.SearchPage[SearchItem](ctx, s.c(), searchCall(params))
}

// searchQuery is SearchParams on the wire. Term is checked by the core
// (a required field; nil params lack it too).
type searchQuery struct {
	*SearchParams
	Include string `url:"include_fields,omitempty"`
}

func searchCall(params *SearchParams) *core.Call {
	q := searchQuery{SearchParams: params}
	if params != nil && params.IncludePicture {
		q.Include = "person.picture"
	}
	return &core.Call{Op: ops.V2SearchPersons, Query: q}
}
