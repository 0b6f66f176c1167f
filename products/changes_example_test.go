package products_test

import (
	"context"
	"fmt"
	"log"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/products"
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

// Keep a catalogue in step with Pipedrive's products: each run applies
// what changed since the previous one.
func ExampleService_Changes() {
	client, done := syncClient()
	defer done()
	ctx := context.Background()

	catalogue := map[int64]string{}
	var cp crm.Checkpoint
	run := func() {
		for ch, err := range client.Products.Changes(ctx, &cp, nil) {
			if err != nil {
				log.Fatal(err)
			}
			catalogue[ch.Record.ID] = ch.Record.Name
			fmt.Println("synced", ch.Record.Name)
		}
	}
	p, err := client.Products.Create(ctx, &products.CreateParams{Name: "Seat licence"})
	if err != nil {
		log.Fatal(err)
	}
	run()
	if _, err := client.Products.Update(ctx, p.ID, &products.UpdateParams{Name: "Seat licence (annual)"}); err != nil {
		log.Fatal(err)
	}
	run()
	fmt.Println(len(catalogue), catalogue[p.ID])
	// Output:
	// synced Seat licence
	// synced Seat licence (annual)
	// 1 Seat licence (annual)
}
