// Package auth holds the credentials a pipedrive.Client authenticates with.
//
// A personal API token:
//
//	client, err := pipedrive.NewClient(auth.APIToken(os.Getenv("PIPEDRIVE_API_TOKEN")))
//
// The token travels only in the x-api-token header, never in a URL, and is
// hidden from the credential's string form. Each credential exposes a
// LimitKey, a hash of its secret, under which the rate limiter keeps its
// budget.
package auth
