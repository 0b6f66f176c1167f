package resource

import (
	"context"
	"iter"
	"slices"
	"strings"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/sdkerr"
)

// FieldOps are a resource's field-definition operations (the eight of v2
// and the v1 bulk delete; a resource leaves out those it lacks) and what
// its definitions take, which differs per resource: the members of the
// shared params (crm.FieldListParams, crm.FieldGetParams,
// crm.CreateFieldParams, crm.UpdateFieldParams) that a resource does not
// take are refused before sending, with an error matching
// ErrInvalidParams, rather than sent for the API to ignore or reject.
type FieldOps struct {
	List, Add, Get, Update, Delete           ops.Op
	AddOptions, UpdateOptions, DeleteOptions ops.Op
	// BulkDelete is the v1 DELETE /xFields?ids= operation.
	BulkDelete ops.Op
	// Includes are the optional parts of the definitions (include_fields)
	// that List and Get can ask for; nil when they take none.
	Includes []crm.FieldInclude
	// Descriptions is true for resources whose field definitions take a
	// description (deal fields).
	Descriptions bool
	// Importance is true for resources whose field definitions can be
	// marked important or required (important_fields, required_fields in
	// Create and Update).
	Importance bool
}

// fetchPageSize is the page size used to load every definition for the
// cache (the API's maximum).
const fetchPageSize = 500

// Fields serves a resource's field definitions and resolves custom fields
// by name against definitions cached once per client.
type Fields struct {
	c     *core.Client
	ops   *FieldOps
	cache *crm.FieldCache
}

// NewFields returns the field service of one resource for client c.
func NewFields(c *core.Client, o *FieldOps) *Fields {
	f := &Fields{c: c, ops: o}
	f.cache = crm.NewFieldCache(f.fetchAll)
	return f
}

func (f *Fields) fetchAll(ctx context.Context) ([]crm.Field, error) {
	var out []crm.Field
	for fd, err := range f.List(ctx, &crm.FieldListParams{Limit: fetchPageSize}) {
		if err != nil {
			return nil, sdkerr.Errorf("pipedrive: loading field definitions: %w", err)
		}
		out = append(out, *fd)
	}
	return out, nil
}

// List iterates over every field definition. Includes the resource does
// not take are refused before sending (the iterator yields the error).
func (f *Fields) List(ctx context.Context, p *crm.FieldListParams) iter.Seq2[*crm.Field, error] {
	if p != nil {
		if err := f.checkIncludes(f.ops.List, p.IncludeFields); err != nil {
			return func(yield func(*crm.Field, error) bool) { yield(nil, err) }
		}
	}
	return core.List[crm.Field](ctx, f.c, &core.Call{Op: f.ops.List, Query: query(p)})
}

// ListPage fetches one page of field definitions.
func (f *Fields) ListPage(ctx context.Context, p *crm.FieldListParams) (*crm.Page[crm.Field], error) {
	if p != nil {
		if err := f.checkIncludes(f.ops.List, p.IncludeFields); err != nil {
			return nil, err
		}
	}
	return core.ListPage[crm.Field](ctx, f.c, &core.Call{Op: f.ops.List, Query: query(p)})
}

// Get fetches one field definition by code.
func (f *Fields) Get(ctx context.Context, code string, p *crm.FieldGetParams) (*crm.Field, error) {
	if p != nil {
		if err := f.checkIncludes(f.ops.Get, p.IncludeFields); err != nil {
			return nil, err
		}
	}
	return core.Fetch[crm.Field](ctx, f.c, &core.Call{Op: f.ops.Get, PathArgs: []any{code}, Query: query(p)})
}

// Create creates a custom field and drops the cached definitions.
func (f *Fields) Create(ctx context.Context, p *crm.CreateFieldParams) (*crm.Field, error) {
	if p != nil {
		if err := f.checkBody(f.ops.Add, p.Description != nil, p.Important != nil, p.Required != nil); err != nil {
			return nil, err
		}
	}
	return invalidating(f, func() (*crm.Field, error) {
		return core.Fetch[crm.Field](ctx, f.c, &core.Call{Op: f.ops.Add, Body: p})
	})
}

// Update changes a field and drops the cached definitions.
func (f *Fields) Update(ctx context.Context, code string, p *crm.UpdateFieldParams) (*crm.Field, error) {
	if p != nil {
		if err := f.checkBody(f.ops.Update, p.Description != nil, p.Important != nil, p.Required != nil); err != nil {
			return nil, err
		}
	}
	return invalidating(f, func() (*crm.Field, error) {
		return core.Fetch[crm.Field](ctx, f.c, &core.Call{Op: f.ops.Update, PathArgs: []any{code}, Body: p})
	})
}

// checkIncludes refuses the optional parts the resource's definitions
// cannot be asked for.
func (f *Fields) checkIncludes(op ops.Op, includes []crm.FieldInclude) error {
	for _, in := range includes {
		if slices.Contains(f.ops.Includes, in) {
			continue
		}
		if len(f.ops.Includes) == 0 {
			return core.Refuse(op, "these field definitions take no include_fields (%q asked for)", in)
		}
		takes := make([]string, len(f.ops.Includes))
		for i, t := range f.ops.Includes {
			takes[i] = string(t)
		}
		return core.Refuse(op, "these field definitions take include_fields %s only, not %q", strings.Join(takes, ", "), in)
	}
	return nil
}

// checkBody refuses the members of a create or update that the
// resource's definitions do not take.
func (f *Fields) checkBody(op ops.Op, description, important, required bool) error {
	switch {
	case description && !f.ops.Descriptions:
		return core.Refuse(op, "these field definitions take no description (only deal fields do)")
	case important && !f.ops.Importance:
		return core.Refuse(op, "these field definitions cannot be marked important (important_fields)")
	case required && !f.ops.Importance:
		return core.Refuse(op, "these field definitions cannot be marked required (required_fields)")
	}
	return nil
}

// Delete deletes a custom field and drops the cached definitions.
func (f *Fields) Delete(ctx context.Context, code string) error {
	_, err := invalidating(f, func() (*struct{}, error) {
		return nil, core.Exec(ctx, f.c, &core.Call{Op: f.ops.Delete, PathArgs: []any{code}})
	})
	return err
}

// bulkDeleteQuery is the query of the v1 bulk deletes of field
// definitions.
type bulkDeleteQuery struct {
	IDs []int64 `url:"ids,comma" pipedrive:"required"`
}

// BulkDelete deletes several custom fields by their numeric ids (API v1)
// and drops the cached definitions.
func (f *Fields) BulkDelete(ctx context.Context, ids ...int64) error {
	for _, id := range ids {
		if id <= 0 {
			return core.Refuse(f.ops.BulkDelete, "invalid field id %d", id)
		}
	}
	_, err := invalidating(f, func() (*struct{}, error) {
		return nil, core.Exec(ctx, f.c, &core.Call{Op: f.ops.BulkDelete, Query: &bulkDeleteQuery{IDs: ids}})
	})
	return err
}

// AddOptions adds options (by label) to an enum or set field.
func (f *Fields) AddOptions(ctx context.Context, code string, labels ...string) ([]crm.FieldOption, error) {
	if len(labels) == 0 {
		return nil, core.Refuse(f.ops.AddOptions, "no option labels")
	}
	body := make([]crm.NewFieldOption, len(labels))
	for i, l := range labels {
		body[i] = crm.NewFieldOption{Label: l}
	}
	return f.options(ctx, f.ops.AddOptions, code, body)
}

// UpdateOptions relabels options of an enum or set field.
func (f *Fields) UpdateOptions(ctx context.Context, code string, changes ...crm.FieldOptionChange) ([]crm.FieldOption, error) {
	if len(changes) == 0 {
		return nil, core.Refuse(f.ops.UpdateOptions, "no option changes")
	}
	return f.options(ctx, f.ops.UpdateOptions, code, changes)
}

// DeleteOptions deletes options of an enum or set field by id.
func (f *Fields) DeleteOptions(ctx context.Context, code string, ids ...int64) ([]crm.FieldOption, error) {
	if len(ids) == 0 {
		return nil, core.Refuse(f.ops.DeleteOptions, "no option ids")
	}
	body := make([]struct {
		ID int64 `json:"id"`
	}, len(ids))
	for i, id := range ids {
		body[i].ID = id
	}
	return f.options(ctx, f.ops.DeleteOptions, code, body)
}

func (f *Fields) options(ctx context.Context, op ops.Op, code string, body any) ([]crm.FieldOption, error) {
	out, err := invalidating(f, func() (*[]crm.FieldOption, error) {
		return core.Fetch[[]crm.FieldOption](ctx, f.c, &core.Call{Op: op, PathArgs: []any{code}, Body: body})
	})
	if err != nil {
		return nil, err
	}
	return *out, nil
}

// invalidating runs a definition-changing call and drops the cache after
// it, whatever the outcome (a failed write may still have been applied).
func invalidating[T any](f *Fields, call func() (*T, error)) (*T, error) {
	defer f.cache.Invalidate()
	return call()
}

// Set returns the definitions, fetched once per client and cached.
func (f *Fields) Set(ctx context.Context) (*crm.FieldSet, error) { return f.cache.Get(ctx) }

// Refresh fetches the definitions again and caches them.
func (f *Fields) Refresh(ctx context.Context) (*crm.FieldSet, error) { return f.cache.Refresh(ctx) }

// Resolve merges values given by field name into cf (which it may
// allocate), resolving names and option labels against the cached
// definitions. Codes already in cf are overwritten by named values for the
// same field. With no values it returns cf untouched and fetches nothing.
func (f *Fields) Resolve(ctx context.Context, cf crm.CustomFields, values crm.FieldValues) (crm.CustomFields, error) {
	if len(values) == 0 {
		return cf, nil
	}
	set, err := f.cache.Get(ctx)
	if err != nil {
		return nil, err
	}
	named, err := set.Encode(values)
	if err != nil {
		return nil, sdkerr.Errorf("pipedrive: custom fields by name: %w", err)
	}
	out := cf.Clone()
	if out == nil {
		out = make(crm.CustomFields, len(named))
	}
	for k, v := range named {
		out[k] = v
	}
	return out, nil
}

// query turns a nil params pointer into a nil query, so that core does not
// encode a typed nil.
func query[P any](p *P) any {
	if p == nil {
		return nil
	}
	return p
}
