package persons_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/persons"
)

// pagedServer answers GET path with pages of two persons (ids 1-2, 3-4,
// 5) chained by cursors, and counts the requests.
func pagedServer(t *testing.T, path string, search bool) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		assert.Equal(t, path, r.URL.Path)
		assert.Equal(t, "2", r.URL.Query().Get("limit"), "the caller's params travel with every page")
		first := map[string]int{"": 1, "p2": 3, "p3": 5}[r.URL.Query().Get("cursor")]
		var items []string
		for id := first; id < first+2 && id <= 5; id++ {
			p := fmt.Sprintf(`{"id":%d,"name":"P%d"}`, id, id)
			if search {
				p = fmt.Sprintf(`{"result_score":1,"item":%s}`, p)
			}
			items = append(items, p)
		}
		next := map[int]string{1: `"p2"`, 3: `"p3"`, 5: `null`}[first]
		data := "[" + strings.Join(items, ",") + "]"
		if search {
			data = `{"items":` + data + `}`
		}
		fmt.Fprintf(w, `{"success":true,"data":%s,"additional_data":{"next_cursor":%s}}`, data, next)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestListFollowsCursors(t *testing.T) {
	srv, requests := pagedServer(t, "/api/v2/persons", false)
	c := resourcetest.NewClient(t, srv.URL)
	var ids []int64
	for p, err := range c.Persons.List(context.Background(), &persons.ListParams{Limit: 2}) {
		require.NoError(t, err)
		ids = append(ids, p.ID)
	}
	assert.Equal(t, []int64{1, 2, 3, 4, 5}, ids)
	assert.Equal(t, int32(3), requests.Load())
}

func TestListStopsFetchingOnBreak(t *testing.T) {
	srv, requests := pagedServer(t, "/api/v2/persons", false)
	c := resourcetest.NewClient(t, srv.URL)
	for p, err := range c.Persons.List(context.Background(), &persons.ListParams{Limit: 2}) {
		require.NoError(t, err)
		if p.ID == 2 {
			break
		}
	}
	assert.Equal(t, int32(1), requests.Load(), "no page is fetched after the loop ends")
}

func TestSearchFollowsCursors(t *testing.T) {
	srv, requests := pagedServer(t, "/api/v2/persons/search", true)
	c := resourcetest.NewClient(t, srv.URL)
	var names []string
	for hit, err := range c.Persons.Search(context.Background(), &persons.SearchParams{Term: "P", Limit: 2}) {
		require.NoError(t, err)
		names = append(names, hit.Item.Name)
	}
	assert.Equal(t, []string{"P1", "P2", "P3", "P4", "P5"}, names)
	assert.Equal(t, int32(3), requests.Load())
}

func TestProductsFollowOffsets(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		switch r.URL.Query().Get("start") {
		case "":
			fmt.Fprint(w, `{"success":true,"data":[{"7":{"deal":{"id":7},"product":{"id":1}}}],
				"additional_data":{"pagination":{"start":0,"limit":1,"more_items_in_collection":true,"next_start":1}}}`)
		case "1":
			fmt.Fprint(w, `{"success":true,"data":[{"8":{"deal":{"id":8},"product":{"id":2}}}],
				"additional_data":{"pagination":{"start":1,"limit":1,"more_items_in_collection":false}}}`)
		default:
			t.Errorf("unexpected start %q", r.URL.Query().Get("start"))
		}
	}))
	defer srv.Close()
	c := resourcetest.NewClient(t, srv.URL)
	var deals []int64
	for dp, err := range c.Persons.Products(context.Background(), 42, &crm.OffsetParams{Limit: 1}) {
		require.NoError(t, err)
		deals = append(deals, dp.DealID)
	}
	assert.Equal(t, []int64{7, 8}, deals)
	assert.Equal(t, int32(2), requests.Load())
}

func TestNotFound(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"success":false,"error":"Person not found","error_info":"Please check the id"}`)
	}))
	defer srv.Close()
	_, err := resourcetest.NewClient(t, srv.URL).Persons.Get(context.Background(), 404)
	require.ErrorIs(t, err, pipedrive.ErrNotFound)
	var apiErr *pipedrive.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "/api/v2/persons/404", apiErr.Path)
	assert.Equal(t, "Person not found", apiErr.Message)
}

// Bad input is refused before anything is sent.
func TestBadInputSendsNothing(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { requests.Add(1) }))
	defer srv.Close()
	c := resourcetest.NewClient(t, srv.URL)
	ctx := context.Background()
	errs := map[string]error{}
	_, errs["create nil"] = c.Persons.Create(ctx, nil)
	_, errs["create without name"] = c.Persons.Create(ctx, &persons.CreateParams{})
	_, errs["update nil"] = c.Persons.Update(ctx, 42, nil)
	_, errs["update id 0"] = c.Persons.Update(ctx, 0, &persons.UpdateParams{Name: pipedrive.Ptr("x")})
	_, errs["get negative id"] = c.Persons.Get(ctx, -1)
	errs["delete id 0"] = c.Persons.Delete(ctx, 0)
	_, errs["search nil"] = c.Persons.SearchPage(ctx, nil)
	_, errs["search no term"] = c.Persons.SearchPage(ctx, &persons.SearchParams{})
	_, errs["merge with 0"] = c.Persons.Merge(ctx, 42, 0)
	_, errs["merge with itself"] = c.Persons.Merge(ctx, 42, 42)
	_, errs["follower 0"] = c.Persons.AddFollower(ctx, 42, 0)
	_, errs["field empty code"] = c.Persons.Field(ctx, "", nil)
	for name, params := range map[string]*persons.SearchParams{"search iterator nil": nil, "search iterator no term": {}} {
		yields := 0
		for hit, err := range c.Persons.Search(ctx, params) {
			yields++
			assert.Nil(t, hit)
			errs[name] = err
		}
		assert.Equal(t, 1, yields, name)
	}
	_, errs["picture nil"] = c.Persons.AddPicture(ctx, 42, nil)
	_, errs["picture without content"] = c.Persons.AddPicture(ctx, 42, &persons.PictureParams{FileName: "a.png"})
	_, errs["picture without name"] = c.Persons.AddPicture(ctx, 42, &persons.PictureParams{Content: strings.NewReader("x")})
	_, errs["picture negative crop"] = c.Persons.AddPicture(ctx, 42, &persons.PictureParams{Content: strings.NewReader("x"), FileName: "a.png", CropX: pipedrive.Ptr(-1)})
	for name, err := range errs {
		assert.ErrorIs(t, err, pipedrive.ErrInvalidParams, name)
	}
	assert.Zero(t, requests.Load())
}
