package redisstore_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/ratelimit/ratelimittest"
	"github.com/pipedrive-go/pipedrive/ratelimit/redisstore"
	"github.com/redis/go-redis/v9"
)

func TestOptionsRejectBadInput(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer rdb.Close()
	for _, tc := range []struct {
		name string
		opt  redisstore.Option
		want string
	}{
		{"empty prefix", redisstore.WithPrefix(""), "empty prefix"},
		{"idle TTL", redisstore.WithIdleTTL(time.Millisecond), "at least 1s"},
		{"fallback", redisstore.WithFallback(0), "at least 1"},
		{"cooldown", redisstore.WithCooldown(-time.Second), "negative"},
		{"sync poll", redisstore.WithSyncPoll(-time.Second), "negative"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := redisstore.New(rdb, tc.opt)
			if err == nil || s != nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("New = %v, %v; want an error about %q", s, err, tc.want)
			}
		})
	}
	if _, err := redisstore.New(nil); err == nil {
		t.Fatal("New(nil) did not fail")
	}
	if s, err := redisstore.New(rdb, nil, redisstore.WithPrefix("x:")); err != nil || s == nil {
		t.Fatalf("New with a nil option: %v", err)
	}
}

// TestKeys checks the layout in Redis: two keys per limit key, with a
// shared hash tag that hashes the limit key, the prefix, and their TTLs.
func TestKeys(t *testing.T) {
	rds := startRedis(t)
	rdb := rds.client(t)
	ctx := context.Background()
	store, err := redisstore.New(rdb, redisstore.WithPrefix("keys:"), redisstore.WithIdleTTL(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	key := auth.APIToken("keys-secret-token").LimitKey()
	names := store.Keys(key)
	stKey, dayKey := names[0], names[1]
	tag := stKey[len("keys:") : strings.Index(stKey, "}")+1]
	if !strings.HasPrefix(stKey, "keys:{") || stKey != "keys:"+tag+":s" || dayKey != "keys:"+tag+":d" ||
		names[2] != "keys:"+tag+":m" || names[3] != "keys:"+tag+":q" || len(tag) != 34 {
		t.Fatalf("keys %q", names)
	}
	a := ratelimit.Attempt{Class: ratelimit.Write, Cost: 5, Limit: 20, SearchLimit: 10, Window: ratelimit.Window,
		Margin: ratelimit.DefaultMargin, DailyWrites: 100}
	d, err := store.Admit(ctx, key, time.Now(), a)
	if err != nil || !d.Admitted || d.Seq != 1 {
		t.Fatalf("Admit = %+v, %v", d, err)
	}
	if at := time.Since(d.At); at < -time.Second || at > time.Second {
		t.Errorf("admission time %s is not Redis's (this host's) clock", d.At)
	}
	inRedis, err := rdb.Keys(ctx, "*").Result()
	if err != nil || len(inRedis) != 3 {
		t.Fatalf("keys in Redis: %q, %v; want the state, the daily counters and the main log", inRedis, err)
	}
	for _, n := range inRedis {
		if strings.Contains(n, key) || strings.Contains(n, "secret") {
			t.Errorf("key name %q spells out the limit key", n)
		}
	}
	for _, k := range []string{stKey, names[2]} {
		if ttl := rdb.PTTL(ctx, k).Val(); ttl <= 59*time.Second || ttl > time.Minute {
			t.Errorf("TTL of %s: %s; want the idle TTL of 1m", k, ttl)
		}
	}
	now := time.Now().UTC()
	endOfDay := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.UTC)
	if ttl, want := rdb.PTTL(ctx, dayKey).Val(), time.Until(endOfDay)+time.Hour; ttl < want-5*time.Second || ttl > want+time.Second {
		t.Errorf("daily TTL %s; want about %s (an hour past midnight UTC)", ttl, want)
	}
	h := rdb.HGetAll(ctx, dayKey).Val()
	if h["w"] != "1" || h["t"] != "5" || h["d"] != strconv.FormatInt(now.Unix()/86400, 10) {
		t.Errorf("daily hash %v", h)
	}

	// Another prefix is another budget.
	other, _ := redisstore.New(rdb, redisstore.WithPrefix("other:"))
	if _, known, err := other.State(ctx, key, time.Now()); known || err != nil {
		t.Errorf("another prefix knows the key (%v, %v)", known, err)
	}
	if _, known, err := store.State(ctx, "api_token:unknown", time.Now()); known || err != nil {
		t.Errorf("unknown key: %v, %v", known, err)
	}
}

// TestLimiterWithFakeClock drives a Limiter on the Redis store with a fake
// clock (WithCallerClock): the window holds, a 429 blocks the key, and
// the daily write budget refuses at once with ErrDailyWriteLimit.
func TestLimiterWithFakeClock(t *testing.T) {
	rds := startRedis(t)
	store, err := redisstore.New(rds.client(t), redisstore.WithPrefix("fake:"), redisstore.WithCallerClock())
	if err != nil {
		t.Fatal(err)
	}
	clk := ratelimittest.NewClock(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
	l, err := ratelimit.New(ratelimit.WithStore(store), ratelimit.WithClock(clk), ratelimit.WithLimit(5),
		ratelimit.WithDailyWriteLimit(7))
	if err != nil {
		t.Fatal(err)
	}
	r := ratelimit.Request{Key: "api_token:fake", Kind: auth.KindAPIToken, Class: ratelimit.Read, Method: "GET", Cost: 1}
	ctx := context.Background()
	for i := range 5 {
		if _, err := l.Admit(ctx, r); err != nil {
			t.Fatalf("admission %d: %v", i, err)
		}
	}
	// The sixth waits for the first slot: 2 s + the margin.
	done := make(chan error, 1)
	go func() { _, err := l.Admit(ctx, r); done <- err }()
	clk.WaitPending(1)
	clk.Advance(ratelimit.Window + ratelimit.DefaultMargin - time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("admitted before the slot freed: %v", err)
	case <-time.After(20 * time.Millisecond):
	}
	clk.Advance(time.Millisecond)
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	w := r
	w.Class, w.Method = ratelimit.Write, "POST"
	clk.Advance(time.Minute)
	for i := range 7 {
		tk, err := l.Admit(ctx, w)
		if err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
		l.Observe(w, tk, 201, nil)
		clk.Advance(time.Second)
	}
	_, err = l.Admit(ctx, w)
	var be *ratelimit.BudgetError
	if !errors.Is(err, ratelimit.ErrDailyWriteLimit) || !errors.As(err, &be) || be.Used != 7 || be.Limit != 7 ||
		!be.ResetAt.Equal(time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("eighth write: %v (%+v)", err, be)
	}
	st, err := l.State(ctx, r.Key)
	if err != nil || st.DailyWritesUsed != 7 || st.DailyWritesLeft != 0 || st.LastStatus != 201 {
		t.Fatalf("state %+v, %v", st, err)
	}
}
