package persons_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/persons"
)

// fieldServer serves the person field definitions of
// testdata/persons/fields.json and records the bodies of person writes.
type fieldServer struct {
	*httptest.Server
	fieldLoads atomic.Int32
	writes     atomic.Int32
	mu         sync.Mutex
	bodies     []map[string]any
}

func newFieldServer(t *testing.T) *fieldServer {
	t.Helper()
	fs := &fieldServer{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v2/personFields", func(w http.ResponseWriter, r *http.Request) {
		fs.fieldLoads.Add(1)
		assert.Equal(t, "500", r.URL.Query().Get("limit"), "definitions are loaded in pages of the maximum size")
		_, _ = w.Write(resourcetest.Fixture(t, "persons/fields.json"))
	})
	write := func(w http.ResponseWriter, r *http.Request) {
		fs.writes.Add(1)
		b, _ := io.ReadAll(r.Body)
		var body map[string]any
		assert.NoError(t, json.Unmarshal(b, &body))
		fs.mu.Lock()
		fs.bodies = append(fs.bodies, body)
		fs.mu.Unlock()
		_, _ = w.Write(resourcetest.Fixture(t, "persons/get.json"))
	}
	mux.HandleFunc("POST /api/v2/persons", write)
	mux.HandleFunc("PATCH /api/v2/persons/{id}", write)
	mux.HandleFunc("GET /api/v2/persons/{id}", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write(resourcetest.Fixture(t, "persons/get.json"))
	})
	fs.Server = httptest.NewServer(mux)
	t.Cleanup(fs.Close)
	return fs
}

func (fs *fieldServer) lastBody(t *testing.T) map[string]any {
	t.Helper()
	fs.mu.Lock()
	defer fs.mu.Unlock()
	require.NotEmpty(t, fs.bodies)
	return fs.bodies[len(fs.bodies)-1]
}

func TestCreateWithCustomFieldsByName(t *testing.T) {
	fs := newFieldServer(t)
	c := resourcetest.NewClient(t, fs.URL)
	ctx := context.Background()

	byCode := crm.CustomFields{}
	byCode.SetText("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", "overwritten by the named value")
	params := &persons.CreateParams{
		Name:         "Ada Lovelace",
		CustomFields: byCode,
		CustomFieldsByName: crm.FieldValues{
			"Hobby":     "Engines",
			"age":       36, // names match without regard to case
			"Budget":    crm.Money(1200.5, "GBP"),
			"Interests": []string{"Poetry", "Maths"},
		},
	}
	_, err := c.Persons.Create(ctx, params)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{
		"5f0c2a3e6d1b4a8c9e7f0a1b2c3d4e5f6a7b8c9d": "Engines",
		"a1b2c3d4e5f60718293a4b5c6d7e8f9012345678": 36.0,
		"0123456789abcdef0123456789abcdef01234567": map[string]any{"value": 1200.5, "currency": "GBP"},
		"fedcba9876543210fedcba9876543210fedcba98": []any{4.0, 3.0},
	}, fs.lastBody(t)["custom_fields"])
	assert.NotContains(t, fs.lastBody(t), "CustomFieldsByName")

	// The caller's params are left as they were.
	assert.Len(t, params.CustomFields, 1)
	v, _ := params.CustomFields.Text("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678")
	assert.Equal(t, "overwritten by the named value", v)

	// A second write reuses the cached definitions.
	_, err = c.Persons.Update(ctx, 42, &persons.UpdateParams{CustomFieldsByName: crm.FieldValues{"Hobby": nil}})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"5f0c2a3e6d1b4a8c9e7f0a1b2c3d4e5f6a7b8c9d": nil}, fs.lastBody(t)["custom_fields"])
	assert.Equal(t, int32(1), fs.fieldLoads.Load(), "field definitions are fetched once per client")
}

func TestCustomFieldsByNameErrorsSendNothing(t *testing.T) {
	fs := newFieldServer(t)
	c := resourcetest.NewClient(t, fs.URL)
	ctx := context.Background()

	_, err := c.Persons.Create(ctx, &persons.CreateParams{Name: "X", CustomFieldsByName: crm.FieldValues{"Hobbyy": "x"}})
	require.ErrorIs(t, err, crm.ErrUnknownField)
	var unknown *crm.UnknownFieldError
	require.True(t, errors.As(err, &unknown))
	assert.Contains(t, unknown.Suggestions, "Hobby")

	_, err = c.Persons.Update(ctx, 42, &persons.UpdateParams{CustomFieldsByName: crm.FieldValues{"Interests": []string{"Chess"}}})
	assert.ErrorIs(t, err, crm.ErrUnknownOption)

	_, err = c.Persons.Update(ctx, 42, &persons.UpdateParams{CustomFieldsByName: crm.FieldValues{"Budget": 12}})
	assert.ErrorIs(t, err, crm.ErrFieldType)

	assert.Zero(t, fs.writes.Load(), "nothing is written when a name does not resolve")
}

func TestReadCustomFieldsByName(t *testing.T) {
	fs := newFieldServer(t)
	c := resourcetest.NewClient(t, fs.URL)
	ctx := context.Background()

	p, err := c.Persons.Get(ctx, 42)
	require.NoError(t, err)
	defs, err := c.Persons.CustomFields(ctx)
	require.NoError(t, err)
	r := defs.Read(p.CustomFields)

	hobby, err := r.Text("Hobby")
	require.NoError(t, err)
	assert.Equal(t, "Engines", hobby)
	age, err := r.Number("Age")
	require.NoError(t, err)
	assert.Equal(t, 37.0, age)
	budget, err := r.Money("Budget")
	require.NoError(t, err)
	assert.Equal(t, crm.Money(1200.5, "GBP"), budget)
	interests, err := r.Options("Interests")
	require.NoError(t, err)
	assert.Equal(t, []string{"Maths", "Poetry"}, interests)
	_, err = r.Text("Shoe size")
	assert.ErrorIs(t, err, crm.ErrUnknownField)

	// Refreshing fetches the definitions again.
	_, err = c.Persons.RefreshCustomFields(ctx)
	require.NoError(t, err)
	assert.Equal(t, int32(2), fs.fieldLoads.Load())
}

// Two clients never share definitions: each company has its own fields.
func TestCustomFieldsCachedPerClient(t *testing.T) {
	fs := newFieldServer(t)
	ctx := context.Background()
	for range 2 {
		c := resourcetest.NewClient(t, fs.URL)
		_, err := c.Persons.CustomFields(ctx)
		require.NoError(t, err)
		_, err = c.Persons.CustomFields(ctx)
		require.NoError(t, err)
	}
	assert.Equal(t, int32(2), fs.fieldLoads.Load())
}
