// Package organizations is the typed client of Pipedrive's organizations:
// the companies and other bodies that persons and deals belong to, with
// their address, followers and custom fields.
//
// Reach it through a pipedrive.Client:
//
//	client, err := pipedrive.NewClient(auth.APIToken(token))
//	org, err := client.Organizations.Create(ctx, &organizations.CreateParams{
//		Name:    "Analytical Engines Ltd",
//		Address: &crm.AddressParams{Value: "1 Dorset Street, London"},
//	})
//	for o, err := range client.Organizations.List(ctx, nil) { ... }
//
// The service speaks API v2 wherever Pipedrive offers it (list, get,
// create, update, delete, search, followers, field definitions) and API v1
// for the operations v2 lacks (changelog, files, flow, mail messages,
// merge, permitted users, and the relationships between organizations:
// Relationships, CreateRelationship and the rest link a parent to its
// daughters, or related organizations). Every list is an iterator that fetches pages
// lazily; each has a Page variant for callers who keep the cursor
// themselves.
//
// Custom fields work as in package persons: Organization.CustomFields by
// field code, Service.CustomFields for the cached definitions to read them
// by name, and CreateParams.CustomFieldsByName / UpdateParams.CustomFieldsByName
// to write them by name. Shared shapes live in package crm; Organization
// itself is crm.Organization (aliased here), so that a webhook receiver
// decodes organizations without linking the client core.
package organizations
