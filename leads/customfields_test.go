package leads_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/leads"
)

type recorded struct{ method, path, query, body string }

// fixtureServer answers routes with fixtures and records the requests.
func fixtureServer(t *testing.T, routes map[string]string) (*httptest.Server, func() []recorded) {
	t.Helper()
	var (
		mu   sync.Mutex
		reqs []recorded
	)
	mux := http.NewServeMux()
	for pattern, name := range routes {
		fixture := resourcetest.Fixture(t, name)
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			mu.Lock()
			reqs = append(reqs, recorded{r.Method, r.URL.Path, r.URL.RawQuery, string(b)})
			mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(fixture)
		})
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, func() []recorded {
		mu.Lock()
		defer mu.Unlock()
		return append([]recorded(nil), reqs...)
	}
}

// Lead custom fields by name resolve against the deal field definitions,
// fetched once, and go out in v1's top-level form.
func TestCustomFieldsByName(t *testing.T) {
	srv, requests := fixtureServer(t, map[string]string{
		"GET /api/v2/dealFields": "deals/fields.json",
		"POST /v1/leads":         "leads/create.json",
		"PATCH /v1/leads/{id}":   "leads/update.json",
	})
	c := resourcetest.NewClient(t, srv.URL)
	ctx := context.Background()
	params := &leads.CreateParams{
		Title: "Renewal", OrganizationID: 5,
		CustomFieldsByName: crm.FieldValues{
			"Budget": crm.Money(5000, "EUR"), "tier": "Enterprise", "Regions": []string{"EMEA", "Americas"},
			"Signed on": crm.NewDate(2026, 3, 1),
		},
	}
	_, err := c.Leads.Create(ctx, params)
	require.NoError(t, err)
	assert.Nil(t, params.CustomFields, "Create modified the caller's params")
	_, err = c.Leads.Update(ctx, leadID, &leads.UpdateParams{CustomFieldsByName: crm.FieldValues{"Tier": nil}})
	require.NoError(t, err)

	reqs := requests()
	require.Len(t, reqs, 3, "one definitions fetch, a create and an update")
	assert.Equal(t, "GET /api/v2/dealFields", reqs[0].method+" "+reqs[0].path)
	assert.JSONEq(t, `{"title":"Renewal","organization_id":5,
		"8f2d6c0e1a3b5d7f9e1c3a5b7d9f1e3c5a7b9d1f":5000,"8f2d6c0e1a3b5d7f9e1c3a5b7d9f1e3c5a7b9d1f_currency":"EUR",
		"1a3c5e7f9b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a":3,"2b4d6f8a0c2e4b6d8f0a1c3e5a7c9e1b3d5f7a9c":[21,23],
		"3c5e7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f":"2026-03-01"}`, reqs[1].body)
	assert.JSONEq(t, `{"1a3c5e7f9b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a":null}`, reqs[2].body)

	fs, err := c.Leads.CustomFields(ctx)
	require.NoError(t, err)
	assert.Equal(t, "Budget", mustField(t, fs, "8f2d6c0e1a3b5d7f9e1c3a5b7d9f1e3c5a7b9d1f"))
	assert.Len(t, requests(), 3, "the definitions are cached")
}

func mustField(t *testing.T, fs *crm.FieldSet, code string) string {
	t.Helper()
	f, ok := fs.ByCode(code)
	require.True(t, ok)
	return f.Name
}

// An unknown custom field name fails before the lead is sent.
func TestCustomFieldsByNameUnknown(t *testing.T) {
	srv, requests := fixtureServer(t, map[string]string{"GET /api/v2/dealFields": "deals/fields.json"})
	c := resourcetest.NewClient(t, srv.URL)
	_, err := c.Leads.Create(context.Background(), &leads.CreateParams{
		Title: "X", PersonID: 1, CustomFieldsByName: crm.FieldValues{"Budgett": 1.0},
	})
	assert.ErrorIs(t, err, crm.ErrUnknownField)
	assert.Len(t, requests(), 1)
}

// Bad input is refused before anything is sent (and before the field
// definitions are fetched).
func TestRefusedBeforeSending(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request sent: %s %s", r.Method, r.URL)
	}))
	defer srv.Close()
	c := resourcetest.NewClient(t, srv.URL)
	ctx := context.Background()
	l := c.Leads
	byName := crm.FieldValues{"Budget": crm.Money(1, "EUR")}
	drainErr := func(seq func(func(*crm.SearchResult[leads.SearchItem], error) bool)) error {
		var last error
		for _, err := range seq {
			last = err
		}
		return last
	}
	for name, err := range map[string]error{
		"create nil":           second(l.Create(ctx, nil)),
		"create no title":      second(l.Create(ctx, &leads.CreateParams{PersonID: 1, CustomFieldsByName: byName})),
		"create no link":       second(l.Create(ctx, &leads.CreateParams{Title: "X", CustomFieldsByName: byName})),
		"get empty id":         second(l.Get(ctx, "")),
		"update nil":           second(l.Update(ctx, leadID, nil)),
		"update empty id":      second(l.Update(ctx, "", &leads.UpdateParams{CustomFieldsByName: byName})),
		"delete empty id":      l.Delete(ctx, ""),
		"permitted empty id":   second(l.PermittedUsers(ctx, "")),
		"search nil":           second(l.SearchPage(ctx, nil)),
		"search no term":       drainErr(l.Search(ctx, &leads.SearchParams{Limit: 1})),
		"label nil":            second(l.CreateLabel(ctx, nil)),
		"label no color":       second(l.CreateLabel(ctx, &leads.LabelParams{Name: "Hot"})),
		"label update empty":   second(l.UpdateLabel(ctx, "", &leads.LabelUpdateParams{Name: "x"})),
		"label delete empty":   l.DeleteLabel(ctx, ""),
		"convert nil":          second(l.ConvertToDeal(ctx, leadID, nil)),
		"convert empty id":     second(l.ConvertToDeal(ctx, "", &leads.ConvertParams{})),
		"status empty id":      second(l.ConversionStatus(ctx, leadID, "")),
		"status empty lead id": second(l.ConversionStatus(ctx, "", "4b40248b")),
	} {
		assert.ErrorIs(t, err, core.ErrInvalidParams, name)
	}
}

func second[T any](_ T, err error) error { return err }
