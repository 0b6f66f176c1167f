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

// Build a team, change its members and find a user's teams. The example
// runs against the fake Pipedrive of package pipedrivetest; real code
// builds its client with pipedrive.NewClient(auth.APIToken(token)).
func Example() {
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

	t, err := client.Teams.Create(ctx, &teams.CreateParams{Name: "Closers", ManagerID: 4, UserIDs: []int64{2, 3}})
	if err != nil {
		log.Fatal(err)
	}
	members, err := client.Teams.AddUsers(ctx, t.ID, 5)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("members:", members)
	if err := client.Teams.DeleteUsers(ctx, t.ID, 2); err != nil {
		log.Fatal(err)
	}
	for team, err := range client.Teams.ListByUser(ctx, 5, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(team.Name, team.UserIDs)
	}
	// Output:
	// members: [2 3 5]
	// Closers [3 5]
}
