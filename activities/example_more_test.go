package activities_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/activities"
	"github.com/pipedrive-go/pipedrive/deals"
)

// Get an activity, then delete it; a second get fails with ErrNotFound.
func ExampleService_Delete() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()
	d, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Harbour cranes"})
	if err != nil {
		log.Fatal(err)
	}
	a, err := client.Activities.Create(ctx, &activities.CreateParams{Subject: "Site visit", Type: activities.TypeMeeting, DealID: pipedrive.Ptr(d.ID)})
	if err != nil {
		log.Fatal(err)
	}
	got, err := client.Activities.Get(ctx, a.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(got.Subject, got.Type, *got.DealID)

	if err := client.Activities.Delete(ctx, a.ID); err != nil {
		log.Fatal(err)
	}
	_, err = client.Activities.Get(ctx, a.ID)
	fmt.Println(errors.Is(err, pipedrive.ErrNotFound))
	// Output:
	// Site visit meeting 1
	// true
}

// Add an activity type of your own and use it.
func ExampleService_CreateActivityType() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	t, err := client.Activities.CreateActivityType(ctx, &activities.ActivityTypeParams{Name: "Site visit", Icon: activities.IconTruck})
	if err != nil {
		log.Fatal(err)
	}
	a, err := client.Activities.Create(ctx, &activities.CreateParams{Subject: "Crane inspection", Type: t.Key})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.Name, t.Key, t.Icon, "-", a.Subject, a.Type)
	// Output: Site visit site_visit truck - Crane inspection site_visit
}
