package pipedrivetest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
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
// v1 and v2 APIs of every resource family (see the package documentation),
// webhook subscriptions and OAuth, for one company or several, and
// enforces Pipedrive's rate limits. All its methods are safe for
// concurrent use.
//
// A Server is a view of one company: the one Start returns is the default
// company's, Company returns another's. Data methods (Seed, Object, ...)
// and Token act on the view's company; statistics, faults, deliveries and
// Close on the whole server, whichever view they are called on.
type Server struct {
	// URL is the company's root, e.g. "http://127.0.0.1:40123", its
	// api_domain: the v1 API lives under URL+"/v1", v2 under
	// URL+"/api/v2". The default company's URL is also the API's entry for
	// every company's tokens (as api.pipedrive.com is) and the OAuth
	// server (URL+"/oauth").
	URL string

	*shared
	*company
}

// shared is the state of the whole server: the limiter's, the tokens',
// the statistics and the companies.
type shared struct {
	ts     *httptest.Server // the main listener
	cfg    *config
	clock  Clock
	client oauthClient

	mu        sync.Mutex
	apiTokens map[string]*keyState // API token -> its limit state
	access    map[string]*accessToken
	grants    map[string]*grant // refresh token -> grant
	codes     map[string]*authCode
	keys      []*keyState // every key, for background load
	faults    []*activeFault
	stats     statsState
	routeList []*route // the API routes (of one company), for tests

	companies []*company // the default company first

	// bodyLimits raise the request body cap (1 MiB) of upload routes, by
	// route key; written only while the routes are registered.
	bodyLimits map[string]int64
	blobs      blobStore  // uploaded files' content (files.go)
	filesFake  *filesFake // the files family's state (files.go)

	hookClient *http.Client
	deliveries sync.WaitGroup
	delivered  []Delivery

	stop     chan struct{}
	bgDone   chan struct{}
	closeOne sync.Once
}

// company is the state of one company: its users' budgets, its data and
// the collections of every family.
type company struct {
	id       int64
	name     string
	ccfg     *companyConfig
	listener *httptest.Server // its own; nil for the default company, served by the main listener
	mux      *http.ServeMux
	view     *Server
	token    string // the default API token, acting as user 1

	users  map[int64]*user // under shared.mu
	budget budgetState     // under shared.mu
	data   *store

	collMu sync.Mutex
	colls  map[string]*collection // the resources of resources.go, by name
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
// port (one per company). The caller must Close it.
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
	sh := &shared{
		cfg:        cfg,
		clock:      cfg.clock,
		client:     oauthClient{id: "pdt-client-" + randomHex(6), secret: randomHex(20)},
		apiTokens:  map[string]*keyState{},
		access:     map[string]*accessToken{},
		grants:     map[string]*grant{},
		codes:      map[string]*authCode{},
		stop:       make(chan struct{}),
		hookClient: newHookClient(cfg.hookTimeout),
	}
	sh.stats.init()
	for i, cc := range cfg.companies {
		data, err := newStore(cc)
		if err != nil {
			return nil, err
		}
		co := &company{id: cc.id, name: cc.name, ccfg: cc, token: randomHex(20), users: map[int64]*user{},
			data: data, mux: http.NewServeMux()}
		co.budget.limit = cc.tokenBudget
		co.view = &Server{shared: sh, company: co}
		if i > 0 {
			co.listener = httptest.NewUnstartedServer(co.mux)
			co.view.URL = "http://" + co.listener.Listener.Addr().String()
		}
		sh.companies = append(sh.companies, co)
	}
	sh.ts = httptest.NewUnstartedServer(http.HandlerFunc(sh.route))
	def := sh.companies[0]
	def.view.URL = "http://" + sh.ts.Listener.Addr().String()
	for _, co := range sh.companies {
		s := co.view
		s.addAPITokenLocked(co, DefaultUserID, co.token)
		for _, t := range co.ccfg.apiTokens {
			s.addAPITokenLocked(co, t.userID, t.token)
		}
		for _, t := range co.ccfg.oauthTokens {
			g := s.newGrantLocked(s.client.id, "base", co.userLocked(t.userID))
			s.access[t.token] = &accessToken{grant: g}
		}
		s.routes(co.mux, co == def)
	}
	for _, f := range cfg.faults {
		sh.addFaultLocked(f)
	}
	sh.ts.Start()
	for _, co := range sh.companies[1:] {
		co.listener.Start()
	}
	if cfg.background > 0 {
		sh.bgDone = make(chan struct{})
		go sh.backgroundLoad(cfg.background)
	}
	return def.view, nil
}

// route is the main listener's handler: OAuth, and the API for every
// company's tokens, each request served by its token's company (the
// default company's when the token is unknown, which answers 401).
func (sh *shared) route(w http.ResponseWriter, r *http.Request) {
	co := sh.companies[0]
	if k := sh.peekKey(r); k != nil {
		co = k.user.co
	}
	co.mux.ServeHTTP(w, r)
}

// Close shuts the whole server down (every company), waiting for
// in-flight requests. It may be called more than once, on any view.
func (s *Server) Close() {
	s.closeOne.Do(func() {
		close(s.stop)
		if s.bgDone != nil {
			<-s.bgDone
		}
		for _, ts := range s.listeners() {
			ts.CloseClientConnections()
			ts.Close()
		}
		s.deliveries.Wait()
		s.blobs.removeAll()
	})
}

func (sh *shared) listeners() []*httptest.Server {
	out := []*httptest.Server{sh.ts}
	for _, co := range sh.companies[1:] {
		out = append(out, co.listener)
	}
	return out
}

// Token returns the company's default API token, acting as its user 1.
func (s *Server) Token() string { return s.token }

// CompanyID returns the id of the view's company.
func (s *Server) CompanyID() int64 { return s.company.id }

// CompanyName returns the name of the view's company.
func (s *Server) CompanyName() string { return s.company.name }

// Company returns the view of the company whose id is id (added with
// WithCompany, or the default CompanyID), or nil when there is none.
func (s *Server) Company(id int64) *Server {
	for _, co := range s.companies {
		if co.id == id {
			return co.view
		}
	}
	return nil
}

// Companies returns the views of every company, the default one first.
func (s *Server) Companies() []*Server {
	out := make([]*Server, len(s.companies))
	for i, co := range s.companies {
		out[i] = co.view
	}
	return out
}

// UserToken returns an API token acting as user userID of the view's
// company: one registered with WithUserAPIToken (or the default token for
// user 1), else a new one, registered on first call (the user is created
// too). Each user has its own daily write budget; each token its own
// window.
func (s *Server) UserToken(userID int64) (string, error) {
	if userID <= 0 {
		return "", fmt.Errorf("%w: user id must be positive", errBadOption)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if userID == DefaultUserID {
		return s.token, nil
	}
	var found string
	for tok, k := range s.apiTokens {
		if k.user.co == s.company && k.user.id == userID && (found == "" || tok < found) {
			found = tok
		}
	}
	if found != "" {
		return found, nil
	}
	tok := randomHex(20)
	s.addAPITokenLocked(s.company, userID, tok)
	return tok, nil
}

// OAuthClientID returns the id of the server's default OAuth app.
func (s *Server) OAuthClientID() string { return s.client.id }

// OAuthClientSecret returns the secret of the server's default OAuth app.
func (s *Server) OAuthClientSecret() string { return s.client.secret }

// HTTPClient returns an *http.Client configured to talk to the server
// (every company's URL).
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
	body   any    // marshalled as JSON unless html or file is set
	html   string // an HTML page
	file   *blob  // a stored file's content, streamed from disk
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
	if rp.file != nil {
		rp.file.serve(w, rp.status)
		return
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
