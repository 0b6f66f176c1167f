package filters

// ListParams narrow the filter list.
type ListParams struct {
	// Type keeps the filters of one kind (TypeDeals, ...); empty lists
	// every kind.
	Type Type `url:"type,omitempty"`
}

// GetParams shape a fetched filter.
type GetParams struct {
	// IncludeFieldCode fills each condition's FieldCode with the code of
	// its field ("title", or a custom field's hash).
	IncludeFieldCode bool `url:"include_field_code,omitempty"`
}

// CreateParams is a new filter. Name, Type and Conditions are required;
// the conditions are checked before sending (Conditions.Validate).
type CreateParams struct {
	Name string `json:"name" pipedrive:"required"`
	// Type is the kind of records the filter selects.
	Type Type `json:"type" pipedrive:"required"`
	// Conditions is the filter's condition tree: build it with And and Or.
	Conditions *Conditions `json:"conditions" pipedrive:"required"`
	// IncludeFieldCode fills each condition's FieldCode in the response
	// (it is a query parameter, not part of the body).
	IncludeFieldCode bool `json:"-"`
}

// UpdateParams change a filter. Pipedrive requires the conditions on
// every update: to rename a filter, send its current conditions (from
// Get) with the new Name.
type UpdateParams struct {
	// Name is left unchanged when empty.
	Name       string      `json:"name,omitempty"`
	Conditions *Conditions `json:"conditions" pipedrive:"required"`
	// IncludeFieldCode fills each condition's FieldCode in the response.
	IncludeFieldCode bool `json:"-"`
}

// fieldCodeQuery is the query of create and update.
type fieldCodeQuery struct {
	IncludeFieldCode bool `url:"include_field_code,omitempty"`
}

// deleteManyQuery is the query of the bulk delete.
type deleteManyQuery struct {
	IDs []int64 `url:"ids,comma" pipedrive:"required"`
}
