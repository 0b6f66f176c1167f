package channels

import "github.com/pipedrive-go/pipedrive/crm"

// Channel is a registered messaging channel. See crm.Channel.
type Channel = crm.Channel

// Message is a message of a channel's conversation. See
// crm.ChannelMessage.
type Message = crm.ChannelMessage

// Attachment is a file attached to a message. See crm.ChannelAttachment.
type Attachment = crm.ChannelAttachment

// Provider says which messenger a channel belongs to. See
// crm.ChannelProvider.
type Provider = crm.ChannelProvider

// Providers.
const (
	ProviderFacebook = crm.ChannelProviderFacebook
	ProviderWhatsApp = crm.ChannelProviderWhatsApp
	ProviderOther    = crm.ChannelProviderOther
)

// Status is a message's delivery state. See crm.ChannelMessageStatus.
type Status = crm.ChannelMessageStatus

// Message states.
const (
	StatusSent      = crm.ChannelMessageSent
	StatusDelivered = crm.ChannelMessageDelivered
	StatusRead      = crm.ChannelMessageRead
	StatusFailed    = crm.ChannelMessageFailed
)
