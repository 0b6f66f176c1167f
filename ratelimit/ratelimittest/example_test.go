package ratelimittest_test

import (
	"fmt"
	"time"

	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/ratelimit/ratelimittest"
)

var _ ratelimit.Clock = (*ratelimittest.Clock)(nil)

func ExampleClock() {
	clk := ratelimittest.NewClock(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
	c, _ := clk.Timer(2 * time.Second)
	done := make(chan time.Time)
	go func() { done <- <-c }()

	clk.WaitPending(1) // the goroutine is waiting on the clock
	clk.Advance(2 * time.Second)
	fmt.Println((<-done).Format(time.TimeOnly))
	// Output: 10:00:02
}
