package roles_test

import (
	"context"
	"fmt"
	"log"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/roles"
)

// Add a role under the default one, assign a user to it and set who sees
// the deals its users create. The example runs against the fake Pipedrive
// of package pipedrivetest; real code builds its client with
// pipedrive.NewClient(auth.APIToken(token)).
func Example() {
	srv, err := pipedrivetest.Start(pipedrivetest.WithUserAPIToken(2, "a-second-users-token"))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	ref, err := client.Roles.Create(ctx, &roles.CreateParams{Name: "Sales EMEA", ParentRoleID: pipedrive.Ptr(pipedrivetest.DefaultRoleID)})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Roles.AddAssignment(ctx, ref.ID, 2); err != nil {
		log.Fatal(err)
	}
	if _, err := client.Roles.UpdateSetting(ctx, ref.ID, &roles.SettingParams{
		SettingKey: roles.DealDefaultVisibility, Value: crm.VisibleToCompany,
	}); err != nil {
		log.Fatal(err)
	}
	for r, err := range client.Roles.List(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%d %s: level %d, %d user(s)\n", r.ID, r.Name, r.Level, r.AssignmentCount)
	}
	r, err := client.Roles.Get(ctx, ref.ID)
	if err != nil {
		log.Fatal(err)
	}
	v, _ := r.Settings.Visibility(roles.DealDefaultVisibility)
	fmt.Println("new deals visible to:", v)
	// Output:
	// 1 (Unassigned users): level 1, 1 user(s)
	// 2 Sales EMEA: level 2, 1 user(s)
	// new deals visible to: company
}
