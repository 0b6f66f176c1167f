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
	"github.com/redis/go-redis/v9"
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

// countingScripter passes scripts to Redis, counting those run for a
// caller (a context carrying callerKey) apart from the store's own.
type countingScripter struct {
	redis.Scripter
	callers, others atomic.Int64
}

type callerKey struct{}

func (c *countingScripter) count(ctx context.Context) {
	if ctx.Value(callerKey{}) != nil {
		c.callers.Add(1)
	} else {
		c.others.Add(1)
	}
}

func (c *countingScripter) Eval(ctx context.Context, script string, keys []string, args ...any) *redis.Cmd {
	c.count(ctx)
	return c.Scripter.Eval(ctx, script, keys, args...)
}

func (c *countingScripter) EvalSha(ctx context.Context, sha string, keys []string, args ...any) *redis.Cmd {
	c.count(ctx)
	return c.Scripter.EvalSha(ctx, sha, keys, args...)
}

// TestRedisDownProbedInBackground checks that after a failure no call
// waits for Redis (a refused connection, retried by the client, takes
// hundreds of milliseconds, and the limiter holds the key's queue through
// it): the store probes Redis in the background and calls go back to it
// once a probe answers.
func TestRedisDownProbedInBackground(t *testing.T) {
	rds := startRedis(t)
	rdb := &countingScripter{Scripter: rds.client(t)}
	store, err := redisstore.New(rdb, redisstore.WithPrefix("probe:"), redisstore.WithFallback(1),
		redisstore.WithCooldown(20*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.WithValue(context.Background(), callerKey{}, true)
	a := ratelimit.Attempt{Class: ratelimit.Read, Limit: 1000, SearchLimit: 10, Window: ratelimit.Window}
	call := func() {
		t.Helper()
		d, err := store.Admit(ctx, "probe-key", time.Now(), a)
		if err != nil || !d.Admitted {
			t.Fatalf("admit: %+v, %v", d, err)
		}
		o := ratelimit.Observation{Seq: d.Seq, Admitted: d.At, Class: ratelimit.Read, Status: 200,
			Window: ratelimit.Window, Headers: ratelimit.RateHeaders{Limit: 1000, Remaining: -1, DailyRequestsLeft: -1, TokenRemaining: -1}}
		if err := store.Observe(ctx, "probe-key", time.Now(), o); err != nil {
			t.Fatalf("observe: %v", err)
		}
	}
	call()
	rds.Stop()
	call() // finds Redis down and falls back
	if !store.Degraded() {
		t.Fatal("Degraded() is false after a failed call")
	}
	afterFailure := rdb.callers.Load()
	probes := rdb.others.Load()
	for end := time.Now().Add(300 * time.Millisecond); time.Now().Before(end); {
		call()
		time.Sleep(5 * time.Millisecond)
	}
	if n := rdb.callers.Load() - afterFailure; n != 0 {
		t.Errorf("%d calls went to Redis while it was down; want none (the probe finds it back)", n)
	}
	if rdb.others.Load() == probes {
		t.Error("nothing probed Redis during the outage")
	}

	if err := rds.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); store.Degraded(); {
		if time.Now().After(deadline) {
			t.Fatal("the calls did not return to Redis")
		}
		call()
		time.Sleep(10 * time.Millisecond)
	}
	if rdb.callers.Load() == afterFailure {
		t.Error("no call reached Redis after it came back")
	}
}
