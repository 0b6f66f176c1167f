package pipedrivetest

import (
	"strconv"
	"strings"
	"testing"
)

// The lead endpoints check their v1 bodies as Pipedrive does, so that
// tests catch what the real API would refuse.
func TestLeadBodiesChecked(t *testing.T) {
	srv := NewServer(t, WithRateLimit(1000, 0))
	tok := srv.Token()
	r := req(t, srv, "POST", "/api/v2/persons", tok, map[string]any{"name": "Ada"})
	wantStatus(t, r, 200)
	person := num(t, r.data(t)["id"])
	budget, _ := srv.CustomFieldKey(Deal, "Budget")
	tier, _ := srv.CustomFieldKey(Deal, "Tier")
	channels, _ := srv.CustomFieldKey(Deal, "Channels")
	growth, _ := srv.OptionID(Deal, "Tier", "Growth")

	for name, body := range map[string]map[string]any{
		"visible_to as a number":  {"title": "X", "person_id": person, "visible_to": 3},
		"no link":                 {"title": "X"},
		"no title":                {"person_id": person},
		"unknown member":          {"title": "X", "person_id": person, "stage_id": 1},
		"is_archived on create":   {"title": "X", "person_id": person, "is_archived": true},
		"value without currency":  {"title": "X", "person_id": person, "value": map[string]any{"amount": 5}},
		"unknown custom field":    {"title": "X", "person_id": person, strings.Repeat("ab", 20): "x"},
		"currency without amount": {"title": "X", "person_id": person, budget + "_currency": "EUR"},
		"unknown option":          {"title": "X", "person_id": person, tier: 999999},
		"bad companion":           {"title": "X", "person_id": person, tier + "_until": "2026-01-01"},
	} {
		t.Run(name, func(t *testing.T) {
			wantStatus(t, req(t, srv, "POST", "/v1/leads", tok, body), 400)
		})
	}

	// v1's forms are accepted: option ids as strings, sets comma-joined,
	// monetary values beside their currency.
	r = req(t, srv, "POST", "/v1/leads", tok, map[string]any{"title": "Ok", "person_id": person, "visible_to": "3",
		budget: 1500, budget + "_currency": "EUR", tier: strconv.FormatInt(growth, 10), channels: "",
	})
	wantStatus(t, r, 201)
	d := r.data(t)
	if d[budget+"_currency"] != "EUR" || num(t, d[budget]) != 1500 || num(t, d[tier]) != growth || d[channels] != nil {
		t.Fatalf("lead %s", r.raw)
	}
	id, _ := d["id"].(string)
	if len(id) != 36 {
		t.Fatalf("id %q is not a UUID", id)
	}
	wantStatus(t, req(t, srv, "GET", "/v1/leads/"+id, tok, nil), 200)
	wantStatus(t, req(t, srv, "GET", "/v1/leads/not-a-lead", tok, nil), 404)
	wantStatus(t, req(t, srv, "PATCH", "/v1/leads/"+id, tok, map[string]any{"origin_id": "x"}), 400)
	wantStatus(t, req(t, srv, "POST", "/api/v2/leads/"+id+"/convert/deal", tok, map[string]any{"stage_id": 99}), 400)
	wantStatus(t, req(t, srv, "POST", "/api/v2/leads/"+id+"/convert/deal", tok, map[string]any{"owner_id": 1}), 400)
	wantStatus(t, req(t, srv, "GET", "/api/v2/leads/"+id+"/convert/status/nope", tok, nil), 404)
}
