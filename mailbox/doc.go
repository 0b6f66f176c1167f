// Package mailbox is the typed client of the user's mailbox as Pipedrive
// syncs it: mail threads by folder, the messages of a thread, and single
// messages with their bodies. Threads can be linked to a deal or a lead,
// shared, marked read or archived.
//
// Reach it through a pipedrive.Client:
//
//	client, err := pipedrive.NewClient(auth.APIToken(token))
//	for th, err := range client.Mailbox.Threads(ctx, &mailbox.ThreadListParams{Folder: mailbox.FolderInbox}) {
//		...
//	}
//	th, err := client.Mailbox.UpdateThread(ctx, threadID, &mailbox.ThreadUpdateParams{
//		DealID: 42, Read: pipedrive.Ptr(true),
//	})
//	for m, err := range client.Mailbox.ThreadMessages(ctx, threadID) { ... }
//	m, err := client.Mailbox.MessageWith(ctx, messageID, &mailbox.MessageParams{IncludeBody: true})
//
// The mailbox exists only in API v1. Its flags travel as 0/1; the models
// and params use booleans. The mail messages of a deal, person or
// organization are listed by those services (client.Deals.MailMessages).
//
// OAuth apps need the mail:read scope (mail:full to change threads).
//
// Thread and Message are crm.MailThread and crm.MailMessage (aliased
// here), so that code that only reads them does not link the client core.
package mailbox
