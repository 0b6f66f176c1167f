package pipedrivetest_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"testing"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

// Start a fake Pipedrive and point a client at it.
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
	me, err := client.Users.Me(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(me.Name, srv.Stats().Requests)
	// Output: Test User 1
}

// An OAuth client against the fake: OAuthConfig points package auth at
// the fake's endpoints and trusts the fake's api_domain (its own http URL).
func ExampleServer_OAuthConfig() {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	cfg := srv.OAuthConfig("http://127.0.0.1:9/callback")
	g := srv.GrantOAuth()
	tok := &auth.Token{AccessToken: g.AccessToken, RefreshToken: g.RefreshToken, APIDomain: g.APIDomain}
	client, err := pipedrive.NewClient(auth.OAuth(cfg, tok))
	if err != nil {
		log.Fatal(err)
	}
	me, err := client.Users.Me(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(me.Name, client.BaseURL() == srv.URL)
	// Output: Test User true
}

// Lose the response of the next deal creation, to test that a client does
// not create the deal twice.
func ExampleServer_InjectFault() {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	err = srv.InjectFault(pipedrivetest.Fault{
		Kind:   pipedrivetest.DropConnection,
		Method: http.MethodPost,
		Path:   "/api/v2/deals",
		Count:  1,
	})
	fmt.Println(err, srv.PendingFaults())
	// Output: <nil> 1
}

// The client core honours the fake's 429 and its reset header.
func TestClientCoreAgainstFake(t *testing.T) {
	srv := pipedrivetest.NewServer(t, pipedrivetest.WithRateLimit(2, 0))
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if _, err := client.Users.Me(context.Background()); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	st := srv.Stats()
	if st.Admitted != 3 || st.MaxInWindow > 2 {
		t.Fatalf("stats %+v", st)
	}
	t.Logf("stats %+v", st)
}
