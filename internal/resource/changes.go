package resource

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// ChangeOps describe how one resource is synced by update time: the list
// read, how it is sorted and filtered, and how to read a record's id,
// update time and deletion.
type ChangeOps[T any] struct {
	// Noun names the resource in its checkpoints ("deals").
	Noun string
	// List is the list operation read.
	List ops.Op
	// Query holds the list's fixed parameters: its sort (by update time,
	// oldest first, for a list that takes updated_since: ByUpdateTimeV2, or
	// v1's sort; by id for one read whole: ByIDV2), and any filter (the
	// deal statuses that include deleted deals).
	Query url.Values
	// Since reports that List takes updated_since (inclusive, to the
	// second). Without it every run reads the whole list and keeps what
	// the checkpoint does not cover.
	Since bool
	// Key returns a record's id and update time.
	Key func(*T) (id string, updated *time.Time)
	// Deleted reports a deleted record; nil when the list reports none.
	Deleted func(*T) bool
}

// ByUpdateTimeV2 is the sort of a v2 list by update time, oldest first,
// for lists that take updated_since.
func ByUpdateTimeV2() url.Values {
	return url.Values{"sort_by": {"update_time"}, "sort_direction": {"asc"}}
}

// ByIDV2 is the sort of a v2 list by id, for lists read whole (without
// updated_since): updates move no record, so only a deletion can shift the
// pages under the sync, which the second pass then sees.
func ByIDV2() url.Values {
	return url.Values{"sort_by": {"id"}, "sort_direction": {"asc"}}
}

// IDKey is a record's id as a checkpoint holds it.
func IDKey[T ~int64 | ~string](id T) string {
	switch v := any(id).(type) {
	case int64:
		return strconv.FormatInt(v, 10)
	case string:
		return v
	}
	// A defined type over int64 or string.
	return fmt.Sprint(id)
}

// maxPasses bounds the passes over one second (or one whole list) that
// read it differently each time; the sync then ends with
// crm.ErrUnsettled.
const maxPasses = 16

// Changes iterates over the records of a resource changed since
// checkpoint cp, oldest first, advancing cp past each one before yielding
// it. p may be nil. An error is yielded once, as the last pair.
//
// With a list that takes updated_since (o.Since), each request starts at
// cp's second, so a page continuation is never trusted across records
// that may have moved: a record updated while the sync runs moves to the
// end of the list, where this run or the next finds it. Only when one
// page holds nothing but records of cp's second does the sync go on
// through that second by the page's continuation; an offset continuation
// may then skip a record when another of that second changes meanwhile,
// so before moving past the second the sync reads it again from its
// start, until two passes read it alike.
//
// Without updated_since, each run reads the whole list, sorted by id
// (twice alike when it spans several pages: a deletion may shift the
// pages), and delivers what cp does not cover, sorted by update time.
func Changes[T any](ctx context.Context, c *core.Client, o ChangeOps[T], cp *crm.Checkpoint, p *crm.ChangesParams) iter.Seq2[*crm.Change[T], error] {
	return func(yield func(*crm.Change[T], error) bool) {
		path := o.List.Version.Prefix() + o.List.Path
		refuse := func(reason string, err error) {
			yield(nil, &core.ParamsError{Method: o.List.Method, Path: path, Reason: reason, Err: err})
		}
		if cp == nil {
			refuse("nil checkpoint", nil)
			return
		}
		if err := p.Validate(); err != nil {
			refuse(err.Error(), err)
			return
		}
		if err := cp.Bind(o.Noun); err != nil {
			refuse(err.Error(), err)
			return
		}
		r := &syncRun[T]{ctx: ctx, c: c, o: o, cp: cp, limit: crm.MaxChangesLimit}
		if p != nil && p.Limit > 0 {
			r.limit = p.Limit
		}
		if o.Since {
			r.incremental(yield)
		} else {
			r.scan(yield)
		}
	}
}

type syncRun[T any] struct {
	ctx   context.Context
	c     *core.Client
	o     ChangeOps[T]
	cp    *crm.Checkpoint
	limit int
}

// continuation is where the next page of a query starts: its first page
// when zero.
type continuation struct {
	cursor string
	start  int
}

func (k continuation) zero() bool { return k == continuation{} }

// next returns the continuation after page, read at k.
func (k continuation) next(page pageOf) (continuation, error) {
	switch {
	case page.cursor != "":
		if page.cursor == k.cursor {
			return k, core.ErrNoProgress
		}
		return continuation{cursor: page.cursor}, nil
	case page.start > k.start && page.items > 0:
		return continuation{start: page.start}, nil
	}
	return k, core.ErrNoProgress
}

// pageOf is what a continuation needs of a page.
type pageOf struct {
	cursor string
	start  int
	items  int
}

func (r *syncRun[T]) fetch(since time.Time, k continuation) (*crm.Page[T], error) {
	q := make(url.Values, len(r.o.Query)+3)
	for name, v := range r.o.Query {
		q[name] = slices.Clone(v)
	}
	q.Set("limit", strconv.Itoa(r.limit))
	if r.o.Since && !since.IsZero() {
		q.Set("updated_since", since.UTC().Format(time.RFC3339))
	}
	switch {
	case k.cursor != "":
		q.Set("cursor", k.cursor)
	case k.start > 0:
		q.Set("start", strconv.Itoa(k.start))
	}
	return core.ListPage[T](r.ctx, r.c, &core.Call{Op: r.o.List, Query: q})
}

// read is one record as the sync sees it.
type read[T any] struct {
	rec *T
	id  string
	t   time.Time
	sum uint64
}

func (r *syncRun[T]) read(rec *T) (read[T], error) {
	id, up := r.o.Key(rec)
	var t time.Time
	if up != nil && !up.IsZero() {
		t = up.UTC().Truncate(time.Second)
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return read[T]{}, fmt.Errorf("pipedrive: %s %s: fingerprinting the record: %w", r.o.Noun, id, err)
	}
	return read[T]{rec: rec, id: id, t: t, sum: crm.Sum(b)}, nil
}

// deliver advances the checkpoint past x and yields it, unless the
// checkpoint covers it already. It reports whether to go on.
func (r *syncRun[T]) deliver(x read[T], yield func(*crm.Change[T], error) bool) bool {
	if !r.cp.Observe(x.id, x.t, x.sum) {
		return true
	}
	ch := &crm.Change[T]{Record: x.rec, ID: x.id, UpdateTime: x.t}
	if r.o.Deleted != nil {
		ch.Deleted = r.o.Deleted(x.rec)
	}
	return yield(ch, nil)
}

// incremental reads a list that takes updated_since.
func (r *syncRun[T]) incremental(yield func(*crm.Change[T], error) bool) {
	var (
		k         continuation      // zero: a fresh query from the checkpoint's second
		overflow  bool              // going through one second by continuation
		prev, cur map[string]uint64 // the states read at that second in the previous pass and this one
		passes    int
	)
	for {
		since := r.cp.Since()
		if k.zero() {
			cur = map[string]uint64{}
		}
		page, err := r.fetch(since, k)
		if err != nil {
			yield(nil, err)
			return
		}
		restart := false
		for i := range page.Items {
			x, err := r.read(&page.Items[i])
			if err != nil {
				yield(nil, err)
				return
			}
			if overflow && x.t.After(since) {
				// A pass over the second ends: move past it only if it
				// read the second as the previous pass did.
				if !sameStates(prev, cur) {
					prev, restart = cur, true
					break
				}
				overflow = false
			}
			if x.t.Equal(since) {
				cur[x.id] = x.sum
			}
			if !r.deliver(x, yield) {
				return
			}
		}
		switch {
		case restart:
			if passes++; passes >= maxPasses {
				yield(nil, crm.ErrUnsettled)
				return
			}
			k = continuation{}
			continue
		case !page.More:
			return
		case r.cp.Since().After(since):
			// Start again at the new second rather than trust the
			// continuation: records before it may have moved.
			k, overflow, prev, passes = continuation{}, false, nil, 0
			continue
		}
		// Every record of the page is at the checkpoint's second: go on
		// through it by continuation.
		next, err := k.next(pageOf{cursor: page.NextCursor, start: page.NextStart, items: len(page.Items)})
		if err != nil {
			yield(nil, err)
			return
		}
		k, overflow = next, true
	}
}

// scan reads a list that does not take updated_since: all of it, twice
// alike when it spans several pages, then delivers what the checkpoint
// does not cover in order of update time.
func (r *syncRun[T]) scan(yield func(*crm.Change[T], error) bool) {
	var prev map[string]uint64
	for pass := 0; ; pass++ {
		if pass >= maxPasses {
			yield(nil, crm.ErrUnsettled)
			return
		}
		var (
			k      continuation
			pages  int
			states = map[string]uint64{}
			latest = map[string]read[T]{}
		)
		for {
			page, err := r.fetch(time.Time{}, k)
			if err != nil {
				yield(nil, err)
				return
			}
			pages++
			for i := range page.Items {
				x, err := r.read(&page.Items[i])
				if err != nil {
					yield(nil, err)
					return
				}
				states[x.id] = x.sum
				if old, ok := latest[x.id]; !ok || !x.t.Before(old.t) {
					latest[x.id] = x
				}
			}
			if !page.More {
				break
			}
			if k, err = k.next(pageOf{cursor: page.NextCursor, start: page.NextStart, items: len(page.Items)}); err != nil {
				yield(nil, err)
				return
			}
		}
		if pages > 1 && !sameStates(prev, states) {
			// Records may have moved between the pages: read it all
			// again, until two passes agree.
			prev = states
			continue
		}
		todo := make([]read[T], 0, len(latest))
		for _, x := range latest {
			if !r.cp.Covers(x.id, x.t, x.sum) {
				todo = append(todo, x)
			}
		}
		slices.SortFunc(todo, func(a, b read[T]) int {
			if c := a.t.Compare(b.t); c != 0 {
				return c
			}
			return compareIDs(a.id, b.id)
		})
		for _, x := range todo {
			if !r.deliver(x, yield) {
				return
			}
		}
		return
	}
}

// compareIDs orders numeric ids by value, others as text.
func compareIDs(a, b string) int {
	x, errA := strconv.ParseInt(a, 10, 64)
	y, errB := strconv.ParseInt(b, 10, 64)
	if errA == nil && errB == nil {
		return cmp.Compare(x, y)
	}
	return cmp.Compare(a, b)
}

func sameStates(a, b map[string]uint64) bool {
	if a == nil || b == nil || len(a) != len(b) {
		return false
	}
	for id, s := range a {
		if t, ok := b[id]; !ok || t != s {
			return false
		}
	}
	return true
}
