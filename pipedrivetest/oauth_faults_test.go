package pipedrivetest

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func postForm(t *testing.T, srv *Server, path string, basic [2]string, form url.Values) (int, map[string]any) {
	t.Helper()
	r, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basic[0] != "" {
		r.SetBasicAuth(basic[0], basic[1])
	}
	res, err := srv.HTTPClient().Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, body
}

func TestOAuthFlow(t *testing.T) {
	clk := newManualClock()
	srv := NewServer(t, WithClock(clk), WithRateLimit(0, 3))
	creds := [2]string{srv.OAuthClientID(), srv.OAuthClientSecret()}

	// Authorize: redirect back with a code and the state.
	noRedirect := srv.HTTPClient()
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	q := url.Values{"client_id": {creds[0]}, "redirect_uri": {"http://127.0.0.1:9/callback"}, "state": {"xyz"}}
	res, err := noRedirect.Get(srv.URL + "/oauth/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusFound {
		t.Fatalf("authorize status %d", res.StatusCode)
	}
	loc, _ := url.Parse(res.Header.Get("Location"))
	if loc.Host != "127.0.0.1:9" || loc.Path != "/callback" || loc.Query().Get("state") != "xyz" || loc.Query().Get("code") == "" {
		t.Fatalf("redirect %s", loc)
	}
	code := loc.Query().Get("code")

	// Wrong client secret.
	status, _ := postForm(t, srv, "/oauth/token", [2]string{creds[0], "wrong"},
		url.Values{"grant_type": {"authorization_code"}, "code": {code}})
	if status != 401 {
		t.Fatalf("wrong secret: %d", status)
	}
	// Exchange.
	status, tok := postForm(t, srv, "/oauth/token", creds, url.Values{"grant_type": {"authorization_code"},
		"code": {code}, "redirect_uri": {"http://127.0.0.1:9/callback"}})
	if status != 200 || tok["api_domain"] != srv.URL || tok["token_type"] != "Bearer" || tok["expires_in"] != float64(3600) ||
		tok["access_token"] == "" || tok["refresh_token"] == "" || tok["scope"] == nil {
		t.Fatalf("token answer %d %v", status, tok)
	}
	// A code works once.
	if status, _ := postForm(t, srv, "/oauth/token", creds, url.Values{"grant_type": {"authorization_code"}, "code": {code}}); status != 400 {
		t.Fatalf("code reuse: %d", status)
	}
	access, refresh := tok["access_token"].(string), tok["refresh_token"].(string)
	wantStatus(t, req(t, srv, "GET", "/v1/users/me", "Bearer "+access, nil), 200)
	wantStatus(t, req(t, srv, "GET", "/v1/users/me", "Bearer "+access, nil), 200)

	// Refresh: the new token shares the authorization's window, and the
	// refresh token rotates: the used one is refused from now on.
	status, tok = postForm(t, srv, "/oauth/token", creds, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}})
	if status != 200 || tok["access_token"] == access || tok["refresh_token"] == refresh || tok["refresh_token"] == "" {
		t.Fatalf("refresh %d %v", status, tok)
	}
	access2 := tok["access_token"].(string)
	used, refresh := refresh, tok["refresh_token"].(string)
	if status, body := postForm(t, srv, "/oauth/token", creds, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {used}}); status != 400 || body["error"] != "invalid_grant" {
		t.Fatalf("reuse of a rotated refresh token: %d %v", status, body)
	}
	r := req(t, srv, "GET", "/v1/users/me", "Bearer "+access2, nil)
	wantStatus(t, r, 200)
	if headerInt(t, r, "X-Ratelimit-Remaining") != 0 {
		t.Fatalf("refreshed token got a fresh window: remaining %s", r.header.Get("X-Ratelimit-Remaining"))
	}
	if st := srv.TokenStats(refresh); st.Admitted != 3 || srv.TokenStats(access).Admitted != 3 {
		t.Fatalf("authorization stats %+v", st)
	}
	// Access tokens expire after an hour; the refresh token still works.
	clk.Advance(time.Hour)
	wantStatus(t, req(t, srv, "GET", "/v1/users/me", "Bearer "+access2, nil), 401)
	status, tok = postForm(t, srv, "/oauth/token", creds, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}})
	if status != 200 {
		t.Fatalf("refresh after expiry %d", status)
	}
	access2, refresh = tok["access_token"].(string), tok["refresh_token"].(string)
	wantStatus(t, req(t, srv, "GET", "/v1/users/me", "Bearer "+access2, nil), 200)

	// Revoke the refresh token: its access tokens and refreshes stop working.
	if status, _ := postForm(t, srv, "/oauth/revoke", creds, url.Values{"token": {refresh}}); status != 200 {
		t.Fatalf("revoke %d", status)
	}
	wantStatus(t, req(t, srv, "GET", "/v1/users/me", "Bearer "+access2, nil), 401)
	if status, _ := postForm(t, srv, "/oauth/token", creds, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}}); status != 400 {
		t.Fatalf("refresh after revoke: %d", status)
	}
	if status, _ := postForm(t, srv, "/oauth/token", creds, url.Values{"grant_type": {"password"}}); status != 400 {
		t.Fatalf("bad grant type: %d", status)
	}
}

func TestOAuthStaticRefreshTokens(t *testing.T) {
	srv := NewServer(t, WithStaticRefreshTokens())
	creds := [2]string{srv.OAuthClientID(), srv.OAuthClientSecret()}
	refresh := srv.GrantOAuth().RefreshToken
	for range 3 {
		status, tok := postForm(t, srv, "/oauth/token", creds, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}})
		if status != 200 || tok["refresh_token"] != refresh {
			t.Fatalf("refresh %d %v", status, tok)
		}
	}
}

func TestOAuthClientRedirectMustMatch(t *testing.T) {
	srv := NewServer(t, WithOAuthClient("app", "s3cret", "https://app.example/cb"))
	noRedirect := srv.HTTPClient()
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for uri, want := range map[string]int{"https://app.example/cb": 302, "https://evil.example/cb": 400, "": 302} {
		q := url.Values{"client_id": {"app"}}
		if uri != "" {
			q.Set("redirect_uri", uri)
		}
		res, err := noRedirect.Get(srv.URL + "/oauth/authorize?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("redirect_uri %q: %d, want %d", uri, res.StatusCode, want)
		}
	}
}

func TestGrantOAuth(t *testing.T) {
	srv := NewServer(t)
	tok := srv.GrantOAuth()
	if tok.APIDomain != srv.URL || tok.ExpiresIn != 3600 {
		t.Fatalf("%+v", tok)
	}
	r := req(t, srv, "GET", "/v1/users/me", "Bearer "+tok.AccessToken, nil)
	wantStatus(t, r, 200)
	if headerInt(t, r, "X-Ratelimit-Limit") != DefaultOAuthLimit {
		t.Fatal("oauth limit")
	}
}

func TestFaultDropConnectionAppliesTheWrite(t *testing.T) {
	srv := NewServer(t, WithRateLimit(100, 0))
	if err := srv.InjectFault(Fault{Kind: DropConnection, Method: "POST", Path: "/api/v2/deals", Count: 1}); err != nil {
		t.Fatal(err)
	}
	send := func() (*http.Response, error) {
		r, _ := http.NewRequest("POST", srv.URL+"/api/v2/deals", strings.NewReader(`{"title":"Lost answer"}`))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("X-Api-Token", srv.Token())
		return srv.HTTPClient().Do(r)
	}
	// A GET on the same path is not hit.
	wantStatus(t, req(t, srv, "GET", "/api/v2/deals", srv.Token(), nil), 200)
	res, err := send()
	if err == nil {
		res.Body.Close()
		t.Fatalf("got a response (%d) through a dropped connection", res.StatusCode)
	}
	if srv.Len(Deal) != 1 {
		t.Fatalf("the write was not applied: %d deals", srv.Len(Deal))
	}
	// Used up: the next one goes through.
	res, err = send()
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || srv.Len(Deal) != 2 || srv.PendingFaults() != 0 {
		t.Fatalf("after the fault: %d, %d deals", res.StatusCode, srv.Len(Deal))
	}
	st := srv.Stats()
	if st.Faults != 1 || st.Writes != 2 {
		t.Fatalf("stats %+v", st)
	}
	if log := srv.Requests(); log[1].Status != 0 {
		t.Fatalf("dropped request logged with status %d", log[1].Status)
	}
}

func TestFaultHTMLPagesDoNotApply(t *testing.T) {
	for _, c := range []struct {
		kind   FaultKind
		status int
		marker string
	}{{BadGateway, 502, "502 Bad Gateway"}, {Block, 403, "Cloudflare"}} {
		t.Run(c.kind.String(), func(t *testing.T) {
			srv := NewServer(t, WithFault(Fault{Kind: c.kind, Path: "/api/v2/*", Count: 2}))
			for i := 0; i < 2; i++ {
				r := req(t, srv, "POST", "/api/v2/persons", srv.Token(), map[string]any{"name": "X"})
				wantStatus(t, r, c.status)
				if !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !strings.Contains(string(r.raw), c.marker) {
					t.Fatalf("page %q", r.raw)
				}
			}
			if srv.Len(Person) != 0 {
				t.Fatal("a faulted request was applied")
			}
			// Paths outside the pattern are never hit; /api/v2/* spans one segment.
			wantStatus(t, req(t, srv, "GET", "/v1/users/me", srv.Token(), nil), 200)
			wantStatus(t, req(t, srv, "POST", "/api/v2/persons", srv.Token(), map[string]any{"name": "X"}), 200)
			if srv.Stats().Faults != 2 {
				t.Fatalf("faults %d", srv.Stats().Faults)
			}
		})
	}
}

func TestFaultSlow(t *testing.T) {
	srv := NewServer(t, WithFault(Fault{Kind: Slow, Method: "GET", Path: "/v1/users/me", Delay: 30 * time.Second}))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	r, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/v1/users/me", nil)
	r.Header.Set("X-Api-Token", srv.Token())
	res, err := srv.HTTPClient().Do(r)
	if err == nil {
		res.Body.Close()
		t.Fatalf("answered (%d) despite a 30 s delay", res.StatusCode)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v", err)
	}
	srv.ClearFaults()
	wantStatus(t, req(t, srv, "GET", "/v1/users/me", srv.Token(), nil), 200)

	// A short delay still answers, no sooner than the delay.
	_ = srv.InjectFault(Fault{Kind: Slow, Delay: 20 * time.Millisecond, Count: 1})
	start := time.Now()
	wantStatus(t, req(t, srv, "GET", "/v1/users/me", srv.Token(), nil), 200)
	if time.Since(start) < 20*time.Millisecond {
		t.Fatal("answered before the delay")
	}
}

func TestFaultKindString(t *testing.T) {
	for k, want := range map[FaultKind]string{DropConnection: "drop-connection", BadGateway: "bad-gateway", Slow: "slow", Block: "block", 9: "FaultKind(9)"} {
		if k.String() != want {
			t.Errorf("%d: %s", int(k), k.String())
		}
	}
}
