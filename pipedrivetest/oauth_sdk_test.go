package pipedrivetest_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

type stepClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *stepClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// The SDK's OAuth flow against the fake's OAuth endpoints: authorize,
// exchange, requests to api_domain, refresh on 401, revoke.
func TestSDKOAuthAgainstFake(t *testing.T) {
	ctx := context.Background()
	clk := &stepClock{t: time.Now()}
	srv := pipedrivetest.NewServer(t, pipedrivetest.WithClock(clk))
	cfg := &auth.OAuthConfig{
		ClientID:     srv.OAuthClientID(),
		ClientSecret: srv.OAuthClientSecret(),
		RedirectURL:  "http://127.0.0.1:9/callback",
		AuthURL:      srv.URL + "/oauth/authorize",
		TokenURL:     srv.URL + "/oauth/token",
		RevokeURL:    srv.URL + "/oauth/revoke",
		HTTPClient:   srv.HTTPClient(),
	}
	state, err := auth.NewState()
	if err != nil {
		t.Fatal(err)
	}
	hc := srv.HTTPClient()
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := hc.Get(cfg.AuthCodeURL(state))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc, err := url.Parse(res.Header.Get("Location"))
	if err != nil || loc.Query().Get("state") != state {
		t.Fatalf("redirect %v (%v)", loc, err)
	}
	callback := httptestRequest(loc.String())
	tok, err := cfg.ExchangeCallback(ctx, callback, state)
	if err != nil {
		t.Fatal(err)
	}
	if tok.APIDomain != srv.URL {
		t.Fatalf("api_domain %q, want %q", tok.APIDomain, srv.URL)
	}

	// No WithBaseURL: the credential's api_domain points at the fake.
	client, err := pipedrive.NewClient(auth.OAuth(cfg, tok))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Users.Me(ctx); err != nil {
		t.Fatal(err)
	}
	// The access token expires on the server's clock: the client gets a
	// 401, refreshes once and retries.
	clk.advance(2 * time.Hour)
	if _, err := client.Users.Me(ctx); err != nil {
		t.Fatalf("after expiry: %v", err)
	}
	st := srv.Stats()
	if st.Unauthorized != 1 || st.Routes["POST /oauth/token"] != 2 {
		t.Fatalf("stats %+v", st)
	}
	if ts := srv.TokenStats(tok.RefreshToken); ts.Admitted != 2 {
		t.Fatalf("authorization stats %+v", ts)
	}

	// Revoked: the refresh fails and the call reports it.
	if err := cfg.Revoke(ctx, tok); err != nil {
		t.Fatal(err)
	}
	clk.advance(2 * time.Hour)
	if _, err := client.Users.Me(ctx); err == nil || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("after revoke: %v", err)
	}
}

func httptestRequest(u string) *http.Request {
	r, _ := http.NewRequest("GET", u, nil)
	return r
}
