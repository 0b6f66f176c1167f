package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

// fakePipedrive serves the OAuth endpoints and /v1/users/me. Its authorize
// page approves at once (or denies when told to), redirecting back like
// Pipedrive does.
type fakePipedrive struct {
	srv       *httptest.Server
	deny      bool
	mu        sync.Mutex
	codes     map[string]bool
	access    map[string]bool
	refreshes int
	expiresIn int
	dealQuery url.Values
}

func newFakePipedrive(t *testing.T) *fakePipedrive {
	f := &fakePipedrive{codes: map[string]bool{}, access: map[string]bool{}, expiresIn: 3600}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /oauth/authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		back, _ := url.Parse(q.Get("redirect_uri"))
		v := url.Values{"state": {q.Get("state")}}
		if f.deny {
			v.Set("error", "user_denied")
		} else {
			f.mu.Lock()
			f.codes["code-1"] = true
			f.mu.Unlock()
			v.Set("code", "code-1")
		}
		back.RawQuery = v.Encode()
		http.Redirect(w, r, back.String(), http.StatusFound)
	})
	mux.HandleFunc("POST /oauth/token", func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != "cid" || p != "csecret" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		switch r.PostFormValue("grant_type") {
		case "authorization_code":
			if !f.codes[r.PostFormValue("code")] {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				_, _ = io.WriteString(w, `{"error":"invalid_grant"}`)
				return
			}
			delete(f.codes, r.PostFormValue("code"))
		case "refresh_token":
			f.refreshes++
		}
		at := "access-" + strings.Repeat("x", f.refreshes+1)
		f.access[at] = true
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": at, "refresh_token": "refresh-1",
			"token_type": "Bearer", "expires_in": f.expiresIn, "scope": "base", "api_domain": f.srv.URL})
	})
	mux.HandleFunc("GET /v1/users/me", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		ok := f.access[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if !ok {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"success":false,"error":"unauthorized","errorCode":401}`)
			return
		}
		_, _ = io.WriteString(w, `{"success":true,"data":{"id":7,"name":"Ada","email":"ada@example.com","company_id":42,"company_name":"Acme"}}`)
	})
	mux.HandleFunc("GET /api/v2/deals", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		ok := f.access[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
		f.dealQuery = r.URL.Query()
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if !ok {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"success":false,"error":"unauthorized","errorCode":401}`)
			return
		}
		_, _ = io.WriteString(w, `{"success":true,"data":[`+
			`{"id":1,"title":"Renewal","value":5000,"currency":"EUR","status":"open","add_time":"2026-11-01T10:00:00Z"},`+
			`{"id":2,"title":"Upsell","value":1200.5,"currency":"USD","status":"open","add_time":"2026-11-02T10:00:00Z"}],`+
			`"additional_data":{"next_cursor":null}}`)
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func startApp(t *testing.T, f *fakePipedrive) (*httptest.Server, *auth.MemoryTokenStore, *http.Client) {
	t.Helper()
	store := auth.NewMemoryTokenStore()
	var h http.Handler
	appSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(appSrv.Close)
	cfg := &auth.OAuthConfig{
		ClientID: "cid", ClientSecret: "csecret", RedirectURL: appSrv.URL + "/callback",
		AuthURL: f.srv.URL + "/oauth/authorize", TokenURL: f.srv.URL + "/oauth/token", RevokeURL: f.srv.URL + "/oauth/revoke",
		AllowedAPIDomains: []string{f.srv.URL}, // the fake's api_domain is its own http URL
	}
	h = newApp(cfg, store, slog.New(slog.DiscardHandler))
	jar, _ := cookiejar.New(nil)
	return appSrv, store, &http.Client{Jar: jar}
}

func get(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestLoginCallbackMe(t *testing.T) {
	f := newFakePipedrive(t)
	app, store, browser := startApp(t, f)

	status, body := get(t, browser, app.URL+"/login") // -> authorize -> callback
	if status != http.StatusOK || !strings.Contains(body, "Connected Ada") || !strings.Contains(body, "42:7") {
		t.Fatalf("login flow: %d %q", status, body)
	}
	if !strings.Contains(body, "#1 Renewal: 5000.00 EUR") || !strings.Contains(body, "#2 Upsell: 1200.50 USD") {
		t.Errorf("callback did not list the deals: %q", body)
	}
	if q := f.dealQuery; q.Get("status") != "open" || q.Get("limit") != "5" {
		t.Errorf("deals query = %v, want status=open&limit=5", q)
	}
	tok, err := store.Load(context.Background(), "42:7")
	if err != nil || tok.APIDomain != f.srv.URL {
		t.Fatalf("stored token %v, %v", tok, err)
	}

	// Pipedrive stops accepting the access token: /me gets a 401, refreshes
	// once, retries and saves the new token.
	f.mu.Lock()
	delete(f.access, tok.AccessToken)
	f.mu.Unlock()
	status, body = get(t, browser, app.URL+"/me/42:7")
	if status != http.StatusOK || !strings.Contains(body, "Ada") {
		t.Fatalf("/me: %d %q", status, body)
	}
	if f.refreshes != 1 {
		t.Errorf("refreshes = %d, want 1", f.refreshes)
	}
	if tok2, _ := store.Load(context.Background(), "42:7"); tok2.AccessToken == tok.AccessToken {
		t.Errorf("the refreshed token was not saved")
	}
	if status, _ := get(t, browser, app.URL+"/me/1:2"); status != http.StatusNotFound {
		t.Errorf("/me of an unknown key: %d", status)
	}
}

func TestCallbackDenied(t *testing.T) {
	f := newFakePipedrive(t)
	f.deny = true
	app, store, browser := startApp(t, f)
	status, body := get(t, browser, app.URL+"/login")
	if status != http.StatusOK || !strings.Contains(body, "declined") || store.Len() != 0 {
		t.Errorf("denied: %d %q, %d stored", status, body, store.Len())
	}
}

func TestCallbackForgedState(t *testing.T) {
	f := newFakePipedrive(t)
	app, store, browser := startApp(t, f)
	// A session exists, but the callback carries another state.
	noFollow := *browser
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if status, _ := get(t, &noFollow, app.URL+"/login"); status != http.StatusFound {
		t.Fatalf("/login: %d", status)
	}
	status, _ := get(t, browser, app.URL+"/callback?code=code-1&state=forged")
	if status != http.StatusBadRequest || store.Len() != 0 {
		t.Errorf("forged state: %d, %d stored", status, store.Len())
	}
	// No session at all.
	status, _ = get(t, http.DefaultClient, app.URL+"/callback?code=code-1&state=x")
	if status != http.StatusBadRequest {
		t.Errorf("no session: %d", status)
	}
}

// A state cookie that is present but empty must not turn the state check
// off (auth.ParseCallback skips it for an empty wantState): a planted
// empty cookie would otherwise let anyone complete a login with their own
// code (login CSRF).
func TestCallbackEmptyStateCookie(t *testing.T) {
	f := newFakePipedrive(t)
	app, store, _ := startApp(t, f)
	req, err := http.NewRequest(http.MethodGet, app.URL+"/callback?code=code-1", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.AddCookie(&http.Cookie{Name: stateCookie, Value: ""})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || store.Len() != 0 {
		t.Errorf("empty state cookie: %d, %d stored; want 400 and nothing", resp.StatusCode, store.Len())
	}
}

// The app against pipedrivetest, configured by its OAuthConfig: two
// companies authorize the same app, and their grants are saved under
// distinct "<company id>:<user id>" keys of one store, each then resumed
// against its own company's api_domain.
func TestAgainstPipedrivetestTwoCompanies(t *testing.T) {
	srv := pipedrivetest.NewServer(t, pipedrivetest.WithCompany(7002, "Acme Ltd"))
	acme := srv.Company(7002)
	if _, err := acme.Seed(pipedrivetest.Deal, map[string]any{"title": "Acme renewal", "value": 900, "currency": "GBP"}); err != nil {
		t.Fatal(err)
	}
	store := auth.NewMemoryTokenStore()
	for _, view := range []*pipedrivetest.Server{srv, acme} {
		var h http.Handler
		appSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
		t.Cleanup(appSrv.Close)
		// One app, one config: the company is the one the user picks on
		// the consent page (the view's authorize URL names it).
		h = newApp(view.OAuthConfig(appSrv.URL+"/callback"), store, slog.New(slog.DiscardHandler))
		jar, _ := cookiejar.New(nil)
		browser := &http.Client{Jar: jar}
		key := fmt.Sprintf("%d:%d", view.CompanyID(), pipedrivetest.DefaultUserID)
		status, body := get(t, browser, appSrv.URL+"/login")
		if status != http.StatusOK || !strings.Contains(body, "of "+view.CompanyName()) || !strings.Contains(body, key) {
			t.Fatalf("login to %s: %d %q", view.CompanyName(), status, body)
		}
		if view == acme && !strings.Contains(body, "Acme renewal: 900.00 GBP") {
			t.Errorf("Acme's deals: %q", body)
		}
		if status, body := get(t, browser, appSrv.URL+"/me/"+key); status != http.StatusOK || !strings.Contains(body, view.CompanyName()) {
			t.Errorf("/me/%s: %d %q", key, status, body)
		}
		if tok, err := store.Load(context.Background(), key); err != nil || tok.APIDomain != view.URL {
			t.Errorf("stored token of %s: %v, %v", key, tok, err)
		}
	}
	if store.Len() != 2 {
		t.Errorf("%d grants stored, want 2", store.Len())
	}
}
