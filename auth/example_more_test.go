package auth_test

import (
	"context"
	"fmt"
	"log"
	"net/http"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

// The whole OAuth flow against the fake Pipedrive of package
// pipedrivetest: its OAuthConfig gives the endpoints, the app's
// credentials and the trusted api_domain. The consent page approves at
// once and redirects to the callback with a code; the exchange gives a
// token for the company's api_domain, which the client then talks to.
func ExampleOAuth() {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	ctx := context.Background()
	cfg := srv.OAuthConfig("http://127.0.0.1:8080/callback")

	// In an app: http.Redirect(w, r, cfg.AuthCodeURL(state), http.StatusFound),
	// then, in the callback handler, cfg.ExchangeCallback(ctx, r, state).
	state, err := auth.NewState()
	if err != nil {
		log.Fatal(err)
	}
	browser := srv.HTTPClient()
	browser.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := browser.Get(cfg.AuthCodeURL(state))
	if err != nil {
		log.Fatal(err)
	}
	res.Body.Close()
	callback, err := http.NewRequest(http.MethodGet, res.Header.Get("Location"), nil)
	if err != nil {
		log.Fatal(err)
	}
	tok, err := cfg.ExchangeCallback(ctx, callback, state)
	if err != nil {
		log.Fatal(err)
	}

	client, err := pipedrive.NewClient(auth.OAuth(cfg, tok, auth.WithTokenStore(auth.NewMemoryTokenStore(), "7001:1")))
	if err != nil {
		log.Fatal(err)
	}
	me, err := client.Users.Me(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(me.Name, me.CompanyID, tok.APIDomain == srv.URL)
	// Output: Test User 7001 true
}

// An API token: sent in the x-api-token header, never in a URL.
func ExampleAPIToken() {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	cred := auth.APIToken(srv.Token())
	client, err := pipedrive.NewClient(cred, pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	me, err := client.Users.Me(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(me.Name, cred.Kind(), fmt.Sprint(cred) != srv.Token())
	// Output: Test User api_token true
}
