package ratelimit_test

import (
	"context"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// TestEndToEndNo429 runs 32 goroutines for 10 s against a server that
// enforces a rolling window of 40 per 2 s while a user in the web UI spends
// 5 slots a second of the same window. The limiter starts at the lowest
// plan's 20, learns 40 from the first response, and must keep every call
// clear of a 429.
func TestEndToEndNo429(t *testing.T) {
	srv := newWindowServer(t, 40)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go srv.clickUI(ctx, 5)

	l, err := ratelimit.New()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	const d = 10 * time.Second
	srv.measure(start, start.Add(d))
	res := runLoad(t, l, srv, 32, d)
	cancel()

	t.Logf("%d calls in %s (%.1f/s; the UI left about 15/s), %d 429s, %d failures, UI clicks over the limit: %d",
		res.calls, time.Since(start).Round(time.Millisecond), float64(srv.inInterval.Load())/d.Seconds(),
		res.tooMany, res.failures, srv.uiOverLimit.Load())
	if res.tooMany != 0 || srv.tooMany.Load() != 0 {
		t.Errorf("%d responses were 429", srv.tooMany.Load())
	}
	if res.failures != 0 {
		t.Errorf("%d calls failed", res.failures)
	}
	if res.calls == 0 {
		t.Fatal("no call went through")
	}
	st, err := l.State(ctx, "api_token:"+"x")
	if err != nil || st.Known {
		t.Fatalf("unrelated key: %+v %v", st, err)
	}
}
