package deals_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
)

// exampleServer stands in for Pipedrive so the examples run offline: it
// answers from the fixtures in testdata/deals.
func exampleServer() *httptest.Server {
	routes := map[string]string{
		"POST /api/v2/deals":     "deal.json",
		"GET /api/v2/dealFields": "fields.json",
	}
	pages := 0
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := routes[r.Method+" "+r.URL.Path]
		if r.Method == "GET" && r.URL.Path == "/api/v2/deals" {
			// Two pages: the first points at the second with a cursor.
			name = "deals.json"
			if r.URL.Query().Get("cursor") != "" {
				name = "deals_last.json"
			}
			pages++
		}
		b, err := os.ReadFile(filepath.Join("..", "testdata", "deals", name))
		if name == "" || err != nil {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"success":false,"error":"not found"}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(b)
	}))
}

func ExampleService_Create() {
	srv := exampleServer()
	defer srv.Close()
	client, err := pipedrive.NewClient(auth.APIToken("your-api-token"), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		panic(err)
	}

	d, err := client.Deals.Create(context.Background(), &deals.CreateParams{
		Title:    "Harbor Logistics renewal",
		Value:    pipedrive.Ptr(18250.5),
		Currency: "EUR",
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(d.ID, d.Title, d.Value, d.Currency, d.Status)
	// Output: 501 Harbor Logistics renewal 18250.5 EUR open
}

func ExampleService_List() {
	srv := exampleServer()
	defer srv.Close()
	client, err := pipedrive.NewClient(auth.APIToken("your-api-token"), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		panic(err)
	}

	// Pages are fetched as the loop goes; breaking out stops fetching.
	for d, err := range client.Deals.List(context.Background(), &deals.ListParams{Status: deals.StatusOpen, Limit: 2}) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(d.ID, d.Title)
	}
	// Output:
	// 501 Harbor Logistics renewal
	// 502 Northwind pilot
	// 503 Last page deal
}

func ExampleService_CustomFields() {
	srv := exampleServer()
	defer srv.Close()
	client, err := pipedrive.NewClient(auth.APIToken("your-api-token"), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()

	// Write custom fields by their names and option labels...
	d, err := client.Deals.Create(ctx, &deals.CreateParams{
		Title: "Harbor Logistics renewal",
		CustomFieldsByName: crm.FieldValues{
			"Budget":  crm.Money(25000, "EUR"),
			"Tier":    "Enterprise",
			"Regions": []string{"EMEA", "Americas"},
		},
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}

	// ...and read them back the same way (the definitions are cached).
	fields, err := client.Deals.CustomFields(ctx)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	r := fields.Read(d.CustomFields)
	budget, _ := r.Money("Budget")
	tier, _ := r.Option("Tier")
	regions, _ := r.Options("Regions")
	fmt.Println(budget.Value, budget.Currency)
	fmt.Println(tier)
	fmt.Println(regions)

	// A misspelt name fails before anything is sent.
	_, err = client.Deals.Create(ctx, &deals.CreateParams{
		Title:              "Typo",
		CustomFieldsByName: crm.FieldValues{"Budgett": crm.Money(1, "EUR")},
	})
	fmt.Println(err)
	// Output:
	// 25000 EUR
	// Enterprise
	// [EMEA Americas]
	// pipedrive: custom fields by name: no field named "Budgett"; closest: "Budget"
}
