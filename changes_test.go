package pipedrive_test

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// firstPair runs a sync until its first pair and returns its error.
func firstPair[T any](seq iter.Seq2[*crm.Change[T], error]) error {
	for _, err := range seq {
		return err
	}
	return nil
}

// changesCalls are the sync of every resource, by the name of the
// service's method, with the request its first page sends from a
// checkpoint at 12:00:00: the list, its sort, its filters and its page
// size.
var changesCalls = []struct {
	method, path, query string
	call                func(c *pipedrive.Client, cp *crm.Checkpoint, p *crm.ChangesParams) error
}{
	{"Deals.Changes", "/api/v2/deals", "limit=50&sort_by=update_time&sort_direction=asc&status=open,won,lost,deleted&updated_since=2026-03-10T12:00:00Z",
		func(c *pipedrive.Client, cp *crm.Checkpoint, p *crm.ChangesParams) error {
			return firstPair(c.Deals.Changes(context.Background(), cp, p))
		}},
	{"Deals.ArchivedChanges", "/api/v2/deals/archived", "limit=50&sort_by=update_time&sort_direction=asc&status=open,won,lost,deleted&updated_since=2026-03-10T12:00:00Z",
		func(c *pipedrive.Client, cp *crm.Checkpoint, p *crm.ChangesParams) error {
			return firstPair(c.Deals.ArchivedChanges(context.Background(), cp, p))
		}},
	{"Persons.Changes", "/api/v2/persons", "limit=50&sort_by=update_time&sort_direction=asc&updated_since=2026-03-10T12:00:00Z",
		func(c *pipedrive.Client, cp *crm.Checkpoint, p *crm.ChangesParams) error {
			return firstPair(c.Persons.Changes(context.Background(), cp, p))
		}},
	{"Organizations.Changes", "/api/v2/organizations", "limit=50&sort_by=update_time&sort_direction=asc&updated_since=2026-03-10T12:00:00Z",
		func(c *pipedrive.Client, cp *crm.Checkpoint, p *crm.ChangesParams) error {
			return firstPair(c.Organizations.Changes(context.Background(), cp, p))
		}},
	{"Activities.Changes", "/api/v2/activities", "limit=50&sort_by=update_time&sort_direction=asc&updated_since=2026-03-10T12:00:00Z",
		func(c *pipedrive.Client, cp *crm.Checkpoint, p *crm.ChangesParams) error {
			return firstPair(c.Activities.Changes(context.Background(), cp, p))
		}},
	{"Products.Changes", "/api/v2/products", "limit=50&sort_by=update_time&sort_direction=asc&updated_since=2026-03-10T12:00:00Z",
		func(c *pipedrive.Client, cp *crm.Checkpoint, p *crm.ChangesParams) error {
			return firstPair(c.Products.Changes(context.Background(), cp, p))
		}},
	{"Leads.Changes", "/v1/leads", "limit=50&sort=update_time&updated_since=2026-03-10T12:00:00Z",
		func(c *pipedrive.Client, cp *crm.Checkpoint, p *crm.ChangesParams) error {
			return firstPair(c.Leads.Changes(context.Background(), cp, p))
		}},
	{"Notes.Changes", "/v1/notes", "limit=50&sort=update_time&updated_since=2026-03-10T12:00:00Z",
		func(c *pipedrive.Client, cp *crm.Checkpoint, p *crm.ChangesParams) error {
			return firstPair(c.Notes.Changes(context.Background(), cp, p))
		}},
	// These lists take no updated_since: they are read whole, by id.
	{"Pipelines.Changes", "/api/v2/pipelines", "limit=50&sort_by=id&sort_direction=asc",
		func(c *pipedrive.Client, cp *crm.Checkpoint, p *crm.ChangesParams) error {
			return firstPair(c.Pipelines.Changes(context.Background(), cp, p))
		}},
	{"Pipelines.StageChanges", "/api/v2/stages", "limit=50&sort_by=id&sort_direction=asc",
		func(c *pipedrive.Client, cp *crm.Checkpoint, p *crm.ChangesParams) error {
			return firstPair(c.Pipelines.StageChanges(context.Background(), cp, p))
		}},
}

// Every sync sends exactly its list's request; a checkpoint of another
// resource, or a page size beyond 500, is refused before sending; nil
// params take pages of 500.
func TestChangesRequests(t *testing.T) {
	var mu sync.Mutex
	var got []*http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if strings.HasPrefix(r.URL.Path, "/v1/") {
			_, _ = w.Write([]byte(`{"success":true,"data":[],"additional_data":{"pagination":{"start":0,"limit":50,"more_items_in_collection":false}}}`))
			return
		}
		_, _ = w.Write([]byte(`{"success":true,"data":[],"additional_data":{"next_cursor":null}}`))
	}))
	defer srv.Close()
	client, err := pipedrive.NewClient(auth.APIToken("t"), pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(ratelimit.Unlimited{}))
	if err != nil {
		t.Fatal(err)
	}
	take := func() []*http.Request {
		mu.Lock()
		defer mu.Unlock()
		r := got
		got = nil
		return r
	}
	since := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	nouns := map[string]string{}
	for _, tc := range changesCalls {
		cp := crm.CheckpointSince(since)
		if err := tc.call(client, &cp, &crm.ChangesParams{Limit: 50}); err != nil {
			t.Errorf("%s: %v", tc.method, err)
			continue
		}
		reqs := take()
		if len(reqs) != 1 {
			t.Errorf("%s: %d requests", tc.method, len(reqs))
			continue
		}
		r := reqs[0]
		want, _ := url.ParseQuery(tc.query)
		if r.Method != http.MethodGet || r.URL.Path != tc.path || !reflect.DeepEqual(r.URL.Query(), want) {
			t.Errorf("%s: %s %s?%s\nwant GET %s?%s", tc.method, r.Method, r.URL.Path, r.URL.RawQuery, tc.path, tc.query)
		}
		if other, dup := nouns[cp.Resource()]; dup || cp.Resource() == "" {
			t.Errorf("%s binds its checkpoint to %q, as %s does", tc.method, cp.Resource(), other)
		}
		nouns[cp.Resource()] = tc.method

		// The checkpoint of another sync is refused, and so is a page too
		// large, before sending.
		wrong := crm.CheckpointSince(since)
		_ = wrong.Bind("another_resource")
		for what, err := range map[string]error{
			"another resource's checkpoint": tc.call(client, &wrong, nil),
			"a page of 501":                 tc.call(client, &cp, &crm.ChangesParams{Limit: 501}),
			"a nil checkpoint":              tc.call(client, nil, nil),
		} {
			if !errors.Is(err, pipedrive.ErrInvalidParams) {
				t.Errorf("%s with %s: %v", tc.method, what, err)
			}
		}
		if n := len(take()); n != 0 {
			t.Errorf("%s: a refused call sent %d requests", tc.method, n)
		}
		if err := tc.call(client, &cp, nil); err != nil {
			t.Errorf("%s: %v", tc.method, err)
		}
		if reqs := take(); len(reqs) != 1 || reqs[0].URL.Query().Get("limit") != "500" {
			t.Errorf("%s with nil params: %v", tc.method, reqs)
		}
	}

	// The table covers every sync method of every service.
	cv := reflect.ValueOf(client).Elem()
	for i := range cv.NumField() {
		f := cv.Type().Field(i)
		if !f.IsExported() || f.Type.Kind() != reflect.Pointer {
			continue
		}
		for j := range cv.Field(i).NumMethod() {
			name := f.Name + "." + cv.Field(i).Type().Method(j).Name
			if !strings.HasSuffix(name, "Changes") {
				continue
			}
			found := false
			for _, tc := range changesCalls {
				found = found || tc.method == name
			}
			if !found {
				t.Errorf("%s is not in changesCalls", name)
			}
		}
	}
}
