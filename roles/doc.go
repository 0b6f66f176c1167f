// Package roles is the typed client of Pipedrive's roles: the company's
// role hierarchy for visibility, the users assigned to each role, each
// role's default visibility for new deals, leads, organizations, persons
// and products, and the pipelines each role sees.
//
//	ref, err := client.Roles.Create(ctx, &roles.CreateParams{Name: "Sales EMEA", ParentRoleID: pipedrive.Ptr[int64](1)})
//	_, err = client.Roles.AddAssignment(ctx, ref.ID, userID)
//	_, err = client.Roles.UpdateSetting(ctx, ref.ID, &roles.SettingParams{
//		SettingKey: roles.DealDefaultVisibility, Value: crm.VisibleToCompany})
//	_, err = client.Roles.UpdatePipelines(ctx, ref.ID, &roles.PipelinesUpdateParams{Show: []int64{1}, Hide: []int64{3}})
//
// Creating or changing a role returns only its id (RoleRef); Get fetches
// the role with its settings. Every call needs admin rights. Role is
// crm.Role (aliased here), like the other models.
package roles
