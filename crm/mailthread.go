package crm

import (
	"time"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// MailFolder is a folder of the user's synced mailbox.
type MailFolder string

// Mailbox folders.
const (
	MailFolderInbox   MailFolder = "inbox"
	MailFolderDrafts  MailFolder = "drafts"
	MailFolderSent    MailFolder = "sent"
	MailFolderArchive MailFolder = "archive"
)

// MailThread is a conversation of the user's synced mailbox (the v1
// mailbox endpoints): its messages' common subject, who took part, and
// the thread's state. Pipedrive sends its flags as 0/1; they are
// booleans here.
//
// It is defined here and aliased as mailbox.Thread.
type MailThread struct {
	ID int64 `json:"id"`
	// AccountID is the id of the mail connection the thread was synced
	// through; UserID the user it belongs to.
	AccountID string `json:"account_id"`
	UserID    int64  `json:"user_id"`
	Subject   string `json:"subject"`
	// Snippet is the start of the latest message; SnippetDraft of the
	// latest draft (nil when none) and SnippetSent of the latest message
	// sent.
	Snippet      string  `json:"snippet"`
	SnippetDraft *string `json:"snippet_draft"`
	SnippetSent  string  `json:"snippet_sent,omitempty"`
	// Parties are the thread's senders and recipients; DraftsParties the
	// recipients of its drafts.
	Parties       MailThreadParties `json:"parties"`
	DraftsParties []MailParty       `json:"drafts_parties,omitempty"`
	// Folders are the folders its messages are in.
	Folders      []MailFolder `json:"folders"`
	Version      int64        `json:"version,omitempty"`
	MessageCount int64        `json:"message_count,omitempty"`
	// TrackingStatus is the mail tracking state ("opened", "not opened"),
	// nil when tracking is off.
	TrackingStatus       *string `json:"mail_tracking_status"`
	LinkTrackingEnabled  bool    `json:"mail_link_tracking_enabled_flag"`
	Read                 bool    `json:"read_flag"`
	HasAttachments       bool    `json:"has_attachments_flag"`
	HasInlineAttachments bool    `json:"has_inline_attachments_flag"`
	HasRealAttachments   bool    `json:"has_real_attachments_flag"`
	HasDraft             bool    `json:"has_draft_flag"`
	HasSent              bool    `json:"has_sent_flag"`
	AllMessagesSent      bool    `json:"all_messages_sent_flag"`
	Archived             bool    `json:"archived_flag"`
	Deleted              bool    `json:"deleted_flag"`
	// ExternalDeleted is true when the thread was deleted in the mail
	// provider.
	ExternalDeleted bool `json:"external_deleted_flag"`
	Shared          bool `json:"shared_flag"`
	Synced          bool `json:"synced_flag"`
	// SmartBCC is true when one of the parties is Pipedrive's Smart BCC
	// address.
	SmartBCC bool `json:"smart_bcc_flag"`
	// FirstMessageToMe is true when someone else started the thread.
	FirstMessageToMe bool `json:"first_message_to_me_flag"`

	FirstMessageTime        time.Time  `json:"first_message_timestamp"`
	LastMessageTime         time.Time  `json:"last_message_timestamp"`
	LastMessageSentTime     *time.Time `json:"last_message_sent_timestamp"`
	LastMessageReceivedTime *time.Time `json:"last_message_received_timestamp"`
	AddTime                 time.Time  `json:"add_time"`
	UpdateTime              time.Time  `json:"update_time"`

	// DealID and LeadID link the thread to a deal or a lead (nil when
	// not); DealStatus is the linked deal's status.
	DealID     *int64  `json:"deal_id"`
	DealStatus *string `json:"deal_status"`
	LeadID     *string `json:"lead_id"`
}

// MailThreadParties are the senders and recipients of a mail thread.
type MailThreadParties struct {
	To   []MailParty `json:"to"`
	From []MailParty `json:"from"`
}

// UnmarshalJSON implements json.Unmarshaler: 0/1 flags, either timestamp
// form, ids sent as strings.
func (m *MailThread) UnmarshalJSON(b []byte) error {
	type plain MailThread
	var aux struct {
		*plain
		LinkTrackingEnabled     flag     `json:"mail_link_tracking_enabled_flag"`
		Read                    flag     `json:"read_flag"`
		HasAttachments          flag     `json:"has_attachments_flag"`
		HasInlineAttachments    flag     `json:"has_inline_attachments_flag"`
		HasRealAttachments      flag     `json:"has_real_attachments_flag"`
		HasDraft                flag     `json:"has_draft_flag"`
		HasSent                 flag     `json:"has_sent_flag"`
		AllMessagesSent         flag     `json:"all_messages_sent_flag"`
		Archived                flag     `json:"archived_flag"`
		Deleted                 flag     `json:"deleted_flag"`
		ExternalDeleted         flag     `json:"external_deleted_flag"`
		Shared                  flag     `json:"shared_flag"`
		Synced                  flag     `json:"synced_flag"`
		SmartBCC                flag     `json:"smart_bcc_flag"`
		FirstMessageToMe        flag     `json:"first_message_to_me_flag"`
		FirstMessageTime        Time     `json:"first_message_timestamp"`
		LastMessageTime         Time     `json:"last_message_timestamp"`
		LastMessageSentTime     Time     `json:"last_message_sent_timestamp"`
		LastMessageReceivedTime Time     `json:"last_message_received_timestamp"`
		AddTime                 Time     `json:"add_time"`
		UpdateTime              Time     `json:"update_time"`
		DealID                  jsonx.ID `json:"deal_id"`
	}
	aux.plain = (*plain)(m)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	m.LinkTrackingEnabled, m.Read = bool(aux.LinkTrackingEnabled), bool(aux.Read)
	m.HasAttachments, m.HasInlineAttachments, m.HasRealAttachments = bool(aux.HasAttachments), bool(aux.HasInlineAttachments), bool(aux.HasRealAttachments)
	m.HasDraft, m.HasSent, m.AllMessagesSent = bool(aux.HasDraft), bool(aux.HasSent), bool(aux.AllMessagesSent)
	m.Archived, m.Deleted, m.ExternalDeleted = bool(aux.Archived), bool(aux.Deleted), bool(aux.ExternalDeleted)
	m.Shared, m.Synced, m.SmartBCC, m.FirstMessageToMe = bool(aux.Shared), bool(aux.Synced), bool(aux.SmartBCC), bool(aux.FirstMessageToMe)
	m.FirstMessageTime, m.LastMessageTime = aux.FirstMessageTime.Time, aux.LastMessageTime.Time
	m.LastMessageSentTime, m.LastMessageReceivedTime = aux.LastMessageSentTime.Ptr(), aux.LastMessageReceivedTime.Ptr()
	m.AddTime, m.UpdateTime = aux.AddTime.Time, aux.UpdateTime.Time
	m.DealID = aux.DealID.Ptr()
	if m.LeadID != nil && *m.LeadID == "" {
		m.LeadID = nil
	}
	return nil
}
