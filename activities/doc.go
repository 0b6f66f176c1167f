// Package activities is the typed client of Pipedrive's activities: the
// calls, meetings, tasks, deadlines and other to-dos of a CRM's calendar,
// their types, and the activity field definitions.
//
// Reach it through a pipedrive.Client:
//
//	client, err := pipedrive.NewClient(auth.APIToken(token))
//	a, err := client.Activities.Create(ctx, &activities.CreateParams{
//		Subject:  "Kick-off call",
//		Type:     activities.TypeCall,
//		DealID:   pipedrive.Ptr[int64](42),
//		DueDate:  crm.NewDate(2026, time.March, 10),
//		DueTime:  crm.NewTimeOfDay(14, 30, 0), // UTC
//		Duration: activities.Duration(45 * time.Minute),
//	})
//	for a, err := range client.Activities.List(ctx, &activities.ListParams{
//		DealID: 42, Done: pipedrive.Ptr(false), SortBy: activities.SortByDueDate,
//	}) { ... }
//
// Activities, their list with every filter, and the activity field
// definitions use API v2. Activity types (ActivityTypes,
// CreateActivityType, UpdateActivityType, DeleteActivityType) exist only
// in API v1 and use it. Every list is an iterator that fetches pages
// lazily; each has a Page variant for callers who keep the cursor
// themselves.
//
// An activity's schedule is typed: DueDate is a crm.Date, DueTime a
// crm.TimeOfDay (in UTC) and Duration a time.Duration that Pipedrive
// writes as "HH:MM"; Activity.DueAt combines them. Its Type is the key of
// one of the company's activity types, and its Priority an option id of
// the "priority" field, whose label Field(ctx, "priority", nil) gives.
//
// Activity is crm.Activity (aliased here), so that a webhook receiver
// decodes activities without linking the client core. It decodes the v1
// shape too (flow entries, webhook v1 bodies).
package activities
