package filters_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/filters"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

// fakeClient starts the fake Pipedrive of package pipedrivetest and a
// client for it, so that the examples run offline.
func fakeClient() (*pipedrivetest.Server, *pipedrive.Client) {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	return srv, client
}

// newFilter saves a filter of open deals named name.
func newFilter(ctx context.Context, srv *pipedrivetest.Server, client *pipedrive.Client, name string) *filters.Filter {
	statusID, _ := srv.FilterFieldID(pipedrivetest.Deal, "status")
	f, err := client.Filters.Create(ctx, &filters.CreateParams{
		Name:       name,
		Type:       filters.TypeDeals,
		Conditions: filters.And(filters.Cond(filters.ObjectDeal, statusID, filters.OpEqual, filters.Text("open"))),
	})
	if err != nil {
		log.Fatal(err)
	}
	return f
}

// List the saved filters of one kind.
func ExampleService_List() {
	srv, client := fakeClient()
	defer srv.Close()
	ctx := context.Background()
	newFilter(ctx, srv, client, "Open deals")
	newFilter(ctx, srv, client, "Still open")

	for f, err := range client.Filters.List(ctx, &filters.ListParams{Type: filters.TypeDeals}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(f.ID, f.Name, f.Type)
	}
	// Output:
	// 1 Open deals deals
	// 2 Still open deals
}

// Change a filter's conditions (the API replaces them all), then delete
// filters, one or many at once.
func ExampleService_Update() {
	srv, client := fakeClient()
	defer srv.Close()
	ctx := context.Background()
	f := newFilter(ctx, srv, client, "Open deals")
	other := newFilter(ctx, srv, client, "Scratch")

	valueID, _ := srv.FilterFieldID(pipedrivetest.Deal, "value")
	f, err := client.Filters.Update(ctx, f.ID, &filters.UpdateParams{
		Name:       "Big deals",
		Conditions: filters.And(filters.Cond(filters.ObjectDeal, valueID, filters.OpGreater, filters.Number(10000))),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(f.Name)

	if err := client.Filters.DeleteMany(ctx, f.ID, other.ID); err != nil {
		log.Fatal(err)
	}
	_, err = client.Filters.Get(ctx, f.ID)
	fmt.Println(errors.Is(err, pipedrive.ErrNotFound))
	// Output:
	// Big deals
	// true
}
