package resourcetest

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// FollowersAPI is the follower part of a resource service.
type FollowersAPI interface {
	Followers(ctx context.Context, id int64, p *crm.PageParams) iter.Seq2[*crm.Follower, error]
	FollowersPage(ctx context.Context, id int64, p *crm.PageParams) (*crm.Page[crm.Follower], error)
	AddFollower(ctx context.Context, id, userID int64) (*crm.Follower, error)
	DeleteFollower(ctx context.Context, id, userID int64) error
	FollowersChangelogPage(ctx context.Context, id int64, p *crm.PageParams) (*crm.Page[crm.FollowerChange], error)
}

// HistoryAPI is the v1 history part of a resource service.
type HistoryAPI interface {
	ChangelogPage(ctx context.Context, id int64, p *crm.PageParams) (*crm.Page[crm.ChangelogEntry], error)
	FilesPage(ctx context.Context, id int64, p *crm.FilesParams) (*crm.Page[crm.File], error)
	Flow(ctx context.Context, id int64, p *crm.FlowParams) iter.Seq2[*crm.FlowItem, error]
	MailMessagesPage(ctx context.Context, id int64, p *crm.MailMessagesParams) (*crm.Page[crm.MailMessageItem], error)
	PermittedUsers(ctx context.Context, id int64) ([]int64, error)
}

// FieldsAPI is the field-definition part of a resource service.
type FieldsAPI interface {
	FieldsPage(ctx context.Context, p *crm.FieldListParams) (*crm.Page[crm.Field], error)
	Field(ctx context.Context, code string, p *crm.FieldGetParams) (*crm.Field, error)
	CreateField(ctx context.Context, p *crm.CreateFieldParams) (*crm.Field, error)
	UpdateField(ctx context.Context, code string, p *crm.UpdateFieldParams) (*crm.Field, error)
	DeleteField(ctx context.Context, code string) error
	AddFieldOptions(ctx context.Context, code string, labels ...string) ([]crm.FieldOption, error)
	UpdateFieldOptions(ctx context.Context, code string, changes ...crm.FieldOptionChange) ([]crm.FieldOption, error)
	DeleteFieldOptions(ctx context.Context, code string, ids ...int64) ([]crm.FieldOption, error)
}

// Shared describes one resource for the cases of the operations every
// resource has (followers, v1 history, field definitions), answered with
// the fixtures in testdata/crm.
type Shared struct {
	// V2Records and V1Records are the record paths, e.g.
	// "/api/v2/persons" and "/v1/persons"; V2Fields is the fields path,
	// e.g. "/api/v2/personFields".
	V2Records, V1Records, V2Fields string
	// ID is the record the cases ask about.
	ID int64

	Followers FollowerCaseOps
	History   HistoryCaseOps
	Fields    FieldCaseOps

	// Service returns the resource's service of c.
	FollowersOf func(c *pipedrive.Client) FollowersAPI
	HistoryOf   func(c *pipedrive.Client) HistoryAPI
	FieldsOf    func(c *pipedrive.Client) FieldsAPI
}

// FollowerCaseOps are the follower operations the cases expect.
type FollowerCaseOps struct{ List, Add, Changelog, Delete ops.Op }

// HistoryCaseOps are the v1 history operations the cases expect.
type HistoryCaseOps struct{ Changelog, Files, Flow, MailMessages, PermittedUsers ops.Op }

// FieldCaseOps are the field operations the cases expect.
type FieldCaseOps struct {
	List, Add, Get, Update, Delete           ops.Op
	AddOptions, UpdateOptions, DeleteOptions ops.Op
}

const fieldCode = "fedcba9876543210fedcba9876543210fedcba98"

// SharedCases returns one case per follower, history and field operation
// of the resource r.
func SharedCases(r Shared) []Case {
	rec := func(base string, rest string) string { return base + "/" + strconv.FormatInt(r.ID, 10) + rest }
	field := r.V2Fields + "/" + fieldCode
	utc := func(y int, m time.Month, d, h, min, s int) time.Time {
		return time.Date(y, m, d, h, min, s, 0, time.UTC)
	}
	return []Case{
		{
			Op: r.Followers.List, Path: rec(r.V2Records, "/followers"), Query: url.Values{"limit": {"2"}},
			Fixture: "crm/followers.json",
			Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
				var got []crm.Follower
				for f, err := range r.FollowersOf(c).Followers(ctx, r.ID, &crm.PageParams{Limit: 2}) {
					require.NoError(t, err)
					got = append(got, *f)
				}
				assert.Equal(t, []crm.Follower{
					{UserID: 7001, AddTime: utc(2025, 3, 4, 9, 15, 0)},
					{UserID: 7002, AddTime: utc(2025, 4, 1, 12, 0, 0)},
				}, got)
			},
		},
		{
			Op: r.Followers.Add, Path: rec(r.V2Records, "/followers"), Body: `{"user_id":7003}`,
			Status: http.StatusCreated, Fixture: "crm/follower_add.json",
			Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
				f, err := r.FollowersOf(c).AddFollower(ctx, r.ID, 7003)
				require.NoError(t, err)
				assert.Equal(t, crm.Follower{UserID: 7003, AddTime: utc(2025, 6, 11, 8, 30, 0)}, *f)
			},
		},
		{
			Op: r.Followers.Changelog, Path: rec(r.V2Records, "/followers/changelog"), Query: url.Values{"cursor": {"c1"}},
			Fixture: "crm/followers_changelog.json",
			Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
				page, err := r.FollowersOf(c).FollowersChangelogPage(ctx, r.ID, &crm.PageParams{Cursor: "c1"})
				require.NoError(t, err)
				assert.False(t, page.More)
				assert.Equal(t, []crm.FollowerChange{
					{Action: crm.FollowerAdded, ActorUserID: 7001, FollowerUserID: 7003, Time: utc(2025, 6, 11, 8, 30, 0)},
					{Action: crm.FollowerRemoved, ActorUserID: 7001, FollowerUserID: 7002, Time: utc(2025, 6, 12, 9, 0, 0)},
				}, page.Items)
			},
		},
		{
			Op: r.Followers.Delete, Path: rec(r.V2Records, "/followers/7003"), Fixture: "crm/follower_delete.json",
			Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
				require.NoError(t, r.FollowersOf(c).DeleteFollower(ctx, r.ID, 7003))
			},
		},
		{
			Op: r.History.Changelog, Path: rec(r.V1Records, "/changelog"), Query: url.Values{"limit": {"2"}},
			Fixture: "crm/changelog.json",
			Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
				page, err := r.HistoryOf(c).ChangelogPage(ctx, r.ID, &crm.PageParams{Limit: 2})
				require.NoError(t, err)
				assert.True(t, page.More)
				assert.Equal(t, "Y2hhbmdlOjI=", page.NextCursor)
				require.Len(t, page.Items, 2)
				e := page.Items[0]
				assert.Equal(t, "email", e.FieldKey)
				assert.Equal(t, pipedrive.Ptr("ada@old.example"), e.OldValue)
				assert.Equal(t, utc(2025, 6, 10, 17, 2, 33), e.Time)
				assert.Nil(t, page.Items[1].OldValue)
				assert.True(t, page.Items[1].IsBulkUpdate)
			},
		},
		{
			Op: r.History.Files, Path: rec(r.V1Records, "/files"), Query: url.Values{"limit": {"1"}, "sort": {"update_time DESC"}},
			Fixture: "crm/files.json",
			Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
				page, err := r.HistoryOf(c).FilesPage(ctx, r.ID, &crm.FilesParams{Limit: 1, Sort: "update_time DESC"})
				require.NoError(t, err)
				assert.True(t, page.More)
				assert.Equal(t, 1, page.NextStart)
				require.Len(t, page.Items, 1)
				assert.Equal(t, "notes.pdf", page.Items[0].Name)
				assert.Equal(t, int64(20480), page.Items[0].FileSize)
				assert.Equal(t, utc(2025, 5, 1, 10, 5, 0), page.Items[0].UpdateTime)
			},
		},
		{
			Op: r.History.Flow, Path: rec(r.V1Records, "/flow"), Query: url.Values{"all_changes": {"1"}, "items": {"personChange,activity"}},
			Fixture: "crm/flow.json",
			Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
				var kinds []string
				for it, err := range r.HistoryOf(c).Flow(ctx, r.ID, &crm.FlowParams{AllChanges: true, Items: []string{"personChange", "activity"}}) {
					require.NoError(t, err)
					kinds = append(kinds, it.Object)
					if it.IsChange() {
						ch, err := it.Change()
						require.NoError(t, err)
						assert.Equal(t, "email", ch.FieldKey)
						assert.JSONEq(t, `"ada@analytical.example"`, string(ch.NewValue))
					}
				}
				assert.Equal(t, []string{"personChange", "activity"}, kinds)
			},
		},
		{
			Op: r.History.MailMessages, Path: rec(r.V1Records, "/mailMessages"), Query: url.Values{"include_body": {"1"}, "limit": {"20"}},
			Fixture: "crm/mail_messages.json",
			Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
				page, err := r.HistoryOf(c).MailMessagesPage(ctx, r.ID, &crm.MailMessagesParams{IncludeBody: true, Limit: 20})
				require.NoError(t, err)
				require.Len(t, page.Items, 1)
				m := page.Items[0].Message
				assert.Equal(t, "Engine schedule", m.Subject)
				assert.True(t, m.Read)
				assert.True(t, m.Sent)
				require.Len(t, m.To, 1)
				assert.Equal(t, int64(42), m.To[0].LinkedPersonID)
				assert.Equal(t, utc(2025, 6, 8, 14, 0, 0), m.MessageTime)
			},
		},
		{
			Op: r.History.PermittedUsers, Path: rec(r.V1Records, "/permittedUsers"), Fixture: "crm/permitted_users.json",
			Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
				ids, err := r.HistoryOf(c).PermittedUsers(ctx, r.ID)
				require.NoError(t, err)
				assert.Equal(t, []int64{7001, 7002, 7005}, ids)
			},
		},
		{
			Op: r.Fields.List, Path: r.V2Fields, Query: url.Values{"include_fields": {"ui_visibility,required_fields"}, "limit": {"50"}},
			Fixture: "crm/fields.json",
			Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
				page, err := r.FieldsOf(c).FieldsPage(ctx, &crm.FieldListParams{
					IncludeFields: []crm.FieldInclude{crm.IncludeUIVisibility, crm.IncludeRequiredFields}, Limit: 50,
				})
				require.NoError(t, err)
				require.Len(t, page.Items, 5)
				set := page.Items[4]
				assert.Equal(t, "Interests", set.Name)
				assert.Equal(t, crm.FieldTypeSet, set.Type)
				assert.True(t, set.IsCustom)
				require.Len(t, set.Options, 2)
				assert.Equal(t, crm.FieldOption{ID: 4, Label: "Poetry", Color: pipedrive.Ptr("blue"), AddTime: pipedrive.Ptr(utc(2025, 1, 1, 0, 0, 0))}, set.Options[1])
				require.Len(t, page.Items[3].Subfields, 1)
			},
		},
		{
			Op: r.Fields.Get, Path: field, Query: url.Values{"include_fields": {"important_fields"}}, Fixture: "crm/field.json",
			Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
				f, err := r.FieldsOf(c).Field(ctx, fieldCode, &crm.FieldGetParams{IncludeFields: []crm.FieldInclude{crm.IncludeImportantFields}})
				require.NoError(t, err)
				assert.Equal(t, "Interests", f.Name)
				require.NotNil(t, f.Important)
				assert.Equal(t, []int64{1, 2}, f.Important.StageIDs)
			},
		},
		{
			Op: r.Fields.Add, Path: r.V2Fields, Fixture: "crm/field.json",
			Body: `{"field_name":"Interests","field_type":"set","options":[{"label":"Maths"},{"label":"Poetry"}]}`,
			Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
				f, err := r.FieldsOf(c).CreateField(ctx, &crm.CreateFieldParams{
					Name: "Interests", Type: crm.FieldTypeSet, Options: []crm.NewFieldOption{{Label: "Maths"}, {Label: "Poetry"}},
				})
				require.NoError(t, err)
				assert.Equal(t, fieldCode, f.Code)
			},
		},
		{
			Op: r.Fields.Update, Path: field, Body: `{"field_name":"Interests"}`, Fixture: "crm/field.json",
			Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
				f, err := r.FieldsOf(c).UpdateField(ctx, fieldCode, &crm.UpdateFieldParams{Name: "Interests"})
				require.NoError(t, err)
				assert.Equal(t, crm.FieldTypeSet, f.Type)
			},
		},
		{
			Op: r.Fields.Delete, Path: field, Fixture: "crm/field_delete.json",
			Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
				require.NoError(t, r.FieldsOf(c).DeleteField(ctx, fieldCode))
			},
		},
		{
			Op: r.Fields.AddOptions, Path: field + "/options", Body: `[{"label":"Music"}]`, Fixture: "crm/field_options.json",
			Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
				opts, err := r.FieldsOf(c).AddFieldOptions(ctx, fieldCode, "Music")
				require.NoError(t, err)
				assert.Equal(t, []crm.FieldOption{{ID: 3, Label: "Maths"}, {ID: 4, Label: "Poetry"}, {ID: 5, Label: "Music"}}, opts)
			},
		},
		{
			Op: r.Fields.UpdateOptions, Path: field + "/options", Body: `[{"id":5,"label":"Music"}]`, Fixture: "crm/field_options.json",
			Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
				opts, err := r.FieldsOf(c).UpdateFieldOptions(ctx, fieldCode, crm.FieldOptionChange{ID: 5, Label: "Music"})
				require.NoError(t, err)
				assert.Len(t, opts, 3)
			},
		},
		{
			Op: r.Fields.DeleteOptions, Path: field + "/options", Body: `[{"id":3},{"id":4}]`, Fixture: "crm/field_options.json",
			Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
				opts, err := r.FieldsOf(c).DeleteFieldOptions(ctx, fieldCode, 3, 4)
				require.NoError(t, err)
				assert.Len(t, opts, 3)
			},
		},
	}
}
