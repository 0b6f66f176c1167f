package resource

import (
	"sync/atomic"

	"github.com/pipedrive-go/pipedrive/internal/core"
)

// Handle is the state of one resource's Service: the client core and the
// shared shapes (field definitions, followers, history lists, merges) the
// resource uses. Every resource package declares its Service as a defined
// type over it,
//
//	type Service resource.Handle
//
// and the root package builds it with NewHandle and a conversion:
//
//	c.Deals = (*deals.Service)(resource.NewHandle(cc, &dealsShapes))
//
// so that no resource package exports a constructor taking an internal
// type, and no registry is needed. Handle's fields are unexported and its
// methods are not promoted to the defined type: users, who cannot import
// this package, cannot reach the state; the resource's own methods reach
// it through the accessors the generator writes beside the type (s.c(),
// s.fields(), ...).
//
// A zero Handle (a Service the user declared instead of taking it from
// the root client) has no core: its calls fail with an error, without a
// panic.
type Handle struct {
	c      *core.Client
	shapes *Shapes
	// fields is built on first use: its cache of definitions is per
	// client, and most tenants of a process never read custom fields.
	fields    atomic.Pointer[Fields]
	followers Followers
	history   History
}

// Shapes are the shared shapes a resource uses, from its service.tsv's
// use rows; nil for those it lacks. The root client's generated code
// holds one Shapes per resource for the whole process: every Handle
// points at it, so a client costs no copy of its operations.
type Shapes struct {
	Fields    *FieldOps
	Followers *FollowerOps
	History   *HistoryOps
	Merge     *MergeOps
}

// noShapes are the shapes of a zero Handle's calls, which fail in the
// core.
var noShapes = &Shapes{Fields: &FieldOps{}, Followers: &FollowerOps{}, History: &HistoryOps{}, Merge: &MergeOps{}}

// emptyShapes are the shapes of a resource without use rows.
var emptyShapes = &Shapes{}

// NewHandle returns the state of a resource's Service on the client core
// c, with the shapes s, which it keeps (and must not change).
func NewHandle(c *core.Client, s *Shapes) *Handle {
	if s == nil {
		s = emptyShapes
	}
	h := &Handle{c: c, shapes: s}
	if s.Followers != nil {
		h.followers = Followers{c: c, ops: s.Followers}
	}
	if s.History != nil {
		h.history = History{c: c, ops: s.History}
	}
	return h
}

// Core returns the client core (nil for a zero Handle, whose calls then
// fail in the core).
func (h *Handle) Core() *core.Client {
	if h == nil {
		return nil
	}
	return h.c
}

// Fields returns the field-definition shape, built on first use. A
// Handle without one (a zero Handle) gets one with no core, whose calls
// fail.
func (h *Handle) Fields() *Fields {
	if h == nil || h.shapes == nil || h.shapes.Fields == nil {
		return NewFields(nil, noShapes.Fields)
	}
	if f := h.fields.Load(); f != nil {
		return f
	}
	h.fields.CompareAndSwap(nil, NewFields(h.c, h.shapes.Fields))
	return h.fields.Load()
}

// Followers returns the followers shape (see Fields for a Handle without
// one).
func (h *Handle) Followers() *Followers {
	if h == nil || h.followers.ops == nil {
		return NewFollowers(nil, noShapes.Followers)
	}
	return &h.followers
}

// History returns the history-lists shape (see Fields for a Handle
// without one).
func (h *Handle) History() *History {
	if h == nil || h.history.ops == nil {
		return NewHistory(nil, noShapes.History)
	}
	return &h.history
}

// MergerOf returns the merge shape of h for the resource's main model T.
func MergerOf[T any](h *Handle) *Merger[T] {
	if h == nil || h.shapes == nil || h.shapes.Merge == nil {
		return NewMerger[T](nil, noShapes.Merge)
	}
	return NewMerger[T](h.c, h.shapes.Merge)
}
