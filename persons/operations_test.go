package persons_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/persons"
)

// cases holds one case per operation the persons service reaches.
var cases = []resourcetest.Case{
	{
		Op:   ops.V2GetPersons,
		Path: "/api/v2/persons",
		Query: url.Values{
			"org_id": {"501"}, "owner_id": {"7001"}, "ids": {"42,43"}, "sort_by": {"update_time"},
			"sort_direction": {"desc"}, "updated_since": {"2025-01-01T10:20:00Z"}, "include_fields": {"open_deals_count,marketing_status"},
			"custom_fields": {"5f0c2a3e6d1b4a8c9e7f0a1b2c3d4e5f6a7b8c9d"}, "include_option_labels": {"true"},
			"limit": {"2"}, "cursor": {"abc"},
		},
		Fixture: "persons/list.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Persons.ListPage(ctx, &persons.ListParams{
				OrgID: 501, OwnerID: 7001, IDs: []int64{42, 43}, SortBy: crm.SortByUpdateTime, SortDirection: crm.Descending,
				UpdatedSince:        time.Date(2025, 1, 1, 10, 20, 0, 0, time.UTC),
				IncludeFields:       []persons.IncludeField{persons.IncludeOpenDealsCount, persons.IncludeMarketingStatus},
				CustomFields:        []string{"5f0c2a3e6d1b4a8c9e7f0a1b2c3d4e5f6a7b8c9d"},
				IncludeOptionLabels: true, Limit: 2, Cursor: "abc",
			})
			require.NoError(t, err)
			require.Len(t, page.Items, 2)
			assert.True(t, page.More)
			assert.Equal(t, "eyJpZCI6NDN9", page.NextCursor)
			assert.Equal(t, "Charles Babbage", page.Items[1].Name)
			assert.Nil(t, page.Items[1].OrgID)
			assert.Nil(t, page.Items[1].UpdateTime)
			assert.Equal(t, "+44 20 7946 0100", page.Items[1].PrimaryPhone())
			assert.Equal(t, crm.VisibleTo(7), page.Items[1].VisibleTo)
			assert.Nil(t, page.Items[0].PostalAddress)
		},
	},
	{
		Op:      ops.V2GetPerson,
		Path:    "/api/v2/persons/42",
		Query:   url.Values{"include_fields": {"open_deals_count,followers_count"}, "include_labels": {"true"}},
		Fixture: "persons/get.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			p, err := c.Persons.GetWith(ctx, 42, &persons.GetParams{
				IncludeFields: []persons.IncludeField{persons.IncludeOpenDealsCount, persons.IncludeFollowersCount},
				IncludeLabels: true,
			})
			require.NoError(t, err)
			assertAda(t, p)
		},
	},
	{
		Op:   ops.V2AddPerson,
		Path: "/api/v2/persons",
		Body: `{"name":"Ada Lovelace","org_id":501,"emails":[{"value":"ada@analytical.example","primary":true,"label":"work"}],
			"phones":[{"value":"+44 20 7946 0001","primary":true,"label":"mobile"}],"visible_to":3,"label_ids":[11,12],
			"postal_address":{"value":"12 St James's Square","locality":"London"},"birthday":"1815-12-10",
			"marketing_status":"subscribed","add_time":"2025-03-04T09:15:00Z",
			"custom_fields":{"5f0c2a3e6d1b4a8c9e7f0a1b2c3d4e5f6a7b8c9d":"Engines"}}`,
		Fixture: "persons/get.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			cf := crm.CustomFields{}
			cf.SetText("5f0c2a3e6d1b4a8c9e7f0a1b2c3d4e5f6a7b8c9d", "Engines")
			p, err := c.Persons.Create(ctx, &persons.CreateParams{
				Name:            "Ada Lovelace",
				OrgID:           pipedrive.Ptr[int64](501),
				AddTime:         pipedrive.Ptr(time.Date(2025, 3, 4, 9, 15, 0, 0, time.UTC)),
				Emails:          []persons.ContactDetail{{Value: "ada@analytical.example", Primary: true, Label: "work"}},
				Phones:          []persons.ContactDetail{{Value: "+44 20 7946 0001", Primary: true, Label: "mobile"}},
				VisibleTo:       crm.VisibleToCompany,
				LabelIDs:        []int64{11, 12},
				PostalAddress:   &crm.AddressParams{Value: "12 St James's Square", Locality: "London"},
				Birthday:        crm.NewDate(1815, time.December, 10),
				MarketingStatus: persons.MarketingSubscribed,
				CustomFields:    cf,
			})
			require.NoError(t, err)
			assertAda(t, p)
		},
	},
	{
		Op:      ops.V2UpdatePerson,
		Path:    "/api/v2/persons/42",
		Body:    `{"name":"Ada King","owner_id":7002,"label_ids":[],"job_title":"","custom_fields":{"a1b2c3d4e5f60718293a4b5c6d7e8f9012345678":null}}`,
		Fixture: "persons/get.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			cf := crm.CustomFields{}
			cf.Clear("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678")
			p, err := c.Persons.Update(ctx, 42, &persons.UpdateParams{
				Name: pipedrive.Ptr("Ada King"), OwnerID: pipedrive.Ptr[int64](7002),
				LabelIDs: []int64{}, JobTitle: pipedrive.Ptr(""), CustomFields: cf,
			})
			require.NoError(t, err)
			assert.Equal(t, int64(42), p.ID)
		},
	},
	{
		Op:      ops.V2DeletePerson,
		Path:    "/api/v2/persons/42",
		Fixture: "persons/delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Persons.Delete(ctx, 42))
		},
	},
	{
		Op:      ops.V2GetPersonPicture,
		Path:    "/api/v2/persons/42/picture",
		Fixture: "persons/picture.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			pic, err := c.Persons.Picture(ctx, 42)
			require.NoError(t, err)
			assert.Equal(t, persons.Picture{
				ID: 9001, ItemType: "person", ItemID: 42, AddedByUserID: 7001, Active: true, FileSize: 48213,
				URLs: persons.PictureURLs{Size128: "https://pictures.example.com/ada_128.jpg", Size512: "https://pictures.example.com/ada_512.jpg"},
			}, *pic)
		},
	},
	{
		Op:      ops.V1MergePersons,
		Path:    "/v1/persons/44/merge",
		Body:    `{"merge_with_id":42}`,
		Fixture: "persons/merge.json",
		Then:    []resourcetest.Step{{Method: "GET", Path: "/api/v2/persons/42", Fixture: "persons/get.json"}},
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			p, err := c.Persons.Merge(ctx, 44, 42)
			require.NoError(t, err)
			// The survivor, as the v2 get after the merge answered.
			var want persons.Person
			require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, "persons/get.json"), &want))
			assert.Equal(t, &want, p)
			assert.Equal(t, int64(42), p.ID)
		},
	},
	{
		Op:   ops.V1AddPersonPicture,
		Path: "/v1/persons/42/picture",
		Check: func(t *testing.T, r *http.Request, body []byte) {
			form := parseMultipart(t, r, body)
			assert.Equal(t, map[string][]string{"crop_x": {"10"}, "crop_y": {"0"}, "crop_width": {"256"}, "crop_height": {"256"}}, form.Value)
			require.Len(t, form.File["file"], 1)
			fh := form.File["file"][0]
			assert.Equal(t, "ada.png", fh.Filename)
			assert.Equal(t, "image/png", fh.Header.Get("Content-Type"))
			f, err := fh.Open()
			require.NoError(t, err)
			got, err := io.ReadAll(f)
			require.NoError(t, err)
			assert.Equal(t, pngBytes, got)
		},
		Fixture: "persons/picture_add.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			pic, err := c.Persons.AddPicture(ctx, 42, &persons.PictureParams{
				Content: bytes.NewReader(pngBytes), FileName: "ada.png",
				CropX: pipedrive.Ptr(10), CropY: pipedrive.Ptr(0), CropWidth: pipedrive.Ptr(256), CropHeight: pipedrive.Ptr(256),
			})
			require.NoError(t, err)
			assert.Equal(t, int64(9002), pic.ID)
			assert.Equal(t, time.Date(2025, 6, 12, 11, 0, 0, 0, time.UTC), pic.AddTime)
			assert.True(t, pic.UpdateTime.IsZero(), "0000-00-00 00:00:00 is no time")
			assert.Equal(t, "https://pictures.example.com/ada2_512.jpg", pic.URLs.Size512)
		},
	},
	{
		Op:      ops.V1DeletePersonPicture,
		Path:    "/v1/persons/42/picture",
		Fixture: "persons/picture_delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Persons.DeletePicture(ctx, 42))
		},
	},
	{
		Op:      ops.V1GetPersonProducts,
		Path:    "/v1/persons/42/products",
		Query:   url.Values{"start": {"100"}, "limit": {"50"}},
		Fixture: "persons/products.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Persons.ProductsPage(ctx, 42, &crm.OffsetParams{Start: 100, Limit: 50})
			require.NoError(t, err)
			assert.False(t, page.More)
			require.Len(t, page.Items, 1)
			dp := page.Items[0]
			assert.Equal(t, int64(77), dp.DealID)
			assert.Equal(t, "Engine No. 2", dp.Deal.Title)
			assert.Equal(t, 15000.0, dp.Deal.Value)
			assert.Equal(t, crm.VisibleToCompany, dp.Deal.VisibleTo)
			assert.Equal(t, int64(7001), dp.Deal.OwnerID)
			assert.Equal(t, "Difference engine", dp.Product.Name)
			assert.Equal(t, 20.0, dp.Product.Tax)
			assert.Equal(t, time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC), dp.Product.UpdateTime)
			// It encodes back to the API's shape, keyed by the deal's id.
			b, err := json.Marshal(dp)
			require.NoError(t, err)
			var back map[string]map[string]map[string]any
			require.NoError(t, json.Unmarshal(b, &back))
			assert.Equal(t, "Engine No. 2", back["77"]["deal"]["title"])
			assert.Equal(t, "Difference engine", back["77"]["product"]["name"])
		},
	},
	{
		Op:      ops.V2SearchPersons,
		Path:    "/api/v2/persons/search",
		Query:   url.Values{"term": {"Ada"}, "fields": {"name,email"}, "exact_match": {"true"}, "organization_id": {"501"}, "include_fields": {"person.picture"}, "limit": {"10"}},
		Fixture: "persons/search.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Persons.SearchPage(ctx, &persons.SearchParams{
				Term: "Ada", Fields: []persons.SearchField{persons.SearchName, persons.SearchEmail},
				ExactMatch: true, OrgID: 501, IncludePicture: true, Limit: 10,
			})
			require.NoError(t, err)
			assert.False(t, page.More)
			require.Len(t, page.Items, 2)
			assert.InDelta(t, 0.8123, page.Items[0].Score, 1e-9)
			assert.Equal(t, persons.SearchItem{
				ID: 42, Type: "person", Name: "Ada Lovelace", Phones: []string{"+44 20 7946 0001"},
				Emails: []string{"ada@analytical.example"}, VisibleTo: crm.VisibleToCompany, OwnerID: 7001,
				Organization: &persons.SearchOrganization{ID: 501, Name: "Analytical Engines Ltd"},
				CustomFields: []string{"Engines"}, Notes: []string{"Met at the engine demo"},
			}, page.Items[0].Item)
			assert.Nil(t, page.Items[1].Item.Organization)
		},
	},
}

var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR fake image bytes \x00\xff")

func parseMultipart(t *testing.T, r *http.Request, body []byte) *multipart.Form {
	t.Helper()
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	require.NoError(t, err)
	require.Equal(t, "multipart/form-data", mt)
	form, err := multipart.NewReader(bytes.NewReader(body), params["boundary"]).ReadForm(1 << 20)
	require.NoError(t, err)
	t.Cleanup(func() { _ = form.RemoveAll() })
	return form
}

// assertAda checks the decoding of testdata/persons/get.json.
func assertAda(t *testing.T, p *persons.Person) {
	t.Helper()
	assert.Equal(t, int64(42), p.ID)
	assert.Equal(t, "Ada Lovelace", p.Name)
	assert.Equal(t, "Ada", p.FirstName)
	assert.Equal(t, "Lovelace", p.LastName)
	assert.Equal(t, int64(7001), p.OwnerID)
	assert.Equal(t, pipedrive.Ptr(int64(501)), p.OrgID)
	assert.Equal(t, time.Date(2025, 3, 4, 9, 15, 0, 0, time.UTC), p.AddTime)
	assert.Equal(t, pipedrive.Ptr(time.Date(2025, 6, 10, 17, 2, 33, 0, time.UTC)), p.UpdateTime)
	assert.Equal(t, []persons.ContactDetail{
		{Value: "ada@analytical.example", Primary: true, Label: "work"},
		{Value: "ada.home@example.org", Label: "home"},
	}, p.Emails)
	assert.Equal(t, "ada@analytical.example", p.PrimaryEmail())
	assert.Equal(t, "+44 20 7946 0001", p.PrimaryPhone())
	assert.Equal(t, []persons.ContactDetail{{Value: "ada.l", Primary: true, Label: "skype"}}, p.IMs)
	assert.Equal(t, crm.VisibleToCompany, p.VisibleTo)
	assert.Equal(t, []int64{11, 12}, p.LabelIDs)
	assert.Equal(t, pipedrive.Ptr(int64(9001)), p.PictureID)
	require.NotNil(t, p.PostalAddress)
	assert.Equal(t, crm.Address{
		Value: "12 St James's Square, London SW1Y 4JH, UK", Country: "United Kingdom", AdminAreaLevel1: "England",
		AdminAreaLevel2: "Greater London", Locality: "London", Sublocality: "St James's", Route: "St James's Square",
		StreetNumber: "12", Subpremise: "Flat 2", PostalCode: "SW1Y 4JH",
	}, *p.PostalAddress)
	assert.Equal(t, "Met at the engine demo", p.Notes)
	assert.Equal(t, crm.NewDate(1815, time.December, 10), p.Birthday)
	assert.Equal(t, "Mathematician", p.JobTitle)
	assert.Equal(t, pipedrive.Ptr(2), p.OpenDealsCount)
	assert.Equal(t, pipedrive.Ptr(1), p.FollowersCount)
	assert.Equal(t, persons.MarketingSubscribed, p.MarketingStatus)
	assert.Equal(t, pipedrive.Ptr(time.Date(2025, 6, 9, 8, 0, 0, 0, time.UTC)), p.LastIncomingMailTime)
	s, ok := p.CustomFields.Text("5f0c2a3e6d1b4a8c9e7f0a1b2c3d4e5f6a7b8c9d")
	assert.True(t, ok)
	assert.Equal(t, "Engines", s)
	assert.False(t, p.CustomFields.Has("9e8d7c6b5a49382716051f2e3d4c5b6a79880716"), "null custom field")
}

// shared describes persons for the cases of the operations every resource
// has (followers, v1 history, field definitions).
var shared = resourcetest.Shared{
	V2Records: "/api/v2/persons", V1Records: "/v1/persons", V2Fields: "/api/v2/personFields", ID: 42,
	Followers: resourcetest.FollowerCaseOps{
		List: ops.V2GetPersonFollowers, Add: ops.V2AddPersonFollower,
		Changelog: ops.V2GetPersonFollowersChangelog, Delete: ops.V2DeletePersonFollower,
	},
	History: resourcetest.HistoryCaseOps{
		Changelog: ops.V1GetPersonChangelog, Files: ops.V1GetPersonFiles, Flow: ops.V1GetPersonUpdates,
		MailMessages: ops.V1GetPersonMailMessages, PermittedUsers: ops.V1GetPersonUsers,
	},
	Fields: resourcetest.FieldCaseOps{
		List: ops.V2GetPersonFields, Add: ops.V2AddPersonField, Get: ops.V2GetPersonField,
		Update: ops.V2UpdatePersonField, Delete: ops.V2DeletePersonField,
		AddOptions: ops.V2AddPersonFieldOptions, UpdateOptions: ops.V2UpdatePersonFieldOptions,
		DeleteOptions: ops.V2DeletePersonFieldOptions,
	},
	FollowersOf: func(c *pipedrive.Client) resourcetest.FollowersAPI { return c.Persons },
	HistoryOf:   func(c *pipedrive.Client) resourcetest.HistoryAPI { return c.Persons },
	FieldsOf:    func(c *pipedrive.Client) resourcetest.FieldsAPI { return c.Persons },
}

func TestOperations(t *testing.T) {
	covered := resourcetest.Run(t, append(cases, resourcetest.SharedCases(shared)...))
	t.Run("coverage", func(t *testing.T) {
		resourcetest.CheckCoverage(t, covered, skipped, "Persons", "PersonFields")
	})
}

// skipped lists the operations of the Persons and PersonFields tags that
// the service deliberately does not reach, with the reason.
var skipped = map[string]string{
	"v1 GET /persons/{id}/followers":                  "v1 twin of v2 getPersonFollowers",
	"v1 POST /persons/{id}/followers":                 "v1 twin of v2 addPersonFollower",
	"v1 DELETE /persons/{id}/followers/{follower_id}": "v1 twin of v2 deletePersonFollower",
	"v1 GET /personFields":                            "v1 twin of v2 getPersonFields",
	"v1 POST /personFields":                           "v1 twin of v2 addPersonField",
	"v1 DELETE /personFields":                         "v1 bulk delete; v2 deletes one field at a time",
	"v1 GET /personFields/{id}":                       "v1 twin of v2 getPersonField",
	"v1 DELETE /personFields/{id}":                    "v1 twin of v2 deletePersonField",
	"v1 PUT /personFields/{id}":                       "v1 twin of v2 updatePersonField",
}
