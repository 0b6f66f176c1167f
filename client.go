package pipedrive

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// Version is the SDK's semantic version.
const Version = core.Version

// DefaultBaseURL is the server root the client talks to unless told
// otherwise (WithBaseURL, or an OAuth credential's api_domain).
const DefaultBaseURL = core.DefaultBaseURL

// Option configures a Client.
type Option func(*core.Config)

// WithBaseURL points the client at another server root, e.g. a test server
// such as pipedrivetest's. v1 calls go to {url}/v1, v2 calls to {url}/api/v2.
func WithBaseURL(url string) Option { return func(c *core.Config) { c.BaseURL = url } }

// WithHTTPClient sends requests through hc (its Transport, Timeout and
// cookie jar) instead of the SDK's own client, which all clients built
// without WithHTTPClient share (see the package doc: idle connections are
// pooled and bounded process-wide). hc is copied, never modified. Its transport then decides the connect, TLS and
// response-header timeouts; the SDK's body-idle and per-attempt timeouts
// still apply (see WithTimeouts), and so does its redirect policy: a
// redirect is never followed, whatever hc.CheckRedirect says, so that the
// credential never reaches another host (see ErrRedirect).
func WithHTTPClient(hc *http.Client) Option { return func(c *core.Config) { c.HTTPClient = hc } }

// Timeouts bound each attempt of a request (connect, TLS handshake,
// response headers, silence within the body, the whole attempt), so that
// a server that never answers cannot hold a call forever, even one made
// with context.Background(). A zero field keeps its default; a negative
// one disables that timeout. See WithTimeouts.
type Timeouts = core.Timeouts

// Default timeouts of one attempt.
const (
	DefaultDialTimeout           = core.DefaultDialTimeout
	DefaultTLSHandshakeTimeout   = core.DefaultTLSHandshakeTimeout
	DefaultResponseHeaderTimeout = core.DefaultResponseHeaderTimeout
	DefaultBodyIdleTimeout       = core.DefaultBodyIdleTimeout
	DefaultAttemptTimeout        = core.DefaultAttemptTimeout
)

// WithTimeouts changes the timeouts of each attempt; zero fields keep
// their defaults (dial 10s, TLS handshake 10s, response headers 30s, body
// idle 30s, whole attempt 60s), negative ones are disabled. An attempt
// that times out after its request was written is not sent again; its
// error matches ErrTimeout and context.DeadlineExceeded (and
// ErrOutcomeUnknown for a write that is not safe to repeat). The
// context's deadline still bounds the whole call.
func WithTimeouts(t Timeouts) Option { return func(c *core.Config) { c.Timeouts = t } }

// DefaultMaxResponseBytes is the default cap on a successful response's
// body, counted after decompression: 16 MiB, several times the largest
// page Pipedrive sends.
const DefaultMaxResponseBytes = core.DefaultMaxResponseBytes

// WithMaxResponseBytes caps the body of a successful response, counted
// after decompression (default DefaultMaxResponseBytes). A larger body
// fails the call at once with an error matching ErrResponseTooLarge; it
// is never retried. Zero or less keeps the default.
func WithMaxResponseBytes(n int) Option { return func(c *core.Config) { c.MaxResponseBytes = n } }

// DefaultMaxDownloadBytes is the default cap on a download's content
// (client.Files.Download): 1 GiB.
const DefaultMaxDownloadBytes = core.DefaultMaxDownloadBytes

// WithMaxDownloadBytes caps the content of a download (default
// DefaultMaxDownloadBytes); downloads are not bound by
// WithMaxResponseBytes. Content announced larger fails the call; content
// that turns out larger fails the read that passes the cap. Both errors
// match ErrResponseTooLarge. Zero or less keeps the default.
func WithMaxDownloadBytes(n int64) Option { return func(c *core.Config) { c.MaxDownloadBytes = n } }

// DefaultMaxRateLimitWait is the default longest wait for a 429's reset
// within a call: one minute. A busy window resets within 2 seconds; a
// reset further away is a spent daily budget or a penalty.
const DefaultMaxRateLimitWait = core.DefaultMaxRateLimitWait

// WithMaxRateLimitWait sets the longest a call waits for a 429's reset,
// or for a key the server blocked (default DefaultMaxRateLimitWait;
// negative: no maximum, the context alone decides). A longer wait fails
// the call at once with an error matching ErrRateLimited (when a 429 was
// received) or ratelimit.ErrWaitExceedsMax, whose *ratelimit.WaitError
// says the wait.
func WithMaxRateLimitWait(d time.Duration) Option {
	return func(c *core.Config) { c.MaxRateLimitWait = d }
}

// WithUserAgent replaces the User-Agent header. Pipedrive asks integrations
// to identify themselves; the default names this SDK and its version.
func WithUserAgent(ua string) Option { return func(c *core.Config) { c.UserAgent = ua } }

// WithLogger sends debug lines for requests (method, path, status, timing)
// and warnings for retries to l. Secrets are never logged. l also reaches
// what the client's requests go through: the limiter (ratelimit.Default()
// or WithLimiter's) logs its waits and blocks of the client's requests to
// l unless it was built with ratelimit.WithLogger, and an OAuth
// credential logs its refreshes to l unless it was built with
// auth.WithLogger. One logger for the whole SDK, then; clients sharing
// the default limiter each hear about their own requests.
func WithLogger(l *slog.Logger) Option { return func(c *core.Config) { c.Logger = l } }

// WithLimiter sets what paces the client's requests. By default every
// client uses ratelimit.Default(), which all clients of the process share,
// so clients built separately on one credential spend one budget. Pass a
// limiter of your own (ratelimit.New) to isolate clients or to use another
// Store, or ratelimit.Unlimited{} to pace nothing.
func WithLimiter(l ratelimit.Admitter) Option { return func(c *core.Config) { c.Limiter = l } }

// WithPlan tells the limiter the Pipedrive plan of the credential's
// company, so it starts at the plan's full rate instead of the lowest
// plan's; the server's x-ratelimit-limit header corrects it either way.
func WithPlan(p ratelimit.Plan) Option { return func(c *core.Config) { c.Plan = p } }

// WithDailyTokenBudget tells the limiter the company's daily token budget
// (see ratelimit.DailyTokenBudget), so calls that would exceed it fail
// fast with ratelimit.ErrTokenBudget instead of being sent.
func WithDailyTokenBudget(tokens int64) Option {
	return func(c *core.Config) { c.TokenBudget = tokens }
}

// WithMaxRetries bounds the retries of one request: rateLimited for 429
// responses (retried after the server's reset, whatever the operation),
// and server for 5xx responses and transport errors (retried only for
// operations that are safe to repeat: reads, deletes and the PUTs that
// set a state, not creates, PATCH updates, merges or field updates; a
// request that never left is retried whatever it is). Zero keeps a
// default; a negative number disables.
func WithMaxRetries(rateLimited, server int) Option {
	return func(c *core.Config) {
		c.MaxRateLimitRetries, c.MaxServerRetries = rateLimited, server
	}
}

// NewClient returns a client that authenticates with cred. It fails when
// cred is nil or empty (e.g. auth.APIToken("")) or an option is invalid.
func NewClient(cred auth.Credential, opts ...Option) (*Client, error) {
	cfg := core.Config{Credential: cred}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	cc, err := core.New(cfg)
	if err != nil {
		return nil, err
	}
	c := &Client{core: cc}
	c.initServices(cc)
	identify(cc.Limiter(), cc.LimitKey(), cred)
	return c, nil
}

// BaseURL returns the server root the client talks to.
func (c *Client) BaseURL() string { return c.core.BaseURL() }

// Ptr returns a pointer to v, for the optional fields of params structs:
// &deals.CreateParams{Value: pipedrive.Ptr(5000.0)}.
func Ptr[T any](v T) *T { return &v }
