package currencies_test

import (
	"context"
	"fmt"
	"log"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/currencies"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

func ExampleService_List() {
	// A fake Pipedrive; real code builds its client with
	// pipedrive.NewClient(auth.APIToken(token)).
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}

	for cur, err := range client.Currencies.List(context.Background(), &currencies.ListParams{Term: "dollar"}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s %s (%d decimals)\n", cur.Code, cur.Symbol, cur.DecimalPoints)
	}
	// Output:
	// USD $ (2 decimals)
	// CAD CA$ (2 decimals)
	// AUD A$ (2 decimals)
}
