// Package recents is the typed client of Pipedrive's recents list: every
// record of a company (deals, persons, organizations, activities, notes,
// files, products, pipelines, stages, filters, users...) added or changed
// after a given time. It suits incremental syncs that poll rather than
// receive webhooks.
//
// Reach it through a pipedrive.Client:
//
//	since := time.Now().Add(-time.Hour)
//	for ch, err := range client.Recents.List(ctx, &recents.ListParams{
//		Since: since,
//		Items: []recents.ItemType{recents.ItemDeal, recents.ItemPerson},
//	}) {
//		if err != nil { ... }
//		switch ch.Item {
//		case recents.ItemDeal:
//			d, err := ch.Deal() // a deals.Deal
//			...
//		case recents.ItemPerson:
//			p, err := ch.Person() // a persons.Person
//			...
//		}
//	}
//
// Each Change carries its record in API v1's shape, as Data; the accessors
// decode it into the SDK's models (which read v1 shapes too), and Decode
// into any other model.
package recents
