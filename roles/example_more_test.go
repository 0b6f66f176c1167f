package roles_test

import (
	"context"
	"fmt"
	"log"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/pipelines"
	"github.com/pipedrive-go/pipedrive/roles"
)

// fakeClient starts the fake Pipedrive of package pipedrivetest and a
// client for it, so that the examples run offline.
func fakeClient(opts ...pipedrivetest.Option) (*pipedrivetest.Server, *pipedrive.Client) {
	srv, err := pipedrivetest.Start(opts...)
	if err != nil {
		log.Fatal(err)
	}
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	return srv, client
}

// Assign a user to a role and list the role's users; removing the
// assignment puts the user back in the default role.
func ExampleService_Assignments() {
	srv, client := fakeClient(pipedrivetest.WithUserAPIToken(2, "a-second-users-token"))
	defer srv.Close()
	ctx := context.Background()

	ref, err := client.Roles.Create(ctx, &roles.CreateParams{Name: "Support"})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Roles.AddAssignment(ctx, ref.ID, 2); err != nil {
		log.Fatal(err)
	}
	for a, err := range client.Roles.Assignments(ctx, ref.ID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("user", a.UserID, "in role", a.RoleID)
	}
	if err := client.Roles.DeleteAssignment(ctx, ref.ID, 2); err != nil {
		log.Fatal(err)
	}
	page, err := client.Roles.AssignmentsPage(ctx, ref.ID, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(page.Items), "left")
	// Output:
	// user 2 in role 2
	// 0 left
}

// Hide a pipeline from a role, then list the pipelines it still sees.
func ExampleService_UpdatePipelines() {
	srv, client := fakeClient()
	defer srv.Close()
	ctx := context.Background()

	secret, err := client.Pipelines.Create(ctx, &pipelines.CreateParams{Name: "Acquisitions"})
	if err != nil {
		log.Fatal(err)
	}
	ref, err := client.Roles.Create(ctx, &roles.CreateParams{Name: "Interns"})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Roles.UpdatePipelines(ctx, ref.ID, &roles.PipelinesUpdateParams{Hide: []int64{secret.ID}}); err != nil {
		log.Fatal(err)
	}
	visible, err := client.Roles.Pipelines(ctx, ref.ID, nil)
	if err != nil {
		log.Fatal(err)
	}
	hidden, err := client.Roles.Pipelines(ctx, ref.ID, &roles.PipelinesParams{Visible: pipedrive.Ptr(false)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("visible:", visible.PipelineIDs, "hidden:", hidden.PipelineIDs)
	// Output: visible: [1] hidden: [2]
}

// Rename a role and read its default visibility settings.
func ExampleService_Settings() {
	srv, client := fakeClient()
	defer srv.Close()
	ctx := context.Background()

	ref, err := client.Roles.Create(ctx, &roles.CreateParams{Name: "Sales"})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Roles.Update(ctx, ref.ID, &roles.UpdateParams{Name: "Sales EMEA"}); err != nil {
		log.Fatal(err)
	}
	r, err := client.Roles.Get(ctx, ref.ID)
	if err != nil {
		log.Fatal(err)
	}
	settings, err := client.Roles.Settings(ctx, ref.ID)
	if err != nil {
		log.Fatal(err)
	}
	v, _ := settings.Visibility(roles.PersonDefaultVisibility)
	fmt.Println(r.Name, "- new persons visible to:", v)
	if err := client.Roles.Delete(ctx, ref.ID); err != nil {
		log.Fatal(err)
	}
	// Output: Sales EMEA - new persons visible to: owner
}
