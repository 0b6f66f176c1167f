package notes_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/notes"
)

func utc(y int, m time.Month, d, h, min, s int) time.Time {
	return time.Date(y, m, d, h, min, s, 0, time.UTC)
}

const (
	leadID    = "adf21080-0e10-11eb-879b-05d71fb426ec"
	commentID = "46c3b0e1-db35-59ca-1828-4817378dff71"
)

// assertExample checks the note of the spec's example.
func assertExample(t *testing.T, n *notes.Note) {
	t.Helper()
	assert.Equal(t, int64(1), n.ID)
	assert.Equal(t, "abc", n.Content)
	assert.True(t, n.Active)
	assert.Equal(t, utc(2019, 12, 9, 13, 59, 21), n.AddTime)
	require.NotNil(t, n.UpdateTime)
	assert.Equal(t, utc(2019, 12, 9, 14, 26, 11), *n.UpdateTime)
	assert.Equal(t, int64(1), n.UserID)
	assert.Equal(t, pipedrive.Ptr[int64](1), n.DealID)
	assert.Equal(t, pipedrive.Ptr(leadID), n.LeadID)
	assert.Equal(t, pipedrive.Ptr[int64](1), n.OrgID)
	assert.Equal(t, pipedrive.Ptr[int64](1), n.PersonID)
	assert.Equal(t, pipedrive.Ptr[int64](1), n.ProjectID)
	assert.Nil(t, n.TaskID)
	assert.Equal(t, pipedrive.Ptr[int64](1), n.LastUpdateUserID)
	assert.True(t, n.PinnedToDeal)
	assert.False(t, n.PinnedToLead)
	assert.False(t, n.PinnedToPerson)
	assert.Equal(t, &notes.DealRef{Title: "Deal title"}, n.Deal)
	assert.Equal(t, &notes.OrganizationRef{Name: "Organization name"}, n.Organization)
	assert.Equal(t, &notes.PersonRef{Name: "Person name"}, n.Person)
	assert.Equal(t, &notes.ProjectRef{Title: "Project name"}, n.Project)
	assert.Nil(t, n.Task)
	assert.Equal(t, &notes.Author{Name: "User Name", Email: "user@email.com",
		IconURL: "https://iconurl.net/profile_120x120_123.jpg", IsYou: true}, n.User)
}

func assertComment(t *testing.T, c *notes.Comment) {
	t.Helper()
	assert.Equal(t, notes.Comment{
		ID: commentID, Content: "This is a comment", ObjectID: 725, ObjectType: "note",
		UserID: 8877, UpdaterID: 8877, CompanyID: 77, Active: true,
		AddTime:    time.Date(2021, 6, 22, 7, 18, 16, 750_000_000, time.UTC),
		UpdateTime: pipedrive.Ptr(time.Date(2021, 6, 22, 7, 18, 25, 648_000_000, time.UTC)),
	}, *c)
}

// cases holds one case per operation the notes service reaches.
var cases = []resourcetest.Case{
	{
		Op:   ops.V1GetNotes,
		Path: "/v1/notes",
		Query: url.Values{
			"user_id": {"1"}, "lead_id": {leadID}, "deal_id": {"2"}, "person_id": {"3"}, "org_id": {"4"},
			"project_id": {"5"}, "task_id": {"6"}, "start_date": {"2019-12-01"}, "end_date": {"2019-12-31"},
			"updated_since": {"2025-01-01T10:20:00Z"}, "pinned_to_lead_flag": {"0"}, "pinned_to_deal_flag": {"1"},
			"pinned_to_organization_flag": {"0"}, "pinned_to_person_flag": {"1"}, "pinned_to_project_flag": {"0"},
			"pinned_to_task_flag": {"1"}, "sort": {"add_time DESC"}, "start": {"100"}, "limit": {"50"},
		},
		Fixture: "notes/list.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Notes.ListPage(ctx, &notes.ListParams{
				UserID: 1, LeadID: leadID, DealID: 2, PersonID: 3, OrgID: 4, ProjectID: 5, TaskID: 6,
				StartDate: crm.NewDate(2019, time.December, 1), EndDate: crm.NewDate(2019, time.December, 31),
				UpdatedSince: utc(2025, 1, 1, 10, 20, 0),
				PinnedToLead: pipedrive.Ptr(false), PinnedToDeal: pipedrive.Ptr(true), PinnedToOrganization: pipedrive.Ptr(false),
				PinnedToPerson: pipedrive.Ptr(true), PinnedToProject: pipedrive.Ptr(false), PinnedToTask: pipedrive.Ptr(true),
				Sort: notes.SortNewestFirst, Start: 100, Limit: 50,
			})
			require.NoError(t, err)
			require.Len(t, page.Items, 1)
			assert.True(t, page.More)
			assert.Equal(t, 100, page.NextStart)
			assertExample(t, &page.Items[0])
		},
	},
	{
		Op:      ops.V1GetNote,
		Path:    "/v1/notes/1",
		Fixture: "notes/get.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			n, err := c.Notes.Get(ctx, 1)
			require.NoError(t, err)
			assertExample(t, n)
		},
	},
	{
		Op:   ops.V1AddNote,
		Path: "/v1/notes",
		Body: `{"content":"abc","lead_id":"` + leadID + `","deal_id":1,"person_id":2,"org_id":3,"project_id":4,"task_id":5,
			"user_id":9,"add_time":"2019-12-09 13:59:21","pinned_to_lead_flag":0,"pinned_to_deal_flag":1,
			"pinned_to_organization_flag":0,"pinned_to_person_flag":0,"pinned_to_project_flag":0,"pinned_to_task_flag":1}`,
		Fixture: "notes/create.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			n, err := c.Notes.Create(ctx, &notes.CreateParams{
				Content: "abc", LeadID: leadID, DealID: 1, PersonID: 2, OrgID: 3, ProjectID: 4, TaskID: 5, UserID: 9,
				AddTime:      pipedrive.Ptr(time.Date(2019, 12, 9, 15, 59, 21, 0, time.FixedZone("EET", 2*3600))),
				PinnedToLead: pipedrive.Ptr(false), PinnedToDeal: pipedrive.Ptr(true), PinnedToOrganization: pipedrive.Ptr(false),
				PinnedToPerson: pipedrive.Ptr(false), PinnedToProject: pipedrive.Ptr(false), PinnedToTask: pipedrive.Ptr(true),
			})
			require.NoError(t, err)
			assertExample(t, n)
		},
	},
	{
		Op:      ops.V1UpdateNote,
		Path:    "/v1/notes/1",
		Body:    `{"content":"<p>abc</p>","org_id":7,"pinned_to_deal_flag":0}`,
		Fixture: "notes/update.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			n, err := c.Notes.Update(ctx, 1, &notes.UpdateParams{Content: "<p>abc</p>", OrgID: 7, PinnedToDeal: pipedrive.Ptr(false)})
			require.NoError(t, err)
			assertExample(t, n)
		},
	},
	{
		Op:      ops.V1DeleteNote,
		Path:    "/v1/notes/1",
		Fixture: "notes/delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Notes.Delete(ctx, 1))
		},
	},
	{
		Op:      ops.V1GetNoteComments,
		Path:    "/v1/notes/725/comments",
		Query:   url.Values{"start": {"100"}, "limit": {"50"}},
		Fixture: "notes/comments.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Notes.CommentsPage(ctx, 725, &crm.OffsetParams{Start: 100, Limit: 50})
			require.NoError(t, err)
			require.Len(t, page.Items, 1)
			assert.True(t, page.More)
			assert.Equal(t, 100, page.NextStart)
			assertComment(t, &page.Items[0])
		},
	},
	{
		Op:      ops.V1GetComment,
		Path:    "/v1/notes/725/comments/" + commentID,
		Fixture: "notes/comment.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			cm, err := c.Notes.Comment(ctx, 725, commentID)
			require.NoError(t, err)
			assertComment(t, cm)
		},
	},
	{
		Op:      ops.V1AddNoteComment,
		Path:    "/v1/notes/725/comments",
		Body:    `{"content":"This is a comment"}`,
		Fixture: "notes/comment_add.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			cm, err := c.Notes.AddComment(ctx, 725, &notes.CommentParams{Content: "This is a comment"})
			require.NoError(t, err)
			assertComment(t, cm)
		},
	},
	{
		Op:      ops.V1UpdateCommentForNote,
		Path:    "/v1/notes/725/comments/" + commentID,
		Body:    `{"content":"This is a comment"}`,
		Fixture: "notes/comment_update.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			cm, err := c.Notes.UpdateComment(ctx, 725, commentID, &notes.CommentParams{Content: "This is a comment"})
			require.NoError(t, err)
			assertComment(t, cm)
		},
	},
	{
		Op:      ops.V1DeleteComment,
		Path:    "/v1/notes/725/comments/" + commentID,
		Fixture: "notes/comment_delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Notes.DeleteComment(ctx, 725, commentID))
		},
	},
	{
		Op:      ops.V1GetNoteFields,
		Path:    "/v1/noteFields",
		Fixture: "notes/fields.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			var got []crm.Field
			for f, err := range c.Notes.Fields(ctx) {
				require.NoError(t, err)
				got = append(got, *f)
			}
			require.Len(t, got, 2)
			assert.Equal(t, crm.Field{
				ID: 1, Code: "content", Name: "Content", Type: crm.FieldTypeText,
				Active: true, BulkEditable: true, Mandatory: true,
			}, got[0])
			pinned := got[1]
			assert.Equal(t, "pinned_to_deal_flag", pinned.Code)
			assert.Equal(t, "Note is pinned to deal", pinned.Name)
			assert.True(t, pinned.Editable)
			label, ok := pinned.OptionLabel(0)
			assert.True(t, ok)
			assert.Equal(t, "No", label)
			// The definitions index by name like v2 ones.
			set := crm.NewFieldSet(got)
			f, err := set.Field("note is pinned to deal")
			require.NoError(t, err)
			id, err := f.OptionID("Yes")
			require.NoError(t, err)
			assert.Equal(t, int64(1), id)
		},
	},
}

func TestOperations(t *testing.T) {
	covered := resourcetest.Run(t, cases)
	t.Run("coverage", func(t *testing.T) {
		resourcetest.CheckCoverage(t, covered, nil, "Notes", "NoteFields")
	})
}
