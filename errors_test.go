package pipedrive_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
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
