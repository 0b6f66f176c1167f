package redisstore

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/redis/go-redis/v9"
)

// DefaultPrefix starts the name of every Redis key the store writes.
const DefaultPrefix = "pipedrive:rl:"

// DefaultCooldown is how often the store probes Redis after a failed call
// (see WithCooldown).
const DefaultCooldown = time.Second

// ErrUnavailable reports that Redis could not be reached (or failed) while
// the store needed it. Without a fallback (see WithFallback) the request was
// not sent. Match it with errors.Is; the underlying Redis error is wrapped
// as well.
var ErrUnavailable = errors.New("redisstore: Redis unavailable")

// UnavailableError is the error behind ErrUnavailable: which store call
// failed and why.
type UnavailableError struct {
	Op  string // "admit", "observe" or "state"
	Err error  // the Redis client's error (nil while cooling down after one)
}

// Error says which call failed, that nothing was admitted, and why.
func (e *UnavailableError) Error() string {
	msg := "redisstore: Redis unavailable during " + e.Op
	if e.Op == "admit" {
		msg += ", request not admitted (the store fails closed; see redisstore.WithFallback)"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Is matches ErrUnavailable.
func (e *UnavailableError) Is(target error) bool { return target == ErrUnavailable }

// Unwrap returns the Redis client's error.
func (e *UnavailableError) Unwrap() error { return e.Err }

//go:embed lua/common.lua
var luaCommon string

//go:embed lua/admit.lua
var luaAdmit string

//go:embed lua/observe.lua
var luaObserve string

//go:embed lua/state.lua
var luaState string

// The scripts, loaded once per Redis server (EVALSHA, with EVAL when the
// server does not know a script yet).
var (
	admitScript   = redis.NewScript(luaCommon + "\n" + luaAdmit)
	observeScript = redis.NewScript(luaCommon + "\n" + luaObserve)
	stateScript   = redis.NewScript(luaCommon + "\n" + luaState)
)

// DefaultSyncPoll bounds the waits for a fresh server view (see WithSyncPoll).
const DefaultSyncPoll = 10 * time.Millisecond

// wokenPollFactor lengthens the sync poll of a head that pub/sub wakes.
const wokenPollFactor = 25

// fallbackSeq marks the sequence numbers of tickets the local fallback
// store admitted, so that their responses go back to it.
const fallbackSeq = uint64(1) << 62

// Store is a ratelimit.Store on Redis: every process that uses a Store on
// the same Redis (and key prefix) shares one budget per credential. Each
// method runs one Lua script, atomically, with Redis's clock. A Store is
// safe for concurrent use.
type Store struct {
	rdb      redis.Scripter
	prefix   string
	idleMs   int64
	cooldown time.Duration
	caller   bool
	syncPoll time.Duration
	procs    int
	log      *slog.Logger

	sub subscriber // nil when the client cannot subscribe
	hub hub

	names      sync.Map // limit key -> *named, for State
	nextForget atomic.Int64

	local    *ratelimit.MemoryStore // the fallback; nil when failing closed
	down     atomic.Bool            // a call failed; calls skip Redis until a probe answers
	probing  atomic.Bool            // the probe goroutine runs
	wanted   atomic.Int64           // unix ns of the latest call that skipped Redis
	lastErr  atomic.Pointer[errBox]
	degraded atomic.Bool
}

type errBox struct{ err error }

// Option configures a Store.
type Option func(*Store) error

// WithPrefix sets the start of every key name (default DefaultPrefix).
// Stores that must not share budgets use different prefixes.
func WithPrefix(p string) Option {
	return func(s *Store) error {
		if p == "" {
			return errors.New("redisstore: WithPrefix: empty prefix")
		}
		s.prefix = p
		return nil
	}
}

// WithIdleTTL sets how long Redis keeps the window state of a key nobody
// uses (default ratelimit.DefaultIdleTTL). The daily counters live until
// their UTC day has ended, whatever the TTL.
func WithIdleTTL(d time.Duration) Option {
	return func(s *Store) error {
		if d < time.Second {
			return fmt.Errorf("redisstore: WithIdleTTL: must be at least 1s, got %s", d)
		}
		s.idleMs = d.Milliseconds()
		return nil
	}
}

// WithFallback makes the store degrade instead of failing closed when Redis
// is unreachable: decisions are then taken by a local in-memory store at
// 1/processes of every limit (the window, the search window and the daily
// budgets), so that the processes together stay within the
// limits while Redis is away. processes is the number of processes sharing
// the credential. Redis is tried again after the cooldown; what the local
// store admitted is not copied into Redis when it comes back, and the
// server's headers correct the difference. The local daily counts start at
// zero (each process may spend 1/processes of the daily budgets during the
// outage, on top of what Redis had counted, unless the server's
// x-daily-requests-left says otherwise).
func WithFallback(processes int) Option {
	return func(s *Store) error {
		if processes < 1 {
			return fmt.Errorf("redisstore: WithFallback: processes must be at least 1, got %d", processes)
		}
		s.procs = processes
		return nil
	}
}

// WithCooldown sets how often Redis is probed after a failure (default
// DefaultCooldown). From a failure until a probe finds Redis answering,
// calls do not wait for Redis: they fail at once with ErrUnavailable, or go
// to the fallback. One goroutine of the store probes, in the background,
// so that no call (and no queue of calls behind it) waits for a
// connection to be refused; it stops when the store has gone unused for
// a minute and starts again with the next call. Zero tries Redis on every
// call instead, without a probe.
func WithCooldown(d time.Duration) Option {
	return func(s *Store) error {
		if d < 0 {
			return fmt.Errorf("redisstore: WithCooldown: must not be negative, got %s", d)
		}
		s.cooldown = d
		return nil
	}
}

// WithSyncPoll bounds how long a request waits for a fresh view of the
// server's window (ratelimit.ReasonSync) before asking Redis again
// (default DefaultSyncPoll; 0 leaves the wait unbounded). After a quiet
// spell only a couple of requests go until one of their responses
// arrives; the limiter wakes its waiters when its own process observes a
// response, but a response observed by another process wakes nobody here,
// so without this bound a process whose requests were not among the
// probes would sit out a whole window while the others go on.
func WithSyncPoll(d time.Duration) Option {
	return func(s *Store) error {
		if d < 0 {
			return fmt.Errorf("redisstore: WithSyncPoll: must not be negative, got %s", d)
		}
		s.syncPoll = d
		return nil
	}
}

// WithCallerClock makes the store use the times the limiter passes in (the
// limiter's Clock) instead of Redis's clock. Use it with a fake clock in
// tests, or when every host's clock is tightly synchronised; by default
// the Redis server's TIME is the one clock all processes share.
func WithCallerClock() Option {
	return func(s *Store) error {
		s.caller = true
		return nil
	}
}

// WithLogger makes the store log when Redis becomes unreachable and when it
// is back (one line each, not one per call).
func WithLogger(l *slog.Logger) Option {
	return func(s *Store) error {
		s.log = l
		return nil
	}
}

// New returns a Store on the given Redis client: a *redis.Client, a
// *redis.ClusterClient (a key's state lives in one hash slot) or anything
// else that runs scripts. The client's own timeouts bound every call.
func New(rdb redis.Scripter, opts ...Option) (*Store, error) {
	if rdb == nil {
		return nil, errors.New("redisstore: New: nil Redis client")
	}
	s := &Store{
		rdb:      rdb,
		prefix:   DefaultPrefix,
		idleMs:   ratelimit.DefaultIdleTTL.Milliseconds(),
		cooldown: DefaultCooldown,
		syncPoll: DefaultSyncPoll,
	}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(s); err != nil {
			return nil, err
		}
	}
	if s.procs > 0 {
		s.local = ratelimit.NewMemoryStore(time.Duration(s.idleMs) * time.Millisecond)
	}
	s.sub, _ = rdb.(subscriber)
	return s, nil
}

// Keys returns the names of the Redis keys that hold a limit key's state,
// in this order: the scalars of its windows (":s"), its daily counters
// (":d", a hash), and the admission logs of its main and search windows
// (":m", ":q"). They share one hash tag, a hash of the limit key, so they
// live in one cluster slot and never spell out the credential's key.
func (s *Store) Keys(limitKey string) []string {
	tag := s.prefix + "{" + keyHash(limitKey) + "}"
	return []string{tag + ":s", tag + ":d", tag + ":m", tag + ":q"}
}

func keyHash(k string) string {
	sum := sha256.Sum256([]byte(k))
	return hex.EncodeToString(sum[:16])
}

// keysFor returns the Redis keys of a limit key whose requests name a
// user and a company (Attempt.UserKey, CompanyKey): Keys' four, then the
// hash of the daily token counters. Without either, they are Keys' and the
// daily counters share the key's own hash. With a company, every key of
// the company lives under the company's hash tag (one cluster slot, so
// that a script may update the key's window, its user's write count and
// the company's token count at once): the window state and logs under a
// hash of the limit key, the user's writes under ":u:" and a hash of the
// user, the company's tokens under ":c". With a user and no company, the
// same under the user's tag. Give every request of a credential the same
// user and company, or their counts are kept apart.
func (s *Store) keysFor(limitKey, user, company string) []string {
	if user == "" && company == "" {
		k := s.Keys(limitKey)
		return append(k, k[1])
	}
	slot := company
	if slot == "" {
		slot = user
	}
	tag := s.prefix + "{" + keyHash(slot) + "}:"
	own := tag + keyHash(limitKey)
	writes, tokens := own+":d", own+":d"
	if user != "" {
		writes = tag + "u:" + keyHash(user)
	}
	if company != "" {
		tokens = tag + "c"
	}
	return []string{own + ":s", writes, own + ":m", own + ":q", tokens}
}

// named is what Store.State needs to find a key's state: the user and
// company its latest call named.
type named struct {
	user, company string
	used          atomic.Int64 // unix ns of the latest call
}

// remember records the user and company of a limit key's latest call, and
// forgets keys idle past the idle TTL now and then.
func (s *Store) remember(limitKey, user, company string) {
	now := time.Now().UnixNano()
	if user == "" && company == "" {
		if _, ok := s.names.Load(limitKey); ok {
			s.names.Delete(limitKey)
		}
	} else if v, ok := s.names.Load(limitKey); ok && v.(*named).user == user && v.(*named).company == company {
		v.(*named).used.Store(now)
	} else {
		n := &named{user: user, company: company}
		n.used.Store(now)
		s.names.Store(limitKey, n)
	}
	idle := s.idleMs * int64(time.Millisecond)
	if next := s.nextForget.Load(); now >= next && s.nextForget.CompareAndSwap(next, now+min(idle/2, int64(10*time.Second))) {
		s.names.Range(func(k, v any) bool {
			if now-v.(*named).used.Load() > idle {
				s.names.CompareAndDelete(k, v)
			}
			return true
		})
	}
}

// stateKeys returns the keys State reads for limitKey.
func (s *Store) stateKeys(limitKey string) []string {
	if v, ok := s.names.Load(limitKey); ok {
		n := v.(*named)
		return s.keysFor(limitKey, n.user, n.company)
	}
	return s.keysFor(limitKey, "", "")
}

// Degraded reports whether the latest call found Redis unavailable.
func (s *Store) Degraded() bool { return s.degraded.Load() }

func (s *Store) nowArg(now time.Time) int64 {
	if s.caller {
		return now.UnixMicro()
	}
	return -1
}

// available reports whether Redis may be tried now: always with no
// cooldown, else unless a call failed and no probe has found Redis back
// since. A call that skips Redis keeps the probe running.
func (s *Store) available() bool {
	if s.cooldown == 0 || !s.down.Load() {
		return true
	}
	s.wantRedis()
	return false
}

// wantRedis notes that a call wanted Redis while it was down, and starts
// the probe unless it runs.
func (s *Store) wantRedis() {
	s.wanted.Store(time.Now().UnixNano())
	if s.probing.CompareAndSwap(false, true) {
		go s.probe()
	}
}

// probeIdle is how long the probe goes on without a call wanting Redis.
const probeIdle = time.Minute

// probeScript is the probe's round trip: it touches no key.
var probeScript = redis.NewScript("return 1")

// probe tries Redis every cooldown, each try bounded by the cooldown (at
// least a second), until it answers; then calls use Redis again. It gives
// up when no call has wanted Redis for probeIdle, leaving the store down:
// the next call starts it again.
func (s *Store) probe() {
	t := time.NewTimer(s.cooldown)
	defer t.Stop()
	for {
		<-t.C
		if time.Now().UnixNano()-s.wanted.Load() > int64(probeIdle) {
			// (A call that skips Redis from now on starts a new probe.)
			s.probing.Store(false)
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), max(s.cooldown, time.Second))
		err := probeScript.Run(ctx, s.rdb, nil).Err()
		cancel()
		if err == nil {
			s.down.Store(false)
			s.probing.Store(false)
			return
		}
		s.lastErr.Store(&errBox{err})
		t.Reset(s.cooldown)
	}
}

// failed records a Redis failure and returns the error to report.
func (s *Store) failed(ctx context.Context, op string, err error) error {
	if ctx.Err() != nil {
		// The caller gave up; Redis may be fine.
		return fmt.Errorf("redisstore: %s: %w", op, err)
	}
	s.lastErr.Store(&errBox{err})
	if s.cooldown > 0 {
		s.down.Store(true)
		s.wantRedis()
	}
	if !s.degraded.Swap(true) && s.log != nil {
		mode := "failing closed"
		if s.local != nil {
			mode = fmt.Sprintf("falling back to a local limiter at 1/%d of the limits", s.procs)
		}
		s.log.LogAttrs(ctx, slog.LevelWarn, "redisstore: Redis unavailable, "+mode,
			slog.String("op", op), slog.String("error", err.Error()))
	}
	return &UnavailableError{Op: op, Err: err}
}

// cooling returns the error of a call skipped during the cooldown.
func (s *Store) cooling(op string) error {
	var cause error
	if b := s.lastErr.Load(); b != nil {
		cause = b.err
	}
	return &UnavailableError{Op: op, Err: cause}
}

func (s *Store) succeeded(ctx context.Context) {
	if s.degraded.Load() && s.degraded.Swap(false) && s.log != nil {
		s.log.LogAttrs(ctx, slog.LevelInfo, "redisstore: Redis is back")
	}
}

func (s *Store) run(ctx context.Context, op string, sc *redis.Script, keys []string, args ...any) ([]int64, error) {
	if !s.available() {
		return nil, s.cooling(op)
	}
	cmd := sc.Run(ctx, s.rdb, keys, args...)
	var v []int64
	err := cmd.Err()
	if err == nil {
		if _, isInt := cmd.Val().(int64); !isInt {
			v, err = cmd.Int64Slice()
		}
	}
	if err != nil {
		if errors.Is(err, redis.Nil) {
			err = errors.New("script returned no reply")
		}
		return nil, s.failed(ctx, op, err)
	}
	s.succeeded(ctx)
	return v, nil
}

func usToTime(us int64) time.Time {
	if us <= 0 {
		return time.Time{}
	}
	return time.UnixMicro(us)
}

func usToDuration(us int64) time.Duration {
	if us > math.MaxInt64/int64(time.Microsecond) {
		return time.Duration(math.MaxInt64)
	}
	return time.Duration(us) * time.Microsecond
}

// Admit implements ratelimit.Store.
func (s *Store) Admit(ctx context.Context, key string, now time.Time, a ratelimit.Attempt) (ratelimit.Decision, error) {
	s.remember(key, a.UserKey, a.CompanyKey)
	start := time.Now()
	v, err := s.run(ctx, "admit", admitScript, s.keysFor(key, a.UserKey, a.CompanyKey),
		s.nowArg(now), int(a.Class), a.Cost, a.Limit, a.SearchLimit, int64(a.Window), int64(a.Margin),
		a.Headroom, a.DailyWrites, a.TokenBudget, a.Queued, int64(a.StaleAfter), a.Probes, s.idleMs)
	if err != nil {
		if s.local != nil && errors.Is(err, ErrUnavailable) {
			// The fallback decides at the time it is asked: a failed
			// call to Redis may have taken a while.
			return s.localAdmit(ctx, key, now.Add(time.Since(start)), a)
		}
		return ratelimit.Decision{}, err
	}
	if len(v) != 8 {
		return ratelimit.Decision{}, fmt.Errorf("redisstore: admit: unexpected reply of %d values", len(v))
	}
	d := ratelimit.Decision{
		Admitted: v[0] == 1,
		Seq:      uint64(v[1]),
		Wait:     usToDuration(v[3]),
		Reason:   ratelimit.Reason(v[4]),
		Refused:  v[5] == 1,
		Limit:    v[6],
		Used:     v[7],
	}
	if d.Admitted {
		d.At = time.UnixMicro(v[2])
	}
	if d.Reason == ratelimit.ReasonSync && s.syncPoll > 0 {
		// Woken by pub/sub when another process observes a response, a
		// head polls only as a fallback (a lost message, a reconnect).
		poll := s.syncPoll
		if s.woken(key) && !s.degraded.Load() {
			poll *= wokenPollFactor
		}
		d.Wait = min(d.Wait, poll)
	}
	return d, nil
}

// Observe implements ratelimit.Store.
func (s *Store) Observe(ctx context.Context, key string, now time.Time, o ratelimit.Observation) error {
	if o.Seq&fallbackSeq != 0 {
		if s.local == nil {
			return nil
		}
		o.Seq &^= fallbackSeq
		return s.local.Observe(ctx, key, now, scaleObservation(o, s.procs))
	}
	var admitted int64
	if o.Seq != 0 {
		admitted = o.Admitted.UnixMicro()
	}
	h := o.Headers
	s.remember(key, o.UserKey, o.CompanyKey)
	start := time.Now()
	_, err := s.run(ctx, "observe", observeScript, s.keysFor(key, o.UserKey, o.CompanyKey),
		s.nowArg(now), o.Seq, admitted, int(o.Class), o.Status, o.Cost,
		h.Limit, h.Remaining, int64(h.Reset), int64(h.RetryAfter), h.DailyRequestsLeft, h.TokenLimit, h.TokenRemaining,
		int64(o.Window), int64(o.Margin), o.DailyWrites, o.TokenBudget, s.idleMs, s.wakeChannel(key))
	if err != nil && s.local != nil && errors.Is(err, ErrUnavailable) {
		// Keep the fallback's view of the server current.
		o.Seq, o.Admitted = 0, time.Time{}
		return s.local.Observe(ctx, key, now.Add(time.Since(start)), scaleObservation(o, s.procs))
	}
	return err
}

// State implements ratelimit.Store. It reads Redis even in fallback mode
// and fails with ErrUnavailable when Redis is away.
func (s *Store) State(ctx context.Context, key string, now time.Time) (ratelimit.KeyState, bool, error) {
	v, err := s.run(ctx, "state", stateScript, s.stateKeys(key), s.nowArg(now))
	if err != nil {
		return ratelimit.KeyState{}, false, err
	}
	if len(v) == 0 {
		return ratelimit.KeyState{}, false, nil
	}
	if len(v) != 24 {
		return ratelimit.KeyState{}, false, fmt.Errorf("redisstore: state: unexpected reply of %d values", len(v))
	}
	ks := ratelimit.KeyState{
		Known:           true,
		Limit:           int(v[0]),
		LimitLearned:    v[1] == 1,
		InWindow:        int(v[2]),
		Foreign:         int(v[3]),
		Remaining:       int(v[4]),
		ResetAt:         usToTime(v[5]),
		BlockedUntil:    usToTime(v[6]),
		SearchLimit:     int(v[7]),
		SearchInWindow:  int(v[8]),
		SearchRemaining: int(v[9]),
		DailyWritesUsed: v[10],
		DailyWritesLeft: v[11],
		TokensSpent:     v[12],
		TokenBudget:     v[13],
		LastSeq:         uint64(v[14]),
		LastStatus:      int(v[15]),
		LastHeaders: ratelimit.RateHeaders{
			Limit:             int(v[16]),
			Remaining:         int(v[17]),
			Reset:             time.Duration(v[18]),
			RetryAfter:        time.Duration(v[19]),
			DailyRequestsLeft: int(v[20]),
			TokenLimit:        v[21],
			TokenRemaining:    v[22],
		},
		LastSeen: usToTime(v[23]),
	}
	return ks, true, nil
}

// localAdmit decides with the fallback store at 1/P of the limits.
func (s *Store) localAdmit(ctx context.Context, key string, now time.Time, a ratelimit.Attempt) (ratelimit.Decision, error) {
	d, err := s.local.Admit(ctx, key, now, scaleAttempt(a, s.procs))
	if err != nil {
		return d, err
	}
	if d.Admitted {
		d.Seq |= fallbackSeq
	}
	return d, nil
}

func share(n int64, p int) int64 {
	if n <= 0 {
		return n
	}
	return max(n/int64(p), 1)
}

func shareLeft(n int64, p int) int64 {
	if n < 0 {
		return n
	}
	return n / int64(p)
}

func scaleAttempt(a ratelimit.Attempt, p int) ratelimit.Attempt {
	a.Limit = int(share(int64(a.Limit), p))
	a.SearchLimit = int(share(int64(a.SearchLimit), p))
	a.DailyWrites = share(a.DailyWrites, p)
	a.TokenBudget = share(a.TokenBudget, p)
	// The reserve for people is kept in the server's window, which every
	// process spends: each keeps its share.
	a.Headroom = int(share(int64(a.Headroom), p))
	return a
}

func scaleObservation(o ratelimit.Observation, p int) ratelimit.Observation {
	h := &o.Headers
	h.Limit = int(share(int64(h.Limit), p))
	h.Remaining = int(shareLeft(int64(h.Remaining), p))
	h.DailyRequestsLeft = int(shareLeft(int64(h.DailyRequestsLeft), p))
	h.TokenLimit = share(h.TokenLimit, p)
	h.TokenRemaining = shareLeft(h.TokenRemaining, p)
	o.DailyWrites = share(o.DailyWrites, p)
	o.TokenBudget = share(o.TokenBudget, p)
	return o
}

var (
	_ ratelimit.Store = (*Store)(nil)
	_ ratelimit.Waker = (*Store)(nil)
)
