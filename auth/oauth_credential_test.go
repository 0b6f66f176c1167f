package auth_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/auth"
)

// Compile-time checks: the credential offers everything the client uses.
var (
	_ auth.Credential                 = (*auth.OAuthCredential)(nil)
	_ auth.BaseURLProvider            = (*auth.OAuthCredential)(nil)
	_ auth.UnauthorizedHandler        = (*auth.OAuthCredential)(nil)
	_ auth.UnauthorizedRequestHandler = (*auth.OAuthCredential)(nil)
	_ auth.TokenStore                 = (*auth.MemoryTokenStore)(nil)
)

// bearer runs Authenticate and returns the access token it set.
func bearer(t *testing.T, c auth.Credential) string {
	t.Helper()
	h := http.Header{}
	if err := c.Authenticate(context.Background(), h); err != nil {
		t.Fatalf("Authenticate: %v", err)
	}
	tok, ok := strings.CutPrefix(h.Get("Authorization"), "Bearer ")
	if !ok || tok == "" {
		t.Fatalf("Authorization = %q", h.Get("Authorization"))
	}
	return tok
}

func TestOAuthCredentialBasics(t *testing.T) {
	f := newFakeOAuth(t)
	clk := newFakeClock()
	tok := f.Grant(clk.Now())
	c := auth.OAuth(f.Config(), tok, auth.WithClock(clk.Now))
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.Kind() != auth.KindOAuth {
		t.Errorf("Kind = %v", c.Kind())
	}
	if c.BaseURL() != f.srv.URL {
		t.Errorf("BaseURL = %q, want api_domain %q", c.BaseURL(), f.srv.URL)
	}
	if got := bearer(t, c); got != tok.AccessToken {
		t.Errorf("bearer = %q, want the access token", got)
	}
	if _, refreshes, _, _ := f.Counts(); refreshes != 0 {
		t.Errorf("a fresh token was refreshed %d times", refreshes)
	}
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("cred", "cred", c)
	if !strings.Contains(logs.String(), c.LimitKey()) {
		t.Errorf("slog output lacks the limit key: %s", logs.String())
	}
	for _, s := range []string{c.String(), fmt.Sprintf("%v %+v %#v %s", c, c, c, c), c.LimitKey(), logs.String()} {
		assertNoSecret(t, "credential string", s, f.Secrets())
	}
	if !strings.HasPrefix(c.LimitKey(), "oauth:") {
		t.Errorf("LimitKey = %q", c.LimitKey())
	}
	// The token handed out is a copy.
	c.Token().AccessToken = "changed"
	if c.Token().AccessToken != tok.AccessToken {
		t.Errorf("Token() returned an alias")
	}
	tok.AccessToken = "changed"
	if bearer(t, c) == "changed" {
		t.Errorf("OAuth kept an alias of the caller's token")
	}
}

func TestOAuthCredentialValidate(t *testing.T) {
	f := newFakeOAuth(t)
	good := f.Grant(time.Now())
	tests := []struct {
		name string
		cred *auth.OAuthCredential
		is   error
	}{
		{"nil config", auth.OAuth(nil, good), auth.ErrInvalidConfig},
		{"no secret", auth.OAuth(&auth.OAuthConfig{ClientID: "x"}, good), auth.ErrInvalidConfig},
		{"nil token", auth.OAuth(f.Config(), nil), auth.ErrEmptyToken},
		{"empty token", auth.OAuth(f.Config(), &auth.Token{APIDomain: f.srv.URL}), auth.ErrEmptyToken},
		{"bad api_domain", auth.OAuth(f.Config(), &auth.Token{AccessToken: "a", APIDomain: "ftp://x"}), nil},
		{"nil store", auth.OAuth(f.Config(), good, auth.WithTokenStore(nil, "k")), nil},
		{"negative skew", auth.OAuth(f.Config(), good, auth.WithRefreshSkew(-time.Second)), nil},
		{"zero timeout", auth.OAuth(f.Config(), good, auth.WithRefreshTimeout(0)), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cred.Validate()
			if err == nil {
				t.Fatal("Validate succeeded")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("err = %v, want %v", err, tt.is)
			}
			assertNoSecret(t, "validate error", err.Error(), f.Secrets())
		})
	}
	// The zero value fails cleanly instead of panicking.
	var zero auth.OAuthCredential
	for _, err := range []error{zero.Validate(), zero.Authenticate(context.Background(), http.Header{}),
		zero.HandleUnauthorized(context.Background()), zero.HandleUnauthorizedRequest(context.Background(), http.Header{}),
		zero.Revoke(context.Background())} {
		if err == nil {
			t.Errorf("zero OAuthCredential: nil error")
		}
	}
	// A refresh token alone is enough: the first request refreshes.
	c := auth.OAuth(f.Config(), &auth.Token{RefreshToken: good.RefreshToken})
	if err := c.Validate(); err != nil {
		t.Errorf("refresh-token-only credential: %v", err)
	}
	if got := bearer(t, c); got == "" || c.BaseURL() != f.srv.URL {
		t.Errorf("refresh-only credential: bearer %q, base %q", got, c.BaseURL())
	}
}

func TestOAuthRefreshesShortlyBeforeExpiry(t *testing.T) {
	f := newFakeOAuth(t)
	clk := newFakeClock()
	tok := f.Grant(clk.Now())
	c := auth.OAuth(f.Config(), tok, auth.WithClock(clk.Now), auth.WithRefreshSkew(time.Minute))

	clk.Advance(time.Hour - time.Minute - time.Second) // 61 s left
	if got := bearer(t, c); got != tok.AccessToken {
		t.Fatalf("refreshed with 61 s left")
	}
	clk.Advance(2 * time.Second) // 59 s left: within the skew
	got := bearer(t, c)
	if got == tok.AccessToken {
		t.Fatalf("not refreshed with 59 s left")
	}
	if _, refreshes, _, _ := f.Counts(); refreshes != 1 {
		t.Errorf("refreshes = %d, want 1", refreshes)
	}
	nt := c.Token()
	if want := clk.Now().Add(time.Hour); !nt.Expiry.Equal(want) {
		t.Errorf("new expiry = %v, want %v (expires_in against the credential's clock)", nt.Expiry, want)
	}
	if nt.RefreshToken != tok.RefreshToken || nt.APIDomain != f.srv.URL {
		t.Errorf("new token = %v", nt)
	}
	if bearer(t, c) != got {
		t.Errorf("a second call refreshed again")
	}
}

func TestOAuthOneRefreshUnderConcurrency(t *testing.T) {
	for _, withStore := range []bool{false, true} {
		t.Run(fmt.Sprintf("store=%v", withStore), func(t *testing.T) {
			f := newFakeOAuth(t)
			f.rotate = true
			clk := newFakeClock()
			old := f.Grant(clk.Now())
			store := &countingStore{}
			opts := []auth.OAuthOption{auth.WithClock(clk.Now)}
			if withStore {
				opts = append(opts, auth.WithTokenStore(store, "company-1:user-7"))
			}
			c := auth.OAuth(f.Config(), old, opts...)
			clk.Advance(2 * time.Hour) // expired

			gate := make(chan struct{})
			f.mu.Lock()
			f.gate = gate
			f.mu.Unlock()

			const n = 100
			var started, done sync.WaitGroup
			tokens := make([]string, n)
			errs := make([]error, n)
			started.Add(n)
			done.Add(n)
			for i := range n {
				go func() {
					defer done.Done()
					h := http.Header{}
					started.Done()
					errs[i] = c.Authenticate(context.Background(), h)
					tokens[i] = strings.TrimPrefix(h.Get("Authorization"), "Bearer ")
				}()
			}
			started.Wait()
			<-f.arrived // the one refresh is in flight; hold it while the others pile up
			time.Sleep(20 * time.Millisecond)
			close(gate)
			done.Wait()

			_, refreshes, _, _ := f.Counts()
			if refreshes != 1 {
				t.Fatalf("refreshes = %d, want exactly 1", refreshes)
			}
			cur := c.Token().AccessToken
			for i := range n {
				if errs[i] != nil || tokens[i] != cur {
					t.Fatalf("goroutine %d: err %v, token %q, want the new token", i, errs[i], tokens[i])
				}
			}
			if withStore {
				if saves := store.Saves(); len(saves) != 1 || saves[0].AccessToken != cur {
					t.Errorf("store saw %d saves, want 1 with the new token", len(saves))
				}
			}
		})
	}
}

func TestOAuthUnauthorizedRefreshesOnce(t *testing.T) {
	f := newFakeOAuth(t)
	clk := newFakeClock()
	old := f.Grant(clk.Now())
	c := auth.OAuth(f.Config(), old, auth.WithClock(clk.Now))

	if err := c.HandleUnauthorized(context.Background()); err != nil {
		t.Fatal(err)
	}
	fresh := bearer(t, c)
	if fresh == old.AccessToken {
		t.Fatal("no new token after a 401")
	}
	// Another request that left with the old token and got 401 meanwhile:
	// no second refresh.
	if err := c.HandleUnauthorized(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, r, _, _ := f.Counts(); r != 1 {
		t.Errorf("refreshes = %d, want 1", r)
	}
	// Once the grace has passed, a 401 means the current token is bad.
	clk.Advance(auth.UnauthorizedGrace)
	if err := c.HandleUnauthorized(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, r, _, _ := f.Counts(); r != 2 {
		t.Errorf("refreshes = %d, want 2", r)
	}
}

func TestOAuthUnauthorizedRequestComparesTokens(t *testing.T) {
	f := newFakeOAuth(t)
	clk := newFakeClock()
	old := f.Grant(clk.Now())
	c := auth.OAuth(f.Config(), old, auth.WithClock(clk.Now))
	sentOld := http.Header{"Authorization": {"Bearer " + old.AccessToken}}

	// 100 requests rejected with the same token: one refresh.
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- c.HandleUnauthorizedRequest(context.Background(), sentOld)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, r, _, _ := f.Counts(); r != 1 {
		t.Fatalf("refreshes = %d, want 1", r)
	}
	// Much later, a straggler with the old token: no refresh.
	clk.Advance(10 * time.Minute)
	if err := c.HandleUnauthorizedRequest(context.Background(), sentOld); err != nil {
		t.Fatal(err)
	}
	if _, r, _, _ := f.Counts(); r != 1 {
		t.Errorf("stale token caused a refresh")
	}
	// The current token rejected: refresh, even within any grace.
	sentCur := http.Header{"Authorization": {"Bearer " + bearer(t, c)}}
	if err := c.HandleUnauthorizedRequest(context.Background(), sentCur); err != nil {
		t.Fatal(err)
	}
	if _, r, _, _ := f.Counts(); r != 2 {
		t.Errorf("refreshes = %d, want 2", r)
	}
	// No Authorization header: falls back to HandleUnauthorized (grace).
	if err := c.HandleUnauthorizedRequest(context.Background(), http.Header{}); err != nil {
		t.Fatal(err)
	}
	if _, r, _, _ := f.Counts(); r != 2 {
		t.Errorf("refreshes = %d, want 2", r)
	}
}

func TestOAuthInvalidGrantIsFinal(t *testing.T) {
	f := newFakeOAuth(t)
	clk := newFakeClock()
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	old := f.Grant(clk.Now())
	f.RevokeRefresh(old.RefreshToken)
	c := auth.OAuth(f.Config(), old, auth.WithClock(clk.Now), auth.WithLogger(log))

	clk.Advance(time.Hour + time.Second)
	var errs []error
	for range 5 {
		errs = append(errs, c.Authenticate(context.Background(), http.Header{}))
	}
	errs = append(errs, c.HandleUnauthorized(context.Background()))
	errs = append(errs, c.HandleUnauthorizedRequest(context.Background(), http.Header{"Authorization": {"Bearer " + old.AccessToken}}))
	for i, err := range errs {
		if !errors.Is(err, auth.ErrInvalidGrant) {
			t.Fatalf("call %d: err = %v, want ErrInvalidGrant", i, err)
		}
		assertNoSecret(t, "error", err.Error(), f.Secrets())
	}
	if !strings.Contains(errs[0].Error(), "authorize the app again") {
		t.Errorf("error does not say what to do: %v", errs[0])
	}
	if _, r, _, _ := f.Counts(); r != 1 {
		t.Errorf("refreshes = %d, want 1 (no retry loop on invalid_grant)", r)
	}
	assertNoSecret(t, "log", logs.String(), f.Secrets())
	if !strings.Contains(logs.String(), "invalid_grant") {
		t.Errorf("the failure was not logged: %s", logs.String())
	}
}

func TestOAuthNoRefreshToken(t *testing.T) {
	f := newFakeOAuth(t)
	clk := newFakeClock()
	tok := f.Grant(clk.Now())
	tok.RefreshToken = ""
	c := auth.OAuth(f.Config(), tok, auth.WithClock(clk.Now))
	clk.Advance(2 * time.Hour)
	if err := c.Authenticate(context.Background(), http.Header{}); !errors.Is(err, auth.ErrNoRefreshToken) {
		t.Errorf("err = %v, want ErrNoRefreshToken", err)
	}
	if err := c.HandleUnauthorized(context.Background()); !errors.Is(err, auth.ErrNoRefreshToken) {
		t.Errorf("err = %v, want ErrNoRefreshToken", err)
	}
	if _, r, _, _ := f.Counts(); r != 0 {
		t.Errorf("refreshes = %d", r)
	}
}

func TestOAuthTransientFailureKeepsValidToken(t *testing.T) {
	f := newFakeOAuth(t)
	clk := newFakeClock()
	old := f.Grant(clk.Now())
	c := auth.OAuth(f.Config(), old, auth.WithClock(clk.Now))
	f.mu.Lock()
	f.refreshStatus, f.refreshBody = 503, `{"error":"temporarily_unavailable","error_description":"down for $RT"}`
	f.mu.Unlock()

	clk.Advance(time.Hour - 30*time.Second) // within the skew, not expired
	if got := bearer(t, c); got != old.AccessToken {
		t.Errorf("a failed early refresh must fall back to the still valid token")
	}
	clk.Advance(time.Minute) // expired
	err := c.Authenticate(context.Background(), http.Header{})
	var te *auth.TokenError
	if !errors.As(err, &te) || te.StatusCode != 503 || te.Permanent() {
		t.Fatalf("err = %v, want a transient *TokenError", err)
	}
	assertNoSecret(t, "error", err.Error(), f.Secrets())

	f.mu.Lock()
	f.refreshStatus = 0
	f.mu.Unlock()
	if got := bearer(t, c); got == old.AccessToken {
		t.Errorf("no recovery after the server came back")
	}
	if _, r, _, _ := f.Counts(); r != 3 {
		t.Errorf("refreshes = %d, want 3 (one per call, no retry loop)", r)
	}
}

func TestOAuthWaitHonoursContextRefreshCompletes(t *testing.T) {
	f := newFakeOAuth(t)
	f.rotate = true
	clk := newFakeClock()
	store := &countingStore{}
	c := auth.OAuth(f.Config(), f.Grant(clk.Now()), auth.WithClock(clk.Now), auth.WithTokenStore(store, "k"))
	clk.Advance(2 * time.Hour)
	gate := make(chan struct{})
	f.mu.Lock()
	f.gate = gate
	f.mu.Unlock()

	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- c.Authenticate(ctx, http.Header{}) }()
	<-f.arrived
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	close(gate) // the refresh, detached from the cancelled request, completes
	got := bearer(t, c)
	if _, r, _, _ := f.Counts(); r != 1 {
		t.Errorf("refreshes = %d, want 1: the rotated token must not be lost", r)
	}
	if saves := store.Saves(); len(saves) != 1 || saves[0].AccessToken != got {
		t.Errorf("store did not get the token refreshed for the cancelled request")
	}
}

func TestOAuthStoreSeesEveryToken(t *testing.T) {
	f := newFakeOAuth(t)
	f.rotate = true
	clk := newFakeClock()
	store := &countingStore{}
	c := auth.OAuth(f.Config(), f.Grant(clk.Now()), auth.WithClock(clk.Now), auth.WithTokenStore(store, "co:1"))
	var seen []string
	for range 3 {
		clk.Advance(time.Hour)
		bearer(t, c)
		seen = append(seen, c.Token().RefreshToken)
	}
	clk.Advance(auth.UnauthorizedGrace)
	if err := c.HandleUnauthorized(context.Background()); err != nil {
		t.Fatal(err)
	}
	seen = append(seen, c.Token().RefreshToken)
	saves := store.Saves()
	if len(saves) != len(seen) {
		t.Fatalf("store saw %d tokens, want %d", len(saves), len(seen))
	}
	for i := range saves {
		if saves[i].RefreshToken != seen[i] || saves[i].APIDomain != f.srv.URL || saves[i].Expiry.IsZero() {
			t.Errorf("save %d = %v", i, saves[i])
		}
		if store.keys[i] != "co:1" {
			t.Errorf("save %d under key %q", i, store.keys[i])
		}
	}

	// A restarted backend resumes from the store with the latest token.
	c2, err := auth.LoadOAuth(context.Background(), f.Config(), store, "co:1", auth.WithClock(clk.Now))
	if err != nil {
		t.Fatal(err)
	}
	if c2.Token().RefreshToken != seen[len(seen)-1] || c2.LimitKey() != c.LimitKey() {
		t.Errorf("LoadOAuth resumed %v (limit key %q vs %q)", c2.Token(), c2.LimitKey(), c.LimitKey())
	}
	if _, err := auth.LoadOAuth(context.Background(), f.Config(), store, "other"); !errors.Is(err, auth.ErrTokenNotFound) {
		t.Errorf("LoadOAuth of a missing key: err = %v", err)
	}
}

func TestOAuthAdoptsTokenRefreshedByAnotherProcess(t *testing.T) {
	f := newFakeOAuth(t)
	f.rotate = true
	clk := newFakeClock()
	store := auth.NewMemoryTokenStore()
	tok := f.Grant(clk.Now())
	if err := store.Save(context.Background(), "k", tok); err != nil {
		t.Fatal(err)
	}
	a, _ := auth.LoadOAuth(context.Background(), f.Config(), store, "k", auth.WithClock(clk.Now))
	b, _ := auth.LoadOAuth(context.Background(), f.Config(), store, "k", auth.WithClock(clk.Now))
	clk.Advance(time.Hour)
	ta := bearer(t, a) // process A refreshes and rotates the refresh token
	tb := bearer(t, b) // process B's refresh token is now dead: it must adopt A's token
	if ta != tb {
		t.Errorf("B did not adopt A's token")
	}
	if _, r, _, _ := f.Counts(); r != 1 {
		t.Errorf("refreshes = %d, want 1", r)
	}
	// B adopted a token that expires later: its next refresh uses the
	// rotated refresh token and works.
	clk.Advance(time.Hour)
	if _, err := b.Token(), b.Authenticate(context.Background(), http.Header{}); err != nil {
		t.Errorf("B's next refresh: %v", err)
	}
}

// A user who authorized the app again gets a new grant while the store
// still holds the old, revoked one: the credential built on the new token
// must neither be overridden by the stale row nor refresh with its refresh
// token, and it replaces the row at first use.
func TestOAuthStaleStoreRowNeverWins(t *testing.T) {
	f := newFakeOAuth(t)
	clk := newFakeClock()
	store := auth.NewMemoryTokenStore()
	stale := f.Grant(clk.Now().Add(-2 * time.Hour)) // expired an hour ago
	f.RevokeRefresh(stale.RefreshToken)
	_ = store.Save(context.Background(), "co:1", stale)

	clk.Advance(10 * time.Minute)
	fresh := f.Grant(clk.Now())
	c := auth.OAuth(f.Config(), fresh, auth.WithClock(clk.Now), auth.WithTokenStore(store, "co:1"))
	if got := bearer(t, c); got != fresh.AccessToken {
		t.Fatal("the credential did not use its own token")
	}
	if row, _ := store.Load(context.Background(), "co:1"); row.RefreshToken != fresh.RefreshToken {
		t.Errorf("the stale row was not replaced at first use")
	}
	clk.Advance(time.Hour)
	if err := c.Authenticate(context.Background(), http.Header{}); err != nil {
		t.Fatalf("refresh after re-authorization: %v", err)
	}

	// Even before its first save (expired at once), a stale row is ignored.
	store2 := auth.NewMemoryTokenStore()
	_ = store2.Save(context.Background(), "co:1", stale)
	fresh2 := f.Grant(clk.Now().Add(-time.Hour))
	c2 := auth.OAuth(f.Config(), fresh2, auth.WithClock(clk.Now), auth.WithTokenStore(store2, "co:1"))
	if err := c2.Authenticate(context.Background(), http.Header{}); err != nil {
		t.Fatalf("refresh of a new grant with a stale row in the store: %v", err)
	}
}

func TestOAuthSaveFailureIsRetried(t *testing.T) {
	f := newFakeOAuth(t)
	clk := newFakeClock()
	var logs bytes.Buffer
	store := &countingStore{failSaves: 1}
	c := auth.OAuth(f.Config(), f.Grant(clk.Now()), auth.WithClock(clk.Now), auth.WithTokenStore(store, "k"),
		auth.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	clk.Advance(time.Hour)
	first := bearer(t, c) // refresh; the save fails but the request goes on
	if n := len(store.Saves()); n != 0 {
		t.Fatalf("saves = %d", n)
	}
	if !strings.Contains(logs.String(), "saving the refreshed token failed") {
		t.Errorf("save failure not logged: %s", logs.String())
	}
	assertNoSecret(t, "log", logs.String(), f.Secrets())
	if bearer(t, c) != first {
		t.Fatal("token changed")
	}
	if n := len(store.Saves()); n != 0 {
		t.Fatalf("save retried at once (%d saves): a down store would slow every request", n)
	}
	clk.Advance(5 * time.Second)
	if bearer(t, c) != first { // a request after the retry interval retries the save
		t.Fatal("token changed")
	}
	if saves := store.Saves(); len(saves) != 1 || saves[0].AccessToken != first {
		t.Errorf("save was not retried: %d saves", len(saves))
	}
	bearer(t, c)
	if n := len(store.Saves()); n != 1 {
		t.Errorf("saves = %d after success, want 1", n)
	}
}

func TestOAuthLimitKeyStable(t *testing.T) {
	f := newFakeOAuth(t)
	f.rotate = true
	clk := newFakeClock()
	tok := f.Grant(clk.Now())
	plain := auth.OAuth(f.Config(), tok, auth.WithClock(clk.Now))
	stored := auth.OAuth(f.Config(), f.Grant(clk.Now()), auth.WithClock(clk.Now), auth.WithTokenStore(auth.NewMemoryTokenStore(), "co:1"))
	k1, k2 := plain.LimitKey(), stored.LimitKey()
	clk.Advance(time.Hour)
	bearer(t, plain)
	if err := stored.HandleUnauthorized(context.Background()); err != nil {
		t.Fatal(err)
	}
	if plain.Token().RefreshToken == tok.RefreshToken {
		t.Fatal("the refresh token did not rotate")
	}
	if plain.LimitKey() != k1 || stored.LimitKey() != k2 {
		t.Errorf("limit key changed across a refresh")
	}
	for _, k := range []string{k1, k2} {
		assertNoSecret(t, "limit key", k, f.Secrets())
	}
	// Same app and store key: same budget; another key or app: another.
	same := auth.OAuth(f.Config(), &auth.Token{RefreshToken: "x"}, auth.WithTokenStore(auth.NewMemoryTokenStore(), "co:1"))
	other := auth.OAuth(f.Config(), tok, auth.WithTokenStore(auth.NewMemoryTokenStore(), "co:2"))
	cfg2 := f.Config()
	cfg2.ClientID = "another-app"
	otherApp := auth.OAuth(cfg2, tok, auth.WithTokenStore(auth.NewMemoryTokenStore(), "co:1"))
	if same.LimitKey() != k2 || other.LimitKey() == k2 || otherApp.LimitKey() == k2 || k1 == k2 {
		t.Errorf("limit keys: same %q other %q otherApp %q plain %q stored %q", same.LimitKey(), other.LimitKey(), otherApp.LimitKey(), k1, k2)
	}
}

func TestOAuthRevoke(t *testing.T) {
	f := newFakeOAuth(t)
	clk := newFakeClock()
	c := auth.OAuth(f.Config(), f.Grant(clk.Now()), auth.WithClock(clk.Now))
	if err := c.Revoke(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := c.Authenticate(context.Background(), http.Header{}); !errors.Is(err, auth.ErrRevoked) {
		t.Errorf("after Revoke: err = %v, want ErrRevoked", err)
	}
	if err := c.HandleUnauthorized(context.Background()); !errors.Is(err, auth.ErrRevoked) {
		t.Errorf("after Revoke: err = %v, want ErrRevoked", err)
	}
	if _, r, rv, _ := f.Counts(); r != 0 || rv != 1 {
		t.Errorf("refreshes %d revokes %d", r, rv)
	}
}

// TestOAuthManyTenantsNoGoroutines: credentials own no goroutine or timer;
// only a refresh in progress runs one.
func TestOAuthManyTenantsNoGoroutines(t *testing.T) {
	f := newFakeOAuth(t)
	clk := newFakeClock()
	tok := f.Grant(clk.Now())
	before := runtime.NumGoroutine()
	creds := make([]*auth.OAuthCredential, 10000)
	for i := range creds {
		creds[i] = auth.OAuth(f.Config(), tok, auth.WithClock(clk.Now),
			auth.WithTokenStore(auth.NewMemoryTokenStore(), fmt.Sprintf("co:%d", i)))
		bearer(t, creds[i])
	}
	if after := runtime.NumGoroutine(); after > before+2 {
		t.Errorf("goroutines grew from %d to %d for %d credentials", before, after, len(creds))
	}
}

// TestOAuthNoSecretsAnywhere drives every failure path with a logger at
// debug level and a server that echoes secrets, and scans all output.
func TestOAuthNoSecretsAnywhere(t *testing.T) {
	f := newFakeOAuth(t)
	f.rotate = true
	clk := newFakeClock()
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	store := &countingStore{failSaves: 1, failLoads: 1, echo: true}
	c := auth.OAuth(f.Config(), f.Grant(clk.Now()), auth.WithClock(clk.Now), auth.WithLogger(log),
		auth.WithTokenStore(store, "k"))
	var out []string
	record := func(err error) {
		if err != nil {
			out = append(out, err.Error(), fmt.Sprintf("%+v %#v", err, err))
		}
	}
	clk.Advance(time.Hour) // refresh with failing load and save
	record(c.Authenticate(context.Background(), http.Header{}))
	record(c.Authenticate(context.Background(), http.Header{}))
	f.mu.Lock()
	f.refreshStatus, f.refreshBody = 500, `{"error":"server_error","error_description":"boom $RT `+f.ClientSecret+`"}`
	f.mu.Unlock()
	clk.Advance(time.Hour)
	record(c.Authenticate(context.Background(), http.Header{}))
	f.mu.Lock()
	f.refreshStatus, f.refreshBody = 400, `{"error":"invalid_grant","error_description":"$RT revoked"}`
	f.mu.Unlock()
	record(c.Authenticate(context.Background(), http.Header{}))
	record(c.HandleUnauthorized(context.Background()))
	if len(out) == 0 {
		t.Fatal("no errors were produced")
	}
	out = append(out, logs.String(), fmt.Sprint(c), fmt.Sprintf("%#v", c))
	for _, s := range out {
		assertNoSecret(t, "output", s, f.Secrets())
	}
	if !strings.Contains(logs.String(), "[REDACTED]") {
		t.Errorf("expected the echoed secrets to be redacted in logs: %s", logs.String())
	}
}

// countingStore is a TokenStore that records saves and can fail.
type countingStore struct {
	mu        sync.Mutex
	mem       auth.MemoryTokenStore
	saves     []*auth.Token
	keys      []string
	failSaves int
	failLoads int
	echo      bool // failures echo the token, to test redaction
}

func (s *countingStore) Load(ctx context.Context, key string) (*auth.Token, error) {
	s.mu.Lock()
	if s.failLoads > 0 {
		s.failLoads--
		s.mu.Unlock()
		return nil, errors.New("db down")
	}
	s.mu.Unlock()
	return s.mem.Load(ctx, key)
}

func (s *countingStore) Save(ctx context.Context, key string, tok *auth.Token) error {
	s.mu.Lock()
	if s.failSaves > 0 {
		s.failSaves--
		s.mu.Unlock()
		if s.echo {
			return fmt.Errorf("db rejected row (%s, %s)", tok.AccessToken, tok.RefreshToken)
		}
		return errors.New("db down")
	}
	s.saves = append(s.saves, tok)
	s.keys = append(s.keys, key)
	s.mu.Unlock()
	return s.mem.Save(ctx, key, tok)
}

func (s *countingStore) Saves() []*auth.Token {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*auth.Token(nil), s.saves...)
}

// Every context-taking method of the OAuth types fails cleanly with a nil
// context, including when the token is due and a refresh would start.
func TestOAuthNilContext(t *testing.T) {
	var nilCtx context.Context // a variable: staticcheck flags a literal nil
	f := newFakeOAuth(t)
	due := f.Grant(time.Now().Add(-2 * time.Hour)) // expired: Authenticate must refresh
	cred := auth.OAuth(f.Config(), due)
	calls := map[string]func() error{
		"Authenticate":       func() error { return cred.Authenticate(nilCtx, http.Header{}) },
		"HandleUnauthorized": func() error { return cred.HandleUnauthorized(nilCtx) },
		"HandleUnauthorizedRequest": func() error {
			return cred.HandleUnauthorizedRequest(nilCtx, http.Header{})
		},
		"Revoke":        func() error { return cred.Revoke(nilCtx) },
		"Exchange":      func() error { _, err := f.Config().Exchange(nilCtx, "code"); return err },
		"Refresh":       func() error { _, err := f.Config().Refresh(nilCtx, due.RefreshToken); return err },
		"Config.Revoke": func() error { return f.Config().Revoke(nilCtx, due) },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if p := recover(); p != nil {
					t.Fatalf("panicked: %v", p)
				}
			}()
			if err := call(); err == nil {
				t.Error("succeeded with a nil context")
			}
		})
	}
}
