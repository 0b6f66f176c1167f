package resource

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

func newCore(t *testing.T, h http.HandlerFunc) *core.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := core.New(core.Config{Credential: auth.APIToken("t"), BaseURL: srv.URL, MaxRateLimitRetries: -1, MaxServerRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

type hit struct {
	ID int64 `json:"id"`
}

func TestSearchPagesByCursor(t *testing.T) {
	var calls atomic.Int32
	c := newCore(t, func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		if r.URL.Query().Get("term") != "acme" {
			t.Errorf("term lost on page %d: %s", n, r.URL.RawQuery)
		}
		switch r.URL.Query().Get("cursor") {
		case "":
			io.WriteString(w, `{"success":true,"data":{"items":[{"result_score":1,"item":{"id":1}},{"result_score":0.5,"item":{"id":2}}]},"additional_data":{"next_cursor":"c2"}}`)
		case "c2":
			io.WriteString(w, `{"success":true,"data":{"items":[{"result_score":0.1,"item":{"id":3}}]},"additional_data":{"next_cursor":null}}`)
		default:
			t.Errorf("unexpected cursor %q", r.URL.Query().Get("cursor"))
		}
	})
	var ids []int64
	call := &core.Call{Op: ops.V2SearchDeals, Query: struct {
		Term string `url:"term"`
	}{"acme"}}
	for r, err := range Search[hit](context.Background(), c, call) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.Item.ID)
	}
	if len(ids) != 3 || ids[2] != 3 || calls.Load() != 2 {
		t.Fatalf("ids = %v after %d calls", ids, calls.Load())
	}

	// Breaking out early fetches no further page.
	calls.Store(0)
	for range Search[hit](context.Background(), c, call) {
		break
	}
	if calls.Load() != 1 {
		t.Errorf("%d calls after break, want 1", calls.Load())
	}
}

func TestSearchStopsOnRepeatedCursor(t *testing.T) {
	var calls atomic.Int32
	c := newCore(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) > 5 {
			t.Error("looping")
			return
		}
		io.WriteString(w, `{"success":true,"data":{"items":[{"item":{"id":1}}]},"additional_data":{"next_cursor":"same"}}`)
	})
	var last error
	for _, err := range Search[hit](context.Background(), c, &core.Call{Op: ops.V2SearchDeals}) {
		last = err
	}
	if !errors.Is(last, core.ErrNoProgress) {
		t.Fatalf("err = %v", last)
	}
}

func TestSearchReportsServerError(t *testing.T) {
	c := newCore(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"success":false,"error":"Search term must be at least 2 characters"}`)
	})
	var n int
	var last error
	for _, err := range Search[hit](context.Background(), c, &core.Call{Op: ops.V2SearchDeals}) {
		n++
		last = err
	}
	var apiErr *core.Error
	if n != 1 || !errors.As(last, &apiErr) || apiErr.StatusCode != 400 || !strings.Contains(apiErr.Message, "2 characters") {
		t.Fatalf("n=%d err=%v", n, last)
	}
}

func TestResolveWithoutNamesFetchesNothing(t *testing.T) {
	var calls atomic.Int32
	c := newCore(t, func(w http.ResponseWriter, r *http.Request) { calls.Add(1) })
	f := NewFields(c, &FieldOps{List: ops.V2GetDealFields})
	in := crm.CustomFields{"x": []byte(`1`)}
	out, err := f.Resolve(context.Background(), in, nil)
	if err != nil || len(out) != 1 || calls.Load() != 0 {
		t.Fatalf("out=%v err=%v calls=%d", out, err, calls.Load())
	}
}

func TestResolveMergesAndDoesNotTouchInput(t *testing.T) {
	c := newCore(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"success":true,"data":[{"field_code":"abc","field_name":"Score","field_type":"double","is_custom_field":true}],"additional_data":{"next_cursor":null}}`)
	})
	f := NewFields(c, &FieldOps{List: ops.V2GetDealFields})
	in := crm.CustomFields{"abc": []byte(`1`), "keep": []byte(`"k"`)}
	out, err := f.Resolve(context.Background(), in, crm.FieldValues{"score": 7})
	if err != nil {
		t.Fatal(err)
	}
	if string(out["abc"]) != "7" || string(out["keep"]) != `"k"` || string(in["abc"]) != "1" {
		t.Fatalf("out=%v in=%v", out, in)
	}
}

func TestFieldsLoadErrorIsWrappedAndNotCached(t *testing.T) {
	var calls atomic.Int32
	c := newCore(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"success":false,"error":"unauthorized access","errorCode":401}`)
			return
		}
		io.WriteString(w, `{"success":true,"data":[],"additional_data":{"next_cursor":null}}`)
	})
	f := NewFields(c, &FieldOps{List: ops.V2GetDealFields})
	_, err := f.Set(context.Background())
	if !errors.Is(err, core.ErrUnauthorized) || !strings.Contains(err.Error(), "field definitions") {
		t.Fatalf("err = %v", err)
	}
	if _, err := f.Set(context.Background()); err != nil || calls.Load() != 2 {
		t.Fatalf("retry: %v after %d calls", err, calls.Load())
	}
}

// TestFieldCapabilitiesRefuse: what a resource's FieldOps say its
// definitions do not take is refused before sending, by every method it
// constrains; what they take is sent.
func TestFieldCapabilitiesRefuse(t *testing.T) {
	var calls atomic.Int32
	c := newCore(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if strings.HasSuffix(r.URL.Path, "Fields") && r.Method == http.MethodGet {
			io.WriteString(w, `{"success":true,"data":[],"additional_data":{"next_cursor":null}}`)
			return
		}
		io.WriteString(w, `{"success":true,"data":{"field_code":"abc","field_name":"A","field_type":"varchar"}}`)
	})
	ctx := context.Background()
	products := NewFields(c, &FieldOps{List: ops.V2GetProductFields, Get: ops.V2GetProductField, Add: ops.V2AddProductField,
		Update: ops.V2UpdateProductField, Includes: []crm.FieldInclude{crm.IncludeUIVisibility}})
	projects := NewFields(c, &FieldOps{List: ops.V2GetProjectFields, Get: ops.V2GetProjectField, Add: ops.V2AddProjectField,
		Update: ops.V2UpdateProjectField, Importance: true})
	important := &crm.FieldImportance{Enabled: true}
	refused := map[string]error{}
	_, refused["product list page"] = products.ListPage(ctx, &crm.FieldListParams{IncludeFields: []crm.FieldInclude{crm.IncludeUIVisibility, crm.IncludeRequiredFields}})
	for _, err := range products.List(ctx, &crm.FieldListParams{IncludeFields: []crm.FieldInclude{crm.IncludeImportantFields}}) {
		refused["product list"] = err
	}
	_, refused["product get"] = products.Get(ctx, "abc", &crm.FieldGetParams{IncludeFields: []crm.FieldInclude{crm.IncludeImportantFields}})
	_, refused["project get"] = projects.Get(ctx, "abc", &crm.FieldGetParams{IncludeFields: []crm.FieldInclude{crm.IncludeUIVisibility}})
	_, refused["product create important"] = products.Create(ctx, &crm.CreateFieldParams{Name: "A", Type: crm.FieldTypeVarchar, Important: important})
	_, refused["product update required"] = products.Update(ctx, "abc", &crm.UpdateFieldParams{Required: &crm.FieldRequirement{Enabled: true}})
	_, refused["project create description"] = projects.Create(ctx, &crm.CreateFieldParams{Name: "A", Type: crm.FieldTypeVarchar, Description: new(string)})
	for name, err := range refused {
		if !errors.Is(err, core.ErrInvalidParams) {
			t.Errorf("%s: %v, want a refusal matching ErrInvalidParams", name, err)
		}
	}
	if !strings.Contains(refused["product list page"].Error(), `take include_fields ui_visibility only, not "required_fields"`) ||
		!strings.Contains(refused["project get"].Error(), "take no include_fields") {
		t.Errorf("messages: %v; %v", refused["product list page"], refused["project get"])
	}
	if n := calls.Load(); n != 0 {
		t.Fatalf("%d requests sent", n)
	}

	// What they take goes out.
	if _, err := products.ListPage(ctx, &crm.FieldListParams{IncludeFields: []crm.FieldInclude{crm.IncludeUIVisibility}}); err != nil {
		t.Fatal(err)
	}
	if _, err := projects.Create(ctx, &crm.CreateFieldParams{Name: "A", Type: crm.FieldTypeVarchar, Important: important}); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 2 {
		t.Fatalf("%d requests sent, want 2", n)
	}
}
