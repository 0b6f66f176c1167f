package leads_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/leads"
	"github.com/pipedrive-go/pipedrive/persons"
)

// List leads sorted by title; archived leads have a list of their own.
func ExampleService_List() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()
	ada, err := client.Persons.Create(ctx, &persons.CreateParams{Name: "Ada Lovelace"})
	if err != nil {
		log.Fatal(err)
	}
	for _, title := range []string{"Engines", "Boilers", "Cranes"} {
		if _, err := client.Leads.Create(ctx, &leads.CreateParams{Title: title, PersonID: ada.ID}); err != nil {
			log.Fatal(err)
		}
	}

	for l, err := range client.Leads.List(ctx, &leads.ListParams{Sort: leads.SortByTitle}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(l.Title, *l.PersonID)
	}
	// Output:
	// Boilers 1
	// Cranes 1
	// Engines 1
}

// Archive a lead: it leaves the list of leads for the archived list.
func ExampleService_Update() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()
	ada, err := client.Persons.Create(ctx, &persons.CreateParams{Name: "Ada Lovelace"})
	if err != nil {
		log.Fatal(err)
	}
	l, err := client.Leads.Create(ctx, &leads.CreateParams{Title: "Engines", PersonID: ada.ID})
	if err != nil {
		log.Fatal(err)
	}

	l, err = client.Leads.Update(ctx, l.ID, &leads.UpdateParams{
		Title:      pipedrive.Ptr("Engines (next year)"),
		IsArchived: pipedrive.Ptr(true),
		Value:      &leads.Value{Amount: 900, Currency: "EUR"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(l.Title, l.IsArchived, l.Value.Amount, l.Value.Currency)
	for l, err := range client.Leads.ListArchived(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("archived:", l.Title)
	}
	// Output:
	// Engines (next year) true 900 EUR
	// archived: Engines (next year)
}

// Delete a lead; its id (a UUID) then finds nothing.
func ExampleService_Delete() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()
	ada, err := client.Persons.Create(ctx, &persons.CreateParams{Name: "Ada Lovelace"})
	if err != nil {
		log.Fatal(err)
	}
	l, err := client.Leads.Create(ctx, &leads.CreateParams{Title: "Spam", PersonID: ada.ID})
	if err != nil {
		log.Fatal(err)
	}
	if err := client.Leads.Delete(ctx, l.ID); err != nil {
		log.Fatal(err)
	}
	_, err = client.Leads.Get(ctx, l.ID)
	fmt.Println(errors.Is(err, pipedrive.ErrNotFound))
	// Output: true
}

// Create a lead label and rename it.
func ExampleService_CreateLabel() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	label, err := client.Leads.CreateLabel(ctx, &leads.LabelParams{Name: "Partner", Color: leads.LabelPurple})
	if err != nil {
		log.Fatal(err)
	}
	label, err = client.Leads.UpdateLabel(ctx, label.ID, &leads.LabelUpdateParams{Name: "Partner referral"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(label.Name, label.Color)
	for l, err := range client.Leads.Labels(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(l.Name)
	}
	// Output:
	// Partner referral purple
	// Hot
	// Warm
	// Cold
	// Partner referral
}

// The sources a lead may come from.
func ExampleService_Sources() {
	client, done := exampleClient()
	defer done()

	for s, err := range client.Leads.Sources(context.Background()) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(s.Name)
	}
	// Output:
	// Manually created
	// Deal
	// Web forms
	// Prospector
	// Leadbooster
	// Live chat
	// Import
	// Website visitors
	// Workflow automation
	// API
}
