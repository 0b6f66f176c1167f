package resource

import "github.com/pipedrive-go/pipedrive/internal/core"

// Handle is the state of one resource's Service: the client core and the
// shared shapes (field definitions, followers, history lists, merges) the
// resource uses. Every resource package declares its Service as a defined
// type over it,
//
//	type Service resource.Handle
//
// and the root package builds it with NewHandle and a conversion:
//
//	c.Deals = (*deals.Service)(resource.NewHandle(cc, resource.Shapes{...}))
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
	c         *core.Client
	fields    *Fields
	followers *Followers
	history   *History
	merge     MergeOps
}

// Shapes are the shared shapes a resource uses, from its service.tsv's
// use rows; nil for those it lacks.
type Shapes struct {
	Fields    *FieldOps
	Followers *FollowerOps
	History   *HistoryOps
	Merge     *MergeOps
}

// NewHandle returns the state of a resource's Service on the client core
// c, with the shapes s.
func NewHandle(c *core.Client, s Shapes) *Handle {
	h := &Handle{c: c}
	if s.Fields != nil {
		h.fields = NewFields(c, *s.Fields)
	}
	if s.Followers != nil {
		h.followers = NewFollowers(c, *s.Followers)
	}
	if s.History != nil {
		h.history = NewHistory(c, *s.History)
	}
	if s.Merge != nil {
		h.merge = *s.Merge
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

// Fields returns the field-definition shape. A Handle built without one
// (a zero Handle) gets one with no core, whose calls fail.
func (h *Handle) Fields() *Fields {
	if h == nil || h.fields == nil {
		return NewFields(nil, FieldOps{})
	}
	return h.fields
}

// Followers returns the followers shape (see Fields for a Handle without
// one).
func (h *Handle) Followers() *Followers {
	if h == nil || h.followers == nil {
		return NewFollowers(nil, FollowerOps{})
	}
	return h.followers
}

// History returns the history-lists shape (see Fields for a Handle
// without one).
func (h *Handle) History() *History {
	if h == nil || h.history == nil {
		return NewHistory(nil, HistoryOps{})
	}
	return h.history
}

// MergerOf returns the merge shape of h for the resource's main model T.
func MergerOf[T any](h *Handle) *Merger[T] {
	if h == nil {
		return NewMerger[T](nil, MergeOps{})
	}
	return NewMerger[T](h.c, h.merge)
}
