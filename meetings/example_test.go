package meetings_test

import (
	"context"
	"fmt"
	"log"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/meetings"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

func Example() {
	// A fake Pipedrive (package pipedrivetest), so the example runs
	// without an account; a video call integration builds its client with
	// its OAuth credential.
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	// The user installed the integration: link them.
	const linkID = "1e3943e8-ec66-4b83-9dd3-ed0d5dcb1f26"
	res, err := client.Meetings.CreateUserProviderLink(ctx, &meetings.UserProviderLinkParams{
		UserProviderID:      linkID,
		UserID:              pipedrivetest.DefaultUserID,
		CompanyID:           pipedrivetest.CompanyID,
		MarketplaceClientID: srv.OAuthClientID(),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Message)

	// The user removed it: unlink them.
	if err := client.Meetings.DeleteUserProviderLink(ctx, linkID); err != nil {
		log.Fatal(err)
	}
	// Output: The user was added successfully
}
