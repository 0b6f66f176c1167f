package pipedrivetest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http/httptest"
	"sync/atomic"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/webhooks"
)

// Two companies in one fake, as an app serving several tenants sees them:
// each has its own URL (its api_domain), token, users and data.
func ExampleWithCompany() {
	srv, err := pipedrivetest.Start(pipedrivetest.WithCompany(7002, "Acme Ltd",
		pipedrivetest.WithRateLimit(40, 160))) // Acme's plan
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	ctx := context.Background()

	for _, co := range srv.Companies() {
		client, err := pipedrive.NewClient(auth.APIToken(co.Token()), pipedrive.WithBaseURL(co.URL))
		if err != nil {
			log.Fatal(err)
		}
		if _, err := client.Deals.Create(ctx, &deals.CreateParams{Title: co.CompanyName() + " renewal"}); err != nil {
			log.Fatal(err)
		}
		me, err := client.Users.Me(ctx)
		if err != nil {
			log.Fatal(err)
		}
		page, err := client.Deals.ListPage(ctx, nil)
		if err != nil {
			log.Fatal(err)
		}
		// The key an OAuth app stores the tenant's grant under.
		fmt.Printf("%d:%d %s %d deal(s): %s\n", me.CompanyID, me.ID, me.CompanyName, len(page.Items), page.Items[0].Title)
	}
	// Output:
	// 7001:1 pipedrivetest 1 deal(s): pipedrivetest renewal
	// 7002:1 Acme Ltd 1 deal(s): Acme Ltd renewal
}

// Test a receiver that fails: the fake retries on Pipedrive's schedule (3,
// 30 and 150 s), here scaled down a thousandfold, and the subscription
// keeps the last attempt's status.
func ExampleWithDeliverySchedule() {
	srv, err := pipedrivetest.Start(pipedrivetest.WithDeliverySchedule(0.001))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	var calls atomic.Int32
	receiver := httptest.NewServer(webhooks.NewHandler(webhooks.HandlerConfig{Username: "pd", Password: "a-long-random-secret"},
		func(context.Context, *webhooks.Event) error {
			if calls.Add(1) <= 2 {
				return errors.New("database down") // answers 500: Pipedrive retries
			}
			return nil
		}))
	defer receiver.Close()
	if _, err := client.Webhooks.Create(ctx, &webhooks.CreateParams{SubscriptionURL: receiver.URL,
		EventAction: webhooks.ActionCreate, EventObject: webhooks.ObjectDeal, Name: "new deals",
		HTTPAuthUser: "pd", HTTPAuthPassword: "a-long-random-secret"}); err != nil {
		log.Fatal(err)
	}
	if _, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Harbour cranes"}); err != nil {
		log.Fatal(err)
	}

	for _, d := range srv.Deliveries() { // every attempt, once the retries are done
		fmt.Println("attempt", d.Attempt, d.Status)
	}
	page, err := client.Webhooks.ListPage(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("last status:", *page.Items[0].LastHTTPStatus)
	// Output:
	// attempt 1 500
	// attempt 2 500
	// attempt 3 200
	// last status: 200
}

// Files and mail messages come from uploads and mailboxes the API cannot
// fake: seed them, and the record's v1 lists show them.
func ExampleServer_AttachFile() {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	d, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Harbour cranes"})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := srv.AttachFile(pipedrivetest.Deal, d.ID, "offer.pdf"); err != nil {
		log.Fatal(err)
	}
	if _, err := srv.AttachMailMessage(pipedrivetest.Deal, d.ID, "buyer@example.com", "Re: offer"); err != nil {
		log.Fatal(err)
	}

	for f, err := range client.Deals.Files(ctx, d.ID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("file:", f.Name, f.DealName)
	}
	for m, err := range client.Deals.MailMessages(ctx, d.ID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("mail:", m.Message.Subject)
	}
	// Output:
	// file: offer.pdf Harbour cranes
	// mail: Re: offer
}
