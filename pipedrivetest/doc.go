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
//     cursor pagination for /deals, /persons and /organizations (filtered
//     by updated_since and updated_until, sorted by id, add or update time;
//     /deals/archived lists the archived deals, which /deals leaves out, and
//     a deleted deal stays listed under status=deleted, marked is_deleted at
//     its deletion's time, as Pipedrive keeps it for 30 days); their
//     /search endpoints; the field definitions /dealFields, /personFields
//     and /organizationFields, with preconfigured custom fields of several
//     types (see DefaultFields) whose values live under custom_fields keyed
//     by 40-character hashes.
//   - v2 /itemSearch, the search across deals, persons and organizations
//     (with related items), and /itemSearch/field, the search of one
//     field's values; /users/{id}/followers.
//   - v1 (under /v1): /users (list, find, get, create, update, me,
//     permissions, role assignments and settings; the server starts with
//     users 1, 2 and 3 and the users its tokens act as, and users 2 and 3
//     follow user 1), /userConnections, /userSettings, /currencies (USD,
//     EUR, GBP, JPY and more), /recents (the deals, persons, organizations
//     and users changed since a time), /organizationRelationships (list,
//     get, create, update, delete), /webhooks (list, create, delete) and
//     /deals/{id}/participants (list with start/limit pagination, add).
//   - Projects: /api/v2/projects (with /archived, /search, /{id}/archive,
//     /{id}/changelog and /{id}/permittedUsers), /boards, /phases,
//     /projectTemplates, /tasks and /projectFields, and the v1 lists of a
//     project's /plan, /groups, /tasks and /activities. Every server starts
//     with a board "Delivery" whose phases are "Kick-off", "In progress" and
//     "Done", the templates "Client onboarding" and "Office move" (a project
//     made from one gets its groups, tasks and activities), and, unless
//     WithoutDefaultCustomFields is given, a single-option custom project
//     field "Category" (Internal, External, Research) whose code is
//     FieldKey("project", "Category").
//   - Pipelines and stages: v2 create, get, update, delete and sorted
//     lists; a default pipeline, "Sales pipeline" (DefaultPipelineID),
//     with five stages (ids 1 to 5: "Qualified", "Contact Made", "Demo
//     Scheduled", "Proposal Made", "Negotiations Started"), where deals
//     land by default; v1 /pipelines/{id}/deals and /stages/{id}/deals
//     (open deals, with the deals summary), and conversion and movement
//     statistics computed from the stored deals.
//   - Leads (v1, UUID ids): create, get, update, delete, the lists of
//     leads and archived leads with their filters and sorting, permitted
//     users; lead labels (seeded "Hot", "Warm" and "Cold"), lead sources
//     and lead fields; the deal custom fields in v1's top-level form; v2
//     lead search, and the conversion of a lead into a deal (done at once:
//     its status is completed when the call returns).
//   - OAuth (under /oauth): /authorize (approves at once and redirects with
//     a code), /token (authorization_code and refresh_token grants, HTTP
//     Basic client authentication, api_domain pointing back at the server)
//     and /revoke.
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
