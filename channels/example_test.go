package channels_test

import (
	"context"
	"fmt"
	"log"
	"time"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/channels"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

// exampleClient returns a client on a fake Pipedrive (package
// pipedrivetest), so the examples run without an account. A messaging
// integration builds its client with its OAuth credential.
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

func Example() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	ch, err := client.Channels.Create(ctx, &channels.CreateParams{
		Name:              "Support line",
		ProviderChannelID: "support-1",
		ProviderType:      channels.ProviderWhatsApp,
	})
	if err != nil {
		log.Fatal(err)
	}
	// A message arrived in the messenger: tell Pipedrive.
	m, err := client.Channels.ReceiveMessage(ctx, &channels.MessageParams{
		ID:             "msg-1",
		ChannelID:      ch.ProviderChannelID,
		SenderID:       "customer-7",
		ConversationID: "conv-3",
		Message:        "Hello! Is the offer still valid?",
		Status:         channels.StatusDelivered,
		CreatedAt:      time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ch.Name, ch.ProviderType)
	fmt.Println(m.ConversationID, m.Status, m.Message)

	// The conversation ends, and later the channel.
	if err := client.Channels.DeleteConversation(ctx, ch.ProviderChannelID, "conv-3"); err != nil {
		log.Fatal(err)
	}
	if err := client.Channels.Delete(ctx, ch.ID); err != nil {
		log.Fatal(err)
	}
	// Output:
	// Support line whatsapp
	// conv-3 delivered Hello! Is the offer still valid?
}
