package pipedrivetest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/webhooks"
)

// newHookedClient starts a fake with the delivery schedule scaled down
// and a client for it, and subscribes receiverURL to deal creations.
func newHookedClient(t *testing.T, receiverURL string, opts ...pipedrivetest.Option) (*pipedrivetest.Server, *pipedrive.Client, *webhooks.Webhook) {
	t.Helper()
	srv := pipedrivetest.NewServer(t, opts...)
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	sub, err := client.Webhooks.Create(context.Background(), &webhooks.CreateParams{
		SubscriptionURL: receiverURL, EventAction: webhooks.ActionCreate, EventObject: webhooks.ObjectDeal,
		Name: "new deals", HTTPAuthUser: "pd", HTTPAuthPassword: "s3cret",
	})
	if err != nil {
		t.Fatal(err)
	}
	if sub.LastDeliveryTime != nil || sub.LastHTTPStatus != nil {
		t.Fatalf("a new subscription has delivered: %+v", sub)
	}
	return srv, client, sub
}

// A receiver that fails twice and then succeeds gets three attempts of the
// same delivery, meta.attempt counting up; the subscription then shows the
// last attempt's status and time.
func TestDeliveryRetriedUntilTheReceiverSucceeds(t *testing.T) {
	var mu sync.Mutex
	var attempts []int
	var ids []string
	recv := httptest.NewServer(webhooks.NewHandler(webhooks.HandlerConfig{Username: "pd", Password: "s3cret"},
		func(_ context.Context, ev *webhooks.Event) error {
			mu.Lock()
			defer mu.Unlock()
			attempts = append(attempts, ev.Attempt)
			ids = append(ids, ev.DeliveryID)
			if len(attempts) <= 2 {
				return errors.New("database down") // the handler answers 500
			}
			return nil
		}))
	defer recv.Close()
	srv, client, sub := newHookedClient(t, recv.URL, pipedrivetest.WithDeliverySchedule(0.001))
	ctx := context.Background()
	if _, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Retried"}); err != nil {
		t.Fatal(err)
	}

	ds := srv.Deliveries()
	if len(ds) != 3 {
		t.Fatalf("%d attempts, want 3: %v", len(ds), summary(ds))
	}
	for i, d := range ds {
		wantOK := i == 2
		if d.Attempt != i+1 || d.OK() != wantOK || d.ID != ds[0].ID || d.WebhookID != sub.ID {
			t.Errorf("attempt %d: %v", i+1, summary(ds[i:i+1]))
		}
		if !wantOK && d.Status != http.StatusInternalServerError {
			t.Errorf("attempt %d: status %d", i+1, d.Status)
		}
	}
	mu.Lock()
	if len(attempts) != 3 || attempts[0] != 1 || attempts[1] != 2 || attempts[2] != 3 || ids[0] != ids[2] {
		t.Errorf("the receiver saw attempts %v of deliveries %v", attempts, ids)
	}
	mu.Unlock()

	page, err := client.Webhooks.ListPage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := page.Items[0]
	if got.LastHTTPStatus == nil || *got.LastHTTPStatus != http.StatusOK || got.LastDeliveryTime == nil || got.LastDeliveryTime.IsZero() {
		t.Errorf("subscription after the deliveries: status %v, time %v", got.LastHTTPStatus, got.LastDeliveryTime)
	}
}

// A receiver that never answers in time fails every attempt: four of
// them, then the server gives up; the subscription keeps no status (the
// last attempt got none).
func TestDeliveryTimeoutCountsAsFailure(t *testing.T) {
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // then the server notices a closed connection
		<-r.Context().Done()               // answers only once the fake has given up
	}))
	defer recv.Close()
	// A short timeout: the receiver never answers, so its length is not
	// what the test measures.
	srv, client, _ := newHookedClient(t, recv.URL, pipedrivetest.WithDeliverySchedule(0), pipedrivetest.WithDeliveryTimeout(pipedrivetest.DeliveryTimeout/200))
	ctx := context.Background()
	if _, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Too slow"}); err != nil {
		t.Fatal(err)
	}

	ds := srv.Deliveries()
	if len(ds) != 4 {
		t.Fatalf("%d attempts, want 4: %v", len(ds), summary(ds))
	}
	for i, d := range ds {
		if d.Attempt != i+1 || d.OK() || d.Status != 0 || d.Err == nil {
			t.Errorf("attempt %d: %v", i+1, summary(ds[i:i+1]))
		}
	}
	page, err := client.Webhooks.ListPage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := page.Items[0]; got.LastHTTPStatus != nil || got.LastDeliveryTime == nil {
		t.Errorf("subscription after timeouts: status %v, time %v", got.LastHTTPStatus, got.LastDeliveryTime)
	}
}

// Closing the server abandons the retries still waiting: Close returns
// without waiting out Pipedrive's schedule.
func TestCloseAbandonsRetries(t *testing.T) {
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer recv.Close()
	srv, client, _ := newHookedClient(t, recv.URL) // Pipedrive's schedule: the first retry after 3 s
	if _, err := client.Deals.Create(context.Background(), &deals.CreateParams{Title: "Abandoned"}); err != nil {
		t.Fatal(err)
	}
	srv.Close() // would block for minutes if the retries were waited for
	ds := srv.Deliveries()
	if len(ds) > 1 {
		t.Errorf("retries after Close: %v", summary(ds))
	}
}

// summary describes attempts without their bodies.
func summary(ds []pipedrivetest.Delivery) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = fmt.Sprintf("attempt %d of %s: status %d, err %v", d.Attempt, d.ID, d.Status, d.Err)
	}
	return out
}
