package channels_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/channels"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
)

const (
	channelID      = "e283f878-7ef9-4294-8e5c-04a7d003fd92"
	providerID     = "a8aa4db0-91bb-4e90-b9c0-0c6291307e2f"
	conversationID = "063ffa46-831c-4027-a04c-b65e17f077b7"
)

var cases = []resourcetest.Case{
	{
		Op:   ops.V1AddChannel,
		Path: "/v1/channels",
		Body: `{"name":"My Channel","provider_channel_id":"` + channelID + `","avatar_url":"http://my-domain.com/images/test.png",
			"template_support":false,"provider_type":"other"}`,
		Fixture: "channels/create.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			ch, err := c.Channels.Create(ctx, &channels.CreateParams{
				Name: "My Channel", ProviderChannelID: channelID, AvatarURL: "http://my-domain.com/images/test.png",
				TemplateSupport: pipedrive.Ptr(false), ProviderType: channels.ProviderOther,
			})
			require.NoError(t, err)
			assert.Equal(t, channels.Channel{
				ID: channelID, Name: "My Channel", AvatarURL: "http://my-domain.com/images/test.png",
				ProviderChannelID: channelID, MarketplaceClientID: "57da5c3c55a82bb4", CompanyID: 123, UserID: 321,
				CreatedAt: time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC), ProviderType: channels.ProviderOther,
			}, *ch)
		},
	},
	{
		Op:      ops.V1DeleteChannel,
		Path:    "/v1/channels/" + channelID,
		Fixture: "channels/delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Channels.Delete(ctx, channelID))
		},
	},
	{
		Op:   ops.V1ReceiveMessage,
		Path: "/v1/channels/messages/receive",
		Body: `{"id":"` + channelID + `","channel_id":"` + providerID + `","sender_id":"5d4bd467-d847-4088-ae43-0c7614233bab",
			"conversation_id":"` + conversationID + `","message":"This is a message","status":"sent",
			"created_at":"2022-03-01T07:58:35.449Z","reply_by":"2022-03-02T07:58:35Z",
			"conversation_link":"http://my-server.com/conversations/` + conversationID + `",
			"attachments":[{"id":"b0369d1d-6b6a-4293-88b9-e2924782d47e","type":"image/png","name":"Image Name","size":600,
				"url":"http://my-server.com/images/b0369d1d.png","preview_url":"http://my-server.com/images/b0369d1d.preview.png","link_expires":true}]}`,
		Fixture: "channels/receive.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			created := time.Date(2022, 3, 1, 9, 58, 35, 449_000_000, time.FixedZone("EET", 2*3600))
			m, err := c.Channels.ReceiveMessage(ctx, &channels.MessageParams{
				ID: channelID, ChannelID: providerID, SenderID: "5d4bd467-d847-4088-ae43-0c7614233bab",
				ConversationID: conversationID, Message: "This is a message", Status: channels.StatusSent,
				CreatedAt: created, ReplyBy: time.Date(2022, 3, 2, 7, 58, 35, 0, time.UTC),
				ConversationLink: "http://my-server.com/conversations/" + conversationID,
				Attachments: []channels.Attachment{{
					ID: "b0369d1d-6b6a-4293-88b9-e2924782d47e", Type: "image/png", Name: "Image Name", Size: 600,
					URL: "http://my-server.com/images/b0369d1d.png", PreviewURL: "http://my-server.com/images/b0369d1d.preview.png",
					LinkExpires: true,
				}},
			})
			require.NoError(t, err)
			at := time.Date(2022, 3, 1, 7, 58, 35, 449_000_000, time.UTC)
			assert.Equal(t, channels.Message{
				ID: channelID, ChannelID: providerID, SenderID: "5d4bd467-d847-4088-ae43-0c7614233bab",
				ConversationID: conversationID, Message: "This is a message", Status: channels.StatusSent,
				CreatedAt: at, ReplyBy: at, ConversationLink: "http://my-server.com/conversations/" + conversationID,
				Attachments: []channels.Attachment{{
					ID: "b0369d1d-6b6a-4293-88b9-e2924782d47e", Type: "image/png", Name: "Image Name", Size: 600,
					URL:        "http://my-server.com/images/b0369d1d-6b6a-4293-88b9-e2924782d47e.png",
					PreviewURL: "http://my-server.com/images/b0369d1d-6b6a-4293-88b9-e2924782d47e.preview.png",
				}},
			}, *m)
		},
	},
	{
		Op:      ops.V1DeleteConversation,
		Path:    "/v1/channels/" + providerID + "/conversations/" + conversationID,
		Fixture: "channels/delete_conversation.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Channels.DeleteConversation(ctx, providerID, conversationID))
		},
	},
}

func TestOperations(t *testing.T) {
	covered := resourcetest.Run(t, cases)
	t.Run("coverage", func(t *testing.T) {
		resourcetest.CheckCoverage(t, covered, nil, "Channels")
	})
}

// Every model decodes the spec's example with no member lost.
func TestModelsKeepEveryMember(t *testing.T) {
	resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, "channels/create.json"), &channels.Channel{})
	resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, "channels/receive.json"), &channels.Message{})
	// v2-style timestamps and 0/1 flags decode too.
	var ch channels.Channel
	require.NoError(t, json.Unmarshal([]byte(`{"id":"x","created_at":"2022-03-01T00:00:00Z","template_support":1,"pd_user_id":"5"}`), &ch))
	assert.True(t, ch.TemplateSupport)
	assert.Equal(t, int64(5), ch.UserID)
	assert.Equal(t, time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC), ch.CreatedAt)
}

// Bad input is refused before anything is sent, with an error matching
// pipedrive.ErrInvalidParams (pipedrive.ErrInvalidParams).
func TestInvalidParamsAreRefusedBeforeSending(t *testing.T) {
	var sent atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer srv.Close()
	c := resourcetest.NewClient(t, srv.URL).Channels
	ctx := context.Background()
	msg := func() *channels.MessageParams {
		return &channels.MessageParams{ID: "m", ChannelID: "c", SenderID: "s", ConversationID: "v", Message: "hi",
			Status: channels.StatusSent, CreatedAt: time.Now()}
	}
	calls := map[string]func() error{
		"Create nil":             func() error { _, err := c.Create(ctx, nil); return err },
		"Create no name":         func() error { _, err := c.Create(ctx, &channels.CreateParams{ProviderChannelID: "x"}); return err },
		"Create no provider id":  func() error { _, err := c.Create(ctx, &channels.CreateParams{Name: "x"}); return err },
		"Delete empty id":        func() error { return c.Delete(ctx, "") },
		"ReceiveMessage nil":     func() error { _, err := c.ReceiveMessage(ctx, nil); return err },
		"ReceiveMessage no text": func() error { p := msg(); p.Message = ""; _, err := c.ReceiveMessage(ctx, p); return err },
		"ReceiveMessage no time": func() error { p := msg(); p.CreatedAt = time.Time{}; _, err := c.ReceiveMessage(ctx, p); return err },
		"ReceiveMessage bad attachment": func() error {
			p := msg()
			p.Attachments = []channels.Attachment{{ID: "a", Type: "image/png"}}
			_, err := c.ReceiveMessage(ctx, p)
			return err
		},
		"DeleteConversation no channel":      func() error { return c.DeleteConversation(ctx, "", "v") },
		"DeleteConversation no conversation": func() error { return c.DeleteConversation(ctx, "c", "") },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			err := call()
			require.Error(t, err)
			assert.ErrorIs(t, err, pipedrive.ErrInvalidParams)
		})
	}
	assert.Zero(t, sent.Load(), "requests sent")
}
