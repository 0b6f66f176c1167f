package meetings

import "github.com/pipedrive-go/pipedrive/crm"

// LinkResult is Pipedrive's confirmation of a new link. See
// crm.UserProviderLinkResult.
type LinkResult = crm.UserProviderLinkResult

// UserProviderLinkParams links a user to the video call integration; every
// field is required.
type UserProviderLinkParams struct {
	// UserProviderID is the integration's own id of the link (a UUID);
	// DeleteUserProviderLink takes it.
	UserProviderID string `json:"user_provider_id" pipedrive:"required"`
	// UserID and CompanyID are the Pipedrive user and company.
	UserID    int64 `json:"user_id" pipedrive:"required"`
	CompanyID int64 `json:"company_id" pipedrive:"required"`
	// MarketplaceClientID is the client id of the integration's app in the
	// Pipedrive Marketplace.
	MarketplaceClientID string `json:"marketplace_client_id" pipedrive:"required"`
}
