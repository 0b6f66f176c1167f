package activities_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/activities"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
)

func utc(y int, m time.Month, d, h, min, s int) time.Time {
	return time.Date(y, m, d, h, min, s, 0, time.UTC)
}

// assertExample checks the activity of the spec's example.
func assertExample(t *testing.T, a *activities.Activity) {
	t.Helper()
	assert.Equal(t, int64(1), a.ID)
	assert.Equal(t, "Activity Subject", a.Subject)
	assert.Equal(t, activities.TypeKey("activity_type"), a.Type)
	assert.Equal(t, int64(1), a.OwnerID)
	assert.Equal(t, int64(1), a.CreatorUserID)
	assert.False(t, a.IsDeleted)
	assert.Equal(t, utc(2021, 1, 1, 0, 0, 0), a.AddTime)
	require.NotNil(t, a.UpdateTime)
	assert.Equal(t, utc(2021, 1, 1, 0, 0, 0), *a.UpdateTime)
	assert.Equal(t, pipedrive.Ptr[int64](5), a.DealID)
	assert.Equal(t, pipedrive.Ptr("abc-def"), a.LeadID)
	assert.Equal(t, pipedrive.Ptr[int64](6), a.PersonID)
	assert.Equal(t, pipedrive.Ptr[int64](7), a.OrgID)
	assert.Equal(t, pipedrive.Ptr[int64](8), a.ProjectID)
	assert.Equal(t, crm.NewDate(2021, time.January, 1), a.DueDate)
	assert.Equal(t, crm.NewTimeOfDay(15, 0, 0), a.DueTime)
	assert.Equal(t, activities.Duration(time.Hour), a.Duration)
	due, ok := a.DueAt()
	assert.True(t, ok)
	assert.Equal(t, utc(2021, 1, 1, 15, 0, 0), due)
	assert.True(t, a.Busy)
	assert.True(t, a.Done)
	require.NotNil(t, a.MarkedAsDoneTime)
	assert.Equal(t, utc(2021, 1, 1, 0, 0, 0), *a.MarkedAsDoneTime)
	assert.Equal(t, &crm.Address{
		Value: "123 Main St", Country: "USA", AdminAreaLevel1: "CA", AdminAreaLevel2: "Santa Clara",
		Locality: "Sunnyvale", Sublocality: "Downtown", Route: "Main St", StreetNumber: "123",
		Subpremise: "Apt 1", PostalCode: "94085",
	}, a.Location)
	assert.Equal(t, []activities.Participant{{PersonID: 1, Primary: true}}, a.Participants)
	assert.Equal(t, []activities.Attendee{{
		Email: "some@email.com", Name: "Some Name", Status: activities.AttendeeAccepted, IsOrganizer: true,
		PersonID: pipedrive.Ptr[int64](1), UserID: pipedrive.Ptr[int64](1),
	}}, a.Attendees)
	assert.Equal(t, "google_meet", a.ConferenceMeetingClient)
	assert.Equal(t, "https://meet.google.com/abc-xyz", a.ConferenceMeetingURL)
	assert.Equal(t, "abc-xyz", a.ConferenceMeetingID)
	assert.Equal(t, "Public Description", a.PublicDescription)
	assert.Equal(t, pipedrive.Ptr[int64](263), a.Priority)
	assert.Equal(t, "Note", a.Note)
}

// cases holds one case per operation the activities service reaches.
var cases = []resourcetest.Case{
	{
		Op:   ops.V2GetActivities,
		Path: "/api/v2/activities",
		Query: url.Values{
			"filter_id": {"9"}, "ids": {"1,2,3"}, "owner_id": {"7"}, "deal_id": {"5"}, "lead_id": {"abc-def"},
			"person_id": {"6"}, "org_id": {"7"}, "done": {"false"},
			"updated_since": {"2025-01-01T10:20:00Z"}, "updated_until": {"2025-02-01T00:00:00Z"},
			"sort_by": {"due_date"}, "sort_direction": {"desc"}, "include_fields": {"attendees"},
			"limit": {"50"}, "cursor": {"abc"},
		},
		Fixture: "activities/list.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Activities.ListPage(ctx, &activities.ListParams{
				FilterID: 9, IDs: []int64{1, 2, 3}, OwnerID: 7, DealID: 5, LeadID: "abc-def", PersonID: 6, OrgID: 7,
				Done: pipedrive.Ptr(false), UpdatedSince: utc(2025, 1, 1, 10, 20, 0), UpdatedUntil: utc(2025, 2, 1, 0, 0, 0),
				SortBy: activities.SortByDueDate, SortDirection: crm.Descending,
				IncludeFields: []activities.IncludeField{activities.IncludeAttendees}, Limit: 50, Cursor: "abc",
			})
			require.NoError(t, err)
			require.Len(t, page.Items, 1)
			assert.True(t, page.More)
			assert.Equal(t, "eyJmaWVsZCI6ImlkIiwiZmllbGRWYWx1ZSI6Nywic29ydERpcmVjdGlvbiI6ImFzYyIsImlkIjo3fQ", page.NextCursor)
			assertExample(t, &page.Items[0])
		},
	},
	{
		Op:      ops.V2GetActivity,
		Path:    "/api/v2/activities/1",
		Query:   url.Values{"include_fields": {"attendees"}},
		Fixture: "activities/get.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			a, err := c.Activities.GetWith(ctx, 1, &activities.GetParams{IncludeFields: []activities.IncludeField{activities.IncludeAttendees}})
			require.NoError(t, err)
			assertExample(t, a)
		},
	},
	{
		Op:   ops.V2AddActivity,
		Path: "/api/v2/activities",
		Body: `{"subject":"Kick-off","type":"meeting","owner_id":1,"deal_id":5,"lead_id":"abc-def","person_id":6,"org_id":7,
			"project_id":8,"due_date":"2021-01-01","due_time":"15:00","duration":"01:30","busy":true,"done":false,
			"location":{"value":"123 Main St","locality":"Sunnyvale","country":"USA"},
			"participants":[{"person_id":6,"primary":true},{"person_id":9,"primary":false}],
			"attendees":[{"email":"some@email.com","name":"Some Name","user_id":1}],
			"public_description":"Agenda","note":"<p>Bring slides</p>","priority":263}`,
		Fixture: "activities/create.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			a, err := c.Activities.Create(ctx, &activities.CreateParams{
				Subject: "Kick-off", Type: activities.TypeMeeting, OwnerID: pipedrive.Ptr[int64](1),
				DealID: pipedrive.Ptr[int64](5), LeadID: "abc-def", PersonID: pipedrive.Ptr[int64](6),
				OrgID: pipedrive.Ptr[int64](7), ProjectID: pipedrive.Ptr[int64](8),
				DueDate: crm.NewDate(2021, time.January, 1), DueTime: crm.NewTimeOfDay(15, 0, 0),
				Duration: activities.Duration(90 * time.Minute), Busy: pipedrive.Ptr(true), Done: pipedrive.Ptr(false),
				Location:          &crm.AddressParams{Value: "123 Main St", Locality: "Sunnyvale", Country: "USA"},
				Participants:      []activities.Participant{{PersonID: 6, Primary: true}, {PersonID: 9}},
				Attendees:         []activities.Attendee{{Email: "some@email.com", Name: "Some Name", UserID: pipedrive.Ptr[int64](1)}},
				PublicDescription: "Agenda", Note: "<p>Bring slides</p>", Priority: pipedrive.Ptr[int64](263),
			})
			require.NoError(t, err)
			assertExample(t, a)
		},
	},
	{
		Op:   ops.V2UpdateActivity,
		Path: "/api/v2/activities/1",
		Body: `{"subject":"Kick-off (moved)","done":true,"deal_id":null,"lead_id":null,"person_id":12,"location":null,
			"due_date":null,"due_time":"09:30","duration":null,"participants":[],"priority":null,"note":""}`,
		Fixture: "activities/update.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			a, err := c.Activities.Update(ctx, 1, &activities.UpdateParams{
				Subject: pipedrive.Ptr("Kick-off (moved)"), Done: pipedrive.Ptr(true),
				DealID: pipedrive.Ptr[int64](0), LeadID: pipedrive.Ptr(""), PersonID: pipedrive.Ptr[int64](12),
				Location: &crm.AddressParams{}, DueDate: &crm.Date{}, DueTime: pipedrive.Ptr(crm.NewTimeOfDay(9, 30, 0)),
				Duration: pipedrive.Ptr(activities.Duration(0)), Participants: []activities.Participant{},
				Priority: pipedrive.Ptr[int64](0), Note: pipedrive.Ptr(""),
			})
			require.NoError(t, err)
			assertExample(t, a)
		},
	},
	{
		Op:      ops.V2DeleteActivity,
		Path:    "/api/v2/activities/1",
		Fixture: "activities/delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Activities.Delete(ctx, 1))
		},
	},
	{
		Op:      ops.V2GetActivityFields,
		Path:    "/api/v2/activityFields",
		Query:   url.Values{"include_fields": {"ui_visibility"}, "limit": {"3"}, "cursor": {"c1"}},
		Fixture: "activities/fields.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Activities.FieldsPage(ctx, &crm.FieldListParams{
				IncludeFields: []crm.FieldInclude{crm.IncludeUIVisibility}, Limit: 3, Cursor: "c1",
			})
			require.NoError(t, err)
			require.Len(t, page.Items, 3)
			assert.True(t, page.More)
			status := page.Items[1]
			assert.Equal(t, "40characterhashforcustomfieldidentifier", status.Code)
			assert.True(t, status.IsCustom)
			assert.Equal(t, crm.FieldTypeEnum, status.Type)
			id, err := status.OptionID("In Progress")
			require.NoError(t, err)
			assert.Equal(t, int64(2), id)
			loc := page.Items[2]
			assert.Equal(t, crm.FieldTypeAddress, loc.Type)
			require.Len(t, loc.Subfields, 10)
			assert.Equal(t, "formatted_address", loc.Subfields[9].Code)
			require.NotNil(t, loc.UIVisibility)
			assert.True(t, loc.UIVisibility.AddVisible)
		},
	},
	{
		Op:      ops.V2GetActivityField,
		Path:    "/api/v2/activityFields/subject",
		Query:   url.Values{"include_fields": {"ui_visibility"}},
		Fixture: "activities/field.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			f, err := c.Activities.Field(ctx, "subject", &crm.FieldGetParams{IncludeFields: []crm.FieldInclude{crm.IncludeUIVisibility}})
			require.NoError(t, err)
			assert.Equal(t, "Subject", f.Name)
			assert.Equal(t, crm.FieldTypeVarchar, f.Type)
			require.NotNil(t, f.Description)
			assert.Equal(t, "The subject or title of the activity", *f.Description)
			assert.False(t, f.IsCustom)
		},
	},
	{
		Op:      ops.V1GetActivityTypes,
		Path:    "/v1/activityTypes",
		Fixture: "activities/types.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			var got []activities.ActivityType
			for at, err := range c.Activities.ActivityTypes(ctx) {
				require.NoError(t, err)
				got = append(got, *at)
			}
			require.Len(t, got, 2)
			assert.Equal(t, activities.ActivityType{
				ID: 5, Name: "Call", Key: activities.TypeCall, Icon: activities.IconCall, Color: "FFFFFF", Order: 2,
				Active: true, AddTime: utc(2019, 12, 21, 19, 44, 1), UpdateTime: pipedrive.Ptr(utc(2019, 12, 21, 19, 44, 1)),
			}, got[1])
			assert.Equal(t, activities.TypeDeadline, got[0].Key)
		},
	},
	{
		Op:      ops.V1AddActivityType,
		Path:    "/v1/activityTypes",
		Body:    `{"name":"Video call","icon_key":"camera","color":"aeb31b"}`,
		Fixture: "activities/type_add.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			at, err := c.Activities.CreateActivityType(ctx, &activities.ActivityTypeParams{
				Name: "Video call", Icon: activities.IconCamera, Color: "aeb31b",
			})
			require.NoError(t, err)
			assert.Equal(t, int64(12), at.ID)
			assert.Equal(t, activities.TypeKey("video_call"), at.Key)
			assert.Equal(t, activities.IconCamera, at.Icon)
			assert.True(t, at.IsCustom)
			assert.True(t, at.Active)
			assert.Equal(t, utc(2020, 9, 1, 10, 16, 23), at.AddTime)
		},
	},
	{
		Op:      ops.V1UpdateActivityType,
		Path:    "/v1/activityTypes/12",
		Body:    `{"name":"Video call","order_nr":1}`,
		Fixture: "activities/type_update.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			at, err := c.Activities.UpdateActivityType(ctx, 12, &activities.ActivityTypeUpdateParams{Name: "Video call", Order: pipedrive.Ptr(1)})
			require.NoError(t, err)
			assert.Equal(t, 1, at.Order)
			require.NotNil(t, at.UpdateTime)
			assert.Equal(t, utc(2020, 9, 1, 14, 12, 9), *at.UpdateTime)
		},
	},
	{
		Op:      ops.V1DeleteActivityType,
		Path:    "/v1/activityTypes/12",
		Fixture: "activities/type_delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Activities.DeleteActivityType(ctx, 12))
		},
	},
	// The shorter forms of the same operations.
	{
		Op:      ops.V2GetActivity,
		Path:    "/api/v2/activities/1",
		Fixture: "activities/get.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			a, err := c.Activities.Get(ctx, 1)
			require.NoError(t, err)
			assertExample(t, a)
		},
	},
	{
		Op:      ops.V2GetActivities,
		Path:    "/api/v2/activities",
		Fixture: "activities/list.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			// The page has a next cursor; breaking out fetches nothing more.
			for a, err := range c.Activities.List(ctx, nil) {
				require.NoError(t, err)
				assertExample(t, a)
				break
			}
		},
	},
	{
		Op:      ops.V2AddActivity,
		Path:    "/api/v2/activities",
		Body:    `{}`,
		Fixture: "activities/create.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			a, err := c.Activities.Create(ctx, &activities.CreateParams{})
			require.NoError(t, err)
			assert.Equal(t, int64(1), a.ID)
		},
	},
}

func TestOperations(t *testing.T) {
	covered := resourcetest.Run(t, cases)
	t.Run("coverage", func(t *testing.T) {
		resourcetest.CheckCoverage(t, covered, skipped, "Activities", "ActivityFields", "ActivityTypes")
	})
}

// skipped lists the operations of the family's tags that the service
// deliberately does not reach, with the reason.
var skipped = map[string]string{
	"v1 GET /activityFields": "v2 twin",
}
