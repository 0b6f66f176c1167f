package auth_test

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/auth"
)

// fakeClock is a settable clock for credentials.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// tokenRequest is what the fake token endpoint received.
type tokenRequest struct {
	Path        string
	ContentType string
	BasicUser   string
	BasicPass   string
	BasicOK     bool
	Form        url.Values
	RawQuery    string
}

// fakeOAuth is an OAuth 2.0 server shaped like Pipedrive's, with a tiny
// API (/v1/users/me) that accepts only the access tokens it issued and did
// not reject.
type fakeOAuth struct {
	t   *testing.T
	srv *httptest.Server

	ClientID, ClientSecret, RedirectURL string

	mu            sync.Mutex
	codes         map[string]bool // unused codes
	refresh       map[string]bool // valid refresh tokens
	access        map[string]bool // valid access tokens
	issued        []string        // every secret handed out
	requests      []tokenRequest
	refreshes     int
	exchanges     int
	revokes       int
	apiCalls      int
	expiresIn     int
	rotate        bool          // issue a new refresh token on every refresh
	refreshStatus int           // when non-zero, refresh answers this status
	refreshBody   string        // ... with this body
	gate          chan struct{} // when non-nil, refreshes wait for it to close
	arrived       chan struct{} // gets a value when a refresh request arrives
	rejectAll     bool          // the API answers 401 to every token
	lastAuth      string        // Authorization header of the last API call
	apiDomain     string        // when set, the api_domain refreshes answer with
}

func newFakeOAuth(t *testing.T) *fakeOAuth {
	t.Helper()
	f := &fakeOAuth{
		t:            t,
		ClientID:     "client-id-1234",
		ClientSecret: "client-secret-" + randHex(8),
		RedirectURL:  "https://app.example/callback",
		codes:        map[string]bool{},
		refresh:      map[string]bool{},
		access:       map[string]bool{},
		expiresIn:    3600,
		arrived:      make(chan struct{}, 1000),
	}
	f.issued = append(f.issued, f.ClientSecret)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/token", f.token)
	mux.HandleFunc("POST /oauth/revoke", f.revoke)
	mux.HandleFunc("GET /v1/users/me", f.me)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Config returns an OAuthConfig pointing at the fake.
func (f *fakeOAuth) Config() *auth.OAuthConfig {
	return &auth.OAuthConfig{
		ClientID:     f.ClientID,
		ClientSecret: f.ClientSecret,
		RedirectURL:  f.RedirectURL,
		AuthURL:      f.srv.URL + "/oauth/authorize",
		TokenURL:     f.srv.URL + "/oauth/token",
		RevokeURL:    f.srv.URL + "/oauth/revoke",
		HTTPClient:   f.srv.Client(),
		// The fake's api_domain is its own http URL.
		AllowedAPIDomains: []string{f.srv.URL},
	}
}

// NewCode registers a fresh authorization code.
func (f *fakeOAuth) NewCode() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := "code-" + randHex(6)
	f.codes[c] = true
	return c
}

// Grant issues a token directly (as if exchanged), expiring after the
// fake's expiresIn counted from now.
func (f *fakeOAuth) Grant(now time.Time) *auth.Token {
	f.mu.Lock()
	defer f.mu.Unlock()
	at, rt := f.newAccess(), f.newRefresh()
	return &auth.Token{AccessToken: at, RefreshToken: rt, TokenType: "bearer",
		Expiry: now.Add(time.Duration(f.expiresIn) * time.Second), APIDomain: f.srv.URL,
		Scopes: []string{"base", "deals:full"}}
}

func (f *fakeOAuth) newAccess() string {
	s := "access-" + randHex(12)
	f.access[s] = true
	f.issued = append(f.issued, s)
	return s
}

func (f *fakeOAuth) newRefresh() string {
	s := "refresh-" + randHex(12)
	f.refresh[s] = true
	f.issued = append(f.issued, s)
	return s
}

// RejectAccess makes the API answer 401 to tok from now on.
func (f *fakeOAuth) RejectAccess(tok string) {
	f.mu.Lock()
	delete(f.access, tok)
	f.mu.Unlock()
}

// RevokeRefresh makes the token endpoint answer invalid_grant to rt.
func (f *fakeOAuth) RevokeRefresh(rt string) {
	f.mu.Lock()
	delete(f.refresh, rt)
	f.mu.Unlock()
}

// Secrets returns every secret the fake knows: client secret, codes and
// tokens.
func (f *fakeOAuth) Secrets() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := append([]string(nil), f.issued...)
	for c := range f.codes {
		out = append(out, c)
	}
	return out
}

func (f *fakeOAuth) Counts() (exchanges, refreshes, revokes, apiCalls int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.exchanges, f.refreshes, f.revokes, f.apiCalls
}

func (f *fakeOAuth) Requests() []tokenRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]tokenRequest(nil), f.requests...)
}

func (f *fakeOAuth) record(r *http.Request) tokenRequest {
	_ = r.ParseForm()
	u, p, ok := r.BasicAuth()
	tr := tokenRequest{Path: r.URL.Path, ContentType: r.Header.Get("Content-Type"),
		BasicUser: u, BasicPass: p, BasicOK: ok, Form: r.PostForm, RawQuery: r.URL.RawQuery}
	f.mu.Lock()
	f.requests = append(f.requests, tr)
	f.mu.Unlock()
	return tr
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (f *fakeOAuth) token(w http.ResponseWriter, r *http.Request) {
	tr := f.record(r)
	if !tr.BasicOK || tr.BasicUser != f.ClientID || tr.BasicPass != f.ClientSecret {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "invalid_client", "error_description": "bad client credentials"})
		return
	}
	switch tr.Form.Get("grant_type") {
	case "authorization_code":
		f.mu.Lock()
		f.exchanges++
		code := tr.Form.Get("code")
		if !f.codes[code] || tr.Form.Get("redirect_uri") != f.RedirectURL {
			f.mu.Unlock()
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_grant",
				"error_description": "code " + code + " is invalid"}) // echoes the code: must be scrubbed
			return
		}
		delete(f.codes, code)
		at, rt := f.newAccess(), f.newRefresh()
		exp := f.expiresIn
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"access_token": at, "token_type": "Bearer",
			"refresh_token": rt, "scope": "base,deals:full", "expires_in": exp, "api_domain": f.srv.URL + "/"})
	case "refresh_token":
		f.arrived <- struct{}{}
		f.mu.Lock()
		f.refreshes++
		gate := f.gate
		f.mu.Unlock()
		if gate != nil {
			<-gate
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		rt := tr.Form.Get("refresh_token")
		if f.refreshStatus != 0 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(f.refreshStatus)
			_, _ = w.Write([]byte(strings.ReplaceAll(f.refreshBody, "$RT", rt)))
			return
		}
		if !f.refresh[rt] {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_grant",
				"error_description": "refresh token " + rt + " is revoked"}) // echoes: must be scrubbed
			return
		}
		at := f.newAccess()
		domain := f.srv.URL
		if f.apiDomain != "" {
			domain = f.apiDomain
		}
		out := map[string]any{"access_token": at, "token_type": "Bearer", "scope": "base,deals:full",
			"expires_in": f.expiresIn, "api_domain": domain}
		if f.rotate {
			delete(f.refresh, rt)
			out["refresh_token"] = f.newRefresh()
		} else {
			out["refresh_token"] = rt
		}
		writeJSON(w, http.StatusOK, out)
	default:
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "unsupported_grant_type"})
	}
}

func (f *fakeOAuth) revoke(w http.ResponseWriter, r *http.Request) {
	tr := f.record(r)
	if !tr.BasicOK || tr.BasicUser != f.ClientID || tr.BasicPass != f.ClientSecret {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "invalid_client"})
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.revokes++
	tok := tr.Form.Get("token")
	delete(f.refresh, tok)
	delete(f.access, tok)
	w.WriteHeader(http.StatusOK)
}

func (f *fakeOAuth) me(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.apiCalls++
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	valid := ok && f.access[tok] && !f.rejectAll
	f.lastAuth = r.Header.Get("Authorization")
	f.mu.Unlock()
	if !valid {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"success": false,
			"error": "unauthorized access", "errorCode": 401})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"success": true,
		"data": map[string]any{"id": 7, "name": "Ada", "company_id": 42}})
}

// assertNoSecret fails when s contains any of secrets.
func assertNoSecret(t *testing.T, where, s string, secrets []string) {
	t.Helper()
	for _, sec := range secrets {
		if sec != "" && strings.Contains(s, sec) {
			t.Errorf("%s leaks a secret %q: %s", where, sec[:min(len(sec), 12)]+"...", s)
		}
	}
}

func (f *fakeOAuth) String() string { return fmt.Sprintf("fakeOAuth(%s)", f.srv.URL) }
