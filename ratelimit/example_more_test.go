package ratelimit_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/ratelimit/ratelimittest"
)

// Watch the limiter follow the server: after a few calls to the fake
// Pipedrive of package pipedrivetest (its window of 40 a plan's), State
// shows the window learned from x-ratelimit-limit, the slots in use and
// the daily writes left. The limiter and the fake share a clock the
// example controls, so the numbers do not depend on timing.
func ExampleLimiter_State() {
	clock := ratelimittest.NewClock(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
	srv, err := pipedrivetest.Start(pipedrivetest.WithClock(clock), pipedrivetest.WithRateLimit(40, 0))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	lim, err := ratelimit.New(ratelimit.WithClock(clock))
	if err != nil {
		log.Fatal(err)
	}
	cred := auth.APIToken(srv.Token())
	client, err := pipedrive.NewClient(cred, pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(lim))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	for _, title := range []string{"A", "B", "C"} {
		if _, err := client.Deals.Create(ctx, &deals.CreateParams{Title: title}); err != nil {
			log.Fatal(err)
		}
	}

	st, err := lim.State(ctx, cred.LimitKey())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("window:", st.Limit, "learned:", st.LimitLearned)
	fmt.Println("in window:", st.InWindow, "remaining:", st.Remaining)
	fmt.Println("daily writes left:", st.DailyWritesLeft)
	// A slot is held 2 s plus a margin (WithMargin) after its admission.
	clock.Advance(3 * time.Second)
	st, _ = lim.State(ctx, cred.LimitKey())
	fmt.Println("3 s later, in window:", st.InWindow)
	// Output:
	// window: 40 learned: true
	// in window: 3 remaining: 37
	// daily writes left: 9997
	// 3 s later, in window: 0
}
