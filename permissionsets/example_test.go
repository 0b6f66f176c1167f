package permissionsets_test

import (
	"context"
	"fmt"
	"log"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/permissionsets"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

// List the sales app's permission sets and who holds the admin one. The
// example runs against the fake Pipedrive of package pipedrivetest, seeded
// with Pipedrive's usual sets; real code builds its client with
// pipedrive.NewClient(auth.APIToken(token)).
func ExampleService_List() {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	for ps, err := range client.PermissionSets.List(ctx, &permissionsets.ListParams{App: permissionsets.AppSales}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(ps.Name, ps.Type)
		if ps.Type != permissionsets.TypeAdmin {
			continue
		}
		for a, err := range client.PermissionSets.Assignments(ctx, ps.ID, nil) {
			if err != nil {
				log.Fatal(err)
			}
			fmt.Println("  held by user", a.UserID)
		}
	}
	// Output:
	// Deals admin admin
	//   held by user 1
	// Deals regular user regular
}
