package ratelimit

import (
	"context"
	"time"
)

// Store keeps the limiter's state for every key. Each method is one atomic
// step over one key's state, so that an implementation on a shared server
// (Redis with a Lua script per method) gives several processes on the same
// credential one exact budget. The Limiter does the waiting, the FIFO
// ordering within the process and the header parsing; a Store only decides.
//
// All times are passed in by the caller (the limiter's Clock). An
// implementation may substitute its own clock (for example the Redis
// server's) as long as it is monotonic per key.
//
// Implementations must be safe for concurrent use.
type Store interface {
	// Admit decides whether one request may be sent at now under a. When
	// a.Queued is 0 and every limit allows it, Admit records the admission
	// (a window slot, a search slot for searches, a daily write for
	// writes, the token cost) and returns Admitted with the key's next
	// sequence number. Otherwise it records nothing and returns either a
	// refusal (Refused: a daily budget is spent) or the Wait after which a
	// retry may succeed. With a.Queued > 0 it only estimates: Wait is a
	// lower bound on the wait of a request with a.Queued requests ahead of
	// it.
	Admit(ctx context.Context, key string, now time.Time, a Attempt) (Decision, error)

	// Observe folds one response into the key's state: learned limits,
	// the server's view of the window, a 429 block, the daily counters and
	// the last headers.
	Observe(ctx context.Context, key string, now time.Time, o Observation) error

	// State reports the key's state at now; ok is false for a key the
	// store does not hold (never seen, or evicted when idle).
	State(ctx context.Context, key string, now time.Time) (s KeyState, ok bool, err error)
}

// Waker is an optional interface of a Store shared by several processes
// (such as Redis): the head of a key's queue waits on Wake's channel as
// well as on its timer, so that a response observed by another process,
// which may free a slot or refresh a stale view, wakes it at once instead
// of at its next poll. (Within one process the limiter wakes its own
// waiters; the MemoryStore needs no Waker.) Wake must not block; the
// channel may never receive (the store then relies on the timer), and
// stop releases what Wake set up. Implementations must be safe for
// concurrent use.
type Waker interface {
	Wake(key string) (wake <-chan struct{}, stop func())
}

// Attempt is what Store.Admit needs to decide on one request. It carries
// all configuration, so that a Store keeps no settings of its own.
type Attempt struct {
	Class       Class
	Cost        int64         // token cost of the request
	Limit       int           // window size to assume until a response reveals it
	SearchLimit int           // search window size until a search response reveals it
	Window      time.Duration // span of the rolling window (2 s)
	Margin      time.Duration // extra time an admission holds its slot, for network jitter
	Headroom    int           // the reserve (WithReserve): slots kept free while others are found spending the window
	DailyWrites int64         // daily write budget; <= 0 disables the local count
	TokenBudget int64         // daily token budget; 0 = unknown unless the server reports one
	Queued      int           // requests of this process ahead in the queue; > 0 only estimates
	// UserKey and CompanyKey are where the daily write budget and the
	// daily token budget are kept (Request.User and Request.Company);
	// empty means the key itself.
	UserKey    string
	CompanyKey string
	// StaleAfter and Probes guard against others' usage that grew while
	// nothing was observed: when the latest response of the key is older
	// than StaleAfter (plus twice the smoothed round trip), at most Probes
	// requests are let through until one of them is answered. Probes 0
	// disables the guard.
	StaleAfter time.Duration
	Probes     int
}

// Decision is Store.Admit's answer.
type Decision struct {
	Admitted bool
	Seq      uint64        // sequence number of the admission, from 1, per key
	At       time.Time     // the admission time as recorded
	Wait     time.Duration // when not admitted and not refused: how long to wait before trying again
	Reason   Reason        // what held the request back (or refused it)
	Refused  bool          // a daily budget is spent; Wait is then the time until it resets
	Limit    int64         // for refusals: the budget
	Used     int64         // for refusals: what is spent
}

// Observation is one response, as Store.Observe needs it.
type Observation struct {
	Seq         uint64    // the ticket's sequence number; 0 when the request bypassed Admit
	Admitted    time.Time // the ticket's admission time (zero when bypassed)
	Class       Class
	Status      int   // HTTP status code
	Cost        int64 // token cost, given back on a 429
	Headers     RateHeaders
	Window      time.Duration
	Margin      time.Duration // as in Attempt
	DailyWrites int64         // daily write budget, to turn x-daily-requests-left into a count
	TokenBudget int64         // configured daily token budget, to turn the token headers into a count
	UserKey     string        // as in Attempt
	CompanyKey  string        // as in Attempt
}

// KeyState is a snapshot of one key, for observability (Limiter.State).
type KeyState struct {
	Known bool // false when the store holds nothing for the key

	Limit        int       // window size in force (learned from headers, or the plan's)
	LimitLearned bool      // whether Limit came from x-ratelimit-limit
	InWindow     int       // admissions of this key still holding a slot
	Foreign      int       // slots the server reported spent by others (UI, other processes)
	Remaining    int       // Limit - InWindow - Foreign, at least 0
	ResetAt      time.Time // when the oldest slot frees (zero when nothing is held)
	BlockedUntil time.Time // a 429 block, zero when none

	SearchLimit     int // search window size in force
	SearchInWindow  int // search admissions still holding a search slot
	SearchRemaining int

	DailyWritesUsed int64 // POST/PUT/PATCH admitted today (UTC), synced with x-daily-requests-left
	DailyWritesLeft int64 // -1 when the local count is disabled
	TokensSpent     int64 // tokens spent today, synced with the server's token headers
	TokenBudget     int64 // the budget in force; 0 when unknown

	LastSeq     uint64      // sequence number of the latest admission
	LastStatus  int         // status of the latest observed response, 0 if none
	LastHeaders RateHeaders // rate headers of the latest observed response
	LastSeen    time.Time   // when the latest response was observed

	// Filled by Limiter.State from this process's queue of the key (reset
	// when the key is evicted):
	Waiting   int           // requests queued for admission now
	Waited    int64         // admissions that had to wait
	WaitedFor time.Duration // the total of their waits
}
