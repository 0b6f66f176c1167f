package deals_test

import (
	"context"
	"fmt"
	"log"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
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

// A sync job's runs: each delivers the deals changed since the checkpoint
// the previous one saved, deletions included, and saves the checkpoint
// with every change it applies, so that a crash resumes without loss.
func ExampleService_Changes() {
	client, done := syncClient()
	defer done()
	ctx := context.Background()

	renewal, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Renewal"})
	if err != nil {
		log.Fatal(err)
	}
	dup, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Renewal (duplicate)"})
	if err != nil {
		log.Fatal(err)
	}
	if err := client.Deals.Delete(ctx, dup.ID); err != nil {
		log.Fatal(err)
	}

	var saved []byte // where the job keeps its checkpoint: a file, a row
	syncRun := func() {
		var cp crm.Checkpoint // empty text: the first run starts at the beginning
		if err := cp.UnmarshalText(saved); err != nil {
			log.Fatal(err)
		}
		for ch, err := range client.Deals.Changes(ctx, &cp, nil) {
			if err != nil {
				log.Fatal(err) // the saved checkpoint is where the next run resumes
			}
			if ch.Deleted {
				fmt.Println("deleted:", ch.Record.Title)
			} else {
				fmt.Println("changed:", ch.Record.Title)
			}
			// Apply the change, then save the checkpoint: it covers the change.
			if saved, err = cp.MarshalText(); err != nil {
				log.Fatal(err)
			}
		}
	}
	syncRun()
	if _, err := client.Deals.Update(ctx, renewal.ID, &deals.UpdateParams{Title: "Renewal 2027"}); err != nil {
		log.Fatal(err)
	}
	syncRun() // only what changed since
	syncRun() // nothing
	// Output:
	// changed: Renewal
	// deleted: Renewal (duplicate)
	// changed: Renewal 2027
}

// Archived deals leave the deal list: a job that follows them runs
// ArchivedChanges too, with a checkpoint of its own.
func ExampleService_ArchivedChanges() {
	client, done := syncClient()
	defer done()
	ctx := context.Background()

	d, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Lost cause"})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Deals.Update(ctx, d.ID, &deals.UpdateParams{IsArchived: pipedrive.Ptr(true)}); err != nil {
		log.Fatal(err)
	}
	var live, archived crm.Checkpoint
	for ch, err := range client.Deals.Changes(ctx, &live, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("live:", ch.Record.Title)
	}
	for ch, err := range client.Deals.ArchivedChanges(ctx, &archived, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("archived:", ch.Record.Title, ch.Record.IsArchived)
	}
	// Output:
	// archived: Lost cause true
}
