package activities_test

import (
	"context"
	"fmt"
	"log"
	"time"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/activities"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

// exampleClient returns a client on a fake Pipedrive (package
// pipedrivetest), so the examples run without an account. Real code
// builds its client with pipedrive.NewClient(auth.APIToken(token)).
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

func ExampleService_Create() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	a, err := client.Activities.Create(ctx, &activities.CreateParams{
		Subject:  "Kick-off call",
		Type:     activities.TypeCall,
		DueDate:  crm.NewDate(2026, time.March, 10),
		DueTime:  crm.NewTimeOfDay(14, 30, 0), // UTC
		Duration: activities.Duration(45 * time.Minute),
		Busy:     pipedrive.Ptr(true),
	})
	if err != nil {
		log.Fatal(err)
	}
	due, _ := a.DueAt()
	fmt.Println(a.Subject, a.Type, due.Format(time.RFC3339), a.Duration)
	// Output: Kick-off call call 2026-03-10T14:30:00Z 00:45
}

func ExampleService_List() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()
	for i, day := range []int{12, 10, 11} {
		_, err := client.Activities.Create(ctx, &activities.CreateParams{
			Subject: fmt.Sprintf("Follow-up %d", i+1), DueDate: crm.NewDate(2026, time.March, day),
		})
		if err != nil {
			log.Fatal(err)
		}
	}

	// Open activities, soonest first; pages are fetched as the loop goes.
	for a, err := range client.Activities.List(ctx, &activities.ListParams{
		Done:   pipedrive.Ptr(false),
		SortBy: activities.SortByDueDate,
	}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(a.DueDate, a.Subject)
	}
	// Output:
	// 2026-03-10 Follow-up 2
	// 2026-03-11 Follow-up 3
	// 2026-03-12 Follow-up 1
}

func ExampleService_Update() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()
	a, err := client.Activities.Create(ctx, &activities.CreateParams{Subject: "Send the offer", Type: activities.TypeTask})
	if err != nil {
		log.Fatal(err)
	}

	// Only what is set is sent; a pointer to a zero value clears it.
	a, err = client.Activities.Update(ctx, a.ID, &activities.UpdateParams{
		Done:     pipedrive.Ptr(true),
		Duration: pipedrive.Ptr(activities.Duration(0)),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Subject, a.Done, a.MarkedAsDoneTime != nil)
	// Output: Send the offer true true
}

func ExampleService_ActivityTypes() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	vc, err := client.Activities.CreateActivityType(ctx, &activities.ActivityTypeParams{
		Name: "Video call", Icon: activities.IconCamera,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("new type:", vc.Key)
	for t, err := range client.Activities.ActivityTypes(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Print(t.Key, " ")
	}
	fmt.Println()
	// Output:
	// new type: video_call
	// call meeting task deadline email lunch video_call
}

func ExampleService_Field() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	// An activity's Priority is an option id of the "priority" field.
	a, err := client.Activities.Create(ctx, &activities.CreateParams{Subject: "Escalation", Priority: pipedrive.Ptr[int64](1)})
	if err != nil {
		log.Fatal(err)
	}
	f, err := client.Activities.Field(ctx, "priority", nil)
	if err != nil {
		log.Fatal(err)
	}
	label, _ := f.OptionLabel(*a.Priority)
	fmt.Println(a.Subject, "has priority", label)
	// Output: Escalation has priority High
}
