package pipedrivetest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/currencies"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/itemsearch"
	"github.com/pipedrive-go/pipedrive/organizations"
	"github.com/pipedrive-go/pipedrive/persons"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/recents"
	"github.com/pipedrive-go/pipedrive/users"
)

func newClient(t *testing.T, srv *pipedrivetest.Server, token string) *pipedrive.Client {
	t.Helper()
	c, err := pipedrive.NewClient(auth.APIToken(token), pipedrive.WithBaseURL(srv.URL))
	require.NoError(t, err)
	return c
}

func collectAll[T any](t *testing.T, seq func(yield func(*T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, *v)
	}
	return out
}

func TestUsersThroughSDK(t *testing.T) {
	ctx := context.Background()
	srv := pipedrivetest.NewServer(t, pipedrivetest.WithRateLimit(1000, 0), pipedrivetest.WithUserAPIToken(42, "u42"))
	c := newClient(t, srv, srv.Token())

	me, err := c.Users.Me(ctx)
	require.NoError(t, err)
	assert.Equal(t, pipedrivetest.DefaultUserID, me.ID)
	assert.True(t, me.IsYou)
	assert.True(t, me.IsAdmin)
	assert.Equal(t, pipedrivetest.CompanyID, me.CompanyID)
	require.NotNil(t, me.Language)

	// The seeded users and the token's user.
	all := collectAll(t, c.Users.List(ctx))
	var ids []int64
	for _, u := range all {
		ids = append(ids, u.ID)
		assert.Equal(t, u.ID == me.ID, u.IsYou, "user %d", u.ID)
		assert.Zero(t, u.CompanyID, "company fields are the current user's only")
	}
	assert.Equal(t, []int64{1, 2, 3, 42}, ids)

	// Invite a user, then deactivate them.
	u, err := c.Users.Create(ctx, &users.CreateParams{Email: "grace@example.com",
		Access: []users.AccessParams{{App: users.AppSales}, {App: users.AppGlobal, Admin: pipedrive.Ptr(true)}}})
	require.NoError(t, err)
	assert.Equal(t, int64(43), u.ID)
	assert.Equal(t, "grace", u.Name)
	assert.True(t, u.Active)
	assert.False(t, u.IsYou)
	assert.Equal(t, []users.Access{{App: users.AppSales, PermissionSetID: "pdt-sales"}, {App: users.AppGlobal, Admin: true, PermissionSetID: "pdt-global"}}, u.Access)
	_, err = c.Users.Create(ctx, &users.CreateParams{Email: "GRACE@example.com"})
	var apiErr *pipedrive.Error
	require.ErrorAs(t, err, &apiErr, "a second user with the same email")
	assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)

	u, err = c.Users.Update(ctx, u.ID, &users.UpdateParams{Active: pipedrive.Ptr(false)})
	require.NoError(t, err)
	assert.False(t, u.Active)
	got, err := c.Users.Get(ctx, u.ID)
	require.NoError(t, err)
	assert.False(t, got.Active)
	_, err = c.Users.Get(ctx, 999)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)

	// Find by name, and by email.
	found := collectAll(t, c.Users.Find(ctx, &users.FindParams{Term: "test user"}))
	assert.Len(t, found, 4)
	found = collectAll(t, c.Users.Find(ctx, &users.FindParams{Term: "grace@", SearchByEmail: true}))
	require.Len(t, found, 1)
	assert.Equal(t, "grace@example.com", found[0].Email)
	assert.Empty(t, collectAll(t, c.Users.Find(ctx, &users.FindParams{Term: "example.com"})), "by name, not email")

	// Followers of the default user, paged.
	page, err := c.Users.FollowersPage(ctx, me.ID, &crm.PageParams{Limit: 1})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.True(t, page.More)
	followers := collectAll(t, c.Users.Followers(ctx, me.ID, nil))
	assert.Equal(t, []int64{2, 3}, []int64{followers[0].UserID, followers[1].UserID})
	assert.Empty(t, collectAll(t, c.Users.Followers(ctx, 42, nil)))

	perms, err := c.Users.Permissions(ctx, me.ID)
	require.NoError(t, err)
	assert.True(t, perms.CanDeleteDeals, "admins may do everything")
	perms, err = c.Users.Permissions(ctx, 42)
	require.NoError(t, err)
	assert.True(t, perms.CanUseAPI)
	assert.False(t, perms.CanDeleteDeals)

	roles := collectAll(t, c.Users.RoleAssignments(ctx, me.ID, nil))
	require.Len(t, roles, 1)
	assert.Equal(t, "Admins", roles[0].Name)
	rs, err := c.Users.RoleSettings(ctx, 42)
	require.NoError(t, err)
	assert.Equal(t, crm.VisibleToCompany, rs.DealDefaultVisibility)

	conn, err := c.Users.Connections(ctx)
	require.NoError(t, err)
	assert.Empty(t, conn.Google)
	settings, err := c.Users.Settings(ctx)
	require.NoError(t, err)
	assert.Equal(t, 100, settings.ListLimit)

	// Another token's user sees itself as "me".
	other, err := newClient(t, srv, "u42").Users.Me(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(42), other.ID)
	assert.True(t, other.IsYou)
	assert.False(t, other.IsAdmin)

	// Create and Update are writes: they spend the daily budget.
	assert.Equal(t, 3, srv.TokenStats(srv.Token()).Writes)
}

func TestItemSearchThroughSDK(t *testing.T) {
	ctx := context.Background()
	srv := pipedrivetest.NewServer(t, pipedrivetest.WithRateLimit(1000, 0))
	c := newClient(t, srv, srv.Token())

	org, err := c.Organizations.Create(ctx, &organizations.CreateParams{Name: "Analytical Engines",
		Address: &crm.AddressParams{Value: "1 Dorset Street, London"}})
	require.NoError(t, err)
	ada, err := c.Persons.Create(ctx, &persons.CreateParams{Name: "Ada Lovelace", OrgID: &org.ID,
		Emails: []persons.ContactDetail{{Value: "ada@engines.example", Primary: true}}})
	require.NoError(t, err)
	_, err = c.Persons.Create(ctx, &persons.CreateParams{Name: "Charles Babbage", OrgID: &org.ID})
	require.NoError(t, err)
	deal, err := c.Deals.Create(ctx, &deals.CreateParams{Title: "Engine No. 2", Value: pipedrive.Ptr(15000.0),
		Currency: "GBP", PersonID: &ada.ID, OrgID: &org.ID})
	require.NoError(t, err)
	_, err = c.Deals.Create(ctx, &deals.CreateParams{Title: "Loom repair"})
	require.NoError(t, err)

	// The deal by title, the organization by name, Ada by email.
	hits := collectAll(t, c.ItemSearch.Search(ctx, &itemsearch.SearchParams{Term: "engine"}))
	require.Len(t, hits, 3)
	byType := map[itemsearch.ItemType]itemsearch.Item{}
	for _, h := range hits {
		byType[h.Item.Type] = h.Item
		assert.False(t, h.Related)
	}
	require.NotNil(t, byType[itemsearch.TypeDeal].Deal)
	assert.Equal(t, "Engine No. 2", byType[itemsearch.TypeDeal].Deal.Title)
	assert.Equal(t, 15000.0, byType[itemsearch.TypeDeal].Deal.Value)
	assert.Equal(t, &crm.IDName{ID: ada.ID, Name: "Ada Lovelace"}, byType[itemsearch.TypeDeal].Deal.Person)
	assert.Equal(t, "1 Dorset Street, London", byType[itemsearch.TypeOrganization].Organization.Address)
	assert.Equal(t, "Ada Lovelace", byType[itemsearch.TypePerson].Person.Name)
	assert.Equal(t, "Engine No. 2", hits[0].Item.Title(), "the best match first")

	// Item types, fields and exact matches narrow it; related items follow.
	page, err := c.ItemSearch.SearchPage(ctx, &itemsearch.SearchParams{Term: "ada@engines.example",
		ItemTypes: []itemsearch.ItemType{itemsearch.TypePerson}, Fields: []itemsearch.Field{itemsearch.FieldEmail},
		ExactMatch: true, SearchForRelatedItems: true})
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	assert.Equal(t, ada.ID, page.Items[0].Item.ID)
	assert.Equal(t, []string{"ada@engines.example"}, page.Items[0].Item.Person.Emails)
	assert.True(t, page.Items[1].Related)
	assert.Equal(t, deal.ID, page.Items[1].Item.Deal.ID)

	// Paging by cursor.
	p1, err := c.ItemSearch.SearchPage(ctx, &itemsearch.SearchParams{Term: "e", ExactMatch: false, Limit: 1, Fields: []itemsearch.Field{itemsearch.FieldName, itemsearch.FieldTitle}})
	var apiErr *pipedrive.Error
	require.ErrorAs(t, err, &apiErr, "one character without exact match")
	assert.Nil(t, p1)
	p1, err = c.ItemSearch.SearchPage(ctx, &itemsearch.SearchParams{Term: "engine", Limit: 1})
	require.NoError(t, err)
	require.Len(t, p1.Items, 1)
	require.True(t, p1.More)
	p2, err := c.ItemSearch.SearchPage(ctx, &itemsearch.SearchParams{Term: "engine", Limit: 1, Cursor: p1.NextCursor})
	require.NoError(t, err)
	require.Len(t, p2.Items, 1)
	assert.NotEqual(t, p1.Items[0].Item.Type, p2.Items[0].Item.Type, "the next hit")

	// The field search: one hit per record whose field matches.
	matches := collectAll(t, c.ItemSearch.SearchByField(ctx, &itemsearch.FieldSearchParams{
		Term: "Engine", EntityType: itemsearch.EntityDeal, Field: "title", Match: itemsearch.MatchBeginning}))
	require.Len(t, matches, 1)
	assert.Equal(t, deal.ID, matches[0].ID)
	assert.Equal(t, "title", matches[0].Field)
	assert.Equal(t, "Engine No. 2", matches[0].Text())
	assert.Empty(t, collectAll(t, c.ItemSearch.SearchByField(ctx, &itemsearch.FieldSearchParams{
		Term: "engine", EntityType: itemsearch.EntityDeal, Field: "title", Match: itemsearch.MatchMiddle})), "case sensitive")
	assert.Empty(t, collectAll(t, c.ItemSearch.SearchByField(ctx, &itemsearch.FieldSearchParams{
		Term: "Engine", EntityType: itemsearch.EntityProduct, Field: "name", Match: itemsearch.MatchMiddle})), "no products in the fake")

	// Searches spend the search window (the refused one too: the server
	// admitted it before reading its term).
	assert.Equal(t, 8, srv.TokenStats(srv.Token()).Searches)
}

// The item search is held to the search window: at most 10 in 2 seconds,
// with the window's headers, while other requests go on.
func TestItemSearchWindow(t *testing.T) {
	srv := pipedrivetest.NewServer(t, pipedrivetest.WithRateLimit(1000, 0))
	hc := srv.HTTPClient()
	get := func(path string) *http.Response {
		t.Helper()
		r, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		require.NoError(t, err)
		r.Header.Set("X-Api-Token", srv.Token())
		res, err := hc.Do(r)
		require.NoError(t, err)
		res.Body.Close()
		return res
	}
	codes := map[int]int{}
	for range 11 {
		res := get("/api/v2/itemSearch?term=anything")
		codes[res.StatusCode]++
		if res.StatusCode == http.StatusOK {
			assert.Equal(t, "10", res.Header.Get("X-Ratelimit-Limit"))
		}
	}
	// The clock is real: allow for a window that slid during the loop.
	assert.GreaterOrEqual(t, codes[http.StatusOK], 10)
	assert.Equal(t, http.StatusOK, get("/v1/currencies").StatusCode, "other requests are not held")
}

func TestCurrenciesThroughSDK(t *testing.T) {
	ctx := context.Background()
	srv := pipedrivetest.NewServer(t)
	c := newClient(t, srv, srv.Token())
	all := collectAll(t, c.Currencies.List(ctx, nil))
	require.GreaterOrEqual(t, len(all), 10)
	assert.Equal(t, currencies.Currency{ID: 1, Code: "USD", Name: "US Dollar", DecimalPoints: 2, Symbol: "$", Active: true}, all[0])
	found := collectAll(t, c.Currencies.List(ctx, &currencies.ListParams{Term: "pound"}))
	require.Len(t, found, 1)
	assert.Equal(t, "GBP", found[0].Code)
	found = collectAll(t, c.Currencies.List(ctx, &currencies.ListParams{Term: "jp"}))
	require.Len(t, found, 1)
	assert.Equal(t, 0, found[0].DecimalPoints)
}

// manualClock is a pipedrivetest.Clock moved by hand.
type manualClock struct{ t time.Time }

func (c *manualClock) Now() time.Time { return c.t }

func TestRecentsThroughSDK(t *testing.T) {
	ctx := context.Background()
	clock := &manualClock{t: time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)}
	srv := pipedrivetest.NewServer(t, pipedrivetest.WithClock(clock), pipedrivetest.WithRateLimit(1000, 0))
	c := newClient(t, srv, srv.Token())

	org, err := c.Organizations.Create(ctx, &organizations.CreateParams{Name: "Old Org"})
	require.NoError(t, err)
	clock.t = clock.t.Add(time.Hour)
	since := clock.t
	clock.t = clock.t.Add(time.Minute)
	deal, err := c.Deals.Create(ctx, &deals.CreateParams{Title: "New deal"})
	require.NoError(t, err)
	clock.t = clock.t.Add(time.Minute)
	_, err = c.Organizations.Update(ctx, org.ID, &organizations.UpdateParams{Name: pipedrive.Ptr("Renamed Org")})
	require.NoError(t, err)
	clock.t = clock.t.Add(time.Minute)
	u, err := c.Users.Create(ctx, &users.CreateParams{Email: "new@example.com"})
	require.NoError(t, err)

	changes := collectAll(t, c.Recents.List(ctx, &recents.ListParams{Since: since}))
	require.Len(t, changes, 3, "the organization made before since is reported once renamed; seeded users are older")
	assert.Equal(t, recents.ItemDeal, changes[0].Item)
	d, err := changes[0].Deal()
	require.NoError(t, err)
	assert.Equal(t, deal.ID, d.ID)
	o, err := changes[1].Organization()
	require.NoError(t, err)
	assert.Equal(t, "Renamed Org", o.Name)
	nu, err := changes[2].User()
	require.NoError(t, err)
	assert.Equal(t, u.ID, nu.ID)

	// By item type, paged.
	only := collectAll(t, c.Recents.List(ctx, &recents.ListParams{Since: since, Items: []recents.ItemType{recents.ItemOrganization, recents.ItemUser}}))
	assert.Len(t, only, 2)
	page, err := c.Recents.ListPage(ctx, &recents.ListParams{Since: since, Limit: 2})
	require.NoError(t, err)
	assert.True(t, page.More)
	assert.Equal(t, 2, page.NextStart)
	assert.Empty(t, collectAll(t, c.Recents.List(ctx, &recents.ListParams{Since: clock.t})))
}

func TestOrganizationRelationshipsThroughSDK(t *testing.T) {
	ctx := context.Background()
	srv := pipedrivetest.NewServer(t, pipedrivetest.WithRateLimit(1000, 0))
	c := newClient(t, srv, srv.Token())
	parent, err := c.Organizations.Create(ctx, &organizations.CreateParams{Name: "Holding",
		Address: &crm.AddressParams{Value: "Tallinn"}})
	require.NoError(t, err)
	daughter, err := c.Organizations.Create(ctx, &organizations.CreateParams{Name: "Subsidiary"})
	require.NoError(t, err)
	peer, err := c.Organizations.Create(ctx, &organizations.CreateParams{Name: "Partner"})
	require.NoError(t, err)
	_, err = c.Persons.Create(ctx, &persons.CreateParams{Name: "Ann", OrgID: &parent.ID})
	require.NoError(t, err)

	r, err := c.Organizations.CreateRelationship(ctx, &organizations.RelationshipParams{
		Type: organizations.RelationshipParent, OwnerOrgID: parent.ID, LinkedOrgID: daughter.ID, OrgID: parent.ID})
	require.NoError(t, err)
	assert.Equal(t, organizations.RelationshipParent, r.Type)
	assert.Equal(t, organizations.RelationshipOrganization{ID: parent.ID, Name: "Holding", PeopleCount: 1,
		OwnerID: pipedrivetest.DefaultUserID, Address: "Tallinn", CCEmail: r.OwnerOrg.CCEmail, Active: true}, r.OwnerOrg)
	assert.True(t, r.Active)
	assert.Equal(t, organizations.RelationshipRoleDaughter, r.CalculatedType)
	assert.Equal(t, daughter.ID, r.CalculatedRelatedOrgID)
	assert.Equal(t, "Subsidiary", r.RelatedOrganizationName)

	rel, err := c.Organizations.CreateRelationship(ctx, &organizations.RelationshipParams{
		Type: organizations.RelationshipRelated, OwnerOrgID: parent.ID, LinkedOrgID: peer.ID})
	require.NoError(t, err)
	assert.Empty(t, rel.CalculatedType, "no org_id, no calculated fields")

	// Seen from the daughter, the other side is the parent.
	got, err := c.Organizations.RelationshipWith(ctx, r.ID, &organizations.RelationshipGetParams{OrgID: daughter.ID})
	require.NoError(t, err)
	assert.Equal(t, organizations.RelationshipRoleParent, got.CalculatedType)
	assert.Equal(t, parent.ID, got.CalculatedRelatedOrgID)

	list := collectAll(t, c.Organizations.Relationships(ctx, &organizations.RelationshipListParams{OrgID: parent.ID}))
	assert.Len(t, list, 2)
	list = collectAll(t, c.Organizations.Relationships(ctx, &organizations.RelationshipListParams{OrgID: peer.ID}))
	require.Len(t, list, 1)
	assert.Equal(t, organizations.RelationshipRoleRelated, list[0].CalculatedType)

	upd, err := c.Organizations.UpdateRelationship(ctx, rel.ID, &organizations.RelationshipUpdateParams{Type: organizations.RelationshipParent})
	require.NoError(t, err)
	assert.Equal(t, organizations.RelationshipParent, upd.Type)
	_, err = c.Organizations.UpdateRelationship(ctx, rel.ID, &organizations.RelationshipUpdateParams{LinkedOrgID: parent.ID})
	var apiErr *pipedrive.Error
	require.ErrorAs(t, err, &apiErr, "an organization related to itself")
	_, err = c.Organizations.CreateRelationship(ctx, &organizations.RelationshipParams{
		Type: organizations.RelationshipRelated, OwnerOrgID: parent.ID, LinkedOrgID: 9999})
	require.ErrorAs(t, err, &apiErr, "an unknown organization")

	require.NoError(t, c.Organizations.DeleteRelationship(ctx, rel.ID))
	_, err = c.Organizations.Relationship(ctx, rel.ID)
	assert.True(t, errors.Is(err, pipedrive.ErrNotFound), "%v", err)
	assert.Len(t, collectAll(t, c.Organizations.Relationships(ctx, &organizations.RelationshipListParams{OrgID: parent.ID})), 1)
}
