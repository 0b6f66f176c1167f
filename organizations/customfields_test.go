package organizations_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/organizations"
)

// Custom fields by name go through the same shared code as for persons
// and deals; this checks the organization wiring (organizationFields,
// organization bodies).
func TestCustomFieldsByName(t *testing.T) {
	var loads, writes atomic.Int32
	var body atomic.Value
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v2/organizationFields", func(w http.ResponseWriter, r *http.Request) {
		loads.Add(1)
		_, _ = w.Write(resourcetest.Fixture(t, "organizations/fields.json"))
	})
	mux.HandleFunc("POST /api/v2/organizations", func(w http.ResponseWriter, r *http.Request) {
		writes.Add(1)
		b, _ := io.ReadAll(r.Body)
		body.Store(b)
		_, _ = w.Write(resourcetest.Fixture(t, "organizations/get.json"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := resourcetest.NewClient(t, srv.URL)
	ctx := context.Background()

	o, err := c.Organizations.Create(ctx, &organizations.CreateParams{
		Name:               "Analytical Engines Ltd",
		CustomFieldsByName: crm.FieldValues{"Tier": "Tier 1", "Segment": "Enterprise", "Offices": 8},
	})
	require.NoError(t, err)
	var sent struct {
		CustomFields map[string]any `json:"custom_fields"`
	}
	require.NoError(t, json.Unmarshal(body.Load().([]byte), &sent))
	assert.Equal(t, map[string]any{
		"c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00": "Tier 1",
		"d00dfeedd00dfeedd00dfeedd00dfeedd00dfeed": 32.0,
		"b16b00b5b16b00b5b16b00b5b16b00b5b16b00b5": 8.0,
	}, sent.CustomFields)

	defs, err := c.Organizations.CustomFields(ctx)
	require.NoError(t, err)
	tier, err := defs.Read(o.CustomFields).Text("tier")
	require.NoError(t, err)
	assert.Equal(t, "Tier 1", tier)

	_, err = c.Organizations.Create(ctx, &organizations.CreateParams{Name: "X", CustomFieldsByName: crm.FieldValues{"Segment": "Government"}})
	assert.ErrorIs(t, err, crm.ErrUnknownOption)
	assert.Equal(t, int32(1), writes.Load())
	assert.Equal(t, int32(1), loads.Load())
}
