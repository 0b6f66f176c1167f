package ratelimit_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// TestEndToEndThroughClient is TestEndToEndNo429 through the real client:
// two clients built separately on the same token share one Limiter, 32
// goroutines call Deals.Get and Deals.Create for 10 s against the
// rolling-window server while the simulated UI user spends 5 slots a
// second. No call may fail and the server must never answer 429.
func TestEndToEndThroughClient(t *testing.T) {
	srv := newWindowServer(t, 40)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go srv.clickUI(ctx, 5)

	l, err := ratelimit.New()
	if err != nil {
		t.Fatal(err)
	}
	var clients [2]*pipedrive.Client
	for i := range clients {
		clients[i], err = pipedrive.NewClient(auth.APIToken("e2e-secret-token"),
			pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(l))
		if err != nil {
			t.Fatal(err)
		}
	}

	const d = 10 * time.Second
	start := time.Now()
	stop := start.Add(d)
	srv.measure(start, stop)
	var calls, failures atomic.Int64
	var wg sync.WaitGroup
	for g := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := clients[g%2]
			for n := 0; time.Now().Before(stop); n++ {
				cctx, ccancel := context.WithTimeout(context.Background(), 5*time.Second)
				var err error
				if (g+n)%5 == 0 {
					_, err = c.Deals.Create(cctx, &deals.CreateParams{Title: "load"})
				} else {
					_, err = c.Deals.Get(cctx, 1)
				}
				ccancel()
				if err != nil {
					failures.Add(1)
					t.Errorf("call failed: %v", err)
					return
				}
				calls.Add(1)
			}
		}()
	}
	wg.Wait()
	cancel()

	t.Logf("%d calls in %s (%.1f/s; the UI left about 15/s), server 429s %d, failures %d",
		calls.Load(), time.Since(start).Round(time.Millisecond), float64(srv.inInterval.Load())/d.Seconds(),
		srv.tooMany.Load(), failures.Load())
	if failures.Load() != 0 {
		t.Errorf("%d calls failed", failures.Load())
	}
	if n := srv.tooMany.Load(); n != 0 {
		t.Errorf("the server answered 429 %d times", n)
	}
	if calls.Load() == 0 {
		t.Fatal("no call went through")
	}
	st, err := l.State(context.Background(), auth.APIToken("e2e-secret-token").LimitKey())
	if err != nil || st.LastHeaders.Limit != 40 || st.DailyWritesUsed == 0 {
		t.Fatalf("state after the run: %+v, %v", st, err)
	}
}
