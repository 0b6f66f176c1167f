package notes_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/notes"
)

// Edit a note, then delete it.
func ExampleService_Update() {
	client, dealID, done := exampleClient()
	defer done()
	ctx := context.Background()
	n, err := client.Notes.Create(ctx, &notes.CreateParams{Content: "Call back on Monday", DealID: dealID})
	if err != nil {
		log.Fatal(err)
	}

	n, err = client.Notes.Update(ctx, n.ID, &notes.UpdateParams{Content: "Call back on Tuesday"})
	if err != nil {
		log.Fatal(err)
	}
	got, err := client.Notes.Get(ctx, n.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(got.Content)

	if err := client.Notes.Delete(ctx, n.ID); err != nil {
		log.Fatal(err)
	}
	_, err = client.Notes.Get(ctx, n.ID)
	fmt.Println(errors.Is(err, pipedrive.ErrNotFound))
	// Output:
	// Call back on Tuesday
	// true
}

// Read a note's comments, edit one and delete another (comment ids are
// UUIDs).
func ExampleService_Comments() {
	client, dealID, done := exampleClient()
	defer done()
	ctx := context.Background()
	n, err := client.Notes.Create(ctx, &notes.CreateParams{Content: "Offer sent", DealID: dealID})
	if err != nil {
		log.Fatal(err)
	}
	first, err := client.Notes.AddComment(ctx, n.ID, &notes.CommentParams{Content: "They liked it"})
	if err != nil {
		log.Fatal(err)
	}
	second, err := client.Notes.AddComment(ctx, n.ID, &notes.CommentParams{Content: "Typo"})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Notes.UpdateComment(ctx, n.ID, first.ID, &notes.CommentParams{Content: "They loved it"}); err != nil {
		log.Fatal(err)
	}
	if err := client.Notes.DeleteComment(ctx, n.ID, second.ID); err != nil {
		log.Fatal(err)
	}

	for c, err := range client.Notes.Comments(ctx, n.ID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(c.Content)
	}
	// Output: They loved it
}

// The note fields: the properties a note has.
func ExampleService_Fields() {
	client, _, done := exampleClient()
	defer done()

	for f, err := range client.Notes.Fields(context.Background()) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(f.Code, f.Type)
	}
	// Output:
	// content text
	// user_id user
	// deal_id deal
	// lead_id lead
	// person_id people
	// org_id org
	// project_id project
	// add_time date
	// update_time date
	// pinned_to_lead_flag enum
	// pinned_to_deal_flag enum
	// pinned_to_organization_flag enum
	// pinned_to_person_flag enum
	// pinned_to_project_flag enum
}
