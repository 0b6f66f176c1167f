package pipedrivetest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/activities"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/notes"
	"github.com/pipedrive-go/pipedrive/persons"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

func newSDK(t *testing.T, opts ...pipedrivetest.Option) (*pipedrivetest.Server, *pipedrive.Client) {
	t.Helper()
	srv := pipedrivetest.NewServer(t, append([]pipedrivetest.Option{pipedrivetest.WithRateLimit(1000, 0)}, opts...)...)
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL), pipedrive.WithMaxRetries(-1, -1))
	require.NoError(t, err)
	return srv, client
}

// fixedClock is a clock that stays at one instant.
type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

func apiStatus(err error) int {
	var apiErr *pipedrive.Error
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}

func TestActivitiesAgainstFake(t *testing.T) {
	ctx := context.Background()
	_, client := newSDK(t)
	deal, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Renewal"})
	require.NoError(t, err)
	ada, err := client.Persons.Create(ctx, &persons.CreateParams{Name: "Ada"})
	require.NoError(t, err)

	// Create, with a schedule, a location and a participant.
	a, err := client.Activities.Create(ctx, &activities.CreateParams{
		Subject: "Kick-off", Type: activities.TypeMeeting, DealID: &deal.ID, PersonID: &ada.ID,
		DueDate: crm.NewDate(2026, time.March, 10), DueTime: crm.NewTimeOfDay(14, 30, 0),
		Duration: activities.Duration(45 * time.Minute), Busy: pipedrive.Ptr(true),
		Location:  &crm.AddressParams{Value: "Main St 1", Locality: "Tallinn"},
		Attendees: []activities.Attendee{{Email: "guest@example.com", Name: "Guest"}},
		Priority:  pipedrive.Ptr[int64](2),
	})
	require.NoError(t, err)
	assert.Equal(t, "Kick-off", a.Subject)
	assert.Equal(t, activities.TypeMeeting, a.Type)
	assert.Equal(t, pipedrivetest.DefaultUserID, a.OwnerID)
	assert.Equal(t, pipedrivetest.DefaultUserID, a.CreatorUserID)
	assert.Equal(t, []activities.Participant{{PersonID: ada.ID, Primary: true}}, a.Participants, "person_id becomes the primary participant")
	due, ok := a.DueAt()
	assert.True(t, ok)
	assert.Equal(t, time.Date(2026, 3, 10, 14, 30, 0, 0, time.UTC), due)
	assert.Equal(t, activities.Duration(45*time.Minute), a.Duration)
	assert.Equal(t, "Tallinn", a.Location.Locality)
	require.Len(t, a.Attendees, 1)
	assert.Equal(t, activities.AttendeeNoReply, a.Attendees[0].Status)
	assert.Nil(t, a.MarkedAsDoneTime)

	// Attendees only when asked for.
	got, err := client.Activities.Get(ctx, a.ID)
	require.NoError(t, err)
	assert.Empty(t, got.Attendees)
	got, err = client.Activities.GetWith(ctx, a.ID, &activities.GetParams{IncludeFields: []activities.IncludeField{activities.IncludeAttendees}})
	require.NoError(t, err)
	assert.Len(t, got.Attendees, 1)

	// The priority resolves through the field definitions.
	fs, err := client.Activities.CustomFields(ctx)
	require.NoError(t, err)
	prio, err := fs.Field("Priority")
	require.NoError(t, err)
	label, ok := prio.OptionLabel(*a.Priority)
	assert.True(t, ok)
	assert.Equal(t, "Medium", label)
	loc, err := client.Activities.Field(ctx, "location", &crm.FieldGetParams{IncludeFields: []crm.FieldInclude{crm.IncludeUIVisibility}})
	require.NoError(t, err)
	assert.Equal(t, crm.FieldTypeAddress, loc.Type)
	assert.NotNil(t, loc.UIVisibility)
	_, err = client.Activities.Field(ctx, "nope", nil)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)

	// Update: done, unlink the deal, clear the duration and the location.
	up, err := client.Activities.Update(ctx, a.ID, &activities.UpdateParams{
		Done: pipedrive.Ptr(true), DealID: pipedrive.Ptr[int64](0), Duration: pipedrive.Ptr(activities.Duration(0)),
		Location: &crm.AddressParams{}, Note: pipedrive.Ptr("<p>went well</p>"),
	})
	require.NoError(t, err)
	assert.True(t, up.Done)
	assert.NotNil(t, up.MarkedAsDoneTime)
	assert.Nil(t, up.DealID)
	assert.True(t, up.Duration.IsZero())
	assert.Nil(t, up.Location)
	assert.Equal(t, "<p>went well</p>", up.Note)
	assert.Equal(t, "Kick-off", up.Subject, "PATCH keeps what it does not name")
	up, err = client.Activities.Update(ctx, a.ID, &activities.UpdateParams{Done: pipedrive.Ptr(false)})
	require.NoError(t, err)
	assert.Nil(t, up.MarkedAsDoneTime)

	// Bad bodies are refused like the API does.
	_, err = client.Activities.Create(ctx, &activities.CreateParams{Type: "yoga"})
	assert.Equal(t, http.StatusBadRequest, apiStatus(err))
	_, err = client.Activities.Create(ctx, &activities.CreateParams{Priority: pipedrive.Ptr[int64](99)})
	assert.Equal(t, http.StatusBadRequest, apiStatus(err))

	// Delete.
	require.NoError(t, client.Activities.Delete(ctx, a.ID))
	_, err = client.Activities.Get(ctx, a.ID)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)
}

func TestActivityListFiltersAndPaging(t *testing.T) {
	ctx := context.Background()
	srv, client := newSDK(t)
	dealA, dealB := int64(0), int64(0)
	for i, title := range []string{"A", "B"} {
		d, err := client.Deals.Create(ctx, &deals.CreateParams{Title: title})
		require.NoError(t, err)
		if i == 0 {
			dealA = d.ID
		} else {
			dealB = d.ID
		}
	}
	// Seven activities: due on days 7..1 (so due_date order reverses id
	// order), odd ones done, the first four on deal A.
	for i := 1; i <= 7; i++ {
		deal := dealB
		if i <= 4 {
			deal = dealA
		}
		_, err := client.Activities.Create(ctx, &activities.CreateParams{
			Subject: "act", DealID: &deal, Done: pipedrive.Ptr(i%2 == 1), DueDate: crm.NewDate(2026, time.April, 8-i),
		})
		require.NoError(t, err)
	}
	collect := func(p *activities.ListParams) []int64 {
		t.Helper()
		var ids []int64
		for a, err := range client.Activities.List(ctx, p) {
			require.NoError(t, err)
			ids = append(ids, a.ID)
		}
		return ids
	}
	before := srv.Stats().Routes["GET /api/v2/activities"]
	assert.Equal(t, []int64{1, 2, 3, 4, 5, 6, 7}, collect(&activities.ListParams{Limit: 3}))
	assert.Equal(t, 3, srv.Stats().Routes["GET /api/v2/activities"]-before, "three pages of at most 3")
	assert.Equal(t, []int64{1, 3}, collect(&activities.ListParams{DealID: dealA, Done: pipedrive.Ptr(true)}))
	assert.Equal(t, []int64{6}, collect(&activities.ListParams{DealID: dealB, Done: pipedrive.Ptr(false)}))
	assert.Equal(t, []int64{7, 6, 5, 4, 3, 2, 1}, collect(&activities.ListParams{SortBy: activities.SortByDueDate, Limit: 2}))
	assert.Equal(t, []int64{7, 6, 5}, collect(&activities.ListParams{SortBy: crm.SortByID, SortDirection: crm.Descending, IDs: []int64{5, 6, 7}}))
	assert.Equal(t, []int64{1, 2, 3, 4, 5, 6, 7}, collect(&activities.ListParams{OwnerID: pipedrivetest.DefaultUserID}))
	assert.Empty(t, collect(&activities.ListParams{OwnerID: 99}))
	assert.Empty(t, collect(&activities.ListParams{UpdatedSince: time.Now().Add(time.Hour)}))
	assert.Len(t, collect(&activities.ListParams{UpdatedUntil: time.Now().Add(time.Hour)}), 7)

	page, err := client.Activities.ListPage(ctx, &activities.ListParams{Limit: 5})
	require.NoError(t, err)
	assert.True(t, page.More)
	page, err = client.Activities.ListPage(ctx, &activities.ListParams{Limit: 5, Cursor: page.NextCursor})
	require.NoError(t, err)
	assert.False(t, page.More)
	assert.Len(t, page.Items, 2)

	_, err = client.Activities.ListPage(ctx, &activities.ListParams{SortBy: "subject"})
	assert.Equal(t, http.StatusBadRequest, apiStatus(err))
	_, err = client.Activities.ListPage(ctx, &activities.ListParams{FilterID: 3})
	assert.Equal(t, http.StatusBadRequest, apiStatus(err))
}

func TestActivityTypesAgainstFake(t *testing.T) {
	ctx := context.Background()
	_, client := newSDK(t)
	var keys []activities.TypeKey
	for at, err := range client.Activities.ActivityTypes(ctx) {
		require.NoError(t, err)
		assert.True(t, at.Active)
		assert.False(t, at.IsCustom)
		keys = append(keys, at.Key)
	}
	assert.Equal(t, []activities.TypeKey{activities.TypeCall, activities.TypeMeeting, activities.TypeTask,
		activities.TypeDeadline, activities.TypeEmail, activities.TypeLunch}, keys)

	vc, err := client.Activities.CreateActivityType(ctx, &activities.ActivityTypeParams{Name: "Video call", Icon: activities.IconCamera, Color: "aeb31b"})
	require.NoError(t, err)
	assert.Equal(t, activities.TypeKey("video_call"), vc.Key)
	assert.True(t, vc.IsCustom)
	assert.Equal(t, 7, vc.Order)
	again, err := client.Activities.CreateActivityType(ctx, &activities.ActivityTypeParams{Name: "Video Call!", Icon: activities.IconCamera})
	require.NoError(t, err)
	assert.Equal(t, activities.TypeKey("video_call_2"), again.Key, "keys stay unique")

	// New activities may use it; once deleted, they may not.
	a, err := client.Activities.Create(ctx, &activities.CreateParams{Type: vc.Key})
	require.NoError(t, err)
	assert.Equal(t, "Video call", a.Subject, "the subject defaults to the type's name")

	up, err := client.Activities.UpdateActivityType(ctx, vc.ID, &activities.ActivityTypeUpdateParams{Name: "Zoom", Order: pipedrive.Ptr(1)})
	require.NoError(t, err)
	assert.Equal(t, "Zoom", up.Name)
	assert.Equal(t, 1, up.Order)
	assert.Equal(t, activities.TypeKey("video_call"), up.Key, "the key does not follow the name")

	require.NoError(t, client.Activities.DeleteActivityType(ctx, vc.ID))
	_, err = client.Activities.Create(ctx, &activities.CreateParams{Type: vc.Key})
	assert.Equal(t, http.StatusBadRequest, apiStatus(err))
	page, err := client.Activities.ActivityTypesPage(ctx)
	require.NoError(t, err)
	assert.Len(t, page.Items, 8, "deleted types stay, deactivated")
	assert.Equal(t, "Zoom", page.Items[0].Name, "ordered by order_nr")
	assert.False(t, page.Items[0].Active)
	assert.Equal(t, activities.TypeCall, page.Items[1].Key, "the others move down")
	assert.Equal(t, 2, page.Items[1].Order)

	_, err = client.Activities.CreateActivityType(ctx, &activities.ActivityTypeParams{Name: "X", Icon: "unicorn"})
	assert.Equal(t, http.StatusBadRequest, apiStatus(err))
	_, err = client.Activities.UpdateActivityType(ctx, 99, &activities.ActivityTypeUpdateParams{Name: "X"})
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)
}

func TestNotesAgainstFake(t *testing.T) {
	ctx := context.Background()
	srv, client := newSDK(t, pipedrivetest.WithClock(fixedClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))))
	deal, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Renewal"})
	require.NoError(t, err)
	ada, err := client.Persons.Create(ctx, &persons.CreateParams{Name: "Ada"})
	require.NoError(t, err)

	n, err := client.Notes.Create(ctx, &notes.CreateParams{Content: "<p>Wants the annual plan</p>", DealID: deal.ID, PinnedToDeal: pipedrive.Ptr(true)})
	require.NoError(t, err)
	assert.Equal(t, pipedrive.Ptr(deal.ID), n.DealID)
	assert.True(t, n.PinnedToDeal)
	assert.True(t, n.Active)
	assert.Equal(t, &notes.DealRef{Title: "Renewal"}, n.Deal)
	require.NotNil(t, n.User)
	assert.True(t, n.User.IsYou)
	assert.Equal(t, pipedrivetest.DefaultUserID, n.UserID)

	// Update moves the note to a person too; PUT keeps the rest.
	up, err := client.Notes.Update(ctx, n.ID, &notes.UpdateParams{PersonID: ada.ID, PinnedToDeal: pipedrive.Ptr(false)})
	require.NoError(t, err)
	assert.Equal(t, &notes.PersonRef{Name: "Ada"}, up.Person)
	assert.False(t, up.PinnedToDeal)
	assert.Equal(t, "<p>Wants the annual plan</p>", up.Content)
	assert.Equal(t, pipedrive.Ptr(pipedrivetest.DefaultUserID), up.LastUpdateUserID)

	// Refusals: attached to a missing deal, pinned without the link.
	_, err = client.Notes.Create(ctx, &notes.CreateParams{Content: "x", DealID: 999})
	assert.Equal(t, http.StatusBadRequest, apiStatus(err))
	_, err = client.Notes.Create(ctx, &notes.CreateParams{Content: "x", PersonID: ada.ID, PinnedToDeal: pipedrive.Ptr(true)})
	assert.Equal(t, http.StatusBadRequest, apiStatus(err))

	// Lists: filters, sort, offset paging.
	for i := 0; i < 4; i++ {
		_, err := client.Notes.Create(ctx, &notes.CreateParams{Content: "more", PersonID: ada.ID,
			AddTime: pipedrive.Ptr(time.Date(2026, 1, 1+i, 9, 0, 0, 0, time.UTC))})
		require.NoError(t, err)
	}
	collect := func(p *notes.ListParams) []int64 {
		t.Helper()
		var ids []int64
		for n, err := range client.Notes.List(ctx, p) {
			require.NoError(t, err)
			ids = append(ids, n.ID)
		}
		return ids
	}
	before := srv.Stats().Routes["GET /v1/notes"]
	assert.Equal(t, []int64{1, 2, 3, 4, 5}, collect(&notes.ListParams{PersonID: ada.ID, Limit: 2}))
	assert.Equal(t, 3, srv.Stats().Routes["GET /v1/notes"]-before)
	assert.Equal(t, []int64{1}, collect(&notes.ListParams{DealID: deal.ID}))
	assert.Equal(t, []int64{1, 5, 4, 3, 2}, collect(&notes.ListParams{PersonID: ada.ID, Sort: "add_time DESC", EndDate: crm.NewDate(2026, 12, 31)}))
	assert.Equal(t, []int64{3, 4}, collect(&notes.ListParams{StartDate: crm.NewDate(2026, 1, 2), EndDate: crm.NewDate(2026, 1, 3)}))
	assert.Empty(t, collect(&notes.ListParams{PinnedToDeal: pipedrive.Ptr(true)}))
	assert.Len(t, collect(&notes.ListParams{PinnedToDeal: pipedrive.Ptr(false)}), 5)
	assert.Len(t, collect(&notes.ListParams{UserID: pipedrivetest.DefaultUserID}), 5)
	_, err = client.Notes.ListPage(ctx, &notes.ListParams{Sort: "add_time SIDEWAYS"})
	assert.Equal(t, http.StatusBadRequest, apiStatus(err))

	// Comments.
	c1, err := client.Notes.AddComment(ctx, n.ID, &notes.CommentParams{Content: "Agreed"})
	require.NoError(t, err)
	assert.Len(t, c1.ID, 36)
	assert.Equal(t, n.ID, c1.ObjectID)
	assert.Equal(t, "note", c1.ObjectType)
	_, err = client.Notes.AddComment(ctx, n.ID, &notes.CommentParams{Content: "Second"})
	require.NoError(t, err)
	c1, err = client.Notes.UpdateComment(ctx, n.ID, c1.ID, &notes.CommentParams{Content: "Agreed!"})
	require.NoError(t, err)
	assert.Equal(t, "Agreed!", c1.Content)
	got, err := client.Notes.Comment(ctx, n.ID, c1.ID)
	require.NoError(t, err)
	assert.Equal(t, *c1, *got)
	var contents []string
	for c, err := range client.Notes.Comments(ctx, n.ID, &crm.OffsetParams{Limit: 1}) {
		require.NoError(t, err)
		contents = append(contents, c.Content)
	}
	assert.Equal(t, []string{"Agreed!", "Second"}, contents)
	require.NoError(t, client.Notes.DeleteComment(ctx, n.ID, c1.ID))
	_, err = client.Notes.Comment(ctx, n.ID, c1.ID)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)
	_, err = client.Notes.Comment(ctx, 2, "46c3b0e1-db35-59ca-1828-4817378dff71")
	assert.ErrorIs(t, err, pipedrive.ErrNotFound, "a comment belongs to its note")

	// Fields.
	var keys []string
	for f, err := range client.Notes.Fields(ctx) {
		require.NoError(t, err)
		keys = append(keys, f.Code)
	}
	assert.Contains(t, keys, "content")
	assert.Contains(t, keys, "pinned_to_deal_flag")

	// Delete.
	require.NoError(t, client.Notes.Delete(ctx, n.ID))
	_, err = client.Notes.Get(ctx, n.ID)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)
	_, err = client.Notes.CommentsPage(ctx, n.ID, nil)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)
}

// The family's routes carry the real limits and headers.
func TestActivitiesLimitsApply(t *testing.T) {
	srv := pipedrivetest.NewServer(t, pipedrivetest.WithRateLimit(2, 0), pipedrivetest.WithDailyWriteLimit(1))
	for _, path := range []string{"/api/v2/activities", "/v1/activityTypes", "/v1/notes", "/v1/noteFields", "/api/v2/activityFields"} {
		req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		require.NoError(t, err)
		req.Header.Set("x-api-token", srv.Token())
		resp, err := srv.HTTPClient().Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		if resp.StatusCode == http.StatusTooManyRequests {
			assert.NotEmpty(t, resp.Header.Get("x-ratelimit-reset"))
			continue
		}
		assert.Equal(t, http.StatusOK, resp.StatusCode, path)
		assert.Equal(t, "2", resp.Header.Get("x-ratelimit-limit"), path)
		assert.NotEmpty(t, resp.Header.Get("x-daily-requests-left"), path)
	}
	assert.LessOrEqual(t, srv.Stats().MaxInWindow, 2)
	assert.Positive(t, srv.Stats().TooManyRequests, "five requests in a window of 2")

	// One write a day: the second is refused.
	_, client := newSDK(t, pipedrivetest.WithDailyWriteLimit(1))
	ctx := context.Background()
	_, err := client.Activities.CreateActivityType(ctx, &activities.ActivityTypeParams{Name: "Demo", Icon: activities.IconPresentation})
	require.NoError(t, err)
	_, err = client.Activities.Create(ctx, &activities.CreateParams{})
	assert.Error(t, err)
}
