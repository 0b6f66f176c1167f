package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
)

// Kind tells which column of Pipedrive's rate-limit table a credential
// falls under: API tokens and OAuth access tokens get different limits.
type Kind uint8

const (
	// KindAPIToken is a personal API token sent in the x-api-token header.
	KindAPIToken Kind = iota + 1
	// KindOAuth is an OAuth 2.0 access token sent as a Bearer token.
	KindOAuth
)

// String returns "api_token" or "oauth".
func (k Kind) String() string {
	switch k {
	case KindAPIToken:
		return "api_token"
	case KindOAuth:
		return "oauth"
	default:
		return "unknown"
	}
}

// ErrEmptyToken is returned by NewClient (through Credential.Validate) when
// a credential carries no secret.
var ErrEmptyToken = errors.New("pipedrive/auth: empty token")

// Credential authenticates the requests of a client.
//
// Implementations must be safe for concurrent use. The secret must never
// appear in the string form of the credential, in errors or in logs.
type Credential interface {
	// Authenticate sets the authentication header(s) on h. It is called
	// before every attempt of every request, so a credential that rotates
	// its secret (OAuth) can refresh here.
	Authenticate(ctx context.Context, h http.Header) error
	// Kind tells which rate-limit column applies.
	Kind() Kind
	// LimitKey identifies the budget this credential spends. It is a hash
	// (of the secret, or for OAuth of a stable grant identity; never a
	// secret itself) and must stay the same for the credential's whole
	// life, including across refreshes.
	LimitKey() string
	// Validate reports whether the credential can be used at all.
	Validate() error
}

// BaseURLProvider is implemented by credentials that know the server the
// client must talk to (OAuth tokens carry the company's api_domain). A
// client built without WithBaseURL uses it.
type BaseURLProvider interface {
	BaseURL() string
}

// UnauthorizedHandler is implemented by credentials that can recover from
// a 401 response (OAuth: refresh the access token). The client calls it at
// most once per request; when it returns nil the request is sent again.
type UnauthorizedHandler interface {
	HandleUnauthorized(ctx context.Context) error
}

// UnauthorizedRequestHandler is an optional refinement of
// UnauthorizedHandler for credentials that rotate their secret: the client
// passes the header the rejected request was sent with, so the credential
// can tell a request that left with a token already replaced (send it
// again, no refresh) from the current token being rejected (refresh it
// once). A client calls it instead of HandleUnauthorized when the
// credential implements both; the same once-per-request rule applies.
type UnauthorizedRequestHandler interface {
	HandleUnauthorizedRequest(ctx context.Context, sent http.Header) error
}

// APIToken returns a credential that sends token in the x-api-token header.
// The token is never put in a URL. An empty token makes NewClient fail.
func APIToken(token string) Credential {
	return &apiToken{secret: token, key: HashKey("api_token", token)}
}

type apiToken struct {
	secret        string
	key           string
	company, user int64 // APITokenFor's identity
	identified    bool
}

func (t *apiToken) Authenticate(_ context.Context, h http.Header) error {
	if t.secret == "" {
		return ErrEmptyToken
	}
	h.Set("X-Api-Token", t.secret)
	return nil
}

func (t *apiToken) Kind() Kind       { return KindAPIToken }
func (t *apiToken) LimitKey() string { return t.key }

func (t *apiToken) Validate() error {
	if t.secret == "" {
		return ErrEmptyToken
	}
	if t.identified && (t.company <= 0 || t.user <= 0) {
		return errBadIdentity
	}
	return nil
}

// Identity returns APITokenFor's ids.
func (t *apiToken) Identity() (companyID, userID int64, ok bool) {
	if !t.identified || t.company <= 0 || t.user <= 0 {
		return 0, 0, false
	}
	return t.company, t.user, true
}

// String hides the secret.
func (t *apiToken) String() string { return "auth.APIToken(" + t.key + ")" }

// GoString hides the secret from %#v as well.
func (t *apiToken) GoString() string { return t.String() }

// Format prints String for every verb: without it, verbs such as %d or %t
// would print the struct's fields, the token among them.
func (t *apiToken) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, t.String()) }

// LogValue makes log/slog print the limit key only.
func (t *apiToken) LogValue() slog.Value {
	return slog.GroupValue(slog.String("kind", KindAPIToken.String()), slog.String("limit_key", t.key))
}

// HashKey derives a non-secret limiter key from a secret: the kind, then
// the first 16 bytes of SHA-256 over kind and secret, hex-encoded.
func HashKey(kind, secret string) string {
	sum := sha256.Sum256([]byte(kind + "\x00" + secret))
	return kind + ":" + hex.EncodeToString(sum[:16])
}

// IdentityProvider is implemented by credentials that know the Pipedrive
// user and company they act for (APITokenFor, an OAuth credential built
// with WithIdentity). A client on such a credential tells its limiter
// (ratelimit.Identifier), so that the daily write budget is kept per user
// and the token budget per company, shared by every credential of that
// user or company, as Pipedrive counts them. A Credential of your own may
// implement it too.
type IdentityProvider interface {
	// Identity returns the ids of the company and of the user the
	// credential acts for; ok is false when they are not known.
	Identity() (companyID, userID int64, ok bool)
}

// errBadIdentity is the error of an identity with an id that is not
// positive.
var errBadIdentity = errors.New("pipedrive/auth: company and user ids must be positive")

// APITokenFor is APIToken for a token known to belong to user userID of
// company companyID (an API token is personal: GET /v1/users/me answers
// id and company_id). Its client spends that user's daily write budget
// and that company's token budget together with every other credential of
// the user or company (see IdentityProvider). Ids that are not positive
// make NewClient fail.
func APITokenFor(token string, companyID, userID int64) Credential {
	return &apiToken{secret: token, key: HashKey("api_token", token), company: companyID, user: userID, identified: true}
}

var (
	_ IdentityProvider = (*apiToken)(nil)
	_ IdentityProvider = (*OAuthCredential)(nil)
)
