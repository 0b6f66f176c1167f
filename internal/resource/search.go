package resource

import (
	"context"
	"errors"
	"iter"
	"net/url"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
)

// searchData is the data of a v2 search response: {"items": [...]}.
type searchData[T any] struct {
	Items []crm.SearchResult[T] `json:"items"`
}

// SearchPage fetches one page of a v2 search (whose data wraps the hits
// in an "items" object, unlike other lists).
func SearchPage[T any](ctx context.Context, c *core.Client, call *core.Call) (*crm.Page[crm.SearchResult[T]], error) {
	data, meta, err := core.FetchMeta[searchData[T]](ctx, c, call)
	if err != nil {
		return nil, err
	}
	return &crm.Page[crm.SearchResult[T]]{Items: data.Items, More: meta.More, NextCursor: meta.NextCursor}, nil
}

var errSearchNoProgress = errors.New("pipedrive: the server returned the same search cursor twice; stopping")

// Search iterates over every hit of a v2 search, fetching pages lazily.
// An error is yielded once, as the last pair.
func Search[T any](ctx context.Context, c *core.Client, call *core.Call) iter.Seq2[*crm.SearchResult[T], error] {
	return func(yield func(*crm.SearchResult[T], error) bool) {
		q, err := core.EncodeQuery(call.Query)
		if err != nil {
			yield(nil, err)
			return
		}
		next := *call
		vals := make(url.Values, len(q)+1)
		for k, v := range q {
			vals[k] = append([]string(nil), v...)
		}
		last := ""
		for {
			next.Query = vals
			page, err := SearchPage[T](ctx, c, &next)
			if err != nil {
				yield(nil, err)
				return
			}
			for i := range page.Items {
				if !yield(&page.Items[i], nil) {
					return
				}
			}
			if !page.More || page.NextCursor == "" {
				return
			}
			if page.NextCursor == last {
				yield(nil, errSearchNoProgress)
				return
			}
			last = page.NextCursor
			vals["cursor"] = []string{page.NextCursor}
		}
	}
}
