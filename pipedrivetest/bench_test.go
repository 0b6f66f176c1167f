package pipedrivetest

import (
	"io"
	"net/http"
	"testing"
	"time"
)

// BenchmarkAdmit measures one admission decision of a full window, the
// server's hot path under a burst.
func BenchmarkAdmit(b *testing.B) {
	srv, err := Start(WithRateLimit(100, 0))
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	k := srv.apiTokens[srv.Token()]
	rt := &route{key: "GET /v1/users/me", api: true, cost: 2}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		now = now.Add(10 * time.Millisecond) // 50 per 0.5 s: the window stays half full
		srv.mu.Lock()
		srv.admitLocked(k, rt, now)
		srv.mu.Unlock()
	}
}

// BenchmarkGetDeal measures a whole GET /api/v2/deals/{id} over loopback.
func BenchmarkGetDeal(b *testing.B) {
	srv, err := Start(WithRateLimit(1<<30, 0))
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	id, err := srv.Seed(Deal, map[string]any{"title": "Bench"})
	if err != nil {
		b.Fatal(err)
	}
	hc := srv.HTTPClient()
	r, _ := http.NewRequest("GET", srv.URL+"/api/v2/deals/"+itoa(id), nil)
	r.Header.Set("X-Api-Token", srv.Token())
	b.ReportAllocs()
	for b.Loop() {
		res, err := hc.Do(r)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			b.Fatal(res.StatusCode)
		}
	}
}
