package pipedrive_test

import (
	"context"
	"fmt"
	"log"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

// A backend serves a user's page while a sync runs on the same token: the
// page's calls are marked Interactive, so that when the token's window is
// full they are admitted ahead of the sync's waiting calls (see
// ratelimit.Priority).
func ExampleInteractive() {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := pipedrive.Interactive(context.Background()) // e.g. the HTTP request's context
	deal, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "From the user's page"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(deal.Title)
	// Output:
	// From the user's page
}

// A sync marks its calls Background: they wait behind interactive and
// unmarked calls of the same token, are spread over the window so that
// slots free steadily, and keep a bounded share of the admissions.
func ExampleBackground() {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	for _, title := range []string{"A", "B", "C"} {
		if _, err := srv.Seed(pipedrivetest.Deal, map[string]any{"title": title}); err != nil {
			log.Fatal(err)
		}
	}
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := pipedrive.Background(context.Background())
	n := 0
	for _, err := range client.Deals.List(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		n++
	}
	fmt.Println(n, "deals synced")
	// Output:
	// 3 deals synced
}
