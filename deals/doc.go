// Package deals reaches Pipedrive's deals: create, read, update, delete,
// list and search them, and work with their followers, products,
// discounts, installments, participants, files, mail, updates flow and
// field definitions. Reach it from the root client as client.Deals.
//
// API v2 is used wherever it has the operation; summary, timeline,
// changelog, duplicate, merge, files, flow, mail messages, participants
// and permitted users exist only in v1 and use it. Every call goes
// through the client core, so it is paced by the client's limiter and
// retried as the core decides.
//
// # Lists
//
// Every list has an iterator that fetches pages as the loop goes, and a
// Page variant for callers who keep cursors themselves:
//
//	for d, err := range client.Deals.List(ctx, &deals.ListParams{Status: deals.StatusOpen}) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(d.ID, d.Title)
//	}
//
// # Syncing
//
// Changes delivers the deals changed since a checkpoint that the caller
// persists and resumes from, deletions included; no change is missed at
// the boundary, where several deals share the checkpoint's second:
//
//	cp := loadCheckpoint() // a crm.Checkpoint; the zero one starts at the beginning
//	for ch, err := range client.Deals.Changes(ctx, &cp, nil) {
//		if err != nil {
//			return err // cp is where the next run resumes
//		}
//		apply(ch.Record, ch.Deleted)
//		saveCheckpoint(cp) // cp covers ch
//	}
//
// # Custom fields by name
//
// Deals carry custom fields under 40-character codes that differ per
// company. Set them by name and read them back by name; the definitions
// are fetched once per client and cached:
//
//	d, err := client.Deals.Create(ctx, &deals.CreateParams{
//		Title: "Renewal",
//		CustomFieldsByName: crm.FieldValues{
//			"Budget": crm.Money(5000, "EUR"),
//			"Tier":   "Enterprise", // an option label
//		},
//	})
//	fs, err := client.Deals.CustomFields(ctx)
//	budget, err := fs.Read(d.CustomFields).Money("Budget")
//	tier, err := fs.Read(d.CustomFields).Option("Tier") // "Enterprise"
//
// An unknown name fails before anything is sent, with an error listing
// the closest names.
//
// # Clearing fields
//
// An update sends only what its params set. To empty a field, API v2
// takes null where its schema allows it: for the standard fields close
// time, lost reason and probability (UpdateParams.Clear, with the
// ClearableField constants), and for every custom field
// (CustomFields.Clear, or a nil value in CustomFieldsByName). v2 cannot
// empty the other standard fields; a zero ExpectedCloseDate, which would
// send null, is refused before sending:
//
//	d, err := client.Deals.Update(ctx, id, &deals.UpdateParams{
//		Clear: []deals.ClearableField{deals.ClearProbability, deals.ClearLostReason},
//	})
package deals
