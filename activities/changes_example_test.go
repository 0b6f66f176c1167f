package activities_test

import (
	"context"
	"fmt"
	"log"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/activities"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

// syncClient returns a client on a fake Pipedrive (package
// pipedrivetest), so the sync examples run without an account.
func syncClient() (*pipedrive.Client, func()) {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	return client, srv.Close
}

// Sync activities in pages of 100 (each request costs the same whatever
// its size; smaller pages only take more of them).
func ExampleService_Changes() {
	client, done := syncClient()
	defer done()
	ctx := context.Background()

	for _, subject := range []string{"Kick-off call", "Demo"} {
		if _, err := client.Activities.Create(ctx, &activities.CreateParams{Subject: subject}); err != nil {
			log.Fatal(err)
		}
	}
	var cp crm.Checkpoint
	for ch, err := range client.Activities.Changes(ctx, &cp, &crm.ChangesParams{Limit: 100}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(ch.Record.Subject)
	}
	fmt.Println(cp.Resource(), cp.Len())
	// Output:
	// Kick-off call
	// Demo
	// activities 2
}
