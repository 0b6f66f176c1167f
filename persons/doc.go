// Package persons is the typed client of Pipedrive's persons: the
// contacts of a CRM, with their emails, phones, organization, followers,
// pictures and custom fields.
//
// Reach it through a pipedrive.Client:
//
//	client, err := pipedrive.NewClient(auth.APIToken(token))
//	p, err := client.Persons.Create(ctx, &persons.CreateParams{
//		Name:   "Ada Lovelace",
//		Emails: []persons.ContactDetail{{Value: "ada@example.com", Primary: true, Label: "work"}},
//		CustomFieldsByName: crm.FieldValues{"Hobby": "Chess"},
//	})
//	for p, err := range client.Persons.List(ctx, &persons.ListParams{OrgID: 501}) { ... }
//
// The service speaks API v2 wherever Pipedrive offers it (list, get,
// create, update, delete, search, followers, picture, field definitions)
// and API v1 for the operations v2 lacks (changelog, files, flow, mail
// messages, merge, permitted users, picture upload and deletion, products).
// Every list is an iterator that fetches pages lazily; each has a Page
// variant for callers who keep the cursor themselves.
//
// Custom fields are keyed by per-company hashes. Person.CustomFields reads
// and writes them by hash; Service.CustomFields returns the field
// definitions (fetched once per client, then cached) to read them by name,
// and CreateParams.CustomFieldsByName / UpdateParams.CustomFieldsByName
// write them by name. The shapes persons share with deals and
// organizations (followers, changelog entries, files, flow items, mail
// messages, field definitions, addresses) live in package crm.
//
// Person is crm.Person (aliased here), so that a webhook receiver decodes
// persons without linking the client core. It decodes v1 payloads too
// (webhook v1 bodies): numbers sent as strings, ids wrapped in objects, v1
// timestamps.
package persons
