package ratelimit

import (
	"context"
	"math"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultIdleTTL is how long a key may stay unused before the memory store
// and the limiter's queues forget it.
const DefaultIdleTTL = 10 * time.Minute

const (
	dayNanos      = int64(24 * time.Hour)
	maxSweepEvery = 10 * time.Second
)

// MemoryStore is the in-process Store, the default. State lives in a
// concurrent map of small per-key records. An amortized sweep that runs
// inside ordinary calls (no goroutine of its own) releases the admission
// log of every key whose window has drained, so an idle key costs a few
// hundred bytes, and evicts keys unused for the idle TTL. A key that spent
// daily writes or tokens today is kept until the UTC day ends, so that
// eviction never forgets a daily count: memory is bounded by the keys used
// in one day.
type MemoryStore struct {
	keys       sync.Map // string -> *memKey
	count      atomic.Int64
	idleTTL    int64
	sweepEvery int64
	nextSweep  atomic.Int64
}

// NewMemoryStore returns an empty MemoryStore that evicts keys idle for
// longer than idleTTL (DefaultIdleTTL when idleTTL <= 0).
func NewMemoryStore(idleTTL time.Duration) *MemoryStore {
	if idleTTL <= 0 {
		idleTTL = DefaultIdleTTL
	}
	return &MemoryStore{
		idleTTL:    int64(idleTTL),
		sweepEvery: int64(min(idleTTL/2, maxSweepEvery)),
	}
}

// Len returns the number of keys the store holds.
func (s *MemoryStore) Len() int { return int(s.count.Load()) }

// entry is one admission held in a window: its time and sequence number.
type entry struct {
	t   int64
	seq uint64
}

// window is one rolling window of a key (the main one or the search one):
// a ring of the admissions still holding a slot, in admission order, plus
// what the server said about it.
type window struct {
	buf          []entry // ring; len is 0 or a power of two
	head, n      int
	learned      int    // window size from x-ratelimit-limit; 0 = not yet known
	obsSeq       uint64 // sequence number of the newest observation applied
	foreign      int    // slots spent by others, per the newest observation
	foreignUntil int64  // when that figure stops applying
	blockedUntil int64  // 429 block
}

func (w *window) at(i int) entry { return w.buf[(w.head+i)&(len(w.buf)-1)] }

// expire drops the admissions that no longer hold a slot at cut.
func (w *window) expire(cut int64) {
	for w.n > 0 && w.buf[w.head].t <= cut {
		w.head = (w.head + 1) & (len(w.buf) - 1)
		w.n--
	}
	if w.n == 0 {
		w.head = 0
	}
}

func (w *window) push(e entry) {
	if w.n == len(w.buf) {
		nb := make([]entry, max(8, 2*len(w.buf)))
		for i := 0; i < w.n; i++ {
			nb[i] = w.at(i)
		}
		w.buf, w.head = nb, 0
	}
	w.buf[(w.head+w.n)&(len(w.buf)-1)] = e
	w.n++
}

func (w *window) limit(def int) int {
	if w.learned > 0 {
		return w.learned
	}
	return max(def, 1)
}

// check decides whether one more admission fits at now. When it does not,
// wait is a lower bound (> 0) on the time until it may. With queued > 0 it
// answers for a request behind queued others.
func (w *window) check(now int64, limit int, span int64, headroom, queued int) (ok bool, wait int64, blocked bool) {
	w.expire(now - span)
	if now < w.blockedUntil {
		return false, w.blockedUntil - now, true
	}
	f := 0
	if w.foreign > 0 && now < w.foreignUntil {
		f = w.foreign + headroom
	}
	allowed := limit - f
	if w.n+queued < allowed {
		return true, 0, false
	}
	if queued > 0 {
		until := w.simulate(now, allowed, span, queued)
		if f > 0 {
			until = min(until, max(w.foreignUntil, w.simulate(now, limit, span, queued)))
		}
		return false, max(until-now, 1), false
	}
	until := int64(math.MaxInt64)
	if need := w.n + queued - allowed + 1; need <= w.n {
		until = w.at(need-1).t + span
	} else if w.n > 0 {
		until = w.at(w.n-1).t + span
	}
	if f > 0 {
		until = min(until, w.foreignUntil)
	}
	if until == math.MaxInt64 || until <= now {
		// Cannot happen with a consistent state; never spin.
		until = now + span
	}
	return false, until - now, false
}

// simulate estimates when a request with queued others ahead of it gets a
// slot of a window of capacity c: each admission waits for the one c
// places before it to expire. It ignores blocks, so it is a lower bound.
func (w *window) simulate(now int64, c int, span int64, queued int) int64 {
	if c < 1 {
		return math.MaxInt64
	}
	ts := make([]int64, 0, queued+1)
	for m := 0; m <= queued; m++ {
		t := now
		if i := w.n + m - c; i >= 0 {
			prev := int64(0)
			if i < w.n {
				prev = w.at(i).t
			} else {
				prev = ts[i-w.n]
			}
			t = max(now, prev+span)
		}
		ts = append(ts, t)
	}
	return ts[queued]
}

// countOurs counts the admissions with a time after from and a sequence
// number up to seq.
func (w *window) countOurs(from int64, seq uint64) int {
	hi := sort.Search(w.n, func(i int) bool { return w.at(i).seq > seq })
	lo := sort.Search(hi, func(i int) bool { return w.at(i).t > from })
	return hi - lo
}

// state reports InWindow, Foreign, Remaining and ResetAt at now.
func (w *window) state(now int64, limit int, span int64) (in, foreign, remaining int, resetAt int64) {
	cut := now - span
	for i := 0; i < w.n; i++ {
		if e := w.at(i); e.t > cut {
			if resetAt == 0 {
				resetAt = e.t + span
			}
			in++
		}
	}
	if w.foreign > 0 && now < w.foreignUntil {
		foreign = w.foreign
	}
	return in, foreign, max(limit-in-foreign, 0), resetAt
}

// memKey is one key's record.
type memKey struct {
	mu   sync.Mutex
	dead bool // evicted: look the key up again

	main, search window

	lastSeq   uint64
	lastTime  int64 // latest admission time; admission times never go back
	lastUsed  int64
	span      int64 // window + margin of the latest attempt
	defLimit  int
	defSearch int
	cfgWrites int64 // daily write budget of the latest attempt
	cfgTokens int64 // configured token budget of the latest attempt

	day        int64 // UTC day number of the daily counters
	writes     int64
	tokens     int64
	tokenLimit int64 // reported by the server today; 0 = not reported

	lastStatus  int
	lastHeaders RateHeaders
	lastSeen    int64
}

func (k *memKey) rollDay(now int64) {
	if d := floorDiv(now, dayNanos); d != k.day {
		k.day, k.writes, k.tokens, k.tokenLimit = d, 0, 0, 0
	}
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func (s *MemoryStore) lock(key string, now int64) *memKey {
	s.maybeSweep(now)
	for {
		v, ok := s.keys.Load(key)
		if !ok {
			var loaded bool
			v, loaded = s.keys.LoadOrStore(key, &memKey{lastUsed: now, day: floorDiv(now, dayNanos), lastHeaders: NoHeaders})
			if !loaded {
				s.count.Add(1)
			}
		}
		k := v.(*memKey)
		k.mu.Lock()
		if !k.dead {
			k.lastUsed = max(k.lastUsed, now)
			return k
		}
		k.mu.Unlock()
	}
}

// maybeSweep evicts idle keys and releases drained logs, at most once per
// sweep interval, in the goroutine that happens to cross the interval.
func (s *MemoryStore) maybeSweep(now int64) {
	next := s.nextSweep.Load()
	if now < next || !s.nextSweep.CompareAndSwap(next, now+s.sweepEvery) {
		return
	}
	if next == 0 {
		return // first call: just arm the schedule
	}
	s.keys.Range(func(key, v any) bool {
		k := v.(*memKey)
		if !k.mu.TryLock() {
			return true
		}
		if now-k.lastUsed > s.idleTTL && now >= k.main.blockedUntil && now >= k.search.blockedUntil &&
			(k.day != floorDiv(now, dayNanos) || k.writes == 0 && k.tokens == 0) {
			k.dead = true
			if s.keys.CompareAndDelete(key, k) {
				s.count.Add(-1)
			}
		} else {
			for _, w := range []*window{&k.main, &k.search} {
				w.expire(now - k.span)
				if w.n == 0 {
					w.buf = nil
				}
			}
		}
		k.mu.Unlock()
		return true
	})
}

// Admit implements Store.
func (s *MemoryStore) Admit(_ context.Context, key string, now time.Time, a Attempt) (Decision, error) {
	n := now.UnixNano()
	k := s.lock(key, n)
	defer k.mu.Unlock()

	n = max(n, k.lastTime)
	k.rollDay(n)
	span := int64(a.Window + a.Margin)
	k.span, k.defLimit, k.defSearch = span, a.Limit, a.SearchLimit
	k.cfgWrites, k.cfgTokens = a.DailyWrites, a.TokenBudget

	if a.Class == Write && a.DailyWrites > 0 && k.writes >= a.DailyWrites {
		return k.refuse(n, ReasonDailyWrites, a.DailyWrites, k.writes), nil
	}
	if budget := k.tokenBudget(a.TokenBudget); budget > 0 && a.Cost > 0 && k.tokens+a.Cost > budget {
		return k.refuse(n, ReasonTokens, budget, k.tokens), nil
	}

	ok, wait, blocked := k.main.check(n, k.main.limit(a.Limit), span, a.Headroom, a.Queued)
	reason := ReasonWindow
	if blocked {
		reason = ReasonServer
	}
	if a.Class == Search {
		sok, swait, sblocked := k.search.check(n, k.search.limit(a.SearchLimit), span, a.Headroom, a.Queued)
		if !sok && swait > wait {
			wait, reason = swait, ReasonSearch
			if sblocked {
				reason = ReasonServer
			}
		}
		ok = ok && sok
	}
	if !ok {
		return Decision{Wait: time.Duration(wait), Reason: reason}, nil
	}
	if a.Queued > 0 {
		return Decision{}, nil
	}

	k.lastSeq++
	k.lastTime = n
	e := entry{t: n, seq: k.lastSeq}
	k.main.push(e)
	if a.Class == Search {
		k.search.push(e)
	}
	if a.Class == Write {
		k.writes++
	}
	if a.Cost > 0 {
		k.tokens += a.Cost
	}
	return Decision{Admitted: true, Seq: k.lastSeq, At: time.Unix(0, n)}, nil
}

func (k *memKey) tokenBudget(configured int64) int64 {
	if k.tokenLimit > 0 {
		return k.tokenLimit
	}
	return max(configured, 0)
}

func (k *memKey) refuse(now int64, r Reason, limit, used int64) Decision {
	next := (k.day + 1) * dayNanos
	return Decision{Refused: true, Reason: r, Limit: limit, Used: used, Wait: time.Duration(next - now)}
}

// Observe implements Store.
func (s *MemoryStore) Observe(_ context.Context, key string, now time.Time, o Observation) error {
	n := now.UnixNano()
	k := s.lock(key, n)
	defer k.mu.Unlock()

	k.rollDay(n)
	h := o.Headers
	sameDay := o.Seq == 0 || floorDiv(o.Admitted.UnixNano(), dayNanos) == k.day

	if o.Status == 429 && o.Seq != 0 && sameDay {
		// The request was not executed: give back what it spent.
		if o.Class == Write && k.writes > 0 {
			k.writes--
		}
		k.tokens = max(k.tokens-max(o.Cost, 0), 0)
	}

	w, def := &k.main, k.defLimit
	if o.Class == Search {
		w, def = &k.search, k.defSearch
	}
	if h.Limit > 0 {
		w.learned = h.Limit
	}
	if o.Status == 429 {
		d := max(h.RetryAfter, h.Reset)
		if d <= 0 {
			d = o.Window
		}
		w.blockedUntil = max(w.blockedUntil, n+int64(d))
	}
	if h.Remaining >= 0 {
		seq := o.Seq
		if seq == 0 {
			seq = k.lastSeq
		}
		if seq >= w.obsSeq {
			used := w.limit(def) - h.Remaining
			w.foreign = max(used-w.countOurs(n-int64(o.Window), seq), 0)
			reset := h.Reset
			if reset < 0 || reset > o.Window {
				reset = o.Window
			}
			w.foreignUntil = n + int64(reset)
			w.obsSeq = seq
		}
	}
	if sameDay {
		if h.DailyRequestsLeft >= 0 && o.DailyWrites > 0 {
			k.writes = max(k.writes, o.DailyWrites-int64(h.DailyRequestsLeft))
		}
		if h.TokenLimit > 0 {
			k.tokenLimit = h.TokenLimit
		}
		if h.TokenRemaining >= 0 {
			if lim := k.tokenBudget(o.TokenBudget); lim > 0 {
				k.tokens = max(k.tokens, lim-h.TokenRemaining)
			}
		}
	}
	k.lastStatus, k.lastHeaders, k.lastSeen = o.Status, h, n
	return nil
}

// State implements Store.
func (s *MemoryStore) State(_ context.Context, key string, now time.Time) (KeyState, bool, error) {
	v, ok := s.keys.Load(key)
	if !ok {
		return KeyState{}, false, nil
	}
	k := v.(*memKey)
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.dead {
		return KeyState{}, false, nil
	}
	n := now.UnixNano()
	var ks KeyState
	ks.Known = true
	ks.Limit = k.main.limit(k.defLimit)
	ks.LimitLearned = k.main.learned > 0
	var resetAt int64
	ks.InWindow, ks.Foreign, ks.Remaining, resetAt = k.main.state(n, ks.Limit, k.span)
	if resetAt != 0 {
		ks.ResetAt = time.Unix(0, resetAt)
	}
	if n < k.main.blockedUntil {
		ks.BlockedUntil = time.Unix(0, k.main.blockedUntil)
		ks.Remaining = 0
	}
	ks.SearchLimit = k.search.limit(k.defSearch)
	ks.SearchInWindow, _, ks.SearchRemaining, _ = k.search.state(n, ks.SearchLimit, k.span)
	ks.DailyWritesLeft = -1
	ks.TokenBudget = k.tokenBudget(k.cfgTokens)
	if floorDiv(n, dayNanos) == k.day {
		ks.DailyWritesUsed, ks.TokensSpent = k.writes, k.tokens
	} else {
		ks.TokenBudget = max(k.cfgTokens, 0)
	}
	if k.cfgWrites > 0 {
		ks.DailyWritesLeft = max(k.cfgWrites-ks.DailyWritesUsed, 0)
	}
	ks.LastSeq, ks.LastStatus, ks.LastHeaders = k.lastSeq, k.lastStatus, k.lastHeaders
	if k.lastSeen != 0 {
		ks.LastSeen = time.Unix(0, k.lastSeen)
	}
	return ks, true, nil
}
