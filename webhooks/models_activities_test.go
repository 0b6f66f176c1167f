package webhooks_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive/activities"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/notes"
	"github.com/pipedrive-go/pipedrive/webhooks"
)

func TestEventActivityV2(t *testing.T) {
	ev, err := webhooks.Decode(fixture(t, "v2-change-activity.json"))
	require.NoError(t, err)
	assert.Equal(t, webhooks.ObjectActivity, ev.Entity)
	assert.Equal(t, webhooks.ActionChange, ev.Action)
	assert.Equal(t, int64(31), ev.EntityID)

	var a *activities.Activity // the resource package's own type
	a, err = ev.Activity()
	require.NoError(t, err)
	assert.Equal(t, int64(31), a.ID)
	assert.Equal(t, "Quarterly review", a.Subject)
	assert.Equal(t, activities.TypeMeeting, a.Type)
	assert.Equal(t, int64(3300441), a.OwnerID)
	require.NotNil(t, a.DealID)
	assert.Equal(t, int64(57), *a.DealID)
	assert.Nil(t, a.LeadID)
	assert.Nil(t, a.ProjectID)
	assert.True(t, a.Done)
	require.NotNil(t, a.MarkedAsDoneTime)
	assert.Equal(t, time.Date(2026, 11, 29, 10, 31, 2, 0, time.UTC), *a.MarkedAsDoneTime)
	due, ok := a.DueAt()
	assert.True(t, ok)
	assert.Equal(t, time.Date(2026, 11, 29, 9, 30, 0, 0, time.UTC), due)
	assert.Equal(t, activities.Duration(30*time.Minute), a.Duration)
	require.NotNil(t, a.Priority)
	assert.Equal(t, int64(2), *a.Priority, `"priority": "2"`)
	assert.Equal(t, "Stockholm", a.Location.Locality)
	id, _ := a.PrimaryParticipant()
	assert.Equal(t, int64(12), id)
	require.Len(t, a.Attendees, 1)
	assert.Equal(t, activities.AttendeeAccepted, a.Attendees[0].Status)
	assert.Nil(t, a.Attendees[0].UserID)

	prev, err := ev.PreviousActivity()
	require.NoError(t, err)
	assert.False(t, prev.Done)
	assert.Nil(t, prev.MarkedAsDoneTime)
	assert.Empty(t, prev.Subject, "only changed fields")
	assert.ElementsMatch(t, []string{"done", "marked_as_done_time", "update_time"}, ev.Changed())

	_, err = ev.Note()
	assert.ErrorIs(t, err, webhooks.ErrWrongEntity)
	_, err = ev.Deal()
	assert.ErrorIs(t, err, webhooks.ErrWrongEntity)
}

func TestEventActivityV1(t *testing.T) {
	body := `{"v":1,"meta":{"action":"updated","object":"activity","id":31,"company_id":7700112,"user_id":3300441,"timestamp":1764412262,"webhook_id":"996"},
	 "current":{"id":31,"user_id":3300441,"created_by_user_id":3300441,"type":"call","subject":"Call back","done":1,"busy_flag":false,
	   "due_date":"2026-11-30","due_time":"14:00","duration":"00:15","add_time":"2026-11-20 08:00:00","update_time":"2026-11-29 10:31:02",
	   "marked_as_done_time":"2026-11-29 10:31:02","active_flag":true,"deal_id":57,"person_id":12,"org_id":null,"lead_id":null,
	   "location":"Skeppsbron 10, Stockholm","location_locality":"Stockholm","location_country":"Sweden",
	   "participants":[{"person_id":12,"primary_flag":true}],"attendees":null,"person_name":"Mara Lindqvist","deal_title":"Harbour cranes renewal"},
	 "previous":{"id":31,"user_id":3300441,"created_by_user_id":3300441,"type":"call","subject":"Call back","done":0,"busy_flag":false,
	   "due_date":"2026-11-30","due_time":"14:00","duration":"00:15","add_time":"2026-11-20 08:00:00","update_time":"2026-11-20 08:00:00",
	   "marked_as_done_time":"","active_flag":true,"deal_id":57,"person_id":12,"org_id":null,"lead_id":null,
	   "location":"Skeppsbron 10, Stockholm","location_locality":"Stockholm","location_country":"Sweden",
	   "participants":[{"person_id":12,"primary_flag":true}],"attendees":null,"person_name":"Mara Lindqvist","deal_title":"Harbour cranes renewal"},
	 "retry":0,"event":"updated.activity"}`
	ev, err := webhooks.Decode([]byte(body))
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"done", "marked_as_done_time", "update_time"}, ev.Changed())
	a, err := ev.Activity()
	require.NoError(t, err)
	assert.True(t, a.Done, "done: 1")
	assert.Equal(t, int64(3300441), a.OwnerID, "v1 user_id")
	assert.Equal(t, activities.TypeCall, a.Type)
	assert.Equal(t, crm.NewTimeOfDay(14, 0, 0), a.DueTime)
	assert.Equal(t, activities.Duration(15*time.Minute), a.Duration)
	assert.Equal(t, time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC), a.AddTime, "v1 time format")
	require.NotNil(t, a.Location)
	assert.Equal(t, "Skeppsbron 10, Stockholm", a.Location.Value)
	assert.Equal(t, "Sweden", a.Location.Country)
	assert.Equal(t, []activities.Participant{{PersonID: 12, Primary: true}}, a.Participants)
	prev, err := ev.PreviousActivity()
	require.NoError(t, err)
	assert.False(t, prev.Done)
	assert.Nil(t, prev.MarkedAsDoneTime, `"" is no time`)
}

func TestEventActivityV2Delete(t *testing.T) {
	body := `{"data":null,"previous":{"id":31,"subject":"Quarterly review","type":"meeting","owner_id":"3300441","done":false,
	  "add_time":"2026-11-20T08:00:00Z","update_time":"2026-11-29T10:31:02Z","participants":[]},
	  "meta":{"action":"delete","entity":"activity","entity_id":"31","id":"0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f","version":"2.0",
	  "company_id":"7700112","user_id":"3300441","timestamp":"2026-11-29T11:00:00.000Z","webhook_id":"996","attempt":1}}`
	ev, err := webhooks.Decode([]byte(body))
	require.NoError(t, err)
	_, err = ev.Activity()
	assert.ErrorIs(t, err, webhooks.ErrNoData)
	a, err := ev.PreviousActivity()
	require.NoError(t, err)
	assert.Equal(t, "Quarterly review", a.Subject)
	assert.Equal(t, int64(3300441), a.OwnerID, `"owner_id": "3300441"`)
}

func TestEventNoteV1(t *testing.T) {
	ev, err := webhooks.Decode(fixture(t, "v1-added-note.json"))
	require.NoError(t, err)
	assert.Equal(t, webhooks.ObjectNote, ev.Entity)
	assert.Equal(t, webhooks.ActionCreate, ev.Action)

	var n *notes.Note // the resource package's own type
	n, err = ev.Note()
	require.NoError(t, err)
	assert.Equal(t, int64(88), n.ID)
	assert.Equal(t, "<p>Signed for two more years.</p>", n.Content)
	require.NotNil(t, n.DealID)
	assert.Equal(t, int64(57), *n.DealID)
	assert.Nil(t, n.PersonID)
	assert.True(t, n.PinnedToDeal)
	assert.Equal(t, &notes.DealRef{Title: "Harbour cranes renewal"}, n.Deal)
	assert.Nil(t, n.Person)
	assert.Equal(t, time.Date(2026, 11, 29, 10, 31, 2, 0, time.UTC), n.AddTime)
	require.NotNil(t, n.User)
	assert.Equal(t, "Ann Berg", n.User.Name)

	_, err = ev.PreviousNote()
	assert.ErrorIs(t, err, webhooks.ErrNoData, "an add has no previous")
	_, err = ev.Activity()
	assert.ErrorIs(t, err, webhooks.ErrWrongEntity)
}

func TestEventNoteV2(t *testing.T) {
	body := `{"data":{"id":88,"content":"<p>Signed for three more years.</p>","user_id":"3300441","deal_id":"57","person_id":null,
	  "org_id":"5","lead_id":null,"project_id":null,"active_flag":true,"pinned_to_deal_flag":"1",
	  "add_time":"2026-11-29T10:31:02Z","update_time":"2026-11-29T10:40:00Z","last_update_user_id":"3300441"},
	  "previous":{"content":"<p>Signed for two more years.</p>","update_time":"2026-11-29T10:31:02Z"},
	  "meta":{"action":"change","entity":"note","entity_id":"88","id":"7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918","version":"2.0",
	  "company_id":"7700112","user_id":"3300441","timestamp":"2026-11-29T10:40:00.500Z","webhook_id":"997","attempt":2}}`
	ev, err := webhooks.Decode([]byte(body))
	require.NoError(t, err)
	n, err := ev.Note()
	require.NoError(t, err)
	assert.Equal(t, int64(3300441), n.UserID)
	assert.Equal(t, int64(5), *n.OrgID)
	assert.True(t, n.PinnedToDeal)
	require.NotNil(t, n.LastUpdateUserID)
	assert.Equal(t, int64(3300441), *n.LastUpdateUserID)
	prev, err := ev.PreviousNote()
	require.NoError(t, err)
	assert.Equal(t, "<p>Signed for two more years.</p>", prev.Content)
	assert.Zero(t, prev.ID, "only changed fields")
	_, err = ev.PreviousActivity()
	assert.ErrorIs(t, err, webhooks.ErrWrongEntity)
}
