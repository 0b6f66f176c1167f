package mailbox

import "github.com/pipedrive-go/pipedrive/crm"

// Thread is a mail thread. See crm.MailThread.
type Thread = crm.MailThread

// Parties are a thread's senders and recipients. See
// crm.MailThreadParties.
type Parties = crm.MailThreadParties

// Party is a sender or recipient. See crm.MailParty.
type Party = crm.MailParty

// Message is a mail message. See crm.MailMessage.
type Message = crm.MailMessage

// Folder is a mailbox folder. See crm.MailFolder.
type Folder = crm.MailFolder

// Mailbox folders.
const (
	FolderInbox   = crm.MailFolderInbox
	FolderDrafts  = crm.MailFolderDrafts
	FolderSent    = crm.MailFolderSent
	FolderArchive = crm.MailFolderArchive
)
