// Package users is the typed client of Pipedrive's users: the people who
// work in a company's Pipedrive account, and the current user the
// client's credential acts for.
//
// Reach it through a pipedrive.Client:
//
//	client, err := pipedrive.NewClient(auth.APIToken(token))
//	me, err := client.Users.Me(ctx)
//	fmt.Println(me.Name, "of", me.CompanyName)
//
//	for u, err := range client.Users.Find(ctx, &users.FindParams{Term: "ada"}) { ... }
//	perms, err := client.Users.Permissions(ctx, me.ID)
//	if perms.CanUseAPI { ... }
//
// The service lists, finds, fetches, invites (Create) and deactivates or
// reactivates (Update) users through API v1, and lists a user's followers
// through API v2. It also reaches a user's aggregated permissions, role
// assignments and role settings, and the current user's connected
// accounts and settings. Every list is an iterator, with a Page variant
// for callers who page by hand.
//
// The models are defined in package crm and aliased here (users.User is
// crm.User), so that a webhook receiver decodes users without linking the
// client core.
package users
