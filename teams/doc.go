// Package teams is the typed client of Pipedrive's legacy teams API:
// teams of users with a manager, their members, and the teams a user
// belongs to.
//
//	t, err := client.Teams.Create(ctx, &teams.CreateParams{Name: "Closers", ManagerID: 4, UserIDs: []int64{2, 3}})
//	members, err := client.Teams.AddUsers(ctx, t.ID, 5, 6)
//	for t, err := range client.Teams.ListByUser(ctx, 5, nil) { ... }
//
// Pipedrive marks these operations deprecated; they remain the only API
// for teams. Member lists are returned as []int64. Team is crm.Team
// (aliased here), like the other models.
package teams
