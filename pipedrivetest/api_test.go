package pipedrivetest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestDealCRUDWithCustomFields(t *testing.T) {
	srv := NewServer(t, WithRateLimit(1000, 0))
	tok := srv.Token()
	budget, _ := srv.CustomFieldKey(Deal, "Budget")
	tier, _ := srv.CustomFieldKey(Deal, "Tier")
	channels, _ := srv.CustomFieldKey(Deal, "Channels")
	enterprise, _ := srv.OptionID(Deal, "Tier", "Enterprise")
	email, _ := srv.OptionID(Deal, "Channels", "Email")
	chat, _ := srv.OptionID(Deal, "Channels", "Chat")
	if len(budget) != 40 || len(tier) != 40 || budget == tier {
		t.Fatalf("keys %q %q", budget, tier)
	}

	r := req(t, srv, "POST", "/api/v2/deals", tok, map[string]any{
		"title": "Renewal", "value": 5000, "currency": "EUR",
		"custom_fields": map[string]any{
			budget:   map[string]any{"value": 1200.5, "currency": "EUR"},
			tier:     enterprise,
			channels: []int64{email, chat},
		},
	})
	wantStatus(t, r, 200)
	if r.body["success"] != true {
		t.Fatalf("success %v", r.body["success"])
	}
	d := r.data(t)
	id := num(t, d["id"])
	if d["title"] != "Renewal" || d["status"] != "open" || d["currency"] != "EUR" || d["person_id"] != nil {
		t.Fatalf("created deal %s", r.raw)
	}
	if !strings.HasSuffix(d["add_time"].(string), "Z") {
		t.Fatalf("add_time %v is not RFC 3339 UTC", d["add_time"])
	}
	cf := d["custom_fields"].(map[string]any)
	if m := cf[budget].(map[string]any); m["currency"] != "EUR" || m["value"].(json.Number).String() != "1200.5" {
		t.Fatalf("budget %v", cf[budget])
	}
	if num(t, cf[tier]) != enterprise {
		t.Fatalf("tier %v", cf[tier])
	}
	if s := cf[channels].([]any); len(s) != 2 || num(t, s[0]) != email {
		t.Fatalf("channels %v", cf[channels])
	}
	renewal, _ := srv.CustomFieldKey(Deal, "Renewal date")
	if v, ok := cf[renewal]; !ok || v != nil {
		t.Fatalf("unset custom field should be present and null: %v", cf)
	}

	path := fmt.Sprintf("/api/v2/deals/%d", id)
	r = req(t, srv, "PATCH", path, tok, map[string]any{"status": "won", "custom_fields": map[string]any{renewal: "2027-01-31"}})
	wantStatus(t, r, 200)
	d = r.data(t)
	if d["status"] != "won" || d["won_time"] == nil || d["title"] != "Renewal" {
		t.Fatalf("patched %s", r.raw)
	}
	cf = d["custom_fields"].(map[string]any)
	if cf[renewal] != "2027-01-31" || num(t, cf[tier]) != enterprise {
		t.Fatalf("custom fields after patch: %v", cf)
	}

	r = req(t, srv, "GET", path, tok, nil)
	wantStatus(t, r, 200)
	if r.data(t)["status"] != "won" {
		t.Fatal("get after patch")
	}

	r = req(t, srv, "DELETE", path, tok, nil)
	wantStatus(t, r, 200)
	if num(t, r.data(t)["id"]) != id {
		t.Fatalf("delete answer %s", r.raw)
	}
	r = req(t, srv, "GET", path, tok, nil)
	wantStatus(t, r, 404)
	if r.body["success"] != false || r.body["error"] == "" {
		t.Fatalf("404 body %s", r.raw)
	}
}

func TestBadBodiesChangeNothing(t *testing.T) {
	srv := NewServer(t, WithRateLimit(1000, 0))
	tok := srv.Token()
	tier, _ := srv.CustomFieldKey(Deal, "Tier")
	id, err := srv.Seed(Deal, map[string]any{"title": "Keep"})
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/api/v2/deals/%d", id)
	for name, body := range map[string]any{
		"unknown property":       map[string]any{"title": "X", "colour": "red"},
		"wrong type":             map[string]any{"title": 5},
		"bad status":             map[string]any{"status": "maybe"},
		"unknown custom field":   map[string]any{"custom_fields": map[string]any{strings.Repeat("a", 40): "x"}},
		"unknown option":         map[string]any{"custom_fields": map[string]any{tier: 999999}},
		"option label not id":    map[string]any{"custom_fields": map[string]any{tier: "Enterprise"}},
		"bad date":               map[string]any{"expected_close_date": "31/01/2027"},
		"empty title":            map[string]any{"title": " "},
		"custom fields not map":  map[string]any{"custom_fields": []int{1}},
		"valid then invalid key": map[string]any{"title": "Changed", "nope": true},
	} {
		t.Run(name, func(t *testing.T) {
			r := req(t, srv, "PATCH", path, tok, body)
			wantStatus(t, r, 400)
			if r.body["success"] != false || r.body["error"] == "" || r.body["error_info"] == "" {
				t.Fatalf("error body %s", r.raw)
			}
			o, _ := srv.Object(Deal, id)
			if o["title"] != "Keep" || o["status"] != "open" {
				t.Fatalf("a refused body changed the deal: %v", o)
			}
		})
	}
	wantStatus(t, req(t, srv, "POST", "/api/v2/deals", tok, map[string]any{"value": 1}), 400) // no title
	wantStatus(t, req(t, srv, "POST", "/api/v2/persons", tok, map[string]any{}), 400)         // no name
	wantStatus(t, req(t, srv, "GET", "/api/v2/deals/abc", tok, nil), 400)
	if srv.Len(Deal) != 1 || srv.Len(Person) != 0 {
		t.Fatal("refused creates stored something")
	}
}

func TestCursorPagination(t *testing.T) {
	srv := NewServer(t, WithRateLimit(1000, 0))
	tok := srv.Token()
	for i := 1; i <= 7; i++ {
		if _, err := srv.Seed(Person, map[string]any{"name": fmt.Sprintf("Person %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	for _, dir := range []string{"asc", "desc"} {
		t.Run(dir, func(t *testing.T) {
			var got []int64
			cursor := ""
			pages := 0
			for {
				q := url.Values{"limit": {"3"}, "sort_direction": {dir}}
				if cursor != "" {
					q.Set("cursor", cursor)
				}
				r := req(t, srv, "GET", "/api/v2/persons?"+q.Encode(), tok, nil)
				wantStatus(t, r, 200)
				pages++
				for _, x := range r.list(t) {
					got = append(got, num(t, x.(map[string]any)["id"]))
				}
				ad := r.body["additional_data"].(map[string]any)
				nc, present := ad["next_cursor"]
				if !present {
					t.Fatal("additional_data.next_cursor missing")
				}
				if nc == nil {
					break
				}
				cursor = nc.(string)
			}
			want := []int64{1, 2, 3, 4, 5, 6, 7}
			if dir == "desc" {
				slices.Reverse(want)
			}
			if !slices.Equal(got, want) || pages != 3 {
				t.Fatalf("ids %v over %d pages", got, pages)
			}
		})
	}
	wantStatus(t, req(t, srv, "GET", "/api/v2/persons?cursor=garbage", tok, nil), 400)
	wantStatus(t, req(t, srv, "GET", "/api/v2/persons?limit=501", tok, nil), 400)
	r := req(t, srv, "GET", "/api/v2/deals", tok, nil)
	if l := r.list(t); len(l) != 0 || r.body["additional_data"].(map[string]any)["next_cursor"] != nil {
		t.Fatalf("empty list %s", r.raw)
	}
}

func TestListFilters(t *testing.T) {
	srv := NewServer(t, WithRateLimit(1000, 0))
	tok := srv.Token()
	org, _ := srv.Seed(Organization, map[string]any{"name": "Acme"})
	_, _ = srv.Seed(Deal, map[string]any{"title": "A", "org_id": org})
	_, _ = srv.Seed(Deal, map[string]any{"title": "B", "status": "won"})
	_, _ = srv.Seed(Deal, map[string]any{"title": "C", "org_id": org, "status": "lost"})
	for q, want := range map[string]int{"": 3, "status=open": 1, "status=won": 1, fmt.Sprintf("org_id=%d", org): 2, "ids=1,3": 2} {
		r := req(t, srv, "GET", "/api/v2/deals?"+q, tok, nil)
		if n := len(r.list(t)); n != want {
			t.Errorf("%q: %d deals, want %d", q, n, want)
		}
	}
}

func TestSearch(t *testing.T) {
	srv := NewServer(t, WithRateLimit(1000, 0), WithSearchLimit(100))
	tok := srv.Token()
	nick, _ := srv.CustomFieldKey(Person, "Nickname")
	org, _ := srv.Seed(Organization, map[string]any{"name": "Acme Corp"})
	_, _ = srv.Seed(Person, map[string]any{"name": "Ada Lovelace", "org_id": org,
		"emails": []any{map[string]any{"value": "ada@example.com", "primary": true, "label": "work"}}})
	_, _ = srv.Seed(Person, map[string]any{"name": "Grace Hopper", "custom_fields": map[string]any{nick: "Amazing Ada"}})
	_, _ = srv.Seed(Deal, map[string]any{"title": "Acme renewal", "org_id": org})

	r := req(t, srv, "GET", "/api/v2/persons/search?term=ada", tok, nil)
	wantStatus(t, r, 200)
	items := r.data(t)["items"].([]any)
	if len(items) != 2 {
		t.Fatalf("items %s", r.raw)
	}
	first := items[0].(map[string]any)
	item := first["item"].(map[string]any)
	if item["name"] != "Ada Lovelace" || item["type"] != "person" || first["result_score"] == nil {
		t.Fatalf("best hit %v", first)
	}
	if o := item["organization"].(map[string]any); o["name"] != "Acme Corp" {
		t.Fatalf("organization %v", o)
	}
	if e := item["emails"].([]any); len(e) != 1 || e[0] != "ada@example.com" {
		t.Fatalf("emails %v", e)
	}
	second := items[1].(map[string]any)["item"].(map[string]any)
	if cf := second["custom_fields"].([]any); len(cf) != 1 || cf[0] != "Amazing Ada" {
		t.Fatalf("matched custom fields %v", cf)
	}

	r = req(t, srv, "GET", "/api/v2/persons/search?term=ada&fields=name", tok, nil)
	if n := len(r.data(t)["items"].([]any)); n != 1 {
		t.Fatalf("fields=name: %d items", n)
	}
	r = req(t, srv, "GET", "/api/v2/deals/search?term=ACME", tok, nil)
	d := r.data(t)["items"].([]any)[0].(map[string]any)["item"].(map[string]any)
	if d["title"] != "Acme renewal" || d["organization"].(map[string]any)["name"] != "Acme Corp" {
		t.Fatalf("deal hit %v", d)
	}
	r = req(t, srv, "GET", "/api/v2/organizations/search?term=acme+corp&exact_match=true", tok, nil)
	if n := len(r.data(t)["items"].([]any)); n != 1 {
		t.Fatalf("exact: %d", n)
	}
	wantStatus(t, req(t, srv, "GET", "/api/v2/deals/search?term=a", tok, nil), 400)
	wantStatus(t, req(t, srv, "GET", "/api/v2/deals/search?term=ab&fields=email", tok, nil), 400)

	// Pagination.
	for i := 0; i < 5; i++ {
		_, _ = srv.Seed(Organization, map[string]any{"name": fmt.Sprintf("Zeta %d", i)})
	}
	var names []string
	cur := ""
	for {
		q := url.Values{"term": {"zeta"}, "limit": {"2"}}
		if cur != "" {
			q.Set("cursor", cur)
		}
		r := req(t, srv, "GET", "/api/v2/organizations/search?"+q.Encode(), tok, nil)
		for _, it := range r.data(t)["items"].([]any) {
			names = append(names, it.(map[string]any)["item"].(map[string]any)["name"].(string))
		}
		nc := r.body["additional_data"].(map[string]any)["next_cursor"]
		if nc == nil {
			break
		}
		cur = nc.(string)
	}
	if len(names) != 5 {
		t.Fatalf("paged search %v", names)
	}
}

func TestFieldDefinitions(t *testing.T) {
	srv := NewServer(t, WithRateLimit(1000, 0),
		WithCustomFields(Organization, Field{Name: "Segment", Type: FieldSet, Options: []string{"SMB", "Mid"}}))
	tok := srv.Token()
	r := req(t, srv, "GET", "/api/v2/dealFields", tok, nil)
	wantStatus(t, r, 200)
	byName := map[string]map[string]any{}
	for _, x := range r.list(t) {
		f := x.(map[string]any)
		byName[f["field_name"].(string)] = f
	}
	for name, typ := range map[string]string{"Budget": "monetary", "Tier": "enum", "Renewal date": "date", "Channels": "set", "Summary": "text", "Seats": "int", "Title": "varchar"} {
		f := byName[name]
		if f == nil || f["field_type"] != typ {
			t.Errorf("%s: %v", name, f)
		}
	}
	tier := byName["Tier"]
	if tier["is_custom_field"] != true || len(tier["field_code"].(string)) != 40 {
		t.Fatalf("tier %v", tier)
	}
	var labels []string
	for _, o := range tier["options"].([]any) {
		labels = append(labels, o.(map[string]any)["label"].(string))
	}
	if !slices.Equal(labels, []string{"Starter", "Growth", "Enterprise"}) {
		t.Fatalf("tier options %v", labels)
	}
	if byName["Title"]["is_custom_field"] != false {
		t.Fatal("title is custom")
	}

	r = req(t, srv, "GET", "/api/v2/organizationFields?limit=3", tok, nil)
	if len(r.list(t)) != 3 || r.body["additional_data"].(map[string]any)["next_cursor"] == nil {
		t.Fatalf("paged fields %s", r.raw)
	}
	if _, ok := srv.CustomFieldKey(Organization, "Segment"); !ok {
		t.Fatal("configured field missing")
	}

	bare := NewServer(t, WithoutDefaultCustomFields())
	r = req(t, bare, "GET", "/api/v2/personFields", bare.Token(), nil)
	for _, x := range r.list(t) {
		if x.(map[string]any)["is_custom_field"] == true {
			t.Fatalf("custom field without defaults: %v", x)
		}
	}
}

func TestUsersMe(t *testing.T) {
	srv := NewServer(t, WithUserAPIToken(42, "u42"))
	r := req(t, srv, "GET", "/v1/users/me", "u42", nil)
	wantStatus(t, r, 200)
	d := r.data(t)
	if num(t, d["id"]) != 42 || num(t, d["company_id"]) != CompanyID || d["email"] == "" {
		t.Fatalf("me %s", r.raw)
	}
}

func TestWebhooks(t *testing.T) {
	srv := NewServer(t, WithRateLimit(1000, 0))
	tok := srv.Token()
	body := map[string]any{"subscription_url": "https://example.com/hook", "event_action": "*",
		"event_object": "deal", "name": "deals", "http_auth_user": "u", "http_auth_password": "secret-pass"}
	r := req(t, srv, "POST", "/v1/webhooks", tok, body)
	wantStatus(t, r, 201)
	if strings.Contains(string(r.raw), "secret-pass") {
		t.Fatal("webhook password echoed")
	}
	h := r.data(t)
	if h["version"] != "2.0" || h["event_object"] != "deal" || num(t, h["id"]) != 1 {
		t.Fatalf("webhook %s", r.raw)
	}
	for _, bad := range []map[string]any{
		{"subscription_url": "ftp://x", "event_action": "*", "event_object": "deal", "name": "n"},
		{"subscription_url": "https://x", "event_action": "added", "event_object": "deal", "name": "n"},
		{"subscription_url": "https://x", "event_action": "*", "event_object": "deal"},
		{"subscription_url": "https://x", "event_action": "*", "event_object": "deal", "name": "n", "version": "3.0"},
	} {
		wantStatus(t, req(t, srv, "POST", "/v1/webhooks", tok, bad), 400)
	}
	for i := 1; i < 40; i++ {
		wantStatus(t, req(t, srv, "POST", "/v1/webhooks", tok, body), 201)
	}
	wantStatus(t, req(t, srv, "POST", "/v1/webhooks", tok, body), 422)
	r = req(t, srv, "GET", "/v1/webhooks", tok, nil)
	if n := len(r.list(t)); n != 40 {
		t.Fatalf("%d webhooks", n)
	}
	wantStatus(t, req(t, srv, "DELETE", "/v1/webhooks/1", tok, nil), 200)
	wantStatus(t, req(t, srv, "DELETE", "/v1/webhooks/1", tok, nil), 404)
	wantStatus(t, req(t, srv, "POST", "/v1/webhooks", tok, body), 201)
}

func TestParticipantsOffsetPagination(t *testing.T) {
	srv := NewServer(t, WithRateLimit(1000, 0))
	tok := srv.Token()
	deal, _ := srv.Seed(Deal, map[string]any{"title": "Big"})
	for i := 0; i < 5; i++ {
		p, _ := srv.Seed(Person, map[string]any{"name": fmt.Sprintf("P%d", i)})
		wantStatus(t, req(t, srv, "POST", fmt.Sprintf("/v1/deals/%d/participants", deal), tok, map[string]any{"person_id": p}), 200)
	}
	wantStatus(t, req(t, srv, "POST", fmt.Sprintf("/v1/deals/%d/participants", deal), tok, map[string]any{"person_id": 1}), 400)
	var got []int64
	start := 0
	for {
		r := req(t, srv, "GET", fmt.Sprintf("/v1/deals/%d/participants?start=%d&limit=2", deal, start), tok, nil)
		wantStatus(t, r, 200)
		for _, x := range r.list(t) {
			got = append(got, num(t, x.(map[string]any)["person_id"].(map[string]any)["value"]))
		}
		pg := r.body["additional_data"].(map[string]any)["pagination"].(map[string]any)
		if num(t, pg["start"]) != int64(start) || num(t, pg["limit"]) != 2 {
			t.Fatalf("pagination %v", pg)
		}
		if pg["more_items_in_collection"] != true {
			if _, ok := pg["next_start"]; ok {
				t.Fatal("next_start on the last page")
			}
			break
		}
		start = int(num(t, pg["next_start"]))
	}
	if !slices.Equal(got, []int64{1, 2, 3, 4, 5}) {
		t.Fatalf("participants %v", got)
	}
	r := req(t, srv, "GET", fmt.Sprintf("/v1/deals/%d/participants?start=10", deal), tok, nil)
	if r.body["data"] != nil {
		t.Fatalf("past the end: %s", r.raw)
	}
	wantStatus(t, req(t, srv, "GET", "/v1/deals/999/participants", tok, nil), 404)
}

func TestRoutesCounted(t *testing.T) {
	srv := NewServer(t)
	tok := srv.Token()
	req(t, srv, "GET", "/api/v2/deals/5", tok, nil)
	req(t, srv, "GET", "/api/v2/deals/6", tok, nil)
	req(t, srv, "GET", "/api/v2/deals", tok, nil)
	req(t, srv, "GET", "/v2/what", tok, nil)
	st := srv.Stats()
	if st.Routes["GET /api/v2/deals/{id}"] != 2 || st.Routes["GET /api/v2/deals"] != 1 || st.Requests != 4 {
		t.Fatalf("routes %v", st.Routes)
	}
	log := srv.Requests()
	if len(log) != 4 || log[0].Path != "/api/v2/deals/5" || log[0].Status != 404 || log[0].Auth != "api_token" {
		t.Fatalf("log %+v", log)
	}
	srv.ResetStats()
	if st := srv.Stats(); st.Requests != 0 || len(st.Routes) != 0 || len(srv.Requests()) != 0 {
		t.Fatalf("after reset %+v", st)
	}
}

func TestGetViewOptions(t *testing.T) {
	clk := newManualClock()
	srv := NewServer(t, WithClock(clk), WithRateLimit(1000, 0))
	tok := srv.Token()
	tier, _ := srv.CustomFieldKey(Deal, "Tier")
	channels, _ := srv.CustomFieldKey(Deal, "Channels")
	growth, _ := srv.OptionID(Deal, "Tier", "Growth")
	phone, _ := srv.OptionID(Deal, "Channels", "Phone")
	id, err := srv.Seed(Deal, map[string]any{"title": "V", "custom_fields": map[string]any{tier: growth, channels: []int64{phone}}})
	if err != nil {
		t.Fatal(err)
	}
	r := req(t, srv, "GET", fmt.Sprintf("/api/v2/deals/%d?include_option_labels=true&custom_fields=%s,%s", id, tier, channels), tok, nil)
	wantStatus(t, r, 200)
	cf := r.data(t)["custom_fields"].(map[string]any)
	if len(cf) != 2 {
		t.Fatalf("custom_fields filter kept %v", cf)
	}
	if l := cf[tier].(map[string]any); l["label"] != "Growth" || num(t, l["id"]) != growth {
		t.Fatalf("tier with label %v", cf[tier])
	}
	if l := cf[channels].([]any)[0].(map[string]any); l["label"] != "Phone" {
		t.Fatalf("channels with labels %v", cf[channels])
	}
	// The stored value is untouched.
	o, _ := srv.Object(Deal, id)
	if o["custom_fields"].(map[string]any)[tier] != growth {
		t.Fatal("render changed the stored object")
	}
	wantStatus(t, req(t, srv, "GET", fmt.Sprintf("/api/v2/deals/%d?include_option_labels=yes", id), tok, nil), 400)

	// updated_since / updated_until.
	clk.Advance(time.Hour)
	req(t, srv, "PATCH", fmt.Sprintf("/api/v2/deals/%d", id), tok, map[string]any{"title": "W"})
	_, _ = srv.Seed(Deal, map[string]any{"title": "Old"}) // seeded now, too
	since := clk.Now().Add(-time.Minute).Format(time.RFC3339)
	r = req(t, srv, "GET", "/api/v2/deals?updated_since="+url.QueryEscape(since), tok, nil)
	if n := len(r.list(t)); n != 2 {
		t.Fatalf("updated_since: %d", n)
	}
	r = req(t, srv, "GET", "/api/v2/deals?updated_until="+url.QueryEscape(since), tok, nil)
	if n := len(r.list(t)); n != 0 {
		t.Fatalf("updated_until: %d", n)
	}
	wantStatus(t, req(t, srv, "GET", "/api/v2/deals?updated_since=yesterday", tok, nil), 400)
}
