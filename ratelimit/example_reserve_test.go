package ratelimit_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/ratelimit/ratelimittest"
)

// A response shows that someone else (a person in the web app) spent 10
// slots of the token's 40: the limiter leaves them their slots and keeps 3
// more free for their next clicks.
func ExampleWithReserve() {
	clk := ratelimittest.NewClock(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
	l, err := ratelimit.New(ratelimit.WithClock(clk), ratelimit.WithLimit(40), ratelimit.WithReserve(3))
	if err != nil {
		fmt.Println(err)
		return
	}
	r := ratelimit.Request{Key: "api_token:example", Class: ratelimit.Read}
	tk, _ := l.Admit(context.Background(), r)
	clk.Advance(10 * time.Millisecond)
	h := http.Header{}
	h.Set("X-Ratelimit-Limit", "40")
	h.Set("X-Ratelimit-Remaining", "29") // 11 spent: ours and 10 by someone else
	h.Set("X-Ratelimit-Reset", "2")
	l.Observe(r, tk, http.StatusOK, h)

	more := 0
	for {
		// A second is shorter than any wait for the window: the loop
		// stops at the first request that would have to wait.
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_, err := l.Admit(ctx, r)
		cancel()
		if errors.Is(err, ratelimit.ErrWaitExceedsDeadline) {
			break
		}
		more++
	}
	st, _ := l.State(context.Background(), r.Key)
	fmt.Printf("admitted %d more; others hold %d, %d slots kept for them\n", more, st.Foreign, st.Remaining)
	// Output: admitted 26 more; others hold 10, 3 slots kept for them
}
