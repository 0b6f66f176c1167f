package webhooks_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"

	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/webhooks"
)

// A deal moved to "won", as Pipedrive delivers it (v2).
const dealWonDelivery = `{
  "meta": {"action": "change", "entity": "deal", "entity_id": "42", "id": "0b9d6f0e-8f1c-4c55-a2a8-5d8b1c2e3f40",
           "version": "2.0", "attempt": 1, "company_id": "7700112", "user_id": "3300441",
           "timestamp": "2026-11-29T10:30:00.000Z"},
  "data": {"id": 42, "title": "Harbour cranes", "status": "won", "value": 12500, "currency": "EUR", "visible_to": "3"},
  "previous": {"status": "open"}
}`

// Mount the handler on your server and react to deal updates. The handler
// checks the credentials given when the subscription was created, decodes
// the delivery, and answers 200 once the function returns nil (500 makes
// Pipedrive retry).
func ExampleNewHandler() {
	h := webhooks.NewHandler(webhooks.HandlerConfig{
		Username:  "pipedrive",
		Password:  "a-long-random-secret",
		DedupSize: 1000, // drop Pipedrive's redeliveries of events already handled
	}, func(ctx context.Context, ev *webhooks.Event) error {
		if ev.Entity != webhooks.ObjectDeal || ev.Action != webhooks.ActionChange {
			return nil
		}
		deal, err := ev.Deal() // a *deals.Deal
		if err != nil {
			return err // 500: Pipedrive delivers it again later
		}
		before, err := ev.PreviousDeal() // only the changed fields are set
		if err != nil {
			return err
		}
		if slices.Contains(ev.Changed(), "status") && deal.Status == deals.StatusWon {
			fmt.Printf("deal %d %q won (was %s): %.0f %s\n", deal.ID, deal.Title, before.Status, deal.Value, deal.Currency)
		}
		return nil
	})

	mux := http.NewServeMux()
	mux.Handle("/pipedrive/webhooks", h)
	srv := httptest.NewServer(mux) // in production: http.ListenAndServeTLS(":443", cert, key, mux)
	defer srv.Close()

	// What Pipedrive sends:
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/pipedrive/webhooks", strings.NewReader(dealWonDelivery))
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth("pipedrive", "a-long-random-secret")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(resp.Status)
	// Output:
	// deal 42 "Harbour cranes" won (was open): 12500 EUR
	// 200 OK
}

// Parse serves receivers mounted on their own router; StatusCode turns its
// errors into the status to answer.
func ExampleParse() {
	handle := func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		if !ok || user != "pipedrive" || pass != "a-long-random-secret" { // or use ParseRequest
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		ev, err := webhooks.Parse(r)
		if err != nil {
			http.Error(w, err.Error(), webhooks.StatusCode(err))
			return
		}
		fmt.Println(ev.Action, ev.Entity, ev.EntityID)
	}
	req := httptest.NewRequest(http.MethodPost, "/hooks", strings.NewReader(dealWonDelivery))
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth("pipedrive", "a-long-random-secret")
	handle(httptest.NewRecorder(), req)
	// Output: change deal 42
}
