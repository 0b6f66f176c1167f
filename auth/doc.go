// Package auth holds the credentials a pipedrive.Client authenticates with:
// a personal API token, or an OAuth 2.0 grant for apps that serve many
// Pipedrive companies.
//
// # API token
//
//	client, err := pipedrive.NewClient(auth.APIToken(os.Getenv("PIPEDRIVE_API_TOKEN")))
//
// The token travels only in the x-api-token header, never in a URL, and is
// hidden from the credential's string form.
//
// # OAuth 2.0
//
// An OAuthConfig describes the app (client id, secret, redirect URL). The
// backend sends the user to AuthCodeURL, Pipedrive redirects back to the
// callback, and ExchangeCallback (ParseCallback then Exchange) turns the
// code into a Token:
//
//	cfg := &auth.OAuthConfig{ClientID: id, ClientSecret: secret, RedirectURL: "https://app.example/callback"}
//	http.Redirect(w, r, cfg.AuthCodeURL(state), http.StatusFound)   // in /login
//	tok, err := cfg.ExchangeCallback(ctx, r, state)                 // in /callback
//	if errors.Is(err, auth.ErrUserDenied) { ... }                   // the user said no
//
// OAuth wraps the token into a credential. The client sends its requests to
// the token's api_domain and the credential keeps the token alive by itself.
// Since the Bearer token goes to the api_domain, only https hosts under
// pipedrive.com are trusted by default; any other (from an exchange, a
// refresh or the store) is refused with an error matching
// ErrUntrustedAPIDomain before anything is sent, unless
// OAuthConfig.AllowedAPIDomains names it (a test server, a proxy). Token
// and revoke requests never follow redirects.
//
//	cred := auth.OAuth(cfg, tok, auth.WithTokenStore(store, "company:user"))
//	client, err := pipedrive.NewClient(cred)
//
// The access token is renewed lazily, by the first request that finds it
// within a minute of expiry (WithRefreshSkew), and after a 401, once; the
// rejected request is then sent again, once. However many goroutines need
// a renewal at the same moment, one token request is sent and the others
// wait for it. A refresh token that Pipedrive no longer accepts (revoked,
// or unused for 60 days) gives an error matching ErrInvalidGrant, at once
// and without retrying: the user must authorize the app again.
//
// # Persistence and many tenants
//
// Refresh tokens can change on every renewal, so a credential built with
// WithTokenStore saves each new token to a TokenStore, under a key the
// application chooses, and LoadOAuth resumes from it after a restart.
// MemoryTokenStore keeps tokens in memory; a database-backed store is a
// few lines (see the TokenStore example). Before refreshing, the credential
// loads the stored token, so that processes sharing one store follow each
// other's refreshes instead of racing with stale refresh tokens. A store
// that also implements TokenLocker (MemoryTokenStore does; TokenLocker
// shows Redis and SQL recipes) makes the processes refresh one at a time.
// Token endpoints that rotate refresh tokens refuse a used one with
// invalid_grant; before declaring the grant dead, the credential reads the
// store again and adopts the token another process saved. A store that
// panics fails the waiting requests with ErrStorePanic, not the process.
//
// A credential owns no goroutine and no timer, so a backend can hold one
// per company by the ten thousand. Its LimitKey, under which the rate
// limiter keeps its budget, is fixed at construction (a hash of the client
// id and store key, or of the first refresh token) and survives every
// refresh; Kind reports KindOAuth, which selects the OAuth column of the
// rate-limit plans. WithIdentity tells it the company and user the grant
// is for (IdentityProvider), so that the client's limiter keeps the daily
// write budget per user and the token budget per company, shared with the
// user's and the company's other credentials, as Pipedrive counts them.
//
// # Secrets
//
// Tokens and the client secret never appear in a URL, an error, a log line
// or the output of fmt and log/slog: Token, OAuthConfig and the
// credentials redact them. Token's JSON form keeps them, because it is
// the storage format; never log it.
package auth
