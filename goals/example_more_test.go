package goals_test

import (
	"context"
	"fmt"
	"log"
	"time"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/goals"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

// fakeClient starts the fake Pipedrive of package pipedrivetest and a
// client for it, so that the examples run offline.
func fakeClient() (*pipedrivetest.Server, *pipedrive.Client) {
	srv, err := pipedrivetest.Start(pipedrivetest.WithClock(clock{time.Date(2026, 8, 14, 9, 0, 0, 0, time.UTC)}))
	if err != nil {
		log.Fatal(err)
	}
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	return srv, client
}

// newGoal creates a monthly goal of ten new deals for the default user.
func newGoal(ctx context.Context, client *pipedrive.Client, title string) *goals.Goal {
	g, err := client.Goals.Create(ctx, &goals.CreateParams{
		Title:           title,
		Assignee:        goals.Assignee{ID: pipedrivetest.DefaultUserID, Type: goals.AssigneePerson},
		Type:            goals.GoalType{Name: goals.DealsStarted},
		ExpectedOutcome: goals.Outcome{Target: 10, TrackingMetric: goals.ByQuantity},
		Duration:        goals.Duration{Start: crm.NewDate(2026, time.August, 1), End: crm.NewDate(2026, time.December, 31)},
		Interval:        goals.Monthly,
	})
	if err != nil {
		log.Fatal(err)
	}
	return g
}

// Find the caller's active goals; the list is their own unless the params
// ask for more.
func ExampleService_List() {
	srv, client := fakeClient()
	defer srv.Close()
	ctx := context.Background()
	newGoal(ctx, client, "New deals")
	newGoal(ctx, client, "More new deals")

	for g, err := range client.Goals.List(ctx, &goals.ListParams{TypeName: goals.DealsStarted}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(g.Title, g.Interval, g.ExpectedOutcome.Target)
	}
	// Output:
	// New deals monthly 10
	// More new deals monthly 10
}

// Raise a goal's target, then delete it.
func ExampleService_Update() {
	srv, client := fakeClient()
	defer srv.Close()
	ctx := context.Background()
	g := newGoal(ctx, client, "New deals")

	g, err := client.Goals.Update(ctx, g.ID, &goals.UpdateParams{
		Title:           pipedrive.Ptr("New deals (stretch)"),
		ExpectedOutcome: &goals.Outcome{Target: 15, TrackingMetric: goals.ByQuantity},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(g.Title, g.ExpectedOutcome.Target)
	if err := client.Goals.Delete(ctx, g.ID); err != nil {
		log.Fatal(err)
	}
	page, err := client.Goals.ListPage(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(page.Items), "goals left")
	// Output:
	// New deals (stretch) 15
	// 0 goals left
}
