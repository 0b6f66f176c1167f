package channels

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// CreateParams is a channel to register. Name and ProviderChannelID are
// required.
type CreateParams struct {
	// Name is the channel's name as Pipedrive shows it.
	Name string `json:"name" pipedrive:"required"`
	// ProviderChannelID is the integration's id of the channel.
	ProviderChannelID string `json:"provider_channel_id" pipedrive:"required"`
	// AvatarURL is the address of an icon for the channel.
	AvatarURL string `json:"avatar_url,omitempty"`
	// TemplateSupport turns on message templates in the channel's
	// conversations (the integration must serve them).
	TemplateSupport *bool `json:"template_support,omitempty"`
	// ProviderType picks the channel's icons (default ProviderOther).
	ProviderType Provider `json:"provider_type,omitempty"`
}

// MessageParams is a message that arrived in the messenger, for
// ReceiveMessage. Every field but ReplyBy, ConversationLink and
// Attachments is required; ids are the integration's.
type MessageParams struct {
	ID             string `json:"id" pipedrive:"required"`
	ChannelID      string `json:"channel_id" pipedrive:"required"`
	SenderID       string `json:"sender_id" pipedrive:"required"`
	ConversationID string `json:"conversation_id" pipedrive:"required"`
	// Message is the message's text.
	Message string `json:"message" pipedrive:"required"`
	Status  Status `json:"status" pipedrive:"required"`
	// CreatedAt is when the message was created in the messenger; sent in
	// UTC.
	CreatedAt time.Time `json:"created_at" pipedrive:"required"`
	// ReplyBy is when the conversation stops taking replies (zero: never).
	ReplyBy time.Time `json:"reply_by,omitzero"`
	// ConversationLink opens the conversation in the messenger.
	ConversationLink string `json:"conversation_link,omitempty"`
	// Attachments are the message's files; each needs ID, Type (a media
	// type) and URL.
	Attachments []Attachment `json:"attachments,omitempty"`
}

// Validate refuses attachments without their id, type or URL.
func (p *MessageParams) Validate() error {
	for i, a := range p.Attachments {
		if a.ID == "" || a.Type == "" || a.URL == "" {
			return fmt.Errorf("attachments[%d]: id, type and url are required", i)
		}
		if a.Size < 0 {
			return errors.New("attachments: negative size")
		}
	}
	return nil
}

// MarshalJSON implements json.Marshaler: times in UTC (RFC 3339).
func (p MessageParams) MarshalJSON() ([]byte, error) {
	type plain MessageParams
	out := struct {
		plain
		CreatedAt string `json:"created_at"`
		ReplyBy   string `json:"reply_by,omitempty"`
	}{plain: plain(p), CreatedAt: stamp(p.CreatedAt), ReplyBy: stamp(p.ReplyBy)}
	return json.Marshal(out)
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}
