package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// Pipedrive's OAuth 2.0 endpoints, the defaults of OAuthConfig.
const (
	DefaultAuthURL   = "https://oauth.pipedrive.com/oauth/authorize"
	DefaultTokenURL  = "https://oauth.pipedrive.com/oauth/token"
	DefaultRevokeURL = "https://oauth.pipedrive.com/oauth/revoke"
)

// Errors of the OAuth flow. Match them with errors.Is.
var (
	// ErrUserDenied is matched by the error of ParseCallback when the user
	// refused to authorize the app (Pipedrive redirects with
	// error=user_denied).
	ErrUserDenied = errors.New("pipedrive/auth: the user denied the authorization request")
	// ErrStateMismatch is returned by ParseCallback when the callback's
	// state parameter is not the one the authorization started with: the
	// request may be forged and its code must not be exchanged.
	ErrStateMismatch = errors.New("pipedrive/auth: OAuth callback state does not match")
	// ErrMissingCode is returned by ParseCallback when the callback carries
	// neither a code nor an error.
	ErrMissingCode = errors.New("pipedrive/auth: OAuth callback has no authorization code")
	// ErrInvalidGrant is matched by a *TokenError when the token endpoint
	// answered invalid_grant: the authorization code or refresh token is
	// invalid, expired, already used or revoked. Retrying cannot help; the
	// user must authorize the app again.
	ErrInvalidGrant = errors.New("pipedrive/auth: grant is invalid, expired or revoked; the user must authorize the app again")
	// ErrNoRefreshToken is returned when an access token must be renewed
	// but the token has no refresh token.
	ErrNoRefreshToken = errors.New("pipedrive/auth: access token expired and there is no refresh token")
	// ErrInvalidConfig is matched by the error of an OAuthConfig method or
	// credential whose config is nil or lacks the client id or secret.
	ErrInvalidConfig = errors.New("pipedrive/auth: invalid OAuth configuration")
)

// OAuthConfig is a Pipedrive OAuth 2.0 app: its client credentials and
// redirect URL, from the app's settings in Pipedrive's Developer Hub. It
// builds the authorization URL, exchanges codes, refreshes and revokes
// tokens, and creates credentials (see OAuth).
//
// An OAuthConfig is safe for concurrent use as long as its fields are not
// changed after first use. Printing it with fmt or slog hides ClientSecret.
type OAuthConfig struct {
	// ClientID is the app's client id.
	ClientID string
	// ClientSecret is the app's client secret. It is only ever sent in
	// the Authorization header of token and revoke requests.
	ClientSecret string
	// RedirectURL is the callback URL registered for the app.
	RedirectURL string

	// AuthURL, TokenURL and RevokeURL override Pipedrive's endpoints
	// (DefaultAuthURL, DefaultTokenURL, DefaultRevokeURL) when set, for
	// example to point at a test server.
	AuthURL   string
	TokenURL  string
	RevokeURL string

	// AllowedAPIDomains are the api_domain values trusted besides
	// Pipedrive's own, each an exact origin ("scheme://host[:port]"), for
	// a test server (pipedrivetest's OAuthConfig sets its own URL) or a
	// proxy. By default a token's api_domain must be an https host under
	// pipedrive.com; any other is refused with an error matching
	// ErrUntrustedAPIDomain, on exchange, refresh and when a stored token
	// is used, before the Bearer token is sent anywhere.
	AllowedAPIDomains []string

	// HTTPClient sends token and revoke requests. It is copied, and never
	// follows a redirect, whatever its CheckRedirect says: a redirected
	// token request would hand the client secret and the code or refresh
	// token to the target. Nil means net/http's default transport with a
	// 30-second timeout.
	HTTPClient *http.Client
}

// tokenRequestTimeout bounds a token or revoke request when the config
// has no HTTPClient of its own.
const tokenRequestTimeout = 30 * time.Second

// String describes the config without its client secret.
func (c OAuthConfig) String() string {
	return fmt.Sprintf("auth.OAuthConfig{ClientID:%s ClientSecret:%s RedirectURL:%s}",
		c.ClientID, secretMark(c.ClientSecret), c.RedirectURL)
}

// GoString is String, so that %#v hides the secret too.
func (c OAuthConfig) GoString() string { return c.String() }

// Format prints String for every fmt verb.
func (c OAuthConfig) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// LogValue makes log/slog print the config without its client secret.
func (c OAuthConfig) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("client_id", c.ClientID),
		slog.String("client_secret", secretMark(c.ClientSecret)),
		slog.String("redirect_url", c.RedirectURL),
	)
}

func (c *OAuthConfig) authURL() string   { return orDefault(c.AuthURL, DefaultAuthURL) }
func (c *OAuthConfig) tokenURL() string  { return orDefault(c.TokenURL, DefaultTokenURL) }
func (c *OAuthConfig) revokeURL() string { return orDefault(c.RevokeURL, DefaultRevokeURL) }

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// httpClient is the client of token and revoke requests: the config's
// (copied) or a default one, never following redirects.
func (c *OAuthConfig) httpClient() *http.Client {
	hc := &http.Client{Timeout: tokenRequestTimeout}
	if c.HTTPClient != nil {
		cp := *c.HTTPClient
		hc = &cp
	}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return hc
}

// redirectHost is the host a redirect answer points to (never its path or
// query), or "" for an answer that is not a redirect.
func redirectHost(resp *http.Response) string {
	if resp == nil || resp.StatusCode < 300 || resp.StatusCode >= 400 {
		return ""
	}
	base := &url.URL{}
	if resp.Request != nil && resp.Request.URL != nil {
		base = resp.Request.URL
	}
	u, err := base.Parse(resp.Header.Get("Location"))
	if err != nil || u.Host == "" {
		return "an unreadable location"
	}
	return u.Host
}

// redirectRefused describes a refused redirect of a token request.
func redirectRefused(host string) string {
	return "redirect to " + host + " refused (the token endpoint does not redirect; nothing was sent there)"
}

// validate reports what is missing for token requests.
func (c *OAuthConfig) validate() error {
	switch {
	case c == nil:
		return fmt.Errorf("%w: nil config", ErrInvalidConfig)
	case c.ClientID == "":
		return fmt.Errorf("%w: empty client id", ErrInvalidConfig)
	case c.ClientSecret == "":
		return fmt.Errorf("%w: empty client secret", ErrInvalidConfig)
	}
	for _, a := range c.AllowedAPIDomains {
		if _, ok := originOf(a); !ok {
			return fmt.Errorf("%w: AllowedAPIDomains entry %q is not an http(s) origin (scheme://host[:port])", ErrInvalidConfig, truncate(a, 100))
		}
	}
	return nil
}

// oauth2Config is the x/oauth2 view of c. Client credentials always go in
// an HTTP Basic Authorization header, as Pipedrive requires.
func (c *OAuthConfig) oauth2Config() *oauth2.Config {
	return &oauth2.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		RedirectURL:  c.RedirectURL,
		Endpoint: oauth2.Endpoint{
			AuthURL:   c.authURL(),
			TokenURL:  c.tokenURL(),
			AuthStyle: oauth2.AuthStyleInHeader,
		},
	}
}

// AuthCodeURL returns the URL of Pipedrive's consent page, where the
// backend redirects the user to install or authorize the app. state must
// be an unguessable value bound to the user's session (see NewState); the
// callback must check it (ParseCallback does). A nil config returns "".
func (c *OAuthConfig) AuthCodeURL(state string) string {
	if c == nil {
		return ""
	}
	return c.oauth2Config().AuthCodeURL(state)
}

// NewState returns a random, URL-safe state value for AuthCodeURL (32
// bytes from crypto/rand).
func NewState() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("pipedrive/auth: generate state: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// CallbackError is the error Pipedrive reported on the redirect to the
// app's callback URL instead of a code (the error and error_description
// query parameters). A denial by the user matches ErrUserDenied.
type CallbackError struct {
	Code        string // the error parameter, e.g. "user_denied"
	Description string // the error_description parameter, if any
}

// Error describes the callback error.
func (e *CallbackError) Error() string {
	if e.Code == "user_denied" {
		return ErrUserDenied.Error()
	}
	s := "pipedrive/auth: OAuth callback error " + strconvQuote(e.Code)
	if e.Description != "" {
		s += ": " + strconvQuote(e.Description)
	}
	return s
}

// Is makes errors.Is(err, ErrUserDenied) true for a user_denied callback.
func (e *CallbackError) Is(target error) bool {
	return target == ErrUserDenied && e.Code == "user_denied"
}

// ParseCallback reads the query of a request to the app's callback URL and
// returns its authorization code. wantState is the state the authorization
// started with; the callback's state must equal it (compared in constant
// time). An empty wantState never matches: a session lookup that comes
// back empty must not switch the CSRF check off.
//
// Errors: a *CallbackError when Pipedrive reported one (matching
// ErrUserDenied when the user refused; reported whatever the state, since
// a refusal grants nothing), ErrStateMismatch, ErrMissingCode.
func ParseCallback(r *http.Request, wantState string) (code string, err error) {
	if r == nil || r.URL == nil {
		return "", ErrMissingCode
	}
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		return "", &CallbackError{Code: truncate(e, 100), Description: truncate(q.Get("error_description"), 300)}
	}
	if wantState == "" || subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(wantState)) != 1 {
		return "", ErrStateMismatch
	}
	code = q.Get("code")
	if code == "" {
		return "", ErrMissingCode
	}
	return code, nil
}

// ExchangeCallback is ParseCallback followed by Exchange: it turns the
// request to the callback URL into a token.
func (c *OAuthConfig) ExchangeCallback(ctx context.Context, r *http.Request, wantState string) (*Token, error) {
	code, err := ParseCallback(r, wantState)
	if err != nil {
		return nil, err
	}
	return c.Exchange(ctx, code)
}

// Exchange trades an authorization code (valid 5 minutes, usable once) for
// a token. The request is a form-encoded POST to the token endpoint with
// the client credentials in an HTTP Basic Authorization header. Errors from
// the token endpoint are *TokenError values.
func (c *OAuthConfig) Exchange(ctx context.Context, code string) (*Token, error) {
	return c.exchange(ctx, code, time.Now)
}

func (c *OAuthConfig) exchange(ctx context.Context, code string, now func() time.Time) (*Token, error) {
	if ctx == nil {
		return nil, errNilContext
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	if code == "" {
		return nil, ErrMissingCode
	}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, c.httpClient())
	ot, err := c.oauth2Config().Exchange(ctx, code)
	if err != nil {
		return nil, c.tokenError("exchange", err, code)
	}
	return c.fromOAuth2(ot, now(), "exchange", code)
}

// Refresh obtains a new access token with refreshToken. The returned token
// keeps refreshToken when the server does not send a new one. Errors from
// the token endpoint are *TokenError values; a revoked or expired refresh
// token matches ErrInvalidGrant.
//
// Most programs never call Refresh: a credential from OAuth refreshes by
// itself.
func (c *OAuthConfig) Refresh(ctx context.Context, refreshToken string) (*Token, error) {
	return c.refresh(ctx, refreshToken, time.Now)
}

func (c *OAuthConfig) refresh(ctx context.Context, refreshToken string, now func() time.Time) (*Token, error) {
	if ctx == nil {
		return nil, errNilContext
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	if refreshToken == "" {
		return nil, ErrNoRefreshToken
	}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, c.httpClient())
	// An empty access token makes the source refresh at once.
	ot, err := c.oauth2Config().TokenSource(ctx, &oauth2.Token{RefreshToken: refreshToken}).Token()
	if err != nil {
		return nil, c.tokenError("refresh", err, refreshToken)
	}
	return c.fromOAuth2(ot, now(), "refresh", refreshToken)
}

// fromOAuth2 converts and checks a token endpoint answer. The expiry is
// computed from expires_in against now (so that a test clock applies).
func (c *OAuthConfig) fromOAuth2(ot *oauth2.Token, now time.Time, op, sent string) (*Token, error) {
	t := &Token{
		AccessToken:  ot.AccessToken,
		RefreshToken: ot.RefreshToken,
		TokenType:    ot.TokenType,
		Expiry:       ot.Expiry,
	}
	if ot.ExpiresIn > 0 {
		t.Expiry = now.Add(time.Duration(ot.ExpiresIn) * time.Second)
	}
	if s, ok := ot.Extra("scope").(string); ok {
		t.Scopes = parseScopes(s)
	}
	if d, ok := ot.Extra("api_domain").(string); ok {
		t.APIDomain = strings.TrimRight(d, "/")
	}
	if t.TokenType != "" && !strings.EqualFold(t.TokenType, "bearer") {
		return nil, &TokenError{Op: op, Code: "unsupported_token_type",
			Description: truncate(c.redact(t.TokenType, sent, t.AccessToken, t.RefreshToken), 50)}
	}
	if err := c.checkAPIDomain(t.APIDomain, sent, t.AccessToken, t.RefreshToken); err != nil {
		return nil, &TokenError{Op: op, Code: "untrusted_api_domain", cause: err,
			msg: "pipedrive/auth: " + op + " token: " + strings.TrimPrefix(err.Error(), "pipedrive/auth: ")}
	}
	return t, nil
}

// TokenError is an error from the token or revoke endpoint, or from
// reaching it. It never holds a secret: the server's description is
// scrubbed of the client secret and of the tokens involved, and the
// response body is not kept.
type TokenError struct {
	// Op is "exchange", "refresh" or "revoke".
	Op string
	// StatusCode is the HTTP status of the answer, 0 when none arrived.
	StatusCode int
	// Code is the OAuth error code (RFC 6749 section 5.2), such as
	// "invalid_grant" or "invalid_client"; empty when the server sent
	// none.
	Code string
	// Description is the server's error_description, scrubbed.
	Description string

	cause error // transport, context or *APIDomainError, nil for a server answer
	msg   string
}

// Error describes the failure without secrets.
func (e *TokenError) Error() string {
	if e.msg != "" {
		return e.msg
	}
	var b strings.Builder
	b.WriteString("pipedrive/auth: ")
	b.WriteString(e.Op)
	b.WriteString(" token")
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, ": HTTP %d", e.StatusCode)
	}
	if e.Code != "" {
		b.WriteString(": ")
		b.WriteString(e.Code)
	}
	if e.Description != "" {
		b.WriteString(": ")
		b.WriteString(e.Description)
	}
	if e.Code == "invalid_grant" {
		b.WriteString(" (the user must authorize the app again)")
	}
	return b.String()
}

// Is makes errors.Is(err, ErrInvalidGrant) true for invalid_grant.
func (e *TokenError) Is(target error) bool {
	return target == ErrInvalidGrant && e.Code == "invalid_grant"
}

// Unwrap returns the transport or context error behind e, if any, so that
// errors.Is(err, context.DeadlineExceeded) works, or the *APIDomainError of
// a token whose api_domain is not trusted.
func (e *TokenError) Unwrap() error { return e.cause }

// Permanent reports whether retrying the same request cannot succeed:
// the grant or the client credentials were rejected, or the token
// endpoint hands out an api_domain the config does not trust.
func (e *TokenError) Permanent() bool {
	switch e.Code {
	case "invalid_grant", "invalid_client", "unauthorized_client", "unsupported_grant_type", "invalid_scope",
		"untrusted_api_domain":
		return true
	}
	return e.StatusCode == http.StatusUnauthorized
}

// tokenError turns an error of x/oauth2 into a *TokenError. The
// oauth2.RetrieveError is not wrapped: its Error method prints the
// response body, which is not ours to trust.
func (c *OAuthConfig) tokenError(op string, err error, secrets ...string) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		te := &TokenError{Op: op, Code: truncate(c.redact(re.ErrorCode, secrets...), 100)}
		if re.Response != nil {
			te.StatusCode = re.Response.StatusCode
		}
		if host := redirectHost(re.Response); host != "" {
			te.Code, te.Description = "", truncate(c.redact(redirectRefused(host), secrets...), 300)
			return te
		}
		te.Description = truncate(c.redact(re.ErrorDescription, secrets...), 300)
		if te.Code == "" || te.Description == "" {
			// Pipedrive's own error shape: {"success":false,"error":...,"message":...}
			code, desc := pipedriveErrorBody(re.Body)
			if te.Code == "" {
				te.Code = truncate(c.redact(code, secrets...), 100)
			}
			if te.Description == "" {
				te.Description = truncate(c.redact(desc, secrets...), 300)
			}
		}
		return te
	}
	te := &TokenError{Op: op, cause: err}
	te.msg = c.redact(fmt.Sprintf("pipedrive/auth: %s token: %v", op, err), secrets...)
	return te
}

// pipedriveErrorBody reads {"error": "...", "message": "..."} leniently.
func pipedriveErrorBody(body []byte) (code, desc string) {
	var v struct {
		Error   any    `json:"error"`
		Message string `json:"message"`
	}
	if json.Unmarshal(body, &v) != nil {
		return "", ""
	}
	if s, ok := v.Error.(string); ok {
		code = s
	}
	return code, v.Message
}

// redact removes the client secret and the given secrets from s, as they
// are and in the URL-encoded form the token endpoint received them in.
// Redact before truncating, so that no cut can leave part of a secret.
func (c *OAuthConfig) redact(s string, secrets ...string) string {
	if s == "" {
		return s
	}
	for _, sec := range append([]string{c.ClientSecret}, secrets...) {
		if sec == "" {
			continue
		}
		s = strings.ReplaceAll(s, sec, redacted)
		if enc := url.QueryEscape(sec); enc != sec {
			s = strings.ReplaceAll(s, enc, redacted)
		}
	}
	return s
}

// Revoke revokes token's refresh token at Pipedrive, which ends the whole
// grant (its access tokens stop working too); with no refresh token it
// revokes the access token. The request is a form-encoded POST with the
// client credentials in an HTTP Basic Authorization header.
func (c *OAuthConfig) Revoke(ctx context.Context, token *Token) error {
	if ctx == nil {
		return errNilContext
	}
	if err := c.validate(); err != nil {
		return err
	}
	if token == nil || (token.RefreshToken == "" && token.AccessToken == "") {
		return fmt.Errorf("pipedrive/auth: revoke: %w", ErrEmptyToken)
	}
	form := url.Values{}
	if token.RefreshToken != "" {
		form.Set("token", token.RefreshToken)
		form.Set("token_type_hint", "refresh_token")
	} else {
		form.Set("token", token.AccessToken)
		form.Set("token_type_hint", "access_token")
	}
	secrets := []string{token.RefreshToken, token.AccessToken}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.revokeURL(), strings.NewReader(form.Encode()))
	if err != nil {
		return c.tokenError("revoke", err, secrets...)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.SetBasicAuth(url.QueryEscape(c.ClientID), url.QueryEscape(c.ClientSecret))
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return c.tokenError("revoke", err, secrets...)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	te := &TokenError{Op: "revoke", StatusCode: resp.StatusCode}
	if host := redirectHost(resp); host != "" {
		te.Description = truncate(c.redact(redirectRefused(host), secrets...), 300)
		return te
	}
	var v struct {
		Error            any    `json:"error"`
		ErrorDescription string `json:"error_description"`
		Message          string `json:"message"`
	}
	if json.Unmarshal(body, &v) == nil {
		if s, ok := v.Error.(string); ok {
			te.Code = truncate(c.redact(s, secrets...), 100)
		}
		te.Description = truncate(c.redact(orDefault(v.ErrorDescription, v.Message), secrets...), 300)
	}
	return te
}

// truncate shortens s to about n bytes without splitting a character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "..."
}

func strconvQuote(s string) string { return fmt.Sprintf("%q", s) }
