package itemsearch

import (
	"context"
	"iter"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// results is the data of an item search response.
type results struct {
	Items   []Result `json:"items"`
	Related []Result `json:"related_items"`
}

// Search iterates over the items matching params.Term, best first,
// fetching pages as the loop goes. With params.SearchForRelatedItems, each
// page's hits are followed by the items related to them (Result.Related
// set).
func (s *Service) Search(ctx context.Context, params *SearchParams) iter.Seq2[*Result, error] {
	return func(yield func(*Result, error) bool) {
		if params == nil {
			_, err := s.SearchPage(ctx, nil) // refused before sending
			yield(nil, err)
			return
		}
		p := *params // the caller's params stay as they are
		for {
			page, err := s.SearchPage(ctx, &p)
			if err != nil {
				yield(nil, err)
				return
			}
			for i := range page.Items {
				if !yield(&page.Items[i], nil) {
					return
				}
			}
			if !page.More {
				return
			}
			if page.NextCursor == p.Cursor {
				yield(nil, core.ErrNoProgress)
				return
			}
			p.Cursor = page.NextCursor
		}
	}
}

// SearchPage fetches one page of what Search iterates over: the hits,
// then the related items (Related set) when params asks for them. Pass
// the page's NextCursor as params.Cursor to fetch the next.
func (s *Service) SearchPage(ctx context.Context, params *SearchParams) (*crm.Page[Result], error) {
	data, meta, err := core.FetchMeta[results](ctx, s.c(), &core.Call{Op: ops.V2SearchItem, Query: params})
	if err != nil {
		return nil, err
	}
	items := make([]Result, 0, len(data.Items)+len(data.Related))
	items = append(items, data.Items...)
	for _, r := range data.Related {
		r.Related = true
		items = append(items, r)
	}
	return &crm.Page[Result]{Items: items, More: meta.More, NextCursor: meta.NextCursor}, nil
}

// SearchByField iterates over the items whose field params.Field matches
// params.Term, fetching pages as the loop goes. Each FieldMatch holds the
// item's id and the field's value (FieldMatch.Text).
func (s *Service) SearchByField(ctx context.Context, params *FieldSearchParams) iter.Seq2[*FieldMatch, error] {
	return func(yield func(*FieldMatch, error) bool) {
		for m, err := range core.List[FieldMatch](ctx, s.c(), fieldCall(params)) {
			if m != nil && params != nil {
				m.Use(params.Field)
			}
			if !yield(m, err) {
				return
			}
		}
	}
}

// SearchByFieldPage fetches one page of what SearchByField iterates over;
// pass the page's NextCursor as params.Cursor to fetch the next.
func (s *Service) SearchByFieldPage(ctx context.Context, params *FieldSearchParams) (*crm.Page[FieldMatch], error) {
	page, err := core.ListPage[FieldMatch](ctx, s.c(), fieldCall(params))
	if err != nil {
		return nil, err
	}
	for i := range page.Items {
		page.Items[i].Use(params.Field)
	}
	return page, nil
}

func fieldCall(params *FieldSearchParams) *core.Call {
	return &core.Call{Op: ops.V2SearchItemByField, Query: params}
}
