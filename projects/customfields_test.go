package projects_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/projects"
)

// fieldServer serves the project field definitions of
// testdata/projects/fields.json and records the bodies of project writes.
type fieldServer struct {
	*httptest.Server
	fieldLoads atomic.Int32
	mu         sync.Mutex
	bodies     []map[string]json.RawMessage
}

func newFieldServer(t *testing.T) *fieldServer {
	t.Helper()
	fs := &fieldServer{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v2/projectFields", func(w http.ResponseWriter, r *http.Request) {
		fs.fieldLoads.Add(1)
		// The fixture's next_cursor ends the list after one more (empty) page.
		if r.URL.Query().Get("cursor") != "" {
			_, _ = w.Write([]byte(`{"success":true,"data":[],"additional_data":{"next_cursor":null}}`))
			return
		}
		_, _ = w.Write(resourcetest.Fixture(t, "projects/fields.json"))
	})
	write := func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var body map[string]json.RawMessage
		assert.NoError(t, json.Unmarshal(b, &body))
		fs.mu.Lock()
		fs.bodies = append(fs.bodies, body)
		fs.mu.Unlock()
		// Answer with the project holding what was sent.
		var p map[string]json.RawMessage
		assert.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, "projects/project.json"), &p))
		p["custom_fields"] = body["custom_fields"]
		out, _ := json.Marshal(map[string]any{"success": true, "data": p})
		_, _ = w.Write(out)
	}
	mux.HandleFunc("POST /api/v2/projects", write)
	mux.HandleFunc("PATCH /api/v2/projects/{id}", write)
	fs.Server = httptest.NewServer(mux)
	t.Cleanup(fs.Close)
	return fs
}

func (fs *fieldServer) lastBody(t *testing.T) map[string]json.RawMessage {
	t.Helper()
	fs.mu.Lock()
	defer fs.mu.Unlock()
	require.NotEmpty(t, fs.bodies)
	return fs.bodies[len(fs.bodies)-1]
}

func TestCustomFieldsByName(t *testing.T) {
	fs := newFieldServer(t)
	c := resourcetest.NewClient(t, fs.URL)
	ctx := context.Background()

	params := &projects.CreateParams{Title: "Project", CustomFieldsByName: crm.FieldValues{"Category": "External"}}
	p, err := c.Projects.Create(ctx, params)
	require.NoError(t, err)
	assert.JSONEq(t, `{"`+categoryCode+`":2}`, string(fs.lastBody(t)["custom_fields"]))
	assert.Nil(t, params.CustomFields, "params are left unchanged")

	set, err := c.Projects.CustomFields(ctx)
	require.NoError(t, err)
	category, err := set.Read(p.CustomFields).Option("Category")
	require.NoError(t, err)
	assert.Equal(t, "External", category)

	_, err = c.Projects.Update(ctx, p.ID, &projects.UpdateParams{CustomFieldsByName: crm.FieldValues{"Category": nil}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"`+categoryCode+`":null}`, string(fs.lastBody(t)["custom_fields"]))
	assert.Equal(t, int32(2), fs.fieldLoads.Load(), "the definitions are fetched once (two pages) and cached")

	_, err = c.Projects.Update(ctx, p.ID, &projects.UpdateParams{Title: pipedrive.Ptr("x"), CustomFieldsByName: crm.FieldValues{"Categroy": "Internal"}})
	require.ErrorIs(t, err, crm.ErrUnknownField)
	assert.Contains(t, err.Error(), "Category", "the error suggests the closest name")
	fs.mu.Lock()
	assert.Len(t, fs.bodies, 2, "nothing is sent for an unknown field")
	fs.mu.Unlock()
}
