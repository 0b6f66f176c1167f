// Package products is the typed client of Pipedrive's product catalogue:
// the goods and services a company sells, each with a price per currency,
// variations with prices of their own, an image, followers and custom
// fields. Products are attached to deals with deals.Service.AddProduct.
//
// Reach it through a pipedrive.Client:
//
//	client, err := pipedrive.NewClient(auth.APIToken(token))
//	p, err := client.Products.Create(ctx, &products.CreateParams{
//		Name:   "Mechanical pencil",
//		Code:   "MPENCIL",
//		Prices: []products.PriceParams{{Currency: "EUR", Price: 5, Cost: pipedrive.Ptr(2.0)}},
//		CustomFieldsByName: crm.FieldValues{"Material": "Wood"},
//	})
//	for p, err := range client.Products.List(ctx, &products.ListParams{OwnerID: 7}) { ... }
//
// The service speaks API v2 wherever Pipedrive offers it (list, get,
// create, update, delete, duplicate, search, variations, images,
// followers, field definitions) and API v1 for the operations v2 lacks:
// the deals a product is attached to, its files, its permitted users and
// the bulk deletion of product fields. Every list is an iterator that
// fetches pages lazily; each has a Page variant for callers who keep the
// cursor themselves.
//
// Product custom fields work as those of deals and persons:
// Product.CustomFields by field code, Service.CustomFields for the cached
// definitions to read them by name, and CreateParams.CustomFieldsByName /
// UpdateParams.CustomFieldsByName to write them by name.
//
// Product is crm.Product (aliased here), so that a webhook receiver
// decodes products without linking the client core; it reads v1 payloads
// too (owner objects, 0/1 flags, v1 timestamps, top-level custom fields).
package products
