package core

import (
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeSuccess feeds arbitrary bodies to the envelope decoder: it
// must return a value or an error, never panic, and pagination it reports
// must be consistent.
func FuzzDecodeSuccess(f *testing.F) {
	for _, seed := range []string{
		`{"success":true,"data":{"id":1,"title":"x"},"additional_data":{"next_cursor":"abc"}}`,
		`{"success":true,"data":[{"id":1}],"additional_data":{"pagination":{"start":0,"limit":1,"more_items_in_collection":true,"next_start":1}},"related_objects":{}}`,
		`{"success":true,"data":[],"additional_data":{"more_items_in_collection":false}}`,
		`{"success":false,"data":null}`,
		`{"success":true,"data":{"id":"1"}}`,
		``, `null`, `[]`, `{"data":`, `<html></html>`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var one item
		meta, err := decodeSuccess(body, &one)
		if err == nil && meta.NextCursor != "" && !meta.More {
			t.Fatalf("a next cursor without More: %+v", meta)
		}
		var many []item
		_, _ = decodeSuccess(body, &many)
		_, _ = decodeSuccess(body, nil)
	})
}

// FuzzErrorBody feeds arbitrary error bodies to the error builder: the
// result always has a readable, bounded message.
func FuzzErrorBody(f *testing.F) {
	for _, seed := range []string{
		`{"success":false,"error":"Deal not found","error_info":"x","code":"feature_capping"}`,
		`{"success":false,"errors":{"subscription_url":["bad"]}}`,
		`<!DOCTYPE html><html><head><script>x</script><style>y</style></head><body>Blocked</body></html>`,
		`<script`, `<<<>>>`, "\xff\xfe", `{"errorCode":429}`,
	} {
		f.Add([]byte(seed), "text/html")
		f.Add([]byte(seed), "application/json")
	}
	c := &Client{}
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		p := &prepared{method: "GET", path: "/api/v2/deals/1"}
		e := c.apiError(p, 403, http.Header{"Content-Type": {ct}}, body, http.Header{"X-Api-Token": {"fuzz-secret-token"}})
		msg := e.Error()
		if !strings.HasPrefix(msg, "pipedrive: GET /api/v2/deals/1: 403") {
			t.Fatalf("message %q", msg)
		}
		if len(e.Excerpt) > excerptLen+len("…") || !utf8.ValidString(e.Excerpt) {
			t.Fatalf("excerpt %q", e.Excerpt)
		}
		if strings.Contains(msg, "fuzz-secret-token") {
			t.Fatalf("secret in %q", msg)
		}
	})
}
