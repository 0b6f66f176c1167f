package organizations_test

import (
	"context"
	"fmt"
	"log"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/organizations"
)

// exampleClient returns a client on a local server that answers with the
// repository's fixtures, so the examples run without a Pipedrive account.
// Real code builds its client with pipedrive.NewClient(auth.APIToken(token)).
func exampleClient() (*pipedrive.Client, func()) {
	srv := resourcetest.ServeFixtures(map[string]string{
		"GET /api/v2/organizations":                "organizations/list.json",
		"GET /api/v2/organizations/{id}":           "organizations/get.json",
		"POST /api/v2/organizations":               "organizations/get.json",
		"GET /api/v2/organizations/search":         "organizations/search.json",
		"GET /api/v2/organizationFields":           "organizations/fields.json",
		"PUT /v1/organizations/{id}/merge":         "organizations/merge.json",
		"GET /api/v2/organizations/{id}/followers": "crm/followers.json",
		"GET /v1/organizationRelationships":        "organizations/relationships.json",
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

	org, err := client.Organizations.Create(context.Background(), &organizations.CreateParams{
		Name:      "Analytical Engines Ltd",
		VisibleTo: crm.VisibleToCompany,
		Address:   &crm.AddressParams{Value: "1 Dorset Street, London W1U 4EG, UK"},
		// Custom fields by the names users see in Pipedrive; option
		// fields take their labels.
		CustomFieldsByName: crm.FieldValues{"Tier": "Tier 1", "Segment": "Enterprise"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(org.ID, org.Name, "in", org.Address.Locality)
	// Output: 501 Analytical Engines Ltd in London
}

func ExampleService_List() {
	client, done := exampleClient()
	defer done()

	for org, err := range client.Organizations.List(context.Background(), &organizations.ListParams{Limit: 100}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(org.ID, org.Name)
		if org.ID == 502 {
			break // stop before the next page is fetched
		}
	}
	// Output:
	// 501 Analytical Engines Ltd
	// 502 Jacquard Looms
}

func ExampleService_GetWith() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	org, err := client.Organizations.GetWith(ctx, 501, &organizations.GetParams{
		IncludeFields: []organizations.IncludeField{organizations.IncludePeopleCount},
	})
	if err != nil {
		log.Fatal(err)
	}
	defs, err := client.Organizations.CustomFields(ctx)
	if err != nil {
		log.Fatal(err)
	}
	tier, _ := defs.Read(org.CustomFields).Text("Tier")
	if org.PeopleCount != nil { // filled because Include asked for it
		fmt.Println(org.Name, *org.PeopleCount, "people,", tier)
	}
	// Output: Analytical Engines Ltd 3 people, Tier 1
}

func ExampleService_Search() {
	client, done := exampleClient()
	defer done()

	for hit, err := range client.Organizations.Search(context.Background(), &organizations.SearchParams{Term: "engines"}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(hit.Item.ID, hit.Item.Name, "-", hit.Item.Address)
		break // one hit is enough here
	}
	// Output: 501 Analytical Engines Ltd - 1 Dorset Street, London
}

func ExampleService_Merge() {
	client, done := exampleClient()
	defer done()

	// Merge organization 502 into 501: 501 survives, and Merge returns
	// it as it is after the merge.
	kept, err := client.Organizations.Merge(context.Background(), 502, 501)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("kept", kept.ID, kept.Name)
	// Output: kept 501 Analytical Engines Ltd
}

func ExampleService_Followers() {
	client, done := exampleClient()
	defer done()

	for f, err := range client.Organizations.Followers(context.Background(), 501, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(f.UserID, f.AddTime.Format("2006-01-02"))
	}
	// Output:
	// 7001 2025-03-04
	// 7002 2025-04-01
}

func ExampleService_Relationships() {
	client, done := exampleClient()
	defer done()

	params := &organizations.RelationshipListParams{OrgID: 1481}
	page, err := client.Organizations.RelationshipsPage(context.Background(), params)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range page.Items {
		// The calculated fields are seen from params.OrgID.
		fmt.Printf("%s is the %s of %s\n", r.RelatedOrganizationName, r.CalculatedType, r.OwnerOrg.Name)
	}
	// Output: Telia is the daughter of Pipedrive Inc.
}
