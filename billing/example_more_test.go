package billing_test

import (
	"context"
	"fmt"
	"log"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

// List the add-ons of the company's subscription.
func ExampleService_Addons() {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}

	for a, err := range client.Billing.Addons(context.Background()) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(a.Code)
	}
	// Output:
	// leadbooster_v2
	// prospector
	// smart_docs_v2
}
