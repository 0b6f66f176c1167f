package pipedrivetest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func decodeJSON(t testing.TB, s string) any {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return v
}

func TestCustomFieldValues(t *testing.T) {
	enum := &customField{Field: Field{Name: "E", Type: FieldEnum}, options: []fieldOption{{1, "a"}, {2, "b"}}}
	set := &customField{Field: Field{Name: "S", Type: FieldSet}, options: []fieldOption{{1, "a"}, {2, "b"}}}
	f := func(ty FieldType) *customField { return &customField{Field: Field{Name: "F", Type: ty}} }
	cases := []struct {
		f    *customField
		in   string
		want string // JSON of the stored value; "" means refused
	}{
		{f(FieldVarchar), `"x"`, `"x"`},
		{f(FieldVarchar), `"` + strings.Repeat("é", 256) + `"`, ""},
		{f(FieldVarchar), `1`, ""},
		{f(FieldText), `null`, `null`},
		{f(FieldPhone), `"+372"`, `"+372"`},
		{f(FieldInt), `3`, `3`},
		{f(FieldInt), `3.5`, ""},
		{f(FieldInt), `"3"`, ""},
		{f(FieldDouble), `3.5`, `3.5`},
		{f(FieldDouble), `"x"`, ""},
		{f(FieldMonetary), `{"value":5}`, `{"currency":"USD","value":5}`},
		{f(FieldMonetary), `{"value":5,"currency":"EUR"}`, `{"currency":"EUR","value":5}`},
		{f(FieldMonetary), `{"value":5,"currency":"EURO"}`, ""},
		{f(FieldMonetary), `{"value":5,"other":1}`, ""},
		{f(FieldMonetary), `5`, ""},
		{enum, `2`, `2`},
		{enum, `3`, ""},
		{enum, `"a"`, ""},
		{set, `[1,2]`, `[1,2]`},
		{set, `[]`, `[]`},
		{set, `[1,9]`, ""},
		{set, `1`, ""},
		{f(FieldDate), `"2026-02-28"`, `"2026-02-28"`},
		{f(FieldDate), `"2026-02-30"`, ""},
		{f(FieldDateRange), `{"value":"2026-01-01","until":"2026-01-31"}`, `{"until":"2026-01-31","value":"2026-01-01"}`},
		{f(FieldDateRange), `{"value":"2026-02-01","until":"2026-01-31"}`, ""},
		{f(FieldDateRange), `{"value":"2026-02-01"}`, ""},
		{f(FieldTime), `"13:45:00"`, `"13:45:00"`},
		{f(FieldTime), `"25:00:00"`, ""},
	}
	for _, c := range cases {
		got, err := c.f.customValue(decodeJSON(t, c.in), "USD")
		if c.want == "" {
			if err == nil {
				t.Errorf("%s %s: accepted as %v", c.f.Type, c.in, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %s: %v", c.f.Type, c.in, err)
			continue
		}
		b, _ := json.Marshal(got)
		if string(b) != c.want {
			t.Errorf("%s %s: stored %s, want %s", c.f.Type, c.in, b, c.want)
		}
	}
}

func TestStandardPropertyValues(t *testing.T) {
	cases := []struct {
		e    Entity
		key  string
		in   string
		want string
	}{
		{Deal, "value", `10`, `10`},
		{Deal, "value", `"10"`, ""},
		{Deal, "person_id", `null`, `null`},
		{Deal, "pipeline_id", `null`, ""},
		{Deal, "is_archived", `true`, `true`},
		{Deal, "is_archived", `1`, ""},
		{Deal, "label_ids", `[1,2]`, `[1,2]`},
		{Deal, "label_ids", `["a"]`, ""},
		{Person, "emails", `[{"value":"a@b.c","primary":true,"label":"work"}]`, `[{"label":"work","primary":true,"value":"a@b.c"}]`},
		{Person, "emails", `[{"value":""}]`, ""},
		{Person, "emails", `[{"value":"a","kind":"x"}]`, ""},
		{Person, "emails", `["a@b.c"]`, ""},
		{Person, "marketing_status", `"subscribed"`, `"subscribed"`},
		{Person, "marketing_status", `"maybe"`, ""},
		{Person, "birthday", `"2000-01-01"`, `"2000-01-01"`},
		{Organization, "address", `{"value":"Main St 1","country":"EE"}`, `{"country":"EE","value":"Main St 1"}`},
		{Organization, "address", `{"planet":"Mars"}`, ""},
		{Organization, "address", `"Main St"`, ""},
		{Organization, "employee_count", `12`, `12`},
	}
	for _, c := range cases {
		got, err := writable[c.e][c.key].convert(decodeJSON(t, c.in))
		if c.want == "" {
			if err == nil {
				t.Errorf("%s.%s %s: accepted", c.e, c.key, c.in)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s.%s %s: %v", c.e, c.key, c.in, err)
			continue
		}
		if b, _ := json.Marshal(got); string(b) != c.want {
			t.Errorf("%s.%s %s: %s, want %s", c.e, c.key, c.in, b, c.want)
		}
	}
}

func TestSearchFilters(t *testing.T) {
	srv := NewServer(t, WithRateLimit(1000, 0), WithSearchLimit(1000))
	tok := srv.Token()
	org, _ := srv.Seed(Organization, map[string]any{"name": "Org"})
	p, _ := srv.Seed(Person, map[string]any{"name": "Pat Deal", "org_id": org})
	_, _ = srv.Seed(Person, map[string]any{"name": "Pat Other"})
	_, _ = srv.Seed(Deal, map[string]any{"title": "Deal one", "person_id": p, "status": "won"})
	_, _ = srv.Seed(Deal, map[string]any{"title": "Deal two"})
	for q, want := range map[string]int{
		"/api/v2/deals/search?term=deal":                               2,
		"/api/v2/deals/search?term=deal&status=won":                    1,
		"/api/v2/deals/search?term=deal&person_id=" + itoa(p):          1,
		"/api/v2/persons/search?term=pat":                              2,
		"/api/v2/persons/search?term=pat&organization_id=" + itoa(org): 1,
	} {
		r := req(t, srv, "GET", q, tok, nil)
		if n := len(r.data(t)["items"].([]any)); n != want {
			t.Errorf("%s: %d items, want %d", q, n, want)
		}
	}
}

func itoa(i int64) string { b, _ := json.Marshal(i); return string(b) }

func TestAccessTokenTTL(t *testing.T) {
	clk := newManualClock()
	srv := NewServer(t, WithClock(clk), WithAccessTokenTTL(time.Minute))
	tok := srv.GrantOAuth()
	if tok.ExpiresIn != 60 {
		t.Fatalf("expires_in %d", tok.ExpiresIn)
	}
	clk.Advance(59 * time.Second)
	wantStatus(t, req(t, srv, "GET", "/v1/users/me", "Bearer "+tok.AccessToken, nil), 200)
	clk.Advance(time.Second)
	wantStatus(t, req(t, srv, "GET", "/v1/users/me", "Bearer "+tok.AccessToken, nil), 401)
}

func TestBodyFormat(t *testing.T) {
	srv := NewServer(t)
	for name, c := range map[string]struct {
		ct, body string
		want     int
	}{
		"form body":     {"application/x-www-form-urlencoded", "title=x", 415},
		"not json":      {"application/json", "{", 400},
		"array":         {"application/json", "[1]", 400},
		"two objects":   {"application/json", `{"title":"a"}{"title":"b"}`, 400},
		"null":          {"application/json", "null", 400},
		"empty":         {"application/json", "", 400},
		"too big":       {"application/json", `{"title":"` + strings.Repeat("x", 2<<20) + `"}`, 413},
		"no type is ok": {"", `{"title":"a"}`, 200},
	} {
		t.Run(name, func(t *testing.T) {
			r, _ := http.NewRequest("POST", srv.URL+"/api/v2/deals", bytes.NewBufferString(c.body))
			if c.ct != "" {
				r.Header.Set("Content-Type", c.ct)
			}
			r.Header.Set("X-Api-Token", srv.Token())
			res, err := srv.HTTPClient().Do(r)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != c.want && !(c.want != 200 && res.StatusCode == 429) {
				t.Fatalf("status %d, want %d", res.StatusCode, c.want)
			}
		})
	}
}

// FuzzCreateBody feeds arbitrary bodies to the create handlers: they must
// answer 200 or 4xx, never panic, and store something only on 200.
func FuzzCreateBody(f *testing.F) {
	for _, s := range []string{`{"title":"a"}`, `{"name":"x","emails":[{"value":"a"}]}`, `{"custom_fields":{"a":1}}`,
		`{"title":"t","custom_fields":{"` + FieldKey(Deal, "Budget") + `":{"value":1}}}`, `[]`, `{`, `{"value":1e999}`} {
		f.Add(s)
	}
	srv, err := Start(WithRateLimit(1<<30, 0), WithDailyWriteLimit(1<<30))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(srv.Close)
	f.Fuzz(func(t *testing.T, body string) {
		for _, e := range entityOrder {
			before := srv.Len(e)
			r := httptest.NewRequest("POST", "/api/v2/"+entityInfo[e].plural, strings.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			rp := srv.createObject(&call{r: r, now: time.Now(), user: DefaultUserID}, e)
			switch {
			case rp.status == 200:
				if srv.Len(e) != before+1 {
					t.Fatalf("200 without storing")
				}
				if _, err := json.Marshal(rp.body); err != nil {
					t.Fatalf("unencodable answer: %v", err)
				}
			case rp.status >= 400 && rp.status < 500:
				if srv.Len(e) != before {
					t.Fatalf("%d but stored", rp.status)
				}
			default:
				t.Fatalf("status %d", rp.status)
			}
		}
	})
}
