package auth_test

import (
	"context"
	"fmt"
	"log"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// An API token is personal: APITokenFor says whose, so that every
// credential of that user shares the user's daily write budget, and every
// user of the company the company's token budget (in the limiter the
// client uses).
func ExampleAPITokenFor() {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	lim, err := ratelimit.New()
	if err != nil {
		log.Fatal(err)
	}
	cred := auth.APITokenFor(srv.Token(), srv.CompanyID(), pipedrivetest.DefaultUserID)
	if _, err := pipedrive.NewClient(cred, pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(lim)); err != nil {
		log.Fatal(err)
	}
	user, company := lim.Identity(cred.LimitKey())
	fmt.Println(user == ratelimit.UserKey(srv.CompanyID(), pipedrivetest.DefaultUserID), company == ratelimit.CompanyKey(srv.CompanyID()))
	// Output:
	// true true
}

// An OAuth app knows whom each grant is for when it stores the token
// (the documented store key "<company id>:<user id>"): WithIdentity says
// so, and Identity reads it back.
func ExampleWithIdentity() {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	g := srv.GrantOAuth()
	tok := &auth.Token{AccessToken: g.AccessToken, RefreshToken: g.RefreshToken, APIDomain: g.APIDomain}
	store := auth.NewMemoryTokenStore()
	key := fmt.Sprintf("%d:%d", srv.CompanyID(), pipedrivetest.DefaultUserID)
	cred := auth.OAuth(srv.OAuthConfig("http://127.0.0.1:8080/callback"), tok,
		auth.WithTokenStore(store, key), auth.WithIdentity(srv.CompanyID(), pipedrivetest.DefaultUserID))
	client, err := pipedrive.NewClient(cred)
	if err != nil {
		log.Fatal(err)
	}
	me, err := client.Users.Me(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	companyID, userID, ok := cred.Identity()
	fmt.Println(ok, companyID == me.CompanyID, userID == me.ID)
	// Output:
	// true true true
}
