package itemsearch_test

import (
	"context"
	"fmt"
	"log"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/itemsearch"
	"github.com/pipedrive-go/pipedrive/persons"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

// exampleClient returns a client on the fake Pipedrive of package
// pipedrivetest, holding a person and a deal. Real code builds its client
// with pipedrive.NewClient(auth.APIToken(token)).
func exampleClient() (*pipedrive.Client, func()) {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	ada, err := client.Persons.Create(ctx, &persons.CreateParams{Name: "Ada Lovelace",
		Emails: []persons.ContactDetail{{Value: "ada@engines.example", Primary: true}}})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Ada's engine", Value: pipedrive.Ptr(15000.0),
		Currency: "GBP", PersonID: &ada.ID}); err != nil {
		log.Fatal(err)
	}
	return client, srv.Close
}

func ExampleService_Search() {
	client, done := exampleClient()
	defer done()

	params := &itemsearch.SearchParams{Term: "ada"}
	for hit, err := range client.ItemSearch.Search(context.Background(), params) {
		if err != nil {
			log.Fatal(err)
		}
		switch it := hit.Item; it.Type {
		case itemsearch.TypeDeal:
			fmt.Println("deal:", it.Deal.Title, it.Deal.Value, it.Deal.Currency)
		case itemsearch.TypePerson:
			fmt.Println("person:", it.Person.Name, it.Person.Emails)
		default:
			fmt.Println(it.Type+":", it.Title())
		}
	}
	// Output:
	// deal: Ada's engine 15000 GBP
	// person: Ada Lovelace [ada@engines.example]
}

func ExampleService_SearchByField() {
	client, done := exampleClient()
	defer done()

	params := &itemsearch.FieldSearchParams{Term: "engine", EntityType: itemsearch.EntityDeal, Field: "title",
		Match: itemsearch.MatchMiddle}
	for m, err := range client.ItemSearch.SearchByField(context.Background(), params) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(m.ID, m.Text())
	}
	// Output: 1 Ada's engine
}
