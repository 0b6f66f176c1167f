package pipelines_test

import (
	"context"
	"fmt"
	"log"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/pipelines"
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

// Pipelines change rarely; a sync delivers the renamed one.
func ExampleService_Changes() {
	client, done := syncClient()
	defer done()
	ctx := context.Background()

	var cp crm.Checkpoint
	run := func() {
		for ch, err := range client.Pipelines.Changes(ctx, &cp, nil) {
			if err != nil {
				log.Fatal(err)
			}
			fmt.Println(ch.Record.ID, ch.Record.Name)
		}
	}
	run() // the company's pipelines, at first
	if _, err := client.Pipelines.Update(ctx, pipedrivetest.DefaultPipelineID, &pipelines.UpdateParams{Name: "Sales"}); err != nil {
		log.Fatal(err)
	}
	run()
	// Output:
	// 1 Sales pipeline
	// 1 Sales
}

// Stages are synced on their own, across pipelines.
func ExampleService_StageChanges() {
	client, done := syncClient()
	defer done()
	ctx := context.Background()

	var cp crm.Checkpoint
	n := 0
	for _, err := range client.Pipelines.StageChanges(ctx, &cp, nil) {
		if err != nil {
			log.Fatal(err)
		}
		n++
	}
	fmt.Println(n, "stages")
	st, err := client.Pipelines.CreateStage(ctx, &pipelines.StageParams{Name: "Contract signed", PipelineID: pipedrivetest.DefaultPipelineID})
	if err != nil {
		log.Fatal(err)
	}
	for ch, err := range client.Pipelines.StageChanges(ctx, &cp, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(ch.Record.ID == st.ID, ch.Record.Name)
	}
	// Output:
	// 5 stages
	// true Contract signed
}
