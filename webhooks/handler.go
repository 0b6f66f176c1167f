package webhooks

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"runtime/debug"
	"strings"
)

// DefaultMaxBodyBytes caps a delivery body unless HandlerConfig says
// otherwise: 1 MiB, far above what Pipedrive sends.
const DefaultMaxBodyBytes = 1 << 20

// Errors of Parse and ParseRequest. StatusCode maps them to the HTTP status
// a receiver should answer.
var (
	// ErrUnauthorized: the request lacks the configured HTTP Basic credentials.
	ErrUnauthorized = errors.New("webhooks: missing or wrong credentials")
	// ErrMethodNotAllowed: the request is not a POST.
	ErrMethodNotAllowed = errors.New("webhooks: method not allowed (deliveries are POSTs)")
	// ErrNotJSON: the request's Content-Type is not JSON.
	ErrNotJSON = errors.New("webhooks: the body is not JSON")
	// ErrBodyTooLarge: the body exceeds the configured maximum.
	ErrBodyTooLarge = errors.New("webhooks: body too large")
	// ErrNoCredentials: the HandlerConfig has neither Username nor Password
	// and does not set AllowUnauthenticated. Deliveries are refused.
	ErrNoCredentials = errors.New("webhooks: HandlerConfig has no Username or Password (set them, or AllowUnauthenticated)")
)

// HandlerConfig configures NewHandler and ParseRequest.
//
// Formatting a HandlerConfig (fmt's %v, %+v, %#v, %s, slog) shows the
// password as [REDACTED].
type HandlerConfig struct {
	// Username and Password are the HTTP Basic credentials the
	// subscription was created with (CreateParams.HTTPAuthUser and
	// HTTPAuthPassword). Pipedrive signs nothing: these credentials are
	// the only proof that a request comes from it, so serve the handler
	// over HTTPS.
	Username string
	Password string
	// AllowUnauthenticated accepts deliveries without credentials when
	// Username and Password are both empty. Without it, such a config
	// refuses every delivery (500, logged) instead of silently accepting
	// anyone's.
	AllowUnauthenticated bool
	// MaxBodyBytes caps the body; larger requests get 413. Zero means
	// DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// DedupSize, when positive, makes the handler remember the delivery
	// ids of that many recent successful events and answer a redelivery
	// of one with 200 without calling the function again. A redelivery
	// that arrives while the first is still being handled gets 409, so
	// Pipedrive tries again later. The memory is per handler (per
	// process); receivers behind a load balancer should dedup on
	// Event.DeliveryID in their own store.
	DedupSize int
	// Logger receives a line for each refused delivery and each error of
	// the function (never a credential). Nil discards them.
	Logger *slog.Logger
}

// String describes the config with the password redacted.
func (c HandlerConfig) String() string { return fmt.Sprintf("%+v", c) }

// GoString is String for %#v.
func (c HandlerConfig) GoString() string { return fmt.Sprintf("%#v", c) }

// Format prints c like a plain struct, with Password redacted, whatever
// the verb.
func (c HandlerConfig) Format(f fmt.State, verb rune) {
	type handlerConfig HandlerConfig
	p := handlerConfig(c)
	p.Password = redact(p.Password)
	formatRedacted(f, verb, p, "handlerConfig", "HandlerConfig")
}

// LogValue makes slog log c with Password redacted.
func (c HandlerConfig) LogValue() slog.Value { return slog.StringValue(c.String()) }

// HandlerFunc handles one delivery. Returning nil acknowledges it (2xx);
// an error makes Pipedrive deliver it again later (after 3, 30 and 150 s).
// ctx is the request's context: it ends when Pipedrive stops waiting
// (after 10 s), so hand long work to a queue and return.
type HandlerFunc func(ctx context.Context, ev *Event) error

// handler is the http.Handler NewHandler returns.
type handler struct {
	auth    authenticator
	max     int64
	dedup   *dedup
	log     *slog.Logger
	fn      HandlerFunc
	noCreds bool
}

// authenticator checks HTTP Basic credentials in constant time. It keeps
// only SHA-256 digests of the expected values.
type authenticator struct {
	open       bool
	user, pass [sha256.Size]byte
}

func newAuthenticator(c *HandlerConfig) (authenticator, error) {
	if c.Username == "" && c.Password == "" {
		if c.AllowUnauthenticated {
			return authenticator{open: true}, nil
		}
		return authenticator{}, ErrNoCredentials
	}
	return authenticator{user: sha256.Sum256([]byte(c.Username)), pass: sha256.Sum256([]byte(c.Password))}, nil
}

func (a *authenticator) check(r *http.Request) bool {
	if a.open {
		return true
	}
	u, p, ok := r.BasicAuth()
	uh, ph := sha256.Sum256([]byte(u)), sha256.Sum256([]byte(p))
	// Both comparisons always run: timing says nothing about which failed.
	match := subtle.ConstantTimeCompare(uh[:], a.user[:]) & subtle.ConstantTimeCompare(ph[:], a.pass[:])
	return ok && match == 1
}

// NewHandler returns an http.Handler that receives Pipedrive webhook
// deliveries and calls fn with each one, decoded.
//
// It answers 405 to anything but POST, 401 without the configured HTTP
// Basic credentials (compared in constant time), 400 when the body is not
// JSON or not a delivery, 413 when the body exceeds MaxBodyBytes, 500 when
// fn returns an error or panics (so Pipedrive retries), and 200 once fn
// returns nil. fn is never called for a refused request.
//
// The handler does not use the API client: deliveries are never counted
// against, or delayed by, the client's rate limits. Calls fn makes through
// a Client are ordinary, rate-limited API calls.
func NewHandler(cfg HandlerConfig, fn HandlerFunc) http.Handler {
	h := &handler{max: cfg.MaxBodyBytes, log: cfg.Logger, fn: fn}
	var err error
	h.auth, err = newAuthenticator(&cfg)
	h.noCreds = err != nil
	if h.max <= 0 {
		h.max = DefaultMaxBodyBytes
	}
	if cfg.DedupSize > 0 {
		h.dedup = newDedup(cfg.DedupSize)
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	return h
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.noCreds || h.fn == nil {
		h.log.ErrorContext(r.Context(), "webhooks: handler misconfigured; refusing delivery", slog.Bool("no_credentials", h.noCreds), slog.Bool("nil_func", h.fn == nil))
		http.Error(w, "receiver misconfigured", http.StatusInternalServerError)
		return
	}
	ev, err := parse(w, r, &h.auth, h.max)
	if err != nil {
		status := StatusCode(err)
		switch status {
		case http.StatusMethodNotAllowed:
			w.Header().Set("Allow", http.MethodPost)
		case http.StatusUnauthorized:
			w.Header().Set("WWW-Authenticate", `Basic realm="pipedrive-webhooks", charset="UTF-8"`)
		}
		h.log.WarnContext(r.Context(), "webhooks: delivery refused", slog.Int("status", status), slog.String("reason", err.Error()), slog.String("remote", r.RemoteAddr))
		http.Error(w, http.StatusText(status), status)
		return
	}
	if h.dedup != nil && ev.DeliveryID != "" {
		switch h.dedup.begin(ev.DeliveryID) {
		case dedupDone:
			h.log.DebugContext(r.Context(), "webhooks: repeated delivery dropped", slog.String("delivery_id", ev.DeliveryID))
			w.WriteHeader(http.StatusOK)
			return
		case dedupInFlight:
			http.Error(w, "delivery already in progress", http.StatusConflict)
			return
		}
	}
	err = h.call(r.Context(), ev)
	if h.dedup != nil && ev.DeliveryID != "" {
		h.dedup.finish(ev.DeliveryID, err == nil)
	}
	if err != nil {
		h.log.ErrorContext(r.Context(), "webhooks: handler failed; Pipedrive will retry", slog.String("event", ev.String()), slog.String("error", err.Error()))
		http.Error(w, "delivery not handled", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// call runs fn, turning a panic into an error so that the delivery is
// answered 500 (and retried) rather than dropped with the connection.
func (h *handler) call(ctx context.Context, ev *Event) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("webhooks: handler panicked: %v\n%s", p, debug.Stack())
		}
	}()
	return h.fn(ctx, ev)
}

// Parse reads and decodes a delivery from r, for receivers mounted on
// their own router. It checks the method (POST), the Content-Type (JSON)
// and the size (DefaultMaxBodyBytes), but not credentials: use
// ParseRequest for that, or check them yourself. Map its errors to a
// status with StatusCode.
func Parse(r *http.Request) (*Event, error) {
	return parse(nil, r, &authenticator{open: true}, DefaultMaxBodyBytes)
}

// ParseRequest is Parse with cfg's credentials and MaxBodyBytes checked
// (DedupSize and Logger are not used: they belong to a Handler).
func ParseRequest(r *http.Request, cfg HandlerConfig) (*Event, error) {
	a, err := newAuthenticator(&cfg)
	if err != nil {
		return nil, err
	}
	max := cfg.MaxBodyBytes
	if max <= 0 {
		max = DefaultMaxBodyBytes
	}
	return parse(nil, r, &a, max)
}

// StatusCode returns the HTTP status a receiver should answer for an
// error of Parse or ParseRequest: 405, 401, 400, 413, or 500 for anything
// else (which makes Pipedrive retry).
func StatusCode(err error) int {
	switch {
	case err == nil:
		return http.StatusOK
	case errors.Is(err, ErrMethodNotAllowed):
		return http.StatusMethodNotAllowed
	case errors.Is(err, ErrUnauthorized):
		return http.StatusUnauthorized
	case errors.Is(err, ErrBodyTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, ErrNotJSON), errors.Is(err, ErrMalformed):
		return http.StatusBadRequest
	default:
		return http.StatusInternalServerError
	}
}

func parse(w http.ResponseWriter, r *http.Request, a *authenticator, max int64) (*Event, error) {
	if r.Method != http.MethodPost {
		return nil, fmt.Errorf("%w: %s", ErrMethodNotAllowed, r.Method)
	}
	if !a.check(r) {
		return nil, ErrUnauthorized
	}
	if !isJSONType(r.Header.Get("Content-Type")) {
		return nil, fmt.Errorf("%w: Content-Type %q", ErrNotJSON, r.Header.Get("Content-Type"))
	}
	if r.ContentLength > max {
		return nil, fmt.Errorf("%w: %d bytes, at most %d", ErrBodyTooLarge, r.ContentLength, max)
	}
	if r.Body == nil {
		return nil, fmt.Errorf("%w: no body", ErrMalformed)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, fmt.Errorf("%w: more than %d bytes", ErrBodyTooLarge, max)
		}
		return nil, fmt.Errorf("webhooks: reading the body: %w", err)
	}
	return Decode(body)
}

// isJSONType accepts application/json and any application/*+json type.
func isJSONType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == "application/json" || (strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))
}
