package resource

import (
	"context"
	"fmt"
	"strings"

	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/jsonx"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// MergeOps are what a resource's Merge needs: the v1 merge operation (no
// v2 twin exists) and the v2 get of the resource's main model, which
// fetches the surviving record afterwards. Noun names the resource in
// errors ("deal").
type MergeOps struct {
	Noun       string
	Merge, Get ops.Op
}

// Merger merges two records of one resource and returns the survivor as
// T, the resource's main (v2) model: every resource's Merge has this one
// shape, whatever its v1 merge answers (a whole v1 record, or only its
// id).
type Merger[T any] struct {
	c   *core.Client
	ops *MergeOps
}

// NewMerger returns the merge service of one resource for client c.
func NewMerger[T any](c *core.Client, o *MergeOps) *Merger[T] {
	return &Merger[T]{c: c, ops: o}
}

// Merge merges record id into record intoID, which survives (its values
// win where both have one), then fetches the survivor with the v2 get.
//
// A merge of a record into itself, or into a non-positive id, is refused
// before sending (core.ErrInvalidParams). The merge is a write whose
// repeat is not harmless: the core never re-sends it when its outcome is
// unknown. When the merge was done but the fetch failed, the error says
// so and wraps the fetch's error; no record is returned.
func (m *Merger[T]) Merge(ctx context.Context, id, intoID int64) (*T, error) {
	switch {
	case intoID <= 0:
		return nil, core.Refuse(m.ops.Merge, "the %s to merge into needs a positive id, not %d", m.ops.Noun, intoID)
	case intoID == id:
		return nil, core.Refuse(m.ops.Merge, "a %s cannot be merged into itself (id %d)", m.ops.Noun, id)
	}
	body := struct {
		MergeWithID int64 `json:"merge_with_id"`
	}{intoID}
	merged, err := core.Fetch[struct {
		ID jsonx.ID `json:"id"`
	}](ctx, m.c, &core.Call{Op: m.ops.Merge, PathArgs: []any{id}, Body: body})
	if err != nil {
		return nil, err
	}
	survivor := intoID
	if merged.ID > 0 {
		survivor = int64(merged.ID)
	}
	out, err := core.Fetch[T](ctx, m.c, &core.Call{Op: m.ops.Get, PathArgs: []any{survivor}})
	if err != nil {
		return nil, &mergedError{noun: m.ops.Noun, id: id, into: survivor, err: err}
	}
	return out, nil
}

// mergedError is a merge that was done, followed by a fetch of the
// survivor that failed.
type mergedError struct {
	noun     string
	id, into int64
	err      error
}

// Error says that the merge was done, then why the fetch failed.
func (e *mergedError) Error() string {
	return fmt.Sprintf("pipedrive: %s %d was merged into %d, but fetching the merged %s failed: %s",
		e.noun, e.id, e.into, e.noun, strings.TrimPrefix(e.err.Error(), "pipedrive: "))
}

// Unwrap returns the fetch's error.
func (e *mergedError) Unwrap() error { return e.err }
