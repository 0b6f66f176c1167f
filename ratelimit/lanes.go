package ratelimit

import (
	"context"
	"net/http"
	"time"
)

// Priority is the lane a request waits in when its key's window is full.
// Waiting requests of one key are admitted lane by lane: Interactive
// ahead of Normal, Normal ahead of Background, first come, first served
// within a lane. A lower lane is never starved: while it has requests
// waiting, at most MaxPassOver requests of higher lanes in a row are
// admitted before one of it (MaxPassOver+1 when Normal and Background are
// both owed a turn at once). Lanes order the waiting only: the window,
// the search window and the daily budgets apply to every lane alike, so
// no lane ever makes the key exceed them.
type Priority int8

const (
	// Normal is the lane of requests that are not marked (the zero
	// Priority).
	Normal Priority = iota
	// Interactive is the lane of calls someone is waiting for (a user's
	// page, an API answer): admitted ahead of Normal and Background ones.
	Interactive
	// Background is the lane of work nobody waits for (a sync, a nightly
	// job): admitted after Interactive and Normal ones, with its bounded
	// share.
	Background
)

// MaxPassOver is how many requests of higher lanes may become the head of
// a key's queue in a row while requests of a lower lane wait, before one
// of the lower lane does. With MaxPassOver 3, a background sync keeps at
// least a quarter of its token's admissions under a flood of interactive
// calls, and interactive calls get up to three quarters.
const MaxPassOver = 3

// numLanes is the number of lanes; a waiter's lane is its rank.
const numLanes = 3

// String returns "normal", "interactive" or "background".
func (p Priority) String() string {
	switch p {
	case Normal:
		return "normal"
	case Interactive:
		return "interactive"
	case Background:
		return "background"
	default:
		return "unknown"
	}
}

// rank is p's lane: 0 is served first. Unknown priorities are Normal.
func (p Priority) rank() int8 {
	switch p {
	case Interactive:
		return 0
	case Background:
		return 2
	default:
		return 1
	}
}

type priorityKey struct{}

// WithPriority returns a context that makes the requests made with it
// wait in lane p (see Priority): Admit takes it when Request.Priority is
// zero. The client's calls reach Admit with their context, so
// pipedrive.Interactive(ctx) and pipedrive.Background(ctx) are this. A
// nil ctx is returned as it is.
func WithPriority(ctx context.Context, p Priority) context.Context {
	if ctx == nil {
		return ctx
	}
	return context.WithValue(ctx, priorityKey{}, p)
}

// PriorityOf returns the priority ctx carries (WithPriority), or Normal.
func PriorityOf(ctx context.Context) Priority {
	if ctx == nil {
		return Normal
	}
	p, _ := ctx.Value(priorityKey{}).(Priority)
	return p
}

// priority is r's lane: its own Priority, else its context's.
func priority(ctx context.Context, r Request) Priority {
	if r.Priority != Normal {
		return r.Priority
	}
	return PriorityOf(ctx)
}

// ahead is how many waiters will be admitted before a newcomer of lane
// rank: the head, then every other waiter of its lane or a higher one.
// q.mu must be held and the queue not empty.
func (q *queue) ahead(rank int8) int {
	n := 1
	for _, w := range q.waiters[1:] {
		if w.lane <= rank {
			n++
		}
	}
	return n
}

// nextHead picks the waiter to become the head: the first of the highest
// lane that waits, unless a lower lane that waits has been passed over
// MaxPassOver times, in which case the first of the most passed-over such
// lane (the lowest on a tie). It updates the pass-over counts. q.mu must
// be held and q.waiters not be empty.
func (q *queue) nextHead() int {
	var first [numLanes]int
	for i := range first {
		first[i] = -1
	}
	for i, w := range q.waiters {
		if first[w.lane] < 0 {
			first[w.lane] = i
		}
	}
	hi, owed := int8(-1), int8(-1)
	for l := int8(0); l < numLanes; l++ {
		switch {
		case first[l] < 0:
			q.passed[l] = 0 // a lane that no longer waits is owed nothing
		case hi < 0:
			hi = l
		case q.passed[l] >= MaxPassOver && (owed < 0 || q.passed[l] >= q.passed[owed]):
			owed = l
		}
	}
	chosen := hi
	if owed >= 0 {
		chosen = owed
	}
	for l := chosen + 1; l < numLanes; l++ {
		if first[l] >= 0 {
			q.passed[l]++
		}
	}
	q.passed[chosen] = 0
	return first[chosen]
}

// promote moves the waiter at i to the front, keeping the order of the
// others. q.mu must be held.
func (q *queue) promote(i int) {
	if i <= 0 {
		return
	}
	w := q.waiters[i]
	copy(q.waiters[1:i+1], q.waiters[:i])
	q.waiters[0] = w
}

// backgroundRank is Background's lane.
const backgroundRank = 2

// pace is how long a Background request of the key must still wait
// before it may be admitted, 0 when it may try now (or is of another
// lane). Background admissions are spread over the window, at most one
// every (Window+Margin)/N: a sync saturating the token then frees its
// slots one by one instead of N at once each window, so that an
// interactive call finds one within about that spacing rather than
// waiting for the next burst to free. A sync's throughput is unchanged
// (N per window). q.mu must be held.
func (q *queue) pace(lane int8, now int64) time.Duration {
	if lane != backgroundRank || now >= q.bgNext {
		return 0
	}
	return time.Duration(q.bgNext - now)
}

// admitted records an admission of lane at now, for pace. q.mu must be
// held.
func (q *queue) admitted(lane int8, now int64, a Attempt) {
	if lane != backgroundRank {
		return
	}
	n := q.limit.Load()
	if n <= 0 {
		n = int64(a.Limit)
	}
	q.bgNext = now + int64(a.Window+a.Margin)/max(n, 1)
}

// observeLanes is Observe's part for lanes and identities: it fills r's
// identity (identified) and notes the window size a response announces,
// which paces Background requests.
func (l *Limiter) observeLanes(r Request, h http.Header) Request {
	r = l.identified(r)
	if n := headerInt(h, HeaderLimit); n > 0 {
		if v, ok := l.queues.Load(r.Key); ok {
			v.(*queue).limit.Store(int64(n))
		}
	}
	return r
}
