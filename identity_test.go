package pipedrive_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// keysStore is a MemoryStore that records, per limiter key, the user and
// company keys of the last attempt and observation the limiter passed it.
type keysStore struct {
	ratelimit.Store
	mu       sync.Mutex
	attempts map[string][2]string
	observed map[string][2]string
}

func newKeysStore() *keysStore {
	return &keysStore{Store: ratelimit.NewMemoryStore(time.Hour),
		attempts: map[string][2]string{}, observed: map[string][2]string{}}
}

func (s *keysStore) Admit(ctx context.Context, key string, now time.Time, a ratelimit.Attempt) (ratelimit.Decision, error) {
	s.mu.Lock()
	s.attempts[key] = [2]string{a.UserKey, a.CompanyKey}
	s.mu.Unlock()
	return s.Store.Admit(ctx, key, now, a)
}

func (s *keysStore) Observe(ctx context.Context, key string, now time.Time, o ratelimit.Observation) error {
	s.mu.Lock()
	s.observed[key] = [2]string{o.UserKey, o.CompanyKey}
	s.mu.Unlock()
	return s.Store.Observe(ctx, key, now, o)
}

// keys returns what the last request of key carried, failing when its
// attempt and its observation disagree.
func (s *keysStore) keys(t *testing.T, key string) [2]string {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.attempts[key] != s.observed[key] {
		t.Fatalf("attempt carried %q, observation %q", s.attempts[key], s.observed[key])
	}
	return s.attempts[key]
}

// grant returns an OAuth credential for a new grant of user userID of
// srv's company (a second install of the app, another process...).
func grant(t *testing.T, srv *pipedrivetest.Server, userID int64, opts ...auth.OAuthOption) *auth.OAuthCredential {
	t.Helper()
	g, err := srv.GrantOAuthAs(userID)
	if err != nil {
		t.Fatal(err)
	}
	tok := &auth.Token{AccessToken: g.AccessToken, RefreshToken: g.RefreshToken, APIDomain: g.APIDomain,
		Expiry: time.Now().Add(time.Hour)}
	return auth.OAuth(srv.OAuthConfig("http://127.0.0.1:9/callback"), tok, opts...)
}

// Another OAuth app, registered with the fake, whose grants are made
// through the authorization flow (the fake approves at once, as user 1).
const (
	appB, appBSecret, appBRedirect = "app-b", "app-b-secret", "http://127.0.0.1:9/b"
)

// grantAppB returns a credential for a grant of app B by user 1 of srv's
// company: another app acting for the same user as grant's.
func grantAppB(t *testing.T, srv *pipedrivetest.Server, opts ...auth.OAuthOption) *auth.OAuthCredential {
	t.Helper()
	cfg := srv.OAuthConfig(appBRedirect)
	cfg.ClientID, cfg.ClientSecret = appB, appBSecret
	state, err := auth.NewState()
	if err != nil {
		t.Fatal(err)
	}
	browser := srv.HTTPClient()
	browser.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := browser.Get(cfg.AuthCodeURL(state))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	callback, err := http.NewRequest(http.MethodGet, res.Header.Get("Location"), nil)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := cfg.ExchangeCallback(context.Background(), callback, state)
	if err != nil {
		t.Fatal(err)
	}
	return auth.OAuth(cfg, tok, opts...)
}

func newTestClient(t *testing.T, cred auth.Credential, opts ...pipedrive.Option) *pipedrive.Client {
	t.Helper()
	c, err := pipedrive.NewClient(cred, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestIdentityFromCredentials: what credentials say of whom they act for
// reaches every request of theirs, through the public client, so that
// the two grants and the API token of one user carry one user key, and
// the users of one company one company key.
func TestIdentityFromCredentials(t *testing.T) {
	ctx := context.Background()
	srv := pipedrivetest.NewServer(t, pipedrivetest.WithOAuthClient(appB, appBSecret, appBRedirect))
	co := srv.CompanyID()
	st := newKeysStore()
	lim, err := ratelimit.New(ratelimit.WithStore(st))
	if err != nil {
		t.Fatal(err)
	}
	token2, err := srv.UserToken(2)
	if err != nil {
		t.Fatal(err)
	}
	u1, u2, company := ratelimit.UserKey(co, 1), ratelimit.UserKey(co, 2), ratelimit.CompanyKey(co)
	for _, tc := range []struct {
		name string
		cred auth.Credential
		want [2]string
	}{
		{"first grant of user 1", grant(t, srv, 1, auth.WithIdentity(co, 1)), [2]string{u1, company}},
		{"second grant of user 1", grant(t, srv, 1, auth.WithIdentity(co, 1)), [2]string{u1, company}},
		{"user 1's grant of another app", grantAppB(t, srv, auth.WithIdentity(co, 1)), [2]string{u1, company}},
		{"API token of user 1", auth.APITokenFor(srv.Token(), co, 1), [2]string{u1, company}},
		{"grant of user 2", grant(t, srv, 2, auth.WithIdentity(co, 2)), [2]string{u2, company}},
		{"API token of user 2", auth.APITokenFor(token2, co, 2), [2]string{u2, company}},
		{"a grant that does not say", grant(t, srv, 3), [2]string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestClient(t, tc.cred, pipedrive.WithLimiter(lim), pipedrive.WithBaseURL(srv.URL))
			if _, err := c.Deals.Create(ctx, &deals.CreateParams{Title: "who"}); err != nil {
				t.Fatal(err)
			}
			if got := st.keys(t, tc.cred.LimitKey()); got != tc.want {
				t.Fatalf("request carried %q, want %q", got, tc.want)
			}
		})
	}
}

// TestIdentityLearnedFromMe: a credential that does not say whom it acts
// for is identified by Users.Me, for every client of the limiter on it,
// and for no other limiter.
func TestIdentityLearnedFromMe(t *testing.T) {
	ctx := context.Background()
	srv := pipedrivetest.NewServer(t)
	token, err := srv.UserToken(2)
	if err != nil {
		t.Fatal(err)
	}
	st, other := newKeysStore(), newKeysStore()
	lim, err := ratelimit.New(ratelimit.WithStore(st))
	if err != nil {
		t.Fatal(err)
	}
	otherLim, err := ratelimit.New(ratelimit.WithStore(other))
	if err != nil {
		t.Fatal(err)
	}
	cred := auth.APIToken(token)
	key := cred.LimitKey()
	c := newTestClient(t, cred, pipedrive.WithLimiter(lim), pipedrive.WithBaseURL(srv.URL))
	if _, err := c.Deals.Create(ctx, &deals.CreateParams{Title: "before"}); err != nil {
		t.Fatal(err)
	}
	if got := st.keys(t, key); got != [2]string{} {
		t.Fatalf("before Users.Me the request carried %q", got)
	}
	me, err := c.Users.Me(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := [2]string{ratelimit.UserKey(srv.CompanyID(), 2), ratelimit.CompanyKey(srv.CompanyID())}
	if me.ID != 2 || me.CompanyID != srv.CompanyID() {
		t.Fatalf("Me: user %d of company %d", me.ID, me.CompanyID)
	}
	if got := st.keys(t, key); got != [2]string{} {
		// Users.Me's own request left before its answer was known.
		t.Fatalf("Users.Me's request carried %q", got)
	}
	if u, co := lim.Identity(key); [2]string{u, co} != want {
		t.Fatalf("the limiter learned %q %q, want %q", u, co, want)
	}
	// A second client on the same credential and limiter knows it at once.
	c2 := newTestClient(t, auth.APIToken(token), pipedrive.WithLimiter(lim), pipedrive.WithBaseURL(srv.URL))
	for _, cl := range []*pipedrive.Client{c, c2} {
		if _, err := cl.Deals.Create(ctx, &deals.CreateParams{Title: "after"}); err != nil {
			t.Fatal(err)
		}
		if got := st.keys(t, key); got != want {
			t.Fatalf("after Users.Me the request carried %q, want %q", got, want)
		}
	}
	// Another limiter was not told.
	c3 := newTestClient(t, auth.APIToken(token), pipedrive.WithLimiter(otherLim), pipedrive.WithBaseURL(srv.URL))
	if _, err := c3.Deals.Create(ctx, &deals.CreateParams{Title: "elsewhere"}); err != nil {
		t.Fatal(err)
	}
	if got := other.keys(t, key); got != [2]string{} {
		t.Fatalf("a limiter that was not told carried %q", got)
	}
	// A limiter that cannot be told is left alone.
	c4 := newTestClient(t, auth.APITokenFor(token, srv.CompanyID(), 2), pipedrive.WithLimiter(ratelimit.Unlimited{}), pipedrive.WithBaseURL(srv.URL))
	if _, err := c4.Users.Me(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestIdentityRefused(t *testing.T) {
	cfg := &auth.OAuthConfig{ClientID: "id", ClientSecret: "secret"}
	for name, cred := range map[string]auth.Credential{
		"API token, zero company": auth.APITokenFor("tok", 0, 1),
		"API token, zero user":    auth.APITokenFor("tok", 1, 0),
		"OAuth, negative user":    auth.OAuth(cfg, &auth.Token{AccessToken: "a"}, auth.WithIdentity(1, -1)),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := pipedrive.NewClient(cred); err == nil {
				t.Fatal("NewClient accepted an identity with an id that is not positive")
			}
			if _, _, ok := cred.(auth.IdentityProvider).Identity(); ok {
				t.Fatal("Identity reports a bad identity")
			}
		})
	}
}

// TestSharedBudgetsEndToEnd is the whole of issue 18's keying through the
// public client and the memory store: two apps' grants of one user spend
// one daily write budget, two users of one company one token budget; the
// limiter refuses what the server would, before sending it. It needs the
// stores to keep the daily counters under Attempt.UserKey and CompanyKey
// (branch limiter) as well as the SDK to fill them (this branch).
func TestSharedBudgetsEndToEnd(t *testing.T) {
	ctx := context.Background()

	t.Run("daily writes per user", func(t *testing.T) {
		srv := pipedrivetest.NewServer(t, pipedrivetest.WithDailyWriteLimit(3),
			pipedrivetest.WithOAuthClient(appB, appBSecret, appBRedirect))
		co := srv.CompanyID()
		lim, err := ratelimit.New(ratelimit.WithDailyWriteLimit(3))
		if err != nil {
			t.Fatal(err)
		}
		credA, credB := grant(t, srv, 1, auth.WithIdentity(co, 1)), grantAppB(t, srv, auth.WithIdentity(co, 1))
		if credA.LimitKey() == credB.LimitKey() {
			t.Fatal("the two apps' grants share a limiter key")
		}
		a := newTestClient(t, credA, pipedrive.WithLimiter(lim))
		b := newTestClient(t, credB, pipedrive.WithLimiter(lim))
		for _, c := range []*pipedrive.Client{a, a, b} {
			if _, err := c.Deals.Create(ctx, &deals.CreateParams{Title: "w"}); err != nil {
				t.Fatal(err)
			}
		}
		_, err = a.Deals.Create(ctx, &deals.CreateParams{Title: "one too many"})
		if !errors.Is(err, ratelimit.ErrDailyWriteLimit) {
			t.Fatalf("the user's fourth write: %v, want ratelimit.ErrDailyWriteLimit before sending", err)
		}
		if st := srv.Stats(); st.Writes != 3 || st.TooManyRequests != 0 {
			t.Fatalf("server saw %d writes and %d 429s, want 3 and 0", st.Writes, st.TooManyRequests)
		}
	})

	t.Run("token budget per company", func(t *testing.T) {
		srv := pipedrivetest.NewServer(t, pipedrivetest.WithTokenBudget(12))
		co := srv.CompanyID()
		id, err := srv.Seed(pipedrivetest.Deal, map[string]any{"title": "read me"})
		if err != nil {
			t.Fatal(err)
		}
		lim, err := ratelimit.New()
		if err != nil {
			t.Fatal(err)
		}
		u1 := newTestClient(t, grant(t, srv, 1, auth.WithIdentity(co, 1)), pipedrive.WithLimiter(lim))
		u2 := newTestClient(t, grant(t, srv, 2, auth.WithIdentity(co, 2)), pipedrive.WithLimiter(lim))
		// A get costs 1 token: 12 between the two users spend the budget.
		for i := range 12 {
			c := u2
			if i == 0 {
				c = u1
			}
			if _, err := c.Deals.Get(ctx, id); err != nil {
				t.Fatalf("get %d: %v", i, err)
			}
		}
		_, err = u1.Deals.Get(ctx, id)
		if !errors.Is(err, ratelimit.ErrTokenBudget) {
			t.Fatalf("user 1's get once user 2 spent the company's budget: %v, want ratelimit.ErrTokenBudget before sending", err)
		}
		if st := srv.Stats(); st.Routes[http.MethodGet+" /api/v2/deals/{id}"] != 12 || st.TooManyRequests != 0 {
			t.Fatalf("server saw %v and %d 429s, want 12 gets and none", st.Routes, st.TooManyRequests)
		}
	})
}
