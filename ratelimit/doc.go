// Package ratelimit paces requests to Pipedrive's rate limits so that a
// client never runs into them.
//
// Pipedrive applies several limits at once, each kept by whom it counts:
//
//   - a rolling 2-second window of N requests per token, N depending on the
//     plan and on the kind of credential (20 to 120 for API tokens, 80 to
//     480 for OAuth), shared with the user's own actions in the web app;
//   - a separate window of 10 searches per 2 seconds, per token;
//   - 10,000 POST/PUT (and here PATCH) requests per user per UTC day,
//     shared by every credential acting for that user;
//   - a daily token budget per company, each operation costing tokens,
//     shared by every user and app of the company.
//
// A Limiter enforces all four, each under its own key:
//
//	company (Request.Company) ── daily token budget
//	  ├── user (Request.User) ── daily writes
//	  │     ├── token (Request.Key) ── 2 s window, search window
//	  │     └── token ── 2 s window, search window
//	  └── user ── daily writes
//	        └── token ── 2 s window, search window
//
// A request that names no user or company keeps those budgets under its
// token's key, as if each token were its own user and company.
//
// The window is an exact sliding log (never more than N admissions in any
// 2-second span, unlike a token bucket, which lets up to 2N through across
// a boundary), and it uses the whole window: an admission holds its slot
// for the window from when the server counted the request, and the
// responses tell when that was (at the latest, about half the shortest
// round trip before the response; and before the answers to the requests
// sent with it or after it, which reach the server after it). After every
// response the limiter folds in the server's x-ratelimit-* headers, because
// the web app, other processes and other integrations spend the same
// window: the server's count wins over the local one. Requests sent a
// little apart reach the server in order, so the count tells how much of
// the window others spend; when the counts show requests overtaking one
// another, only answered requests are taken as counted. Responses may come
// back in any order; the limiter keeps the tightest bound it can prove. A
// 429 blocks the key until the server's reset, and gives back the daily
// write slot and tokens of the refused request, since it was not executed.
//
// # Room for people
//
// While others are found spending a token's window (its server counts
// more than this limiter can have sent), and for a window after the first
// response, before that is known, the limiter keeps a reserve of the
// window free (WithReserve; DefaultReserve slots), so that a sync at full
// speed does not push the clicks of people in the web app over the limit.
// A token used by this process alone uses every slot: while its counts
// have shown nobody else for 30 s, a count that its own requests may
// explain (in a dense burst, requests sent too close together to be
// surely counted in order; requests sent a window earlier that the server
// may still count) raises the estimate of others' usage only by what it
// proves, and the answers of a burst settle one another: a request sent
// with another and answered with a lower count, while none of the
// token's slots could free in between, was counted before it, and is not
// taken for someone else's. The first count that its requests cannot
// explain, or the first 429, brings the reserve back; so a person who
// starts clicking on a token that a sync saturates alone can cost that
// sync a 429 or two before the reserve is in place.
//
// Waiting requests of one key are admitted first come, first served, each
// in its caller's goroutine, with no background goroutine. The head of a
// key's queue sleeps until a slot frees, or until a response of the key is
// observed: in this process, or, with a store that implements Waker (the
// Redis store, through pub/sub), in any process sharing the store. Admit honours
// its context: when the wait cannot end before the context's deadline, it
// fails at once with a *WaitError saying how long the wait would have
// been. A spent daily budget fails at once with ErrDailyWriteLimit or
// ErrTokenBudget; nothing is sent.
//
// # Sharing
//
// Every Client of a process built on the same credential must share one
// budget, because that is how Pipedrive counts. Clients given no limiter
// use Default, a process-wide Limiter created on first use; programs that
// need another configuration create one with New and pass it to every
// client. A Store holds the state: the MemoryStore (the default) for one
// process, or a shared store (such as Redis) for several processes on the
// same credential. Idle keys are evicted, so a backend serving thousands
// of tokens does not grow without bound.
//
// # Priority lanes
//
// Waiting requests are first come, first served within a lane, not
// across lanes. A request waits in one of three lanes of its key's queue:
// Interactive, Normal (a request not marked) and Background. Its lane is
// Request.Priority, or when that is zero the one its context carries
// (WithPriority; pipedrive.Interactive and pipedrive.Background are
// that). When a waiting request is admitted, the next to try is the
// first of the highest lane that waits, except that a lower lane that
// waits is never passed over more than MaxPassOver times in a row
// (MaxPassOver+1 when Normal and Background are both owed a turn): under
// a flood of interactive calls, a background sync keeps at least a
// quarter of its token's admissions. The request already trying (the
// head) is not overtaken, so an interactive call waits for at most that
// one before its own turn. Background admissions are also spread over
// the window, one every (2 s + margin)/N at most: a saturating sync then
// frees its slots one by one instead of N at once each window, so that
// an interactive call finds one within about that spacing instead of
// waiting up to 2 s for the next burst. Lanes only order the waiting:
// every lane spends the same window, search window and daily budgets,
// and the window is never exceeded. Lanes are per process (the queue is
// local; a shared Store shares the budgets, not the queue).
//
// # The client core's side
//
// The client core calls Admit before sending each request and Observe with
// each response (see Admitter). Requests that bypass admission, such as
// webhook subscription calls, still report their responses with a zero
// Ticket.
//
// # Observability
//
// Limiter.State reports a key's window, what is left of it, when it
// frees, any server block, the daily counters and the last response's rate
// headers. WithLogger adds debug lines whenever a request waits.
package ratelimit
