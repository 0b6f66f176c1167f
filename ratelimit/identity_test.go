package ratelimit_test

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/ratelimit/ratelimittest"
)

// recordingStore is a MemoryStore that keeps what the limiter asks of it.
type recordingStore struct {
	ratelimit.Store
	mu       sync.Mutex
	attempts []ratelimit.Attempt
	obs      []ratelimit.Observation
}

func (s *recordingStore) Admit(ctx context.Context, key string, now time.Time, a ratelimit.Attempt) (ratelimit.Decision, error) {
	s.mu.Lock()
	s.attempts = append(s.attempts, a)
	s.mu.Unlock()
	return s.Store.Admit(ctx, key, now, a)
}

func (s *recordingStore) Observe(ctx context.Context, key string, now time.Time, o ratelimit.Observation) error {
	s.mu.Lock()
	s.obs = append(s.obs, o)
	s.mu.Unlock()
	return s.Store.Observe(ctx, key, now, o)
}

func (s *recordingStore) last() (ratelimit.Attempt, ratelimit.Observation) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var a ratelimit.Attempt
	var o ratelimit.Observation
	if len(s.attempts) > 0 {
		a = s.attempts[len(s.attempts)-1]
	}
	if len(s.obs) > 0 {
		o = s.obs[len(s.obs)-1]
	}
	return a, o
}

func TestIdentifyFillsRequests(t *testing.T) {
	u7, u8, co := ratelimit.UserKey(42, 7), ratelimit.UserKey(42, 8), ratelimit.CompanyKey(42)
	for _, tc := range []struct {
		name                string
		identify            [][2]string // user, company, in order
		reqUser, reqCompany string
		wantUser, wantCo    string
	}{
		{"unknown key: kept under the key", nil, "", "", "", ""},
		{"identified", [][2]string{{u7, co}}, "", "", u7, co},
		{"the request's own keys win", [][2]string{{u7, co}}, u8, "company:9", u8, "company:9"},
		{"only the missing part is filled", [][2]string{{u7, co}}, u8, "", u8, co},
		{"an empty part keeps what is known", [][2]string{{u7, co}, {"", "company:43"}, {u8, ""}}, "", "", u8, "company:43"},
		{"nothing to identify with", [][2]string{{"", ""}}, "", "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := ratelimittest.NewClock(t0)
			st := &recordingStore{Store: ratelimit.NewMemoryStore(time.Hour)}
			l := newLimiter(t, clk, ratelimit.WithStore(st))
			for _, id := range tc.identify {
				l.Identify(testKey, id[0], id[1])
			}
			l.Identify("", u7, co) // no key: ignored
			r := req(ratelimit.Write)
			r.User, r.Company = tc.reqUser, tc.reqCompany
			tk := mustAdmit(t, l, r)
			l.Observe(r, tk, http.StatusOK, nil)
			a, o := st.last()
			if a.UserKey != tc.wantUser || a.CompanyKey != tc.wantCo {
				t.Fatalf("attempt keys %q %q, want %q %q", a.UserKey, a.CompanyKey, tc.wantUser, tc.wantCo)
			}
			if o.UserKey != tc.wantUser || o.CompanyKey != tc.wantCo {
				t.Fatalf("observation keys %q %q, want %q %q", o.UserKey, o.CompanyKey, tc.wantUser, tc.wantCo)
			}
			if u, c := l.Identity(testKey); tc.identify != nil && tc.identify[0][0] != "" && (u == "" || c == "") {
				t.Fatalf("Identity = %q %q after Identify", u, c)
			}
			if u, c := l.Identity("never-seen"); u != "" || c != "" {
				t.Fatalf("Identity of an unknown key = %q %q", u, c)
			}
		})
	}
}

// TestIdentifyBounded fills the registry past its bound: the least
// recently used keys are forgotten, a key looked up meanwhile is kept.
func TestIdentifyBounded(t *testing.T) {
	const bound = 1 << 16
	clk := ratelimittest.NewClock(t0)
	l := newLimiter(t, clk)
	key := func(i int) string { return "api_token:" + strconv.Itoa(i) }
	for i := range bound {
		l.Identify(key(i), ratelimit.UserKey(1, int64(i)), ratelimit.CompanyKey(1))
		clk.Advance(time.Microsecond)
	}
	// Key 1 is used (a request of it looks it up); key 0 is not.
	r := req(ratelimit.Read)
	r.Key = key(1)
	mustAdmit(t, l, r)
	clk.Advance(time.Microsecond)
	l.Identify(key(bound), ratelimit.UserKey(1, bound), ratelimit.CompanyKey(1))
	if u, _ := l.Identity(key(0)); u != "" {
		t.Fatal("the least recently used identity was kept past the bound")
	}
	if u, _ := l.Identity(key(1)); u != ratelimit.UserKey(1, 1) {
		t.Fatalf("a recently used identity was forgotten: %q", u)
	}
	if u, _ := l.Identity(key(bound)); u != ratelimit.UserKey(1, bound) {
		t.Fatalf("the newest identity: %q", u)
	}
	kept := 0
	for i := range bound + 1 {
		if u, _ := l.Identity(key(i)); u != "" {
			kept++
		}
	}
	if want := bound * 7 / 8; kept != want {
		t.Fatalf("kept %d identities after eviction, want %d", kept, want)
	}
}

// TestIdentifyConcurrent identifies keys while their requests are
// admitted (for the race detector), then checks every request admitted
// after its key's Identify returned carried the identity.
func TestIdentifyConcurrent(t *testing.T) {
	clk := ratelimittest.NewClock(t0)
	st := &recordingStore{Store: ratelimit.NewMemoryStore(time.Hour)}
	l := newLimiter(t, clk, ratelimit.WithStore(st), ratelimit.WithLimit(1000))
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			k := "api_token:g" + strconv.Itoa(g)
			user := ratelimit.UserKey(5, int64(g))
			for i := range 20 {
				if i == 10 {
					l.Identify(k, user, ratelimit.CompanyKey(5))
				}
				r := req(ratelimit.Write)
				r.Key = k
				tk, err := l.Admit(context.Background(), r)
				if err != nil {
					t.Errorf("Admit: %v", err)
					return
				}
				l.Observe(r, tk, http.StatusOK, nil)
			}
		}()
	}
	wg.Wait()
	st.mu.Lock()
	defer st.mu.Unlock()
	identified := 0
	for _, a := range st.attempts {
		if a.UserKey != "" {
			identified++
			if a.CompanyKey != ratelimit.CompanyKey(5) {
				t.Fatalf("company %q", a.CompanyKey)
			}
		}
	}
	if identified != 8*10 {
		t.Fatalf("%d attempts carried an identity, want %d", identified, 8*10)
	}
}
