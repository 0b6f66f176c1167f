package pipedrive_test

import (
	"context"
	"fmt"
	"log"
	"net/http"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// Read the status, headers and rate-limit state of any call: pass a
// context made by WithResponse.
func ExampleWithResponse() {
	srv, err := pipedrivetest.Start() // stands in for https://api.pipedrive.com
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	lim, _ := ratelimit.New() // the client's own, for the example's sake
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(lim))
	if err != nil {
		log.Fatal(err)
	}

	var resp pipedrive.Response
	ctx := pipedrive.WithResponse(context.Background(), &resp)
	if _, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Renewal"}); err != nil {
		log.Fatal(err)
	}
	fmt.Println("status:", resp.StatusCode, "attempts:", resp.Attempts)
	fmt.Println("window:", resp.RateLimit.Limit, "per 2s, remaining:", resp.RateLimit.Remaining)
	fmt.Println("daily writes used:", resp.Limiter.DailyWritesUsed)
	// Output:
	// status: 200 attempts: 1
	// window: 20 per 2s, remaining: 19
	// daily writes used: 1
}

// The limiter's view of the client's credential, without a request.
func ExampleClient_RateLimit() {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	lim, _ := ratelimit.New()
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(lim))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if _, err := client.Users.Me(ctx); err != nil {
		log.Fatal(err)
	}
	st, err := client.RateLimit(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("limit:", st.Limit, "learned:", st.LimitLearned, "daily writes left:", st.DailyWritesLeft, "tokens spent:", st.TokensSpent)
	// Output: limit: 20 learned: true daily writes left: 10000 tokens spent: 2
}

// Call an endpoint through the client's credential, limiter and retries,
// whether or not the SDK has a method for it.
func ExampleClient_Do() {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	req, err := client.NewRequest(http.MethodPost, "/api/v2/deals", nil, map[string]any{"title": "Raw renewal", "value": 500})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(req.Operation, req.Class, req.Cost, req.Idempotent) // from the operation table
	var d deals.Deal
	resp, err := client.Do(ctx, req, &d)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, d.Title)

	// An operation the table does not know gets the defaults: a POST is a
	// write, never re-sent when its outcome is unknown.
	req, _ = client.NewRequest(http.MethodPost, "/api/v2/somethingNew", nil, map[string]any{"a": 1})
	fmt.Println(req.Operation == "", req.Class, req.Cost, req.Idempotent)
	// Output:
	// addDeal write 5 false
	// 200 Raw renewal
	// true write 10 false
}
