package pipedrive

import (
	"log/slog"
	"net/http"

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
// cookie jar) instead of a default client.
func WithHTTPClient(hc *http.Client) Option { return func(c *core.Config) { c.HTTPClient = hc } }

// WithUserAgent replaces the User-Agent header. Pipedrive asks integrations
// to identify themselves; the default names this SDK and its version.
func WithUserAgent(ua string) Option { return func(c *core.Config) { c.UserAgent = ua } }

// WithLogger sends debug lines for requests (method, path, status, timing)
// and warnings for retries to l. Secrets are never logged.
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
// responses (retried after the server's reset, whatever the method), and
// server for 5xx responses and transport errors (retried for GET, HEAD,
// PUT and DELETE only). Zero keeps a default; a negative number disables.
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
	return c, nil
}

// BaseURL returns the server root the client talks to.
func (c *Client) BaseURL() string { return c.core.BaseURL() }

// Ptr returns a pointer to v, for the optional fields of params structs:
// &deals.CreateParams{Value: pipedrive.Ptr(5000.0)}.
func Ptr[T any](v T) *T { return &v }
