// Package webhooks manages Pipedrive webhook subscriptions and receives
// their deliveries.
//
// # Subscriptions
//
// client.Webhooks lists, creates and deletes subscriptions:
//
//	wh, err := client.Webhooks.Create(ctx, &webhooks.CreateParams{
//		SubscriptionURL:  "https://example.com/pipedrive/webhooks",
//		EventAction:      webhooks.ActionChange,
//		EventObject:      webhooks.ObjectDeal,
//		Name:             "deal updates",
//		HTTPAuthUser:     user,
//		HTTPAuthPassword: password,
//	})
//	if errors.Is(err, webhooks.ErrWebhookLimit) { ... } // 40 per user
//
// Deliveries use the v2 format unless CreateParams.Version says Version1.
// The HTTP Basic password is sent in the request body only; it never
// appears in a URL, a log line, an error or a formatted value.
//
// # Receiving deliveries
//
// NewHandler returns an http.Handler that checks the subscription's HTTP
// Basic credentials, caps and decodes the body (v2 and v1 formats) into an
// Event, and calls your function:
//
//	h := webhooks.NewHandler(webhooks.HandlerConfig{Username: u, Password: p},
//		func(ctx context.Context, ev *webhooks.Event) error {
//			if ev.Entity == webhooks.ObjectDeal && ev.Action == webhooks.ActionChange {
//				deal, err := ev.Deal() // a *deals.Deal
//				...
//			}
//			return nil // 200; an error answers 500 and Pipedrive retries
//		})
//	http.Handle("/pipedrive/webhooks", h)
//
// Parse and ParseRequest do the same for your own router. Event.Deal,
// Event.Person and Event.Organization decode the object into the resource
// packages' models (deals.Deal, persons.Person, organizations.Organization,
// which are defined in package crm), tolerating the strings Pipedrive sends
// for numbers and ids; PreviousDeal and the like decode the changed fields,
// and DecodeData works for any other type.
//
// # Webhooks bypass the rate limiter
//
// Pipedrive does not rate-limit deliveries, and neither does this package:
// the receiver does not import the API client or the limiter at all (a
// test checks the import graph: this package depends on the standard
// library, crm and two small internal packages), so deliveries are never
// counted, delayed or refused, even while the client's budget is spent. An API call made
// from inside your handler function is an ordinary call and is limited.
//
// The subscription calls skip the limiter's admission: they never wait for
// a slot of the rolling 2-second window and are never refused by the local
// daily budgets. Pipedrive allows at most 40 webhooks per user, so these
// calls are few, and they are typically made at deploy time, when waiting
// behind a saturated sync job or failing because the day's write budget is
// spent would block a release for nothing. They are still counted where it
// matters: the client core reports their response headers to the limiter,
// so its view of the shared budget stays true, and a 429 from the server is
// still retried after the server's reset.
package webhooks
