package billing_test

import (
	"context"
	"fmt"
	"log"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

// Enable a feature only where the company has the add-on. The example
// runs against the fake Pipedrive of package pipedrivetest; real code
// builds its client with pipedrive.NewClient(auth.APIToken(token)).
func ExampleService_HasAddon() {
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
	for _, code := range []string{"leadbooster_v2", "campaigns"} {
		ok, err := client.Billing.HasAddon(ctx, code)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(code, ok)
	}
	// Output:
	// leadbooster_v2 true
	// campaigns false
}
