package redisstore_test

import (
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"
)

// windowServer is a loopback stand-in for Pipedrive's rate limiting: a
// rolling window of limit requests per 2 s, counted at arrival, answered
// with Pipedrive's headers (and 429 with its body when the window is
// full). It records every accepted arrival, so that a test can check the
// most requests in any 2 s, and counts POSTs for the daily budget.
type windowServer struct {
	*httptest.Server
	limit  int
	window time.Duration

	mu       sync.Mutex
	log      []time.Time // arrivals holding a slot
	accepted []time.Time // every accepted arrival
	posts    int
	tooMany  int
}

func newWindowServer(t testing.TB, limit int) *windowServer {
	s := &windowServer{limit: limit, window: 2 * time.Second}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *windowServer) serve(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	if r.Header.Get("X-Api-Token") == "" {
		http.Error(w, `{"success":false,"error":"unauthorized"}`, http.StatusUnauthorized)
		return
	}
	s.mu.Lock()
	now := time.Now()
	i := 0
	for i < len(s.log) && !s.log[i].After(now.Add(-s.window)) {
		i++
	}
	s.log = s.log[i:]
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Ratelimit-Limit", fmt.Sprint(s.limit))
	if len(s.log) >= s.limit {
		s.tooMany++
		s.mu.Unlock()
		h.Set("X-Ratelimit-Remaining", "0")
		h.Set("X-Ratelimit-Reset", "2")
		h.Set("Retry-After", "2")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, `{"success":false,"error":"request over limit","errorCode":429}`)
		return
	}
	s.log = append(s.log, now)
	s.accepted = append(s.accepted, now)
	if r.Method == http.MethodPost {
		s.posts++
	}
	reset := int(math.Ceil(s.log[len(s.log)-1].Add(s.window).Sub(now).Seconds()))
	h.Set("X-Ratelimit-Remaining", fmt.Sprint(s.limit-len(s.log)))
	h.Set("X-Ratelimit-Reset", fmt.Sprint(reset))
	h.Set("X-Daily-Requests-Left", fmt.Sprint(10_000-s.posts))
	s.mu.Unlock()
	status := http.StatusOK
	if r.Method == http.MethodPost {
		status = http.StatusCreated
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, `{"success":true,"data":{"id":1,"title":"x"}}`)
}

// stats returns the accepted requests that arrived in [from, to), the
// most accepted in any window span, POSTs and 429s.
func (s *windowServer) stats(from, to time.Time) (inInterval, maxInWindow, posts, tooMany int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	arr := slices.Clone(s.accepted)
	slices.SortFunc(arr, func(a, b time.Time) int { return a.Compare(b) })
	j := 0
	for i, t := range arr {
		if !t.Before(from) && t.Before(to) {
			inInterval++
		}
		for !arr[j].After(t.Add(-s.window)) {
			j++
		}
		maxInWindow = max(maxInWindow, i-j+1)
	}
	return inInterval, maxInWindow, s.posts, s.tooMany
}
