package notes_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/notes"
)

// Every model keeps every member of the spec's examples.
func TestModelsKeepEveryMember(t *testing.T) {
	for name, mk := range map[string]func() any{
		"notes/get.json":            func() any { return new(notes.Note) },
		"notes/create.json":         func() any { return new(notes.Note) },
		"notes/update.json":         func() any { return new(notes.Note) },
		"notes/comment.json":        func() any { return new(notes.Comment) },
		"notes/comment_add.json":    func() any { return new(notes.Comment) },
		"notes/comment_update.json": func() any { return new(notes.Comment) },
	} {
		t.Run(name, func(t *testing.T) {
			resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, name), mk())
		})
	}
	for name, mk := range map[string]func() any{
		"notes/list.json":     func() any { return new(notes.Note) },
		"notes/comments.json": func() any { return new(notes.Comment) },
	} {
		t.Run(name, func(t *testing.T) {
			for _, it := range items(t, name) {
				resourcetest.AssertNoFieldLost(t, it, mk())
			}
		})
	}
	// crm.Field encodes back in the v1 shape it came in (key, name).
	t.Run("notes/fields.json", func(t *testing.T) {
		for _, it := range items(t, "notes/fields.json") {
			resourcetest.AssertNoFieldLost(t, it, new(crm.Field))
		}
	})
}

func items(t *testing.T, name string) []json.RawMessage {
	t.Helper()
	var out []json.RawMessage
	require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, name), &out))
	require.NotEmpty(t, out)
	return out
}

// Webhook bodies (v1 and v2) send ids and flags in several forms; the v1
// API sends "" or null for missing links.
func TestNoteDecodesVariants(t *testing.T) {
	raw := `{"id":"9","content":"<p>Hi</p>","user_id":"7","deal_id":"0","person_id":{"value":12,"name":"Ada"},
		"org_id":null,"lead_id":"","active_flag":1,"pinned_to_person_flag":"1","pinned_to_deal_flag":0,
		"add_time":"2026-11-29T10:31:02Z","update_time":"","last_update_user_id":null,
		"user":{"name":"Ann","email":"ann@example.com","icon_url":null,"is_you":0}}`
	var n notes.Note
	require.NoError(t, json.Unmarshal([]byte(raw), &n))
	assert.Equal(t, int64(9), n.ID)
	assert.Equal(t, int64(7), n.UserID)
	assert.Nil(t, n.DealID)
	assert.Equal(t, pipedrive.Ptr[int64](12), n.PersonID)
	assert.Nil(t, n.OrgID)
	assert.Nil(t, n.LeadID)
	assert.True(t, n.Active)
	assert.True(t, n.PinnedToPerson)
	assert.False(t, n.PinnedToDeal)
	assert.Nil(t, n.UpdateTime)
	assert.Nil(t, n.LastUpdateUserID)
	assert.Equal(t, &notes.Author{Name: "Ann", Email: "ann@example.com"}, n.User)

	// A flow entry.
	fn, err := (&crm.FlowItem{Object: "note", Data: json.RawMessage(raw)}).Note()
	require.NoError(t, err)
	assert.Equal(t, n, *fn)
	_, err = (&crm.FlowItem{Object: "file", Data: json.RawMessage(raw)}).Note()
	assert.Error(t, err)

	var c notes.Comment
	require.NoError(t, json.Unmarshal([]byte(`{"uuid":"u1","object_id":725,"active_flag":"1","add_time":"2021-06-22 07:18:16","update_time":null}`), &c))
	assert.Equal(t, int64(725), c.ObjectID)
	assert.True(t, c.Active)
	assert.Nil(t, c.UpdateTime)
	for _, bad := range []string{`{"id":[]}`, `{"add_time":"yesterday"}`, `{"active_flag":"maybe"}`, `"note"`} {
		assert.Error(t, json.Unmarshal([]byte(bad), new(notes.Note)), bad)
	}
	assert.Error(t, json.Unmarshal([]byte(`{"object_id":"note-1"}`), new(notes.Comment)))
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
	_, checks["nil create"] = c.Notes.Create(ctx, nil)
	_, checks["create without content"] = c.Notes.Create(ctx, &notes.CreateParams{DealID: 1})
	_, checks["create attached to nothing"] = c.Notes.Create(ctx, &notes.CreateParams{Content: "x"})
	_, checks["create on deal -1"] = c.Notes.Create(ctx, &notes.CreateParams{Content: "x", DealID: -1})
	_, checks["get 0"] = c.Notes.Get(ctx, 0)
	_, checks["nil update"] = c.Notes.Update(ctx, 1, nil)
	_, checks["update 0"] = c.Notes.Update(ctx, 0, &notes.UpdateParams{Content: "x"})
	checks["delete 0"] = c.Notes.Delete(ctx, 0)
	_, checks["comments of 0"] = c.Notes.CommentsPage(ctx, 0, nil)
	_, checks["comment without id"] = c.Notes.Comment(ctx, 1, "")
	_, checks["nil comment"] = c.Notes.AddComment(ctx, 1, nil)
	_, checks["empty comment"] = c.Notes.AddComment(ctx, 1, &notes.CommentParams{})
	_, checks["update comment without id"] = c.Notes.UpdateComment(ctx, 1, "", &notes.CommentParams{Content: "x"})
	_, checks["update comment empty"] = c.Notes.UpdateComment(ctx, 1, "u1", &notes.CommentParams{})
	checks["delete comment of 0"] = c.Notes.DeleteComment(ctx, 0, "u1")
	for name, err := range checks {
		assert.ErrorIs(t, err, core.ErrInvalidParams, name)
	}
	for _, err := range c.Notes.Comments(ctx, -1, nil) {
		assert.ErrorIs(t, err, core.ErrInvalidParams)
	}
	assert.Zero(t, hits.Load(), "nothing was sent")
}

// The body forms of the pinned flags and add_time.
func TestParamsEncoding(t *testing.T) {
	b, err := json.Marshal(&notes.UpdateParams{})
	require.NoError(t, err)
	assert.JSONEq(t, `{}`, string(b))
	b, err = json.Marshal(notes.CreateParams{Content: "x", PersonID: 3, PinnedToPerson: pipedrive.Ptr(true)})
	require.NoError(t, err)
	assert.JSONEq(t, `{"content":"x","person_id":3,"pinned_to_person_flag":1}`, string(b))
}
