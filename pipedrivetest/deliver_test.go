package pipedrivetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

func TestWebhookDeliveries(t *testing.T) {
	var mu sync.Mutex
	var got []map[string]any
	var auths []string
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, _ := r.BasicAuth()
		var body map[string]any
		raw, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(raw, &body); err != nil {
			t.Errorf("delivery body %q: %v", raw, err)
		}
		mu.Lock()
		got = append(got, body)
		auths = append(auths, u+":"+p)
		mu.Unlock()
	}))
	defer recv.Close()

	srv := NewServer(t, WithRateLimit(1000, 0))
	tok := srv.Token()
	wantStatus(t, req(t, srv, "POST", "/v1/webhooks", tok, map[string]any{"subscription_url": recv.URL + "/hook",
		"event_action": "*", "event_object": "deal", "name": "deals", "http_auth_user": "pd", "http_auth_password": "pw"}), 201)
	wantStatus(t, req(t, srv, "POST", "/v1/webhooks", tok, map[string]any{"subscription_url": recv.URL + "/persons",
		"event_action": "create", "event_object": "person", "name": "persons"}), 201)
	wantStatus(t, req(t, srv, "POST", "/v1/webhooks", tok, map[string]any{"subscription_url": "https://example.com/hook",
		"event_action": "*", "event_object": "*", "name": "far away"}), 201)

	r := req(t, srv, "POST", "/api/v2/deals", tok, map[string]any{"title": "Hooked", "value": 10})
	id := num(t, r.data(t)["id"])
	path := fmt.Sprintf("/api/v2/deals/%d", id)
	req(t, srv, "PATCH", path, tok, map[string]any{"value": 20})
	req(t, srv, "DELETE", path, tok, nil)
	req(t, srv, "POST", "/api/v2/organizations", tok, map[string]any{"name": "No hook for orgs"})

	ds := srv.Deliveries()
	var local, refused int
	for _, d := range ds {
		switch {
		case d.URL == "https://example.com/hook":
			if !errors.Is(d.Err, errNotLoopback) || d.Status != 0 {
				t.Errorf("far delivery %+v", d)
			}
			refused++
		case d.OK():
			local++
		default:
			t.Errorf("delivery %+v", d)
		}
	}
	// Deals: create, change, delete to both the deal hook and the catch-all;
	// the organization only to the catch-all.
	if local != 3 || refused != 4 {
		t.Fatalf("%d local, %d refused deliveries", local, refused)
	}
	byAction := map[string]map[string]any{}
	for i, b := range got {
		if auths[i] != "pd:pw" {
			t.Errorf("basic auth %q", auths[i])
		}
		byAction[b["meta"].(map[string]any)["action"].(string)] = b
	}
	create := byAction["create"]
	meta := create["meta"].(map[string]any)
	if meta["entity"] != "deal" || meta["entity_id"] != fmt.Sprint(id) || meta["version"] != "2.0" || meta["id"] == "" ||
		create["previous"] != nil || create["data"].(map[string]any)["visible_to"] != "3" {
		t.Fatalf("create delivery %v", create)
	}
	change := byAction["change"]
	prev := change["previous"].(map[string]any)
	if len(prev) != 1 || prev["value"] != float64(10) || change["data"].(map[string]any)["value"] != float64(20) {
		t.Fatalf("change delivery previous=%v", prev)
	}
	del := byAction["delete"]
	if del["data"] != nil || del["previous"].(map[string]any)["title"] != "Hooked" {
		t.Fatalf("delete delivery %v", del)
	}
}
