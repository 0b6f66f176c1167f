package pipedrive_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/webhooks"
)

// TestInvalidParamsIsOneError: params refused before sending match
// pipedrive.ErrInvalidParams and are a *pipedrive.ParamsError, whether
// the core refused them or the webhooks package (which does not import
// the core) did.
func TestInvalidParamsIsOneError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("nothing may be sent: %s %s", r.Method, r.URL.Path)
	}))
	defer srv.Close()
	c, err := pipedrive.NewClient(auth.APIToken("t"), pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(ratelimit.Unlimited{}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	_, dealErr := c.Deals.Create(ctx, &deals.CreateParams{})
	_, hookErr := c.Webhooks.Create(ctx, &webhooks.CreateParams{EventAction: webhooks.ActionCreate, EventObject: webhooks.ObjectDeal})
	for name, err := range map[string]error{"deals": dealErr, "webhooks": hookErr} {
		var pe *pipedrive.ParamsError
		if !errors.Is(err, pipedrive.ErrInvalidParams) || !errors.As(err, &pe) {
			t.Errorf("%s: %v (%T) does not match pipedrive.ErrInvalidParams and *pipedrive.ParamsError", name, err, err)
		}
	}
	if !errors.Is(hookErr, webhooks.ErrInvalidParams) || webhooks.ErrInvalidParams != pipedrive.ErrInvalidParams {
		t.Errorf("webhooks.ErrInvalidParams is not pipedrive.ErrInvalidParams")
	}
	var pe *pipedrive.ParamsError
	if errors.As(hookErr, &pe); len(pe.Missing) != 2 || pe.Missing[0] != "subscription_url" || pe.Missing[1] != "name" {
		t.Errorf("webhooks: Missing = %q, want the wire names subscription_url and name", pe.Missing)
	}
	if got, want := hookErr.Error(), "pipedrive: POST /v1/webhooks: not sent: subscription_url, name are required"; got != want {
		t.Errorf("webhooks error = %q, want %q", got, want)
	}
}

// TestFieldDescriptions: only deal field definitions take a description;
// persons' and organizations' refuse one before sending.
func TestFieldDescriptions(t *testing.T) {
	var (
		mu   sync.Mutex
		sent []string
	)
	bodiesSent := func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), sent...)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		sent = append(sent, r.Method+" "+r.URL.Path+" "+string(b))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"success":true,"data":{"field_code":"abc","field_name":"Score","field_type":"double"}}`)
	}))
	defer srv.Close()
	c, err := pipedrive.NewClient(auth.APIToken("t"), pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(ratelimit.Unlimited{}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	desc := pipedrive.Ptr("how likely the customer is to buy")
	create := &crm.CreateFieldParams{Name: "Score", Type: crm.FieldTypeDouble, Description: desc}
	update := &crm.UpdateFieldParams{Description: desc}
	refused := map[string]error{}
	_, refused["person field create"] = c.Persons.CreateField(ctx, create)
	_, refused["person field update"] = c.Persons.UpdateField(ctx, "abc", update)
	_, refused["organization field create"] = c.Organizations.CreateField(ctx, create)
	_, refused["organization field update"] = c.Organizations.UpdateField(ctx, "abc", update)
	for name, err := range refused {
		if !errors.Is(err, pipedrive.ErrInvalidParams) || !strings.Contains(err.Error(), "only deal fields") {
			t.Errorf("%s: %v, want a refusal matching ErrInvalidParams", name, err)
		}
	}
	if bodies := bodiesSent(); len(bodies) != 0 {
		t.Fatalf("sent %q", bodies)
	}
	if _, err := c.Deals.CreateField(ctx, create); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Deals.UpdateField(ctx, "abc", update); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`POST /api/v2/dealFields {"field_name":"Score","field_type":"double","description":"how likely the customer is to buy"}`,
		`PATCH /api/v2/dealFields/abc {"description":"how likely the customer is to buy"}`,
	}
	if bodies := bodiesSent(); !reflect.DeepEqual(bodies, want) {
		t.Errorf("sent %q, want %q", bodies, want)
	}
	// Without a description, person fields are sent as usual.
	if _, err := c.Persons.CreateField(ctx, &crm.CreateFieldParams{Name: "Score", Type: crm.FieldTypeDouble}); err != nil || len(bodiesSent()) != 3 {
		t.Errorf("person field without a description: %v, %d requests", err, len(bodiesSent()))
	}
}
