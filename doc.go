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
//
// Any call fills a Response when its context comes from WithResponse
// (status, headers, attempts, rate-limit headers, the limiter's state);
// Client.RateLimit reads the limiter's state of the client's credential
// without a request; Client.NewRequest and Client.Do call an endpoint the
// SDK has no method for, through the same core.
//
// # Process-wide state
//
// Two things are shared by the clients of a process unless a client is
// given its own: the rate limiter (ratelimit.Default, because Pipedrive
// counts every request of a token against one budget; see WithLimiter),
// and the HTTP transport (clients built without WithHTTPClient share one,
// so that idle connections are pooled and bounded process-wide, at most
// 256 idle connections and 64 per host, and an idle client holds no
// connection and no goroutine: thousands of tenant clients stay cheap).
// Neither holds a credential; clients with different WithTimeouts dial,
// TLS or response-header timeouts get different shared transports.
package pipedrive
