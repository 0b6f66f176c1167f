// Package filters is the typed client of Pipedrive's saved filters: named
// condition trees that the list endpoints apply when given a filter's id
// (deals.ListParams.FilterID, persons.ListParams.FilterID,
// organizations.ListParams.FilterID, ...).
//
// Pipedrive accepts one shape of tree only: a top-level "and" of two
// groups, the first glued with "and" (every condition must hold), the
// second with "or" (at least one must hold, when it has any), at most 16
// conditions in all. And and Or build that shape, Cond, Empty and NotEmpty
// build conditions, and Text, Number, ID, Date and RelativeDate build
// values in the form Pipedrive stores them:
//
//	f, err := client.Filters.Create(ctx, &filters.CreateParams{
//		Name: "Big open deals",
//		Type: filters.TypeDeals,
//		Conditions: filters.And(
//			filters.Cond(filters.ObjectDeal, statusFieldID, filters.OpEqual, filters.Text("open")),
//			filters.Cond(filters.ObjectDeal, valueFieldID, filters.OpGreater, filters.Number(1000)),
//		).Or(
//			filters.Cond(filters.ObjectDeal, ownerFieldID, filters.OpEqual, filters.ID(7)),
//			filters.Empty(filters.ObjectDeal, closeDateFieldID),
//		),
//	})
//	for d, err := range client.Deals.List(ctx, &deals.ListParams{FilterID: f.ID}) { ... }
//
// Create and Update check the tree before sending (Conditions.Validate)
// and refuse a bad one with an error matching pipedrive.ErrInvalidParams.
// A filter read back (Get) decodes to the same Conditions value it was
// built as. Helpers lists the operators each kind of field supports, the
// relative dates and the address parts conditions may use.
//
// Conditions name fields by their numeric id (the id column of
// Pipedrive's field settings, or the id of the v1 field definitions).
// Filter is crm.Filter (aliased here), like the other models.
package filters
