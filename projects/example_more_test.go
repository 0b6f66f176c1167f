package projects_test

import (
	"context"
	"fmt"
	"log"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/projects"
)

// Start a project from a template: it gets the template's groups and
// tasks.
func ExampleService_Templates() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	var onboarding int64
	for t, err := range client.Projects.Templates(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("template:", t.Title)
		if t.Title == "Client onboarding" {
			onboarding = t.ID
		}
	}
	p, err := client.Projects.Create(ctx, &projects.CreateParams{Title: "Acme onboarding", TemplateID: pipedrive.Ptr(onboarding)})
	if err != nil {
		log.Fatal(err)
	}
	groups := 0
	for _, err := range client.Projects.Groups(ctx, p.ID) {
		if err != nil {
			log.Fatal(err)
		}
		groups++
	}
	fmt.Println(p.Title, "has", groups, "groups")
	// Output:
	// template: Client onboarding
	// template: Office move
	// Acme onboarding has 2 groups
}

// Archive a finished project: it moves to the archived list.
func ExampleService_Archive() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()
	for _, title := range []string{"Office move", "Website relaunch"} {
		if _, err := client.Projects.Create(ctx, &projects.CreateParams{Title: title}); err != nil {
			log.Fatal(err)
		}
	}

	p, err := client.Projects.Archive(ctx, 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Title, "archived:", p.ArchiveTime != nil)
	for p, err := range client.Projects.List(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("open:", p.Title)
	}
	for p, err := range client.Projects.ListArchived(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("archived:", p.Title)
	}
	// Output:
	// Office move archived: true
	// open: Website relaunch
	// archived: Office move
}

// Search projects by title.
func ExampleService_Search() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()
	for _, title := range []string{"Acme onboarding", "Globex onboarding", "Office move"} {
		if _, err := client.Projects.Create(ctx, &projects.CreateParams{Title: title}); err != nil {
			log.Fatal(err)
		}
	}

	for r, err := range client.Projects.Search(ctx, &projects.SearchParams{Term: "onboarding"}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(r.Item.ID, r.Item.Title)
	}
	// Output:
	// 1 Acme onboarding
	// 2 Globex onboarding
}

// Rename a project and read what changed from its changelog.
func ExampleService_Changelog() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()
	p, err := client.Projects.Create(ctx, &projects.CreateParams{Title: "Ofice move"})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Projects.Update(ctx, p.ID, &projects.UpdateParams{Title: pipedrive.Ptr("Office move")}); err != nil {
		log.Fatal(err)
	}

	for ch, err := range client.Projects.Changelog(ctx, p.ID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(string(ch.OldValues["title"]), "->", string(ch.NewValues["title"]))
	}
	// Output: "Ofice move" -> "Office move"
}
