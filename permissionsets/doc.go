// Package permissionsets is the typed client of Pipedrive's permission
// sets: for each app (sales, projects, campaigns, global, account
// settings, ...), the admin, manager, regular and custom sets of
// permissions, the permissions each grants, and the users holding each.
//
//	for ps, err := range client.PermissionSets.List(ctx, &permissionsets.ListParams{App: permissionsets.AppSales}) {
//		if err != nil { ... }
//		fmt.Println(ps.Name, ps.Type, ps.AssignmentCount)
//	}
//	ps, err := client.PermissionSets.Get(ctx, id)   // ps.Contents: "can_use_api", ...
//
// Permission set ids are UUIDs (strings). PermissionSet is
// crm.PermissionSet (aliased here), like the other models.
package permissionsets
