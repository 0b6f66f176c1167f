// Package pipedrivetest is a fake Pipedrive server for testing integrations
// without a Pipedrive account or network access.
//
// A test starts one on a loopback port and points a client at its URL:
//
//	srv := pipedrivetest.NewServer(t)
//	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
//
// # What it serves
//
// The server keeps every record in memory and serves it the way
// Pipedrive's API does, v2 where Pipedrive has it and v1 for the rest:
//
//   - Deals, persons and organizations (v2, under /api/v2): create, get,
//     update (PATCH), delete and list with cursor pagination, filters
//     (owner, person, organization, pipeline, stage, ids, saved filters,
//     updated_since inclusive and updated_until exclusive, to the second)
//     and sorting; their /search endpoints; followers (list, add, delete,
//     changelog); the field definitions /dealFields, /personFields and
//     /organizationFields with preconfigured custom fields of several types
//     (see DefaultFields) whose values live under custom_fields keyed by
//     40-character hashes, and their writes: create, update and delete a
//     field, add, relabel and delete options, and the v1 bulk delete by
//     numeric id (see FieldID). Record values are checked against the
//     definitions of the moment.
//   - Their v1-only endpoints: changelogs (kept from every update), flows
//     (field changes, notes, activities, files and mail messages), files
//     and mail messages (seeded with AttachFile and AttachMailMessage),
//     permitted users and merges (the merged record's links move to the
//     survivor); deals' summary, timeline (and their archived twins),
//     duplicate, participants (list, add, delete, changelog).
//   - Deal products (v2): list, products of several deals, add one or many,
//     update, delete one or many; a deal with products is worth their
//     total.
//   - Products: create, get, update, delete, list, search, duplicate,
//     followers, images, variations, the product fields and their writes,
//     and the v1 list of a product's deals.
//   - Activities (v2, with activity fields) and activity types (v1, seeded
//     with the six standard types); notes, note comments and note fields
//     (v1).
//   - Archived and deleted deals: /deals/archived lists the archived deals,
//     which /deals leaves out, and a deleted deal stays listed under
//     status=deleted, marked is_deleted at its deletion's time, as
//     Pipedrive keeps it for 30 days.
//   - Projects: /api/v2/projects (with /archived, /search, /{id}/archive,
//     /{id}/changelog and /{id}/permittedUsers), /boards, /phases,
//     /projectTemplates, /tasks and /projectFields, and the v1 lists of a
//     project's /plan, /groups, /tasks and /activities. Every company
//     starts with a board "Delivery" whose phases are "Kick-off", "In
//     progress" and "Done", the templates "Client onboarding" and "Office
//     move" (a project made from one gets its groups, tasks and
//     activities), and, unless WithoutDefaultCustomFields is given, a
//     single-option custom project field "Category" (Internal, External,
//     Research) whose code is FieldKey("project", "Category").
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
//   - Files, mailbox, call logs, channels and meetings (v1): /files
//     (upload with multipart streamed to disk, list, get, update, delete,
//     /download of the stored content, /remote and /remoteLink for Google
//     Drive files; StoredFile gives an upload's size and SHA-256), the
//     mailbox's /mailThreads (by folder, get, update, delete, their
//     /mailMessages) and /mailMessages/{id}, seeded with the threads
//     "Welcome to Pipedrive" (inbox, two messages) and "Your offer" (sent),
//     /callLogs (each shown as a done call activity; recordings keep only
//     their size and digest, see CallRecording), /channels with their
//     received messages and conversations (ConversationMessages), and
//     /meetings/userProviderLinks. Uploads may be up to MaxUploadSize.
//   - Users (v1): list, find, get, create, update, me, permissions, role
//     assignments and settings, connections and settings; v2 followers of
//     a user. Every company starts with users 1, 2 and 3 and the users its
//     tokens act as; users 2 and 3 follow user 1.
//   - The item search (v2 /itemSearch and /itemSearch/field), currencies
//     (USD, EUR, GBP, JPY and more), recents (what changed since a time),
//     organization relationships.
//   - Company settings: saved filters (applied to the deal, person and
//     organization lists' filter_id; see FilterFieldID), goals with results
//     computed from the deals, roles with their assignments, settings and
//     pipeline visibility, permission sets (seeded), the legacy teams and
//     the subscription's add-ons (seeded).
//   - Webhook subscriptions (/v1/webhooks: list, create, delete), see
//     below.
//   - OAuth (under /oauth): /authorize (approves at once and redirects with
//     a code), /token (authorization_code and refresh_token grants, HTTP
//     Basic client authentication, api_domain pointing at the user's
//     company; refresh tokens rotate on every refresh and a used one gets
//     invalid_grant, unless WithStaticRefreshTokens) and /revoke.
//     OAuthConfig returns the auth.OAuthConfig of the server's app: its
//     endpoints, client id and secret, and every company's http URL among
//     the trusted api_domain values. GrantOAuth skips the browser.
//
// # Several companies
//
// One server can hold several companies (WithCompany), as an OAuth app
// serving many tenants sees them. Each has its own id, name, users, data,
// API tokens, OAuth grants, plan limits (WithRateLimit), daily token
// budget and api_domain: a loopback listener of its own, sharing the
// server's state. Company(id) returns a view of one company (a *Server
// whose URL, Token, UserToken, Seed, OAuthConfig, ... are that
// company's). A token belongs to one user of one company and sees only
// that company's data, at its company's URL or at the default company's
// (the main URL, which routes every token to its company as
// api.pipedrive.com does); /v1/users/me answers that user and company.
// At another company's URL a token gets 401. The default server has one
// company, CompanyID.
//
// # Limits
//
// Requests authenticate like Pipedrive's: an x-api-token header or an
// Authorization: Bearer access token; anything else gets 401 with
// Pipedrive's JSON body. Requests are limited like Pipedrive's too, per
// token: at most N in any rolling 2-second window (exactly, a sliding
// log; N from the company's plan), at most 10 searches in any 2 seconds, a
// daily budget of POST/PUT/PATCH requests per user, and optionally a daily
// token budget per company spent by endpoint cost. Every API response
// carries x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset (of
// the search window on search responses, of the general window on the
// others) and, for API tokens, x-daily-requests-left; a refused request
// gets 429 with {"success":false,"error":"request over limit",
// "errorCode":429}. Options add background spending of the window (as a
// user clicking in the web app does) and a 403 HTML block after repeated
// 429s.
//
// # Webhooks
//
// Webhook subscriptions made through /v1/webhooks receive webhook v2
// deliveries (with HTTP Basic authentication when configured) for the
// deals, persons and organizations created, changed and deleted through
// the API. A delivery fails on a status other than 2xx or no answer
// within 10 s (WithDeliveryTimeout) and is retried on Pipedrive's
// schedule, 3, 30 and 150 s after the failed attempt (WithDeliverySchedule
// scales it for tests), meta.attempt counting up; GET /v1/webhooks shows
// each subscription's last_delivery_time and last_http_status.
// Deliveries lists every attempt. Deliveries go only to loopback
// addresses.
//
// # Assertions and faults
//
// The server records what it saw for assertions (Stats, TokenStats,
// Requests), including the most requests admitted for a token in any 2
// seconds, and can inject faults (InjectFault): drop the connection after
// processing a write, answer 502 or 403 with an HTML page, or respond
// slowly.
//
// With WithClock the windows, daily budgets, token lifetimes and stored
// timestamps read a clock the test controls, so limits and time filters
// can be tested exactly.
package pipedrivetest
