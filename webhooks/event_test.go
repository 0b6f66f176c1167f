package webhooks_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive/webhooks"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func TestDecodeV2CreateDeal(t *testing.T) {
	body := fixture(t, "v2-create-deal.json")
	ev, err := webhooks.Decode(body)
	require.NoError(t, err)

	assert.Equal(t, webhooks.Version2, ev.Version)
	assert.Equal(t, webhooks.ActionCreate, ev.Action)
	assert.Equal(t, webhooks.ObjectDeal, ev.Entity)
	assert.Equal(t, int64(8), ev.EntityID)
	assert.Equal(t, "8", ev.RawEntityID)
	assert.Equal(t, "71825ee0-0054-4267-b5fd-d28b7a414212", ev.DeliveryID)
	assert.Equal(t, "4095519f-02cb-44bc-bd2f-551d5383f202", ev.CorrelationID)
	assert.Equal(t, 1, ev.Attempt)
	assert.True(t, ev.Time.Equal(time.Date(2022, 11, 24, 13, 18, 56, 89e6, time.UTC)), "time %v", ev.Time)
	assert.Equal(t, int64(8087566), ev.CompanyID)
	assert.Equal(t, int64(12415231), ev.UserID)
	assert.Equal(t, int64(4710827), ev.WebhookID)
	assert.Equal(t, int64(12094821), ev.WebhookOwnerID)
	assert.Equal(t, "app", ev.ChangeSource)
	assert.False(t, ev.BulkEdit)
	assert.Equal(t, "pd-us.pipedrive.com", ev.Host)
	assert.Nil(t, ev.Previous, "previous is null on create")
	assert.Empty(t, ev.Changed())
	assert.JSONEq(t, string(body), string(ev.Raw))

	var data map[string]any
	require.NoError(t, json.Unmarshal(ev.Data, &data))
	assert.Equal(t, "Sample Org deal", data["title"])
	assert.ErrorIs(t, ev.DecodePrevious(&data), webhooks.ErrNoData)
}

// dealShape has the field types a typed deal model uses, to check the
// tolerant decoding without depending on the deals package.
type dealShape struct {
	ID          int64          `json:"id"`
	Title       string         `json:"title"`
	Value       float64        `json:"value"`
	Currency    string         `json:"currency"`
	Status      string         `json:"status"`
	OwnerID     int64          `json:"owner_id"`
	UserID      *int64         `json:"user_id"`
	OrgID       *int64         `json:"org_id"`
	PersonID    *int64         `json:"person_id"`
	StageID     int64          `json:"stage_id"`
	VisibleTo   int            `json:"visible_to"`
	Probability *float64       `json:"probability"`
	AddTime     time.Time      `json:"add_time"`
	UpdateTime  *time.Time     `json:"update_time"`
	WonTime     *time.Time     `json:"won_time"`
	LabelIDs    []int64        `json:"label_ids"`
	Label       []int64        `json:"label"`
	Active      bool           `json:"active"`
	Custom      map[string]any `json:"custom_fields"`
}

func TestDecodeDataToleratesWebhookTypes(t *testing.T) {
	ev, err := webhooks.Decode(fixture(t, "v2-create-deal.json"))
	require.NoError(t, err)
	var d dealShape
	require.NoError(t, ev.DecodeData(&d))
	assert.Equal(t, int64(8), d.ID)
	assert.Equal(t, 3, d.VisibleTo, `"visible_to": "3" decodes into an int`)
	assert.Equal(t, 100.0, d.Value)
	assert.Equal(t, int64(12415231), d.OwnerID)
	assert.Equal(t, int64(1), *d.OrgID)
	assert.Equal(t, int64(8), *d.PersonID)
	assert.Equal(t, time.Date(2022, 11, 24, 13, 18, 55, 0, time.UTC), d.AddTime)
	assert.Nil(t, d.UpdateTime)
	assert.NotNil(t, d.LabelIDs)
	assert.Empty(t, d.LabelIDs)
}

func TestDecodeV1UpdateDeal(t *testing.T) {
	ev, err := webhooks.Decode(fixture(t, "v1-update-deal.json"))
	require.NoError(t, err)

	assert.Equal(t, webhooks.Version1, ev.Version)
	assert.Equal(t, webhooks.ActionChange, ev.Action, "v1 'updated' is ActionChange")
	assert.Equal(t, webhooks.ObjectDeal, ev.Entity)
	assert.Equal(t, int64(57), ev.EntityID)
	assert.Equal(t, 2, ev.Attempt, "retry 1 is the second attempt")
	assert.Equal(t, time.UnixMicro(1764412200421337).UTC(), ev.Time)
	assert.Equal(t, int64(7700112), ev.CompanyID)
	assert.Equal(t, int64(3300441), ev.UserID)
	assert.Equal(t, int64(991), ev.WebhookID)
	assert.Equal(t, "api", ev.ChangeSource)
	assert.Equal(t, "acme.pipedrive.com", ev.Host)
	assert.Equal(t, "v1:991:updated.deal:57:1764412200421337", ev.DeliveryID)

	// previous keeps only what changed.
	assert.Equal(t, []string{"value", "status", "update_time", "won_time", "active"}, ev.Changed())
	assert.JSONEq(t, `{"value":12000,"status":"open","update_time":"2026-11-28 16:02:11","won_time":null,"active":true}`, string(ev.Previous))

	var d dealShape
	require.NoError(t, ev.DecodeData(&d))
	assert.Equal(t, 12500.5, d.Value)
	assert.Equal(t, 3, d.VisibleTo)
	assert.Equal(t, time.Date(2026, 11, 20, 9, 15, 0, 0, time.UTC), d.AddTime, "v1 time format")
	require.NotNil(t, d.WonTime)
	assert.Equal(t, time.Date(2026, 11, 29, 10, 30, 0, 0, time.UTC), *d.WonTime)
	assert.Equal(t, []int64{7, 9}, d.Label, "v1 comma-joined ids")
	assert.Equal(t, int64(3300441), *d.UserID)

	var prev dealShape
	require.NoError(t, ev.DecodePrevious(&prev))
	assert.Equal(t, "open", prev.Status)
	assert.Equal(t, 12000.0, prev.Value)
	assert.True(t, prev.Active)
	assert.Empty(t, prev.Title, "unchanged fields are not in previous")

	// The redelivery of the same v1 event (retry 2) has the same id.
	again, err := webhooks.Decode([]byte(`{"meta":{"action":"updated","object":"deal","id":57,"webhook_id":"991","timestamp_micro":1764412200421337},"current":{},"retry":2,"event":"updated.deal"}`))
	require.NoError(t, err)
	assert.Equal(t, ev.DeliveryID, again.DeliveryID)
	assert.Equal(t, 3, again.Attempt)
}

func TestDecodeOtherEntities(t *testing.T) {
	t.Run("person change", func(t *testing.T) {
		ev, err := webhooks.Decode(fixture(t, "v2-change-person.json"))
		require.NoError(t, err)
		assert.Equal(t, webhooks.ObjectPerson, ev.Entity)
		assert.Equal(t, webhooks.ActionChange, ev.Action)
		assert.Equal(t, 2, ev.Attempt)
		assert.Equal(t, []string{"phones", "update_time"}, ev.Changed())
	})
	t.Run("organization delete", func(t *testing.T) {
		ev, err := webhooks.Decode(fixture(t, "v2-delete-organization.json"))
		require.NoError(t, err)
		assert.Equal(t, webhooks.ActionDelete, ev.Action)
		assert.Nil(t, ev.Data)
		var m map[string]any
		assert.ErrorIs(t, ev.DecodeData(&m), webhooks.ErrNoData)
		require.NoError(t, ev.DecodePrevious(&m))
		assert.Equal(t, "Harbour Logistics AB", m["name"])
	})
	t.Run("lead with a UUID id", func(t *testing.T) {
		ev, err := webhooks.Decode(fixture(t, "v2-create-lead.json"))
		require.NoError(t, err)
		assert.Equal(t, webhooks.ObjectLead, ev.Entity)
		assert.Zero(t, ev.EntityID)
		assert.Equal(t, "adf21080-0e10-11eb-879b-05d71fb426ec", ev.RawEntityID)
	})
	t.Run("unknown entity arrives with raw data", func(t *testing.T) {
		body := `{"meta":{"action":"create","entity":"spaceship","entity_id":"3","id":"x-1","version":"2.0"},"data":{"id":3,"warp":9.5},"previous":null}`
		ev, err := webhooks.Decode([]byte(body))
		require.NoError(t, err)
		assert.Equal(t, webhooks.Object("spaceship"), ev.Entity)
		assert.JSONEq(t, `{"id":3,"warp":9.5}`, string(ev.Data))
		assert.JSONEq(t, body, string(ev.Raw))
	})
}

func TestDecodeRejectsNonDeliveries(t *testing.T) {
	for name, body := range map[string]string{
		"empty":          ``,
		"not JSON":       `hello`,
		"truncated":      `{"meta":{"action":"create"`,
		"array":          `[{"meta":{}}]`,
		"no meta":        `{"data":{"id":1}}`,
		"meta not obj":   `{"meta":"create"}`,
		"no action":      `{"meta":{"entity":"deal","id":"1"}}`,
		"no entity":      `{"meta":{"action":"create","id":"1"}}`,
		"v1 bad prev":    `{"meta":{"action":"updated","object":"deal"},"current":{"a":1},"previous":[1]}`,
		"trailing bytes": `{"meta":{"action":"create","entity":"deal"}} x`,
	} {
		t.Run(name, func(t *testing.T) {
			ev, err := webhooks.Decode([]byte(body))
			assert.Nil(t, ev)
			assert.ErrorIs(t, err, webhooks.ErrMalformed)
		})
	}
}

func TestDecodeDataErrors(t *testing.T) {
	ev, err := webhooks.Decode([]byte(`{"meta":{"action":"create","entity":"deal"},"data":{"id":"not a number","title":"x"}}`))
	require.NoError(t, err)
	var d dealShape
	err = ev.DecodeData(&d)
	assert.ErrorIs(t, err, webhooks.ErrDecode)
	var typeErr *json.UnmarshalTypeError
	assert.True(t, errors.As(err, &typeErr), "the json error is wrapped: %v", err)

	assert.ErrorIs(t, ev.DecodeData(d), webhooks.ErrDecode, "non-pointer")
	assert.ErrorIs(t, ev.DecodeData(nil), webhooks.ErrDecode, "nil")
}

func TestEventString(t *testing.T) {
	ev, err := webhooks.Decode(fixture(t, "v2-create-deal.json"))
	require.NoError(t, err)
	assert.Equal(t, "2.0 create deal 8 (delivery 71825ee0-0054-4267-b5fd-d28b7a414212, attempt 1)", ev.String())
}
