package pipedrivetest_test

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/webhooks"
)

// The SDK's webhooks service subscribes on the fake, and its receiver
// handles the fake's deliveries.
func TestSDKWebhooksAgainstFake(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	var events []*webhooks.Event
	recv := httptest.NewServer(webhooks.NewHandler(webhooks.HandlerConfig{Username: "pd", Password: "s3cret"},
		func(_ context.Context, ev *webhooks.Event) error {
			mu.Lock()
			defer mu.Unlock()
			events = append(events, ev)
			return nil
		}))
	defer recv.Close()

	srv := pipedrivetest.NewServer(t)
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	sub, err := client.Webhooks.Create(ctx, &webhooks.CreateParams{SubscriptionURL: recv.URL, Name: "deals",
		EventAction: webhooks.ActionAll, EventObject: webhooks.ObjectDeal, HTTPAuthUser: "pd", HTTPAuthPassword: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	deal, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Hooked", CustomFieldsByName: crm.FieldValues{"Tier": "Growth"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Deals.Update(ctx, deal.ID, &deals.UpdateParams{Title: "Hooked, renamed"}); err != nil {
		t.Fatal(err)
	}
	if err := client.Deals.Delete(ctx, deal.ID); err != nil {
		t.Fatal(err)
	}
	for _, d := range srv.Deliveries() {
		if !d.OK() {
			t.Fatalf("delivery %+v", d)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(events) != 3 {
		t.Fatalf("%d events", len(events))
	}
	byAction := map[webhooks.Action]*webhooks.Event{}
	for _, ev := range events {
		if ev.Entity != webhooks.ObjectDeal || ev.EntityID != deal.ID || ev.WebhookID != sub.ID || ev.Version != "2.0" {
			t.Fatalf("event %v", ev)
		}
		byAction[ev.Action] = ev
	}
	var d crm.Deal
	if err := byAction[webhooks.ActionCreate].DecodeData(&d); err != nil || d.Title != "Hooked" {
		t.Fatalf("create data %+v, %v", d, err)
	}
	if ch := byAction[webhooks.ActionChange].Changed(); len(ch) != 1 || ch[0] != "title" {
		t.Fatalf("changed %v", ch)
	}
	if del := byAction[webhooks.ActionDelete]; del.Data != nil || del.Previous == nil {
		t.Fatalf("delete event %v", del)
	}

	var list []*webhooks.Webhook
	for wh, err := range client.Webhooks.List(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		list = append(list, wh)
	}
	if len(list) != 1 || list[0].ID != sub.ID {
		t.Fatalf("list %v", list)
	}
	if err := client.Webhooks.Delete(ctx, sub.ID); err != nil {
		t.Fatal(err)
	}
}
