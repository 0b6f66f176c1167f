package leads_test

import (
	"context"
	"fmt"
	"log"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/leads"
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

// Leads have UUIDs: a change's ID is the lead's.
func ExampleService_Changes() {
	client, done := syncClient()
	defer done()
	ctx := context.Background()

	ada, err := client.Persons.Create(ctx, &persons.CreateParams{Name: "Ada Lovelace"})
	if err != nil {
		log.Fatal(err)
	}
	lead, err := client.Leads.Create(ctx, &leads.CreateParams{Title: "Analytical engine", PersonID: ada.ID})
	if err != nil {
		log.Fatal(err)
	}
	var cp crm.Checkpoint
	for ch, err := range client.Leads.Changes(ctx, &cp, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(ch.ID == lead.ID, ch.Record.Title)
	}
	// Output:
	// true Analytical engine
}
