package spec

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func mustOp(t *testing.T, method, path string) *Op {
	t.Helper()
	op, _, err := Match(method, path)
	if err != nil {
		t.Fatal(err)
	}
	return op
}

// TestCheckQueryListsCatchesABadValueInAList: the comma-list fault accepts
// include_fields as a list, but every value in it is still checked against
// the enum the spec declares.
func TestCheckQueryListsCatchesABadValueInAList(t *testing.T) {
	op := mustOp(t, "GET", "/api/v2/deals")
	lists := regexp.MustCompile(`^(include_fields|fields)$`).MatchString
	whats := func(q url.Values) []string {
		var out []string
		for _, v := range CheckQueryLists(op, q, lists) {
			out = append(out, v.Name+": "+v.What)
		}
		return out
	}

	good := whats(url.Values{"include_fields": {"products_count,notes_count"}})
	if len(good) != 1 || good[0] != "include_fields: comma-list of 2" {
		t.Errorf("a list of two allowed values: %q, want only the comma-list report", good)
	}
	bad := whats(url.Values{"include_fields": {"products_count,no_such_field,notes_count"}})
	found := false
	for _, w := range bad {
		found = found || strings.Contains(w, `"no_such_field" is not one of`)
	}
	if !found {
		t.Errorf("a bad value inside a list went unreported: %q", bad)
	}
	if single := whats(url.Values{"include_fields": {"no_such_field"}}); len(single) != 1 || !strings.Contains(single[0], "is not one of") {
		t.Errorf("a bad single value: %q", single)
	}
	// Parameters outside the lists are checked as CheckQuery checks them.
	if other := whats(url.Values{"limit": {"ten"}, "nope": {"1"}}); len(other) != 2 {
		t.Errorf("other parameters: %q, want a type error and an unknown parameter", other)
	}
}

// TestCommaLists: the parameters split at commas are those a comma-list
// fault names for the operation, and no others.
func TestCommaLists(t *testing.T) {
	faults := []Fault{
		{Op: `.*`, Where: "query", Name: `include_fields`, What: CommaList},
		{Op: `v2 GET /itemSearch`, Where: "query", Name: `item_types`, What: CommaList},
		{Op: `v2 GET /deals`, Where: "query", Name: `status`, What: "is not one of"},
	}
	search, deals := mustOp(t, "GET", "/api/v2/itemSearch"), mustOp(t, "GET", "/api/v2/deals")
	for _, tc := range []struct {
		op   *Op
		name string
		want bool
	}{
		{search, "item_types", true}, {search, "include_fields", true}, {deals, "include_fields", true},
		{deals, "item_types", false}, {deals, "status", false}, {search, "term", false},
	} {
		if got := CommaLists(faults, tc.op)(tc.name); got != tc.want {
			t.Errorf("%s %s: %v, want %v", tc.op.Key(), tc.name, got, tc.want)
		}
	}
	// Every value of a list is still checked.
	vs := CheckQueryLists(search, url.Values{"item_types": {"deal,no_such_type"}}, CommaLists(faults, search))
	found := false
	for _, v := range vs {
		found = found || strings.Contains(v.What, `"no_such_type" is not one of`)
	}
	if !found {
		t.Errorf("a bad item type inside a list went unreported: %v", vs)
	}
}

func decode(t *testing.T, s string) any {
	t.Helper()
	v, err := DecodeJSON([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func encode(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSynthesizeOverPlaceholderKeys: a schema property named like a
// placeholder (DEAL_ID) is not invented beside the example's real keys;
// the example's real keys get the placeholder's schema instead.
func TestSynthesizeOverPlaceholderKeys(t *testing.T) {
	s := &Schema{Type: "object", Properties: map[string]*Schema{
		"DEAL_ID": {Type: "object", Properties: map[string]*Schema{
			"id":    {Type: "integer"},
			"title": {Type: "string"},
		}},
	}}
	got := SynthesizeOver(s, decode(t, `{"123":{"id":123}}`), "", true).(map[string]any)
	if _, ok := got["DEAL_ID"]; ok || len(got) != 1 {
		t.Fatalf("invented the placeholder: %s", encode(t, got))
	}
	entry := got["123"].(map[string]any)
	if entry["title"] != "text" {
		t.Errorf("the real key's entry was not synthesized over: %s", encode(t, got))
	}

	// A flat example where the schema wraps the object under a
	// placeholder (PICTURE_ID): served as the example has it.
	pic := &Schema{Type: "object", Properties: map[string]*Schema{
		"PICTURE_ID": {Type: "object", Properties: map[string]*Schema{"id": {Type: "integer"}}},
	}}
	flat := SynthesizeOver(pic, decode(t, `{"id":1,"item_type":"person"}`), "", true)
	if got := encode(t, flat); got != `{"id":1,"item_type":"person"}` {
		t.Errorf("flat example: %s", got)
	}
}

// TestSynthesizeOverKeyedMap: an example keyed by values the schema does
// not name (currency codes, where the schema declares one total) is
// served as it is, without the schema's members beside the keys.
func TestSynthesizeOverKeyedMap(t *testing.T) {
	s := &Schema{Type: "object", Properties: map[string]*Schema{
		"values_total": {Type: "object", Properties: map[string]*Schema{
			"count": {Type: "integer"},
			"value": {Type: "number"},
		}},
		"total_count": {Type: "integer"},
	}}
	ex := decode(t, `{"values_total":{"EUR":{"count":2,"value":10}}}`)
	got := SynthesizeOver(s, ex, "", true).(map[string]any)
	if vt := encode(t, got["values_total"]); vt != `{"EUR":{"count":2,"value":10}}` {
		t.Errorf("values_total = %s", vt)
	}
	if got["total_count"] == nil {
		t.Errorf("a property the example lacks was not synthesized: %s", encode(t, got))
	}
}

func TestSynthesizeActivityTimeIsATimeOfDay(t *testing.T) {
	if got := synthString("", "next_activity_time", true); got != "10:30:00" {
		t.Errorf("next_activity_time = %q", got)
	}
	if got := synthString("", "update_time", true); got != "2026-01-02 03:04:05" {
		t.Errorf("update_time = %q", got)
	}
}

// TestLostFieldsZeroTimestamps: v1's zero timestamps mean "none", so a
// model that decodes them as no time may leave them out.
func TestLostFieldsZeroTimestamps(t *testing.T) {
	lost, err := LostFields([]byte(`{"update_time":"0000-00-00 00:00:00","date":"0000-00-00","name":"x"}`), []byte(`{"name":"x"}`))
	if err != nil || len(lost) != 0 {
		t.Fatalf("lost = %v, %v", lost, err)
	}
	lost, _ = LostFields([]byte(`{"update_time":"2020-01-01 00:00:00"}`), []byte(`{}`))
	if len(lost) != 1 {
		t.Fatalf("a real timestamp dropped: lost = %v", lost)
	}
}
