package pipedrivetest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

// DefaultUserID is the id of the user the default token acts as.
const DefaultUserID int64 = 1

// Server is a fake Pipedrive: an HTTP server on 127.0.0.1 that speaks the
// v1 and v2 APIs for deals, persons, organizations, their field definitions,
// users, the item search, currencies, recents, organization relationships,
// webhook subscriptions and OAuth, and enforces
// Pipedrive's rate limits. All its methods are safe for concurrent use.
type Server struct {
	// URL is the server's root, e.g. "http://127.0.0.1:40123". The v1 API
	// lives under URL+"/v1", v2 under URL+"/api/v2", OAuth under
	// URL+"/oauth". It is the api_domain of the OAuth tokens it issues.
	URL string

	ts     *httptest.Server
	cfg    *config
	clock  Clock
	token  string
	client oauthClient

	mu        sync.Mutex
	users     map[int64]*user
	apiTokens map[string]*keyState // API token -> its limit state
	access    map[string]*accessToken
	grants    map[string]*grant // refresh token -> grant
	codes     map[string]*authCode
	keys      []*keyState // every key, for background load
	budget    budgetState
	faults    []*activeFault
	stats     statsState
	data      *store
	routeList []*route // the API routes, for tests

	collMu sync.Mutex
	colls  map[string]*collection // the resources of resources.go, by name

	hookClient *http.Client
	deliveries sync.WaitGroup
	delivered  []Delivery

	stop     chan struct{}
	bgDone   chan struct{}
	closeOne sync.Once
}

// NewServer starts a fake Pipedrive for a test and closes it when the test
// ends. Invalid options fail the test.
//
//	srv := pipedrivetest.NewServer(t)
//	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s, err := Start(opts...)
	if err != nil {
		tb.Fatalf("pipedrivetest: %v", err)
	}
	tb.Cleanup(s.Close)
	return s
}

// Start starts a fake Pipedrive for a program (not a test) on a loopback
// port. The caller must Close it.
func Start(opts ...Option) (*Server, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(cfg); err != nil {
			return nil, err
		}
	}
	data, err := newStore(cfg)
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg:        cfg,
		clock:      cfg.clock,
		token:      randomHex(20),
		client:     oauthClient{id: "pdt-client-" + randomHex(6), secret: randomHex(20)},
		users:      map[int64]*user{},
		apiTokens:  map[string]*keyState{},
		access:     map[string]*accessToken{},
		grants:     map[string]*grant{},
		codes:      map[string]*authCode{},
		data:       data,
		stop:       make(chan struct{}),
		hookClient: newHookClient(cfg.hookTimeout),
	}
	s.stats.init()
	s.budget.limit = cfg.tokenBudget
	s.addAPITokenLocked(DefaultUserID, s.token)
	for _, t := range cfg.apiTokens {
		s.addAPITokenLocked(t.userID, t.token)
	}
	for _, t := range cfg.oauthTokens {
		g := s.newGrantLocked(s.client.id, "base", t.userID)
		s.access[t.token] = &accessToken{grant: g}
	}
	for _, f := range cfg.faults {
		s.addFaultLocked(f)
	}
	mux := http.NewServeMux()
	s.routes(mux)
	s.ts = httptest.NewServer(mux)
	s.URL = s.ts.URL
	if cfg.background > 0 {
		s.bgDone = make(chan struct{})
		go s.backgroundLoad(cfg.background)
	}
	return s, nil
}

// Close shuts the server down, waiting for in-flight requests. It may be
// called more than once.
func (s *Server) Close() {
	s.closeOne.Do(func() {
		close(s.stop)
		if s.bgDone != nil {
			<-s.bgDone
		}
		s.ts.CloseClientConnections()
		s.ts.Close()
		s.deliveries.Wait()
	})
}

// Token returns the server's default API token, acting as the default user.
func (s *Server) Token() string { return s.token }

// OAuthClientID returns the id of the server's default OAuth app.
func (s *Server) OAuthClientID() string { return s.client.id }

// OAuthClientSecret returns the secret of the server's default OAuth app.
func (s *Server) OAuthClientSecret() string { return s.client.secret }

// HTTPClient returns an *http.Client configured to talk to the server.
func (s *Server) HTTPClient() *http.Client { return s.ts.Client() }

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}

// reply is a handler's answer; the server writes it, or drops it when a
// fault says so.
type reply struct {
	status int
	body   any    // marshalled as JSON unless html is set
	html   string // an HTML page
	header http.Header
}

func jsonReply(status int, body any) *reply { return &reply{status: status, body: body} }

// v2OK wraps data in the v2 envelope.
func v2OK(data any, next *string) *reply {
	env := map[string]any{"success": true, "data": data}
	if next != nil || isSlice(data) {
		var nc any
		if next != nil {
			nc = *next
		}
		env["additional_data"] = map[string]any{"next_cursor": nc}
	}
	return jsonReply(http.StatusOK, env)
}

func isSlice(v any) bool {
	switch v.(type) {
	case []any, []object:
		return true
	}
	return false
}

// apiError is the error envelope both API versions use.
func apiError(status int, msg, info string) *reply {
	return jsonReply(status, map[string]any{
		"success":         false,
		"error":           msg,
		"error_info":      info,
		"data":            nil,
		"additional_data": nil,
	})
}

func notFound(what string) *reply {
	return apiError(http.StatusNotFound, what+" not found", "Please check the id of the requested item.")
}

func badRequest(msg string) *reply {
	return apiError(http.StatusBadRequest, msg, "Please check the request parameters and body.")
}

func (rp *reply) write(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range rp.header {
		h[k] = v
	}
	if rp.html != "" {
		h.Set("Content-Type", "text/html; charset=UTF-8")
		w.WriteHeader(rp.status)
		_, _ = w.Write([]byte(rp.html))
		return
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rp.body); err != nil {
		h.Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"success":false,"error":"pipedrivetest: cannot encode response"}`))
		return
	}
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(rp.status)
	_, _ = w.Write(buf.Bytes())
}

// sleep waits d unless the request or the server ends first.
func (s *Server) sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.stop:
		return false
	}
}
