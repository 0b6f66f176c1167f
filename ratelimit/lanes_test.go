package ratelimit_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/ratelimit/ratelimittest"
)

// queued is one request of a lane test: its name, its lane, and whether
// it carries the lane in its context (else in Request.Priority).
type queued struct {
	name  string
	p     ratelimit.Priority
	byCtx bool
}

// laneFixture is a limiter of 2 per 2 s (no margin) whose window is
// full, so that every request admitted next has to queue.
func laneFixture(t *testing.T) (*ratelimit.Limiter, *ratelimittest.Clock) {
	t.Helper()
	clk := ratelimittest.NewClock(t0)
	l := newLimiter(t, clk, ratelimit.WithMargin(0), ratelimit.WithLimit(2))
	mustAdmit(t, l, req(ratelimit.Read))
	clk.Advance(500 * time.Millisecond)
	mustAdmit(t, l, req(ratelimit.Read))
	return l, clk
}

// enqueue starts Admit for each of qs, one at a time so that the arrival
// order is known, and returns a function that drives the fake clock until
// they all returned and gives their errors and admission sequence numbers
// by name.
func enqueue(t *testing.T, l *ratelimit.Limiter, clk *ratelimittest.Clock, ctxs map[string]context.Context, qs []queued) func() (map[string]uint64, map[string]error) {
	t.Helper()
	var (
		mu   sync.Mutex
		seqs = map[string]uint64{}
		errs = map[string]error{}
		wg   sync.WaitGroup
	)
	base := 0
	if st, _ := l.State(context.Background(), testKey); st.Waiting > 0 {
		base = st.Waiting
	}
	for i, q := range qs {
		ctx := context.Background()
		if c, ok := ctxs[q.name]; ok {
			ctx = c
		}
		r := req(ratelimit.Read)
		if q.byCtx {
			ctx = ratelimit.WithPriority(ctx, q.p)
		} else {
			r.Priority = q.p
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			tk, err := l.Admit(ctx, r)
			mu.Lock()
			seqs[q.name], errs[q.name] = tk.Seq, err
			mu.Unlock()
		}()
		settle(t, func() bool {
			st, _ := l.State(context.Background(), testKey)
			return st.Waiting == base+i+1
		})
	}
	return func() (map[string]uint64, map[string]error) {
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		for {
			// Once every live waiter is queued and the head sleeps on
			// the clock, move it to the head's wake-up.
			select {
			case <-done:
				return seqs, errs
			default:
			}
			mu.Lock()
			live := len(qs) - len(errs)
			mu.Unlock()
			st, _ := l.State(context.Background(), testKey)
			if live > 0 && st.Waiting == live+base && clk.Pending() == 1 {
				clk.AdvanceToNext()
			}
			time.Sleep(100 * time.Microsecond)
		}
	}
}

// order lists the admitted names by admission sequence.
func order(t *testing.T, seqs map[string]uint64, errs map[string]error) []string {
	t.Helper()
	var names []string
	for n, err := range errs {
		if err == nil {
			names = append(names, n)
		}
	}
	slices.SortFunc(names, func(a, b string) int { return int(seqs[a]) - int(seqs[b]) })
	return names
}

func TestLanesOrder(t *testing.T) {
	B, I, N := ratelimit.Background, ratelimit.Interactive, ratelimit.Normal
	for _, tc := range []struct {
		name string
		qs   []queued
		want string
	}{
		{
			name: "interactive ahead of queued background",
			qs:   []queued{{"b1", B, false}, {"b2", B, false}, {"b3", B, true}, {"i1", I, false}, {"i2", I, true}},
			// b1 is the head when the interactive calls arrive: it is not
			// overtaken, every background call behind it is.
			want: "b1 i1 i2 b2 b3",
		},
		{
			name: "background keeps one in every four under a flood",
			qs: []queued{{"b1", B, false}, {"b2", B, false}, {"b3", B, false},
				{"i1", I, false}, {"i2", I, false}, {"i3", I, false}, {"i4", I, false},
				{"i5", I, false}, {"i6", I, false}, {"i7", I, false}, {"i8", I, false}},
			want: "b1 i1 i2 i3 b2 i4 i5 i6 b3 i7 i8",
		},
		{
			name: "three lanes, each lower lane owed its turn",
			qs: []queued{{"n1", N, false}, {"b1", B, false}, {"n2", N, false}, {"b2", B, false},
				{"i1", I, true}, {"i2", I, true}, {"i3", I, true}, {"i4", I, true},
				{"i5", I, true}, {"i6", I, true}, {"i7", I, true}, {"i8", I, true}},
			// After i1..i3 both lower lanes are owed; the most passed over
			// (background, tie broken downwards) goes first, then normal
			// (passed over four times: MaxPassOver+1); b2 has been passed
			// over by n2, i4 and i5.
			want: "n1 i1 i2 i3 b1 n2 i4 i5 b2 i6 i7 i8",
		},
		{
			name: "normal ahead of background",
			qs:   []queued{{"b1", B, true}, {"b2", B, true}, {"n1", N, false}, {"n2", N, false}},
			want: "b1 n1 n2 b2",
		},
		{
			name: "one lane is first come, first served",
			qs:   []queued{{"i1", I, false}, {"i2", I, true}, {"i3", I, false}, {"i4", I, true}},
			want: "i1 i2 i3 i4",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, clk := laneFixture(t)
			seqs, errs := enqueue(t, l, clk, nil, tc.qs)()
			for n, err := range errs {
				if err != nil {
					t.Fatalf("%s: %v", n, err)
				}
			}
			if got := strings.Join(order(t, seqs, errs), " "); got != tc.want {
				t.Fatalf("admitted %s, want %s", got, tc.want)
			}
		})
	}
}

// TestLanesCancel cancels waiters of either lane, the head among them:
// each gets its context's error, leaves nothing behind, and the others
// keep their lane order.
func TestLanesCancel(t *testing.T) {
	B, I := ratelimit.Background, ratelimit.Interactive
	l, clk := laneFixture(t)
	ctxs := map[string]context.Context{}
	cancels := map[string]context.CancelFunc{}
	for _, n := range []string{"b1", "b2", "i1"} {
		ctxs[n], cancels[n] = context.WithCancel(context.Background())
	}
	wait := enqueue(t, l, clk, ctxs, []queued{{"b1", B, false}, {"b2", B, false}, {"b3", B, true},
		{"i1", I, false}, {"i2", I, true}, {"i3", I, false}})
	// A waiter of each lane behind the head, then the head itself.
	cancels["b2"]()
	cancels["i1"]()
	settle(t, func() bool { st, _ := l.State(context.Background(), testKey); return st.Waiting == 4 })
	cancels["b1"]()
	settle(t, func() bool { st, _ := l.State(context.Background(), testKey); return st.Waiting == 3 })
	seqs, errs := wait()
	for _, n := range []string{"b1", "b2", "i1"} {
		if !errors.Is(errs[n], context.Canceled) {
			t.Fatalf("%s: got %v, want context.Canceled", n, errs[n])
		}
	}
	if got := strings.Join(order(t, seqs, errs), " "); got != "i2 i3 b3" {
		t.Fatalf("admitted %s, want i2 i3 b3", got)
	}
	st, _ := l.State(context.Background(), testKey)
	if st.Waiting != 0 || st.LastSeq != 5 {
		t.Fatalf("after: waiting %d, last seq %d; want 0 and 5", st.Waiting, st.LastSeq)
	}
}

// TestLanesUnderLoad runs background and interactive goroutines against
// one key until 400 admissions: never more than N in any window, and
// while both lanes wait, background gets at least one admission in every
// MaxPassOver+1.
func TestLanesUnderLoad(t *testing.T) {
	const n, total, perLane = 10, 400, 8
	type admission struct {
		seq uint64
		at  time.Time
		p   ratelimit.Priority
	}
	clk := ratelimittest.NewClock(t0)
	l := newLimiter(t, clk, ratelimit.WithMargin(0), ratelimit.WithLimit(n))
	var (
		mu       sync.Mutex
		got      []admission
		admitted atomic.Int64
		live     atomic.Int64
		stop     = make(chan struct{})
		wg       sync.WaitGroup
	)
	worker := func(p ratelimit.Priority) {
		defer wg.Done()
		defer live.Add(-1)
		ctx := ratelimit.WithPriority(context.Background(), p)
		for {
			select {
			case <-stop:
				return
			default:
			}
			tk, err := l.Admit(ctx, req(ratelimit.Read))
			if err != nil {
				t.Errorf("Admit: %v", err)
				return
			}
			mu.Lock()
			got = append(got, admission{tk.Seq, tk.Admitted, p})
			mu.Unlock()
			if admitted.Add(1) == total {
				close(stop)
			}
		}
	}
	for _, p := range []ratelimit.Priority{ratelimit.Background, ratelimit.Interactive} {
		for range perLane {
			wg.Add(1)
			live.Add(1)
			go worker(p)
		}
	}
	for admitted.Load() < total {
		settle(t, func() bool {
			st, _ := l.State(context.Background(), testKey)
			return admitted.Load() >= total || (st.Waiting == int(live.Load()) && clk.Pending() == 1)
		})
		if admitted.Load() >= total {
			break
		}
		clk.AdvanceToNext()
	}
	for live.Load() > 0 { // let the workers still queued through
		clk.Advance(ratelimit.Window)
		time.Sleep(time.Millisecond)
	}
	wg.Wait()
	slices.SortFunc(got, func(a, b admission) int { return int(a.seq) - int(b.seq) })
	got = got[:total]
	times := make([]time.Time, len(got))
	for i, a := range got {
		times[i] = a.at
	}
	if m := maxInSpan(times, ratelimit.Window); m > n {
		t.Fatalf("%d admissions within 2 s, limit %d", m, n)
	}
	// The first window is admitted straight from an empty queue, in
	// whatever order the goroutines arrive, and the first head of the
	// queue is whoever came first; from the first background admission
	// after that on, both lanes wait and the lanes decide.
	rest := got[n:]
	for len(rest) > 0 && rest[0].p != ratelimit.Background {
		rest = rest[1:]
	}
	run, worst, bg := 0, 0, 0
	for i, a := range rest {
		if a.p == ratelimit.Background {
			bg++
			run = 0
			continue
		}
		run++
		if run > worst {
			worst = run
			t.Logf("run of %d interactive admissions ending at seq %d (index %d)", run, a.seq, i)
		}
	}
	if worst != ratelimit.MaxPassOver {
		t.Fatalf("background passed over up to %d times in a row, want exactly MaxPassOver (%d)", worst, ratelimit.MaxPassOver)
	}
	share := float64(bg) / float64(len(rest))
	if want := 1.0 / (ratelimit.MaxPassOver + 1); share < want-0.01 || share > want+0.01 {
		t.Fatalf("background share %.3f, want %.3f", share, want)
	}
}

func TestPriorityContext(t *testing.T) {
	ctx := context.Background()
	if p := ratelimit.PriorityOf(ctx); p != ratelimit.Normal {
		t.Fatalf("unmarked context: %v", p)
	}
	if p := ratelimit.PriorityOf(ratelimit.WithPriority(ctx, ratelimit.Interactive)); p != ratelimit.Interactive {
		t.Fatalf("marked context: %v", p)
	}
	var nilCtx context.Context
	if ratelimit.WithPriority(nilCtx, ratelimit.Interactive) != nil || ratelimit.PriorityOf(nilCtx) != ratelimit.Normal {
		t.Fatal("nil context")
	}
	for p, s := range map[ratelimit.Priority]string{ratelimit.Normal: "normal", ratelimit.Interactive: "interactive",
		ratelimit.Background: "background", 9: "unknown"} {
		if p.String() != s {
			t.Fatalf("%d.String() = %q, want %q", p, p.String(), s)
		}
	}
}

// TestBackgroundPaced: background admissions are spread over the window
// at (Window+margin)/N, N the window in force (the assumed one, then the
// one x-ratelimit-limit announces); other lanes may take a free window at
// once.
func TestBackgroundPaced(t *testing.T) {
	for _, tc := range []struct {
		name    string
		p       ratelimit.Priority
		learned int // x-ratelimit-limit observed before the run; 0 for none
		want    []time.Duration
	}{
		{"background, assumed window of 4", ratelimit.Background, 0, []time.Duration{0, 500 * time.Millisecond, time.Second, 1500 * time.Millisecond, 2 * time.Second}},
		{"background, learned window of 8", ratelimit.Background, 8, []time.Duration{0, 250 * time.Millisecond, 500 * time.Millisecond, 750 * time.Millisecond, time.Second}},
		{"normal, not paced", ratelimit.Normal, 0, []time.Duration{0, 0, 0, 0, 2 * time.Second}},
		{"interactive, not paced", ratelimit.Interactive, 0, []time.Duration{0, 0, 0, 0, 2 * time.Second}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := ratelimittest.NewClock(t0)
			l := newLimiter(t, clk, ratelimit.WithMargin(0), ratelimit.WithLimit(4))
			start := t0
			if tc.learned > 0 {
				// A response that announces the window (its slot is
				// spent; start the run once it is free again).
				tk := mustAdmit(t, l, req(ratelimit.Read))
				l.Observe(req(ratelimit.Read), tk, 200, headers(ratelimit.HeaderLimit, itoa(tc.learned)))
				clk.Advance(ratelimit.Window)
				start = clk.Now()
			}
			ctx := ratelimit.WithPriority(context.Background(), tc.p)
			done := make(chan []time.Time)
			go func() {
				var at []time.Time
				for range len(tc.want) {
					tk, err := l.Admit(ctx, req(ratelimit.Read))
					if err != nil {
						t.Errorf("Admit: %v", err)
						break
					}
					at = append(at, tk.Admitted)
					if tc.learned > 0 { // answered at once, as a live key's responses are
						l.Observe(req(ratelimit.Read), tk, 200, headers(ratelimit.HeaderLimit, itoa(tc.learned)))
					}
				}
				done <- at
			}()
			var at []time.Time
		loop:
			for {
				select {
				case at = <-done:
					break loop
				default:
				}
				if clk.Pending() == 1 {
					clk.AdvanceToNext()
				}
				time.Sleep(100 * time.Microsecond)
			}
			if len(at) != len(tc.want) {
				t.Fatalf("admitted %d, want %d", len(at), len(tc.want))
			}
			for i, a := range at {
				if got := a.Sub(start); got != tc.want[i] {
					t.Fatalf("admission %d at +%v, want +%v (all: %v)", i, got, tc.want[i], at)
				}
			}
		})
	}
}

// TestBackgroundPaceHonoursDeadline: a background request whose pace
// outlasts its deadline fails at once with a *WaitError, like any wait;
// an interactive one in the same state is admitted at once.
func TestBackgroundPaceHonoursDeadline(t *testing.T) {
	clk := ratelimittest.NewClock(t0)
	l := newLimiter(t, clk, ratelimit.WithMargin(0), ratelimit.WithLimit(4))
	bg := req(ratelimit.Read)
	bg.Priority = ratelimit.Background
	mustAdmit(t, l, bg)
	_, err := tryAdmit(l, bg)
	var we *ratelimit.WaitError
	if !errors.As(err, &we) || !errors.Is(err, ratelimit.ErrWaitExceedsDeadline) || we.Wait != 500*time.Millisecond {
		t.Fatalf("paced background request: %v (%+v), want a *WaitError of 500ms", err, we)
	}
	in := req(ratelimit.Read)
	in.Priority = ratelimit.Interactive
	if _, err := tryAdmit(l, in); err != nil {
		t.Fatalf("interactive request: %v", err)
	}
	if st, _ := l.State(context.Background(), testKey); st.Waiting != 0 || st.InWindow != 2 {
		t.Fatalf("after: waiting %d, in window %d; want 0 and 2", st.Waiting, st.InWindow)
	}
}

// TestLaneLogged: the limiter's debug lines name the lane of a marked
// request, and only of a marked one.
func TestLaneLogged(t *testing.T) {
	var buf bytes.Buffer
	lg := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	clk := ratelimittest.NewClock(t0)
	l := newLimiter(t, clk, ratelimit.WithLimit(1), ratelimit.WithMargin(0), ratelimit.WithLogger(lg))
	for _, p := range []ratelimit.Priority{ratelimit.Normal, ratelimit.Background} {
		buf.Reset()
		r := req(ratelimit.Read)
		r.Priority = p
		_, _ = tryAdmit(l, req(ratelimit.Read)) // fills the window if it is not full
		done := make(chan struct{})
		go func() { mustAdmit(t, l, r); close(done) }()
		clk.WaitPending(1)
		clk.AdvanceToNext()
		<-done
		out := buf.String()
		if got, want := strings.Contains(out, "lane=background"), p == ratelimit.Background; got != want || !strings.Contains(out, "ratelimit: request waits") {
			t.Fatalf("lane %v logged:\n%s", p, out)
		}
	}
}
