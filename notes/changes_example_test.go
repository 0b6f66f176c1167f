package notes_test

import (
	"context"
	"fmt"
	"log"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/notes"
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

// Follow the notes written and edited since the last run.
func ExampleService_Changes() {
	client, done := syncClient()
	defer done()
	ctx := context.Background()

	d, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Acme renewal"})
	if err != nil {
		log.Fatal(err)
	}
	n, err := client.Notes.Create(ctx, &notes.CreateParams{Content: "Call back in May", DealID: d.ID})
	if err != nil {
		log.Fatal(err)
	}
	var cp crm.Checkpoint
	run := func() {
		for ch, err := range client.Notes.Changes(ctx, &cp, nil) {
			if err != nil {
				log.Fatal(err)
			}
			fmt.Println(ch.Record.Content)
		}
	}
	run()
	if _, err := client.Notes.Update(ctx, n.ID, &notes.UpdateParams{Content: "Call back in June"}); err != nil {
		log.Fatal(err)
	}
	run()
	// Output:
	// Call back in May
	// Call back in June
}
