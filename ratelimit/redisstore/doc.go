// Package redisstore keeps the pipedrive SDK's rate-limit state in Redis, so
// that several processes (workers, machines) spending the same Pipedrive
// credential share one budget: one rolling 2-second window, one search
// window, one daily write count and one daily token count per credential,
// however many processes send requests.
//
// It is a separate Go module, so that the SDK itself does not depend on a
// Redis client:
//
//	go get github.com/pipedrive-go/pipedrive/ratelimit/redisstore
//
// Plug a Store into the limiter, and give that limiter to every client of
// every process:
//
//	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
//	store, err := redisstore.New(rdb)
//	// ...
//	lim, err := ratelimit.New(ratelimit.WithStore(store))
//	// ...
//	client, err := pipedrive.NewClient(cred, pipedrive.WithLimiter(lim))
//
// # How it works
//
// Each method of the store (Admit, Observe, State) is one Lua script run
// atomically by Redis (EVALSHA, loaded once per server), with the semantics
// of ratelimit.MemoryStore, the reference: an exact sliding log of
// admissions, corrected by every response's rate headers. The scripts read
// Redis's own clock (TIME), so the processes' clocks need not agree. A
// credential's state lives in four keys that share a cluster hash tag (a
// hash of the credential's limit key, which is itself a hash: no secret is
// ever written to Redis):
//
//	<prefix>{<hash>}:s   the windows' scalars (learned limit, others' usage,
//	                     a 429 block, round-trip estimates, last headers)
//	<prefix>{<hash>}:m   the main window's admissions, 48 bytes each
//	<prefix>{<hash>}:q   the search window's admissions
//	<prefix>{<hash>}:d   the daily counters of one UTC day, a hash that
//	                     expires an hour after its day ends
//
// When requests name their user and company (ratelimit.Request.User and
// Company), the daily writes are kept per user and the token budget per
// company, shared by every credential of that user or company, and every
// key of the company lives under the company's hash tag, so that each
// script still touches one cluster slot:
//
//	<prefix>{<company>}:<hash>:s, :m, :q   the credential's windows
//	<prefix>{<company>}:u:<user>           the user's daily writes
//	<prefix>{<company>}:c                  the company's daily tokens
//
// (with a hash of each name; with a user and no company, the user's hash
// is the tag). State finds the shared counters of a credential by the user
// and company of its latest call through the Store.
//
// The first three expire when the credential has been idle for the idle
// TTL (WithIdleTTL). An admission appends one record and an expiry moves a
// head offset, so admitting costs the same whatever the window's size;
// folding in a response's x-ratelimit-remaining reads the window's log.
//
// The prefix (DefaultPrefix unless WithPrefix) separates budgets that
// must not be shared, such as test and production.
//
// Every response observed publishes to the credential's channel
// (<prefix>wake:{<hash>}); a Store subscribes, on one connection of its own
// and only while requests wait, to the channels of the credentials its
// process waits on, so that a process waiting for a slot or for a fresh
// view of the server's window is woken as soon as another process sees a
// response, without polling (ratelimit.Waker). A client that cannot
// subscribe (a bare redis.Scripter) leaves the waits to their timers.
// Scripts of earlier versions of this package wrote 32-byte admissions: a
// credential's window state written by them is started afresh once.
//
// The scripts need Redis 5 or newer (or Redis 3.2 and 4, which are asked
// for effects replication); the tests run against Redis 7.0.
//
// # When Redis is unreachable
//
// By default the store fails closed: Admit returns an error that matches
// ErrUnavailable, the limiter passes it on and the request is not sent.
// Nothing is ever sent unlimited. After a failure calls leave Redis alone,
// so they fail fast, while the store probes it in the background every
// cooldown (WithCooldown); calls resume as soon as a probe finds it
// answering. WithFallback(P) instead
// lets each process go on with a local limiter at 1/P of every limit, P
// being the number of processes sharing the credential.
//
// Redis keeps the state in memory: a Redis restart without persistence
// forgets the windows (the server's headers correct them within a
// response or two) and the daily counts (corrected by
// x-daily-requests-left and the token headers where Pipedrive sends them).
package redisstore
