// Package ratelimit paces requests to Pipedrive's rate limits so that a
// client never runs into them.
//
// Pipedrive applies several limits at once, all per credential (token):
//
//   - a rolling 2-second window of N requests, N depending on the plan and
//     on the kind of credential (20 to 120 for API tokens, 80 to 480 for
//     OAuth), shared with the user's own actions in the web app;
//   - a separate window of 10 searches per 2 seconds;
//   - 10,000 POST/PUT (and here PATCH) requests per user per UTC day;
//   - a daily token budget per company, each operation costing tokens.
//
// A Limiter enforces all four. The window is an exact sliding log (never
// more than N admissions in any 2-second span, unlike a token bucket,
// which lets up to 2N through across a boundary). After every response
// the limiter folds in the server's x-ratelimit-* headers, because the
// web app, other processes and other integrations spend the same window:
// the server's count wins over the local one. Responses may come back in
// any order; the limiter keeps the tightest bound it can prove. A 429
// blocks the key until the server's reset, and gives back the daily write
// slot and tokens of the refused request, since it was not executed.
//
// Waiting requests of one key are admitted first come, first served, each
// in its caller's goroutine, with no background goroutine. Admit honours
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
