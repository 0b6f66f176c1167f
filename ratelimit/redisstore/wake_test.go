package redisstore_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/ratelimit/redisstore"
)

// observeOn records one answered request of key on s (as another process
// would), which publishes the wake-up.
func observeOn(t *testing.T, s *redisstore.Store, key string) {
	t.Helper()
	ctx := context.Background()
	d, err := s.Admit(ctx, key, time.Time{}, ratelimit.Attempt{Class: ratelimit.Read, Limit: 40,
		SearchLimit: ratelimit.SearchLimit, Window: ratelimit.Window})
	if err != nil || !d.Admitted {
		t.Fatalf("admit: %+v %v", d, err)
	}
	h := ratelimit.NoHeaders
	h.Limit, h.Remaining = 40, 30
	if err := s.Observe(ctx, key, time.Now(), ratelimit.Observation{Seq: d.Seq, Admitted: d.At, Class: ratelimit.Read,
		Status: 200, Headers: h, Window: ratelimit.Window}); err != nil {
		t.Fatalf("observe: %v", err)
	}
}

// waitGoroutines waits until at most n goroutines run.
func waitGoroutines(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > n {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines, want at most %d:\n%s", runtime.NumGoroutine(), n, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestWakeAcrossProcesses: a head waiting on one Store (its own Redis
// connection, as in another process) is woken when a response of its key
// is observed through another Store, not when another key's is; after a
// Redis restart the wake-ups resume; an outage never blocks Wake or its
// stop; and once no head waits no goroutine is left behind.
func TestWakeAcrossProcesses(t *testing.T) {
	rds := startRedis(t)
	base := runtime.NumGoroutine()
	waiter, err := redisstore.New(rds.client(t), redisstore.WithPrefix("wake:"))
	if err != nil {
		t.Fatal(err)
	}
	other, err := redisstore.New(rds.client(t), redisstore.WithPrefix("wake:"))
	if err != nil {
		t.Fatal(err)
	}
	const key, unrelated = "api_token:wake", "api_token:unrelated"

	// woken observes a response of k through other until ch receives,
	// within the limit.
	woken := func(ch <-chan struct{}, k string, within time.Duration) bool {
		deadline := time.After(within)
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			observeOn(t, other, k)
			select {
			case <-ch:
				return true
			case <-deadline:
				return false
			case <-tick.C:
			}
		}
	}

	ch, stop := waiter.Wake(key)
	if woken(ch, unrelated, 500*time.Millisecond) {
		t.Fatal("woken by a response of another key")
	}
	if !woken(ch, key, 5*time.Second) {
		t.Fatal("not woken by a response of the key observed through another store")
	}
	stop()

	// An outage: Wake and stop return at once, and nothing wakes.
	rds.Stop()
	start := time.Now()
	ch, stop = waiter.Wake(key)
	select {
	case <-ch:
		t.Fatal("woken while Redis is down")
	case <-time.After(300 * time.Millisecond):
	}
	stop()
	if d := time.Since(start); d > time.Second {
		t.Fatalf("Wake and stop took %s with Redis down", d)
	}

	// Back: a new head is woken again.
	if err := rds.Start(); err != nil {
		t.Fatal(err)
	}
	ch, stop = waiter.Wake(key)
	if !woken(ch, key, 10*time.Second) {
		t.Fatal("not woken after Redis came back")
	}
	stop()
	// Only the clients' pools may remain.
	waitGoroutines(t, base+4)
}

// TestLimiterHeadWokenByAnotherProcess: a limiter whose request waits for
// a fresh view (after a quiet spell only two probes go) is admitted as soon
// as another process's limiter observes a probe's response, well before
// the probe's own slot would let it go.
func TestLimiterHeadWokenByAnotherProcess(t *testing.T) {
	rds := startRedis(t)
	newLim := func() *ratelimit.Limiter {
		s, err := redisstore.New(rds.client(t), redisstore.WithPrefix("head:"), redisstore.WithSyncPoll(0))
		if err != nil {
			t.Fatal(err)
		}
		l, err := ratelimit.New(ratelimit.WithStore(s), ratelimit.WithLimit(40))
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	a, b := newLim(), newLim()
	ctx := context.Background()
	r := ratelimit.Request{Key: "api_token:head", Class: ratelimit.Read, Cost: 1}
	h := func(rem string) map[string][]string {
		return map[string][]string{"X-Ratelimit-Limit": {"40"}, "X-Ratelimit-Remaining": {rem}, "X-Ratelimit-Reset": {"2"}}
	}
	tk, err := b.Admit(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	b.Observe(r, tk, 200, h("39"))
	time.Sleep(600 * time.Millisecond) // the view goes stale
	p1, err := b.Admit(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := b.Admit(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	// a's request must wait for a probe's response (WithSyncPoll(0): no
	// polling); b observes one shortly.
	got := make(chan time.Duration, 1)
	go func() {
		start := time.Now()
		if _, err := a.Admit(ctx, r); err != nil {
			t.Error(err)
		}
		got <- time.Since(start)
	}()
	time.Sleep(100 * time.Millisecond)
	b.Observe(r, p1, 200, h("37"))
	b.Observe(r, p2, 200, h("36"))
	select {
	case d := <-got:
		if d > time.Second {
			t.Fatalf("admitted after %s: not woken by the other process's response", d)
		}
		t.Logf("admitted %s after it began to wait (the probes were answered after 100 ms)", d.Round(time.Millisecond))
	case <-time.After(3 * time.Second):
		t.Fatal("not admitted within 3 s")
	}
}
