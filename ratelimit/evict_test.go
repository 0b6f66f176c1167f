package ratelimit_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/ratelimit/ratelimittest"
)

func manyKeys(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = auth.HashKey("oauth", fmt.Sprintf("token-%d", i))
	}
	return keys
}

func TestIdleKeysEvicted(t *testing.T) {
	clk := ratelimittest.NewClock(t0)
	store := ratelimit.NewMemoryStore(time.Minute)
	l := newLimiter(t, clk, ratelimit.WithStore(store), ratelimit.WithIdleTTL(time.Minute))
	keys := manyKeys(1000)
	for i, k := range keys {
		r := ratelimit.Request{Key: k, Kind: auth.KindOAuth, Class: ratelimit.Read}
		if i%2 == 0 {
			r.Cost = 2 // spends tokens today: remembered until midnight
		}
		mustAdmit(t, l, r)
	}
	if store.Len() != 1000 {
		t.Fatalf("held %d keys, want 1000", store.Len())
	}
	// A key in use is never evicted, however long the others idle.
	busy := ratelimit.Request{Key: "busy", Kind: auth.KindOAuth}
	for range 12 {
		clk.Advance(15 * time.Second)
		mustAdmit(t, l, busy)
	}
	if got := store.Len(); got != 501 {
		t.Fatalf("after 3 idle minutes: %d keys, want the 500 with daily counts and the busy one", got)
	}
	if st, _ := l.State(context.Background(), keys[1]); st.Known {
		t.Fatal("an evicted key still reports state")
	}
	if st, _ := l.State(context.Background(), keys[0]); !st.Known || st.TokensSpent != 2 {
		t.Fatalf("a key with daily counts was lost: %+v", st)
	}
	clk.Set(midnight.Add(2 * time.Minute))
	mustAdmit(t, l, busy)
	clk.Advance(15 * time.Second)
	mustAdmit(t, l, busy)
	if got := store.Len(); got != 1 {
		t.Fatalf("after midnight: %d keys, want 1", got)
	}
}

func TestIdleKeyMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("measures the heap")
	}
	const n = 10_000
	per := idleKeyBytes(t, n)
	t.Logf("%d idle keys: %.0f bytes each", n, per)
	if per > 2048 {
		t.Fatalf("an idle key costs %.0f bytes, want at most 2 KiB", per)
	}
}

// idleKeyBytes returns the heap cost per key of n keys that each made a
// few requests (a read, a write, a search, on the top OAuth plan) and then
// went idle past the window.
func idleKeyBytes(t testing.TB, n int) float64 {
	keys := manyKeys(n)
	clk := ratelimittest.NewClock(t0)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	l := newLimiter(t, clk)
	for _, k := range keys {
		for _, c := range []ratelimit.Class{ratelimit.Read, ratelimit.Write, ratelimit.Search, ratelimit.Read} {
			r := ratelimit.Request{Key: k, Kind: auth.KindOAuth, Plan: ratelimit.Ultimate, Class: c, Cost: 10}
			mustAdmitTB(t, l, r)
		}
	}
	// Idle past the window and a sweep.
	clk.Advance(time.Minute)
	mustAdmitTB(t, l, ratelimit.Request{Key: keys[0], Kind: auth.KindOAuth})
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(l)
	runtime.KeepAlive(keys)
	keyBytes := 0
	for _, k := range keys {
		keyBytes += len(k) + 16
	}
	return (float64(after.HeapAlloc) - float64(before.HeapAlloc) - float64(keyBytes)) / float64(n)
}

func mustAdmitTB(t testing.TB, l *ratelimit.Limiter, r ratelimit.Request) {
	t.Helper()
	if _, err := l.Admit(context.Background(), r); err != nil {
		t.Fatalf("Admit: %v", err)
	}
}
