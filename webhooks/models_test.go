package webhooks_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive/crm"
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
	assert.Equal(t, int64(5), p.OrgID)
	assert.Equal(t, crm.VisibleToCompany, p.VisibleTo, `"visible_to": "3"`)
	assert.Equal(t, "mara@example.com", p.PrimaryEmail())
	assert.Equal(t, "+46 8 555 0101", p.PrimaryPhone())
	assert.Equal(t, time.Date(2026, 11, 29, 10, 31, 2, 0, time.UTC), p.UpdateTime)

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
	assert.Equal(t, int64(5), p.OrgID)
	assert.Equal(t, int64(3300441), p.OwnerID)
	assert.Equal(t, "mara@example.com", p.PrimaryEmail())
	assert.Equal(t, time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC), p.AddTime)
	prev, err := ev.PreviousPerson()
	require.NoError(t, err)
	assert.Zero(t, prev.OrgID)
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
