package mailbox_test

import (
	"context"
	"fmt"
	"log"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/mailbox"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

// exampleClient returns a client on a fake Pipedrive (package
// pipedrivetest), whose mailbox starts with two threads, so the examples
// run without an account. Real code builds its client with
// pipedrive.NewClient(auth.APIToken(token)).
func exampleClient() (*pipedrive.Client, func()) {
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

func ExampleService_Threads() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	for th, err := range client.Mailbox.Threads(ctx, &mailbox.ThreadListParams{Folder: mailbox.FolderInbox}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s (%d messages, from %s)\n", th.Subject, th.MessageCount, th.Parties.From[0].EmailAddress)
	}
	// Output: Welcome to Pipedrive (2 messages, from ann@example.com)
}

func ExampleService_MessageWith() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()
	page, err := client.Mailbox.ThreadsPage(ctx, &mailbox.ThreadListParams{Folder: mailbox.FolderInbox})
	if err != nil {
		log.Fatal(err)
	}

	for m, err := range client.Mailbox.ThreadMessages(ctx, page.Items[0].ID) {
		if err != nil {
			log.Fatal(err)
		}
		// Lists carry no bodies: fetch each message with its body.
		full, err := client.Mailbox.MessageWith(ctx, m.ID, &mailbox.MessageParams{IncludeBody: true})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %s\n", full.Subject, full.Body)
	}
	// Output:
	// Welcome to Pipedrive: Hello! Here is how to get started.
	// Re: Welcome to Pipedrive: Glad to have you on board.
}

func ExampleService_UpdateThread() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()
	page, err := client.Mailbox.ThreadsPage(ctx, &mailbox.ThreadListParams{Folder: mailbox.FolderInbox})
	if err != nil {
		log.Fatal(err)
	}

	th, err := client.Mailbox.UpdateThread(ctx, page.Items[0].ID, &mailbox.ThreadUpdateParams{
		Read:     pipedrive.Ptr(true),
		Archived: pipedrive.Ptr(true),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(th.Subject, th.Read, th.Folders)
	// Output: Welcome to Pipedrive true [archive]
}
