package deals

import (
	"context"
	"iter"

	"github.com/pipedrive-go/pipedrive/crm"
)

// CustomFields returns the company's deal field definitions, indexed for
// lookups by name. They are fetched on first use and cached for the life
// of the client (concurrent first callers share one fetch); field changes
// made through this service drop the cache. Use it to read custom fields
// by name:
//
//	fs, err := client.Deals.CustomFields(ctx)
//	budget, err := fs.Read(deal.CustomFields).Money("Budget")
func (s *Service) CustomFields(ctx context.Context) (*crm.FieldSet, error) {
	return s.fields.Set(ctx)
}

// RefreshCustomFields fetches the deal field definitions again, e.g. after
// someone changed them in Pipedrive, and caches the result.
func (s *Service) RefreshCustomFields(ctx context.Context) (*crm.FieldSet, error) {
	return s.fields.Refresh(ctx)
}

// ResolveCustomFields turns values by field name into custom fields by
// code, resolving option labels, with the cached definitions.
func (s *Service) ResolveCustomFields(ctx context.Context, values crm.FieldValues) (crm.CustomFields, error) {
	return s.fields.Resolve(ctx, nil, values)
}

// Fields iterates over the deal field definitions, standard and custom.
func (s *Service) Fields(ctx context.Context, params *crm.FieldListParams) iter.Seq2[*crm.Field, error] {
	return s.fields.List(ctx, params)
}

// FieldsPage fetches one page of deal field definitions.
func (s *Service) FieldsPage(ctx context.Context, params *crm.FieldListParams) (*crm.Page[crm.Field], error) {
	return s.fields.ListPage(ctx, params)
}

// Field fetches one deal field definition by code. params may be nil.
func (s *Service) Field(ctx context.Context, code string, params *crm.FieldGetParams) (*crm.Field, error) {
	return s.fields.Get(ctx, code, params)
}

// CreateField creates a custom deal field.
func (s *Service) CreateField(ctx context.Context, params *crm.CreateFieldParams) (*crm.Field, error) {
	return s.fields.Create(ctx, params)
}

// UpdateField changes a deal field's name, description or visibility.
func (s *Service) UpdateField(ctx context.Context, code string, params *crm.UpdateFieldParams) (*crm.Field, error) {
	return s.fields.Update(ctx, code, params)
}

// DeleteField deletes a custom deal field and returns its definition.
func (s *Service) DeleteField(ctx context.Context, code string) (*crm.Field, error) {
	return s.fields.Delete(ctx, code)
}

// AddFieldOptions adds options, by label, to an enum or set deal field,
// and returns them with their new ids.
func (s *Service) AddFieldOptions(ctx context.Context, code string, labels ...string) ([]crm.FieldOption, error) {
	return s.fields.AddOptions(ctx, code, labels...)
}

// UpdateFieldOptions relabels options of an enum or set deal field.
func (s *Service) UpdateFieldOptions(ctx context.Context, code string, changes ...crm.FieldOptionChange) ([]crm.FieldOption, error) {
	return s.fields.UpdateOptions(ctx, code, changes...)
}

// DeleteFieldOptions deletes options, by id, of an enum or set deal field.
func (s *Service) DeleteFieldOptions(ctx context.Context, code string, ids ...int64) ([]crm.FieldOption, error) {
	return s.fields.DeleteOptions(ctx, code, ids...)
}
