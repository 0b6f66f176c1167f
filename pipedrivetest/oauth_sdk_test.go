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
	cfg := srv.OAuthConfig("http://127.0.0.1:9/callback")
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

// Four clients, as four processes of one backend would, share a token
// store against the fake's token endpoint, which rotates refresh tokens
// and rejects a used one. Through several rounds of expired access
// tokens, every client keeps working and nobody has to authorize again.
func TestSDKSharedStoreAgainstRotatingFake(t *testing.T) {
	ctx := context.Background()
	clk := &stepClock{t: time.Now()}
	srv := pipedrivetest.NewServer(t, pipedrivetest.WithClock(clk))
	cfg := srv.OAuthConfig("http://127.0.0.1:9/callback")
	store := auth.NewMemoryTokenStore()
	g := srv.GrantOAuth()
	first := &auth.Token{AccessToken: g.AccessToken, RefreshToken: g.RefreshToken, TokenType: "Bearer",
		Expiry: time.Now().Add(time.Duration(g.ExpiresIn) * time.Second), APIDomain: g.APIDomain}
	if err := store.Save(ctx, "co:1", first); err != nil {
		t.Fatal(err)
	}
	var clients []*pipedrive.Client
	for range 4 {
		cred, err := auth.LoadOAuth(ctx, cfg, store, "co:1")
		if err != nil {
			t.Fatal(err)
		}
		c, err := pipedrive.NewClient(cred)
		if err != nil {
			t.Fatal(err)
		}
		clients = append(clients, c)
	}
	for round := range 3 {
		clk.advance(2 * time.Hour) // the server expires every access token
		var wg sync.WaitGroup
		errs := make([]error, len(clients))
		for i, c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 3 {
					if _, err := c.Users.Me(ctx); err != nil {
						errs[i] = err
						return
					}
				}
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, client %d: %v (invalid grant: %v)", round, i, err, errors.Is(err, auth.ErrInvalidGrant))
			}
		}
	}
	t.Logf("token requests: %d", srv.Stats().Routes["POST /oauth/token"])
}
