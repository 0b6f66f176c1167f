package pipedrivetest

import (
	"time"
)

// windowLength is the span of Pipedrive's rolling rate-limit windows.
const windowLength = 2 * time.Second

// slidingLog is an exact rolling window: it keeps the time of every slot
// taken in the last windowLength and admits a new one only while fewer than
// limit are inside (t-windowLength, t]. Unlike a token bucket it never lets
// more than limit through in any span of windowLength, across boundaries too.
// It is not safe for concurrent use; the Server guards it.
type slidingLog struct {
	limit int
	times []time.Time // ascending; only entries still inside the window after prune
}

// prune drops the entries that left the window at now. An entry taken at t
// occupies the half-open span [t, t+windowLength).
func (w *slidingLog) prune(now time.Time) {
	cut := now.Add(-windowLength)
	i := 0
	for i < len(w.times) && !w.times[i].After(cut) {
		i++
	}
	if i > 0 {
		w.times = append(w.times[:0], w.times[i:]...)
	}
}

// full reports whether no slot is free at now.
func (w *slidingLog) full(now time.Time) bool {
	w.prune(now)
	return len(w.times) >= w.limit
}

// take records a slot at now. Callers check full first.
func (w *slidingLog) take(now time.Time) {
	// Keep the log sorted even if a caller's clock steps back.
	if n := len(w.times); n > 0 && now.Before(w.times[n-1]) {
		now = w.times[n-1]
	}
	w.times = append(w.times, now)
}

// remaining is the number of free slots at now.
func (w *slidingLog) remaining(now time.Time) int {
	w.prune(now)
	if r := w.limit - len(w.times); r > 0 {
		return r
	}
	return 0
}

// resetIn is how long until the oldest slot in the window frees, or zero
// when the window is empty.
func (w *slidingLog) resetIn(now time.Time) time.Duration {
	w.prune(now)
	if len(w.times) == 0 {
		return 0
	}
	return w.times[0].Add(windowLength).Sub(now)
}

// ceilSeconds rounds d up to whole seconds, as the x-ratelimit-reset header
// carries: a client that waits that long is sure to find the slot free.
func ceilSeconds(d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return int64((d + time.Second - 1) / time.Second)
}

// peakCounter tracks, exactly, the most events in any span of windowLength:
// each new event at t is counted with those in (t-windowLength, t], and the
// largest such count is the answer (any span's events can be shifted to end
// at its last event without losing one).
type peakCounter struct {
	log  slidingLog
	peak int
}

func (p *peakCounter) add(now time.Time) {
	p.log.prune(now)
	p.log.take(now)
	if n := len(p.log.times); n > p.peak {
		p.peak = n
	}
}
