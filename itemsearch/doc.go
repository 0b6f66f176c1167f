// Package itemsearch is the typed client of Pipedrive's item search: one
// search across deals, persons, organizations, products, leads, files,
// mail attachments and projects, and a search of the values of one field.
//
// Reach it through a pipedrive.Client:
//
//	for hit, err := range client.ItemSearch.Search(ctx, &itemsearch.SearchParams{
//		Term:      "engine",
//		ItemTypes: []itemsearch.ItemType{itemsearch.TypeDeal, itemsearch.TypePerson},
//	}) {
//		if err != nil { ... }
//		switch it := hit.Item; it.Type {
//		case itemsearch.TypeDeal:
//			fmt.Println("deal", it.Deal.Title, it.Deal.Value, it.Deal.Currency)
//		case itemsearch.TypePerson:
//			fmt.Println("person", it.Person.Name, it.Person.Emails)
//		}
//	}
//
// A hit's Item is a union: Type names the kind of item, and the field of
// that kind (Deal, Person, Organization, Product, Lead, File,
// MailAttachment, Project) holds it, typed, while the others stay nil.
// The union was chosen over accessors that decode on demand because a
// search result is read once, right away: decoding while the page is read
// reports a malformed item with the page, keeps reading a hit free of
// error handling, and lets a type switch reach every kind's fields. Raw
// keeps each item as sent, for kinds Pipedrive may add later.
//
// Searches spend Pipedrive's separate search window (10 requests per 2
// seconds on every plan, besides the general window); the client's
// limiter paces them. Iterators fetch pages lazily, and each has a Page
// variant for callers who keep the cursor themselves.
package itemsearch
