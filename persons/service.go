package persons

import (
	"context"
	"errors"
	"iter"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resource"
)

var errNilParams = errors.New("pipedrive: persons: params must not be nil")

// Search returns an iterator over the persons matching params.Term, best
// matches first. Searches have their own, lower rate limit.
func (s *Service) Search(ctx context.Context, params *SearchParams) iter.Seq2[*crm.SearchResult[SearchItem], error] {
	call, err := searchCall(params)
	if err != nil {
		return func(yield func(*crm.SearchResult[SearchItem], error) bool) { yield(nil, err) }
	}
	return resource.Search[SearchItem](ctx, s.c, call)
}

// SearchPage returns one page of search results; pass its NextCursor as
// the next call's params.Cursor.
func (s *Service) SearchPage(ctx context.Context, params *SearchParams) (*crm.Page[crm.SearchResult[SearchItem]], error) {
	call, err := searchCall(params)
	if err != nil {
		return nil, err
	}
	return resource.SearchPage[SearchItem](ctx, s.c, call)
}

func searchCall(params *SearchParams) (*core.Call, error) {
	if params == nil || params.Term == "" {
		return nil, errors.New("pipedrive: persons: SearchParams.Term is required")
	}
	q := struct {
		*SearchParams
		Include string `url:"include_fields,omitempty"`
	}{SearchParams: params}
	if params.IncludePicture {
		q.Include = "person.picture"
	}
	return &core.Call{Op: ops.V2SearchPersons, Query: q}, nil
}
