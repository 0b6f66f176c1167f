package ratelimittest

import (
	"context"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// keyT0 is when TestKeyedBudgets's requests are made (a weekday morning,
// UTC: no daily reset within the test).
var keyT0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// TestKeyedBudgets checks that a ratelimit.Store keeps the daily write
// count under Attempt.UserKey and the token budget under
// Attempt.CompanyKey, as Pipedrive keeps them: every key of one user
// shares 10,000 writes, every key of one company one token budget, other
// companies have their own, and the server's headers on one key update
// what the others see. The 2-second window stays per key. newStore returns
// an empty store each time it is called; the store is given its times by
// the caller (a Redis store needs redisstore.WithCallerClock).
//
// The SDK's stores run it; so can a Store of your own.
func TestKeyedBudgets(t *testing.T, newStore func(t *testing.T) ratelimit.Store) {
	ctx := context.Background()
	base := ratelimit.Attempt{Limit: 40, SearchLimit: ratelimit.SearchLimit, Window: ratelimit.Window,
		DailyWrites: ratelimit.DefaultDailyWriteLimit}
	at := func(a ratelimit.Attempt, class ratelimit.Class, cost int64, user, company string) ratelimit.Attempt {
		a.Class, a.Cost, a.UserKey, a.CompanyKey = class, cost, user, company
		return a
	}
	const keyA, keyB, keyC = "oauth:aaaa", "oauth:bbbb", "oauth:cccc"

	t.Run("two keys of one user share the daily writes", func(t *testing.T) {
		s := newStore(t)
		now := keyT0
		admit := func(key string) ratelimit.Decision {
			t.Helper()
			d, err := s.Admit(ctx, key, now, at(base, ratelimit.Write, 0, "user:7", "company:1"))
			if err != nil {
				t.Fatal(err)
			}
			now = now.Add(time.Second) // one write a second: the window never holds more than 2
			return d
		}
		for i := range ratelimit.DefaultDailyWriteLimit {
			key := keyA
			if i%2 == 1 {
				key = keyB
			}
			if d := admit(key); !d.Admitted {
				t.Fatalf("write %d on %s: %+v", i+1, key, d)
			}
		}
		for _, key := range []string{keyA, keyB} {
			if d := admit(key); d.Admitted || !d.Refused || d.Reason != ratelimit.ReasonDailyWrites || d.Used != 10_000 {
				t.Fatalf("write 10,001 on %s: %+v, want refused for the user's daily writes", key, d)
			}
		}
		// Another user of the same company has a budget of its own.
		if d, err := s.Admit(ctx, keyC, now, at(base, ratelimit.Write, 0, "user:8", "company:1")); err != nil || !d.Admitted {
			t.Fatalf("a write of another user: %+v %v", d, err)
		}
		for _, key := range []string{keyA, keyB} {
			st, ok, err := s.State(ctx, key, now)
			if err != nil || !ok || st.DailyWritesUsed != 10_000 || st.DailyWritesLeft != 0 || st.InWindow > 2 {
				t.Fatalf("state of %s: %+v (%v %v)", key, st, ok, err)
			}
		}
	})

	t.Run("x-daily-requests-left on one key updates the user's count", func(t *testing.T) {
		s := newStore(t)
		d, err := s.Admit(ctx, keyA, keyT0, at(base, ratelimit.Write, 0, "user:7", ""))
		if err != nil || !d.Admitted {
			t.Fatal(d, err)
		}
		if _, err := s.Admit(ctx, keyB, keyT0, at(base, ratelimit.Read, 0, "user:7", "")); err != nil {
			t.Fatal(err)
		}
		h := ratelimit.NoHeaders
		h.DailyRequestsLeft = 100
		if err := s.Observe(ctx, keyA, keyT0.Add(50*time.Millisecond), ratelimit.Observation{Seq: d.Seq, Admitted: d.At,
			Class: ratelimit.Write, Status: 201, Headers: h, Window: ratelimit.Window, DailyWrites: 10_000, UserKey: "user:7"}); err != nil {
			t.Fatal(err)
		}
		st, _, err := s.State(ctx, keyB, keyT0.Add(60*time.Millisecond))
		if err != nil || st.DailyWritesUsed != 9_900 || st.DailyWritesLeft != 100 {
			t.Fatalf("the other key of the user: %+v (%v), want 9,900 used", st, err)
		}
		// The window is the key's own.
		if st.InWindow != 1 {
			t.Fatalf("the other key's window holds %d, want its own 1", st.InWindow)
		}
	})

	t.Run("two users of one company share the token budget, other companies do not", func(t *testing.T) {
		s := newStore(t)
		tb := base
		tb.TokenBudget = 1000
		if d, err := s.Admit(ctx, keyA, keyT0, at(tb, ratelimit.Read, 600, "user:7", "company:1")); err != nil || !d.Admitted {
			t.Fatal(d, err)
		}
		d, err := s.Admit(ctx, keyB, keyT0, at(tb, ratelimit.Read, 500, "user:8", "company:1"))
		if err != nil || d.Admitted || !d.Refused || d.Reason != ratelimit.ReasonTokens || d.Used != 600 || d.Limit != 1000 {
			t.Fatalf("500 tokens for another user of the company after 600 of 1000: %+v %v, want refused", d, err)
		}
		if d, err := s.Admit(ctx, keyB, keyT0, at(tb, ratelimit.Read, 400, "user:8", "company:1")); err != nil || !d.Admitted {
			t.Fatalf("400 tokens, the rest of the company's budget: %+v %v", d, err)
		}
		if d, err := s.Admit(ctx, keyC, keyT0, at(tb, ratelimit.Read, 900, "user:9", "company:2")); err != nil || !d.Admitted {
			t.Fatalf("another company's first 900 tokens: %+v %v", d, err)
		}
		// The server's token headers on one key of the company update
		// what the others see.
		h := ratelimit.NoHeaders
		h.TokenLimit, h.TokenRemaining = 5000, 1000
		if err := s.Observe(ctx, keyA, keyT0.Add(50*time.Millisecond), ratelimit.Observation{Class: ratelimit.Read, Status: 200,
			Headers: h, Window: ratelimit.Window, TokenBudget: 1000, UserKey: "user:7", CompanyKey: "company:1"}); err != nil {
			t.Fatal(err)
		}
		now := keyT0.Add(60 * time.Millisecond)
		for key, want := range map[string][2]int64{keyA: {4000, 5000}, keyB: {4000, 5000}, keyC: {900, 1000}} {
			st, ok, err := s.State(ctx, key, now)
			if err != nil || !ok || st.TokensSpent != want[0] || st.TokenBudget != want[1] {
				t.Fatalf("state of %s: spent %d of %d (%v %v), want %d of %d", key, st.TokensSpent, st.TokenBudget, ok, err, want[0], want[1])
			}
		}
	})
}
