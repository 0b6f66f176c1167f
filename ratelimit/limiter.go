package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultMargin is how much longer than the 2-second window an admission
// keeps its slot locally, beyond what its response's timing requires.
// Once a response is observed, the slot is held until the window has
// passed from (about) when the server counted the request, so slow
// connections and network delays are accounted for; the margin covers
// the rest: an asymmetric path (never more than half the round trip,
// since the server counted the request before it answered), and, when the
// bound comes from the answer to a request sent with or after this one,
// the spread of a burst and a request's sending that lags its admission.
const DefaultMargin = 20 * time.Millisecond

// DefaultStaleAfter is how old the latest response of a key may be before
// the limiter stops trusting its view of the server's window: a burst
// after a quiet spell then starts with two requests, and the rest follow
// as soon as one of them is answered (one round trip later). Others, such
// as a user in the web app, may have spent slots meanwhile.
const DefaultStaleAfter = 250 * time.Millisecond

// DefaultReserve is how many slots of every window a Limiter keeps free
// for others while others are found spending the window (see WithReserve):
// people clicking in the web app on the same credential. The limiter
// learns of a click only from a later response's x-ratelimit-remaining
// (its estimate of others' usage lags by a round trip, and the server
// counts a refilling burst in any order), so the reserve must cover the
// clicks that land meanwhile. Measured with people clicking 5 times a
// second beside a sync at full speed (BenchmarkSaturation/ui): with 2
// slots, the sync got 429s in 2 runs of 5; with 4, none in 7 runs (nor in
// 10 runs of TestEndToEndNo429), at most one click in 40 landed on a full
// window, and the sync got 0.87 of the rate people leave. The reserve is also kept for a window after
// the first response, before the server's counts have shown whether
// anyone else spends the window. A credential used by this process alone
// (nobody else found spending its window for 30 s) keeps nothing back, so
// that a sync gets the whole window; the cost is paid when people start
// clicking on such a credential: their first clicks land on a full
// window, and the sync meets a 429 or more before the server's counts
// bring the reserve back (BenchmarkSaturation/ui=5/s-joining, people
// starting 4 s into a sync: 2 to 10 429s and 10 to 17 of their first 29
// clicks on a full window, in 4 runs).
const DefaultReserve = 4

// Limiter paces the requests of every credential that goes through it: a
// rolling 2-second window per key (an exact sliding log), the 10-per-2-s
// search window, the daily write budget and the daily token budget, all
// corrected by the rate headers of every response. It implements Admitter.
//
// Waiting requests of one key are admitted lane by lane (see Priority),
// in FIFO order within a lane, each in its own goroutine (the caller's);
// there is no background goroutine. A Limiter is
// safe for concurrent use, and every client that shares it shares the
// budgets of the keys it handles: pass one Limiter to all clients of a
// process, or let them use Default.
type Limiter struct {
	store Store
	clock Clock
	log   *slog.Logger

	plan         Plan
	limit        int
	margin       time.Duration
	reserve      int
	dailyWrites  int64
	tokenBudget  int64
	waitForReset bool
	idleTTL      int64

	queues    sync.Map // key -> *queue
	nextSweep atomic.Int64
	idents    identities // who each key acts for (Identify)
}

// Option configures a Limiter.
type Option func(*Limiter) error

// WithStore sets where the state lives (default: a MemoryStore, private
// to the Limiter).
func WithStore(s Store) Option {
	return func(l *Limiter) error {
		if s == nil {
			return errors.New("ratelimit: WithStore: nil store")
		}
		l.store = s
		return nil
	}
}

// WithClock sets the clock (default: SystemClock). Tests pass a fake.
func WithClock(c Clock) Option {
	return func(l *Limiter) error {
		if c == nil {
			return errors.New("ratelimit: WithClock: nil clock")
		}
		l.clock = c
		return nil
	}
}

// WithLogger makes the limiter write debug lines when a request has to
// wait or a key is blocked by the server. Lines carry the key (a hash,
// never a secret), never a credential. Without it, the limiter logs about
// a request to the logger the request carries (Request.Logger: the
// client's, pipedrive.WithLogger), or nowhere.
func WithLogger(lg *slog.Logger) Option {
	return func(l *Limiter) error {
		l.log = lg
		return nil
	}
}

// WithPlan sets the plan assumed for requests whose Request.Plan is zero,
// until a response's x-ratelimit-limit reveals the real window. Without
// it, the lowest plan for the credential's kind is assumed.
func WithPlan(p Plan) Option {
	return func(l *Limiter) error {
		if !p.Valid() {
			return fmt.Errorf("ratelimit: WithPlan: unknown plan %d", uint8(p))
		}
		l.plan = p
		return nil
	}
}

// WithLimit sets the window size N assumed for every key until a response
// reveals the real one; it takes precedence over the plans.
func WithLimit(n int) Option {
	return func(l *Limiter) error {
		if n < 1 {
			return fmt.Errorf("ratelimit: WithLimit: limit must be at least 1, got %d", n)
		}
		l.limit = n
		return nil
	}
}

// WithMargin sets how much longer than 2 s an admission keeps its slot
// locally (default DefaultMargin). Raise it for links with much latency
// jitter; lowering it raises throughput and the risk of a 429.
func WithMargin(d time.Duration) Option {
	return func(l *Limiter) error {
		if d < 0 || d > Window {
			return fmt.Errorf("ratelimit: WithMargin: margin must be within [0, %s], got %s", Window, d)
		}
		l.margin = d
		return nil
	}
}

// WithReserve sets how many slots of every window are kept free for
// others, such as the web app's users, while others are found spending the
// window (default DefaultReserve): the server's x-ratelimit-remaining
// showing usage that is not this limiter's within the last 30 s. The
// reserve is at most half the window. Zero leaves others only what the
// server's count shows they spend; it raises a sync's share of a busy
// window and the odds that people's clicks land on a full window.
func WithReserve(k int) Option {
	return func(l *Limiter) error {
		if k < 0 {
			return fmt.Errorf("ratelimit: WithReserve: reserve must not be negative, got %d", k)
		}
		l.reserve = k
		return nil
	}
}

// WithDailyWriteLimit sets the daily POST/PUT/PATCH budget per key
// (default DefaultDailyWriteLimit). Zero disables the local count; the
// server's 429s still apply.
func WithDailyWriteLimit(n int64) Option {
	return func(l *Limiter) error {
		if n < 0 {
			return fmt.Errorf("ratelimit: WithDailyWriteLimit: limit must not be negative, got %d", n)
		}
		l.dailyWrites = n
		return nil
	}
}

// WithDailyTokenBudget sets the daily token budget per key (see
// DailyTokenBudget for Pipedrive's formula). A request whose cost would
// exceed it fails with ErrTokenBudget. A budget reported by the server's
// x-daily-ratelimit-token-limit header takes precedence. Zero (the
// default) means unknown: nothing is refused until the server reports one.
func WithDailyTokenBudget(tokens int64) Option {
	return func(l *Limiter) error {
		if tokens < 0 {
			return fmt.Errorf("ratelimit: WithDailyTokenBudget: budget must not be negative, got %d", tokens)
		}
		l.tokenBudget = tokens
		return nil
	}
}

// WithWaitForDailyReset makes a write whose key has spent its daily write
// budget wait for midnight UTC (honouring its context) instead of failing
// at once with ErrDailyWriteLimit. Reads are never held up by it.
func WithWaitForDailyReset(wait bool) Option {
	return func(l *Limiter) error {
		l.waitForReset = wait
		return nil
	}
}

// WithIdleTTL sets how long an unused key is remembered (default
// DefaultIdleTTL). It applies to the limiter's queues and to the memory
// store the limiter creates when WithStore is not given.
func WithIdleTTL(d time.Duration) Option {
	return func(l *Limiter) error {
		if d <= 0 {
			return fmt.Errorf("ratelimit: WithIdleTTL: must be positive, got %s", d)
		}
		l.idleTTL = int64(d)
		return nil
	}
}

// New returns a Limiter. Without options it keeps its state in memory,
// uses the system clock, assumes the lowest plan until headers reveal the
// window, and enforces the default daily write budget.
func New(opts ...Option) (*Limiter, error) {
	l := &Limiter{
		clock:       SystemClock{},
		margin:      DefaultMargin,
		reserve:     DefaultReserve,
		dailyWrites: DefaultDailyWriteLimit,
		idleTTL:     int64(DefaultIdleTTL),
	}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(l); err != nil {
			return nil, err
		}
	}
	if l.store == nil {
		l.store = NewMemoryStore(time.Duration(l.idleTTL))
	}
	return l, nil
}

// defaultLimiter is the one piece of process-wide state in the SDK. It
// exists because Pipedrive counts every request of a token against one
// budget, however many Clients the program builds on that token: clients
// built separately (in different packages, per request, per tenant) must
// still pace themselves together, and only a shared Limiter can do that.
var defaultLimiter = sync.OnceValue(func() *Limiter {
	l, err := New()
	if err != nil {
		panic("ratelimit: default limiter: " + err.Error()) // unreachable: New without options cannot fail
	}
	return l
})

// Default returns the process-wide Limiter that clients use when none is
// given to them. It is created on first use with New's defaults. All
// clients of the process built on the same credential therefore share one
// budget, which is what Pipedrive enforces. Programs that want another
// configuration pass their own Limiter to every client.
func Default() *Limiter { return defaultLimiter() }

// queue holds the requests of one key waiting in this process, in lanes
// (see Priority). Only its head, waiters[0], talks to the store; the
// others wait for their turn, in arrival order, and the lanes decide
// which of them becomes the next head (nextHead).
type queue struct {
	mu       sync.Mutex
	dead     bool
	waiters  []*waiter
	passed   [numLanes]int // per lane: heads taken from higher lanes while it waited
	bgNext   int64         // earliest next Background admission (Unix ns; see pace)
	limit    atomic.Int64  // the window size last announced by x-ratelimit-limit, 0 before
	lastUsed int64
	poke     chan struct{} // wakes the head when a response arrives
	waited   int64         // admissions that had to wait
	waitedNs int64         // their total wait
}

type waiter struct {
	turn chan struct{} // receives when the waiter becomes the head
	lane int8          // its Priority's rank
}

// lockQueue returns the key's queue, locked.
func (l *Limiter) lockQueue(key string, now int64) *queue {
	l.maybeSweep(now)
	for {
		v, ok := l.queues.Load(key)
		if !ok {
			v, _ = l.queues.LoadOrStore(key, &queue{poke: make(chan struct{}, 1)})
		}
		q := v.(*queue)
		q.mu.Lock()
		if !q.dead {
			q.lastUsed = now
			return q
		}
		q.mu.Unlock()
	}
}

func (l *Limiter) maybeSweep(now int64) {
	next := l.nextSweep.Load()
	if now < next || !l.nextSweep.CompareAndSwap(next, now+min(l.idleTTL/2, int64(maxSweepEvery))) {
		return
	}
	if next == 0 {
		return
	}
	l.queues.Range(func(key, v any) bool {
		q := v.(*queue)
		if q.mu.TryLock() {
			if len(q.waiters) == 0 && now-q.lastUsed > l.idleTTL {
				q.dead = true
				l.queues.CompareAndDelete(key, q)
			}
			q.mu.Unlock()
		}
		return true
	})
}

// popHead removes the head (w) and hands the turn to the next waiter,
// chosen by lane (nextHead). q.mu must be held.
func (q *queue) popHead() {
	q.waiters[0] = nil
	q.waiters = q.waiters[1:]
	if len(q.waiters) > 0 {
		q.promote(q.nextHead())
		q.waiters[0].turn <- struct{}{}
	} else {
		q.waiters = nil
	}
}

// leave removes w from the queue, passing the turn on if w was the head.
func (q *queue) leave(w *waiter) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, x := range q.waiters {
		if x != w {
			continue
		}
		if i == 0 {
			q.popHead()
		} else {
			q.waiters = append(q.waiters[:i], q.waiters[i+1:]...)
		}
		return
	}
}

// attempt turns a Request into the store's Attempt.
func (l *Limiter) attempt(r Request) Attempt {
	a := Attempt{
		Class:       r.Class,
		Cost:        int64(max(r.Cost, 0)),
		SearchLimit: SearchLimit,
		Window:      Window,
		Margin:      l.margin,
		Headroom:    l.reserve,
		StaleAfter:  DefaultStaleAfter,
		Probes:      2,
		DailyWrites: l.dailyWrites,
		TokenBudget: l.tokenBudget,
		UserKey:     r.User,
		CompanyKey:  r.Company,
	}
	switch {
	case r.Plan != PlanUnknown:
		a.Limit = r.Plan.Limit(r.Kind)
	case l.limit > 0:
		a.Limit = l.limit
	default:
		a.Limit = l.plan.Limit(r.Kind)
	}
	if r.TokenBudget > 0 {
		a.TokenBudget = r.TokenBudget
	}
	return a
}

var errNilContext = errors.New("ratelimit: nil context")

// Admit waits until r may be sent and returns the Ticket to pass to
// Observe with the response. It returns without waiting and without
// admitting when a daily budget is spent (ErrDailyWriteLimit,
// ErrTokenBudget), when the wait would outlast ctx's deadline
// (ErrWaitExceedsDeadline, with the wait in a *WaitError), when a block
// ordered by the server would last longer than r.MaxWait
// (ErrWaitExceedsMax, with the wait in a *WaitError), or when ctx ends
// (ctx.Err()). Requests of one key that wait are admitted lane by lane,
// first come, first served within a lane (see Priority): r.Priority, or
// when it is zero the priority ctx carries (WithPriority). A request
// without User or Company gets those the limiter knows for r.Key
// (Identify).
func (l *Limiter) Admit(ctx context.Context, r Request) (Ticket, error) {
	if ctx == nil {
		return Ticket{}, errNilContext
	}
	r = l.identified(r)
	r.Priority = priority(ctx, r)
	a := l.attempt(r)
	for {
		t, resetWait, err := l.admitOnce(ctx, r, a)
		if resetWait == 0 {
			return t, err
		}
		// A write waiting for the daily budget: wait outside the queue so
		// reads of the key are not held up.
		l.debug("ratelimit: write waits for the daily budget", r, resetWait, ReasonDailyWrites, 0)
		if err := l.sleep(ctx, resetWait); err != nil {
			return Ticket{}, err
		}
	}
}

// admitOnce runs one pass through the queue. A non-zero resetWait asks the
// caller to wait that long for the daily write budget and try again.
func (l *Limiter) admitOnce(ctx context.Context, r Request, a Attempt) (t Ticket, resetWait time.Duration, err error) {
	if err := ctx.Err(); err != nil {
		return Ticket{}, 0, err
	}
	start := l.clock.Now()
	q := l.lockQueue(r.Key, start.UnixNano())
	// The time of the decision is after the lock, which another request's
	// store call may have held for a while.
	now := l.clock.Now()
	var w *waiter
	var d Decision
	lane := r.Priority.rank()
	if p := q.pace(lane, now.UnixNano()); len(q.waiters) == 0 && p > 0 {
		// A background request too close behind the last one waits as
		// the head.
		d = Decision{Wait: p, Reason: ReasonWindow}
		if err := l.checkWait(ctx, d, r); err != nil {
			q.mu.Unlock()
			return Ticket{}, 0, err
		}
		w = &waiter{turn: make(chan struct{}, 1), lane: lane}
		q.waiters = append(q.waiters, w)
		q.mu.Unlock()
	} else if len(q.waiters) == 0 {
		d, err = l.store.Admit(ctx, r.Key, now, a)
		if err != nil {
			q.mu.Unlock()
			return Ticket{}, 0, fmt.Errorf("ratelimit: store: %w", err)
		}
		if d.Admitted {
			q.admitted(lane, now.UnixNano(), a)
			q.mu.Unlock()
			return Ticket{Seq: d.Seq, Admitted: d.At}, 0, nil
		}
		if d.Refused {
			q.mu.Unlock()
			return l.refusal(ctx, d, r, a)
		}
		if err := l.checkWait(ctx, d, r); err != nil {
			q.mu.Unlock()
			return Ticket{}, 0, err
		}
		w = &waiter{turn: make(chan struct{}, 1), lane: lane}
		q.waiters = append(q.waiters, w)
		q.mu.Unlock()
	} else {
		ahead := q.ahead(lane)
		pa := a
		pa.Queued = ahead
		d, err = l.store.Admit(ctx, r.Key, now, pa)
		if err != nil {
			q.mu.Unlock()
			return Ticket{}, 0, fmt.Errorf("ratelimit: store: %w", err)
		}
		if d.Refused {
			q.mu.Unlock()
			return l.refusal(ctx, d, r, a)
		}
		if err := l.checkWait(ctx, d, r); err != nil {
			q.mu.Unlock()
			return Ticket{}, 0, err
		}
		w = &waiter{turn: make(chan struct{}, 1), lane: lane}
		q.waiters = append(q.waiters, w)
		q.mu.Unlock()
		l.debug("ratelimit: request queued", r, d.Wait, d.Reason, ahead)
		select {
		case <-w.turn:
		case <-ctx.Done():
			q.leave(w)
			return Ticket{}, 0, ctx.Err()
		}
		d = Decision{} // now the head: try at once
	}

	// w is the head of the queue. A shared store may wake it when another
	// process observes a response.
	var wake <-chan struct{}
	if wk, ok := l.store.(Waker); ok {
		var stop func()
		wake, stop = wk.Wake(r.Key)
		defer stop()
	}
	wait := d.Wait
	for {
		if wait > 0 {
			l.debug("ratelimit: request waits", r, wait, d.Reason, 0)
			if err := l.sleepOrPoke(ctx, wait, q.poke, wake); err != nil {
				q.leave(w)
				return Ticket{}, 0, err
			}
		}
		q.mu.Lock()
		now = l.clock.Now()
		q.lastUsed = now.UnixNano()
		if p := q.pace(lane, q.lastUsed); p > 0 {
			q.mu.Unlock()
			wait, d.Reason = p, ReasonWindow
			continue
		}
		d, err = l.store.Admit(ctx, r.Key, now, a)
		switch {
		case err != nil:
			q.popHead()
			q.mu.Unlock()
			return Ticket{}, 0, fmt.Errorf("ratelimit: store: %w", err)
		case d.Admitted:
			q.admitted(lane, q.lastUsed, a)
			q.popHead()
			q.waited++
			q.waitedNs += max(int64(now.Sub(start)), 0)
			q.mu.Unlock()
			return Ticket{Seq: d.Seq, Admitted: d.At}, 0, nil
		case d.Refused:
			q.popHead()
			q.mu.Unlock()
			return l.refusal(ctx, d, r, a)
		}
		if err := l.checkWait(ctx, d, r); err != nil {
			q.popHead()
			q.mu.Unlock()
			return Ticket{}, 0, err
		}
		q.mu.Unlock()
		wait = d.Wait
	}
}

// refusal turns a refused decision into an error, or into a wait for the
// daily write budget when the limiter is configured to wait.
func (l *Limiter) refusal(ctx context.Context, d Decision, r Request, a Attempt) (Ticket, time.Duration, error) {
	if d.Reason == ReasonDailyWrites && l.waitForReset {
		if err := l.checkWait(ctx, d, r); err != nil {
			return Ticket{}, 0, err
		}
		return Ticket{}, d.Wait, nil
	}
	err := &BudgetError{Reason: d.Reason, Limit: d.Limit, Used: d.Used, Cost: a.Cost,
		ResetAt: l.clock.Now().Add(d.Wait).UTC()}
	if d.Reason == ReasonDailyWrites {
		err.Cost = 1
	}
	l.debug("ratelimit: request refused", r, 0, d.Reason, 0)
	return Ticket{}, 0, err
}

// checkWait refuses a wait that r must not sit through: a server block
// longer than r.MaxWait, or any wait that outlasts ctx's deadline.
func (l *Limiter) checkWait(ctx context.Context, d Decision, r Request) error {
	if r.MaxWait > 0 && d.Reason == ReasonServer && d.Wait > r.MaxWait {
		return &WaitError{Wait: d.Wait, Max: r.MaxWait, Reason: d.Reason}
	}
	dl, ok := ctx.Deadline()
	if !ok || d.Reason == ReasonSync {
		// A sync wait ends with the next response, long before its
		// nominal timeout: no estimate to refuse on.
		return nil
	}
	// The context's deadline runs on the real clock whatever the
	// limiter's clock is.
	if left := time.Until(dl); d.Wait > left {
		return &WaitError{Wait: d.Wait, Left: max(left, 0), Reason: d.Reason}
	}
	return nil
}

// sleepOrPoke sleeps like sleep but also returns early when a response
// of the key is observed, here (poke) or by another process sharing the
// store (wake, nil without a Waker), since it may have changed the wait.
func (l *Limiter) sleepOrPoke(ctx context.Context, d time.Duration, poke chan struct{}, wake <-chan struct{}) error {
	c, stop := l.clock.Timer(d)
	select {
	case <-c:
		return nil
	case <-poke:
		stop()
		return nil
	case <-wake:
		stop()
		return nil
	case <-ctx.Done():
		stop()
		return ctx.Err()
	}
}

func (l *Limiter) sleep(ctx context.Context, d time.Duration) error {
	c, stop := l.clock.Timer(d)
	select {
	case <-c:
		return nil
	case <-ctx.Done():
		stop()
		return ctx.Err()
	}
}

// logger is where the limiter logs about r: its own logger (WithLogger),
// else the one r carries (the client's), else nil.
func (l *Limiter) logger(r Request) *slog.Logger {
	if l.log != nil {
		return l.log
	}
	return r.Logger
}

func (l *Limiter) debug(msg string, r Request, wait time.Duration, reason Reason, ahead int) {
	lg := l.logger(r)
	if lg == nil || !lg.Enabled(context.Background(), slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{slog.String("key", r.Key), slog.String("class", r.Class.String())}
	if wait > 0 {
		attrs = append(attrs, slog.Duration("wait", wait))
	}
	if reason != ReasonNone {
		attrs = append(attrs, slog.String("reason", reason.String()))
	}
	if ahead > 0 {
		attrs = append(attrs, slog.Int("ahead", ahead))
	}
	if r.Priority != Normal {
		attrs = append(attrs, slog.String("lane", r.Priority.String()))
	}
	lg.LogAttrs(context.Background(), slog.LevelDebug, msg, attrs...)
}

// Observe folds a response into the key's state: the window size from
// x-ratelimit-limit, the server's count from x-ratelimit-remaining and
// x-ratelimit-reset (which caps admissions until that reset, because the
// web UI and other processes spend the same window), a block until the
// reset on a 429 (whose daily write and token cost are given back, as the
// request was not executed), and the daily counters from
// x-daily-requests-left and the token headers. Responses may be observed
// in any order. t may be the zero Ticket for requests that bypassed Admit.
func (l *Limiter) Observe(r Request, t Ticket, status int, h http.Header) {
	r = l.observeLanes(r, h)
	now := l.clock.Now()
	o := Observation{
		Seq:         t.Seq,
		Admitted:    t.Admitted,
		Class:       r.Class,
		Status:      status,
		Cost:        int64(max(r.Cost, 0)),
		Headers:     blockCapped(ParseHeaders(h, now)),
		Window:      Window,
		Margin:      l.margin,
		DailyWrites: l.dailyWrites,
		TokenBudget: l.tokenBudget,
		UserKey:     r.User,
		CompanyKey:  r.Company,
	}
	if r.TokenBudget > 0 {
		o.TokenBudget = r.TokenBudget
	}
	if t.Seq == 0 {
		o.Admitted = time.Time{}
	}
	if err := l.store.Observe(context.Background(), r.Key, now, o); err != nil && l.logger(r) != nil {
		l.logger(r).LogAttrs(context.Background(), slog.LevelWarn, "ratelimit: store failed to record a response",
			slog.String("key", r.Key), slog.String("error", err.Error()))
	}
	if v, ok := l.queues.Load(r.Key); ok {
		select {
		case v.(*queue).poke <- struct{}{}:
		default:
		}
	}
	if status == http.StatusTooManyRequests {
		l.debug("ratelimit: key blocked by the server", r, max(o.Headers.RetryAfter, o.Headers.Reset), ReasonServer, 0)
	}
}

// blockCapped limits the waits a response announces to MaxServerBlock,
// before the store turns them into a block of the key.
func blockCapped(h RateHeaders) RateHeaders {
	h.Reset = min(h.Reset, MaxServerBlock)
	h.RetryAfter = min(h.RetryAfter, MaxServerBlock)
	return h
}

// State returns a snapshot of the key's state: the window in force, the
// slots held and left, when the next slot frees, a server block, the daily
// writes and tokens, the last response's rate headers, and the number of
// requests of this process waiting. A key the limiter does not hold (never
// used, or evicted when idle) has Known false.
func (l *Limiter) State(ctx context.Context, key string) (KeyState, error) {
	if ctx == nil {
		return KeyState{}, errNilContext
	}
	s, ok, err := l.store.State(ctx, key, l.clock.Now())
	if err != nil {
		return KeyState{}, fmt.Errorf("ratelimit: store: %w", err)
	}
	if !ok {
		s = KeyState{}
	}
	if v, ok := l.queues.Load(key); ok {
		q := v.(*queue)
		q.mu.Lock()
		s.Waiting = len(q.waiters)
		s.Waited, s.WaitedFor = q.waited, time.Duration(q.waitedNs)
		q.mu.Unlock()
	}
	return s, nil
}

var _ Admitter = (*Limiter)(nil)
