package ratelimit_test

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// windowServer is a loopback stand-in for Pipedrive's rate limiting: a
// rolling window of limit requests per 2 s, counted at arrival, shared by
// the API client under test and a simulated user clicking in the web UI
// (who spends slots whether or not the window has room). It answers with
// Pipedrive's headers and its 429 body.
type windowServer struct {
	*httptest.Server
	limit  int
	window time.Duration

	mu         sync.Mutex
	log        []time.Time // arrivals holding a slot, oldest first
	writesLeft int
	start      time.Time
	end        time.Time

	served      atomic.Int64 // API requests answered 2xx
	inInterval  atomic.Int64 // of those, arrived within [start, end)
	tooMany     atomic.Int64 // API requests answered 429
	uiSpent     atomic.Int64 // UI slots spent within [start, end)
	uiOverLimit atomic.Int64 // UI clicks that found the window already full
}

func newWindowServer(t testing.TB, limit int) *windowServer {
	s := &windowServer{limit: limit, window: 2 * time.Second, writesLeft: 10_000}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// measure sets the interval whose admissions are counted.
func (s *windowServer) measure(start, end time.Time) {
	s.mu.Lock()
	s.start, s.end = start, end
	s.mu.Unlock()
}

func (s *windowServer) expire(now time.Time) {
	i := 0
	for i < len(s.log) && !s.log[i].After(now.Add(-s.window)) {
		i++
	}
	s.log = s.log[i:]
}

func (s *windowServer) inside(now time.Time) bool {
	return !s.start.IsZero() && !now.Before(s.start) && now.Before(s.end)
}

// clickUI spends perSecond slots a second until ctx ends, like a user in
// the web app.
func (s *windowServer) clickUI(ctx context.Context, perSecond int) {
	if perSecond == 0 {
		return
	}
	tick := time.NewTicker(time.Second / time.Duration(perSecond))
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		s.mu.Lock()
		now := time.Now()
		s.expire(now)
		if len(s.log) >= s.limit {
			s.uiOverLimit.Add(1)
		}
		s.log = append(s.log, now)
		if s.inside(now) {
			s.uiSpent.Add(1)
		}
		s.mu.Unlock()
	}
}

func (s *windowServer) serve(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	if r.Header.Get("X-Api-Token") == "" {
		http.Error(w, `{"success":false,"error":"unauthorized"}`, http.StatusUnauthorized)
		return
	}
	s.mu.Lock()
	now := time.Now()
	s.expire(now)
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Ratelimit-Limit", fmt.Sprint(s.limit))
	if len(s.log) >= s.limit {
		s.mu.Unlock()
		s.tooMany.Add(1)
		h.Set("X-Ratelimit-Remaining", "0")
		h.Set("X-Ratelimit-Reset", "2")
		h.Set("Retry-After", "2")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, `{"success":false,"error":"request over limit","errorCode":429}`)
		return
	}
	s.log = append(s.log, now)
	if r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch {
		s.writesLeft--
	}
	if s.inside(now) {
		s.inInterval.Add(1)
	}
	// Seconds until the window is clear again, rounded up as Pipedrive does.
	reset := int(math.Ceil(s.log[len(s.log)-1].Add(s.window).Sub(now).Seconds()))
	h.Set("X-Ratelimit-Remaining", fmt.Sprint(s.limit-len(s.log)))
	h.Set("X-Ratelimit-Reset", fmt.Sprint(reset))
	h.Set("X-Daily-Requests-Left", fmt.Sprint(s.writesLeft))
	s.mu.Unlock()
	s.served.Add(1)
	status := http.StatusOK
	if r.Method == http.MethodPost {
		status = http.StatusCreated
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, `{"success":true,"data":{"id":1}}`)
}

// loadResult is what a load run saw from the client side.
type loadResult struct {
	calls, failures, tooMany int64
}

// runLoad has g goroutines call the server through l for d: Admit, send,
// Observe, the way the client core does. Every 5th call is a POST. Every
// call gets 5 s, more than any wait the limiter imposes without a 429:
// none may fail.
func runLoad(t testing.TB, l *ratelimit.Limiter, srv *windowServer, g int, d time.Duration) loadResult {
	t.Helper()
	return runLoadWait(t, l, srv, g, d, 5*time.Second)
}

// runLoadWait is runLoad with each call's time to wait for admission.
func runLoadWait(t testing.TB, l *ratelimit.Limiter, srv *windowServer, g int, d, wait time.Duration) loadResult {
	t.Helper()
	cred := auth.APIToken("e2e-secret-token")
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: g, MaxConnsPerHost: g}}
	defer hc.CloseIdleConnections()
	var res loadResult
	var calls, failures, tooMany atomic.Int64
	stop := time.Now().Add(d)
	var wg sync.WaitGroup
	for i := range g {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; time.Now().Before(stop); n++ {
				method, class := http.MethodGet, ratelimit.Read
				if (i+n)%5 == 0 {
					method, class = http.MethodPost, ratelimit.Write
				}
				r := ratelimit.Request{Key: cred.LimitKey(), Kind: cred.Kind(), Class: class, Method: method, Cost: 1}
				ctx, cancel := context.WithTimeout(context.Background(), wait)
				tk, err := l.Admit(ctx, r)
				cancel()
				if err != nil {
					failures.Add(1)
					t.Errorf("Admit: %v", err)
					return
				}
				req, _ := http.NewRequest(method, srv.URL+"/api/v2/deals", nil)
				_ = cred.Authenticate(context.Background(), req.Header)
				resp, err := hc.Do(req)
				if err != nil {
					failures.Add(1)
					t.Errorf("request: %v", err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				l.Observe(r, tk, resp.StatusCode, resp.Header)
				calls.Add(1)
				switch {
				case resp.StatusCode == http.StatusTooManyRequests:
					tooMany.Add(1)
				case resp.StatusCode >= 300:
					failures.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	res.calls, res.failures, res.tooMany = calls.Load(), failures.Load(), tooMany.Load()
	return res
}
