package resource

import (
	"context"
	"iter"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
)

// SearchPage fetches one page of a v2 search (whose data wraps the hits
// in an "items" object, unlike other lists).
func SearchPage[T any](ctx context.Context, c *core.Client, call *core.Call) (*crm.Page[crm.SearchResult[T]], error) {
	wrapped := *call
	wrapped.ItemsWrapped = true
	return core.ListPage[crm.SearchResult[T]](ctx, c, &wrapped)
}

// Search iterates over every hit of a v2 search, fetching pages lazily.
// An error is yielded once, as the last pair.
func Search[T any](ctx context.Context, c *core.Client, call *core.Call) iter.Seq2[*crm.SearchResult[T], error] {
	wrapped := *call
	wrapped.ItemsWrapped = true
	return core.List[crm.SearchResult[T]](ctx, c, &wrapped)
}
