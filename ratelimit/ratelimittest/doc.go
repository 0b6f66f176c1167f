// Package ratelimittest provides a fake clock for testing code that uses
// the ratelimit package, and any other code that waits on a
// ratelimit.Clock.
//
// Time stands still until the test moves it, so waits of seconds take no
// time and their length is exact:
//
//	clk := ratelimittest.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
//	l, _ := ratelimit.New(ratelimit.WithClock(clk))
//	// ... start goroutines that call l.Admit ...
//	clk.WaitPending(1)  // one of them is now waiting
//	clk.Advance(2 * time.Second)
//
// TestKeyedBudgets checks that a ratelimit.Store keeps the daily budgets
// as Pipedrive keeps them (writes per user, tokens per company); the
// SDK's memory and Redis stores run it, and a Store of your own can too.
package ratelimittest
