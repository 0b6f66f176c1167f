package auth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/auth"
)

func TestAuthCodeURL(t *testing.T) {
	cfg := &auth.OAuthConfig{ClientID: "cid", ClientSecret: "top-secret", RedirectURL: "https://app.example/cb"}
	u, err := url.Parse(cfg.AuthCodeURL("st4te"))
	if err != nil {
		t.Fatal(err)
	}
	if got := u.Scheme + "://" + u.Host + u.Path; got != auth.DefaultAuthURL {
		t.Errorf("authorize endpoint = %q, want %q", got, auth.DefaultAuthURL)
	}
	q := u.Query()
	want := map[string]string{"client_id": "cid", "redirect_uri": "https://app.example/cb", "state": "st4te", "response_type": "code"}
	for k, v := range want {
		if q.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, q.Get(k), v)
		}
	}
	if strings.Contains(u.String(), "top-secret") {
		t.Errorf("authorize URL carries the client secret: %s", u)
	}

	if (*auth.OAuthConfig)(nil).AuthCodeURL("s") != "" {
		t.Errorf("nil config built a URL")
	}
	cfg.AuthURL = "http://127.0.0.1:1/oauth/authorize"
	if u := cfg.AuthCodeURL("s"); !strings.HasPrefix(u, cfg.AuthURL+"?") {
		t.Errorf("override ignored: %s", u)
	}
}

func TestNewState(t *testing.T) {
	a, err := auth.NewState()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := auth.NewState()
	if a == b || len(a) < 40 || url.QueryEscape(a) != a {
		t.Errorf("states %q, %q: want distinct, long, URL-safe", a, b)
	}
}

func TestExchangeSendsBasicAuthAndForm(t *testing.T) {
	f := newFakeOAuth(t)
	code := f.NewCode()
	before := time.Now()
	tok, err := f.Config().Exchange(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	reqs := f.Requests()
	if len(reqs) != 1 {
		t.Fatalf("token endpoint got %d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if !r.BasicOK || r.BasicUser != f.ClientID || r.BasicPass != f.ClientSecret {
		t.Errorf("Basic auth = (%q, ok=%v), want the client id and secret", r.BasicUser, r.BasicOK)
	}
	if r.ContentType != "application/x-www-form-urlencoded" {
		t.Errorf("Content-Type = %q", r.ContentType)
	}
	wantForm := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {f.RedirectURL}}
	if !reflect.DeepEqual(r.Form, wantForm) {
		t.Errorf("form = %v, want %v", r.Form, wantForm)
	}
	if r.RawQuery != "" {
		t.Errorf("token request has a query: %q", r.RawQuery)
	}
	if tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("token misses secrets: %v", tok)
	}
	if tok.APIDomain != f.srv.URL {
		t.Errorf("APIDomain = %q, want %q (trailing slash trimmed)", tok.APIDomain, f.srv.URL)
	}
	if !reflect.DeepEqual(tok.Scopes, []string{"base", "deals:full"}) {
		t.Errorf("Scopes = %q", tok.Scopes)
	}
	if d := tok.Expiry.Sub(before); d < 3599*time.Second || d > 3700*time.Second {
		t.Errorf("Expiry is %v after the request, want about 1h", d)
	}

	// The code is single-use: the second exchange is invalid_grant.
	_, err = f.Config().Exchange(context.Background(), code)
	if !errors.Is(err, auth.ErrInvalidGrant) {
		t.Fatalf("reused code: err = %v, want ErrInvalidGrant", err)
	}
	var te *auth.TokenError
	if !errors.As(err, &te) || te.StatusCode != 400 || te.Op != "exchange" || te.Code != "invalid_grant" {
		t.Errorf("TokenError = %+v", te)
	}
	assertNoSecret(t, "exchange error", err.Error(), f.Secrets())
	assertNoSecret(t, "exchange error", err.Error(), []string{code})
}

func TestExchangeErrors(t *testing.T) {
	f := newFakeOAuth(t)
	serve := func(status int, ctype, body string) *auth.OAuthConfig {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
		}))
		t.Cleanup(srv.Close)
		cfg := f.Config()
		cfg.TokenURL = srv.URL
		return cfg
	}
	tests := []struct {
		name      string
		cfg       *auth.OAuthConfig
		code      string
		is        error
		status    int
		errCode   string
		permanent bool
	}{
		{name: "wrong secret", cfg: func() *auth.OAuthConfig { c := f.Config(); c.ClientSecret = "wrong-secret-value"; return c }(),
			code: "x", status: 401, errCode: "invalid_client", permanent: true},
		{name: "missing secret", cfg: func() *auth.OAuthConfig { c := f.Config(); c.ClientSecret = ""; return c }(),
			code: "x", is: auth.ErrInvalidConfig},
		{name: "nil config", cfg: nil, code: "x", is: auth.ErrInvalidConfig},
		{name: "empty code", cfg: f.Config(), code: "", is: auth.ErrMissingCode},
		{name: "html 502", cfg: serve(502, "text/html", "<html>bad gateway "+f.ClientSecret+"</html>"), code: "c", status: 502},
		{name: "pipedrive error shape", cfg: serve(400, "application/json", `{"success":false,"error":"invalid_grant","message":"Invalid grant"}`),
			code: "c", status: 400, errCode: "invalid_grant", is: auth.ErrInvalidGrant, permanent: true},
		{name: "no access token", cfg: serve(200, "application/json", `{"token_type":"bearer"}`), code: "c"},
		{name: "bad api_domain", cfg: serve(200, "application/json", `{"access_token":"a-secret-1","refresh_token":"r-secret-1","api_domain":"javascript:alert(1)"}`),
			code: "c", errCode: "untrusted_api_domain", is: auth.ErrUntrustedAPIDomain, permanent: true},
		{name: "untrusted api_domain", cfg: serve(200, "application/json", `{"access_token":"a-secret-1","refresh_token":"r-secret-1","api_domain":"http://evil.example"}`),
			code: "c", errCode: "untrusted_api_domain", is: auth.ErrUntrustedAPIDomain, permanent: true},
		{name: "api_domain naming a secret", cfg: serve(200, "application/json", `{"access_token":"a-secret-1","refresh_token":"r-secret-1","api_domain":"https://a-secret-1.evil.example"}`),
			code: "c", errCode: "untrusted_api_domain", is: auth.ErrUntrustedAPIDomain, permanent: true},
		{name: "not bearer", cfg: serve(200, "application/json", `{"access_token":"a-secret-1","token_type":"mac"}`),
			code: "c", errCode: "unsupported_token_type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := tt.cfg.Exchange(context.Background(), tt.code)
			if err == nil {
				t.Fatalf("Exchange succeeded: %v", tok)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("err = %v, want %v", err, tt.is)
			}
			var te *auth.TokenError
			if tt.status != 0 || tt.errCode != "" {
				if !errors.As(err, &te) {
					t.Fatalf("err = %T %v, want *TokenError", err, err)
				}
				if te.StatusCode != tt.status || te.Code != tt.errCode || te.Permanent() != tt.permanent {
					t.Errorf("TokenError{Status:%d Code:%q Permanent:%v}, want {%d %q %v}", te.StatusCode, te.Code, te.Permanent(), tt.status, tt.errCode, tt.permanent)
				}
			}
			assertNoSecret(t, "error", err.Error(), append(f.Secrets(), "wrong-secret-value", "a-secret-1", "r-secret-1"))
		})
	}
}

func TestExchangeHonoursContext(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-block }))
	defer srv.Close()
	defer close(block)
	cfg := &auth.OAuthConfig{ClientID: "id", ClientSecret: "sec-123456", TokenURL: srv.URL}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := cfg.Exchange(ctx, "code")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if strings.Contains(err.Error(), "sec-123456") {
		t.Errorf("error leaks the secret: %v", err)
	}
}

func TestParseCallback(t *testing.T) {
	tests := []struct {
		name     string
		query    string
		state    string
		wantCode string
		is       error
		cbCode   string
	}{
		{name: "ok", query: "code=abc&state=s1", state: "s1", wantCode: "abc"},
		{name: "user denied", query: "error=user_denied&state=s1", state: "s1", is: auth.ErrUserDenied, cbCode: "user_denied"},
		{name: "user denied without state", query: "error=user_denied", state: "s1", is: auth.ErrUserDenied, cbCode: "user_denied"},
		{name: "other error", query: "error=access_denied&error_description=nope", state: "s1", cbCode: "access_denied"},
		{name: "state mismatch", query: "code=abc&state=evil", state: "s1", is: auth.ErrStateMismatch},
		{name: "state missing", query: "code=abc", state: "s1", is: auth.ErrStateMismatch},
		{name: "no code", query: "state=s1", state: "s1", is: auth.ErrMissingCode},
		{name: "empty expected state fails closed", query: "code=abc", state: "", is: auth.ErrStateMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/callback?"+tt.query, nil)
			code, err := auth.ParseCallback(r, tt.state)
			if code != tt.wantCode {
				t.Errorf("code = %q, want %q", code, tt.wantCode)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("err = %v, want %v", err, tt.is)
			}
			if tt.is == nil && tt.cbCode == "" && err != nil {
				t.Errorf("err = %v", err)
			}
			var ce *auth.CallbackError
			if tt.cbCode != "" && (!errors.As(err, &ce) || ce.Code != tt.cbCode) {
				t.Errorf("err = %#v, want *CallbackError with code %q", err, tt.cbCode)
			}
			if tt.cbCode == "access_denied" && errors.Is(err, auth.ErrUserDenied) {
				t.Errorf("access_denied matched ErrUserDenied")
			}
		})
	}
	// Error texts, and a hostile description cut short.
	r := httptest.NewRequest(http.MethodGet, "/cb?error=user_denied", nil)
	if _, err := auth.ParseCallback(r, ""); err.Error() != auth.ErrUserDenied.Error() {
		t.Errorf("user_denied text = %q", err)
	}
	r = httptest.NewRequest(http.MethodGet, "/cb?error=server_error&error_description="+strings.Repeat("é", 400), nil)
	_, err := auth.ParseCallback(r, "")
	if msg := err.Error(); !strings.Contains(msg, `"server_error"`) || len(msg) > 400 || !strings.Contains(msg, "...") {
		t.Errorf("callback error text = %q (%d bytes)", msg, len(msg))
	}
	r = httptest.NewRequest(http.MethodGet, "/cb?code=abc&state=", nil)
	if _, err := auth.ParseCallback(r, ""); !errors.Is(err, auth.ErrStateMismatch) {
		t.Errorf("empty expected state: err = %v, want ErrStateMismatch (fail closed)", err)
	}
	r = httptest.NewRequest(http.MethodGet, "/cb?code=abc", nil)
	if _, err := auth.ParseCallback(r, ""); !errors.Is(err, auth.ErrStateMismatch) {
		t.Errorf("no state at all: err = %v, want ErrStateMismatch", err)
	}
	if _, err := auth.ParseCallback(nil, "s"); !errors.Is(err, auth.ErrMissingCode) {
		t.Errorf("nil request: err = %v", err)
	}
}

func TestExchangeCallback(t *testing.T) {
	f := newFakeOAuth(t)
	code := f.NewCode()
	r := httptest.NewRequest(http.MethodGet, "/callback?state=xyz&code="+code, nil)
	tok, err := f.Config().ExchangeCallback(context.Background(), r, "xyz")
	if err != nil || tok.AccessToken == "" {
		t.Fatalf("ExchangeCallback = %v, %v", tok, err)
	}
	r = httptest.NewRequest(http.MethodGet, "/callback?state=xyz&error=user_denied", nil)
	if _, err := f.Config().ExchangeCallback(context.Background(), r, "xyz"); !errors.Is(err, auth.ErrUserDenied) {
		t.Errorf("denied: err = %v", err)
	}
	if ex, _, _, _ := f.Counts(); ex != 1 {
		t.Errorf("exchanges = %d, want 1 (a denial must not reach the token endpoint)", ex)
	}
}

func TestConfigRefresh(t *testing.T) {
	f := newFakeOAuth(t)
	tok := f.Grant(time.Now())
	got, err := f.Config().Refresh(context.Background(), tok.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	r := f.Requests()[0]
	if r.BasicUser != f.ClientID || r.BasicPass != f.ClientSecret {
		t.Errorf("refresh without Basic auth")
	}
	want := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken}}
	if !reflect.DeepEqual(r.Form, want) {
		t.Errorf("form = %v, want %v", r.Form, want)
	}
	if got.AccessToken == tok.AccessToken || got.RefreshToken != tok.RefreshToken || got.APIDomain != f.srv.URL {
		t.Errorf("refreshed token = %v", got)
	}

	f.RevokeRefresh(tok.RefreshToken)
	_, err = f.Config().Refresh(context.Background(), tok.RefreshToken)
	if !errors.Is(err, auth.ErrInvalidGrant) {
		t.Fatalf("err = %v, want ErrInvalidGrant", err)
	}
	assertNoSecret(t, "refresh error", err.Error(), f.Secrets())
	if _, err := f.Config().Refresh(context.Background(), ""); !errors.Is(err, auth.ErrNoRefreshToken) {
		t.Errorf("empty refresh token: err = %v", err)
	}
}

func TestRevoke(t *testing.T) {
	f := newFakeOAuth(t)
	tok := f.Grant(time.Now())
	if err := f.Config().Revoke(context.Background(), tok); err != nil {
		t.Fatal(err)
	}
	r := f.Requests()[0]
	want := url.Values{"token": {tok.RefreshToken}, "token_type_hint": {"refresh_token"}}
	if r.Path != "/oauth/revoke" || !reflect.DeepEqual(r.Form, want) || r.BasicPass != f.ClientSecret ||
		r.ContentType != "application/x-www-form-urlencoded" {
		t.Errorf("revoke request = %+v", r)
	}
	if _, err := f.Config().Refresh(context.Background(), tok.RefreshToken); !errors.Is(err, auth.ErrInvalidGrant) {
		t.Errorf("refresh after revoke: err = %v, want ErrInvalidGrant", err)
	}

	cfg := f.Config()
	cfg.ClientSecret = "not-the-secret"
	err := cfg.Revoke(context.Background(), tok)
	var te *auth.TokenError
	if !errors.As(err, &te) || te.StatusCode != 401 || te.Code != "invalid_client" || te.Op != "revoke" {
		t.Errorf("bad secret: err = %v", err)
	}
	if err := f.Config().Revoke(context.Background(), &auth.Token{}); !errors.Is(err, auth.ErrEmptyToken) {
		t.Errorf("empty token: err = %v", err)
	}
}

func TestTokenHidesSecrets(t *testing.T) {
	tok := auth.Token{AccessToken: "acc-SECRET-1", RefreshToken: "ref-SECRET-2", TokenType: "bearer",
		Expiry: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Scopes: []string{"base"}, APIDomain: "https://x.pipedrive.com"}
	secrets := []string{"acc-SECRET-1", "ref-SECRET-2"}
	type wrapper struct {
		Tok  auth.Token
		PTok *auth.Token
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d", "%T %v"} {
		for _, v := range []any{tok, &tok, wrapper{tok, &tok}, []auth.Token{tok}} {
			s := fmt.Sprintf(verb, v)
			assertNoSecret(t, "fmt "+verb, s, secrets)
		}
	}
	if s := tok.String(); !strings.Contains(s, "[REDACTED]") || !strings.Contains(s, "x.pipedrive.com") || !strings.Contains(s, "2026-01-02T03:04:05Z") {
		t.Errorf("String() = %q: want redacted secrets and visible domain and expiry", s)
	}
	if s := (auth.Token{}).String(); strings.Contains(s, "redacted") {
		t.Errorf("empty token String() = %q: should show the secrets are empty", s)
	}

	var buf bytes.Buffer
	for _, h := range []slog.Handler{slog.NewTextHandler(&buf, nil), slog.NewJSONHandler(&buf, nil)} {
		slog.New(h).Info("token", "tok", tok, "ptok", &tok)
	}
	assertNoSecret(t, "slog", buf.String(), secrets)
	if !strings.Contains(buf.String(), "x.pipedrive.com") {
		t.Errorf("slog output lost the non-secret fields: %s", buf.String())
	}

	// JSON is the storage format and must keep everything.
	b, err := json.Marshal(tok)
	if err != nil {
		t.Fatal(err)
	}
	var back auth.Token
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, tok) {
		t.Errorf("JSON round trip = %v, want %v (secrets must survive: %s)", back, tok, b)
	}
	if !bytes.Contains(b, []byte("ref-SECRET-2")) {
		t.Errorf("JSON lost the refresh token: %s", b)
	}
}

func TestConfigHidesSecret(t *testing.T) {
	cfg := &auth.OAuthConfig{ClientID: "cid", ClientSecret: "client-SECRET-9", RedirectURL: "https://a/cb"}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x"} {
		assertNoSecret(t, "fmt "+verb, fmt.Sprintf(verb, cfg), []string{"client-SECRET-9"})
		assertNoSecret(t, "fmt "+verb, fmt.Sprintf(verb, *cfg), []string{"client-SECRET-9"})
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("cfg", "cfg", cfg)
	assertNoSecret(t, "slog", buf.String(), []string{"client-SECRET-9"})
	if !strings.Contains(buf.String(), "cid") {
		t.Errorf("slog lost the client id: %s", buf.String())
	}
}

func TestMemoryTokenStore(t *testing.T) {
	var s auth.MemoryTokenStore
	ctx := context.Background()
	if _, err := s.Load(ctx, "k"); !errors.Is(err, auth.ErrTokenNotFound) {
		t.Errorf("Load of missing key: err = %v", err)
	}
	tok := &auth.Token{AccessToken: "a", RefreshToken: "r", Scopes: []string{"base"}}
	if err := s.Save(ctx, "k", tok); err != nil {
		t.Fatal(err)
	}
	tok.Scopes[0] = "changed"
	got, err := s.Load(ctx, "k")
	if err != nil || got.RefreshToken != "r" || got.Scopes[0] != "base" {
		t.Errorf("Load = %v, %v: want an unaliased copy", got, err)
	}
	got.AccessToken = "mutated"
	if again, _ := s.Load(ctx, "k"); again.AccessToken != "a" {
		t.Errorf("Load returned an alias of the stored token")
	}
	if err := s.Save(ctx, "k", nil); err == nil {
		t.Errorf("Save(nil) succeeded")
	}
	if s.Len() != 1 {
		t.Errorf("Len = %d", s.Len())
	}
}

func FuzzParseCallback(f *testing.F) {
	f.Add("code=abc&state=s1", "s1")
	f.Add("error=user_denied&state=s1", "s1")
	f.Add("code=&state=", "")
	f.Add("%zz", "x")
	f.Fuzz(func(t *testing.T, query, state string) {
		r := &http.Request{URL: &url.URL{RawQuery: query}}
		code, err := auth.ParseCallback(r, state)
		if (err == nil) == (code == "") {
			t.Fatalf("code %q with err %v", code, err)
		}
		if err == nil && state != "" && r.URL.Query().Get("state") != state {
			t.Fatalf("accepted state %q, want %q", r.URL.Query().Get("state"), state)
		}
	})
}

// TestLongErrorDescriptionHidesSecrets: a token endpoint that echoes the
// refresh token or the client secret where the description is cut (and
// in the form it was sent in, URL-encoded) must leak no part of it.
func TestLongErrorDescriptionHidesSecrets(t *testing.T) {
	const refresh = "12345:6789:r3fr3sh/t0ken+value"
	const secret = "cl13nt-s3cr3t-value-0123456789"
	for _, pad := range []int{280, 290, 295, 299} {
		for _, echoed := range []string{refresh, url.QueryEscape(refresh), secret} {
			desc := strings.Repeat("x", pad) + echoed
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(400)
				b, _ := json.Marshal(map[string]string{"error": "invalid_request", "error_description": desc})
				_, _ = w.Write(b)
			}))
			cfg := &auth.OAuthConfig{ClientID: "id", ClientSecret: secret, RedirectURL: "https://app.example/cb",
				TokenURL: srv.URL, RevokeURL: srv.URL}
			_, err := cfg.Refresh(context.Background(), refresh)
			errRevoke := cfg.Revoke(context.Background(), &auth.Token{RefreshToken: refresh})
			srv.Close()
			for what, err := range map[string]error{"refresh": err, "revoke": errRevoke} {
				if err == nil {
					t.Fatalf("%s succeeded", what)
				}
				for _, s := range []string{refresh, url.QueryEscape(refresh), secret} {
					if strings.Contains(err.Error(), s[:12]) {
						t.Errorf("%s error (pad %d) holds part of a secret: %s", what, pad, err)
					}
				}
			}
		}
	}
}
