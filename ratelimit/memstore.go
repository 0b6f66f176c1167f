package ratelimit

import (
	"context"
	"math"
	"slices"
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
// hundred bytes, and evicts keys unused for the idle TTL. The daily
// counters live apart from the keys, one per user (writes) and one per
// company (tokens), shared by every key that names them (Attempt.UserKey,
// CompanyKey; the key itself when empty). A counter spent today, and a key
// whose counters are, is kept until the UTC day ends, so that eviction
// never forgets a daily count: memory is bounded by the keys, users and
// companies seen in one day.
type MemoryStore struct {
	keys       sync.Map // string -> *memKey
	days       sync.Map // writesPrefix+user or tokensPrefix+company -> *dayCount
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

// entry is one admission held in a window: when it was admitted, until
// when it holds its slot, when its response was observed (0 = not yet;
// rejected for a 429, which the server did not count), its sequence
// number, and how many admissions the window had dropped from its log
// when it was admitted.
type entry struct {
	t, exp, obs int64
	seq         uint64
	drops       int64
	cnt         int64 // the server's count its response reported; 0: none
}

const rejected = math.MaxInt64

// window is one rolling window of a key (the main one or the search one):
// a ring of the admissions still holding a slot, in admission order, plus
// what the server said about it.
type window struct {
	buf     []entry // ring; len is 0 or a power of two
	head, n int
	// unsorted is set when the ring's expiries may not rise from head to
	// tail (a hold shortened by a response, an entry pushed with an earlier
	// expiry); while it is clear, expiring from the head is exact and
	// compact needs no scan.
	unsorted bool
	// maxHeld bounds from above the expiries of the answered admissions
	// (see observed): while a response's bound lies past it, no hold can
	// be shortened and observed skips the scan.
	maxHeld      int64
	learned      int    // window size from x-ratelimit-limit; 0 = not yet known
	foreign      int    // slots spent by others, per the tightest recent observation
	foreignAt    int64  // when the request that figure came from was sent
	foreignUntil int64  // when that figure stops applying
	foreignSeen  int64  // when others' usage was last found (an adopted estimate > 0)
	foreignPeak  int    // the most others' usage reported within headroomFor
	peakAt       int64  // when foreignPeak was reported
	blockedUntil int64  // 429 block
	viewSeq      uint64 // highest sequence number observed
	viewTime     int64  // when the latest response was observed; 0 = never
	firstView    int64  // when the first response was observed; 0 = never
	reorderAt    int64  // when requests were last found counted out of admission order
	fullUntil    int64  // a full window, as last reported, holds no free slot until then
	drops        int64  // admissions dropped from the ring so far
	goneUntil    int64  // the latest expiry among them
	rtt          int64  // smoothed admission-to-response time
	minRTT       int64  // slowly rising minimum of the same
}

// Tuning of the server sync.
const (
	// headroomFor is how long after others' usage was last found the
	// reserve (Attempt.Headroom) is kept free for them; startupFor is the
	// same after the first response, before anything is known of them.
	headroomFor = 30 * time.Second
	startupFor  = Window
	// minFIFOGap is the least time between two admissions for the earlier
	// one to be taken as reaching the server first (see fifoGap).
	minFIFOGap = int64(time.Millisecond)
	// rttCap bounds the round trips taken into account.
	rttCap = int64(10 * time.Second)
	// foreignFresh is how much later a request must have been sent for
	// its estimate of others' usage to replace a lower one (see Observe).
	foreignFresh = int64(100 * time.Millisecond)
)

func (w *window) at(i int) *entry { return &w.buf[(w.head+i)&(len(w.buf)-1)] }

// expire drops the admissions at the head of the ring whose slot has
// been released at now. (An entry behind an unexpired head stays until
// compact; it is counted a little longer, never shorter.)
func (w *window) expire(now int64) {
	for w.n > 0 && w.buf[w.head].exp <= now {
		w.drops++
		w.goneUntil = max(w.goneUntil, w.buf[w.head].exp)
		w.head = (w.head + 1) & (len(w.buf) - 1)
		w.n--
	}
	if w.n == 0 {
		w.head = 0
	}
}

// compact drops every admission whose slot has been released at now,
// keeping the order of the rest.
func (w *window) compact(now int64) {
	w.expire(now)
	if !w.unsorted {
		return // sorted by expiry: expire dropped every released slot
	}
	j, sorted, last := 0, true, int64(math.MinInt64)
	for i := 0; i < w.n; i++ {
		if e := *w.at(i); e.exp > now {
			if e.exp < last {
				sorted = false
			}
			last = e.exp
			*w.at(j) = e
			j++
		} else {
			w.drops++
			w.goneUntil = max(w.goneUntil, e.exp)
		}
	}
	w.n = j
	w.unsorted = !sorted
}

func (w *window) push(e entry) {
	if w.n == len(w.buf) {
		nb := make([]entry, max(8, 2*len(w.buf)))
		for i := 0; i < w.n; i++ {
			nb[i] = *w.at(i)
		}
		w.buf, w.head = nb, 0
	}
	if w.n > 0 && e.exp < w.at(w.n-1).exp {
		w.unsorted = true
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

// reserve returns how many slots to keep free for others at now: the
// slots the server reported spent by them, plus the reserve for people
// (headroom, at most half the window) from the first response until the
// server's counts have shown, for startupFor, that nobody else spends the
// window, and then while others have been found spending it within
// headroomFor. A key used by this limiter alone keeps nothing back once
// that is known. (The first burst, before any response, has nothing to go
// on and uses the whole window, as the stale-view probes do not apply.)
func (w *window) reserve(now int64, limit, headroom int) int {
	f := w.others(now)
	if headroom > 0 && w.firstView != 0 && !w.alone(now) {
		f += min(headroom, limit/2)
	}
	return f
}

// others returns the slots taken as spent by others at now: the latest
// estimate, while it applies.
func (w *window) others(now int64) int {
	if w.foreign > 0 && now < w.foreignUntil {
		return w.foreign
	}
	return 0
}

// alone reports whether the key's window is known to be spent by this
// limiter alone at now: the server's counts have been observed for
// startupFor, and none of them showed others spending it within
// headroomFor.
func (w *window) alone(now int64) bool {
	return w.firstView != 0 && now-w.firstView >= int64(startupFor) &&
		(w.foreignSeen == 0 || now-w.foreignSeen >= int64(headroomFor))
}

// fifoGap is how much earlier than another an admission must be to be
// taken as counted by the server before it: half the shortest round trip
// (the time a request takes to reach the server), at least minFIFOGap.
// Requests admitted closer together were sent together: the server
// counted them within moments of one another, in any order.
func (w *window) fifoGap() int64 { return max(w.minRTT/2, minFIFOGap) }

// bounds returns the latest times at which the server can have counted an
// admission: own, from its own response received at now (which left the
// server about half the shortest round trip before now; at now at the
// very latest, so the margin that covers an asymmetric path never needs
// to exceed half the round trip), and via, from a response received at now
// to a request sent with it or after it (counted before or with that
// one, which it was not answered before; the full margin then covers the
// spread of a burst and a request's sending that lags its admission).
//
// Both are rounded up to a whole microsecond, the Redis store's unit, so
// that both stores hold slots and judge admissions alike.
func (w *window) bounds(now int64, margin int64) (own, via int64) {
	half := w.minRTT / 2
	return upUs(now - half + min(margin, half)), upUs(now - half + margin)
}

// upUs rounds a time (ns since the epoch) up to a whole microsecond.
func upUs(t int64) int64 {
	if r := t % 1000; r > 0 {
		return t + 1000 - r
	}
	return t
}

// countBound returns the latest time at which the server can have counted
// the admission at index i, answered at now (see bounds): the earliest of
// its own bound and those of the answered admissions sent with it or
// after it. The hold of a slot ends a window after this bound, however
// slow the response itself was.
func (w *window) countBound(i int, now, margin int64) int64 {
	e := w.at(i)
	b, _ := w.bounds(now, margin)
	gap := w.fifoGap()
	// The ring is in admission order: only the admissions sent after
	// e.t-gap can bound this one, the newest ones (walked from the tail,
	// which is where the request answered is as a rule). A bound grows
	// with the time of its response: the earliest answer gives the
	// earliest bound.
	first := int64(math.MaxInt64)
	for j := w.n - 1; j >= 0; j-- {
		x := w.at(j)
		if x.t <= e.t-gap {
			break
		}
		if j != i && x.obs != 0 && x.obs != rejected && x.exp > now {
			first = min(first, x.obs)
		}
	}
	if first != math.MaxInt64 {
		_, via := w.bounds(first, margin)
		b = min(b, via)
	}
	return max(b, e.t)
}

// check decides whether one more admission fits at now. When it does not,
// wait is a lower bound (> 0) on the time until it may. With queued > 0 it
// answers for a request behind queued others.
func (w *window) check(now int64, limit int, a *Attempt, queued int) (ok bool, wait int64, reason Reason) {
	w.expire(now)
	if now < w.blockedUntil {
		return false, w.blockedUntil - now, ReasonServer
	}
	f := w.reserve(now, limit, a.Headroom)
	allowed := limit - f
	if queued > 0 {
		w.compact(now)
		if w.n+queued < allowed {
			return true, 0, ReasonNone
		}
		until := w.simulate(now, allowed, int64(a.Window), queued)
		if o := w.others(now); o > 0 {
			until = min(until, max(w.foreignUntil, w.simulate(now, limit-(f-o), int64(a.Window), queued)))
		}
		return false, max(until-now, 1), ReasonWindow
	}
	// When the server's view is stale (nothing observed for a while),
	// others may have spent slots meanwhile: assume they spent as much as
	// the most seen recently, at least a quarter of the window and at
	// most half of it, and let only a few requests go until one of their
	// responses refreshes the view.
	// A window the server last reported full had no slot for anyone
	// until one of its slots could leave it: while the key is known to be
	// spent by this limiter alone, the view stays fresh until then, and a
	// saturated key refills as soon as its slots free instead of waiting
	// for probes.
	fresh := w.viewTime
	if w.alone(now) {
		fresh = max(fresh, w.fullUntil)
	}
	stale := a.Probes > 0 && w.viewTime != 0 && now-fresh > int64(a.StaleAfter)+2*w.rtt
	if stale {
		assumed := min(max(limit/4, w.foreignPeak), limit/2) + min(a.Headroom, limit/2)
		// At least one probe goes, however small the window: only a
		// response can refresh the view.
		allowed = max(min(allowed, limit-assumed), 1)
	}
	if w.n >= allowed {
		w.compact(now)
	}
	if w.n < allowed {
		if stale {
			i := sort.Search(w.n, func(i int) bool { return w.at(i).seq > w.viewSeq })
			if w.n-i >= a.Probes {
				return false, max(w.at(i).exp-now, 1), ReasonSync
			}
		}
		return true, 0, ReasonNone
	}
	until := int64(math.MaxInt64)
	if need := w.n - allowed + 1; need <= w.n {
		until = w.nthExpiry(need)
	}
	if w.others(now) > 0 {
		until = min(until, w.foreignUntil)
	}
	if until == math.MaxInt64 || until <= now {
		// Nothing of ours to wait for (others hold the window): look
		// again after a while; a response wakes the waiter earlier.
		until = now + max(int64(a.StaleAfter), 1)
	}
	return false, until - now, ReasonWindow
}

// nthExpiry returns the time at which k of the held slots are released.
func (w *window) nthExpiry(k int) int64 {
	if k == 1 {
		m := w.at(0).exp
		for i := 1; i < w.n; i++ {
			m = min(m, w.at(i).exp)
		}
		return m
	}
	exps := make([]int64, w.n)
	for i := range exps {
		exps[i] = w.at(i).exp
	}
	slices.Sort(exps)
	return exps[k-1]
}

// simulate estimates when a request with queued others ahead of it gets a
// slot of a window of capacity c, each admission waiting for the one c
// places before it to leave the window. Slots are taken to last exactly
// the window and blocks are ignored, so it is a lower bound.
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

// countOurs counts the admissions made after from that the server counted
// before it handled a request sent at at: those whose response was
// observed by at, which it surely counted, and, with fifo, those admitted
// at least gap before at, which reached it first unless requests are
// overtaking one another (see Observe). The gap is the margin, or
// fifoGap when that is longer: a request's sending may lag its admission
// by a scheduling delay, which the margin covers, and within a busy
// burst a request admitted a millisecond earlier often reaches the
// server later; taking it for counted would hide a slot of others'.
// Others may have reached it first too, but nothing tells which, so they
// are not counted: this errs towards seeing more usage by others, never
// less. A refused (429) request was not counted.
//
// unsure counts the other admissions made after from that the server may
// have counted first: sent before at+gap (before now without fifo), not
// refused, other than the request itself (seq skip). In a dense burst
// they are most of the count of a request sent late in it.
func (w *window) countOurs(from, at, now, gap int64, fifo bool, skip uint64) (ours, unsure int) {
	before := mayPrecede(at, now, gap, fifo)
	for i := w.n - 1; i >= 0; i-- {
		e := w.at(i)
		if e.t <= from {
			break
		}
		if e.exp <= now || e.obs == rejected {
			continue
		}
		switch {
		case e.obs != 0 && e.obs <= at || fifo && e.t <= at-gap:
			ours++
		case e.t < before && e.seq != skip:
			unsure++
		}
	}
	return ours, unsure
}

// settled counts the admissions countOurs left unsure for a request sent
// at at and answered at now with the server's count count that the
// server surely counted before it: answered with a lower count while no
// hold of ours could end between the two (span is the window). The
// server's count of ours then only rose from one to the other, so the
// lower count came first. (Others leaving in between would break that:
// Observe asks only while the key is spent by this limiter alone.) In a
// dense burst, the answers of the requests sent just before this one
// settle what countOurs could not, and the excess they leave is not taken
// for others' usage.
func (w *window) settled(from, at, now, gap, span int64, fifo bool, skip uint64, count int) int {
	// Holds that may have ended by now end by fell at the latest: a count
	// taken after it can only have grown since.
	fell := w.goneUntil
	for i := 0; i < w.n; i++ {
		if e := w.at(i); e.t+span <= now {
			fell = max(fell, e.exp)
		}
	}
	before := mayPrecede(at, now, gap, fifo)
	n := 0
	for i := w.n - 1; i >= 0; i-- {
		e := w.at(i)
		if e.t <= from {
			break
		}
		switch {
		case e.exp <= now || e.obs == rejected || e.obs == 0 || e.seq == skip:
		case e.obs <= at || fifo && e.t <= at-gap || e.t >= before: // ours, or not unsure (countOurs)
		case e.cnt > 0 && e.cnt < int64(count) && fell < min(at, e.t):
			n++
		}
	}
	return n
}

// mayPrecede returns the time from which an admission cannot have
// reached the server before a request sent at at and answered at now:
// with fifo, one sent gap or more after it; otherwise one sent after now.
func mayPrecede(at, now, gap int64, fifo bool) int64 {
	if fifo {
		return min(now, at+gap)
	}
	return now
}

// earliestFree returns the earliest time at which one of the held slots
// can leave the server's window: a window after the earliest admission
// (0 when nothing is held).
func (w *window) earliestFree(now, span int64) int64 {
	m := int64(0)
	for i := 0; i < w.n; i++ {
		if e := w.at(i); e.exp > now && e.obs != rejected && (m == 0 || e.t < m) {
			m = e.t
		}
	}
	if m == 0 {
		return 0
	}
	return m + span
}

// countPossible counts the admissions the server may have counted and
// still held when it handled a request sent at at: every admission before
// before that was not refused and whose hold had not ended by at. before
// is the time of the response, or, while requests reach the server in
// admission order, the time from which an admission was sent too long
// after that request to have overtaken it. Used for a lower bound on
// others' usage.
func (w *window) countPossible(at, before int64) int {
	c := 0
	for i := 0; i < w.n; i++ {
		if e := w.at(i); e.t < before && e.obs != rejected && e.exp > at {
			c++
		}
	}
	return c
}

// observed records the response to admission seq, received at now, and
// returns the admission's entry (nil if it left the window) and the latest
// time the server can have counted it (see countBound). The slot is held
// until the window (plus the margin) has passed from that bound, and the
// bound caps the holds of the answered admissions made at least fifoGap
// earlier, which the server counted before this one. A 429 was not
// counted: its slot is released.
func (w *window) observed(seq uint64, admitted, now int64, o *Observation) (*entry, int64) {
	if rtt := now - admitted; rtt >= 0 && rtt < rttCap {
		w.rtt += (rtt - w.rtt) / 8
		if w.minRTT == 0 || rtt < w.minRTT {
			w.minRTT = rtt
		} else {
			w.minRTT += (rtt - w.minRTT) / 64
		}
	}
	i := sort.Search(w.n, func(i int) bool { return w.at(i).seq >= seq })
	if i == w.n {
		return nil, now
	}
	e := w.at(i)
	if e.seq != seq {
		return nil, now
	}
	if o.Status == 429 {
		e.obs, e.exp = rejected, now
		w.reordered(i)
		return e, now
	}
	span, margin := int64(o.Window), int64(o.Margin)
	b := w.countBound(i, now, margin)
	e.obs = now
	e.exp = b + span
	w.reordered(i)
	w.maxHeld = max(w.maxHeld, e.exp)
	_, via := w.bounds(now, margin)
	if w.maxHeld <= via+span {
		return e, b // no answered hold ends after via+span: none to shorten
	}
	gap := w.fifoGap()
	held := int64(0)
	for j := 0; j < w.n; j++ {
		x := w.at(j)
		if x.obs == 0 || x.obs == rejected {
			continue
		}
		if j != i && e.t > x.t-gap && x.exp > via+span {
			x.exp = max(x.t+span, via+span)
			w.reordered(j)
		}
		held = max(held, x.exp)
	}
	w.maxHeld = held
	return e, b
}

// reordered notes that the expiry of the admission at index i changed:
// the ring stays sorted by expiry only if it still lies between its
// neighbours'. (Changes made in ascending index order check every pair
// they touch with its final values.)
func (w *window) reordered(i int) {
	if w.unsorted {
		return
	}
	exp := w.at(i).exp
	if i > 0 && w.at(i-1).exp > exp || i+1 < w.n && w.at(i+1).exp < exp {
		w.unsorted = true
	}
}

// state reports InWindow, Foreign, Remaining and ResetAt at now.
func (w *window) state(now int64, limit int) (in, foreign, remaining int, resetAt int64) {
	for i := 0; i < w.n; i++ {
		if e := w.at(i); e.exp > now {
			if resetAt == 0 || e.exp < resetAt {
				resetAt = e.exp
			}
			in++
		}
	}
	foreign = w.others(now)
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

	// The daily counters the key spends, shared with every key of the
	// same user (writes) and of the same company (tokens); the ones of the
	// latest call, and the user and company they count for.
	wc, tc       *dayCount
	wcFor, tcFor string

	lastStatus  int
	lastHeaders RateHeaders
	lastSeen    int64
}

// dayCount is one daily counter: the POST/PUT/PATCH requests of a user,
// or the tokens of a company (each the key itself when the request names
// no user or company).
type dayCount struct {
	mu       sync.Mutex
	dead     bool
	day      int64 // UTC day number of n and limit
	n        int64 // writes or tokens spent on day
	limit    int64 // tokens: the budget the server reported on day; 0 = none
	lastUsed int64
}

func (c *dayCount) roll(now int64) {
	if d := floorDiv(now, dayNanos); d != c.day {
		c.day, c.n, c.limit = d, 0, 0
	}
}

// spentToday reports whether the counter holds anything for the UTC day
// of now.
func (c *dayCount) spentToday(now int64) bool {
	return c.day == floorDiv(now, dayNanos) && (c.n != 0 || c.limit != 0)
}

// Prefixes of the daily counters' names in MemoryStore.days: a user's
// writes and a company's tokens (the key's own when the request names no
// user or company).
const (
	writesPrefix = "w\x00"
	tokensPrefix = "t\x00"
)

// lockDay returns the named daily counter, locked and rolled to now's day.
func (s *MemoryStore) lockDay(name string, now int64) *dayCount {
	for {
		v, ok := s.days.Load(name)
		if !ok {
			v, _ = s.days.LoadOrStore(name, &dayCount{day: floorDiv(now, dayNanos), lastUsed: now})
		}
		c := v.(*dayCount)
		c.mu.Lock()
		if !c.dead {
			c.lastUsed = max(c.lastUsed, now)
			c.roll(now)
			return c
		}
		c.mu.Unlock()
	}
}

// lockDays locks the key's daily counters (after k, writes before tokens,
// so that calls on keys sharing them never deadlock) and makes them the
// key's. The caller unlocks both.
func (s *MemoryStore) lockDays(k *memKey, key, user, company string, now int64) (wc, tc *dayCount) {
	if user == "" {
		user = key
	}
	if company == "" {
		company = key
	}
	wc = s.lockKnownDay(k.wc, k.wcFor == user, writesPrefix, user, now)
	tc = s.lockKnownDay(k.tc, k.tcFor == company, tokensPrefix, company, now)
	k.wc, k.tc, k.wcFor, k.tcFor = wc, tc, user, company
	return wc, tc
}

// lockKnownDay returns the daily counter named prefix+who, locked and
// rolled to now's day: c when it is that counter (same) and still in the
// store, which spares building the name and looking it up on every call.
func (s *MemoryStore) lockKnownDay(c *dayCount, same bool, prefix, who string, now int64) *dayCount {
	if same && c != nil {
		c.mu.Lock()
		if !c.dead { // a live counter is the one the store holds under its name
			c.lastUsed = max(c.lastUsed, now)
			c.roll(now)
			return c
		}
		c.mu.Unlock()
	}
	return s.lockDay(prefix+who, now)
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
			v, loaded = s.keys.LoadOrStore(key, &memKey{lastUsed: now, lastHeaders: NoHeaders})
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
			!k.spentToday(now) {
			k.dead = true
			if s.keys.CompareAndDelete(key, k) {
				s.count.Add(-1)
			}
		} else {
			for _, w := range []*window{&k.main, &k.search} {
				w.compact(now)
				if w.n == 0 {
					w.buf = nil
				}
			}
		}
		k.mu.Unlock()
		return true
	})
	s.days.Range(func(name, v any) bool {
		c := v.(*dayCount)
		if !c.mu.TryLock() {
			return true
		}
		if now-c.lastUsed > s.idleTTL && !c.spentToday(now) {
			c.dead = true
			s.days.CompareAndDelete(name, c)
		}
		c.mu.Unlock()
		return true
	})
}

// spentToday reports whether the key's daily counters hold anything for
// today, so that the key is kept (and State reports them) until the day
// ends. k.mu is held; a counter busy elsewhere counts as spent.
func (k *memKey) spentToday(now int64) bool {
	for _, c := range []*dayCount{k.wc, k.tc} {
		if c == nil {
			continue
		}
		if !c.mu.TryLock() {
			return true
		}
		spent := c.spentToday(now)
		c.mu.Unlock()
		if spent {
			return true
		}
	}
	return false
}

// Admit implements Store.
func (s *MemoryStore) Admit(_ context.Context, key string, now time.Time, a Attempt) (Decision, error) {
	n := now.UnixNano()
	k := s.lock(key, n)
	defer k.mu.Unlock()

	n = max(n, k.lastTime)
	wc, tc := s.lockDays(k, key, a.UserKey, a.CompanyKey, n)
	defer wc.mu.Unlock()
	defer tc.mu.Unlock()
	k.span, k.defLimit, k.defSearch = int64(a.Window+a.Margin), a.Limit, a.SearchLimit
	k.cfgWrites, k.cfgTokens = a.DailyWrites, a.TokenBudget

	if a.Class == Write && a.DailyWrites > 0 && wc.n >= a.DailyWrites {
		return refuse(n, wc.day, ReasonDailyWrites, a.DailyWrites, wc.n), nil
	}
	if budget := tokenBudget(tc, a.TokenBudget); budget > 0 && a.Cost > 0 && tc.n+a.Cost > budget {
		return refuse(n, tc.day, ReasonTokens, budget, tc.n), nil
	}

	ok, wait, reason := k.main.check(n, k.main.limit(a.Limit), &a, a.Queued)
	if a.Class == Search {
		sok, swait, sreason := k.search.check(n, k.search.limit(a.SearchLimit), &a, a.Queued)
		if !sok && swait > wait {
			wait, reason = swait, sreason
			if reason == ReasonWindow {
				reason = ReasonSearch
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
	// Every admission released by now leaves the log first, so that the
	// drops counted after this one are of admissions held when it was
	// sent (see Observe).
	k.main.compact(n)
	e := entry{t: n, exp: n + k.span, seq: k.lastSeq, drops: k.main.drops}
	k.main.push(e)
	if a.Class == Search {
		k.search.compact(n)
		e.drops = k.search.drops
		k.search.push(e)
	}
	if a.Class == Write {
		wc.n++
	}
	if a.Cost > 0 {
		tc.n += a.Cost
	}
	return Decision{Admitted: true, Seq: k.lastSeq, At: time.Unix(0, n)}, nil
}

// tokenBudget is the token budget in force: the server's, else the
// configured one.
func tokenBudget(tc *dayCount, configured int64) int64 {
	if tc.limit > 0 {
		return tc.limit
	}
	return max(configured, 0)
}

func refuse(now, day int64, r Reason, limit, used int64) Decision {
	next := (day + 1) * dayNanos
	return Decision{Refused: true, Reason: r, Limit: limit, Used: used, Wait: time.Duration(next - now)}
}

// Observe implements Store.
func (s *MemoryStore) Observe(_ context.Context, key string, now time.Time, o Observation) error {
	n := now.UnixNano()
	k := s.lock(key, n)
	defer k.mu.Unlock()

	wc, tc := s.lockDays(k, key, o.UserKey, o.CompanyKey, n)
	defer wc.mu.Unlock()
	defer tc.mu.Unlock()
	h := o.Headers
	sameDay := o.Seq == 0 || floorDiv(o.Admitted.UnixNano(), dayNanos) == wc.day

	if (o.Status == 429 || o.Status == 401) && o.Seq != 0 && sameDay {
		// The request was not executed (refused for the rate, or for its
		// credential, which the client refreshes and sends again): give
		// back what it spent.
		if o.Class == Write && wc.n > 0 {
			wc.n--
		}
		tc.n = max(tc.n-max(o.Cost, 0), 0)
	}

	// A search response describes the search window (its limit is 10);
	// should one report a larger limit, it describes the main window.
	w, def := &k.main, k.defLimit
	if o.Class == Search && h.Limit <= max(k.defSearch, SearchLimit) {
		w, def = &k.search, k.defSearch
	}
	if h.Limit > 0 {
		w.learned = h.Limit
	}
	w.viewTime = n
	if w.firstView == 0 {
		w.firstView = n
	}
	var self *entry
	bound := n // the latest time the server can have counted the request
	if o.Seq != 0 {
		w.viewSeq = max(w.viewSeq, o.Seq)
		self, bound = w.observed(o.Seq, o.Admitted.UnixNano(), n, &o)
		if o.Class == Search {
			// A search holds a slot in both windows.
			other := &k.search
			if w == other {
				other = &k.main
			}
			other.observed(o.Seq, o.Admitted.UnixNano(), n, &o)
		}
	}
	if o.Status == 429 {
		d := max(h.RetryAfter, h.Reset)
		if d <= 0 {
			d = o.Window
		}
		w.blockedUntil = max(w.blockedUntil, n+int64(d))
		// Someone spent what this limiter thought free: keep the reserve.
		w.foreignSeen = n
	}
	if h.Remaining >= 0 {
		// The server had limit-remaining slots spent when it handled this
		// request. Of those, ours are the requests it counted before this
		// one (and this one, unless refused); the rest is others' usage.
		// Requests admitted a little apart reach the server in admission
		// order, so those admitted before this one count as ours: with
		// many requests in flight (a slow link), counting only the ones
		// answered before this one was sent would take every request in
		// flight for someone else's. When the server counted fewer than
		// that order implies, requests are overtaking one another (a
		// request's sending may lag its admission by any scheduling
		// delay): for headroomFor only the answered ones count, which
		// errs towards seeing more usage by others, never less.
		// Responses arrive in any order, and requests sent together reach
		// the server in any order, so the lowest estimate among them is
		// the best one.
		at := o.Admitted.UnixNano()
		if o.Seq == 0 {
			at = n - 2*w.rtt
			at -= at % 1000 // in whole microseconds, as the Redis store
		}
		count, from := w.limit(def)-h.Remaining, bound-int64(o.Window)
		adj := 0
		if self != nil && self.obs <= at {
			adj-- // counted by countOurs; counted again below
		}
		if self != nil && o.Status != 429 {
			adj++
		}
		fifo := w.reorderAt == 0 || n-w.reorderAt > int64(headroomFor)
		gap := max(w.fifoGap(), int64(o.Margin))
		ours, unsure := w.countOurs(from, at, n, gap, fifo, o.Seq)
		ours += adj
		if fifo && count < ours {
			w.reorderAt = n
			fifo = false
			ours, unsure = w.countOurs(from, at, n, gap, false, o.Seq)
			ours += adj
		}
		raw := max(count-ours, 0)
		// What the count proves of others: its excess over every request
		// of ours the server can have counted (those still in the log,
		// and those dropped from it since the request was sent). Without
		// the request's own entry, only the excess over the ones admitted
		// without surely having been counted first (unsure).
		proven := raw - unsure
		if self != nil {
			possible := w.countPossible(at, mayPrecede(at, n, gap, fifo)) + int(w.drops-self.drops)
			proven = count - possible
			if proven > 0 {
				// Others surely spend the window: the reserve applies.
				w.foreignSeen = n
			}
			if o.Status != 429 {
				if raw > 0 && w.alone(n) {
					raw = max(raw-w.settled(from, at, n, gap, int64(o.Window), fifo, o.Seq, count), 0)
				}
				self.cnt = int64(count)
			}
		}
		// Requests sent together (a burst) were counted in some order:
		// the one counted first saw the fewest of ours and gives the
		// truth, so among them the lowest estimate stands, and only a
		// request sent foreignFresh later tells of a rise. While the key
		// is known to be spent by this limiter alone, a rise must be
		// proven, and an estimate that ours explain renews the standing
		// one: the rest of a count may be ours, the requests of a
		// refilling burst sent just before the request, and those sent a
		// window earlier that the server may still have counted. (Taken
		// for others', they kept most of the window free for up to a few
		// hundred milliseconds after a burst whose request answered first
		// was sent late in it.) A proven rise ends the alone state (see
		// foreignSeen above), and with it this leniency.
		reset := h.Reset
		if reset < 0 || reset > o.Window {
			reset = o.Window
		}
		// Others' slots counted by then are gone a window later.
		until := min(n+int64(reset), bound+int64(o.Window))
		f, update := raw, raw <= w.foreign || n >= w.foreignUntil
		switch {
		case update:
		case w.alone(n):
			if proven > w.foreign {
				f, update = proven, true
			} else {
				// Ours explain the count: the standing estimate is still
				// the best there is.
				w.foreignUntil = max(w.foreignUntil, until)
			}
		case at-w.foreignAt > foreignFresh:
			update = true
		}
		if update {
			w.foreign, w.foreignAt, w.foreignUntil = f, at, until
		}
		// (Only from a report made once the counts have been watched for
		// startupFor: the first burst's tells nothing of others, who may
		// spend the slots that free while nothing is sent.)
		if h.Remaining == 0 && o.Status != 429 && n-w.firstView >= int64(startupFor) {
			w.fullUntil = max(w.fullUntil, w.earliestFree(n, int64(o.Window)))
		}
		if f >= w.foreignPeak || n-w.peakAt > int64(headroomFor) {
			w.foreignPeak, w.peakAt = f, n
		}
	}
	if sameDay {
		// The server counts these per user and per company: its figures
		// update the shared counters.
		if h.DailyRequestsLeft >= 0 && o.DailyWrites > 0 {
			wc.n = max(wc.n, o.DailyWrites-int64(h.DailyRequestsLeft))
		}
		if h.TokenLimit > 0 {
			tc.limit = h.TokenLimit
		}
		if h.TokenRemaining >= 0 {
			if lim := tokenBudget(tc, o.TokenBudget); lim > 0 {
				tc.n = max(tc.n, lim-h.TokenRemaining)
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
	ks.InWindow, ks.Foreign, ks.Remaining, resetAt = k.main.state(n, ks.Limit)
	if resetAt != 0 {
		ks.ResetAt = time.Unix(0, resetAt)
	}
	if n < k.main.blockedUntil {
		ks.BlockedUntil = time.Unix(0, k.main.blockedUntil)
		ks.Remaining = 0
	}
	ks.SearchLimit = k.search.limit(k.defSearch)
	ks.SearchInWindow, _, ks.SearchRemaining, _ = k.search.state(n, ks.SearchLimit)
	ks.DailyWritesLeft = -1
	ks.TokenBudget = max(k.cfgTokens, 0)
	today := floorDiv(n, dayNanos)
	if c := k.wc; c != nil {
		c.mu.Lock()
		if c.day == today {
			ks.DailyWritesUsed = c.n
		}
		c.mu.Unlock()
	}
	if c := k.tc; c != nil {
		c.mu.Lock()
		if c.day == today {
			ks.TokensSpent, ks.TokenBudget = c.n, tokenBudget(c, k.cfgTokens)
		}
		c.mu.Unlock()
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
