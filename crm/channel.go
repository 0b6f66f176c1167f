package crm

import (
	"time"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// ChannelProvider says which messenger a channel belongs to; Pipedrive
// picks the icons shown beside its conversations by it.
type ChannelProvider string

// Channel providers.
const (
	ChannelProviderFacebook ChannelProvider = "facebook"
	ChannelProviderWhatsApp ChannelProvider = "whatsapp"
	ChannelProviderOther    ChannelProvider = "other"
)

// Channel is a messaging channel registered by a messaging app
// integration (the v1 channels endpoints): Pipedrive shows its
// conversations in the Messaging inbox.
//
// It is defined here and aliased as channels.Channel.
type Channel struct {
	// ID is Pipedrive's id of the channel (a UUID); ProviderChannelID is
	// the integration's own.
	ID                string `json:"id"`
	Name              string `json:"name"`
	AvatarURL         string `json:"avatar_url,omitempty"`
	ProviderChannelID string `json:"provider_channel_id"`
	// MarketplaceClientID is the client id of the integration's app in
	// the Pipedrive Marketplace.
	MarketplaceClientID string `json:"marketplace_client_id,omitempty"`
	// CompanyID and UserID are the Pipedrive company and user that
	// registered the channel.
	CompanyID    int64           `json:"pd_company_id,omitempty"`
	UserID       int64           `json:"pd_user_id,omitempty"`
	CreatedAt    time.Time       `json:"created_at"`
	ProviderType ChannelProvider `json:"provider_type,omitempty"`
	// TemplateSupport says whether Pipedrive offers message templates
	// (fetched from the integration) in the channel's conversations.
	TemplateSupport bool `json:"template_support"`
}

// UnmarshalJSON implements json.Unmarshaler: either timestamp form, and
// numbers sent as strings.
func (c *Channel) UnmarshalJSON(b []byte) error {
	type plain Channel
	var aux struct {
		*plain
		CreatedAt       Time `json:"created_at"`
		TemplateSupport flag `json:"template_support"`
	}
	aux.plain = (*plain)(c)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	c.CreatedAt, c.TemplateSupport = aux.CreatedAt.Time, bool(aux.TemplateSupport)
	return nil
}

// ChannelMessageStatus is the delivery state of a channel message.
type ChannelMessageStatus string

// Channel message states.
const (
	ChannelMessageSent      ChannelMessageStatus = "sent"
	ChannelMessageDelivered ChannelMessageStatus = "delivered"
	ChannelMessageRead      ChannelMessageStatus = "read"
	ChannelMessageFailed    ChannelMessageStatus = "failed"
)

// ChannelMessage is a message of a channel's conversation, as the
// integration reported it to Pipedrive. Its ids are the integration's.
type ChannelMessage struct {
	ID             string `json:"id"`
	ChannelID      string `json:"channel_id"`
	SenderID       string `json:"sender_id"`
	ConversationID string `json:"conversation_id"`
	// Message is the message's text.
	Message   string               `json:"message"`
	Status    ChannelMessageStatus `json:"status"`
	CreatedAt time.Time            `json:"created_at"`
	// ReplyBy is when the conversation stops taking replies (zero when it
	// does not).
	ReplyBy time.Time `json:"reply_by,omitzero"`
	// ConversationLink opens the conversation in the messenger.
	ConversationLink string              `json:"conversation_link,omitempty"`
	Attachments      []ChannelAttachment `json:"attachments,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler (either timestamp form).
func (m *ChannelMessage) UnmarshalJSON(b []byte) error {
	type plain ChannelMessage
	var aux struct {
		*plain
		CreatedAt Time `json:"created_at"`
		ReplyBy   Time `json:"reply_by"`
	}
	aux.plain = (*plain)(m)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	m.CreatedAt, m.ReplyBy = aux.CreatedAt.Time, aux.ReplyBy.Time
	return nil
}

// ChannelAttachment is a file attached to a channel message; the
// integration serves it.
type ChannelAttachment struct {
	ID string `json:"id"`
	// Type is the attachment's media type ("image/png").
	Type string `json:"type"`
	Name string `json:"name,omitempty"`
	// Size is the attachment's size in bytes.
	Size       int64  `json:"size,omitempty"`
	URL        string `json:"url"`
	PreviewURL string `json:"preview_url,omitempty"`
	// LinkExpires says that URL expires: Pipedrive asks the integration
	// for fresh links (its getMessageById endpoint) before using them.
	LinkExpires bool `json:"link_expires,omitempty"`
}
