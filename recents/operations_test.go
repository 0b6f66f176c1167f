package recents_test

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/recents"
)

var cases = []resourcetest.Case{
	{
		Op:   ops.V1GetRecents,
		Path: "/v1/recents",
		Query: url.Values{"since_timestamp": {"2020-10-10 00:00:00"}, "items": {"activity,deal"},
			"start": {"100"}, "limit": {"50"}},
		Fixture: "recents/list.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			// A time in another zone is sent in UTC.
			tallinn := time.FixedZone("EEST", 3*3600)
			page, err := c.Recents.ListPage(ctx, &recents.ListParams{
				Since: time.Date(2020, 10, 10, 3, 0, 0, 0, tallinn),
				Items: []recents.ItemType{recents.ItemActivity, recents.ItemDeal}, Start: 100, Limit: 50,
			})
			require.NoError(t, err)
			// The spec's example mangles its pagination ("pagination\""):
			// it reads as the last page.
			assert.False(t, page.More)
			require.Len(t, page.Items, 2)

			act := page.Items[0]
			assert.Equal(t, recents.ItemActivity, act.Item)
			assert.Equal(t, int64(8), act.ID)
			_, err = act.Deal()
			assert.Error(t, err, "an activity is not a deal")
			var a struct {
				Subject string `json:"subject"`
				DealID  int64  `json:"deal_id"`
			}
			require.NoError(t, act.Decode(&a))
			assert.Equal(t, "Deadline", a.Subject)
			assert.Equal(t, int64(300), a.DealID)

			ch := page.Items[1]
			assert.Equal(t, recents.ItemDeal, ch.Item)
			d, err := ch.Deal()
			require.NoError(t, err)
			assert.Equal(t, int64(1), d.ID)
			assert.Equal(t, "Deal One", d.Title)
			assert.Equal(t, 5000.0, d.Value)
			assert.Equal(t, crm.VisibleToOwner, d.VisibleTo, `v1 "visible_to": "1"`)
			assert.Equal(t, int64(8877), d.OwnerID)
			assert.Equal(t, []int64{11}, d.LabelIDs)
			assert.Equal(t, pipedrive.Ptr(time.Date(2019, 11, 28, 16, 19, 50, 0, time.UTC)), d.UpdateTime)
			_, err = ch.Person()
			assert.Error(t, err)
		},
	},
}

func TestOperations(t *testing.T) {
	covered := resourcetest.Run(t, cases)
	t.Run("coverage", func(t *testing.T) {
		resourcetest.CheckCoverage(t, covered, nil, "Recents")
	})
}

func TestChangeKeepsEveryMember(t *testing.T) {
	var items []json.RawMessage
	require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, "recents/list.json"), &items))
	require.NotEmpty(t, items)
	for _, it := range items {
		resourcetest.AssertNoFieldLost(t, it, new(recents.Change))
	}
}

func TestAccessors(t *testing.T) {
	decode := func(s string) *recents.Change {
		t.Helper()
		var ch recents.Change
		require.NoError(t, json.Unmarshal([]byte(s), &ch))
		return &ch
	}
	p, err := decode(`{"item":"person","id":"5","data":{"id":5,"name":"Ada","email":[{"value":"ada@example.com","primary":true}],"add_time":"2020-01-02 03:04:05"}}`).Person()
	require.NoError(t, err)
	assert.Equal(t, "ada@example.com", p.PrimaryEmail())
	assert.Equal(t, time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC), p.AddTime)

	o, err := decode(`{"item":"organization","id":6,"data":{"id":6,"name":"Looms","owner_id":{"id":9,"value":9}}}`).Organization()
	require.NoError(t, err)
	assert.Equal(t, int64(9), o.OwnerID)

	u, err := decode(`{"item":"user","id":7,"data":{"id":7,"name":"Ann","active_flag":1,"created":"2020-01-01 00:00:00"}}`).User()
	require.NoError(t, err)
	assert.True(t, u.Active)

	f, err := decode(`{"item":"file","id":8,"data":{"id":8,"file_name":"a.pdf","active_flag":1,"add_time":"2020-01-01 00:00:00"}}`).File()
	require.NoError(t, err)
	assert.Equal(t, "a.pdf", f.FileName)

	_, err = decode(`{"item":"deal","id":9,"data":null}`).Deal()
	assert.Error(t, err, "no data")
	_, err = decode(`{"item":"deal","id":9,"data":{"id":"x"}}`).Deal()
	assert.Error(t, err, "bad data")
}

// Since is required: a list without it is refused before sending.
func TestSinceRequired(t *testing.T) {
	c := resourcetest.NewClient(t, "http://127.0.0.1:1") // nothing may be sent
	ctx := context.Background()
	_, err := c.Recents.ListPage(ctx, nil)
	assert.ErrorIs(t, err, core.ErrInvalidParams)
	_, err = c.Recents.ListPage(ctx, &recents.ListParams{Limit: 10})
	assert.ErrorIs(t, err, core.ErrInvalidParams)
	for _, err := range c.Recents.List(ctx, &recents.ListParams{}) {
		assert.ErrorIs(t, err, core.ErrInvalidParams)
	}
}
