package pipedrivetest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

const acmeID = 7002

func twoCompanies(t *testing.T, opts ...pipedrivetest.Option) (*pipedrivetest.Server, *pipedrivetest.Server) {
	t.Helper()
	opts = append(opts, pipedrivetest.WithCompany(acmeID, "Acme Ltd",
		pipedrivetest.WithUserAPIToken(2, "acme-user-2"),
		pipedrivetest.WithRateLimit(40, 160), // Acme is on a bigger plan
		pipedrivetest.WithoutDefaultCustomFields(),
	))
	srv := pipedrivetest.NewServer(t, opts...)
	acme := srv.Company(acmeID)
	if acme == nil {
		t.Fatal("no Acme")
	}
	return srv, acme
}

func apiClient(t *testing.T, token, baseURL string) *pipedrive.Client {
	t.Helper()
	c, err := pipedrive.NewClient(auth.APIToken(token), pipedrive.WithBaseURL(baseURL))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Two companies in one fake: each token sees its own company's user, data
// and limits, at the company's own URL and at the main one; at the other
// company's URL it gets 401.
func TestCompaniesAreIsolated(t *testing.T) {
	srv, acme := twoCompanies(t)
	ctx := context.Background()
	if acme.URL == srv.URL || acme.CompanyID() != acmeID || acme.CompanyName() != "Acme Ltd" || acme.Token() == srv.Token() {
		t.Fatalf("acme view: %s %d %s", acme.URL, acme.CompanyID(), acme.CompanyName())
	}
	if len(srv.Companies()) != 2 || srv.Companies()[0].CompanyID() != pipedrivetest.CompanyID {
		t.Fatalf("companies %v", srv.Companies())
	}

	home := apiClient(t, srv.Token(), srv.URL)
	acmeOwn := apiClient(t, acme.Token(), acme.URL)
	acmeMain := apiClient(t, acme.Token(), srv.URL) // as api.pipedrive.com takes any company's token

	for name, c := range map[string]*pipedrive.Client{"home": home, "acme own": acmeOwn, "acme main": acmeMain} {
		me, err := c.Users.Me(ctx)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := int64(pipedrivetest.CompanyID)
		if name != "home" {
			want = acmeID
		}
		if me.CompanyID != want || me.ID != pipedrivetest.DefaultUserID {
			t.Errorf("%s: me is user %d of company %d", name, me.ID, me.CompanyID)
		}
	}
	if _, err := home.Deals.Create(ctx, &deals.CreateParams{Title: "Home deal"}); err != nil {
		t.Fatal(err)
	}
	if _, err := acmeOwn.Deals.Create(ctx, &deals.CreateParams{Title: "Acme deal"}); err != nil {
		t.Fatal(err)
	}
	titles := func(c *pipedrive.Client) []string {
		var out []string
		for d, err := range c.Deals.List(ctx, nil) {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, d.Title)
		}
		return out
	}
	if got := titles(home); len(got) != 1 || got[0] != "Home deal" {
		t.Errorf("home deals %v", got)
	}
	if got := titles(acmeMain); len(got) != 1 || got[0] != "Acme deal" {
		t.Errorf("acme deals through the main URL %v", got)
	}
	if srv.Len(pipedrivetest.Deal) != 1 || acme.Len(pipedrivetest.Deal) != 1 {
		t.Errorf("stored: %d and %d", srv.Len(pipedrivetest.Deal), acme.Len(pipedrivetest.Deal))
	}
	// Acme's fields are its own: no default custom fields.
	if _, ok := acme.CustomFieldKey(pipedrivetest.Deal, "Budget"); ok {
		t.Error("Acme has the default company's fields")
	}

	// A token at another company's URL is refused.
	wrong := apiClient(t, srv.Token(), acme.URL)
	_, err := wrong.Users.Me(ctx)
	if !errors.Is(err, pipedrive.ErrUnauthorized) {
		t.Errorf("home token at Acme's URL: %v", err)
	}

	// Plans and users are the company's.
	if _, err := acmeOwn.Users.Me(ctx); err != nil {
		t.Fatal(err)
	}
	if ts := srv.TokenStats(acme.Token()); ts.Admitted == 0 {
		t.Errorf("token stats %+v", ts)
	}
	res := rawGet(t, srv, acme.URL+"/v1/users/me", acme.Token())
	if got := res.Header.Get("X-Ratelimit-Limit"); got != "40" {
		t.Errorf("Acme's window %q, want 40", got)
	}
	res = rawGet(t, srv, srv.URL+"/v1/users/me", srv.Token())
	if got := res.Header.Get("X-Ratelimit-Limit"); got != "20" {
		t.Errorf("the default company's window %q, want 20", got)
	}
	tok2, err := acme.UserToken(2)
	if err != nil || tok2 != "acme-user-2" {
		t.Errorf("Acme's user 2 token %q, %v", tok2, err)
	}
	tok3, err := acme.UserToken(3)
	if err != nil {
		t.Fatal(err)
	}
	if me, err := apiClient(t, tok3, acme.URL).Users.Me(ctx); err != nil || me.ID != 3 || me.CompanyID != acmeID {
		t.Errorf("a minted token: %+v, %v", me, err)
	}
}

func rawGet(t *testing.T, srv *pipedrivetest.Server, u, token string) *http.Response {
	t.Helper()
	r, _ := http.NewRequest(http.MethodGet, u, nil)
	r.Header.Set("X-Api-Token", token)
	res, err := srv.HTTPClient().Do(r)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}

// The daily token budget is per company: spending Acme's leaves the
// default company's untouched.
func TestCompanyTokenBudgets(t *testing.T) {
	srv := pipedrivetest.NewServer(t, pipedrivetest.WithTokenBudget(1000),
		pipedrivetest.WithCompany(acmeID, "Acme Ltd", pipedrivetest.WithTokenBudget(2)))
	acme := srv.Company(acmeID)
	ctx := context.Background()
	acmeClient := apiClient(t, acme.Token(), acme.URL)
	if _, err := acmeClient.Users.Me(ctx); err != nil { // costs 2: the budget is spent
		t.Fatal(err)
	}
	res := rawGet(t, srv, acme.URL+"/v1/users/me", acme.Token())
	if res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("Acme over its budget: %d", res.StatusCode)
	}
	res = rawGet(t, srv, srv.URL+"/v1/users/me", srv.Token())
	if res.StatusCode != http.StatusOK || res.Header.Get("X-Daily-Ratelimit-Token-Limit") != "1000" {
		t.Errorf("the default company: %d, budget %q", res.StatusCode, res.Header.Get("X-Daily-Ratelimit-Token-Limit"))
	}
}

// An OAuth app serving both companies: each company's authorization gives
// tokens whose api_domain is that company's URL, and the SDK sends each
// company's requests there (no base URL set), keyed "<company>:<user>"
// in one token store without collisions.
func TestOAuthAppServingTwoCompanies(t *testing.T) {
	srv, acme := twoCompanies(t)
	ctx := context.Background()
	store := auth.NewMemoryTokenStore()
	for _, view := range []*pipedrivetest.Server{srv, acme} {
		cfg := view.OAuthConfig("http://127.0.0.1:9/callback")
		state, err := auth.NewState()
		if err != nil {
			t.Fatal(err)
		}
		hc := srv.HTTPClient()
		hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		res, err := hc.Get(cfg.AuthCodeURL(state))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		loc, err := url.Parse(res.Header.Get("Location"))
		if err != nil {
			t.Fatal(err)
		}
		tok, err := cfg.ExchangeCallback(ctx, httptestRequest(loc.String()), state)
		if err != nil {
			t.Fatal(err)
		}
		if tok.APIDomain != view.URL {
			t.Fatalf("company %d: api_domain %q, want %q", view.CompanyID(), tok.APIDomain, view.URL)
		}
		client, err := pipedrive.NewClient(auth.OAuth(cfg, tok))
		if err != nil {
			t.Fatal(err)
		}
		me, err := client.Users.Me(ctx)
		if err != nil || me.CompanyID != view.CompanyID() {
			t.Fatalf("me %+v, %v", me, err)
		}
		if err := store.Save(ctx, fmt.Sprintf("%d:%d", me.CompanyID, me.ID), tok); err != nil {
			t.Fatal(err)
		}
	}
	if store.Len() != 2 {
		t.Errorf("the token store holds %d tokens, want 2 (keys collided)", store.Len())
	}
	tok, err := acme.GrantOAuthAs(2)
	if err != nil || tok.APIDomain != acme.URL {
		t.Fatalf("grant %+v, %v", tok, err)
	}
}

// Options that apply to the whole server are refused inside WithCompany,
// and company ids are unique.
func TestCompanyOptionsAreChecked(t *testing.T) {
	for name, opt := range map[string]pipedrivetest.Option{
		"server-wide":  pipedrivetest.WithCompany(acmeID, "Acme", pipedrivetest.WithQueryTokenAuth()),
		"duplicate id": pipedrivetest.WithCompany(pipedrivetest.CompanyID, "Again"),
		"no name":      pipedrivetest.WithCompany(acmeID, " "),
	} {
		if srv, err := pipedrivetest.Start(opt); err == nil {
			srv.Close()
			t.Errorf("%s: accepted", name)
		}
	}
}
