package itemsearch_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/itemsearch"
)

const nextCursor = "eyJmaWVsZCI6ImlkIiwiZmllbGRWYWx1ZSI6Nywic29ydERpcmVjdGlvbiI6ImFzYyIsImlkIjo3fQ"

var cases = []resourcetest.Case{
	{
		Op:   ops.V2SearchItem,
		Path: "/api/v2/itemSearch",
		Query: url.Values{
			"term": {"sample"}, "item_types": {"deal,person,organization,product,file,mail_attachment"},
			"fields": {"title,name,notes,custom_fields"}, "search_for_related_items": {"true"}, "exact_match": {"true"},
			"include_fields": {"deal.cc_email,product.price"}, "limit": {"10"}, "cursor": {"c0"},
		},
		Fixture: "itemsearch/search.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.ItemSearch.SearchPage(ctx, &itemsearch.SearchParams{
				Term: "sample",
				ItemTypes: []itemsearch.ItemType{itemsearch.TypeDeal, itemsearch.TypePerson, itemsearch.TypeOrganization,
					itemsearch.TypeProduct, itemsearch.TypeFile, itemsearch.TypeMailAttachment},
				Fields:                []itemsearch.Field{itemsearch.FieldTitle, itemsearch.FieldName, itemsearch.FieldNotes, itemsearch.FieldCustomFields},
				SearchForRelatedItems: true, ExactMatch: true,
				IncludeFields: []itemsearch.IncludeField{itemsearch.IncludeDealCCEmail, itemsearch.IncludeProductPrice},
				Limit:         10, Cursor: "c0",
			})
			require.NoError(t, err)
			assert.True(t, page.More)
			assert.Equal(t, nextCursor, page.NextCursor)
			require.Len(t, page.Items, 7)

			var types []itemsearch.ItemType
			for _, hit := range page.Items {
				types = append(types, hit.Item.Type)
			}
			assert.Equal(t, []itemsearch.ItemType{itemsearch.TypeDeal, itemsearch.TypeOrganization, itemsearch.TypePerson,
				itemsearch.TypeMailAttachment, itemsearch.TypeFile, itemsearch.TypeProduct, itemsearch.TypeDeal}, types)

			deal := page.Items[0]
			assert.InDelta(t, 1.22724, deal.Score, 1e-9)
			assert.False(t, deal.Related)
			assert.Equal(t, int64(42), deal.Item.ID)
			assert.Nil(t, deal.Item.Person)
			assert.Equal(t, &itemsearch.Deal{
				ID: 42, Title: "Sample Deal", Value: 53883, Currency: "USD", Status: crm.DealStatusOpen,
				VisibleTo: crm.VisibleToCompany, Owner: crm.IDName{ID: 69}, Stage: crm.IDName{ID: 3, Name: "Demo Scheduled"},
				Person:       &crm.IDName{ID: 6, Name: "Sample Person"},
				Organization: &crm.FoundOrganizationRef{ID: 9, Name: "Sample Organization", Address: "Dabas, Hungary"},
				CustomFields: []string{"Sample text"}, Notes: []string{"Sample note"},
			}, deal.Item.Deal)
			assert.Equal(t, "Sample Deal", deal.Item.Title())

			org := page.Items[1].Item
			assert.Equal(t, &itemsearch.Organization{
				ID: 9, Name: "Sample Organization", Address: "Dabas, Hungary", VisibleTo: crm.VisibleToCompany,
				Owner: crm.IDName{ID: 69}, CustomFields: []string{}, Notes: []string{},
			}, org.Organization)

			person := page.Items[2].Item.Person
			require.NotNil(t, person)
			assert.Equal(t, []string{"555123123", "+372 (55) 123468", "0231632772"}, person.Phones)
			assert.Equal(t, []string{"primary@email.com", "secondary@email.com"}, person.Emails)
			assert.Equal(t, crm.VisibleToOwner, person.VisibleTo)
			assert.Equal(t, "Dabas, Hungary", person.Organization.Address)

			assert.Equal(t, &itemsearch.MailAttachment{ID: 4, Name: "Sample mail attachment.txt", URL: "/files/4/download"},
				page.Items[3].Item.MailAttachment)
			assert.Equal(t, &itemsearch.File{
				ID: 3, Name: "Sample file attachment.txt", URL: "/files/3/download",
				Deal: &crm.FoundDealRef{ID: 42, Title: "Sample Deal"}, Person: &crm.IDName{ID: 6, Name: "Sample Person"},
				Organization: &crm.FoundOrganizationRef{ID: 9, Name: "Sample Organization", Address: "Dabas, Hungary"},
			}, page.Items[4].Item.File)
			assert.Equal(t, &itemsearch.Product{
				ID: 1, Name: "Sample Product", Code: "product-code", VisibleTo: crm.VisibleToCompany,
				Owner: crm.IDName{ID: 69}, CustomFields: []string{},
			}, page.Items[5].Item.Product)

			related := page.Items[6]
			assert.True(t, related.Related)
			assert.Equal(t, "Other deal", related.Item.Deal.Title)
			assert.Nil(t, related.Item.Deal.Organization)
		},
	},
	{
		Op:   ops.V2SearchItemByField,
		Path: "/api/v2/itemSearch/field",
		Query: url.Values{"term": {"Doe"}, "entity_type": {"person"}, "field": {"name"}, "match": {"middle"},
			"limit": {"2"}, "cursor": {"c1"}},
		Fixture: "itemsearch/field.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.ItemSearch.SearchByFieldPage(ctx, &itemsearch.FieldSearchParams{
				Term: "Doe", EntityType: itemsearch.EntityPerson, Field: "name", Match: itemsearch.MatchMiddle,
				Limit: 2, Cursor: "c1",
			})
			require.NoError(t, err)
			assert.True(t, page.More)
			assert.Equal(t, nextCursor, page.NextCursor)
			require.Len(t, page.Items, 2)
			m := page.Items[1]
			assert.Equal(t, int64(2), m.ID)
			assert.Equal(t, "name", m.Field)
			assert.Equal(t, "John Doe", m.Text())
			assert.Nil(t, m.Score)
		},
	},
}

func TestOperations(t *testing.T) {
	covered := resourcetest.Run(t, cases)
	t.Run("coverage", func(t *testing.T) {
		resourcetest.CheckCoverage(t, covered, nil, "ItemSearch")
	})
}

func TestModelsKeepEveryMember(t *testing.T) {
	var data struct {
		Items   []json.RawMessage `json:"items"`
		Related []json.RawMessage `json:"related_items"`
	}
	require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, "itemsearch/search.json"), &data))
	require.NotEmpty(t, data.Items)
	for _, it := range append(data.Items, data.Related...) {
		resourcetest.AssertNoFieldLost(t, it, new(itemsearch.Result))
	}
	var matches []json.RawMessage
	require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, "itemsearch/field.json"), &matches))
	for _, it := range matches {
		resourcetest.AssertNoFieldLost(t, it, new(itemsearch.FieldMatch))
	}
	// The kinds the spec's example has none of, from the shapes of the
	// per-resource searches.
	for _, it := range []string{leadJSON, projectJSON, personWithPictureJSON} {
		resourcetest.AssertNoFieldLost(t, []byte(it), new(itemsearch.Item))
	}
}

const leadJSON = `{"id":"39c433f0-8a4c-11ec-8728-09968f0a1ca0","type":"lead","title":"John Doe lead","owner":{"id":1},
	"person":{"id":1,"name":"John Doe"},"organization":{"id":1,"name":"John company"},"phones":[],"emails":["john@doe.com"],
	"custom_fields":[],"notes":[],"value":100,"currency":"USD","visible_to":3,"is_archived":false}`

const projectJSON = `{"id":7,"type":"project","title":"Onboarding","status":"open","owner":{"id":null},"board_id":2,
	"phase":{"id":5,"name":"Kick-off"},"person":{"id":1,"name":null},"organization":{"id":3,"name":"Looms","address":null},
	"deal":{"id":9,"title":"Renewal"},"deal_count":1,"description":null,"end_date":"2026-12-31",
	"custom_fields":["x"],"notes":["kick-off on Monday"]}`

const personWithPictureJSON = `{"id":6,"type":"person","name":"Ada","visible_to":"3","owner":{"id":"69"},"organization":null,
	"picture":{"id":11,"item_type":"person","item_id":6,"active_flag":1,"added_by_user_id":69,"file_size":2048,
	"pictures":{"128":"https://pictures.example/128.jpg","512":"https://pictures.example/512.jpg"}}}`

func TestItemKinds(t *testing.T) {
	decode := func(s string) itemsearch.Item {
		t.Helper()
		var it itemsearch.Item
		require.NoError(t, json.Unmarshal([]byte(s), &it))
		return it
	}
	lead := decode(leadJSON)
	assert.Equal(t, itemsearch.TypeLead, lead.Type)
	assert.Zero(t, lead.ID, "lead ids are UUIDs")
	assert.Equal(t, "39c433f0-8a4c-11ec-8728-09968f0a1ca0", lead.Lead.ID)
	assert.Equal(t, pipedrive.Ptr(100.0), lead.Lead.Value)
	assert.Equal(t, "John Doe lead", lead.Title())

	proj := decode(projectJSON).Project
	require.NotNil(t, proj)
	assert.Equal(t, itemsearch.Project{
		ID: 7, Title: "Onboarding", Status: "open", BoardID: pipedrive.Ptr[int64](2), Phase: &crm.IDName{ID: 5, Name: "Kick-off"},
		Person: &crm.IDName{ID: 1}, Organization: &crm.FoundOrganizationRef{ID: 3, Name: "Looms"},
		Deal: &crm.FoundDealRef{ID: 9, Title: "Renewal"}, DealCount: 1, EndDate: crm.NewDate(2026, time.December, 31),
		CustomFields: []string{"x"}, Notes: []string{"kick-off on Monday"},
	}, *proj)

	p := decode(personWithPictureJSON).Person
	require.NotNil(t, p)
	assert.Equal(t, int64(69), p.Owner.ID, `"owner":{"id":"69"}`)
	assert.Equal(t, crm.VisibleToCompany, p.VisibleTo)
	assert.Nil(t, p.Organization)
	require.NotNil(t, p.Picture)
	assert.True(t, p.Picture.Active)
	assert.Equal(t, "https://pictures.example/512.jpg", p.Picture.URLs["512"])

	// A product code sent as a number, as the products search declares it.
	assert.Equal(t, "123", decode(`{"id":1,"type":"product","name":"P","code":123}`).Product.Code)

	// A kind this package does not know keeps its id and raw form.
	other := decode(`{"id":5,"type":"invoice","name":"INV-5"}`)
	assert.Equal(t, itemsearch.ItemType("invoice"), other.Type)
	assert.Equal(t, int64(5), other.ID)
	assert.Empty(t, other.Title())
	assert.JSONEq(t, `{"id":5,"type":"invoice","name":"INV-5"}`, string(other.Raw))
	b, err := json.Marshal(other)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":5,"type":"invoice","name":"INV-5"}`, string(b))

	var bad itemsearch.Item
	assert.Error(t, json.Unmarshal([]byte(`{"id":"x","type":"deal"}`), &bad))
	assert.Error(t, json.Unmarshal([]byte(`{"id":1,"type":"deal","title":{}}`), &bad))
}

func TestFieldMatchShapes(t *testing.T) {
	var m itemsearch.FieldMatch
	// The shape the spec declares: wrapped, with a score.
	require.NoError(t, json.Unmarshal([]byte(`{"result_score":0.5,"item":{"id":"3","abc123":1500}}`), &m))
	assert.Equal(t, int64(3), m.ID)
	assert.Equal(t, pipedrive.Ptr(0.5), m.Score)
	assert.Equal(t, "abc123", m.Field)
	assert.Equal(t, "1500", m.Text())
	b, err := json.Marshal(m)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":3,"abc123":1500,"result_score":0.5}`, string(b))

	// Several members: Use picks the searched field.
	require.NoError(t, json.Unmarshal([]byte(`{"id":4,"name":"Ada","email":"ada@example.com"}`), &m))
	assert.Empty(t, m.Field)
	assert.Equal(t, []string{"email", "name"}, m.Keys())
	assert.True(t, m.Use("email"))
	assert.Equal(t, "ada@example.com", m.Text())
	assert.False(t, m.Use("phone"))
}

// Search follows the cursor across pages, and its related items come
// after each page's hits.
func TestSearchIterates(t *testing.T) {
	var calls []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls = append(calls, r.URL.Query().Get("cursor"))
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Query().Get("cursor") {
		case "":
			fmt.Fprint(w, `{"success":true,"data":{"items":[{"result_score":1,"item":{"id":1,"type":"person","name":"Ada"}}],
				"related_items":[{"result_score":0,"item":{"id":10,"type":"deal","title":"Ada's deal"}}]},
				"additional_data":{"next_cursor":"p2"}}`)
		case "p2":
			fmt.Fprint(w, `{"success":true,"data":{"items":[{"result_score":0.5,"item":{"id":2,"type":"organization","name":"Ada Ltd"}}]},
				"additional_data":{"next_cursor":null}}`)
		}
	}))
	defer srv.Close()
	c := resourcetest.NewClient(t, srv.URL)
	params := &itemsearch.SearchParams{Term: "ada", SearchForRelatedItems: true}
	var got []string
	for hit, err := range c.ItemSearch.Search(context.Background(), params) {
		require.NoError(t, err)
		got = append(got, fmt.Sprintf("%s:%s:%v", hit.Item.Type, hit.Item.Title(), hit.Related))
	}
	assert.Equal(t, []string{"person:Ada:false", "deal:Ada's deal:true", "organization:Ada Ltd:false"}, got)
	assert.Equal(t, []string{"", "p2"}, calls)
	assert.Empty(t, params.Cursor, "the caller's params are left alone")
}

// A server that hands back the cursor it was given ends the iteration.
func TestSearchNoProgress(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"success":true,"data":{"items":[]},"additional_data":{"next_cursor":"same"}}`)
	}))
	defer srv.Close()
	c := resourcetest.NewClient(t, srv.URL)
	var last error
	n := 0
	for _, err := range c.ItemSearch.Search(context.Background(), &itemsearch.SearchParams{Term: "ada", Cursor: "same"}) {
		last = err
		n++
	}
	assert.Equal(t, 1, n)
	assert.ErrorIs(t, last, pipedrive.ErrNoProgress)
}

// Bad input is refused before anything is sent.
func TestInvalidParams(t *testing.T) {
	c := resourcetest.NewClient(t, "http://127.0.0.1:1") // nothing may be sent
	ctx := context.Background()
	_, err := c.ItemSearch.SearchPage(ctx, nil)
	assert.ErrorIs(t, err, core.ErrInvalidParams)
	_, err = c.ItemSearch.SearchPage(ctx, &itemsearch.SearchParams{})
	assert.ErrorIs(t, err, core.ErrInvalidParams)
	for _, params := range []*itemsearch.SearchParams{nil, {}} {
		for _, err := range c.ItemSearch.Search(ctx, params) {
			assert.ErrorIs(t, err, core.ErrInvalidParams)
		}
	}
	for _, params := range []*itemsearch.FieldSearchParams{nil, {Term: "x", Field: "name"}, {Term: "x", EntityType: itemsearch.EntityDeal}} {
		_, err = c.ItemSearch.SearchByFieldPage(ctx, params)
		assert.ErrorIs(t, err, core.ErrInvalidParams)
		for _, err := range c.ItemSearch.SearchByField(ctx, params) {
			assert.ErrorIs(t, err, core.ErrInvalidParams)
		}
	}
}
