package pipedrivetest_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/products"
	"github.com/pipedrive-go/pipedrive/webhooks"
)

// tickClock is a Clock that moves one second per reading, so that every
// record gets its own timestamp.
type tickClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *tickClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

func productsClient(t *testing.T, opts ...pipedrivetest.Option) (*pipedrivetest.Server, *pipedrive.Client) {
	t.Helper()
	srv := pipedrivetest.NewServer(t, append([]pipedrivetest.Option{pipedrivetest.WithRateLimit(1000, 0)}, opts...)...)
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	require.NoError(t, err)
	return srv, client
}

func TestProductsCRUDAgainstFake(t *testing.T) {
	ctx := context.Background()
	_, client := productsClient(t)

	p, err := client.Products.Create(ctx, &products.CreateParams{
		Name: "Mechanical pencil", Code: "MPENCIL", Unit: "pcs", Tax: pipedrive.Ptr(20.0),
		Category: pipedrive.Ptr[int64](1),
		Prices: []products.PriceParams{
			{Currency: "EUR", Price: 5, Cost: pipedrive.Ptr(2.0), DirectCost: pipedrive.Ptr(0.5)},
			{Currency: "usd", Price: 6},
		},
		BillingFrequency: products.BillingMonthly, BillingFrequencyCycles: pipedrive.Ptr(12),
		CustomFieldsByName: crm.FieldValues{"Material": "Wood", "Colours": []string{"Red", "Blue"}, "Launch date": "2027-01-31"},
	})
	require.NoError(t, err)
	assert.Equal(t, "Mechanical pencil", p.Name)
	assert.True(t, p.IsLinkable)
	assert.Equal(t, crm.VisibleToCompany, p.VisibleTo)
	assert.Equal(t, pipedrivetest.DefaultUserID, p.OwnerID)
	assert.Equal(t, pipedrive.Ptr("1"), p.Category)
	require.Len(t, p.Prices, 2)
	usd, ok := p.Price("USD")
	require.True(t, ok, "currency codes are upper-cased")
	assert.Equal(t, products.Price{ProductID: p.ID, Price: 6, Currency: "USD"}, usd)
	eur, _ := p.Price("EUR")
	assert.Equal(t, pipedrive.Ptr(0.5), eur.DirectCost)

	fields, err := client.Products.CustomFields(ctx)
	require.NoError(t, err)
	read := fields.Read(p.CustomFields)
	material, err := read.Option("Material")
	require.NoError(t, err)
	assert.Equal(t, "Wood", material)
	colours, err := read.Options("Colours")
	require.NoError(t, err)
	assert.Equal(t, []string{"Red", "Blue"}, colours)
	assert.False(t, read.Has("Datasheet"))

	got, err := client.Products.Get(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, p, got)

	up, err := client.Products.Update(ctx, p.ID, &products.UpdateParams{
		Name: "Pencil", Code: pipedrive.Ptr(""), Prices: []products.PriceParams{{Currency: "EUR", Price: 4.5}},
		BillingFrequency: products.BillingOneTime, ClearBillingFrequencyCycles: true,
		CustomFieldsByName: crm.FieldValues{"Material": nil, "Datasheet": "HB lead, 0.5 mm"},
	})
	require.NoError(t, err)
	assert.Equal(t, "Pencil", up.Name)
	assert.Empty(t, up.Code)
	assert.Equal(t, products.BillingOneTime, up.BillingFrequency)
	assert.Nil(t, up.BillingFrequencyCycles)
	assert.Equal(t, []products.Price{{ProductID: p.ID, Price: 4.5, Currency: "EUR"}}, up.Prices)
	read = fields.Read(up.CustomFields)
	assert.False(t, read.Has("Material"), "cleared")
	ds, err := read.Text("Datasheet")
	require.NoError(t, err)
	assert.Equal(t, "HB lead, 0.5 mm", ds)
	require.NotNil(t, up.UpdateTime)

	// The fake refuses what Pipedrive would.
	var apiErr *pipedrive.Error
	_, err = client.Products.Update(ctx, p.ID, &products.UpdateParams{BillingFrequency: products.BillingWeekly})
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
	_, err = client.Products.Create(ctx, &products.CreateParams{Name: "Dup", Prices: []products.PriceParams{{Currency: "EUR"}, {Currency: "EUR"}}})
	assert.ErrorAs(t, err, &apiErr)
	_, err = client.Products.Create(ctx, &products.CreateParams{Name: "Bad", CustomFieldsByName: crm.FieldValues{"Material": "Glass"}})
	assert.ErrorIs(t, err, crm.ErrUnknownOption, "refused before sending")

	// A product without prices gets one of 0 in the default currency.
	plain, err := client.Products.Create(ctx, &products.CreateParams{Name: "Eraser"})
	require.NoError(t, err)
	assert.Equal(t, []products.Price{{ProductID: plain.ID, Currency: "USD"}}, plain.Prices)

	require.NoError(t, client.Products.Delete(ctx, p.ID))
	_, err = client.Products.Get(ctx, p.ID)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)
}

func TestProductsListAndSearchAgainstFake(t *testing.T) {
	ctx := context.Background()
	_, client := productsClient(t, pipedrivetest.WithClock(&tickClock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}))
	names := []string{"Pencil", "Eraser", "Sharpener", "Pencil case", "Notebook"}
	var ids []int64
	for i, name := range names {
		params := &products.CreateParams{Name: name, Code: "P-" + strings.ToUpper(name[:3]),
			CustomFieldsByName: crm.FieldValues{"Datasheet": "for " + strings.ToLower(name) + "s"}}
		if i%2 == 1 {
			params.OwnerID = pipedrive.Ptr[int64](7)
		}
		p, err := client.Products.Create(ctx, params)
		require.NoError(t, err)
		ids = append(ids, p.ID)
	}

	var all []string
	for p, err := range client.Products.List(ctx, &products.ListParams{Limit: 2}) {
		require.NoError(t, err)
		all = append(all, p.Name)
	}
	assert.Equal(t, names, all, "by id, across three pages")

	page, err := client.Products.ListPage(ctx, &products.ListParams{OwnerID: 7, SortBy: products.SortByName, SortDirection: crm.Descending})
	require.NoError(t, err)
	assert.False(t, page.More)
	require.Len(t, page.Items, 2)
	assert.Equal(t, "Pencil case", page.Items[0].Name)
	assert.Equal(t, "Eraser", page.Items[1].Name)

	page, err = client.Products.ListPage(ctx, &products.ListParams{IDs: []int64{ids[0], ids[4]}})
	require.NoError(t, err)
	assert.Len(t, page.Items, 2)

	third, err := client.Products.Get(ctx, ids[2])
	require.NoError(t, err)
	page, err = client.Products.ListPage(ctx, &products.ListParams{UpdatedSince: *third.UpdateTime})
	require.NoError(t, err)
	assert.Len(t, page.Items, 3, "updated at or after the third")

	code, ok := mustFieldCode(t, client, "Datasheet")
	require.True(t, ok)
	page, err = client.Products.ListPage(ctx, &products.ListParams{CustomFields: []string{code}, Limit: 1})
	require.NoError(t, err)
	assert.Len(t, page.Items[0].CustomFields, 1)

	// Search: names, codes and text custom fields, best matches first.
	var hits []string
	for hit, err := range client.Products.Search(ctx, &products.SearchParams{Term: "pencil", Limit: 1}) {
		require.NoError(t, err)
		hits = append(hits, hit.Item.Name)
	}
	assert.Equal(t, []string{"Pencil", "Pencil case"}, hits)
	res, err := client.Products.SearchPage(ctx, &products.SearchParams{Term: "P-NOT", Fields: []products.SearchField{products.SearchCode},
		IncludeFields: []products.SearchInclude{products.IncludePrices}})
	require.NoError(t, err)
	require.Len(t, res.Items, 1)
	assert.Equal(t, "Notebook", res.Items[0].Item.Name)
	assert.Equal(t, "P-NOT", res.Items[0].Item.Code)
	assert.Equal(t, pipedrivetest.DefaultUserID, res.Items[0].Item.OwnerID)
	require.Len(t, res.Items[0].Item.Prices, 1)
	res, err = client.Products.SearchPage(ctx, &products.SearchParams{Term: "for erasers", Fields: []products.SearchField{products.SearchCustomFields}})
	require.NoError(t, err)
	require.Len(t, res.Items, 1)
	assert.Equal(t, []string{"for erasers"}, res.Items[0].Item.CustomFields)
	res, err = client.Products.SearchPage(ctx, &products.SearchParams{Term: "pencil", ExactMatch: true})
	require.NoError(t, err)
	assert.Len(t, res.Items, 1)
}

func mustFieldCode(t *testing.T, client *pipedrive.Client, name string) (string, bool) {
	t.Helper()
	set, err := client.Products.CustomFields(context.Background())
	require.NoError(t, err)
	f, err := set.Field(name)
	if err != nil {
		return "", false
	}
	return f.Code, true
}

func TestProductVariationsAndDuplicateAgainstFake(t *testing.T) {
	ctx := context.Background()
	_, client := productsClient(t)
	p, err := client.Products.Create(ctx, &products.CreateParams{Name: "T-shirt", Prices: []products.PriceParams{{Currency: "EUR", Price: 15}}})
	require.NoError(t, err)

	small, err := client.Products.CreateVariation(ctx, p.ID, &products.VariationParams{Name: "S",
		Prices: []products.PriceParams{{Currency: "EUR", Price: 14, Notes: "small"}}})
	require.NoError(t, err)
	assert.Equal(t, []products.VariationPrice{{ProductVariationID: small.ID, Price: 14, Currency: "EUR", Notes: "small"}}, small.Prices)
	large, err := client.Products.CreateVariation(ctx, p.ID, &products.VariationParams{Name: "L"})
	require.NoError(t, err)
	assert.Equal(t, p.ID, large.ProductID)
	require.Len(t, large.Prices, 1, "a default price")

	large, err = client.Products.UpdateVariation(ctx, p.ID, large.ID, &products.VariationUpdateParams{Name: "XL",
		Prices: []products.PriceParams{{Currency: "EUR", Price: 17}}})
	require.NoError(t, err)
	assert.Equal(t, "XL", large.Name)
	assert.Equal(t, 17.0, large.Prices[0].Price)

	var got []string
	for v, err := range client.Products.Variations(ctx, p.ID, &crm.PageParams{Limit: 1}) {
		require.NoError(t, err)
		got = append(got, v.Name)
	}
	assert.Equal(t, []string{"S", "XL"}, got)

	cp, err := client.Products.Duplicate(ctx, p.ID)
	require.NoError(t, err)
	assert.NotEqual(t, p.ID, cp.ID)
	assert.Equal(t, "T-shirt", cp.Name)
	assert.Equal(t, []products.Price{{ProductID: cp.ID, Price: 15, Currency: "EUR"}}, cp.Prices)
	page, err := client.Products.VariationsPage(ctx, cp.ID, nil)
	require.NoError(t, err)
	require.Len(t, page.Items, 2, "the copy has the variations too")
	assert.Equal(t, cp.ID, page.Items[0].ProductID)
	assert.Equal(t, page.Items[0].ID, page.Items[0].Prices[0].ProductVariationID)

	require.NoError(t, client.Products.DeleteVariation(ctx, p.ID, small.ID))
	err = client.Products.DeleteVariation(ctx, cp.ID, large.ID)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound, "a variation of another product")
	page, err = client.Products.VariationsPage(ctx, p.ID, nil)
	require.NoError(t, err)
	assert.Len(t, page.Items, 1)
}

func TestProductImageAgainstFake(t *testing.T) {
	ctx := context.Background()
	_, client := productsClient(t)
	p, err := client.Products.Create(ctx, &products.CreateParams{Name: "Lamp"})
	require.NoError(t, err)

	_, err = client.Products.Image(ctx, p.ID)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)
	up, err := client.Products.UploadImage(ctx, p.ID, &products.ImageParams{Content: strings.NewReader("fake png bytes"), FileName: "lamp.png"})
	require.NoError(t, err)
	assert.Equal(t, p.ID, up.ProductID)
	assert.Equal(t, pipedrivetest.CompanyID, up.CompanyID)
	assert.False(t, up.AddTime.IsZero())

	im, err := client.Products.Image(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, up.ID, im.ID)
	assert.Equal(t, "lamp.png", im.Name)
	assert.Equal(t, "image/png", im.MimeType)
	assert.NotEmpty(t, im.PublicURL)

	_, err = client.Products.UploadImage(ctx, p.ID, &products.ImageParams{Content: strings.NewReader("again"), FileName: "lamp.png"})
	var apiErr *pipedrive.Error
	require.ErrorAs(t, err, &apiErr, "one image per product")
	assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
	_, err = client.Products.UpdateImage(ctx, p.ID, &products.ImageParams{Content: strings.NewReader("not an image"), FileName: "notes.txt"})
	require.ErrorAs(t, err, &apiErr, "text/plain is not an image")

	_, err = client.Products.UpdateImage(ctx, p.ID, &products.ImageParams{Content: strings.NewReader("jpeg bytes"), FileName: "lamp.jpg"})
	require.NoError(t, err)
	im, err = client.Products.Image(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, "lamp.jpg", im.Name)
	assert.Equal(t, "image/jpeg", im.MimeType)

	require.NoError(t, client.Products.DeleteImage(ctx, p.ID))
	_, err = client.Products.Image(ctx, p.ID)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)
	_, err = client.Products.UpdateImage(ctx, p.ID, &products.ImageParams{Content: strings.NewReader("x"), FileName: "x.png"})
	assert.ErrorIs(t, err, pipedrive.ErrNotFound, "nothing to replace")
}

func TestProductFollowersAgainstFake(t *testing.T) {
	ctx := context.Background()
	_, client := productsClient(t)
	p, err := client.Products.Create(ctx, &products.CreateParams{Name: "Desk"})
	require.NoError(t, err)
	for _, u := range []int64{2, 3} {
		f, err := client.Products.AddFollower(ctx, p.ID, u)
		require.NoError(t, err)
		assert.Equal(t, u, f.UserID)
	}
	_, err = client.Products.AddFollower(ctx, p.ID, 2)
	assert.Error(t, err, "already following")
	var users []int64
	for f, err := range client.Products.Followers(ctx, p.ID, &crm.PageParams{Limit: 1}) {
		require.NoError(t, err)
		users = append(users, f.UserID)
	}
	assert.Equal(t, []int64{2, 3}, users)
	require.NoError(t, client.Products.DeleteFollower(ctx, p.ID, 2))
	assert.ErrorIs(t, client.Products.DeleteFollower(ctx, p.ID, 2), pipedrive.ErrNotFound)
	var actions []crm.FollowerAction
	for ch, err := range client.Products.FollowersChangelog(ctx, p.ID, nil) {
		require.NoError(t, err)
		assert.Equal(t, pipedrivetest.DefaultUserID, ch.ActorUserID)
		actions = append(actions, ch.Action)
	}
	assert.Equal(t, []crm.FollowerAction{crm.FollowerAdded, crm.FollowerAdded, crm.FollowerRemoved}, actions)
}

func TestProductFieldsAgainstFake(t *testing.T) {
	ctx := context.Background()
	_, client := productsClient(t)
	var standard, custom int
	for f, err := range client.Products.Fields(ctx, &crm.FieldListParams{Limit: 5}) {
		require.NoError(t, err)
		if f.IsCustom {
			custom++
		} else {
			standard++
		}
		assert.Nil(t, f.UIVisibility, "only when asked for")
	}
	assert.Equal(t, 11, standard)
	assert.Equal(t, 4, custom)

	cat, err := client.Products.Field(ctx, "category", &crm.FieldGetParams{IncludeFields: []crm.FieldInclude{crm.IncludeUIVisibility}})
	require.NoError(t, err)
	assert.Len(t, cat.Options, 3)
	require.NotNil(t, cat.UIVisibility)

	f, err := client.Products.CreateField(ctx, &crm.CreateFieldParams{Name: "Size", Type: crm.FieldTypeEnum,
		Options: []crm.NewFieldOption{{Label: "S"}, {Label: "M"}}})
	require.NoError(t, err)
	assert.True(t, crm.IsCustomFieldCode(f.Code))
	opts, err := client.Products.AddFieldOptions(ctx, f.Code, "L")
	require.NoError(t, err)
	require.Len(t, opts, 3)
	opts, err = client.Products.UpdateFieldOptions(ctx, f.Code, crm.FieldOptionChange{ID: opts[2].ID, Label: "Large"})
	require.NoError(t, err)
	assert.Equal(t, "Large", opts[2].Label)
	opts, err = client.Products.DeleteFieldOptions(ctx, f.Code, opts[0].ID)
	require.NoError(t, err)
	assert.Len(t, opts, 2)
	f, err = client.Products.UpdateField(ctx, f.Code, &crm.UpdateFieldParams{Name: "Shirt size"})
	require.NoError(t, err)
	assert.Equal(t, "Shirt size", f.Name)

	// The field changes dropped the cached definitions: the new field is
	// usable by name at once.
	p, err := client.Products.Create(ctx, &products.CreateParams{Name: "Shirt", CustomFieldsByName: crm.FieldValues{"Shirt size": "Large"}})
	require.NoError(t, err)
	fields, err := client.Products.CustomFields(ctx)
	require.NoError(t, err)
	size, err := fields.Read(p.CustomFields).Option("Shirt size")
	require.NoError(t, err)
	assert.Equal(t, "Large", size)

	require.NoError(t, client.Products.DeleteField(ctx, f.Code))
	_, err = client.Products.Field(ctx, f.Code, nil)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)
	var apiErr *pipedrive.Error
	require.ErrorAs(t, client.Products.DeleteField(ctx, "name"), &apiErr, "standard fields stay")
	assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
	got, err := client.Products.Get(ctx, p.ID)
	require.NoError(t, err)
	assert.False(t, got.CustomFields.Has(f.Code), "a deleted field leaves the products")
}

func TestProductDealsAgainstFake(t *testing.T) {
	ctx := context.Background()
	srv, client := productsClient(t)
	p, err := client.Products.Create(ctx, &products.CreateParams{Name: "Crane"})
	require.NoError(t, err)
	other, err := client.Products.Create(ctx, &products.CreateParams{Name: "Hook"})
	require.NoError(t, err)
	person, err := srv.Seed(pipedrivetest.Person, map[string]any{"name": "Mara Lindqvist",
		"emails": []map[string]any{{"value": "mara@example.com", "primary": true, "label": "work"}}})
	require.NoError(t, err)
	var dealIDs []int64
	for _, title := range []string{"Harbour cranes", "Dock cranes"} {
		d, err := client.Deals.Create(ctx, &deals.CreateParams{Title: title, Value: pipedrive.Ptr(1000.0), Currency: "EUR",
			PersonID: &person, LabelIDs: []int64{4, 5}})
		require.NoError(t, err)
		dealIDs = append(dealIDs, d.ID)
		require.NoError(t, srv.SeedDealProduct(d.ID, p.ID))
	}
	require.NoError(t, srv.SeedDealProduct(dealIDs[0], other.ID))
	assert.Error(t, srv.SeedDealProduct(999, p.ID))
	assert.Error(t, srv.SeedDealProduct(dealIDs[0], 999))
	_, err = client.Deals.Update(ctx, dealIDs[1], &deals.UpdateParams{Status: deals.StatusWon})
	require.NoError(t, err)

	var titles []string
	for d, err := range client.Products.Deals(ctx, p.ID, &products.DealsParams{Limit: 1}) {
		require.NoError(t, err)
		titles = append(titles, d.Title)
		assert.Equal(t, pipedrivetest.DefaultUserID, d.Owner.ID)
		assert.Equal(t, "Test User", d.Owner.Name)
		require.NotNil(t, d.Person)
		assert.Equal(t, person, d.Person.ID)
		assert.Equal(t, "mara@example.com", d.Person.PrimaryEmail())
		assert.Equal(t, "Mara Lindqvist", d.PersonName)
		assert.Nil(t, d.Org)
		assert.Equal(t, crm.VisibleToCompany, d.VisibleTo)
		assert.Equal(t, []int64{4, 5}, d.LabelIDs)
		assert.False(t, d.AddTime.IsZero())
	}
	assert.Equal(t, []string{"Harbour cranes", "Dock cranes"}, titles)

	page, err := client.Products.DealsPage(ctx, p.ID, &products.DealsParams{Status: products.DealsWon})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, crm.DealStatusWon, page.Items[0].Status)
	assert.False(t, page.Items[0].Active)
	require.NotNil(t, page.Items[0].WonTime)
	page, err = client.Products.DealsPage(ctx, other.ID, nil)
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, 2, page.Items[0].ProductsCount)

	// deals.AddProduct is not tested here: the fake does not serve the
	// deal-products routes yet.
}

// Product routes carry the real costs, classes and headers.
func TestProductRoutesAreLimited(t *testing.T) {
	ctx := context.Background()
	srv, client := productsClient(t)
	_, err := client.Products.Create(ctx, &products.CreateParams{Name: "Pencil"})
	require.NoError(t, err)

	r, err := http.NewRequest(http.MethodGet, srv.URL+"/api/v2/products/1", nil)
	require.NoError(t, err)
	r.Header.Set("X-Api-Token", srv.Token())
	res, err := srv.HTTPClient().Do(r)
	require.NoError(t, err)
	_ = res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.NotEmpty(t, res.Header.Get("X-Ratelimit-Limit"))
	assert.NotEmpty(t, res.Header.Get("X-Ratelimit-Remaining"))

	_, err = client.Products.SearchPage(ctx, &products.SearchParams{Term: "pencil"})
	require.NoError(t, err)
	_, err = client.Products.VariationsPage(ctx, 1, nil)
	require.NoError(t, err)
	ts := srv.TokenStats(srv.Token())
	assert.Equal(t, 1, ts.Writes, "the create")
	assert.Equal(t, 1, ts.Searches, "the search, in the search window")
	st := srv.Stats()
	assert.Equal(t, 1, st.Routes["POST /api/v2/products"])
	assert.Equal(t, 1, st.Routes["GET /api/v2/products/{id}"])
	assert.Equal(t, 1, st.Routes["GET /api/v2/products/search"])
	assert.Equal(t, 1, st.Routes["GET /api/v2/products/{id}/variations"])
}

// The fake delivers product webhooks, and the receiver types them.
func TestProductWebhooksAgainstFake(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	var events []*webhooks.Event
	recv := httptest.NewServer(webhooks.NewHandler(webhooks.HandlerConfig{Username: "pd", Password: "s3cret"},
		func(_ context.Context, ev *webhooks.Event) error {
			mu.Lock()
			defer mu.Unlock()
			events = append(events, ev)
			return nil
		}))
	defer recv.Close()
	srv, client := productsClient(t)
	_, err := client.Webhooks.Create(ctx, &webhooks.CreateParams{SubscriptionURL: recv.URL, Name: "products",
		EventAction: webhooks.ActionAll, EventObject: webhooks.ObjectProduct, HTTPAuthUser: "pd", HTTPAuthPassword: "s3cret"})
	require.NoError(t, err)
	p, err := client.Products.Create(ctx, &products.CreateParams{Name: "Pencil", Prices: []products.PriceParams{{Currency: "EUR", Price: 5}}})
	require.NoError(t, err)
	_, err = client.Products.Update(ctx, p.ID, &products.UpdateParams{Name: "Pen"})
	require.NoError(t, err)
	require.NoError(t, client.Products.Delete(ctx, p.ID))
	for _, d := range srv.Deliveries() {
		require.True(t, d.OK(), "delivery %+v", d)
	}
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, events, 3)
	byAction := map[webhooks.Action]*webhooks.Event{}
	for _, ev := range events {
		byAction[ev.Action] = ev
	}
	made, err := byAction[webhooks.ActionCreate].Product()
	require.NoError(t, err)
	assert.Equal(t, "Pencil", made.Name)
	assert.Equal(t, crm.VisibleToCompany, made.VisibleTo, `visible_to arrives as "3"`)
	prev, err := byAction[webhooks.ActionChange].PreviousProduct()
	require.NoError(t, err)
	assert.Equal(t, "Pencil", prev.Name)
	_, err = byAction[webhooks.ActionDelete].Product()
	assert.True(t, errors.Is(err, webhooks.ErrNoData))
	gone, err := byAction[webhooks.ActionDelete].PreviousProduct()
	require.NoError(t, err)
	assert.Equal(t, "Pen", gone.Name)
}

// WithoutDefaultCustomFields drops the custom product fields too.
func TestProductFieldsWithoutDefaults(t *testing.T) {
	_, client := productsClient(t, pipedrivetest.WithoutDefaultCustomFields())
	page, err := client.Products.FieldsPage(context.Background(), nil)
	require.NoError(t, err)
	assert.Len(t, page.Items, 11)
	for _, f := range page.Items {
		assert.False(t, f.IsCustom, f.Name)
	}
	p, err := client.Products.Create(context.Background(), &products.CreateParams{Name: "Plain"})
	require.NoError(t, err)
	assert.Empty(t, p.CustomFields)
}
