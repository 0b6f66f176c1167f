package organizations_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/organizations"
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

// A job that keeps its checkpoints in a JSON state: a checkpoint encodes
// as a JSON string.
func ExampleService_Changes() {
	client, done := syncClient()
	defer done()
	ctx := context.Background()

	acme, err := client.Organizations.Create(ctx, &organizations.CreateParams{Name: "Acme"})
	if err != nil {
		log.Fatal(err)
	}
	var state struct {
		Organizations crm.Checkpoint `json:"organizations"`
	}
	saved := []byte(`{"organizations":""}`) // the job's state before its first run
	run := func() {
		if err := json.Unmarshal(saved, &state); err != nil {
			log.Fatal(err)
		}
		for ch, err := range client.Organizations.Changes(ctx, &state.Organizations, nil) {
			if err != nil {
				log.Fatal(err)
			}
			fmt.Println(ch.ID == fmt.Sprint(ch.Record.ID), ch.Record.Name)
			if saved, err = json.Marshal(state); err != nil {
				log.Fatal(err)
			}
		}
	}
	run()
	if _, err := client.Organizations.Update(ctx, acme.ID, &organizations.UpdateParams{Name: pipedrive.Ptr("Acme Corp")}); err != nil {
		log.Fatal(err)
	}
	run()
	run()
	// Output:
	// true Acme
	// true Acme Corp
}
