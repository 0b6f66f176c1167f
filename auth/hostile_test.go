package auth_test

// Hostile servers and broken stores (issue 12): untrusted api_domain,
// redirected token requests, processes sharing a store against a token
// endpoint that rotates refresh tokens, panicking stores.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// domainServer is a token endpoint that answers every grant with a token
// whose api_domain is domain.
func domainServer(t *testing.T, domain string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "at-secret-1", "refresh_token": "rt-secret-1",
			"token_type": "Bearer", "expires_in": 3600, "api_domain": domain})
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestAPIDomainTrust(t *testing.T) {
	for _, tc := range []struct {
		domain  string
		allowed []string
		ok      bool
	}{
		{"https://acme.pipedrive.com", nil, true},
		{"https://acme.pipedrive.com/", nil, true},
		{"https://ACME.Pipedrive.COM", nil, true},
		{"https://acme.pipedrive.com:443", nil, true},
		{"https://pipedrive.com", nil, true},
		{"http://acme.pipedrive.com", nil, false},
		{"http://evil.example", nil, false},
		{"https://evil.example", nil, false},
		{"https://acme.pipedrive.com:8443", nil, false},
		{"https://pipedrive.com.evil.example", nil, false},
		{"https://evilpipedrive.com", nil, false},
		{"https://acme.pipedrive.com.", nil, false},
		{"https://acme.pipedrive.com/v1", nil, false},
		{"https://user:pw@acme.pipedrive.com", nil, false},
		{"https://acme.pipedrive.com?x=1", nil, false},
		{"javascript:alert(1)", nil, false},
		{"127.0.0.1:8080", nil, false},
		{"http://127.0.0.1:8080", []string{"http://127.0.0.1:8080"}, true},
		{"http://127.0.0.1:8080", []string{"http://127.0.0.1:8080/"}, true},
		{"http://127.0.0.1:8081", []string{"http://127.0.0.1:8080"}, false},
		{"https://127.0.0.1:8080", []string{"http://127.0.0.1:8080"}, false},
		{"https://proxy.example", []string{"https://proxy.example"}, true},
		{"https://acme.pipedrive.com", []string{"https://proxy.example"}, true},
	} {
		srv := domainServer(t, tc.domain)
		cfg := &auth.OAuthConfig{ClientID: "id", ClientSecret: "secret", TokenURL: srv.URL, AllowedAPIDomains: tc.allowed}
		tok, err := cfg.Exchange(context.Background(), "code")
		if tc.ok {
			if err != nil {
				t.Errorf("%s (allowed %v): %v", tc.domain, tc.allowed, err)
			}
			continue
		}
		var de *auth.APIDomainError
		if !errors.Is(err, auth.ErrUntrustedAPIDomain) || !errors.As(err, &de) {
			t.Errorf("%s (allowed %v): got %v, %v; want ErrUntrustedAPIDomain", tc.domain, tc.allowed, tok, err)
			continue
		}
		if strings.Contains(err.Error(), "x=1") || strings.Contains(err.Error(), "pw") || strings.Contains(err.Error(), "/v1") {
			t.Errorf("the error shows more than scheme and host: %v", err)
		}
	}
	bad := &auth.OAuthConfig{ClientID: "id", ClientSecret: "secret", AllowedAPIDomains: []string{"not a url"}}
	if _, err := bad.Exchange(context.Background(), "code"); !errors.Is(err, auth.ErrInvalidConfig) {
		t.Errorf("a bad AllowedAPIDomains entry: %v", err)
	}
}

// An untrusted api_domain from an exchange, a refresh or the store is
// refused before the Bearer token reaches it; allowed, it works.
func TestUntrustedAPIDomainNeverGetsTheToken(t *testing.T) {
	evil := &recorder{}
	evilSrv := httptest.NewServer(evil)
	t.Cleanup(evilSrv.Close)
	ctx := context.Background()

	t.Run("exchange", func(t *testing.T) {
		cfg := &auth.OAuthConfig{ClientID: "id", ClientSecret: "secret", TokenURL: domainServer(t, evilSrv.URL).URL}
		if _, err := cfg.Exchange(ctx, "code"); !errors.Is(err, auth.ErrUntrustedAPIDomain) {
			t.Fatalf("exchange: %v", err)
		}
		cfg.AllowedAPIDomains = []string{evilSrv.URL}
		if tok, err := cfg.Exchange(ctx, "code"); err != nil || tok.APIDomain != evilSrv.URL {
			t.Fatalf("exchange, allowed: %v, %v", tok, err)
		}
	})
	t.Run("refresh", func(t *testing.T) {
		f := newFakeOAuth(t)
		f.apiDomain = evilSrv.URL
		clk := newFakeClock()
		cred := auth.OAuth(f.Config(), f.Grant(clk.Now()), auth.WithClock(clk.Now))
		clk.Advance(2 * time.Hour)
		err := cred.Authenticate(ctx, http.Header{})
		if !errors.Is(err, auth.ErrUntrustedAPIDomain) {
			t.Fatalf("refresh: %v", err)
		}
		if _, err := f.Config().Refresh(ctx, f.Grant(clk.Now()).RefreshToken); !errors.Is(err, auth.ErrUntrustedAPIDomain) {
			t.Fatalf("OAuthConfig.Refresh: %v", err)
		}
	})
	t.Run("stored token", func(t *testing.T) {
		f := newFakeOAuth(t)
		store := auth.NewMemoryTokenStore()
		tok := f.Grant(time.Now())
		tok.APIDomain = evilSrv.URL
		_ = store.Save(ctx, "k", tok)
		if _, err := auth.LoadOAuth(ctx, f.Config(), store, "k"); !errors.Is(err, auth.ErrUntrustedAPIDomain) {
			t.Fatalf("LoadOAuth: %v", err)
		}
		client, err := pipedrive.NewClient(auth.OAuth(f.Config(), tok), pipedrive.WithLimiter(ratelimit.Unlimited{}))
		if !errors.Is(err, auth.ErrUntrustedAPIDomain) || client != nil {
			t.Fatalf("NewClient: %v", err)
		}
		cfg := f.Config()
		cfg.AllowedAPIDomains = append(cfg.AllowedAPIDomains, evilSrv.URL)
		cred, err := auth.LoadOAuth(ctx, cfg, store, "k")
		if err != nil || cred.BaseURL() != evilSrv.URL {
			t.Fatalf("LoadOAuth, allowed: %v", err)
		}
	})
	t.Run("adopted from the store", func(t *testing.T) {
		f := newFakeOAuth(t)
		clk := newFakeClock()
		store := auth.NewMemoryTokenStore()
		_ = store.Save(ctx, "k", f.Grant(clk.Now()))
		cred, err := auth.LoadOAuth(ctx, f.Config(), store, "k", auth.WithClock(clk.Now))
		if err != nil {
			t.Fatal(err)
		}
		// Another process (or whoever can write the store) leaves a
		// newer token pointing elsewhere: it is not adopted.
		clk.Advance(2 * time.Hour)
		planted := f.Grant(clk.Now())
		planted.APIDomain = evilSrv.URL
		_ = store.Save(ctx, "k", planted)
		if err := cred.Authenticate(ctx, http.Header{}); err != nil {
			t.Fatal(err)
		}
		if cred.BaseURL() == evilSrv.URL || cred.Token().AccessToken == planted.AccessToken {
			t.Fatal("the planted token was adopted")
		}
	})
	if hits := evil.got(); len(hits) > 0 {
		t.Fatalf("the untrusted domain got requests: %q", hits)
	}
}

// recorder counts requests to a server that must never be reached.
type recorder struct {
	mu   sync.Mutex
	hits []string
}

func (rc *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	rc.mu.Lock()
	rc.hits = append(rc.hits, r.Method+" "+r.URL.Path+" authz="+r.Header.Get("Authorization")+" form="+r.PostForm.Encode())
	rc.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"access_token":"stolen","token_type":"Bearer","expires_in":3600}`))
}

func (rc *recorder) got() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]string(nil), rc.hits...)
}

// Token and revoke requests are never redirected: the client secret and
// the code or refresh token stay with the configured endpoint.
func TestTokenRequestsAreNotRedirected(t *testing.T) {
	other := &recorder{}
	otherSrv := httptest.NewServer(other)
	t.Cleanup(otherSrv.Close)
	for _, target := range []string{otherSrv.URL, strings.Replace(otherSrv.URL, "127.0.0.1", "localhost", 1)} {
		redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, target+r.URL.Path+"?leak=query-secret", http.StatusTemporaryRedirect)
		}))
		// A caller's client that would follow anything.
		follow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}
		for _, hc := range []*http.Client{nil, follow} {
			cfg := &auth.OAuthConfig{ClientID: "id", ClientSecret: "client-secret-value", HTTPClient: hc,
				TokenURL: redirector.URL + "/oauth/token", RevokeURL: redirector.URL + "/oauth/revoke"}
			host := strings.TrimPrefix(target, "http://")
			_, err1 := cfg.Exchange(context.Background(), "the-code")
			_, err2 := cfg.Refresh(context.Background(), "the-refresh-token")
			err3 := cfg.Revoke(context.Background(), &auth.Token{RefreshToken: "the-refresh-token"})
			for i, err := range []error{err1, err2, err3} {
				var te *auth.TokenError
				if !errors.As(err, &te) || te.StatusCode != http.StatusTemporaryRedirect {
					t.Errorf("call %d: %v, want a TokenError with status 307", i, err)
					continue
				}
				if !strings.Contains(err.Error(), "redirect to "+host+" refused") || strings.Contains(err.Error(), "query-secret") {
					t.Errorf("call %d: %v", i, err)
				}
			}
			if follow.CheckRedirect == nil {
				t.Fatal("the caller's client was modified")
			}
		}
		redirector.Close()
	}
	if hits := other.got(); len(hits) > 0 {
		t.Fatalf("the redirect target got requests: %q", hits)
	}
}

// plainStore hides MemoryTokenStore's lock: a store shared by processes
// that cannot lock, where refreshes do race.
type plainStore struct{ m *auth.MemoryTokenStore }

func (s plainStore) Load(ctx context.Context, key string) (*auth.Token, error) {
	return s.m.Load(ctx, key)
}
func (s plainStore) Save(ctx context.Context, key string, tok *auth.Token) error {
	return s.m.Save(ctx, key, tok)
}

// Four clients (as four processes would) share one store against a token
// endpoint that rotates refresh tokens and rejects a used one. With the
// store's lock they refresh one at a time; without it they race with the
// same refresh token, and the losers find the winner's token in the
// store. Either way every client keeps working through several rounds,
// and nobody is told to authorize again.
func TestSharedStoreSurvivesRotation(t *testing.T) {
	for _, locked := range []bool{true, false} {
		name := map[bool]string{true: "locking store", false: "store without lock"}[locked]
		t.Run(name, func(t *testing.T) {
			f := newFakeOAuth(t)
			f.rotate = true
			clk := newFakeClock()
			mem := auth.NewMemoryTokenStore()
			var store auth.TokenStore = mem
			if !locked {
				store = plainStore{mem}
			}
			ctx := context.Background()
			_ = store.Save(ctx, "co:1", f.Grant(clk.Now()))
			var creds []*auth.OAuthCredential
			var clients []*pipedrive.Client
			for range 4 {
				c, err := auth.LoadOAuth(ctx, f.Config(), store, "co:1", auth.WithClock(clk.Now),
					auth.WithRereadDelays(20*time.Millisecond, 50*time.Millisecond, 100*time.Millisecond, 200*time.Millisecond, 400*time.Millisecond))
				if err != nil {
					t.Fatal(err)
				}
				creds = append(creds, c)
				cl, err := pipedrive.NewClient(c, pipedrive.WithLimiter(ratelimit.Unlimited{}))
				if err != nil {
					t.Fatal(err)
				}
				clients = append(clients, cl)
			}
			const rounds = 4
			for round := range rounds {
				clk.Advance(time.Hour) // every access token is due
				var gate chan struct{}
				if !locked {
					// Hold the token endpoint until every client has
					// sent its refresh: all four use the same token.
					gate = make(chan struct{})
					f.mu.Lock()
					f.gate = gate
					f.mu.Unlock()
				}
				var wg sync.WaitGroup
				errs := make([]error, len(clients))
				for i, cl := range clients {
					wg.Add(1)
					go func() {
						defer wg.Done()
						_, errs[i] = cl.Users.Me(ctx)
					}()
				}
				if !locked {
					for range clients {
						select {
						case <-f.arrived:
						case <-time.After(30 * time.Second):
							t.Fatal("the refreshes did not all arrive")
						}
					}
					f.mu.Lock()
					f.gate = nil
					f.mu.Unlock()
					close(gate)
				}
				wg.Wait()
				for i, err := range errs {
					if err != nil {
						t.Fatalf("round %d, client %d: %v (invalid grant: %v)", round, i, err, errors.Is(err, auth.ErrInvalidGrant))
					}
				}
				// Drain arrivals of the locked variant.
				for len(f.arrived) > 0 {
					<-f.arrived
				}
			}
			exchanges, refreshes, _, _ := f.Counts()
			if exchanges != 0 {
				t.Errorf("%d re-authorizations", exchanges)
			}
			if locked && refreshes != rounds {
				t.Errorf("%d refreshes in %d rounds with the lock, want one per round", refreshes, rounds)
			}
			t.Logf("%s: %d refreshes in %d rounds", name, refreshes, rounds)
			// All four hold the store's token, which is alive.
			row, _ := store.Load(ctx, "co:1")
			for i, c := range creds {
				if c.Token().RefreshToken != row.RefreshToken {
					t.Errorf("client %d holds another refresh token than the store's", i)
				}
			}
		})
	}
}

// An invalid_grant with nothing newer in the store is still final.
func TestInvalidGrantWithNothingNewerIsFinal(t *testing.T) {
	f := newFakeOAuth(t)
	clk := newFakeClock()
	store := auth.NewMemoryTokenStore()
	tok := f.Grant(clk.Now())
	_ = store.Save(context.Background(), "k", tok)
	f.RevokeRefresh(tok.RefreshToken)
	c, _ := auth.LoadOAuth(context.Background(), f.Config(), store, "k", auth.WithClock(clk.Now), auth.WithRereadDelays(time.Millisecond))
	clk.Advance(2 * time.Hour)
	if err := c.Authenticate(context.Background(), http.Header{}); !errors.Is(err, auth.ErrInvalidGrant) {
		t.Fatalf("err = %v, want ErrInvalidGrant", err)
	}
	if _, r, _, _ := f.Counts(); r != 1 {
		t.Errorf("%d refreshes, want 1", r)
	}
}

// panicky is a TokenStore (and TokenLocker) whose methods panic while
// told to.
type panicky struct {
	m                auth.MemoryTokenStore
	load, save, lock atomic.Bool
	loads, saves     atomic.Int32
}

func (s *panicky) Load(ctx context.Context, key string) (*auth.Token, error) {
	s.loads.Add(1)
	if s.load.Load() {
		panic("store bug in Load")
	}
	return s.m.Load(ctx, key)
}

func (s *panicky) Save(ctx context.Context, key string, tok *auth.Token) error {
	s.saves.Add(1)
	if s.save.Load() {
		panic("store bug in Save: " + tok.RefreshToken)
	}
	return s.m.Save(ctx, key, tok)
}

func (s *panicky) LockToken(ctx context.Context, key string, ttl time.Duration) (func(), error) {
	if s.lock.Load() {
		panic("store bug in LockToken")
	}
	return s.m.LockToken(ctx, key, ttl)
}

// A panicking store gives the waiting calls an error, never a crash,
// and the credential keeps working.
func TestPanickingStore(t *testing.T) {
	ctx := context.Background()
	for _, method := range []string{"Load", "Save", "LockToken"} {
		t.Run(method, func(t *testing.T) {
			f := newFakeOAuth(t)
			f.rotate = true
			clk := newFakeClock()
			store := &panicky{}
			var logs bytes.Buffer
			_ = store.m.Save(ctx, "k", f.Grant(clk.Now()))
			c, err := auth.LoadOAuth(ctx, f.Config(), store, "k", auth.WithClock(clk.Now),
				auth.WithLogger(slog.New(slog.NewTextHandler(&syncWriter{w: &logs}, nil))))
			if err != nil {
				t.Fatal(err)
			}
			clk.Advance(2 * time.Hour)
			switch method {
			case "Load":
				store.load.Store(true)
			case "Save":
				store.save.Store(true)
			case "LockToken":
				store.lock.Store(true)
			}
			// Several calls wait for the same refresh: all get the error.
			var wg sync.WaitGroup
			errs := make([]error, 5)
			for i := range errs {
				wg.Add(1)
				go func() { defer wg.Done(); errs[i] = c.Authenticate(ctx, http.Header{}) }()
			}
			wg.Wait()
			for i, err := range errs {
				if method == "Save" && err == nil {
					continue // a waiter that came after the refresh: the new token is in memory
				}
				if !errors.Is(err, auth.ErrStorePanic) {
					t.Fatalf("call %d: %v, want ErrStorePanic", i, err)
				}
				var pe *auth.StorePanicError
				if !errors.As(err, &pe) || !strings.Contains(pe.Method, method) {
					t.Fatalf("call %d: %v", i, err)
				}
				if errors.Is(err, auth.ErrInvalidGrant) {
					t.Fatalf("call %d: a store panic killed the grant: %v", i, err)
				}
			}
			assertNoSecret(t, "log", logs.String(), f.Secrets())
			for _, err := range errs {
				if err != nil {
					assertNoSecret(t, "error", err.Error(), f.Secrets())
				}
			}
			// The store is fixed: the credential works on.
			store.load.Store(false)
			store.save.Store(false)
			store.lock.Store(false)
			if method == "Save" {
				clk.Advance(10 * time.Second) // past the save retry interval
			}
			if err := c.Authenticate(ctx, http.Header{}); err != nil {
				t.Fatalf("after the store was fixed: %v", err)
			}
			if method == "Save" {
				if row, _ := store.m.Load(ctx, "k"); row.AccessToken != c.Token().AccessToken {
					t.Error("the token refreshed during the panicking save never reached the store")
				}
				if _, r, _, _ := f.Counts(); r != 1 {
					t.Errorf("%d refreshes: the token refreshed before the panic was not kept", r)
				}
			}
		})
	}
	t.Run("LoadOAuth", func(t *testing.T) {
		f := newFakeOAuth(t)
		store := &panicky{}
		store.load.Store(true)
		_, err := auth.LoadOAuth(ctx, f.Config(), store, "k")
		if !errors.Is(err, auth.ErrStorePanic) {
			t.Fatalf("LoadOAuth: %v", err)
		}
	})
}

type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func TestMemoryTokenStoreLock(t *testing.T) {
	s := auth.NewMemoryTokenStore()
	ctx := context.Background()
	unlock, err := s.LockToken(ctx, "k", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	// Another key is free; the same key waits.
	u2, err := s.LockToken(ctx, "other", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	u2()
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := s.LockToken(short, "k", time.Minute); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second lock: %v, want a wait until the deadline", err)
	}
	unlock()
	unlock() // twice is harmless
	u3, err := s.LockToken(ctx, "k", 10*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	// A holder that never unlocks loses the lease after its ttl.
	u4, err := s.LockToken(ctx, "k", time.Minute)
	if err != nil {
		t.Fatalf("after the lease expired: %v", err)
	}
	u3() // expired: must not release u4's lock
	short2, cancel2 := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel2()
	if _, err := s.LockToken(short2, "k", time.Minute); err == nil {
		t.Fatal("an expired holder's unlock released the next holder's lock")
	}
	u4()
}
