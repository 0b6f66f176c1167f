package main

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// meter counts what went over the wire, whichever server it was.
type meter struct {
	next     http.RoundTripper
	requests atomic.Int64
	tooMany  atomic.Int64
	limit    atomic.Int64 // the last x-ratelimit-limit of a non-search response
}

// RoundTrip implements http.RoundTripper.
func (m *meter) RoundTrip(r *http.Request) (*http.Response, error) {
	m.requests.Add(1)
	res, err := m.next.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	if res.StatusCode == http.StatusTooManyRequests {
		m.tooMany.Add(1)
	}
	if !strings.HasSuffix(r.URL.Path, "/search") {
		if n, err := strconv.Atoi(res.Header.Get("X-Ratelimit-Limit")); err == nil && n > 0 {
			m.limit.Store(int64(n))
		}
	}
	return res, nil
}

// timedLimiter measures how long requests wait for admission.
type timedLimiter struct {
	ratelimit.Admitter
	mu      sync.Mutex
	waited  time.Duration
	longest time.Duration
	waits   int // admissions that waited at all (over a millisecond)
}

// Admit implements ratelimit.Admitter.
func (t *timedLimiter) Admit(ctx context.Context, r ratelimit.Request) (ratelimit.Ticket, error) {
	start := time.Now()
	tk, err := t.Admitter.Admit(ctx, r)
	d := time.Since(start)
	t.mu.Lock()
	t.waited += d
	t.longest = max(t.longest, d)
	if d > time.Millisecond {
		t.waits++
	}
	t.mu.Unlock()
	return tk, err
}

func (t *timedLimiter) totals() (waited, longest time.Duration, waits int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.waited, t.longest, t.waits
}
