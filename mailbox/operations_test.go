package mailbox_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/mailbox"
)

const leadID = "adf21080-0e10-11eb-879b-05d71fb426ec"

func utc(y int, m time.Month, d, h, min, s int) time.Time {
	return time.Date(y, m, d, h, min, s, 0, time.UTC)
}

// assertThread checks the thread of the spec's list and get examples.
func assertThread(t *testing.T, th *mailbox.Thread) {
	t.Helper()
	party := func(id, person int64) mailbox.Party {
		return mailbox.Party{ID: id, EmailAddress: "example@test.com", LinkedPersonID: person, LinkedPersonName: "Tester",
			MailMessagePartyID: 5318, MessageTime: time.UnixMilli(1574677850000).UTC()}
	}
	assert.Equal(t, mailbox.Thread{
		ID: 1, AccountID: "123412jhfsaa221", UserID: 232, Subject: "Example", Snippet: "Example Snippet",
		Parties:       mailbox.Parties{To: []mailbox.Party{party(2, 3)}, From: []mailbox.Party{party(3, 2)}},
		DraftsParties: []mailbox.Party{}, Folders: []mailbox.Folder{mailbox.FolderInbox}, Version: 9,
		HasAttachments: true, HasInlineAttachments: true, Shared: true, Synced: true, FirstMessageToMe: true,
		LastMessageTime: utc(2019, 11, 20, 20, 20, 46), FirstMessageTime: utc(2019, 11, 20, 17, 40, 46),
		LastMessageReceivedTime: pipedrive.Ptr(utc(2019, 11, 20, 20, 20, 46)),
		AddTime:                 utc(2019, 11, 20, 17, 40, 59), UpdateTime: utc(2019, 11, 20, 20, 21, 22),
	}, *th)
}

var cases = []resourcetest.Case{
	{
		Op:      ops.V1GetMailThreads,
		Path:    "/v1/mailbox/mailThreads",
		Query:   url.Values{"folder": {"archive"}, "start": {"10"}, "limit": {"5"}},
		Fixture: "mailbox/threads.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Mailbox.ThreadsPage(ctx, &mailbox.ThreadListParams{Folder: mailbox.FolderArchive, Start: 10, Limit: 5})
			require.NoError(t, err)
			require.Len(t, page.Items, 1)
			assert.False(t, page.More)
			assertThread(t, &page.Items[0])
		},
	},
	{
		Op:      ops.V1GetMailThread,
		Path:    "/v1/mailbox/mailThreads/1",
		Fixture: "mailbox/thread.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			th, err := c.Mailbox.Thread(ctx, 1)
			require.NoError(t, err)
			assertThread(t, th)
		},
	},
	{
		Op:   ops.V1UpdateMailThreadDetails,
		Path: "/v1/mailbox/mailThreads/1",
		Check: func(t *testing.T, r *http.Request, body []byte) {
			assert.Equal(t, "application/x-www-form-urlencoded", r.Header.Get("Content-Type"))
			got, err := url.ParseQuery(string(body))
			require.NoError(t, err)
			assert.Equal(t, url.Values{"deal_id": {"42"}, "lead_id": {leadID}, "shared_flag": {"1"}, "read_flag": {"0"}, "archived_flag": {"1"}}, got)
		},
		Fixture: "mailbox/thread_update.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			th, err := c.Mailbox.UpdateThread(ctx, 1, &mailbox.ThreadUpdateParams{
				DealID: 42, LeadID: leadID, Shared: pipedrive.Ptr(true), Read: pipedrive.Ptr(false), Archived: pipedrive.Ptr(true),
			})
			require.NoError(t, err)
			assert.Equal(t, int64(1), th.ID)
			assert.Equal(t, int64(7), th.MessageCount)
			assert.Equal(t, "[EXAMPLE] Subject", th.Subject)
			assert.Nil(t, th.TrackingStatus)
			assert.True(t, th.Shared)
			assert.Nil(t, th.LastMessageSentTime)
			assert.Equal(t, utc(2019, 11, 25, 10, 31, 34), th.UpdateTime)
		},
	},
	{
		Op:      ops.V1DeleteMailThread,
		Path:    "/v1/mailbox/mailThreads/1",
		Fixture: "mailbox/thread_delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Mailbox.DeleteThread(ctx, 1))
		},
	},
	{
		Op:      ops.V1GetMailThreadMessages,
		Path:    "/v1/mailbox/mailThreads/2/mailMessages",
		Fixture: "mailbox/thread_messages.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			var got []mailbox.Message
			for m, err := range c.Mailbox.ThreadMessages(ctx, 2) {
				require.NoError(t, err)
				got = append(got, *m)
			}
			require.Len(t, got, 1)
			m := got[0]
			assert.Equal(t, int64(1), m.ID)
			assert.Equal(t, int64(2), m.MailThreadID)
			assert.Equal(t, []mailbox.Party{{ID: 1, EmailAddress: "example@email.com", Name: "Example Message", LinkedPersonID: 4, MailMessagePartyID: 3}}, m.From)
			assert.Empty(t, m.CC)
			assert.Equal(t, "The Subject", m.Subject)
			assert.True(t, m.Read)
			assert.True(t, m.HasBody)
			assert.False(t, m.Sent)
			assert.Empty(t, m.Draft)
			assert.Equal(t, utc(2019, 8, 7, 21, 15, 8), m.MessageTime)
		},
	},
	{
		Op:      ops.V1GetMailMessage,
		Path:    "/v1/mailbox/mailMessages/1",
		Fixture: "mailbox/message.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			m, err := c.Mailbox.Message(ctx, 1)
			require.NoError(t, err)
			assertMessage(t, m)
		},
	},
	{
		Op:      ops.V1GetMailMessage,
		Path:    "/v1/mailbox/mailMessages/1",
		Query:   url.Values{"include_body": {"1"}},
		Fixture: "mailbox/message.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			m, err := c.Mailbox.MessageWith(ctx, 1, &mailbox.MessageParams{IncludeBody: true})
			require.NoError(t, err)
			assertMessage(t, m)
		},
	},
}

func assertMessage(t *testing.T, m *mailbox.Message) {
	t.Helper()
	p := mailbox.Party{ID: 1, EmailAddress: "mail@example.org", Name: "Test", LinkedPersonID: 1, MailMessagePartyID: 1}
	assert.Equal(t, mailbox.Message{
		ID: 1, From: []mailbox.Party{p}, To: []mailbox.Party{p}, CC: []mailbox.Party{p}, BCC: []mailbox.Party{p},
		BodyURL: "https://example.org", AccountID: "test", UserID: 1, MailThreadID: 1, Subject: "test subject",
		Snippet: "test subject", TrackingStatus: "opened", Read: true, Synced: true, HasBody: true,
		HasAttachments: true, HasRealAttachments: true,
		MessageTime: utc(2019, 11, 14, 6, 2, 6), AddTime: utc(2019, 11, 14, 6, 2, 6), UpdateTime: utc(2019, 11, 14, 7, 15, 49),
	}, *m)
}

func TestOperations(t *testing.T) {
	covered := resourcetest.Run(t, cases)
	t.Run("coverage", func(t *testing.T) {
		resourcetest.CheckCoverage(t, covered, nil, "Mailbox")
	})
}
