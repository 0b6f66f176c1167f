package ratelimit_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/ratelimit/ratelimittest"
)

var midnight = time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC) // the midnight after t0

func TestDailyWriteLimit(t *testing.T) {
	clk := ratelimittest.NewClock(t0)
	l := newLimiter(t, clk, ratelimit.WithDailyWriteLimit(3), ratelimit.WithLimit(100))
	w := req(ratelimit.Write)
	for range 3 {
		mustAdmit(t, l, w)
	}
	before, _ := l.State(context.Background(), testKey)
	_, err := l.Admit(context.Background(), w)
	if !errors.Is(err, ratelimit.ErrDailyWriteLimit) {
		t.Fatalf("4th write: %v, want ErrDailyWriteLimit", err)
	}
	var be *ratelimit.BudgetError
	if !errors.As(err, &be) || be.Limit != 3 || be.Used != 3 || !be.ResetAt.Equal(midnight) {
		t.Fatalf("budget error: %+v", be)
	}
	if errors.Is(err, ratelimit.ErrTokenBudget) {
		t.Fatal("a write-limit error matched ErrTokenBudget")
	}
	after, _ := l.State(context.Background(), testKey)
	if after.LastSeq != before.LastSeq || after.InWindow != before.InWindow {
		t.Fatal("a refused write took a slot")
	}
	// Reads and searches are unaffected.
	mustAdmit(t, l, req(ratelimit.Read))
	mustAdmit(t, l, req(ratelimit.Search))

	// The budget comes back exactly at midnight UTC.
	clk.Set(midnight.Add(-time.Nanosecond))
	if _, err := l.Admit(context.Background(), w); !errors.Is(err, ratelimit.ErrDailyWriteLimit) {
		t.Fatalf("1ns before midnight: %v", err)
	}
	clk.Set(midnight)
	mustAdmit(t, l, w)
	if st, _ := l.State(context.Background(), testKey); st.DailyWritesUsed != 1 || st.DailyWritesLeft != 2 {
		t.Fatalf("after midnight: used %d left %d", st.DailyWritesUsed, st.DailyWritesLeft)
	}
}

func TestDailyRequestsLeftHeader(t *testing.T) {
	clk := ratelimittest.NewClock(t0)
	l := newLimiter(t, clk)
	w := req(ratelimit.Write)
	tk := mustAdmit(t, l, w)
	// Lower than local (others wrote too): the server wins.
	l.Observe(w, tk, 201, headers("x-daily-requests-left", "2"))
	st, _ := l.State(context.Background(), testKey)
	if st.DailyWritesLeft != 2 || st.DailyWritesUsed != 9998 {
		t.Fatalf("after a lower server figure: %+v", st)
	}
	// Higher than local (a stale response): ignored.
	l.Observe(w, tk, 201, headers("x-daily-requests-left", "500"))
	if st, _ := l.State(context.Background(), testKey); st.DailyWritesLeft != 2 {
		t.Fatalf("a higher server figure was taken: %d", st.DailyWritesLeft)
	}
	mustAdmit(t, l, w)
	mustAdmit(t, l, w)
	if _, err := l.Admit(context.Background(), w); !errors.Is(err, ratelimit.ErrDailyWriteLimit) {
		t.Fatalf("after the synced budget ran out: %v", err)
	}
	// A response to a request admitted yesterday does not touch today.
	clk.Set(midnight)
	l.Observe(w, tk, 201, headers("x-daily-requests-left", "0"))
	if st, _ := l.State(context.Background(), testKey); st.DailyWritesUsed != 0 {
		t.Fatalf("yesterday's header changed today's count: %d", st.DailyWritesUsed)
	}
}

func TestWaitForDailyReset(t *testing.T) {
	clk := ratelimittest.NewClock(midnight.Add(-time.Minute))
	l := newLimiter(t, clk, ratelimit.WithDailyWriteLimit(1), ratelimit.WithWaitForDailyReset(true))
	w := req(ratelimit.Write)
	mustAdmit(t, l, w)

	// A deadline before midnight: refused at once, saying how long.
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(30*time.Second))
	defer cancel()
	_, err := l.Admit(ctx, w)
	var we *ratelimit.WaitError
	if !errors.As(err, &we) || !errors.Is(err, ratelimit.ErrDailyWriteLimit) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("with a short deadline: %v", err)
	}
	if we.Wait != time.Minute {
		t.Fatalf("would have waited %v, want 1m", we.Wait)
	}

	// Without a deadline the write waits until midnight, and a read is not
	// held up meanwhile.
	done := make(chan ratelimit.Ticket)
	go func() { done <- mustAdmit(t, l, w) }()
	clk.WaitPending(1)
	mustAdmit(t, l, req(ratelimit.Read))
	clk.AdvanceToNext()
	if tk := <-done; !tk.Admitted.Equal(midnight) {
		t.Fatalf("write admitted at %v, want midnight", tk.Admitted)
	}
}

func TestTokenBudget(t *testing.T) {
	t.Run("configured", func(t *testing.T) {
		clk := ratelimittest.NewClock(t0)
		l := newLimiter(t, clk, ratelimit.WithDailyTokenBudget(25), ratelimit.WithLimit(100))
		r := req(ratelimit.Read)
		r.Cost = 10
		mustAdmit(t, l, r)
		mustAdmit(t, l, r)
		_, err := l.Admit(context.Background(), r)
		var be *ratelimit.BudgetError
		if !errors.Is(err, ratelimit.ErrTokenBudget) || !errors.As(err, &be) || be.Used != 20 || be.Limit != 25 || be.Cost != 10 {
			t.Fatalf("third call: %v", err)
		}
		if errors.Is(err, ratelimit.ErrDailyWriteLimit) {
			t.Fatal("token error matched ErrDailyWriteLimit")
		}
		r.Cost = 5 // a cheaper call still fits
		mustAdmit(t, l, r)
		clk.Set(midnight)
		r.Cost = 10
		mustAdmit(t, l, r)
	})
	t.Run("per request", func(t *testing.T) {
		clk := ratelimittest.NewClock(t0)
		l := newLimiter(t, clk)
		r := req(ratelimit.Read)
		r.Cost, r.TokenBudget = 20, 30
		mustAdmit(t, l, r)
		if _, err := l.Admit(context.Background(), r); !errors.Is(err, ratelimit.ErrTokenBudget) {
			t.Fatalf("over the per-request budget: %v", err)
		}
	})
	t.Run("from server headers", func(t *testing.T) {
		clk := ratelimittest.NewClock(t0)
		l := newLimiter(t, clk) // no budget configured: unknown
		r := req(ratelimit.Read)
		r.Cost = 10
		tk := mustAdmit(t, l, r)
		l.Observe(r, tk, 200, headers("x-daily-ratelimit-token-limit", "1000", "x-daily-ratelimit-token-remaining", "15"))
		st, _ := l.State(context.Background(), testKey)
		if st.TokenBudget != 1000 || st.TokensSpent != 985 {
			t.Fatalf("state: budget %d spent %d", st.TokenBudget, st.TokensSpent)
		}
		mustAdmit(t, l, r)
		if _, err := l.Admit(context.Background(), r); !errors.Is(err, ratelimit.ErrTokenBudget) {
			t.Fatalf("over the server's budget: %v", err)
		}
	})
	t.Run("formula", func(t *testing.T) {
		for _, tc := range []struct {
			plan  ratelimit.Plan
			seats int
			want  int64
			ok    bool
		}{
			{ratelimit.Lite, 1, 30_000, true},
			{ratelimit.Growth, 3, 180_000, true},
			{ratelimit.Premium, 2, 300_000, true},
			{ratelimit.Ultimate, 10, 2_100_000, true},
			{ratelimit.Professional, 1, 0, false},
			{ratelimit.PlanUnknown, 1, 0, false},
			{ratelimit.Growth, 0, 0, false},
		} {
			got, err := ratelimit.DailyTokenBudget(tc.plan, tc.seats)
			if got != tc.want || (err == nil) != tc.ok {
				t.Errorf("DailyTokenBudget(%v, %d) = %d, %v", tc.plan, tc.seats, got, err)
			}
		}
	})
}

func TestDeadlineAndCancel(t *testing.T) {
	clk := ratelimittest.NewClock(t0)
	l := newLimiter(t, clk, ratelimit.WithLimit(1), ratelimit.WithMargin(0))
	r := req(ratelimit.Read)
	mustAdmit(t, l, r)
	clk.Advance(500 * time.Millisecond)

	// Deadline shorter than the 1.5 s wait: refused at once, saying how long.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, err := l.Admit(ctx, r)
	var we *ratelimit.WaitError
	if !errors.As(err, &we) || we.Wait != 1500*time.Millisecond || we.Reason != ratelimit.ReasonWindow {
		t.Fatalf("got %v, want a WaitError of 1.5s", err)
	}
	if !errors.Is(err, ratelimit.ErrWaitExceedsDeadline) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("%v does not match the sentinels", err)
	}

	// Queue three waiters; cancel the head and the middle one; the last
	// one is still admitted, at the first free slot.
	type res struct {
		tk  ratelimit.Ticket
		err error
	}
	ctxs := make([]context.CancelFunc, 3)
	out := make([]chan res, 3)
	for i := range 3 {
		c, cf := context.WithCancel(context.Background())
		ctxs[i], out[i] = cf, make(chan res, 1)
		go func() {
			tk, err := l.Admit(c, r)
			out[i] <- res{tk, err}
		}()
		settle(t, func() bool {
			st, _ := l.State(context.Background(), testKey)
			return st.Waiting == i+1
		})
	}
	ctxs[1]()
	if got := <-out[1]; !errors.Is(got.err, context.Canceled) {
		t.Fatalf("cancelled middle waiter: %v", got.err)
	}
	ctxs[0]()
	if got := <-out[0]; !errors.Is(got.err, context.Canceled) {
		t.Fatalf("cancelled head: %v", got.err)
	}
	clk.WaitPending(1)
	clk.AdvanceToNext()
	got := <-out[2]
	if got.err != nil || !got.tk.Admitted.Equal(t0.Add(2*time.Second)) {
		t.Fatalf("last waiter: %+v", got)
	}
	ctxs[2]()
	if st, _ := l.State(context.Background(), testKey); st.Waiting != 0 || st.LastSeq != 2 {
		t.Fatalf("after: waiting %d, last seq %d", st.Waiting, st.LastSeq)
	}
	// An already-cancelled context admits nothing.
	c, cf := context.WithCancel(context.Background())
	cf()
	if _, err := l.Admit(c, r); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled context: %v", err)
	}
}

func TestQueuedDeadlineEstimate(t *testing.T) {
	clk := ratelimittest.NewClock(t0)
	l := newLimiter(t, clk, ratelimit.WithLimit(2), ratelimit.WithMargin(0))
	r := req(ratelimit.Read)
	mustAdmit(t, l, r)
	mustAdmit(t, l, r)
	// Two waiters queue for the slots that free at 2 s; a third request
	// cannot be admitted before 4 s, so a 3 s deadline fails at once.
	for i := range 2 {
		go func() { _, _ = l.Admit(context.Background(), r) }()
		settle(t, func() bool {
			st, _ := l.State(context.Background(), testKey)
			return st.Waiting == i+1
		})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_, err := l.Admit(ctx, r)
	var we *ratelimit.WaitError
	if !errors.As(err, &we) || we.Wait < 2*time.Second {
		t.Fatalf("third waiter: %v, want a WaitError of at least 2s", err)
	}
	clk.WaitPending(1)
	clk.AdvanceToNext()
	settle(t, func() bool {
		st, _ := l.State(context.Background(), testKey)
		return st.Waiting == 0
	})
}

func TestObserveIgnoresNonRateStatuses(t *testing.T) {
	clk := ratelimittest.NewClock(t0)
	l := newLimiter(t, clk)
	w := req(ratelimit.Write)
	tk := mustAdmit(t, l, w)
	// A 500 to a write: the outcome is unknown, so the daily slot stays spent.
	l.Observe(w, tk, http.StatusInternalServerError, nil)
	if st, _ := l.State(context.Background(), testKey); st.DailyWritesUsed != 1 || !st.BlockedUntil.IsZero() {
		t.Fatalf("after a 500: %+v", st)
	}
}
