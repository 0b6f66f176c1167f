package core

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// Version is the SDK's semantic version, sent in the User-Agent.
const Version = "0.1.0"

// DefaultBaseURL is the server root of Pipedrive's API.
const DefaultBaseURL = "https://api.pipedrive.com"

// DefaultUserAgent identifies the SDK to Pipedrive.
const DefaultUserAgent = "pipedrive-go/" + Version + " (+https://github.com/pipedrive-go/pipedrive)"

// Defaults of the retry policy.
const (
	DefaultMaxRateLimitRetries = 4
	DefaultMaxServerRetries    = 3
	DefaultMaxResponseBytes    = 128 << 20
)

// Config configures a Client. The zero value of every field but Credential
// has a sensible default.
type Config struct {
	Credential auth.Credential
	// BaseURL is the server root ("https://api.pipedrive.com", or an OAuth
	// token's api_domain). v1 calls go to {BaseURL}/v1/..., v2 calls to
	// {BaseURL}/api/v2/....
	BaseURL    string
	HTTPClient *http.Client
	UserAgent  string
	// Logger receives debug lines for requests and retries (never a
	// secret). Nil discards them.
	Logger *slog.Logger
	// Limiter is asked for admission before every request and told of
	// every response. Nil means ratelimit.Default(), the process-wide
	// limiter that every client on the same credential shares.
	Limiter ratelimit.Admitter
	// Plan is the Pipedrive plan of the credential's company; it sets the
	// window size until the server's headers reveal it (0: unknown, the
	// lowest plan for the credential kind).
	Plan ratelimit.Plan
	// TokenBudget is the company's daily token budget (0: unknown unless
	// the server reports it).
	TokenBudget int64
	// MaxRateLimitRetries bounds how often a 429 is retried (after the
	// server's reset); MaxServerRetries bounds retries of 5xx responses
	// and transport errors of idempotent requests. Negative means none.
	MaxRateLimitRetries int
	MaxServerRetries    int
	// RetryBaseDelay is the first delay of the exponential backoff for
	// 5xx and transport errors (default 500ms).
	RetryBaseDelay time.Duration
	// MaxResponseBytes caps the size of a response body (default 128 MiB).
	MaxResponseBytes int
}

// Client is the one client core every service shares. It is safe for
// concurrent use.
type Client struct {
	rc       *resty.Client
	cred     auth.Credential
	unauth   auth.UnauthorizedHandler
	key      string
	kind     auth.Kind
	base     string
	ua       string
	log      *slog.Logger
	lim      ratelimit.Admitter
	plan     ratelimit.Plan
	budget   int64
	max429   int
	max5xx   int
	baseWait time.Duration
}

// New builds a Client from cfg. It fails when the credential is missing or
// invalid, or the base URL is not an absolute http(s) URL.
func New(cfg Config) (*Client, error) {
	if cfg.Credential == nil {
		return nil, errors.New("pipedrive: no credential")
	}
	if err := cfg.Credential.Validate(); err != nil {
		return nil, fmt.Errorf("pipedrive: invalid credential: %w", err)
	}
	base := cfg.BaseURL
	if base == "" {
		if p, ok := cfg.Credential.(auth.BaseURLProvider); ok {
			base = p.BaseURL()
		}
	}
	if base == "" {
		base = DefaultBaseURL
	}
	// The base URL is never echoed: it may carry credentials, and a URL
	// that does not parse (or is not http) cannot be reliably redacted.
	u, err := url.Parse(base)
	switch {
	case err != nil:
		return nil, errors.New("pipedrive: the base URL does not parse as a URL")
	case u.User != nil || u.RawQuery != "" || u.ForceQuery:
		return nil, errors.New("pipedrive: base URL must not carry credentials or a query")
	case (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return nil, errors.New("pipedrive: base URL must be an absolute http(s) URL")
	case u.Fragment != "" || strings.Contains(base, "#"):
		return nil, errors.New("pipedrive: base URL must not carry a fragment")
	}
	base = strings.TrimRight(u.String(), "/")
	// A base URL given as ".../v1" or ".../api/v2" is taken as its root.
	for _, suf := range []string{"/v1", "/api/v2"} {
		base = strings.TrimSuffix(base, suf)
	}

	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Transport: defaultTransport()}
	}
	rc := resty.NewWithClient(hc).
		SetLogger(discardLogger{}).
		SetDisableWarn(true).
		SetResponseBodyLimit(orDefault(cfg.MaxResponseBytes, DefaultMaxResponseBytes))

	c := &Client{
		rc:       rc,
		cred:     cfg.Credential,
		key:      cfg.Credential.LimitKey(),
		kind:     cfg.Credential.Kind(),
		base:     base,
		ua:       cfg.UserAgent,
		log:      cfg.Logger,
		lim:      cfg.Limiter,
		plan:     cfg.Plan,
		budget:   cfg.TokenBudget,
		max429:   retriesOrDefault(cfg.MaxRateLimitRetries, DefaultMaxRateLimitRetries),
		max5xx:   retriesOrDefault(cfg.MaxServerRetries, DefaultMaxServerRetries),
		baseWait: cfg.RetryBaseDelay,
	}
	if h, ok := cfg.Credential.(auth.UnauthorizedHandler); ok {
		c.unauth = h
	}
	if c.ua == "" {
		c.ua = DefaultUserAgent
	}
	if c.log == nil {
		c.log = slog.New(discardHandler{})
	}
	if c.lim == nil {
		c.lim = ratelimit.Default()
	}
	if cfg.Plan != ratelimit.PlanUnknown && !cfg.Plan.Valid() {
		return nil, fmt.Errorf("pipedrive: unknown plan %d", cfg.Plan)
	}
	if cfg.TokenBudget < 0 {
		return nil, errors.New("pipedrive: negative token budget")
	}
	if c.baseWait <= 0 {
		c.baseWait = 500 * time.Millisecond
	}
	return c, nil
}

// BaseURL returns the server root the client talks to.
func (c *Client) BaseURL() string { return c.base }

// LimitKey returns the limiter key of the client's credential.
func (c *Client) LimitKey() string { return c.key }

// Limiter returns the admitter the client uses.
func (c *Client) Limiter() ratelimit.Admitter { return c.lim }

func defaultTransport() http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 64
	if t.TLSClientConfig == nil {
		t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	return t
}

func orDefault(v, d int) int {
	if v <= 0 {
		return d
	}
	return v
}

func retriesOrDefault(v, d int) int {
	switch {
	case v < 0:
		return 0
	case v == 0:
		return d
	default:
		return v
	}
}

// discardLogger keeps resty quiet: everything worth saying goes through
// the client's slog logger, where we control what is printed.
type discardLogger struct{}

func (discardLogger) Errorf(string, ...any) {}
func (discardLogger) Warnf(string, ...any)  {}
func (discardLogger) Debugf(string, ...any) {}

type discardHandler struct{}

func (discardHandler) Enabled(context.Context, slog.Level) bool  { return false }
func (discardHandler) Handle(context.Context, slog.Record) error { return nil }
func (d discardHandler) WithAttrs([]slog.Attr) slog.Handler      { return d }
func (d discardHandler) WithGroup(string) slog.Handler           { return d }
