package ratelimit_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/ratelimit/ratelimittest"
)

// A Limiter shared by every client of a process: here with the plan
// known up front, so that the first window is not the lowest plan's.
func ExampleNew() {
	l, err := ratelimit.New(ratelimit.WithPlan(ratelimit.Growth))
	if err != nil {
		panic(err)
	}
	// client, err := pipedrive.NewClient(cred, pipedrive.WithLimiter(l))
	_ = l
	fmt.Println(ratelimit.Growth.Limit(auth.KindAPIToken), ratelimit.Growth.Limit(auth.KindOAuth))
	// Output: 40 160
}

func ExampleDailyTokenBudget() {
	budget, err := ratelimit.DailyTokenBudget(ratelimit.Growth, 3)
	if err != nil {
		panic(err)
	}
	l, _ := ratelimit.New(ratelimit.WithDailyTokenBudget(budget))
	_ = l
	fmt.Println(budget)
	// Output: 180000
}

// What the client core does around every request, and what State then
// reports.
func ExampleLimiter_Admit() {
	clk := ratelimittest.NewClock(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
	l, _ := ratelimit.New(ratelimit.WithClock(clk))
	cred := auth.APIToken("secret")
	r := ratelimit.Request{Key: cred.LimitKey(), Kind: cred.Kind(), Class: ratelimit.Write, Method: http.MethodPost, Cost: 5}

	ticket, err := l.Admit(context.Background(), r)
	if err != nil {
		panic(err) // a spent budget, a deadline too short, or ctx done: nothing was sent
	}
	// ... send the request; then report the response:
	h := http.Header{}
	h.Set("X-Ratelimit-Limit", "40")
	h.Set("X-Ratelimit-Remaining", "39")
	h.Set("X-Ratelimit-Reset", "2")
	h.Set("X-Daily-Requests-Left", "9990")
	clk.Advance(100 * time.Millisecond)
	l.Observe(r, ticket, http.StatusCreated, h)

	st, _ := l.State(context.Background(), cred.LimitKey())
	fmt.Println("window:", st.Limit, "in use:", st.InWindow, "left:", st.Remaining)
	fmt.Println("writes left today:", st.DailyWritesLeft, "tokens spent:", st.TokensSpent)
	// Output:
	// window: 40 in use: 1 left: 39
	// writes left today: 9990 tokens spent: 5
}

// A refusal says why; nothing was sent.
func ExampleErrDailyWriteLimit() {
	l, _ := ratelimit.New(ratelimit.WithDailyWriteLimit(1))
	r := ratelimit.Request{Key: "api_token:example", Kind: auth.KindAPIToken, Class: ratelimit.Write, Method: http.MethodPost}
	_, _ = l.Admit(context.Background(), r)
	_, err := l.Admit(context.Background(), r)
	fmt.Println(errors.Is(err, ratelimit.ErrDailyWriteLimit))
	var be *ratelimit.BudgetError
	if errors.As(err, &be) {
		fmt.Println(be.Used, "of", be.Limit, "used")
	}
	// Output:
	// true
	// 1 of 1 used
}

// A wait that cannot end before the context's deadline fails at once and
// says how long it would have been.
func ExampleWaitError() {
	clk := ratelimittest.NewClock(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
	l, _ := ratelimit.New(ratelimit.WithClock(clk), ratelimit.WithLimit(1), ratelimit.WithMargin(0))
	r := ratelimit.Request{Key: "api_token:example", Kind: auth.KindAPIToken, Class: ratelimit.Read, Method: http.MethodGet}
	_, _ = l.Admit(context.Background(), r)

	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	_, err := l.Admit(ctx, r)
	var we *ratelimit.WaitError
	if errors.As(err, &we) {
		fmt.Println("would wait", we.Wait, "for the", we.Reason)
	}
	fmt.Println(errors.Is(err, context.DeadlineExceeded))
	// Output:
	// would wait 2s for the window
	// true
}
