package ratelimit_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/ratelimit/ratelimittest"
)

// maxInSpan returns the largest number of times within any half-open span
// [t, t+span).
func maxInSpan(times []time.Time, span time.Duration) int {
	s := slices.Clone(times)
	slices.SortFunc(s, func(a, b time.Time) int { return a.Compare(b) })
	best, lo := 0, 0
	for hi := range s {
		for s[hi].Sub(s[lo]) >= span {
			lo++
		}
		best = max(best, hi-lo+1)
	}
	return best
}

// runSaturated has g goroutines each admit n requests of class c under l,
// driving the fake clock from timer to timer, and returns the admission
// times (by the fake clock).
func runSaturated(t *testing.T, l *ratelimit.Limiter, clk *ratelimittest.Clock, g, n int, r ratelimit.Request) []time.Time {
	t.Helper()
	var (
		mu    sync.Mutex
		times []time.Time
		done  atomic.Int64
		wg    sync.WaitGroup
	)
	for range g {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer done.Add(1)
			for range n {
				tk, err := l.Admit(context.Background(), r)
				if err != nil {
					t.Errorf("Admit: %v", err)
					return
				}
				if now := clk.Now(); !tk.Admitted.Equal(now) {
					t.Errorf("ticket time %v, clock %v", tk.Admitted, now)
				}
				mu.Lock()
				times = append(times, tk.Admitted)
				mu.Unlock()
			}
		}()
	}
	for done.Load() < int64(g) {
		// Settled: every live goroutine is queued, and the head sleeps
		// on a timer.
		settle(t, func() bool {
			st, _ := l.State(context.Background(), r.Key)
			live := g - int(done.Load())
			return live == 0 || (st.Waiting == live && clk.Pending() == 1)
		})
		if done.Load() == int64(g) {
			break
		}
		clk.AdvanceToNext()
	}
	wg.Wait()
	return times
}

func TestWindowExactUnder64Goroutines(t *testing.T) {
	for _, tc := range []struct {
		name   string
		kind   auth.Kind
		plan   ratelimit.Plan
		margin time.Duration
		n      int
	}{
		{"api token lowest plan, no margin", auth.KindAPIToken, ratelimit.PlanUnknown, 0, 20},
		{"api token growth, default margin", auth.KindAPIToken, ratelimit.Growth, ratelimit.DefaultMargin, 40},
		{"oauth lite, no margin", auth.KindOAuth, ratelimit.Lite, 0, 80},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := ratelimittest.NewClock(t0)
			l := newLimiter(t, clk, ratelimit.WithMargin(tc.margin))
			r := req(ratelimit.Read)
			r.Kind, r.Plan = tc.kind, tc.plan
			const g, per = 64, 10
			times := runSaturated(t, l, clk, g, per, r)
			if len(times) != g*per {
				t.Fatalf("admitted %d, want %d", len(times), g*per)
			}
			if got := maxInSpan(times, 2*time.Second); got > tc.n {
				t.Fatalf("%d admissions within 2 s, limit %d", got, tc.n)
			}
			if got := maxInSpan(times, ratelimit.Window+tc.margin); got > tc.n {
				t.Fatalf("%d admissions within the window plus margin, limit %d", got, tc.n)
			}
			// Exact, not merely safe: N admissions every (2 s + margin).
			slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
			span := ratelimit.Window + tc.margin
			for i, at := range times {
				want := t0.Add(time.Duration(i/tc.n) * span)
				if !at.Equal(want) {
					t.Fatalf("admission %d at %v, want %v", i, at.Sub(t0), want.Sub(t0))
				}
			}
		})
	}
}

func TestFIFO(t *testing.T) {
	clk := ratelimittest.NewClock(t0)
	l := newLimiter(t, clk, ratelimit.WithMargin(0), ratelimit.WithLimit(2))
	r := req(ratelimit.Read)
	mustAdmit(t, l, r)
	clk.Advance(500 * time.Millisecond)
	mustAdmit(t, l, r)

	const n = 12
	seqs := make([]uint64, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tk, err := l.Admit(context.Background(), r)
			if err != nil {
				t.Errorf("Admit %d: %v", i, err)
			}
			seqs[i] = tk.Seq
		}()
		// Enqueue one at a time so that arrival order is known.
		settle(t, func() bool {
			st, _ := l.State(context.Background(), r.Key)
			return st.Waiting == i+1
		})
	}
	for range n {
		clk.WaitPending(1)
		clk.AdvanceToNext()
	}
	wg.Wait()
	for i, seq := range seqs {
		// Two admissions happened before the queue formed.
		if want := uint64(i + 3); seq != want {
			t.Fatalf("waiter #%d got admission %d, want %d: not first come, first served (%v)", i, seq, want, seqs)
		}
	}
}

func TestLimitFromHeadersMidRun(t *testing.T) {
	clk := ratelimittest.NewClock(t0)
	l := newLimiter(t, clk, ratelimit.WithMargin(0))
	r := req(ratelimit.Read)

	// Lowest API-token plan until told: 20.
	var tks []ratelimit.Ticket
	for {
		tk, err := tryAdmit(l, r)
		if err != nil {
			break
		}
		tks = append(tks, tk)
	}
	if len(tks) != 20 {
		t.Fatalf("admitted %d before any header, want 20", len(tks))
	}
	// The responses reveal that the plan allows 80, all of them unused
	// by others.
	clk.Advance(10 * time.Millisecond)
	for i := range tks {
		l.Observe(r, tks[i], 200, headers("x-ratelimit-limit", "80", "x-ratelimit-remaining", itoa(79-i), "x-ratelimit-reset", "2"))
	}
	more := 0
	for {
		if _, err := tryAdmit(l, r); err != nil {
			break
		}
		more++
	}
	// 80 - 20, less the reserve kept free while the limiter has just
	// begun to hear from the server.
	if want := 60 - ratelimit.DefaultReserve; more != want {
		t.Fatalf("admitted %d more after limit 80 was revealed, want %d", more, want)
	}
	st, _ := l.State(context.Background(), r.Key)
	if st.Limit != 80 || !st.LimitLearned || st.InWindow != 80-ratelimit.DefaultReserve || st.Remaining != ratelimit.DefaultReserve {
		t.Fatalf("state after raise: %+v", st)
	}

	// Next window: the server lowers the limit to 10.
	clk.Advance(2100 * time.Millisecond)
	tk := mustAdmit(t, l, r)
	clk.Advance(10 * time.Millisecond)
	l.Observe(r, tk, 200, headers("x-ratelimit-limit", "10", "x-ratelimit-remaining", "9", "x-ratelimit-reset", "2"))
	more = 0
	for {
		if _, err := tryAdmit(l, r); err != nil {
			break
		}
		more++
	}
	// 10 - 1: the server's counts have shown for a window that nobody
	// else spends it, so no reserve is kept.
	if more != 9 {
		t.Fatalf("admitted %d more after the limit was lowered to 10, want 9", more)
	}
}

func TestPlanOnRequestAndOptions(t *testing.T) {
	cases := []struct {
		name string
		opts []ratelimit.Option
		kind auth.Kind
		plan ratelimit.Plan
		want int
	}{
		{"api token default", nil, auth.KindAPIToken, 0, 20},
		{"oauth default", nil, auth.KindOAuth, 0, 80},
		{"request plan", nil, auth.KindAPIToken, ratelimit.Professional, 80},
		{"request plan oauth", nil, auth.KindOAuth, ratelimit.Ultimate, 480},
		{"limiter plan", []ratelimit.Option{ratelimit.WithPlan(ratelimit.Growth)}, auth.KindAPIToken, 0, 40},
		{"request plan beats limiter plan", []ratelimit.Option{ratelimit.WithPlan(ratelimit.Growth)}, auth.KindAPIToken, ratelimit.Premium, 100},
		{"limiter limit", []ratelimit.Option{ratelimit.WithLimit(7)}, auth.KindOAuth, 0, 7},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clk := ratelimittest.NewClock(t0)
			l := newLimiter(t, clk, tc.opts...)
			r := req(ratelimit.Read)
			r.Kind, r.Plan = tc.kind, tc.plan
			n := 0
			for ; n < 1000; n++ {
				if _, err := tryAdmit(l, r); err != nil {
					var we *ratelimit.WaitError
					if !errors.As(err, &we) || we.Reason != ratelimit.ReasonWindow {
						t.Fatalf("unexpected refusal: %v", err)
					}
					break
				}
			}
			if n != tc.want {
				t.Fatalf("admitted %d in one window, want %d", n, tc.want)
			}
		})
	}
}

func TestSearchWindow(t *testing.T) {
	clk := ratelimittest.NewClock(t0)
	l := newLimiter(t, clk, ratelimit.WithMargin(0), ratelimit.WithPlan(ratelimit.Growth))
	s := req(ratelimit.Search)
	for i := range 10 {
		if _, err := tryAdmit(l, s); err != nil {
			t.Fatalf("search %d: %v", i, err)
		}
	}
	_, err := tryAdmit(l, s)
	var we *ratelimit.WaitError
	if !errors.As(err, &we) || we.Reason != ratelimit.ReasonSearch || we.Wait != 2*time.Second {
		t.Fatalf("11th search: %v, want a 2 s wait for the search window", err)
	}
	// Searches took main-window slots too: 30 reads left of 40.
	reads := 0
	for {
		if _, err := tryAdmit(l, req(ratelimit.Read)); err != nil {
			break
		}
		reads++
	}
	if reads != 30 {
		t.Fatalf("reads after 10 searches: %d, want 30", reads)
	}
	st, _ := l.State(context.Background(), testKey)
	if st.SearchInWindow != 10 || st.SearchRemaining != 0 || st.InWindow != 40 {
		t.Fatalf("state: %+v", st)
	}
}

func TestSearchHeadersApplyToSearchWindow(t *testing.T) {
	clk := ratelimittest.NewClock(t0)
	l := newLimiter(t, clk, ratelimit.WithMargin(0), ratelimit.WithPlan(ratelimit.Growth))
	s := req(ratelimit.Search)
	tk := mustAdmit(t, l, s)
	// The search response reports the search window (10) with 4 left:
	// others spent 5 search slots.
	l.Observe(s, tk, 200, headers("x-ratelimit-limit", "10", "x-ratelimit-remaining", "4", "x-ratelimit-reset", "2"))
	st, _ := l.State(context.Background(), testKey)
	if st.Limit != 40 || st.LimitLearned {
		t.Fatalf("a search response changed the main window: %+v", st)
	}
	n := 0
	for {
		if _, err := tryAdmit(l, s); err != nil {
			break
		}
		n++
	}
	// 10 - 1 ours - 5 others - the reserve kept while others are active
	// (at most half the window).
	if want := max(0, 4-min(ratelimit.DefaultReserve, 5)); n != want {
		t.Fatalf("searches admitted after the report: %d, want %d", n, want)
	}
}

// Admit and State with a nil context return an error instead of panicking
// (the Limiter is public: programs may pace other work with it).
func TestNilContext(t *testing.T) {
	l := newLimiter(t, ratelimittest.NewClock(t0))
	//lint:ignore SA1012 a nil context is the point of the test
	if _, err := l.Admit(nil, req(ratelimit.Read)); err == nil {
		t.Error("Admit(nil ctx) succeeded")
	}
	//lint:ignore SA1012 a nil context is the point of the test
	if _, err := l.State(nil, testKey); err == nil {
		t.Error("State(nil ctx) succeeded")
	}
}
