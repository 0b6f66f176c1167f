package core

import (
	"context"
	"errors"
	"iter"
	"net/url"
	"reflect"
	"strconv"

	"github.com/pipedrive-go/pipedrive/crm"
)

// Fetch sends call and decodes its data into a new T. It is for calls
// that must yield a value: a successful response without one (an empty
// body, an envelope without data, or null data) is a *DecodeError
// matching ErrNoData, never a zero T. For a slice or map T, null data is
// the empty value (v1 answers an empty list with null).
func Fetch[T any](ctx context.Context, c *Client, call *Call) (*T, error) {
	v, _, err := FetchMeta[T](ctx, c, call)
	return v, err
}

// FetchMeta is Fetch that also returns the response's Meta.
func FetchMeta[T any](ctx context.Context, c *Client, call *Call) (*T, *Meta, error) {
	v := new(T)
	cc := *call
	cc.need, cc.fresh = needObject, true
	if k := reflect.TypeFor[T]().Kind(); k == reflect.Slice || k == reflect.Map {
		cc.need = needList
	}
	meta, err := c.Do(ctx, &cc, v)
	if err != nil {
		return nil, nil, err
	}
	return v, meta, nil
}

// Exec sends call and discards its data, which may be absent or null
// (deletes and actions).
func Exec(ctx context.Context, c *Client, call *Call) error {
	_, err := c.Do(ctx, call, nil)
	return err
}

// ListPage fetches one page of a list operation. The call's Query carries
// the caller's cursor or start.
func ListPage[T any](ctx context.Context, c *Client, call *Call) (*crm.Page[T], error) {
	q, err := EncodeQuery(call.Query)
	if err != nil {
		return nil, err
	}
	return listPage[T](ctx, c, call, q)
}

func listPage[T any](ctx context.Context, c *Client, call *Call, q url.Values) (*crm.Page[T], error) {
	var items []T
	var out any = &items
	wrapped := struct {
		Items *[]T `json:"items"`
	}{&items}
	if call.ItemsWrapped {
		out = &wrapped
	}
	meta, err := c.do(ctx, call, q, out)
	if err != nil {
		return nil, err
	}
	return &crm.Page[T]{Items: items, More: meta.More, NextCursor: meta.NextCursor, NextStart: meta.NextStart}, nil
}

// ErrNoProgress ends a list whose server keeps answering with the same
// continuation, which would otherwise loop forever.
var ErrNoProgress = errors.New("pipedrive: the server returned the same page continuation twice; stopping the list")

// List returns an iterator over every item of a list operation, in either
// pagination style (v2 cursor, v1 offset: whichever the response carries).
// Pages are fetched lazily: the first when iteration starts, the next when
// the previous page is used up. Breaking out of the loop fetches nothing
// more. An error is yielded once, as the last pair.
func List[T any](ctx context.Context, c *Client, call *Call) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		q, err := EncodeQuery(call.Query)
		if err != nil {
			yield(nil, err)
			return
		}
		// Work on a copy so the caller's url.Values is left alone.
		q = cloneValues(q)
		// lastCursor and start say which page is being fetched (v2 cursor,
		// v1 offset): a continuation that names it again would fetch the
		// same items again.
		lastCursor := q.Get("cursor")
		start, _ := strconv.Atoi(q.Get("start"))
		for {
			page, err := listPage[T](ctx, c, call, q)
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
			switch {
			case page.NextCursor != "":
				if page.NextCursor == lastCursor {
					yield(nil, ErrNoProgress)
					return
				}
				lastCursor = page.NextCursor
				q.Set("cursor", page.NextCursor)
			default:
				if page.NextStart <= start || len(page.Items) == 0 {
					yield(nil, ErrNoProgress)
					return
				}
				start = page.NextStart
				q.Set("start", strconv.Itoa(start))
			}
		}
	}
}

func cloneValues(q url.Values) url.Values {
	out := make(url.Values, len(q)+1)
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}
