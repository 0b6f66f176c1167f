package crm

// UserProviderLinkResult is Pipedrive's answer to a video call
// integration that links a user to it (the v1 meetings endpoints): a
// human-readable confirmation.
//
// It is defined here and aliased as meetings.LinkResult.
type UserProviderLinkResult struct {
	// Message confirms the change ("The user was added successfully").
	Message string `json:"message"`
}
