package products_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/products"
)

// Change a product's price and description, then delete it.
func ExampleService_Update() {
	client, srv := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	p, err := client.Products.Create(ctx, &products.CreateParams{
		Name:   "Fountain pen",
		Prices: []products.PriceParams{{Currency: "EUR", Price: 30}},
	})
	if err != nil {
		log.Fatal(err)
	}

	p, err = client.Products.Update(ctx, p.ID, &products.UpdateParams{
		Description: pipedrive.Ptr("Steel nib"),
		Prices:      []products.PriceParams{{Currency: "EUR", Price: 35}},
	})
	if err != nil {
		log.Fatal(err)
	}
	eur, _ := p.Price("EUR")
	fmt.Println(p.Name, p.Description, eur.Price)

	if err := client.Products.Delete(ctx, p.ID); err != nil {
		log.Fatal(err)
	}
	_, err = client.Products.Get(ctx, p.ID)
	fmt.Println(errors.Is(err, pipedrive.ErrNotFound))
	// Output:
	// Fountain pen Steel nib 35
	// true
}

// Follow a product: followers are users, notified of its changes.
func ExampleService_AddFollower() {
	client, srv := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	p, err := client.Products.Create(ctx, &products.CreateParams{Name: "Fountain pen"})
	if err != nil {
		log.Fatal(err)
	}

	if _, err := client.Products.AddFollower(ctx, p.ID, 2); err != nil {
		log.Fatal(err)
	}
	for f, err := range client.Products.Followers(ctx, p.ID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("followed by user", f.UserID)
	}
	// Output: followed by user 2
}

// Define a custom product field with options, add one later, and use it
// by name at once: field changes made through the service drop the
// client's cached definitions.
func ExampleService_CreateField() {
	client, srv := exampleClient()
	defer srv.Close()
	ctx := context.Background()

	f, err := client.Products.CreateField(ctx, &crm.CreateFieldParams{
		Name:    "Nib",
		Type:    crm.FieldTypeEnum,
		Options: []crm.NewFieldOption{{Label: "Fine"}, {Label: "Medium"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Products.AddFieldOptions(ctx, f.Code, "Broad"); err != nil {
		log.Fatal(err)
	}
	p, err := client.Products.Create(ctx, &products.CreateParams{
		Name:               "Fountain pen",
		CustomFieldsByName: crm.FieldValues{"Nib": "Broad"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fields, err := client.Products.CustomFields(ctx)
	if err != nil {
		log.Fatal(err)
	}
	nib, _ := fields.Read(p.CustomFields).Option("Nib")
	fmt.Println(f.Name, f.Type, nib)
	// Output: Nib enum Broad
}

// Duplicate a product, prices and all.
func ExampleService_Duplicate() {
	client, srv := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	p, err := client.Products.Create(ctx, &products.CreateParams{
		Name:   "Fountain pen",
		Prices: []products.PriceParams{{Currency: "EUR", Price: 30}},
	})
	if err != nil {
		log.Fatal(err)
	}

	cp, err := client.Products.Duplicate(ctx, p.ID)
	if err != nil {
		log.Fatal(err)
	}
	eur, _ := cp.Price("EUR")
	fmt.Println(cp.ID, cp.Name, eur.Price)
	// Output: 2 Fountain pen 30
}
