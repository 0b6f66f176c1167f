package auth_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// These tests run the OAuth credential inside a real pipedrive.Client
// against the fake server's API.

func TestClientUsesAPIDomainAndBearer(t *testing.T) {
	f := newFakeOAuth(t)
	tok, err := f.Config().Exchange(context.Background(), f.NewCode())
	if err != nil {
		t.Fatal(err)
	}
	client, err := pipedrive.NewClient(auth.OAuth(f.Config(), tok))
	if err != nil {
		t.Fatal(err)
	}
	if client.BaseURL() != f.srv.URL {
		t.Errorf("client base URL = %q, want the api_domain %q", client.BaseURL(), f.srv.URL)
	}
	me, err := client.Users.Me(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if me.ID != 7 || me.CompanyID != 42 {
		t.Errorf("Me = %+v", me)
	}
	f.mu.Lock()
	got := f.lastAuth
	f.mu.Unlock()
	if got != "Bearer "+tok.AccessToken {
		t.Errorf("API saw Authorization %q, want the Bearer access token", got)
	}

	// An explicit base URL wins over api_domain.
	c2, err := pipedrive.NewClient(auth.OAuth(f.Config(), tok), pipedrive.WithBaseURL("http://127.0.0.1:9"))
	if err != nil || c2.BaseURL() != "http://127.0.0.1:9" {
		t.Errorf("WithBaseURL: %v, %q", err, c2.BaseURL())
	}
	// An invalid credential fails NewClient.
	if _, err := pipedrive.NewClient(auth.OAuth(f.Config(), &auth.Token{})); !errors.Is(err, auth.ErrEmptyToken) {
		t.Errorf("empty token: err = %v, want ErrEmptyToken", err)
	}
}

func TestClient401RefreshesAndRetriesOnce(t *testing.T) {
	f := newFakeOAuth(t)
	clk := newFakeClock()
	store := &countingStore{}
	old := f.Grant(clk.Now())
	cred := auth.OAuth(f.Config(), old, auth.WithClock(clk.Now), auth.WithTokenStore(store, "co:42:7"))
	client, err := pipedrive.NewClient(cred)
	if err != nil {
		t.Fatal(err)
	}
	key := cred.LimitKey()
	f.RejectAccess(old.AccessToken) // revoked server-side before its expiry

	if _, err := client.Users.Me(context.Background()); err != nil {
		t.Fatalf("Me after a 401: %v", err)
	}
	if _, r, _, calls := f.Counts(); r != 1 || calls != 2 {
		t.Errorf("refreshes %d, API calls %d: want 1 refresh and one retry (2 calls)", r, calls)
	}
	// The token handed to OAuth is saved at first use, then the refreshed one.
	if saves := store.Saves(); len(saves) != 2 || saves[0].AccessToken != old.AccessToken ||
		saves[1].AccessToken != cred.Token().AccessToken {
		t.Errorf("store saw %d tokens, want the initial and the refreshed one", len(saves))
	}
	if cred.LimitKey() != key {
		t.Errorf("limit key changed across the refresh")
	}
}

func TestClient401PersistsNoLoop(t *testing.T) {
	f := newFakeOAuth(t)
	f.rejectAll = true
	clk := newFakeClock()
	client, err := pipedrive.NewClient(auth.OAuth(f.Config(), f.Grant(clk.Now()), auth.WithClock(clk.Now)))
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.Users.Me(context.Background())
	if !errors.Is(err, pipedrive.ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
	if _, r, _, calls := f.Counts(); r != 1 || calls != 2 {
		t.Errorf("refreshes %d, API calls %d: want 1 and 2", r, calls)
	}
	assertNoSecret(t, "error", err.Error(), f.Secrets())
}

func TestClientInvalidGrantNoLoop(t *testing.T) {
	f := newFakeOAuth(t)
	clk := newFakeClock()
	old := f.Grant(clk.Now())
	f.RejectAccess(old.AccessToken)
	f.RevokeRefresh(old.RefreshToken) // the user uninstalled the app
	client, err := pipedrive.NewClient(auth.OAuth(f.Config(), old, auth.WithClock(clk.Now)),
		pipedrive.WithMaxRetries(0, -1))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		_, err = client.Users.Me(context.Background())
		if !errors.Is(err, auth.ErrInvalidGrant) {
			t.Fatalf("call %d: err = %v, want ErrInvalidGrant", i, err)
		}
		assertNoSecret(t, "error", err.Error(), f.Secrets())
	}
	// Expired as well: refused before sending.
	clk.Advance(2 * time.Hour)
	if _, err := client.Users.Me(context.Background()); !errors.Is(err, auth.ErrInvalidGrant) {
		t.Fatalf("expired: err = %v, want ErrInvalidGrant", err)
	}
	if _, r, _, calls := f.Counts(); r != 1 || calls != 3 {
		t.Errorf("refreshes %d, API calls %d: want 1 refresh in all, 3 calls (none once expired)", r, calls)
	}
}

func TestClientExpiryOneRefreshFor100Calls(t *testing.T) {
	f := newFakeOAuth(t)
	f.rotate = true
	clk := newFakeClock()
	client, err := pipedrive.NewClient(auth.OAuth(f.Config(), f.Grant(clk.Now()), auth.WithClock(clk.Now)))
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Hour)
	gate := make(chan struct{})
	f.mu.Lock()
	f.gate = gate
	f.mu.Unlock()
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := client.Users.Me(context.Background())
			errs <- err
		}()
	}
	<-f.arrived
	time.Sleep(20 * time.Millisecond) // let the other calls pile up behind the refresh
	close(gate)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, r, _, calls := f.Counts(); r != 1 || calls != 100 {
		t.Errorf("refreshes %d, API calls %d: want 1 and 100", r, calls)
	}
}

func TestClientConcurrent401sOneRefresh(t *testing.T) {
	f := newFakeOAuth(t)
	clk := newFakeClock()
	old := f.Grant(clk.Now())
	client, err := pipedrive.NewClient(auth.OAuth(f.Config(), old, auth.WithClock(clk.Now)))
	if err != nil {
		t.Fatal(err)
	}
	f.RejectAccess(old.AccessToken)
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := client.Users.Me(context.Background())
			errs <- err
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
		t.Errorf("refreshes = %d, want 1 however many requests got 401 with the old token", r)
	}
}

// recordingAdmitter records what the client asks the limiter.
type recordingAdmitter struct {
	mu   sync.Mutex
	reqs []ratelimit.Request
}

func (a *recordingAdmitter) Admit(_ context.Context, r ratelimit.Request) (ratelimit.Ticket, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.reqs = append(a.reqs, r)
	return ratelimit.Ticket{Seq: uint64(len(a.reqs))}, nil
}

func (a *recordingAdmitter) Observe(ratelimit.Request, ratelimit.Ticket, int, http.Header) {}

func TestClientLimiterKeyAndKindAcrossRefresh(t *testing.T) {
	f := newFakeOAuth(t)
	f.rotate = true
	clk := newFakeClock()
	old := f.Grant(clk.Now())
	lim := &recordingAdmitter{}
	cred := auth.OAuth(f.Config(), old, auth.WithClock(clk.Now))
	client, err := pipedrive.NewClient(cred, pipedrive.WithLimiter(lim))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := client.Users.Me(ctx); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Hour) // expiry refresh
	if _, err := client.Users.Me(ctx); err != nil {
		t.Fatal(err)
	}
	f.RejectAccess(cred.Token().AccessToken) // 401 refresh
	if _, err := client.Users.Me(ctx); err != nil {
		t.Fatal(err)
	}
	if _, r, _, _ := f.Counts(); r != 2 || cred.Token().RefreshToken == old.RefreshToken {
		t.Fatalf("refreshes = %d, want 2 with a rotated refresh token", r)
	}
	if len(lim.reqs) != 4 {
		t.Fatalf("limiter saw %d admissions, want 4", len(lim.reqs))
	}
	for i, r := range lim.reqs {
		if r.Key != cred.LimitKey() || r.Kind != auth.KindOAuth {
			t.Errorf("admission %d: key %q kind %v, want %q oauth", i, r.Key, r.Kind, cred.LimitKey())
		}
		assertNoSecret(t, "limiter key", r.Key, f.Secrets())
	}
}
