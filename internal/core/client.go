package core

import (
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/internal/sdkerr"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// Version is the SDK's semantic version, sent in the User-Agent.
const Version = "0.1.0"

// DefaultBaseURL is the server root of Pipedrive's API.
const DefaultBaseURL = "https://api.pipedrive.com"

// DefaultUserAgent identifies the SDK to Pipedrive.
const DefaultUserAgent = "pipedrive-go/" + Version + " (+https://github.com/pipedrive-go/pipedrive)"

// Defaults of the retry policy and of the bounds on a response.
const (
	DefaultMaxRateLimitRetries = 4
	DefaultMaxServerRetries    = 3
	// DefaultMaxResponseBytes caps a successful response's body, counted
	// after decompression: 16 MiB. The largest Pipedrive answers (a v1
	// page of 500 deals with their related objects, a mail message with
	// its body) are a few MiB; 16 MiB leaves room several times over
	// while keeping what one hostile or broken server can make a call
	// hold small.
	DefaultMaxResponseBytes = 16 << 20
	// DefaultMaxRateLimitWait is the longest a 429's reset is waited for
	// within a call (and the longest a call waits for a key the server
	// blocked). A busy 2-second window resets in at most 2 s; a reset
	// further away than a minute is a spent daily budget or a penalty,
	// which the caller should hear about instead of sleeping through it.
	DefaultMaxRateLimitWait = time.Minute
)

// ErrNoClient is the error of a call made through a service that was not
// built by the root package's NewClient (a zero Service), which has no
// client core to send it.
var ErrNoClient = errors.New("pipedrive: the service was not built by pipedrive.NewClient (take it from the client, e.g. client.Deals)")

// errorBodyLimit is how much of an error response's body is read: enough
// for any JSON error and for the start of an HTML page, whose excerpt is
// all an error keeps.
const errorBodyLimit = 64 << 10

// Default timeouts of one attempt (see Timeouts).
const (
	DefaultDialTimeout           = 10 * time.Second
	DefaultTLSHandshakeTimeout   = 10 * time.Second
	DefaultResponseHeaderTimeout = 30 * time.Second
	DefaultBodyIdleTimeout       = 30 * time.Second
	DefaultAttemptTimeout        = 60 * time.Second
)

// Timeouts bound each attempt of a request, so that a server that accepts
// a connection and never answers, or answers a byte at a time, cannot hold
// a call forever, even one made with context.Background(). Each applies
// to one attempt (a retry starts afresh); the caller's context still
// bounds the whole call. A zero field takes its default; a negative one
// disables that timeout.
//
// Dial, TLSHandshake and ResponseHeader configure the SDK's own
// transport; with Config.HTTPClient (pipedrive.WithHTTPClient) the given
// client's transport decides them instead. BodyIdle and Attempt are
// enforced by the core through the request's context and apply to any
// client.
//
// An attempt that times out after its request was written is not sent
// again (a server that stalled that long is unlikely to answer the next
// one sooner); the error matches ErrTimeout and context.DeadlineExceeded,
// and also ErrOutcomeUnknown for a request that is not safe to repeat.
// A connection that could not be established (Dial) is retried like any
// failure that sent nothing.
type Timeouts struct {
	// Dial bounds establishing the TCP connection (default 10s).
	Dial time.Duration
	// TLSHandshake bounds the TLS handshake (default 10s).
	TLSHandshake time.Duration
	// ResponseHeader bounds the wait for the response's headers once the
	// request is written (default 30s).
	ResponseHeader time.Duration
	// BodyIdle bounds the silence between two reads of the response body
	// (default 30s).
	BodyIdle time.Duration
	// Attempt bounds the whole attempt: connecting, sending, the headers
	// and the whole body (default 60s). It ends a body that trickles in
	// too slowly for BodyIdle to notice.
	Attempt time.Duration
}

// resolve fills defaults and turns disabled timeouts into zero.
func (t Timeouts) resolve() Timeouts {
	f := func(v, d time.Duration) time.Duration {
		switch {
		case v < 0:
			return 0
		case v == 0:
			return d
		}
		return v
	}
	return Timeouts{
		Dial:           f(t.Dial, DefaultDialTimeout),
		TLSHandshake:   f(t.TLSHandshake, DefaultTLSHandshakeTimeout),
		ResponseHeader: f(t.ResponseHeader, DefaultResponseHeaderTimeout),
		BodyIdle:       f(t.BodyIdle, DefaultBodyIdleTimeout),
		Attempt:        f(t.Attempt, DefaultAttemptTimeout),
	}
}

// Config configures a Client. The zero value of every field but Credential
// has a sensible default.
type Config struct {
	Credential auth.Credential
	// BaseURL is the server root ("https://api.pipedrive.com", or an OAuth
	// token's api_domain). v1 calls go to {BaseURL}/v1/..., v2 calls to
	// {BaseURL}/api/v2/....
	BaseURL string
	// HTTPClient sends the requests. Its Transport, Timeout and Jar are
	// used as they are (the Dial, TLSHandshake and ResponseHeader
	// timeouts are then its transport's business); its CheckRedirect is
	// not: the SDK never follows a redirect (see ErrRedirect). The client
	// is copied, never modified. Nil means the SDK's own client.
	HTTPClient *http.Client
	UserAgent  string
	// Logger receives debug lines for requests and retries (never a
	// secret). Nil discards them. It also reaches the limiter (through
	// ratelimit.Request.Logger) and the credential (through the request's
	// context, internal/logctx), which log to it unless they were given a
	// logger of their own.
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
	// MaxResponseBytes caps the body of a successful response, counted
	// after decompression (default DefaultMaxResponseBytes, 16 MiB). A
	// larger body fails the call at once with an error matching
	// ErrResponseTooLarge; it is never retried.
	MaxResponseBytes int
	// MaxRateLimitWait is the longest a 429's reset is waited for within
	// a call (default DefaultMaxRateLimitWait; negative: no maximum). A
	// call whose wait would be longer fails at once with an error that
	// matches ErrRateLimited and ratelimit.ErrWaitExceedsMax and says the
	// wait (a *ratelimit.WaitError).
	MaxRateLimitWait time.Duration
	// Timeouts bound each attempt (see Timeouts).
	Timeouts Timeouts
	// MaxDownloadBytes caps the content of a download (Download), counted
	// as it is read (default DefaultMaxDownloadBytes, 1 GiB); it replaces
	// MaxResponseBytes for downloads. Content announced larger fails the
	// call at once; content that turns out larger fails the read that
	// passes the cap. Both errors match ErrResponseTooLarge.
	MaxDownloadBytes int64
}

// Client is the one client core every service shares. It is safe for
// concurrent use.
type Client struct {
	hc       *http.Client
	cred     auth.Credential
	unauth   auth.UnauthorizedHandler
	key      string
	kind     auth.Kind
	base     string
	ua       string
	log      *slog.Logger
	ownLog   *slog.Logger // Config.Logger as given, nil when none: for the limiter and the credential
	lim      ratelimit.Admitter
	plan     ratelimit.Plan
	budget   int64
	max429   int
	max5xx   int
	baseWait time.Duration
	maxWait  time.Duration
	maxBody  int64
	// maxDownload caps a download's content.
	maxDownload int64
	timeouts    Timeouts
	// ownTransport: the SDK built the transport (no Config.HTTPClient),
	// so its timeouts are the ones in timeouts.
	ownTransport bool
	// The values of the headers every request carries, shared by the
	// client's requests (see newHeader).
	hdrUA, hdrAcceptJSON, hdrAcceptAny []string
}

// New builds a Client from cfg. It fails when the credential is missing or
// invalid, or the base URL is not an absolute http(s) URL.
func New(cfg Config) (*Client, error) {
	if cfg.Credential == nil {
		return nil, errors.New("pipedrive: no credential")
	}
	if err := cfg.Credential.Validate(); err != nil {
		return nil, sdkerr.Errorf("pipedrive: invalid credential: %w", err)
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

	timeouts := cfg.Timeouts.resolve()
	var hc *http.Client
	if cfg.HTTPClient == nil {
		hc = sharedClient(timeouts)
	} else {
		// A copy: the caller's client stays as it is.
		cp := *cfg.HTTPClient
		if cp.Transport == nil {
			cp.Transport = http.DefaultTransport
		}
		hc = newHTTPClient(&cp)
	}

	c := &Client{
		hc:       hc,
		cred:     cfg.Credential,
		key:      cfg.Credential.LimitKey(),
		kind:     cfg.Credential.Kind(),
		base:     base,
		ua:       cfg.UserAgent,
		log:      cfg.Logger,
		ownLog:   cfg.Logger,
		lim:      cfg.Limiter,
		plan:     cfg.Plan,
		budget:   cfg.TokenBudget,
		max429:   retriesOrDefault(cfg.MaxRateLimitRetries, DefaultMaxRateLimitRetries),
		max5xx:   retriesOrDefault(cfg.MaxServerRetries, DefaultMaxServerRetries),
		baseWait: cfg.RetryBaseDelay,
		maxWait:  cfg.MaxRateLimitWait,
		maxBody:  int64(orDefault(cfg.MaxResponseBytes, DefaultMaxResponseBytes)),
		timeouts: timeouts,

		maxDownload:  cfg.MaxDownloadBytes,
		ownTransport: cfg.HTTPClient == nil,
	}
	switch {
	case c.maxWait == 0:
		c.maxWait = DefaultMaxRateLimitWait
	case c.maxWait < 0:
		c.maxWait = 0 // no maximum
	}
	if h, ok := cfg.Credential.(auth.UnauthorizedHandler); ok {
		c.unauth = h
	}
	if c.ua == "" {
		c.ua = DefaultUserAgent
	}
	c.hdrUA, c.hdrAcceptJSON, c.hdrAcceptAny = []string{c.ua}, []string{"application/json"}, []string{"*/*"}
	if c.log == nil {
		c.log = slog.New(discardHandler{})
	}
	if c.lim == nil {
		c.lim = ratelimit.Default()
	}
	if cfg.Plan != ratelimit.PlanUnknown && !cfg.Plan.Valid() {
		return nil, sdkerr.Errorf("pipedrive: unknown plan %d", cfg.Plan)
	}
	if cfg.TokenBudget < 0 {
		return nil, errors.New("pipedrive: negative token budget")
	}
	if c.baseWait <= 0 {
		c.baseWait = 500 * time.Millisecond
	}
	if c.maxDownload <= 0 {
		c.maxDownload = DefaultMaxDownloadBytes
	}
	return c, nil
}

// BaseURL returns the server root the client talks to.
func (c *Client) BaseURL() string { return c.base }

// LimitKey returns the limiter key of the client's credential.
func (c *Client) LimitKey() string { return c.key }

// Limiter returns the admitter the client uses.
func (c *Client) Limiter() ratelimit.Admitter { return c.lim }

// Bounds on the idle connections of the shared transport, process-wide.
const (
	// DefaultMaxIdleConns bounds the idle connections kept for reuse by
	// all the clients that share the SDK's transport, whatever the host.
	DefaultMaxIdleConns = 256
	// DefaultMaxIdleConnsPerHost bounds those kept to one host (an
	// OAuth company's api_domain, api.pipedrive.com).
	DefaultMaxIdleConnsPerHost = 64
)

// newHTTPClient readies hc, a client of the core's own, to send the
// core's requests: redirects refused. The core reads every body itself,
// bounded (see readBody); hc has no cookie jar unless the caller gave
// one.
func newHTTPClient(hc *http.Client) *http.Client {
	hc.CheckRedirect = refuseRedirect
	return hc
}

// transportKey is what distinguishes one shared transport from another:
// the timeouts a transport enforces itself.
type transportKey struct{ dial, tls, header time.Duration }

// shared holds the process-wide HTTP clients (a transport and its
// http.Client) of the cores built without
// Config.HTTPClient: one per distinct set of transport timeouts, in
// practice one. Sharing them is what keeps a tenant cheap: idle
// connections are pooled across clients and bounded process-wide
// (DefaultMaxIdleConns), and an idle client holds no connection and no
// goroutine of its own. It is documented global state (see
// pipedrive.WithHTTPClient); nothing in it is per credential: the
// credential is set on each request, and there is no cookie jar.
var shared sync.Map // transportKey -> *http.Client

// sharedClient returns the shared HTTP client for the timeouts to.
func sharedClient(to Timeouts) *http.Client {
	k := transportKey{to.Dial, to.TLSHandshake, to.ResponseHeader}
	if v, ok := shared.Load(k); ok {
		return v.(*http.Client)
	}
	v, _ := shared.LoadOrStore(k, newHTTPClient(&http.Client{Transport: defaultTransport(to)}))
	return v.(*http.Client)
}

// defaultTransport is the SDK's own transport: net/http's default (proxy
// from the environment, HTTP/2, keep-alives) with the dial, TLS and
// response-header timeouts of to and bounded idle connections.
func defaultTransport(to Timeouts) http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = DefaultMaxIdleConns
	t.MaxIdleConnsPerHost = DefaultMaxIdleConnsPerHost
	t.DialContext = (&net.Dialer{Timeout: to.Dial, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = to.TLSHandshake
	t.ResponseHeaderTimeout = to.ResponseHeader
	if t.TLSClientConfig == nil {
		t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	return t
}

// refuseRedirect stops the client at a redirect: the 3xx answer comes
// back as it is and becomes an error matching ErrRedirect. Pipedrive does
// not redirect API calls, and following one would send the credential
// (net/http copies custom headers such as x-api-token to any host, and
// Authorization to other ports of the same host) and a 307's body to
// wherever the answer points.
func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

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

type discardHandler struct{}

func (discardHandler) Enabled(context.Context, slog.Level) bool  { return false }
func (discardHandler) Handle(context.Context, slog.Record) error { return nil }
func (d discardHandler) WithAttrs([]slog.Attr) slog.Handler      { return d }
func (d discardHandler) WithGroup(string) slog.Handler           { return d }
