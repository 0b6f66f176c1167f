package products_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/products"
)

// exampleClient returns a client on pipedrivetest, the SDK's in-memory
// fake of Pipedrive, so the examples run without an account. Real code
// builds its client with pipedrive.NewClient(auth.APIToken(token)).
func exampleClient() (*pipedrive.Client, *pipedrivetest.Server) {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	return client, srv
}

func ExampleService_Create() {
	client, srv := exampleClient()
	defer srv.Close()
	ctx := context.Background()

	p, err := client.Products.Create(ctx, &products.CreateParams{
		Name: "Mechanical pencil",
		Code: "MPENCIL",
		// One price per currency.
		Prices: []products.PriceParams{
			{Currency: "EUR", Price: 5, Cost: pipedrive.Ptr(2.0)},
			{Currency: "USD", Price: 5.5},
		},
		// Custom fields by the names users see in Pipedrive.
		CustomFieldsByName: crm.FieldValues{"Material": "Wood", "Colours": []string{"Red", "Blue"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	eur, _ := p.Price("EUR")
	fmt.Println(p.ID, p.Name, eur.Price, eur.Currency)

	// Read them back by name with the cached field definitions.
	fields, err := client.Products.CustomFields(ctx)
	if err != nil {
		log.Fatal(err)
	}
	material, _ := fields.Read(p.CustomFields).Option("Material")
	colours, _ := fields.Read(p.CustomFields).Options("Colours")
	fmt.Println(material, colours)
	// Output:
	// 1 Mechanical pencil 5 EUR
	// Wood [Red Blue]
}

func ExampleService_List() {
	client, srv := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	for _, name := range []string{"Pencil", "Eraser", "Notebook"} {
		if _, err := client.Products.Create(ctx, &products.CreateParams{Name: name}); err != nil {
			log.Fatal(err)
		}
	}

	// Pages are fetched as the loop goes; break to stop fetching.
	for p, err := range client.Products.List(ctx, &products.ListParams{SortBy: products.SortByName, Limit: 2}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(p.ID, p.Name)
	}
	// Output:
	// 2 Eraser
	// 3 Notebook
	// 1 Pencil
}

func ExampleService_Search() {
	client, srv := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	for _, name := range []string{"Pencil", "Pencil case", "Eraser"} {
		if _, err := client.Products.Create(ctx, &products.CreateParams{Name: name}); err != nil {
			log.Fatal(err)
		}
	}

	for hit, err := range client.Products.Search(ctx, &products.SearchParams{
		Term:   "pencil",
		Fields: []products.SearchField{products.SearchName, products.SearchCode},
	}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%.2f %s\n", hit.Score, hit.Item.Name)
	}
	// Output:
	// 1.00 Pencil
	// 0.75 Pencil case
}

func ExampleService_CreateVariation() {
	client, srv := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	shirt, err := client.Products.Create(ctx, &products.CreateParams{Name: "T-shirt",
		Prices: []products.PriceParams{{Currency: "EUR", Price: 15}}})
	if err != nil {
		log.Fatal(err)
	}

	// A variation has prices of its own.
	xl, err := client.Products.CreateVariation(ctx, shirt.ID, &products.VariationParams{
		Name:   "XL",
		Prices: []products.PriceParams{{Currency: "EUR", Price: 17, Notes: "more fabric"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(xl.Name, xl.Prices[0].Price, xl.Prices[0].Currency, xl.Prices[0].Notes)
	// Output: XL 17 EUR more fabric
}

func ExampleService_UploadImage() {
	client, srv := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	lamp, err := client.Products.Create(ctx, &products.CreateParams{Name: "Lamp"})
	if err != nil {
		log.Fatal(err)
	}

	// Real code would open an image file; any io.Reader will do.
	if _, err := client.Products.UploadImage(ctx, lamp.ID, &products.ImageParams{
		Content:  strings.NewReader("...png bytes..."),
		FileName: "lamp.png",
	}); err != nil {
		log.Fatal(err)
	}
	im, err := client.Products.Image(ctx, lamp.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(im.Name, im.MimeType)
	// Output: lamp.png image/png
}

func ExampleService_Deals() {
	client, srv := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	crane, err := client.Products.Create(ctx, &products.CreateParams{Name: "Crane"})
	if err != nil {
		log.Fatal(err)
	}
	deal, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Harbour cranes", Value: pipedrive.Ptr(90000.0), Currency: "EUR"})
	if err != nil {
		log.Fatal(err)
	}
	// The fake attaches the product directly (real code calls
	// client.Deals.AddProduct).
	if err := srv.SeedDealProduct(deal.ID, crane.ID); err != nil {
		log.Fatal(err)
	}

	for d, err := range client.Products.Deals(ctx, crane.ID, &products.DealsParams{Status: products.DealsOpen}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(d.Title, d.Value, d.Currency, d.Owner.Name)
	}
	// Output: Harbour cranes 90000 EUR Test User
}
