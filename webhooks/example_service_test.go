package webhooks_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/webhooks"
)

// Subscribe to deal changes, with HTTP Basic credentials for the receiver.
func ExampleService_Create() {
	// A stand-in for api.pipedrive.com; drop WithBaseURL in real code.
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"success":true,"data":{"id":4711,"name":"deal updates","event_action":"change","event_object":"deal","version":"2.0","is_active":1}}`)
	}))
	defer api.Close()

	client, err := pipedrive.NewClient(auth.APIToken("your-api-token"), pipedrive.WithBaseURL(api.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	wh, err := client.Webhooks.Create(context.Background(), &webhooks.CreateParams{
		SubscriptionURL:  "https://example.com/pipedrive/webhooks",
		EventAction:      webhooks.ActionChange,
		EventObject:      webhooks.ObjectDeal,
		Name:             "deal updates",
		HTTPAuthUser:     "pipedrive",
		HTTPAuthPassword: "a-long-random-secret",
	})
	switch {
	case errors.Is(err, webhooks.ErrWebhookLimit):
		fmt.Println("40 subscriptions already: delete one first")
	case err != nil:
		fmt.Println(err)
	default:
		fmt.Println(wh.ID, wh.EventAction, wh.EventObject, wh.Version, wh.Active)
	}
	// Output: 4711 change deal 2.0 true
}
