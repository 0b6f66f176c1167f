package pipedrivetest

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestSlidingLogIsExact(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	w := slidingLog{limit: 3}
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	steps := []struct {
		ms       int
		wantFull bool
	}{
		{0, false}, {500, false}, {1000, false},
		{1500, true},  // three inside (-0.5 s, 1.5 s]
		{1999, true},  // the one at 0 is still inside
		{2000, false}, // the one at 0 has left: [0, 2 s) is over
		{2000, true},  // that slot is taken again
		{2499, true},
		{2500, false},
	}
	for i, s := range steps {
		now := at(s.ms)
		if got := w.full(now); got != s.wantFull {
			t.Fatalf("step %d (t=%dms): full=%v, want %v", i, s.ms, got, s.wantFull)
		}
		if !s.wantFull {
			w.take(now)
		}
	}
	if got := w.remaining(at(2500)); got != 0 {
		t.Errorf("remaining %d, want 0", got)
	}
	// The oldest slot (1000 ms) frees at 3000 ms: 500 ms away, 1 s rounded up.
	if got := w.resetIn(at(2500)); got != 500*time.Millisecond {
		t.Errorf("resetIn %v, want 500ms", got)
	}
	if got := ceilSeconds(w.resetIn(at(2500))); got != 1 {
		t.Errorf("reset header %d, want 1", got)
	}
}

func TestCeilSeconds(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want int64
	}{{0, 0}, {-time.Second, 0}, {time.Nanosecond, 1}, {time.Second, 1}, {time.Second + 1, 2}, {2 * time.Second, 2}} {
		if got := ceilSeconds(c.d); got != c.want {
			t.Errorf("ceilSeconds(%v) = %d, want %d", c.d, got, c.want)
		}
	}
}

// bruteMax is the most of ts (sorted) in any half-open span [a, a+2s).
func bruteMax(ts []time.Time) int {
	best := 0
	for i := range ts {
		n := 0
		for j := range ts {
			if !ts[j].Before(ts[i]) && ts[j].Before(ts[i].Add(windowLength)) {
				n++
			}
		}
		best = max(best, n)
	}
	return best
}

func TestPeakCounterMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for trial := 0; trial < 200; trial++ {
		n := 1 + rng.IntN(60)
		ts := make([]time.Time, n)
		for i := range ts {
			// Millisecond grid so that exact 2 s distances occur often.
			ts[i] = t0.Add(time.Duration(rng.IntN(8000)) * time.Millisecond)
		}
		slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
		var p peakCounter
		for _, x := range ts {
			p.add(x)
		}
		if want := bruteMax(ts); p.peak != want {
			t.Fatalf("trial %d: peak %d, want %d", trial, p.peak, want)
		}
	}
}

// A sliding log never admits more than its limit in any 2 s span, however
// requests arrive; a fixed-window or bucket counter would admit up to twice
// as many across a boundary.
func TestSlidingLogNeverExceedsLimitInAnySpan(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	w := slidingLog{limit: 5}
	var admitted []time.Time
	now := t0
	for i := 0; i < 2000; i++ {
		now = now.Add(time.Duration(rng.IntN(300)) * time.Millisecond)
		if !w.full(now) {
			w.take(now)
			admitted = append(admitted, now)
		}
	}
	if got := bruteMax(admitted); got != 5 {
		t.Fatalf("most admitted in any 2 s: %d, want exactly 5", got)
	}
}
