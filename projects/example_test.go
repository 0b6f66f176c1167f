package projects_test

import (
	"context"
	"fmt"
	"log"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/projects"
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

	p, err := client.Projects.Create(ctx, &projects.CreateParams{
		Title:     "Acme onboarding",
		StartDate: crm.NewDate(2026, 4, 1),
		// Custom fields by the names users see in Pipedrive.
		CustomFieldsByName: crm.FieldValues{"Category": "External"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fields, err := client.Projects.CustomFields(ctx)
	if err != nil {
		log.Fatal(err)
	}
	category, err := fields.Read(p.CustomFields).Option("Category")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.ID, p.Title, p.Status, p.StartDate, category)
	// Output: 1 Acme onboarding open 2026-04-01 External
}

func ExampleService_List() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	for _, title := range []string{"Website relaunch", "Office move", "Acme onboarding"} {
		if _, err := client.Projects.Create(ctx, &projects.CreateParams{Title: title}); err != nil {
			log.Fatal(err)
		}
	}
	// Pages are fetched as the loop goes; break to stop fetching.
	for p, err := range client.Projects.List(ctx, &projects.ListParams{Status: []projects.Status{projects.StatusOpen}, Limit: 2}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(p.ID, p.Title)
	}
	// Output:
	// 1 Website relaunch
	// 2 Office move
	// 3 Acme onboarding
}

func ExampleService_Phases() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	for b, err := range client.Projects.Boards(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(b.Name)
		for ph, err := range client.Projects.Phases(ctx, &projects.PhaseListParams{BoardID: b.ID}) {
			if err != nil {
				log.Fatal(err)
			}
			fmt.Println(" ", ph.OrderNr, ph.Name)
		}
	}
	// Output:
	// Delivery
	//   1 Kick-off
	//   2 In progress
	//   3 Done
}

func ExampleService_CreateTask() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	p, err := client.Projects.Create(ctx, &projects.CreateParams{Title: "Acme onboarding"})
	if err != nil {
		log.Fatal(err)
	}
	parent, err := client.Projects.CreateTask(ctx, &projects.TaskParams{Title: "Send the welcome pack", ProjectID: p.ID})
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.Projects.CreateTask(ctx, &projects.TaskParams{
		Title: "Print the brochure", ProjectID: p.ID, ParentTaskID: &parent.ID, DueDate: crm.NewDate(2026, 4, 10),
	})
	if err != nil {
		log.Fatal(err)
	}
	// Mark the subtasks of the welcome pack done.
	for t, err := range client.Projects.Tasks(ctx, &projects.TaskListParams{ParentTaskID: projects.SubtasksOf(parent.ID)}) {
		if err != nil {
			log.Fatal(err)
		}
		t, err = client.Projects.UpdateTask(ctx, t.ID, &projects.TaskUpdateParams{Done: pipedrive.Ptr(true)})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(t.Title, t.DueDate, t.IsDone)
	}
	// Output: Print the brochure 2026-04-10 true
}

// A project created from a template starts with the template's plan.
func ExampleService_Plan() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	var onboarding *projects.Template
	for t, err := range client.Projects.Templates(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		if t.Title == "Client onboarding" {
			onboarding = t
		}
	}
	p, err := client.Projects.Create(ctx, &projects.CreateParams{Title: "Globex onboarding", TemplateID: &onboarding.ID})
	if err != nil {
		log.Fatal(err)
	}
	groups := map[int64]string{}
	for g, err := range client.Projects.Groups(ctx, p.ID) {
		if err != nil {
			log.Fatal(err)
		}
		groups[g.ID] = g.Name
	}
	for it, err := range client.Projects.Plan(ctx, p.ID) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(groups[it.GroupID], it.ItemType, it.ItemID)
	}
	// Output:
	// Preparation task 1
	// Preparation task 2
	// Launch task 3
	// Preparation activity 1
	// Launch activity 2
}
