package activities_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/activities"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
)

// Every model keeps every member of the spec's examples.
func TestModelsKeepEveryMember(t *testing.T) {
	one := map[string]func() any{
		"activities/get.json":         func() any { return new(activities.Activity) },
		"activities/create.json":      func() any { return new(activities.Activity) },
		"activities/update.json":      func() any { return new(activities.Activity) },
		"activities/field.json":       func() any { return new(crm.Field) },
		"activities/type_add.json":    func() any { return new(activities.ActivityType) },
		"activities/type_update.json": func() any { return new(activities.ActivityType) },
		"activities/type_delete.json": func() any { return new(activities.ActivityType) },
	}
	for name, mk := range one {
		t.Run(name, func(t *testing.T) {
			resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, name), mk())
		})
	}
	lists := map[string]func() any{
		"activities/list.json":   func() any { return new(activities.Activity) },
		"activities/fields.json": func() any { return new(crm.Field) },
		"activities/types.json":  func() any { return new(activities.ActivityType) },
	}
	for name, mk := range lists {
		t.Run(name, func(t *testing.T) {
			var items []json.RawMessage
			require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, name), &items))
			require.NotEmpty(t, items)
			for _, it := range items {
				resourcetest.AssertNoFieldLost(t, it, mk())
			}
		})
	}
}

// The v1 activity of a flow entry (the spec's example of
// GET /v1/deals/{id}/flow) and webhook v1 bodies decode into Activity.
func TestActivityDecodesV1(t *testing.T) {
	raw := `{"id":8,"company_id":22122,"user_id":1234,"done":false,"type":"deadline",
		"conference_meeting_client":"871b8bc88d3a1202","conference_meeting_url":"https://pipedrive.zoom.us/link",
		"conference_meeting_id":"17058746701","due_date":"2020-06-09","due_time":"10:00","duration":"01:00",
		"busy_flag":true,"add_time":"2020-06-08 12:37:56","marked_as_done_time":"2020-08-08 08:08:38",
		"subject":"Deadline","public_description":"This is a description","location":"Mustamäe tee 3, Tallinn, Estonia",
		"org_id":5,"person_id":1101,"deal_id":300,"lead_id":"46c3b0e1-db35-59ca-1828-4817378dff71","project_id":null,
		"active_flag":true,"update_time":"2020-08-08 12:37:56","update_user_id":5596,"note":"A note for the activity",
		"created_by_user_id":1234,"location_subpremise":"","location_street_number":"3","location_route":"Mustamäe tee",
		"location_sublocality":"Kristiine","location_locality":"Tallinn","location_admin_area_level_1":"Harju maakond",
		"location_admin_area_level_2":"","location_country":"Estonia","location_postal_code":"10616",
		"location_formatted_address":"Mustamäe tee 3, 10616 Tallinn, Estonia",
		"attendees":[{"email_address":"attendee@pipedrivemail.com","is_organizer":0,"name":"Attendee","person_id":25312,"status":"noreply","user_id":null}],
		"participants":[{"person_id":17985,"primary_flag":false},{"person_id":1101,"primary_flag":true}]}`
	var a activities.Activity
	require.NoError(t, json.Unmarshal([]byte(raw), &a))
	assert.Equal(t, int64(1234), a.OwnerID, "user_id is the owner in v1")
	assert.Equal(t, int64(1234), a.CreatorUserID)
	assert.True(t, a.Busy)
	assert.False(t, a.Done)
	assert.False(t, a.IsDeleted)
	assert.Equal(t, activities.TypeDeadline, a.Type)
	assert.Equal(t, crm.NewTimeOfDay(10, 0, 0), a.DueTime)
	assert.Equal(t, activities.Duration(time.Hour), a.Duration)
	assert.Equal(t, utc(2020, 6, 8, 12, 37, 56), a.AddTime)
	assert.Nil(t, a.ProjectID)
	require.NotNil(t, a.Location)
	assert.Equal(t, crm.Address{
		Value: "Mustamäe tee 3, Tallinn, Estonia", FormattedAddress: "Mustamäe tee 3, 10616 Tallinn, Estonia",
		StreetNumber: "3", Route: "Mustamäe tee", Sublocality: "Kristiine", Locality: "Tallinn",
		AdminAreaLevel1: "Harju maakond", Country: "Estonia", PostalCode: "10616",
	}, *a.Location)
	assert.Equal(t, []activities.Attendee{{Email: "attendee@pipedrivemail.com", Name: "Attendee",
		Status: activities.AttendeeNoReply, PersonID: pipedrive.Ptr[int64](25312)}}, a.Attendees)
	id, ok := a.PrimaryParticipant()
	assert.True(t, ok)
	assert.Equal(t, int64(1101), id)

	// Through a flow entry.
	item := crm.FlowItem{Object: "activity", Data: json.RawMessage(raw)}
	fa, err := item.Activity()
	require.NoError(t, err)
	assert.Equal(t, a, *fa)
	_, err = (&crm.FlowItem{Object: "note", Data: json.RawMessage(raw)}).Activity()
	assert.Error(t, err)
}

// Webhook v2 bodies send numbers and booleans as strings.
func TestActivityDecodesStrings(t *testing.T) {
	raw := `{"id":"31","owner_id":"7","creator_user_id":"7","deal_id":"5","person_id":null,"org_id":"0",
		"priority":"263","busy":"1","done":"false","is_deleted":"0","due_date":"","due_time":null,"duration":"",
		"location":null,"participants":[{"person_id":"6","primary":"true"}],"add_time":"2026-11-29T10:31:02Z",
		"update_time":null,"custom_fields":{"0123456789abcdef0123456789abcdef01234567":"x"}}`
	var a activities.Activity
	require.NoError(t, json.Unmarshal([]byte(raw), &a))
	assert.Equal(t, int64(31), a.ID)
	assert.Equal(t, int64(7), a.OwnerID)
	assert.Equal(t, pipedrive.Ptr[int64](5), a.DealID)
	assert.Nil(t, a.PersonID)
	assert.Nil(t, a.OrgID, "0 is no organization")
	assert.Equal(t, pipedrive.Ptr[int64](263), a.Priority)
	assert.True(t, a.Busy)
	assert.False(t, a.Done)
	assert.True(t, a.DueDate.IsZero())
	assert.False(t, a.DueTime.Valid)
	assert.True(t, a.Duration.IsZero())
	_, ok := a.DueAt()
	assert.False(t, ok)
	assert.Nil(t, a.Location)
	assert.Nil(t, a.UpdateTime)
	assert.Equal(t, []activities.Participant{{PersonID: 6, Primary: true}}, a.Participants)
	v, ok := a.CustomFields.Text("0123456789abcdef0123456789abcdef01234567")
	assert.True(t, ok)
	assert.Equal(t, "x", v)

	// A date without a time is due at midnight UTC.
	a.DueDate = crm.NewDate(2026, time.December, 24)
	due, ok := a.DueAt()
	assert.True(t, ok)
	assert.Equal(t, utc(2026, 12, 24, 0, 0, 0), due)

	for _, bad := range []string{`{"id":{}}`, `{"due_date":"soon"}`, `{"duration":"1h"}`, `{"participants":{}}`, `[]`} {
		assert.Error(t, json.Unmarshal([]byte(bad), new(activities.Activity)), bad)
	}
}

func TestDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"01:00": time.Hour, "01:30:00": 90 * time.Minute, "0:45": 45 * time.Minute, "00:00:30": 30 * time.Second,
		"26:05": 26*time.Hour + 5*time.Minute, "00:00": 0,
	} {
		d, err := crm.ParseDuration(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, time.Duration(d), in)
	}
	for _, bad := range []string{"", "1", "01:60", "01:5", "-1:00", "+1:00", "a:00", "01:00:00:00", "01:00:61", "1e3:00"} {
		_, err := crm.ParseDuration(bad)
		assert.Error(t, err, bad)
	}
	for d, want := range map[activities.Duration]string{
		activities.Duration(90 * time.Minute):               "01:30",
		activities.Duration(time.Hour + 5*time.Second):      "01:00:05",
		activities.Duration(100 * time.Hour):                "100:00",
		activities.Duration(time.Minute + time.Millisecond): "00:01",
		0: "",
	} {
		assert.Equal(t, want, d.String())
	}
	b, err := json.Marshal(struct {
		A activities.Duration  `json:"a"`
		B activities.Duration  `json:"b"`
		C *activities.Duration `json:"c,omitempty"`
	}{A: activities.Duration(45 * time.Minute)})
	require.NoError(t, err)
	assert.JSONEq(t, `{"a":"00:45","b":null}`, string(b))
	var d activities.Duration
	require.NoError(t, json.Unmarshal([]byte(`"02:15"`), &d))
	assert.Equal(t, activities.Duration(135*time.Minute), d)
	require.NoError(t, json.Unmarshal([]byte(`null`), &d))
	assert.True(t, d.IsZero())
	assert.Error(t, json.Unmarshal([]byte(`90`), &d))
}

// The zero values of UpdateParams that clear or unlink are sent as null;
// nil members are not sent.
func TestUpdateParamsEncoding(t *testing.T) {
	b, err := json.Marshal(&activities.UpdateParams{})
	require.NoError(t, err)
	assert.JSONEq(t, `{}`, string(b))
	b, err = json.Marshal(&activities.UpdateParams{
		OrgID: pipedrive.Ptr[int64](7), ProjectID: pipedrive.Ptr[int64](0), LeadID: pipedrive.Ptr("abc"),
		Location: &crm.AddressParams{Value: "Here"}, Attendees: []activities.Attendee{}, Busy: pipedrive.Ptr(false),
	})
	require.NoError(t, err)
	assert.JSONEq(t, `{"org_id":7,"project_id":null,"lead_id":"abc","location":{"value":"Here"},"attendees":[],"busy":false}`, string(b))
}

// Bad input is refused before anything is sent, with an error matching
// core.ErrInvalidParams (pipedrive.ErrInvalidParams).
func TestBadInputSendsNothing(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Error(w, "unexpected", http.StatusTeapot)
	}))
	t.Cleanup(srv.Close)
	c := resourcetest.NewClient(t, srv.URL)
	ctx := context.Background()
	checks := map[string]error{}
	_, checks["get 0"] = c.Activities.Get(ctx, 0)
	_, checks["get with -1"] = c.Activities.GetWith(ctx, -1, nil)
	_, checks["nil create"] = c.Activities.Create(ctx, nil)
	_, checks["nil update"] = c.Activities.Update(ctx, 1, nil)
	_, checks["update 0"] = c.Activities.Update(ctx, 0, &activities.UpdateParams{})
	checks["delete 0"] = c.Activities.Delete(ctx, 0)
	_, checks["field without code"] = c.Activities.Field(ctx, "", nil)
	_, checks["nil type"] = c.Activities.CreateActivityType(ctx, nil)
	_, checks["type without icon"] = c.Activities.CreateActivityType(ctx, &activities.ActivityTypeParams{Name: "Demo"})
	_, checks["type without name"] = c.Activities.CreateActivityType(ctx, &activities.ActivityTypeParams{Icon: activities.IconCamera})
	_, checks["nil type update"] = c.Activities.UpdateActivityType(ctx, 12, nil)
	_, checks["type update 0"] = c.Activities.UpdateActivityType(ctx, 0, &activities.ActivityTypeUpdateParams{Name: "x"})
	checks["type delete 0"] = c.Activities.DeleteActivityType(ctx, 0)
	for name, err := range checks {
		assert.ErrorIs(t, err, core.ErrInvalidParams, name)
	}
	assert.Zero(t, hits.Load(), "nothing was sent")
}

// API errors come back typed.
func TestNotFound(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"success":false,"error":"Activity not found","data":null}`))
	}))
	t.Cleanup(srv.Close)
	_, err := resourcetest.NewClient(t, srv.URL).Activities.Get(context.Background(), 404)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)
	var apiErr *pipedrive.Error
	require.True(t, errors.As(err, &apiErr))
	assert.Equal(t, http.StatusNotFound, apiErr.StatusCode)
}
