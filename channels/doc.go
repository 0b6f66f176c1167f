// Package channels is the typed client of Pipedrive's channels API, for
// messaging app integrations: it registers a messenger's channels, reports
// the messages that arrive in them, and removes channels and
// conversations. Pipedrive shows the conversations in its Messaging inbox
// and fetches them from the integration's own endpoints (see Pipedrive's
// guide to the Messaging app extension).
//
// Reach it through a pipedrive.Client built with an OAuth token that has
// the Messengers integration scope:
//
//	ch, err := client.Channels.Create(ctx, &channels.CreateParams{
//		Name:              "Support line",
//		ProviderChannelID: "support-1",
//		ProviderType:      channels.ProviderWhatsApp,
//	})
//	m, err := client.Channels.ReceiveMessage(ctx, &channels.MessageParams{
//		ID: "msg-1", ChannelID: "support-1", SenderID: "customer-7",
//		ConversationID: "conv-3", Message: "Hello!",
//		Status: channels.StatusSent, CreatedAt: time.Now(),
//	})
//	err = client.Channels.DeleteConversation(ctx, "support-1", "conv-3")
//
// The API is v1 only. Ids are strings: Channel.ID is Pipedrive's id of a
// channel (Delete takes it), the other ids are the integration's own.
//
// Channel and Message are crm.Channel and crm.ChannelMessage (aliased
// here), so that code that only reads them does not link the client core.
package channels
