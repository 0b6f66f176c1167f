package permissionsets_test

import (
	"context"
	"fmt"
	"log"
	"slices"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/permissionsets"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

// Check what a permission set allows: Get fills its Contents.
func ExampleService_Get() {
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
		full, err := client.PermissionSets.Get(ctx, ps.ID)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(full.Name, "may merge deals:", slices.Contains(full.Contents, "can_merge_deals"))
	}
	// Output:
	// Deals admin may merge deals: true
	// Deals regular user may merge deals: false
}
