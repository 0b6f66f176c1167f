package crm

import (
	"context"
	"errors"
	"sync"
)

// FieldCache holds a resource's field definitions for one client: fetched
// on first use, then served from memory until refreshed. Concurrent first
// callers share a single fetch. A failed fetch is not cached: the next
// call tries again. It is safe for concurrent use.
//
// Services create one per client; callers reach it through the service's
// CustomFields and RefreshCustomFields methods.
type FieldCache struct {
	fetch func(context.Context) ([]Field, error)

	mu       sync.Mutex
	set      *FieldSet
	inflight *fieldFetch
	gen      uint64 // bumped by Invalidate
}

type fieldFetch struct {
	done chan struct{}
	set  *FieldSet
	err  error
}

// NewFieldCache returns a cache that loads definitions with fetch.
func NewFieldCache(fetch func(context.Context) ([]Field, error)) *FieldCache {
	return &FieldCache{fetch: fetch}
}

// Get returns the cached definitions, fetching them first if needed. When
// another call is already fetching, Get waits for its result (or for ctx
// to end).
func (c *FieldCache) Get(ctx context.Context) (*FieldSet, error) {
	if ctx == nil {
		return nil, errors.New("pipedrive: field definitions: nil context")
	}
	for {
		c.mu.Lock()
		if c.set != nil {
			s := c.set
			c.mu.Unlock()
			return s, nil
		}
		f := c.inflight
		if f == nil {
			f = &fieldFetch{done: make(chan struct{})}
			c.inflight = f
			gen := c.gen
			c.mu.Unlock()
			c.run(ctx, f, gen)
			return f.set, f.err
		}
		c.mu.Unlock()
		select {
		case <-f.done:
		case <-ctx.Done():
			return nil, context.Cause(ctx)
		}
		if f.err == nil {
			return f.set, nil
		}
		// The fetch we waited for died with its caller's context while ours
		// is alive: try again rather than fail for someone else's reason.
		if (errors.Is(f.err, context.Canceled) || errors.Is(f.err, context.DeadlineExceeded)) && ctx.Err() == nil {
			continue
		}
		return nil, f.err
	}
}

// errFetchPanicked is what callers waiting for a fetch get when the fetch
// panicked (the panic itself goes on up the fetching caller's stack).
var errFetchPanicked = errors.New("pipedrive: loading field definitions panicked")

func (c *FieldCache) run(ctx context.Context, f *fieldFetch, gen uint64) {
	var fields []Field
	err := errFetchPanicked // stays set only if fetch panics
	defer func() {
		// Deferred so that a panicking fetch still releases its waiters
		// with an error and leaves nothing in flight: the next Get
		// fetches again.
		c.mu.Lock()
		if c.inflight == f {
			c.inflight = nil
		}
		if err != nil {
			f.err = err
		} else {
			f.set = NewFieldSet(fields)
			if c.gen == gen {
				c.set = f.set
			}
		}
		c.mu.Unlock()
		close(f.done)
	}()
	fields, err = c.fetch(ctx)
}

// Refresh drops the cached definitions and fetches them again.
func (c *FieldCache) Refresh(ctx context.Context) (*FieldSet, error) {
	c.Invalidate()
	return c.Get(ctx)
}

// Invalidate drops the cached definitions; the next Get fetches them. A
// fetch already under way still answers its waiters but is not cached.
func (c *FieldCache) Invalidate() {
	c.mu.Lock()
	c.set = nil
	c.inflight = nil
	c.gen++
	c.mu.Unlock()
}

// Cached returns the definitions if they are cached, without fetching.
func (c *FieldCache) Cached() (*FieldSet, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.set, c.set != nil
}
