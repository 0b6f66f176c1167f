package persons_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/persons"
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

// Sync the persons changed in the last day (not since the beginning),
// then, from the checkpoint that run left, what changed since.
func ExampleService_Changes() {
	client, done := syncClient()
	defer done()
	ctx := context.Background()

	ada, err := client.Persons.Create(ctx, &persons.CreateParams{Name: "Ada Lovelace"})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Persons.Create(ctx, &persons.CreateParams{Name: "Alan Turing"}); err != nil {
		log.Fatal(err)
	}
	cp := crm.CheckpointSince(time.Now().Add(-24 * time.Hour))
	run := func() {
		for ch, err := range client.Persons.Changes(ctx, &cp, nil) {
			if err != nil {
				log.Fatal(err)
			}
			fmt.Println(ch.Record.Name)
		}
	}
	run()
	if _, err := client.Persons.Update(ctx, ada.ID, &persons.UpdateParams{Name: pipedrive.Ptr("Ada King")}); err != nil {
		log.Fatal(err)
	}
	run()
	// Output:
	// Ada Lovelace
	// Alan Turing
	// Ada King
}
