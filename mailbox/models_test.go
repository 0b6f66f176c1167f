package mailbox_test

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
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/mailbox"
)

// Every model decodes the spec's example for its operations with no
// member lost.
func TestModelsKeepEveryMember(t *testing.T) {
	one := func(fixture string, v any) {
		t.Run(fixture, func(t *testing.T) {
			resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, fixture), v)
		})
	}
	each := func(fixture string, mk func() any) {
		t.Run(fixture, func(t *testing.T) {
			var items []json.RawMessage
			require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, fixture), &items))
			require.NotEmpty(t, items)
			for _, it := range items {
				resourcetest.AssertNoFieldLost(t, it, mk())
			}
		})
	}
	each("mailbox/threads.json", func() any { return &mailbox.Thread{} })
	one("mailbox/thread.json", &mailbox.Thread{})
	one("mailbox/thread_update.json", &mailbox.Thread{})
	each("mailbox/thread_messages.json", func() any { return &mailbox.Message{} })
	one("mailbox/message.json", &mailbox.Message{})
}

// Threads carry linked deals and leads, null or set, and flags in any
// form v1 sends.
func TestThreadDecodesTolerantly(t *testing.T) {
	var th mailbox.Thread
	require.NoError(t, json.Unmarshal([]byte(`{"id":"7","deal_id":"12","lead_id":"adf21080-0e10-11eb-879b-05d71fb426ec",
		"deal_status":"open","read_flag":"1","archived_flag":true,"last_message_sent_timestamp":"2019-11-20 20:20:46",
		"parties":{"to":[{"id":1,"message_time":"2019-11-20T20:20:46Z","latest_sent":1,"linked_organization_id":"5"}]}}`), &th))
	assert.Equal(t, int64(7), th.ID)
	require.NotNil(t, th.DealID)
	assert.Equal(t, int64(12), *th.DealID)
	require.NotNil(t, th.LeadID)
	assert.True(t, th.Read)
	assert.True(t, th.Archived)
	require.NotNil(t, th.LastMessageSentTime)
	assert.Equal(t, time.Date(2019, 11, 20, 20, 20, 46, 0, time.UTC), *th.LastMessageSentTime)
	to := th.Parties.To[0]
	assert.True(t, to.LatestSent)
	assert.Equal(t, time.Date(2019, 11, 20, 20, 20, 46, 0, time.UTC), to.MessageTime)
	require.NotNil(t, to.LinkedOrganizationID)
	assert.Equal(t, int64(5), *to.LinkedOrganizationID)

	var empty mailbox.Thread
	require.NoError(t, json.Unmarshal([]byte(`{"id":1,"deal_id":null,"lead_id":null,"last_message_sent_timestamp":null}`), &empty))
	assert.Nil(t, empty.DealID)
	assert.Nil(t, empty.LeadID)
	assert.Nil(t, empty.LastMessageSentTime)
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
	c := resourcetest.NewClient(t, srv.URL).Mailbox
	ctx := context.Background()
	first := func(seq func(func(*mailbox.Thread, error) bool)) error {
		var got error
		seq(func(_ *mailbox.Thread, err error) bool { got = err; return false })
		return got
	}
	calls := map[string]func() error{
		"ThreadsPage nil":      func() error { _, err := c.ThreadsPage(ctx, nil); return err },
		"Threads no folder":    func() error { return first(c.Threads(ctx, &mailbox.ThreadListParams{Limit: 5})) },
		"Thread zero id":       func() error { _, err := c.Thread(ctx, 0); return err },
		"DeleteThread zero id": func() error { return c.DeleteThread(ctx, 0) },
		"ThreadMessages zero":  func() error { _, err := c.ThreadMessagesPage(ctx, -1); return err },
		"Message zero id":      func() error { _, err := c.Message(ctx, 0); return err },
		"MessageWith zero id":  func() error { _, err := c.MessageWith(ctx, 0, nil); return err },
		"UpdateThread nil":     func() error { _, err := c.UpdateThread(ctx, 1, nil); return err },
		"UpdateThread zero id": func() error { _, err := c.UpdateThread(ctx, 0, &mailbox.ThreadUpdateParams{DealID: 1}); return err },
		"UpdateThread negative deal": func() error {
			_, err := c.UpdateThread(ctx, 1, &mailbox.ThreadUpdateParams{DealID: -1})
			return err
		},
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
