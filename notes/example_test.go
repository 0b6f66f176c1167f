package notes_test

import (
	"context"
	"fmt"
	"log"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/notes"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

// exampleClient returns a client on a fake Pipedrive (package
// pipedrivetest) holding one deal, so the examples run without an
// account. Real code builds its client with
// pipedrive.NewClient(auth.APIToken(token)).
func exampleClient() (*pipedrive.Client, int64, func()) {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	d, err := client.Deals.Create(context.Background(), &deals.CreateParams{Title: "Acme renewal"})
	if err != nil {
		log.Fatal(err)
	}
	return client, d.ID, srv.Close
}

func ExampleService_Create() {
	client, dealID, done := exampleClient()
	defer done()

	n, err := client.Notes.Create(context.Background(), &notes.CreateParams{
		Content:      "<p>Wants the <b>annual</b> plan.</p>",
		DealID:       dealID,
		PinnedToDeal: pipedrive.Ptr(true),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n.Deal.Title, n.PinnedToDeal, n.Content)
	// Output: Acme renewal true <p>Wants the <b>annual</b> plan.</p>
}

func ExampleService_List() {
	client, dealID, done := exampleClient()
	defer done()
	ctx := context.Background()
	for _, text := range []string{"First call", "Sent the offer", "Signed"} {
		if _, err := client.Notes.Create(ctx, &notes.CreateParams{Content: text, DealID: dealID}); err != nil {
			log.Fatal(err)
		}
	}

	// Pages (by offset) are fetched as the loop goes.
	for n, err := range client.Notes.List(ctx, &notes.ListParams{DealID: dealID, Sort: "id DESC", Limit: 2}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(n.ID, n.Content)
	}
	// Output:
	// 3 Signed
	// 2 Sent the offer
	// 1 First call
}

func ExampleService_AddComment() {
	client, dealID, done := exampleClient()
	defer done()
	ctx := context.Background()
	n, err := client.Notes.Create(ctx, &notes.CreateParams{Content: "Price agreed?", DealID: dealID})
	if err != nil {
		log.Fatal(err)
	}

	c, err := client.Notes.AddComment(ctx, n.ID, &notes.CommentParams{Content: "Yes, at 5%"})
	if err != nil {
		log.Fatal(err)
	}
	// Comments are identified by a UUID within their note.
	_, err = client.Notes.UpdateComment(ctx, n.ID, c.ID, &notes.CommentParams{Content: "Yes, at 4%"})
	if err != nil {
		log.Fatal(err)
	}
	for c, err := range client.Notes.Comments(ctx, n.ID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(c.ObjectType, c.ObjectID, c.Content)
	}
	// Output: note 1 Yes, at 4%
}
