package webhooks_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"sync"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/webhooks"
)

// fakeClient starts the fake Pipedrive of package pipedrivetest and a
// client for it, so that the examples run offline.
func fakeClient() (*pipedrivetest.Server, *pipedrive.Client) {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	return srv, client
}

// List iterates over the subscriptions, like every list of the SDK; the
// API returns them all at once, so ListPage's one page has More false.
func ExampleService_List() {
	srv, client := fakeClient()
	defer srv.Close()
	ctx := context.Background()
	for _, obj := range []webhooks.Object{webhooks.ObjectDeal, webhooks.ObjectPerson} {
		_, err := client.Webhooks.Create(ctx, &webhooks.CreateParams{
			SubscriptionURL: "https://example.com/pipedrive/webhooks",
			EventAction:     webhooks.ActionAll,
			EventObject:     obj,
			Name:            string(obj) + " events",
		})
		if err != nil {
			log.Fatal(err)
		}
	}

	for wh, err := range client.Webhooks.List(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(wh.ID, wh.Name, wh.EventAction, wh.EventObject, wh.Version)
	}
	page, err := client.Webhooks.ListPage(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(page.Items), page.More)
	// Output:
	// 1 deal events * deal 2.0
	// 2 person events * person 2.0
	// 2 false
}

// Delete a subscription by id.
func ExampleService_Delete() {
	srv, client := fakeClient()
	defer srv.Close()
	ctx := context.Background()
	wh, err := client.Webhooks.Create(ctx, &webhooks.CreateParams{
		SubscriptionURL: "https://example.com/pipedrive/webhooks",
		EventAction:     webhooks.ActionCreate,
		EventObject:     webhooks.ObjectDeal,
		Name:            "new deals",
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := client.Webhooks.Delete(ctx, wh.ID); err != nil {
		log.Fatal(err)
	}
	page, err := client.Webhooks.ListPage(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(page.Items))
	// Output: 0
}

// Subscribe a receiver and watch the deliveries arrive: the fake delivers
// webhook v2 events for what the API changes, with the subscription's HTTP
// Basic credentials, as Pipedrive does.
func Example_subscribeAndReceive() {
	srv, client := fakeClient()
	defer srv.Close()
	ctx := context.Background()

	var mu sync.Mutex
	var got []string
	receiver := httptest.NewServer(webhooks.NewHandler(
		webhooks.HandlerConfig{Username: "pipedrive", Password: "a-long-random-secret"},
		func(ctx context.Context, ev *webhooks.Event) error {
			d, err := ev.Deal()
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			got = append(got, fmt.Sprintf("%s %s %q", ev.Action, ev.Entity, d.Title))
			return nil
		}))
	defer receiver.Close()

	_, err := client.Webhooks.Create(ctx, &webhooks.CreateParams{
		SubscriptionURL:  receiver.URL,
		EventAction:      webhooks.ActionCreate,
		EventObject:      webhooks.ObjectDeal,
		Name:             "new deals",
		HTTPAuthUser:     "pipedrive",
		HTTPAuthPassword: "a-long-random-secret",
	})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Harbour cranes"}); err != nil {
		log.Fatal(err)
	}

	for _, d := range srv.Deliveries() { // waits for deliveries in flight
		fmt.Println(d.Entity, d.Action, d.Status)
	}
	mu.Lock()
	fmt.Println(got)
	mu.Unlock()
	// Output:
	// deal create 200
	// [create deal "Harbour cranes"]
}
