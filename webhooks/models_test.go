package webhooks_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/organizations"
	"github.com/pipedrive-go/pipedrive/persons"
	"github.com/pipedrive-go/pipedrive/webhooks"
)

func TestEventPerson(t *testing.T) {
	ev, err := webhooks.Decode(fixture(t, "v2-change-person.json"))
	require.NoError(t, err)

	var p *persons.Person // the resource package's own type
	p, err = ev.Person()
	require.NoError(t, err)
	assert.Equal(t, int64(12), p.ID)
	assert.Equal(t, "Mara Lindqvist", p.Name)
	assert.Equal(t, int64(3300441), p.OwnerID)
	require.NotNil(t, p.OrgID)
	assert.Equal(t, int64(5), *p.OrgID)
	assert.Equal(t, crm.VisibleToCompany, p.VisibleTo, `"visible_to": "3"`)
	assert.Equal(t, "mara@example.com", p.PrimaryEmail())
	assert.Equal(t, "+46 8 555 0101", p.PrimaryPhone())
	require.NotNil(t, p.UpdateTime)
	assert.Equal(t, time.Date(2026, 11, 29, 10, 31, 2, 0, time.UTC), *p.UpdateTime)

	prev, err := ev.PreviousPerson()
	require.NoError(t, err)
	assert.Equal(t, "+46 8 555 0100", prev.PrimaryPhone())
	assert.Empty(t, prev.Name, "only changed fields")

	_, err = ev.Organization()
	assert.ErrorIs(t, err, webhooks.ErrWrongEntity)
}

func TestEventPersonV1(t *testing.T) {
	body := `{"v":1,"meta":{"action":"updated","object":"person","id":"12","company_id":"7700112","user_id":3300441,"timestamp":1764412200,"webhook_id":"995"},
	 "current":{"id":12,"name":"Mara Lindqvist","owner_id":{"id":3300441,"name":"Ann","value":3300441},"org_id":{"value":5,"name":"Harbour Logistics AB"},
	   "email":[{"value":"mara@example.com","primary":true,"label":"work"}],"phone":[{"value":"+46 8 555 0101","primary":true}],
	   "visible_to":"3","add_time":"2026-10-01 08:00:00","update_time":"2026-11-29 10:31:02","active_flag":true},
	 "previous":{"id":12,"name":"Mara Lindqvist","owner_id":{"id":3300441,"name":"Ann","value":3300441},"org_id":null,
	   "email":[{"value":"mara@example.com","primary":true,"label":"work"}],"phone":[{"value":"+46 8 555 0101","primary":true}],
	   "visible_to":"3","add_time":"2026-10-01 08:00:00","update_time":"2026-10-01 08:00:00","active_flag":true},
	 "retry":0,"event":"updated.person"}`
	ev, err := webhooks.Decode([]byte(body))
	require.NoError(t, err)
	assert.Equal(t, []string{"org_id", "update_time"}, ev.Changed())
	p, err := ev.Person()
	require.NoError(t, err)
	require.NotNil(t, p.OrgID)
	assert.Equal(t, int64(5), *p.OrgID)
	assert.Equal(t, int64(3300441), p.OwnerID)
	assert.Equal(t, "mara@example.com", p.PrimaryEmail())
	assert.Equal(t, time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC), p.AddTime)
	prev, err := ev.PreviousPerson()
	require.NoError(t, err)
	assert.Nil(t, prev.OrgID, "org_id was null before")
}

func TestEventOrganization(t *testing.T) {
	ev, err := webhooks.Decode(fixture(t, "v2-delete-organization.json"))
	require.NoError(t, err)

	_, err = ev.Organization()
	assert.ErrorIs(t, err, webhooks.ErrNoData, "a v2 delete carries no data")

	var o *organizations.Organization
	o, err = ev.PreviousOrganization()
	require.NoError(t, err)
	assert.Equal(t, int64(5), o.ID)
	assert.Equal(t, "Harbour Logistics AB", o.Name)
	assert.Equal(t, crm.VisibleToCompany, o.VisibleTo)
	require.NotNil(t, o.Address)
	assert.Equal(t, "Stockholm", o.Address.Locality)
	assert.Equal(t, "Sweden", o.Address.Country)

	_, err = ev.Person()
	assert.ErrorIs(t, err, webhooks.ErrWrongEntity)
}

func TestEventDealFromTheRealExample(t *testing.T) {
	ev, err := webhooks.Decode(fixture(t, "v2-create-deal.json"))
	require.NoError(t, err)

	var d *deals.Deal // the resource package's own type
	d, err = ev.Deal()
	require.NoError(t, err)
	assert.Equal(t, int64(8), d.ID)
	assert.Equal(t, "Sample Org deal", d.Title)
	assert.Equal(t, int64(12415231), d.CreatorUserID)
	assert.Equal(t, int64(12415231), d.OwnerID)
	require.NotNil(t, d.PersonID)
	assert.Equal(t, int64(8), *d.PersonID)
	require.NotNil(t, d.OrgID)
	assert.Equal(t, int64(1), *d.OrgID)
	assert.Equal(t, int64(1), d.PipelineID)
	assert.Equal(t, int64(2), d.StageID)
	assert.Equal(t, 100.0, d.Value)
	assert.Equal(t, "EUR", d.Currency)
	assert.Equal(t, deals.StatusOpen, d.Status)
	assert.Equal(t, crm.VisibleToCompany, d.VisibleTo, `"visible_to": "3"`)
	assert.Equal(t, time.Date(2022, 11, 24, 13, 18, 55, 0, time.UTC), d.AddTime)
	assert.Nil(t, d.UpdateTime)
	assert.Nil(t, d.CloseTime)
	assert.Nil(t, d.WonTime)
	assert.Nil(t, d.LostTime)
	assert.Nil(t, d.FirstWonTime)
	assert.Nil(t, d.StageChangeTime)
	assert.Nil(t, d.Probability)
	assert.Nil(t, d.LostReason)
	assert.Nil(t, d.Channel)
	assert.Nil(t, d.ChannelID)
	assert.Nil(t, d.OriginID)
	assert.Equal(t, "ManuallyCreated", d.Origin)
	assert.True(t, d.ExpectedCloseDate.IsZero())
	assert.Empty(t, d.LabelIDs)

	_, err = ev.PreviousDeal()
	assert.ErrorIs(t, err, webhooks.ErrNoData, "a create has no previous")
	_, err = ev.Person()
	assert.ErrorIs(t, err, webhooks.ErrWrongEntity)
}

func TestEventDealV1(t *testing.T) {
	ev, err := webhooks.Decode(fixture(t, "v1-update-deal.json"))
	require.NoError(t, err)
	d, err := ev.Deal()
	require.NoError(t, err)
	assert.Equal(t, int64(57), d.ID)
	assert.Equal(t, deals.StatusWon, d.Status)
	assert.Equal(t, 12500.5, d.Value)
	assert.Equal(t, crm.VisibleToCompany, d.VisibleTo)
	require.NotNil(t, d.WonTime)
	assert.Equal(t, time.Date(2026, 11, 29, 10, 30, 0, 0, time.UTC), *d.WonTime, "v1 time format")
	require.NotNil(t, d.OrgID)
	assert.Equal(t, int64(5), *d.OrgID)

	prev, err := ev.PreviousDeal()
	require.NoError(t, err)
	assert.Equal(t, deals.StatusOpen, prev.Status)
	assert.Equal(t, 12000.0, prev.Value)
	assert.Empty(t, prev.Title, "only changed fields")
}

// A Webhook encoded with encoding/json (to cache it, or to serve it from
// an admin API) decodes back to the same value: before, it encoded with
// Go's field names, which UnmarshalJSON does not read, so every field was
// lost on the way back.
func TestWebhookJSONRoundTrip(t *testing.T) {
	removed := time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)
	status := 410
	in := webhooks.Webhook{
		ID: 7, Name: "crm sync", SubscriptionURL: "https://app.example/hooks",
		EventAction: webhooks.ActionChange, EventObject: webhooks.ObjectDeal, Version: webhooks.Version2,
		Type: "general", Active: false, CompanyID: 42, OwnerID: 3, UserID: 3, AdminID: 1,
		HTTPAuthUser: "pd", HTTPAuthPassword: "hook-pass", AddTime: time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC),
		RemoveTime: &removed, RemoveReason: "endpoint_gone", LastDeliveryTime: &removed, LastHTTPStatus: &status,
	}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out webhooks.Webhook
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip through %s\n got %#v\nwant %#v", b, out, in)
	}
}
