package filters_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/filters"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

// Save a filter and list the deals it selects. The example runs against
// the fake Pipedrive of package pipedrivetest, which applies filters as
// Pipedrive does; real code builds its client with
// pipedrive.NewClient(auth.APIToken(token)).
func Example() {
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
	for _, d := range []struct {
		title string
		value float64
	}{{"Small", 500}, {"Large", 25000}, {"Medium", 4000}} {
		if _, err := client.Deals.Create(ctx, &deals.CreateParams{Title: d.title, Value: pipedrive.Ptr(d.value)}); err != nil {
			log.Fatal(err)
		}
	}
	// Conditions name fields by their numeric ids (the fake's are looked
	// up by code here; in Pipedrive, see the field settings).
	valueID, _ := srv.FilterFieldID(pipedrivetest.Deal, "value")
	statusID, _ := srv.FilterFieldID(pipedrivetest.Deal, "status")

	f, err := client.Filters.Create(ctx, &filters.CreateParams{
		Name: "Open deals over 1000",
		Type: filters.TypeDeals,
		Conditions: filters.And(
			filters.Cond(filters.ObjectDeal, statusID, filters.OpEqual, filters.Text("open")),
			filters.Cond(filters.ObjectDeal, valueID, filters.OpGreater, filters.Number(1000)),
		),
	})
	if err != nil {
		log.Fatal(err)
	}
	for d, err := range client.Deals.List(ctx, &deals.ListParams{FilterID: f.ID}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(d.Title, d.Value)
	}
	// Output:
	// Large 25000
	// Medium 4000
}

// And and Or build the one shape Pipedrive accepts: an "and" group and an
// "or" group under a top-level "and".
func ExampleAnd() {
	conds := filters.And(
		filters.Cond(filters.ObjectDeal, 12451, filters.OpEqual, filters.Text("open")),
	).Or(
		filters.Cond(filters.ObjectDeal, 12459, filters.OpGreaterOrEqual, filters.Number(1000)),
		filters.Empty(filters.ObjectDeal, 12460),
	)
	if err := conds.Validate(); err != nil {
		log.Fatal(err)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(conds); err != nil {
		log.Fatal(err)
	}
	// Output:
	// {"glue":"and","conditions":[{"glue":"and","conditions":[{"object":"deal","field_id":"12451","operator":"=","value":"open","extra_value":null}]},{"glue":"or","conditions":[{"object":"deal","field_id":"12459","operator":">=","value":"1000","extra_value":null},{"object":"deal","field_id":"12460","operator":"IS NULL","value":null,"extra_value":null}]}]}
}

// A condition on one part of an address field names the part in its extra
// value.
func ExampleAddressPart() {
	c := filters.Cond(filters.ObjectOrganization, 4020, filters.OpContains, filters.Text("Tallinn")).
		WithExtra(filters.AddressPart("locality"))
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(c)
	// Output: {"object":"organization","field_id":"4020","operator":"LIKE '%$%'","value":"Tallinn","extra_value":"locality"}
}

// Helpers says which operators each kind of field supports.
func ExampleService_Helpers() {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	h, err := client.Filters.Helpers(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(h.OperatorsFor("set"))
	fmt.Println(h.Supports("title", filters.OpIsNull))
	// Output:
	// [!= = IS NOT NULL IS NULL contains not_contains]
	// false
}
