package webhooks

import (
	"container/list"
	"sync"
)

// dedup remembers the delivery ids of the last size events handled with
// success, and the ids being handled right now. It is safe for concurrent
// use.
type dedup struct {
	mu       sync.Mutex
	size     int
	done     map[string]*list.Element
	order    *list.List // front: most recent
	inFlight map[string]struct{}
}

type dedupState uint8

const (
	dedupNew      dedupState = iota // first sight: handle it
	dedupDone                       // handled with success before: drop it
	dedupInFlight                   // being handled right now: ask for a retry
)

func newDedup(size int) *dedup {
	return &dedup{
		size:     size,
		done:     make(map[string]*list.Element, size),
		order:    list.New(),
		inFlight: make(map[string]struct{}),
	}
}

// begin reports what to do with a delivery id; on dedupNew the id is
// marked in flight until finish is called.
func (d *dedup) begin(id string) dedupState {
	d.mu.Lock()
	defer d.mu.Unlock()
	if e, ok := d.done[id]; ok {
		d.order.MoveToFront(e)
		return dedupDone
	}
	if _, ok := d.inFlight[id]; ok {
		return dedupInFlight
	}
	d.inFlight[id] = struct{}{}
	return dedupNew
}

// finish ends the handling of id. Only a success is remembered: a failed
// delivery must be handled again when Pipedrive retries it.
func (d *dedup) finish(id string, ok bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.inFlight, id)
	if !ok {
		return
	}
	if e, seen := d.done[id]; seen {
		d.order.MoveToFront(e)
		return
	}
	d.done[id] = d.order.PushFront(id)
	for d.order.Len() > d.size {
		oldest := d.order.Back()
		d.order.Remove(oldest)
		delete(d.done, oldest.Value.(string))
	}
}
