package redisstore_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/ratelimit/redisstore"
)

func newClient(t *testing.T, srv *windowServer, store ratelimit.Store) *pipedrive.Client {
	t.Helper()
	lim, err := ratelimit.New(ratelimit.WithStore(store))
	if err != nil {
		t.Fatal(err)
	}
	c, err := pipedrive.NewClient(auth.APIToken("outage-secret-token"), pipedrive.WithBaseURL(srv.URL),
		pipedrive.WithLimiter(lim))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func served(srv *windowServer) int {
	in, _, _, _ := srv.stats(time.Time{}, time.Now().Add(time.Hour))
	return in
}

// TestRedisDownFailsClosed stops Redis in the middle of a run: every call
// then fails at once with ErrUnavailable and nothing reaches the server;
// once Redis is back, calls go through again.
func TestRedisDownFailsClosed(t *testing.T) {
	rds := startRedis(t)
	srv := newWindowServer(t, 40)
	store, err := redisstore.New(rds.client(t), redisstore.WithPrefix("down:"), redisstore.WithCooldown(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv, store)
	ctx := context.Background()
	for range 5 {
		if _, err := c.Deals.Get(ctx, 1); err != nil {
			t.Fatalf("before the outage: %v", err)
		}
	}

	rds.Stop()
	before := served(srv)
	for i := range 20 {
		_, err := c.Deals.Get(ctx, 1)
		if !errors.Is(err, redisstore.ErrUnavailable) {
			t.Fatalf("call %d during the outage: %v; want ErrUnavailable", i, err)
		}
		var ue *redisstore.UnavailableError
		if !errors.As(err, &ue) || ue.Op != "admit" {
			t.Fatalf("call %d: %v does not carry an UnavailableError for admit", i, err)
		}
		if i == 0 {
			t.Logf("the error: %v", err)
		}
		if i%5 == 4 {
			time.Sleep(60 * time.Millisecond) // past the cooldown: Redis is tried again
		}
	}
	if !store.Degraded() {
		t.Error("Degraded() is false during the outage")
	}
	if n := served(srv) - before; n != 0 {
		t.Fatalf("%d requests reached the server while Redis was down", n)
	}

	if err := rds.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, err := c.Deals.Get(ctx, 1)
		if err == nil {
			break
		}
		if !errors.Is(err, redisstore.ErrUnavailable) || time.Now().After(deadline) {
			t.Fatalf("after Redis came back: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	for range 5 {
		if _, err := c.Deals.Get(ctx, 1); err != nil {
			t.Fatalf("after Redis came back: %v", err)
		}
	}
	if store.Degraded() {
		t.Error("Degraded() is still true")
	}
}

// TestRedisDownFallsBack runs 8 goroutines while Redis is down on a store
// with WithFallback(4): the process goes on at a quarter of the 40 per
// 2 s (never more than 10 in any 2 s at the server), then returns to Redis.
func TestRedisDownFallsBack(t *testing.T) {
	rds := startRedis(t)
	srv := newWindowServer(t, 40)
	store, err := redisstore.New(rds.client(t), redisstore.WithPrefix("fallback:"), redisstore.WithFallback(4),
		redisstore.WithCooldown(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv, store)
	rds.Stop()

	start := time.Now()
	stop := start.Add(4500 * time.Millisecond)
	var calls, failures atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
				_, err := c.Deals.Get(ctx, 1)
				cancel()
				if err != nil {
					failures.Add(1)
					if !errors.Is(err, context.DeadlineExceeded) {
						t.Errorf("call failed: %v", err)
					}
					return
				}
				calls.Add(1)
			}
		}()
	}
	wg.Wait()
	in, most, _, tooMany := srv.stats(start, time.Now())
	t.Logf("Redis down, fallback at 1/4: %d calls in %s, server accepted %d, most in any 2 s %d, 429s %d",
		calls.Load(), time.Since(start).Round(time.Millisecond), in, most, tooMany)
	if most > 10 || tooMany != 0 {
		t.Errorf("most in any 2 s %d, 429s %d; the fallback allows 10 per 2 s", most, tooMany)
	}
	if in < 20 {
		t.Errorf("only %d requests in 4.5 s through the fallback; want about 25", in)
	}
	if !store.Degraded() {
		t.Error("Degraded() is false while Redis is down")
	}

	if err := rds.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for store.Degraded() {
		if time.Now().After(deadline) {
			t.Fatal("the store did not return to Redis")
		}
		if _, err := c.Deals.Get(context.Background(), 1); err != nil {
			t.Fatalf("call while Redis comes back: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	st, known, err := store.State(context.Background(), auth.APIToken("outage-secret-token").LimitKey(), time.Now())
	if err != nil || !known || st.LastSeq == 0 {
		t.Fatalf("state in Redis after the outage: %+v, %v, %v", st, known, err)
	}
}

// TestRedisStoppedMidRun keeps 8 goroutines calling through a Redis stop
// and restart: while Redis is down every call fails with ErrUnavailable
// and the server receives nothing (beyond requests admitted before the
// stop); after the restart calls succeed again, and the server never
// answers 429.
func TestRedisStoppedMidRun(t *testing.T) {
	rds := startRedis(t)
	srv := newWindowServer(t, 40)
	store, err := redisstore.New(rds.client(t), redisstore.WithPrefix("midrun:"), redisstore.WithCooldown(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv, store)

	var phase atomic.Int32 // 0 up, 1 down, 2 back
	var ok [3]atomic.Int64
	var unavailable atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				_, err := c.Deals.Get(ctx, 1)
				cancel()
				switch {
				case err == nil:
					// By when the call ended: a call that started during the
					// outage may wait through it and succeed after the restart.
					ok[phase.Load()].Add(1)
				case errors.Is(err, redisstore.ErrUnavailable):
					unavailable.Add(1)
					time.Sleep(5 * time.Millisecond)
				default:
					t.Errorf("call failed: %v", err)
					return
				}
			}
		}()
	}
	time.Sleep(time.Second)
	rds.Stop()
	phase.Store(1)
	stopped := time.Now()
	time.Sleep(2500 * time.Millisecond) // longer than any wait for the window
	downFrom, downTo := stopped.Add(100*time.Millisecond), time.Now()
	if err := rds.Start(); err != nil {
		t.Fatal(err)
	}
	phase.Store(2)
	// Longer than a window: the calls that waited through the outage may
	// fill the first one after the restart.
	time.Sleep(3 * time.Second)
	close(stop)
	wg.Wait()

	during, _, _, _ := srv.stats(downFrom, downTo)
	_, most, _, tooMany := srv.stats(time.Time{}, time.Now())
	t.Logf("calls that succeeded, by when they ended (before/during/after the outage): %d/%d/%d; %d calls failed with ErrUnavailable; server: %d requests while Redis was down, most in any 2 s %d, 429s %d",
		ok[0].Load(), ok[1].Load(), ok[2].Load(), unavailable.Load(), during, most, tooMany)
	if ok[0].Load() == 0 || ok[2].Load() == 0 {
		t.Error("no call succeeded before the outage or after Redis came back")
	}
	if unavailable.Load() == 0 {
		t.Error("no call failed with ErrUnavailable while Redis was down")
	}
	if during != 0 {
		t.Errorf("%d requests reached the server while Redis was down", during)
	}
	if tooMany != 0 || most > 40 {
		t.Errorf("429s %d, most in any 2 s %d", tooMany, most)
	}
}
