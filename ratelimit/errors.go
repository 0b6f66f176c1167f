package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrDailyWriteLimit reports that the key's daily budget of POST/PUT/PATCH
// requests is spent. The request was not sent. The budget comes back at
// midnight UTC. Match it with errors.Is; errors.As with *BudgetError gives
// the reset time.
var ErrDailyWriteLimit = errors.New("ratelimit: daily write limit reached")

// ErrTokenBudget reports that the request's token cost would exceed the
// key's daily token budget. The request was not sent. Match it with
// errors.Is; errors.As with *BudgetError gives the figures.
var ErrTokenBudget = errors.New("ratelimit: daily token budget exhausted")

// ErrWaitExceedsDeadline reports that admission would have had to wait
// past the context's deadline, so the limiter refused at once instead of
// waiting in vain. The request was not sent. errors.As with *WaitError
// tells how long the wait would have been. Such errors also match
// context.DeadlineExceeded.
var ErrWaitExceedsDeadline = errors.New("ratelimit: wait would exceed the context deadline")

// ErrWaitExceedsMax reports that a request would have had to wait longer
// than its maximum (Request.MaxWait, pipedrive.WithMaxRateLimitWait) for
// a block ordered by the server, so it was refused at once. errors.As
// with *WaitError tells how long the wait would have been. Unlike
// ErrWaitExceedsDeadline it does not match context.DeadlineExceeded: no
// deadline was involved.
var ErrWaitExceedsMax = errors.New("ratelimit: wait would exceed the maximum wait")

// Reason says which limit held a request back.
type Reason uint8

const (
	// ReasonNone means nothing held the request back.
	ReasonNone Reason = iota
	// ReasonWindow is the rolling 2-second window.
	ReasonWindow
	// ReasonSearch is the separate search window.
	ReasonSearch
	// ReasonServer is a block ordered by the server (a 429 response).
	ReasonServer
	// ReasonDailyWrites is the daily POST/PUT/PATCH budget.
	ReasonDailyWrites
	// ReasonTokens is the daily token budget.
	ReasonTokens
	// ReasonSync is a short wait for a response that refreshes the
	// server's view after a quiet spell (see Attempt.StaleAfter).
	ReasonSync
)

// String returns a short lower-case name such as "window" or "daily writes".
func (r Reason) String() string {
	switch r {
	case ReasonNone:
		return "none"
	case ReasonWindow:
		return "window"
	case ReasonSearch:
		return "search window"
	case ReasonServer:
		return "server block"
	case ReasonDailyWrites:
		return "daily writes"
	case ReasonTokens:
		return "daily tokens"
	case ReasonSync:
		return "server sync"
	default:
		return fmt.Sprintf("Reason(%d)", uint8(r))
	}
}

// BudgetError is returned when a daily budget (writes or tokens) is spent.
// It matches ErrDailyWriteLimit or ErrTokenBudget with errors.Is.
type BudgetError struct {
	Reason  Reason    // ReasonDailyWrites or ReasonTokens
	Limit   int64     // the budget (writes or tokens per day)
	Used    int64     // how much of it is spent
	Cost    int64     // what the refused request would have spent
	ResetAt time.Time // when the budget comes back (next midnight UTC)
}

// Error describes the spent budget without naming the credential.
func (e *BudgetError) Error() string {
	switch e.Reason {
	case ReasonTokens:
		return fmt.Sprintf("ratelimit: daily token budget exhausted (%d of %d spent, request costs %d; resets %s)",
			e.Used, e.Limit, e.Cost, e.ResetAt.UTC().Format(time.RFC3339))
	default:
		return fmt.Sprintf("ratelimit: daily write limit reached (%d of %d used; resets %s)",
			e.Used, e.Limit, e.ResetAt.UTC().Format(time.RFC3339))
	}
}

// Is makes errors.Is match the sentinel of the budget's kind.
func (e *BudgetError) Is(target error) bool {
	switch target {
	case ErrDailyWriteLimit:
		return e.Reason == ReasonDailyWrites
	case ErrTokenBudget:
		return e.Reason == ReasonTokens
	}
	return false
}

// WaitError is returned when a request would have to wait longer than
// it may: longer than its context allows (Max is zero; the error matches
// ErrWaitExceedsDeadline and context.DeadlineExceeded), or longer than
// its maximum wait for a server block (Max is set; the error matches
// ErrWaitExceedsMax). It also matches ErrDailyWriteLimit when the wait
// was for the daily write budget (see WithWaitForDailyReset).
type WaitError struct {
	Wait   time.Duration // how long the request would have waited (at least)
	Left   time.Duration // how much time the context had left (when Max is zero)
	Max    time.Duration // the maximum wait that Wait exceeds; zero for a deadline
	Reason Reason        // which limit imposed the wait
}

// Error says how long the request would have waited and why.
func (e *WaitError) Error() string {
	if e.Max > 0 {
		return fmt.Sprintf("ratelimit: would wait %s for the %s, longer than the maximum wait of %s",
			e.Wait.Round(time.Millisecond), e.Reason, e.Max.Round(time.Millisecond))
	}
	return fmt.Sprintf("ratelimit: admission would wait %s for the %s, but the context deadline is in %s",
		e.Wait.Round(time.Millisecond), e.Reason, e.Left.Round(time.Millisecond))
}

// Is matches ErrWaitExceedsMax when Max is set, else
// ErrWaitExceedsDeadline and context.DeadlineExceeded; and
// ErrDailyWriteLimit for waits on the daily write budget.
func (e *WaitError) Is(target error) bool {
	switch target {
	case ErrWaitExceedsMax:
		return e.Max > 0
	case ErrWaitExceedsDeadline, context.DeadlineExceeded:
		return e.Max <= 0
	case ErrDailyWriteLimit:
		return e.Reason == ReasonDailyWrites
	}
	return false
}
