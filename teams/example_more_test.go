package teams_test

import (
	"context"
	"fmt"
	"log"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/teams"
)

// fakeClient starts the fake Pipedrive of package pipedrivetest and a
// client for it, so that the examples run offline.
func fakeClient() (*pipedrivetest.Server, *pipedrive.Client) {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	return srv, client
}

// List the teams with their members.
func ExampleService_List() {
	srv, client := fakeClient()
	defer srv.Close()
	ctx := context.Background()
	for _, name := range []string{"Closers", "Hunters"} {
		if _, err := client.Teams.Create(ctx, &teams.CreateParams{Name: name, ManagerID: 1, UserIDs: []int64{2}}); err != nil {
			log.Fatal(err)
		}
	}

	for t, err := range client.Teams.List(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(t.ID, t.Name, t.ManagerID, t.UserIDs)
	}
	// Output:
	// 1 Closers 1 [2]
	// 2 Hunters 1 [2]
}

// Rename a team, replace its members and read them back.
func ExampleService_Update() {
	srv, client := fakeClient()
	defer srv.Close()
	ctx := context.Background()
	t, err := client.Teams.Create(ctx, &teams.CreateParams{Name: "Closers", ManagerID: 1})
	if err != nil {
		log.Fatal(err)
	}

	t, err = client.Teams.Update(ctx, t.ID, &teams.UpdateParams{Name: pipedrive.Ptr("Enterprise closers"), UserIDs: []int64{2, 3}})
	if err != nil {
		log.Fatal(err)
	}
	members, err := client.Teams.Users(ctx, t.ID)
	if err != nil {
		log.Fatal(err)
	}
	if err := client.Teams.DeleteUsers(ctx, t.ID, 3); err != nil {
		log.Fatal(err)
	}
	got, err := client.Teams.Get(ctx, t.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.Name, members, got.UserIDs)
	// Output: Enterprise closers [2 3] [2]
}
