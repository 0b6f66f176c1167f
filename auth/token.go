package auth

import (
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

const redacted = "[redacted]"

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

// validateAPIDomain checks that an api_domain, when present, is an absolute
// http(s) URL without user information, query or fragment.
func validateAPIDomain(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("pipedrive/auth: api_domain %q is not a URL", s)
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil ||
		u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("pipedrive/auth: api_domain %q is not an absolute http(s) URL", s)
	}
	return nil
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
