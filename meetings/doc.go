// Package meetings is the typed client of Pipedrive's meetings API, for
// video call integrations: once a user installs the integration, it links
// the user to the installation (with an id of its own making), and it
// removes the link when the user leaves.
//
// Reach it through a pipedrive.Client built with the integration's OAuth
// token:
//
//	_, err := client.Meetings.CreateUserProviderLink(ctx, &meetings.UserProviderLinkParams{
//		UserProviderID:      "1e3943e8-ec66-4b83-9dd3-ed0d5dcb1f26",
//		UserID:              123,
//		CompanyID:           456,
//		MarketplaceClientID: "57da5c3c55a82bb4",
//	})
//	err = client.Meetings.DeleteUserProviderLink(ctx, "1e3943e8-ec66-4b83-9dd3-ed0d5dcb1f26")
//
// The API is v1 only.
package meetings
