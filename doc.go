// Package pipedrive is a typed client for the Pipedrive CRM API that paces
// itself to Pipedrive's rate limits.
//
// Build one Client per credential and share it between goroutines:
//
//	client, err := pipedrive.NewClient(auth.APIToken(os.Getenv("PIPEDRIVE_API_TOKEN")))
//	if err != nil { ... }
//	me, err := client.Users.Me(ctx)
//
// Every request goes through one core that authenticates it (the token
// travels in a header, never in a URL), asks the rate limiter for a slot,
// retries what is safe to retry (a 429 after the server's reset; a 5xx or a
// broken connection only for GET, HEAD, PUT and DELETE), and decodes
// Pipedrive's v1 and v2 envelopes. A POST or PATCH whose outcome is unknown
// is never sent twice: its error matches ErrOutcomeUnknown.
//
// Errors from the API are *Error values; match them with errors.As, or
// with errors.Is against ErrNotFound, ErrUnauthorized, ErrBlocked and the
// other sentinels. Lists are iterators (iter.Seq2) that fetch pages lazily.
package pipedrive
