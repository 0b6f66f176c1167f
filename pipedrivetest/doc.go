// Package pipedrivetest is a fake Pipedrive server for testing integrations
// without a Pipedrive account or network access.
//
// A test starts one on a loopback port and points a client at its URL:
//
//	srv := pipedrivetest.NewServer(t)
//	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
//
// The server keeps deals, persons and organizations in memory and serves
// them the way Pipedrive's API does:
//
//   - v2 (under /api/v2): create, get, update (PATCH), delete and list with
//     cursor pagination for /deals, /persons and /organizations; their
//     /search endpoints; the field definitions /dealFields, /personFields
//     and /organizationFields, with preconfigured custom fields of several
//     types (see DefaultFields) whose values live under custom_fields keyed
//     by 40-character hashes.
//   - v1 (under /v1): /users/me, /webhooks (list, create, delete) and
//     /deals/{id}/participants (list with start/limit pagination, add).
//   - OAuth (under /oauth): /authorize (approves at once and redirects with
//     a code), /token (authorization_code and refresh_token grants, HTTP
//     Basic client authentication, api_domain pointing back at the server;
//     refresh tokens rotate on every refresh and a used one gets
//     invalid_grant, unless WithStaticRefreshTokens) and /revoke.
//     OAuthConfig returns the auth.OAuthConfig of the server's app, with
//     the server's own http URL among the trusted api_domain values.
//
// Requests authenticate like Pipedrive's: an x-api-token header or an
// Authorization: Bearer access token; anything else gets 401 with
// Pipedrive's JSON body. Requests are limited like Pipedrive's too, per
// token: at most N in any rolling 2-second window (exactly, a sliding log),
// at most 10 searches in any 2 seconds, a daily budget of POST/PUT/PATCH
// requests per user, and optionally a daily token budget spent by endpoint
// cost. Every API response carries x-ratelimit-limit, x-ratelimit-remaining,
// x-ratelimit-reset (of the search window on search responses, of the
// general window on the others) and, for API tokens, x-daily-requests-left; a refused
// request gets 429 with {"success":false,"error":"request over limit",
// "errorCode":429}. Options add background spending of the window (as a
// user clicking in the web app does) and a 403 HTML block after repeated
// 429s.
//
// Webhook subscriptions made through /v1/webhooks receive webhook v2
// deliveries (with HTTP Basic authentication when configured) for the
// objects created, changed and deleted through the API; Deliveries lists
// them. Deliveries go only to loopback addresses.
//
// The server records what it saw for assertions (Stats, TokenStats,
// Requests), including the most requests admitted for a token in any 2
// seconds, and can inject faults (InjectFault): drop the connection after
// processing a write, answer 502 or 403 with an HTML page, or respond slowly.
//
// With WithClock the windows, daily budgets and token lifetimes read a
// clock the test controls, so limits can be tested exactly.
package pipedrivetest
