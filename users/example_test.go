package users_test

import (
	"context"
	"fmt"
	"log"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/users"
)

// exampleClient returns a client on the fake Pipedrive of package
// pipedrivetest, so the examples run without an account. Real code builds
// its client with pipedrive.NewClient(auth.APIToken(token)).
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

func ExampleService_Me() {
	client, done := exampleClient()
	defer done()

	me, err := client.Users.Me(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	// Key stored tokens by company and user, as an OAuth backend does.
	fmt.Printf("%s, %d:%d\n", me.Name, me.CompanyID, me.ID)
	// Output: Test User, 7001:1
}

func ExampleService_List() {
	client, done := exampleClient()
	defer done()

	for u, err := range client.Users.List(context.Background()) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(u.ID, u.Name, u.IsYou)
	}
	// Output:
	// 1 Test User true
	// 2 Test User 2 false
	// 3 Test User 3 false
}

func ExampleService_Find() {
	client, done := exampleClient()
	defer done()

	params := &users.FindParams{Term: "user3@example.com", SearchByEmail: true}
	for u, err := range client.Users.Find(context.Background(), params) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(u.ID, u.Name)
	}
	// Output: 3 Test User 3
}

func ExampleService_Create() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	u, err := client.Users.Create(ctx, &users.CreateParams{
		Email:  "grace@example.com",
		Access: []users.AccessParams{{App: users.AppSales}, {App: users.AppGlobal, Admin: pipedrive.Ptr(true)}},
	})
	if err != nil {
		log.Fatal(err)
	}
	// Deactivate the user again: the only change Pipedrive allows.
	u, err = client.Users.Update(ctx, u.ID, &users.UpdateParams{Active: pipedrive.Ptr(false)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.Email, "active:", u.Active)
	// Output: grace@example.com active: false
}

func ExampleService_Permissions() {
	client, done := exampleClient()
	defer done()

	perms, err := client.Users.Permissions(context.Background(), 2)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("API:", perms.CanUseAPI, "delete deals:", perms.CanDeleteDeals)
	// Output: API: true delete deals: false
}

func ExampleService_Followers() {
	client, done := exampleClient()
	defer done()

	for f, err := range client.Users.Followers(context.Background(), 1, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("followed by", f.UserID)
	}
	// Output:
	// followed by 2
	// followed by 3
}
