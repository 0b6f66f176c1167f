package pipedrivetest

import (
	"net/http"
	"strconv"
	"testing"
)

// The fake checks filter bodies the way Pipedrive does; the SDK refuses
// most of these before sending, so they are sent raw here.
func TestFilterBodiesChecked(t *testing.T) {
	srv := NewServer(t, WithRateLimit(1000, 0))
	tok := srv.Token()
	valueID, _ := srv.FilterFieldID(Deal, "value")
	cond := func(op string, value any) map[string]any {
		return map[string]any{"object": "deal", "field_id": valueID, "operator": op, "value": value, "extra_value": nil}
	}
	tree := func(and, or []any) map[string]any {
		return map[string]any{"glue": "and", "conditions": []any{
			map[string]any{"glue": "and", "conditions": and},
			map[string]any{"glue": "or", "conditions": or},
		}}
	}
	many := make([]any, 17)
	for i := range many {
		many[i] = cond("=", "1")
	}
	for name, conditions := range map[string]any{
		"not an object":   "x",
		"or at the top":   map[string]any{"glue": "or", "conditions": []any{}},
		"one group":       map[string]any{"glue": "and", "conditions": []any{map[string]any{"glue": "and", "conditions": []any{}}}},
		"or first":        map[string]any{"glue": "and", "conditions": []any{map[string]any{"glue": "or"}, map[string]any{"glue": "and"}}},
		"too many":        tree(many, nil),
		"unknown op":      tree([]any{cond("~", "1")}, nil),
		"no value":        tree([]any{cond(">", nil)}, nil),
		"bad object":      tree(nil, []any{map[string]any{"object": "deals", "field_id": valueID, "operator": "=", "value": "1"}}),
		"unknown field":   tree([]any{map[string]any{"object": "deal", "field_id": "1", "operator": "=", "value": "1"}}, nil),
		"unknown member":  tree([]any{map[string]any{"object": "deal", "field_id": valueID, "operator": "=", "value": "1", "x": 1}}, nil),
		"no field id":     tree([]any{map[string]any{"object": "deal", "operator": "=", "value": "1"}}, nil),
		"conditions null": nil,
	} {
		t.Run(name, func(t *testing.T) {
			r := req(t, srv, "POST", "/v1/filters", tok, map[string]any{"name": "x", "type": "deals", "conditions": conditions})
			wantStatus(t, r, http.StatusBadRequest)
		})
	}
	r := req(t, srv, "POST", "/v1/filters", tok, map[string]any{"name": "x", "type": "deal", "conditions": tree(nil, nil)})
	wantStatus(t, r, http.StatusBadRequest)

	// Numbers and numeric strings both name a field; values are kept as sent.
	r = req(t, srv, "POST", "/v1/filters?include_field_code=true", tok, map[string]any{"name": "big", "type": "deals",
		"conditions": tree([]any{cond(">", "1000")}, []any{})})
	wantStatus(t, r, http.StatusOK)
	got := r.data(t)["conditions"].(map[string]any)["conditions"].([]any)[0].(map[string]any)["conditions"].([]any)[0].(map[string]any)
	if got["field_id"] != strconv.FormatInt(valueID, 10) || got["field_code"] != "value" {
		t.Errorf("condition %v", got)
	}
	if got["value"] != "1000" || got["extra_value"] != nil {
		t.Errorf("condition %v", got)
	}
	id := num(t, r.data(t)["id"])

	// A relative date is not evaluated: the list says so.
	dateID, _ := srv.FilterFieldID(Deal, "expected_close_date")
	r = req(t, srv, "POST", "/v1/filters", tok, map[string]any{"name": "soon", "type": "deals",
		"conditions": tree([]any{map[string]any{"object": "deal", "field_id": dateID, "operator": "=", "value": "this_month"}}, nil)})
	wantStatus(t, r, http.StatusOK)
	soon := num(t, r.data(t)["id"])
	wantStatus(t, req(t, srv, "GET", "/api/v2/deals?filter_id="+i64s(soon), tok, nil), http.StatusBadRequest)
	wantStatus(t, req(t, srv, "GET", "/api/v2/deals?filter_id=x", tok, nil), http.StatusBadRequest)
	wantStatus(t, req(t, srv, "GET", "/api/v2/deals?filter_id="+i64s(id), tok, nil), http.StatusOK)

	// Bulk delete names the filters it deleted.
	r = req(t, srv, "DELETE", "/v1/filters?ids="+i64s(id)+",999", tok, nil)
	wantStatus(t, r, http.StatusOK)
	if ids := r.data(t)["id"].([]any); len(ids) != 1 || num(t, ids[0]) != id {
		t.Errorf("deleted %v", ids)
	}
	wantStatus(t, req(t, srv, "DELETE", "/v1/filters", tok, nil), http.StatusBadRequest)
	wantStatus(t, req(t, srv, "GET", "/v1/filters?type=nope", tok, nil), http.StatusBadRequest)
}

// The documented string form of the pipeline lists ("[1]") is accepted.
func TestRolePipelinesStringLists(t *testing.T) {
	srv := NewServer(t)
	tok := srv.Token()
	r := req(t, srv, "PUT", "/v1/roles/1/pipelines", tok, map[string]any{"visible_pipeline_ids": map[string]any{"add": "[2]", "remove": "[3, 4]"}})
	wantStatus(t, r, http.StatusOK)
	ids := r.data(t)["pipeline_ids"].([]any)
	if len(ids) != 2 || num(t, ids[0]) != 1 || num(t, ids[1]) != 2 {
		t.Errorf("visible %v", ids)
	}
	wantStatus(t, req(t, srv, "PUT", "/v1/roles/1/pipelines", tok, map[string]any{"visible_pipeline_ids": map[string]any{}}), http.StatusBadRequest)
	wantStatus(t, req(t, srv, "GET", "/v1/legacyTeams/1/members", tok, nil), http.StatusNotFound)
	wantStatus(t, req(t, srv, "GET", "/v1/goals/abc/results?period.start=2026-01-01&period.end=2026-01-02", tok, nil), http.StatusNotFound)
}

func i64s(n int64) string { return strconv.FormatInt(n, 10) }
