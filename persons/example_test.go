package persons_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/persons"
)

// exampleClient returns a client on a local server that answers with the
// repository's fixtures, so the examples run without a Pipedrive account.
// Real code builds its client with pipedrive.NewClient(auth.APIToken(token)).
func exampleClient() (*pipedrive.Client, func()) {
	srv := resourcetest.ServeFixtures(map[string]string{
		"GET /api/v2/persons":           "persons/list.json",
		"GET /api/v2/persons/{id}":      "persons/get.json",
		"POST /api/v2/persons":          "persons/get.json",
		"PATCH /api/v2/persons/{id}":    "persons/get.json",
		"GET /api/v2/persons/search":    "persons/search.json",
		"GET /api/v2/personFields":      "persons/fields.json",
		"POST /v1/persons/{id}/picture": "persons/picture_add.json",
		"GET /v1/persons/{id}/flow":     "crm/flow.json",
	})
	client, err := pipedrive.NewClient(auth.APIToken("example-token"), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	return client, srv.Close
}

func ExampleService_Create() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	p, err := client.Persons.Create(ctx, &persons.CreateParams{
		Name:   "Ada Lovelace",
		OrgID:  pipedrive.Ptr[int64](501),
		Emails: []persons.ContactDetail{{Value: "ada@analytical.example", Primary: true, Label: "work"}},
		// Custom fields by the names users see in Pipedrive.
		CustomFieldsByName: crm.FieldValues{
			"Hobby":     "Engines",
			"Interests": []string{"Maths", "Poetry"},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.ID, p.Name, p.PrimaryEmail())
	// Output: 42 Ada Lovelace ada@analytical.example
}

func ExampleService_List() {
	client, done := exampleClient()
	defer done()

	// Pages are fetched as the loop goes; break to stop fetching.
	for p, err := range client.Persons.List(context.Background(), &persons.ListParams{
		OwnerID:       7001,
		SortBy:        crm.SortByUpdateTime,
		SortDirection: crm.Descending,
	}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(p.ID, p.Name)
		if p.ID == 43 {
			break
		}
	}
	// Output:
	// 42 Ada Lovelace
	// 43 Charles Babbage
}

func ExampleService_GetWith() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	p, err := client.Persons.GetWith(ctx, 42, &persons.GetParams{
		IncludeFields: []persons.IncludeField{persons.IncludeOpenDealsCount},
	})
	if err != nil {
		log.Fatal(err)
	}
	if p.OrgID != nil && p.OpenDealsCount != nil {
		fmt.Println(p.Name, "works at org", *p.OrgID, "with", *p.OpenDealsCount, "open deals")
	}
	fmt.Println("phone:", p.PrimaryPhone())
	fmt.Println("city:", p.PostalAddress.Locality)
	// Output:
	// Ada Lovelace works at org 501 with 2 open deals
	// phone: +44 20 7946 0001
	// city: London
}

func ExampleService_Update() {
	client, done := exampleClient()
	defer done()

	// Only the members set are sent; a nil CustomFieldsByName value
	// empties that field.
	p, err := client.Persons.Update(context.Background(), 42, &persons.UpdateParams{
		JobTitle:           pipedrive.Ptr("Mathematician"),
		CustomFieldsByName: crm.FieldValues{"Age": nil},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.JobTitle)
	// Output: Mathematician
}

func ExampleService_CustomFields() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	p, err := client.Persons.Get(ctx, 42)
	if err != nil {
		log.Fatal(err)
	}
	// The definitions are fetched once per client, then cached.
	defs, err := client.Persons.CustomFields(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fields := defs.Read(p.CustomFields)
	hobby, _ := fields.Text("Hobby")
	budget, _ := fields.Money("Budget")
	interests, _ := fields.Options("Interests")
	fmt.Println(hobby, budget.Value, budget.Currency, interests)
	// Output: Engines 1200.5 GBP [Maths Poetry]
}

func ExampleService_Search() {
	client, done := exampleClient()
	defer done()

	for hit, err := range client.Persons.Search(context.Background(), &persons.SearchParams{
		Term:   "Ada",
		Fields: []persons.SearchField{persons.SearchName, persons.SearchEmail},
	}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%.2f %s\n", hit.Score, hit.Item.Name)
	}
	// Output:
	// 0.81 Ada Lovelace
	// 0.20 Ada Byron
}

func ExampleService_AddPicture() {
	client, done := exampleClient()
	defer done()

	// Real code would open an image file; any io.Reader will do.
	img := strings.NewReader("...png bytes...")
	pic, err := client.Persons.AddPicture(context.Background(), 42, &persons.PictureParams{
		Content:  img,
		FileName: "ada.png",
		// Keep the 256×256 square at (10, 0).
		CropX: pipedrive.Ptr(10), CropY: pipedrive.Ptr(0),
		CropWidth: pipedrive.Ptr(256), CropHeight: pipedrive.Ptr(256),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(pic.ID, pic.URLs.Size512)
	// Output: 9002 https://pictures.example.com/ada2_512.jpg
}

func ExampleService_Flow() {
	client, done := exampleClient()
	defer done()

	for item, err := range client.Persons.Flow(context.Background(), 42, &crm.FlowParams{AllChanges: true}) {
		if err != nil {
			log.Fatal(err)
		}
		if item.IsChange() {
			ch, err := item.Change()
			if err != nil {
				log.Fatal(err)
			}
			fmt.Println(item.Timestamp.Format("2006-01-02"), "changed", ch.FieldKey)
			continue
		}
		fmt.Println(item.Timestamp.Format("2006-01-02"), item.Object)
	}
	// Output:
	// 2025-06-10 changed email
	// 2025-06-11 activity
}
