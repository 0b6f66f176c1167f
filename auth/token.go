package auth

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"time"
)

// Token is an OAuth 2.0 grant for one Pipedrive user of one company, as the
// token endpoint hands it out, plus the absolute expiry computed when it was
// received.
//
// # Secrets and formatting
//
// AccessToken and RefreshToken are secrets. Every way of printing a Token
// hides them: String, GoString, fmt with any verb (%v, %+v, %#v, %s, ...)
// and log/slog (Token implements slog.LogValuer, which slog resolves before
// its text and JSON handlers see the value).
//
// JSON is the exception, on purpose: encoding/json marshals every field,
// secrets included, because JSON is the format a TokenStore persists and a
// store that silently dropped the refresh token would lose the grant. Never
// log the output of json.Marshal(token). Token deliberately has no
// MarshalText method: encoders that prefer MarshalText (YAML, TOML, slog's
// text handler) would otherwise store a redacted token without any error.
type Token struct {
	// AccessToken authorizes API requests (sent as a Bearer token). It
	// lives one hour.
	AccessToken string `json:"access_token"`
	// RefreshToken obtains new access tokens. It expires after 60 days
	// unused; every refresh renews it.
	RefreshToken string `json:"refresh_token,omitempty"`
	// TokenType is the scheme the token is sent with; Pipedrive says
	// "Bearer".
	TokenType string `json:"token_type,omitempty"`
	// Expiry is when AccessToken stops working. The zero time means
	// unknown: the token is used until the API rejects it with a 401.
	Expiry time.Time `json:"expiry,omitzero"`
	// Scopes are the permissions the user granted (for example "base",
	// "deals:full").
	Scopes []string `json:"scopes,omitempty"`
	// APIDomain is the company's own API server, such as
	// "https://example-company.pipedrive.com". A client built on this
	// token sends its requests there.
	APIDomain string `json:"api_domain,omitempty"`
}

const redacted = "[REDACTED]"

// secretMark tells whether a secret is present without showing it.
func secretMark(s string) string {
	if s == "" {
		return `""`
	}
	return redacted
}

// String describes the token without its secrets: whether they are set, the
// expiry, the scopes and the API domain.
func (t Token) String() string {
	var b strings.Builder
	b.WriteString("auth.Token{AccessToken:")
	b.WriteString(secretMark(t.AccessToken))
	b.WriteString(" RefreshToken:")
	b.WriteString(secretMark(t.RefreshToken))
	if !t.Expiry.IsZero() {
		b.WriteString(" Expiry:")
		b.WriteString(t.Expiry.UTC().Format(time.RFC3339))
	}
	if len(t.Scopes) > 0 {
		b.WriteString(" Scopes:")
		b.WriteString(strings.Join(t.Scopes, ","))
	}
	if t.APIDomain != "" {
		b.WriteString(" APIDomain:")
		b.WriteString(t.APIDomain)
	}
	b.WriteString("}")
	return b.String()
}

// GoString is String, so that %#v hides the secrets too.
func (t Token) GoString() string { return t.String() }

// Format prints String for every verb, so that no fmt verb (not even %d or
// %x, which bypass String) can print the secrets.
func (t Token) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, t.String()) }

// LogValue makes log/slog print the token's non-secret fields only.
func (t Token) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.String("access_token", secretMark(t.AccessToken)),
		slog.String("refresh_token", secretMark(t.RefreshToken)),
	}
	if !t.Expiry.IsZero() {
		attrs = append(attrs, slog.Time("expiry", t.Expiry))
	}
	if len(t.Scopes) > 0 {
		attrs = append(attrs, slog.String("scopes", strings.Join(t.Scopes, ",")))
	}
	if t.APIDomain != "" {
		attrs = append(attrs, slog.String("api_domain", t.APIDomain))
	}
	return slog.GroupValue(attrs...)
}

// expiresWithin reports whether the access token is missing or expires
// before now+d. A token with an unknown (zero) expiry never expires here.
func (t *Token) expiresWithin(now time.Time, d time.Duration) bool {
	if t.AccessToken == "" {
		return true
	}
	if t.Expiry.IsZero() {
		return false
	}
	return !now.Add(d).Before(t.Expiry)
}

// clone returns a deep copy, so that callers can never change a token the
// credential or a store holds.
func (t *Token) clone() *Token {
	if t == nil {
		return nil
	}
	c := *t
	if t.Scopes != nil {
		c.Scopes = append([]string(nil), t.Scopes...)
	}
	return &c
}

// ErrUntrustedAPIDomain is matched by the error for a token whose
// api_domain the config does not trust: not an https host under
// pipedrive.com, nor one of OAuthConfig.AllowedAPIDomains. The token is
// refused before anything is sent to that domain. errors.As with
// *APIDomainError tells which domain and why.
var ErrUntrustedAPIDomain = errors.New("pipedrive/auth: untrusted api_domain")

// APIDomainError reports an api_domain that the config does not trust,
// from a code exchange, a refresh or a stored token. It matches
// ErrUntrustedAPIDomain.
type APIDomainError struct {
	// Domain is the refused value's scheme and host ("http://evil.example");
	// never its path or query. Empty when it does not parse.
	Domain string
	// Reason says what is wrong with it.
	Reason string
}

// Error names the domain and the way to trust it.
func (e *APIDomainError) Error() string {
	d := e.Domain
	if d == "" {
		d = "(unreadable)"
	}
	return "pipedrive/auth: api_domain " + d + " refused: " + e.Reason +
		"; no token was sent there (a test server or proxy is trusted with OAuthConfig.AllowedAPIDomains)"
}

// Is makes errors.Is(err, ErrUntrustedAPIDomain) true.
func (e *APIDomainError) Is(target error) bool { return target == ErrUntrustedAPIDomain }

// PipedriveDomain is the domain whose https hosts an api_domain may name
// by default: Pipedrive gives each company "https://<company>.pipedrive.com".
const PipedriveDomain = "pipedrive.com"

// checkAPIDomain reports whether the config trusts s, a token's
// api_domain, as the server its Bearer token may be sent to. An empty
// api_domain (the client then uses the default base URL) is fine. By
// default only https hosts under pipedrive.com (on the standard port)
// are; AllowedAPIDomains adds exact origins. The error never carries the
// given secrets (a hostile host name could).
func (c *OAuthConfig) checkAPIDomain(s string, secrets ...string) error {
	if s == "" {
		return nil
	}
	refuse := func(origin, reason string) error {
		return &APIDomainError{Domain: truncate(c.redact(origin, secrets...), 100), Reason: reason}
	}
	u, err := url.Parse(s)
	if err != nil || u.Opaque != "" || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return refuse("", "not an absolute http(s) URL")
	}
	origin := strings.ToLower(u.Scheme + "://" + u.Host)
	if u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || (u.Path != "" && u.Path != "/") {
		return refuse(origin, "not a bare origin (it has user information, a path, a query or a fragment)")
	}
	for _, a := range c.AllowedAPIDomains {
		if o, ok := originOf(a); ok && o == origin {
			return nil
		}
	}
	host := strings.ToLower(u.Hostname())
	switch {
	case u.Scheme != "https":
		return refuse(origin, "not https")
	case u.Port() != "" && u.Port() != "443":
		return refuse(origin, "not on the standard https port")
	case host != PipedriveDomain && !strings.HasSuffix(host, "."+PipedriveDomain):
		return refuse(origin, "not a host under "+PipedriveDomain)
	}
	return nil
}

// originOf normalizes an AllowedAPIDomains entry: scheme://host[:port],
// lower case, without a trailing slash.
func originOf(s string) (string, bool) {
	u, err := url.Parse(strings.TrimRight(s, "/"))
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") ||
		u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.Path != "" {
		return "", false
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), true
}

// parseScopes splits a scope parameter. Pipedrive separates scopes with
// commas; RFC 6749 with spaces; both are accepted.
func parseScopes(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
	if len(f) == 0 {
		return nil
	}
	return f
}
