package leads_test

import (
	"context"
	"fmt"
	"log"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/leads"
	"github.com/pipedrive-go/pipedrive/persons"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

// exampleClient returns a client on a fresh pipedrivetest server (whose
// deals have the custom fields "Budget", "Tier", ...), so the examples run
// without a Pipedrive account. Real code builds its client with
// pipedrive.NewClient(auth.APIToken(token)).
func exampleClient() (*pipedrive.Client, func()) {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	return client, srv.Close
}

// Create a lead with the deal custom fields set by name, and read them
// back by name.
func ExampleService_Create() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	ada, err := client.Persons.Create(ctx, &persons.CreateParams{Name: "Ada Lovelace"})
	if err != nil {
		log.Fatal(err)
	}
	l, err := client.Leads.Create(ctx, &leads.CreateParams{
		Title:    "Inbound: two engines",
		PersonID: ada.ID,
		Value:    &leads.Value{Amount: 800, Currency: "EUR"},
		CustomFieldsByName: crm.FieldValues{
			"Budget": crm.Money(5000, "EUR"),
			"Tier":   "Enterprise", // an option label
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fs, err := client.Leads.CustomFields(ctx) // the deal field definitions
	if err != nil {
		log.Fatal(err)
	}
	budget, _ := fs.Read(l.CustomFields).Money("Budget")
	tier, _ := fs.Read(l.CustomFields).Option("Tier")
	fmt.Println(l.Title, l.Value.Amount, l.Value.Currency)
	fmt.Println(budget.Value, budget.Currency, tier)
	// Output:
	// Inbound: two engines 800 EUR
	// 5000 EUR Enterprise
}

// Label a lead, then find it by a search.
func ExampleService_Search() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	var hot string
	for label, err := range client.Leads.Labels(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		if label.Name == "Hot" {
			hot = label.ID
		}
	}
	ada, err := client.Persons.Create(ctx, &persons.CreateParams{Name: "Ada Lovelace"})
	if err != nil {
		log.Fatal(err)
	}
	for _, title := range []string{"Crane maintenance", "Dock repairs", "Crane rental"} {
		if _, err := client.Leads.Create(ctx, &leads.CreateParams{Title: title, PersonID: ada.ID, LabelIDs: []string{hot}}); err != nil {
			log.Fatal(err)
		}
	}
	for r, err := range client.Leads.Search(ctx, &leads.SearchParams{Term: "crane", Fields: []leads.SearchField{leads.SearchTitle}}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(r.Item.Title, "-", r.Item.Person.Name)
	}
	// Output:
	// Crane maintenance - Ada Lovelace
	// Crane rental - Ada Lovelace
}

// Convert a qualified lead into a deal and wait for the conversion.
func ExampleService_ConvertToDeal() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	ada, err := client.Persons.Create(ctx, &persons.CreateParams{Name: "Ada Lovelace"})
	if err != nil {
		log.Fatal(err)
	}
	l, err := client.Leads.Create(ctx, &leads.CreateParams{Title: "Engines", PersonID: ada.ID,
		Value: &leads.Value{Amount: 1200, Currency: "GBP"}})
	if err != nil {
		log.Fatal(err)
	}
	conv, err := client.Leads.ConvertToDeal(ctx, l.ID, &leads.ConvertParams{StageID: 2})
	if err != nil {
		log.Fatal(err)
	}
	// Pipedrive converts in the background: poll until the job is done
	// (the fake is done at once).
	st, err := client.Leads.ConversionStatus(ctx, l.ID, conv.ConversionID)
	if err != nil {
		log.Fatal(err)
	}
	if st.Status == leads.ConversionCompleted {
		d, err := client.Deals.Get(ctx, st.DealID)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(d.Title, d.StageID, d.Value, d.Currency)
	}
	// Output: Engines 2 1200 GBP
}
