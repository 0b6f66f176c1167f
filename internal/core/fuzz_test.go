package core

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/pipedrive-go/pipedrive/crm"
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
		meta, err := decodeSuccess(body, &one, needObject, nil, nil, true)
		if err == nil && meta.NextCursor != "" && !meta.More {
			t.Fatalf("a next cursor without More: %+v", meta)
		}
		if err == nil && len(bytes.TrimSpace(body)) == 0 {
			t.Fatal("an empty body yields an object")
		}
		var many []item
		_, _ = decodeSuccess(body, &many, needList, nil, nil, true)
		lenient, err := decodeSuccess(body, nil, needNothing, nil, nil, false)
		if err == nil && lenient == nil {
			t.Fatal("no Meta and no error")
		}
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

// FuzzReadBounded feeds arbitrary bodies, announced lengths and limits to
// the bounded body reader: it never returns more than the limit, returns
// the whole body when it fits, and never panics.
func FuzzReadBounded(f *testing.F) {
	f.Add([]byte(`{"success":true}`), int64(-1), int64(16), false)
	f.Add([]byte(`{"success":true}`), int64(16), int64(8), true)
	f.Add(bytes.Repeat([]byte("x"), 20000), int64(-1), int64(9000), true)
	f.Add([]byte{}, int64(0), int64(0), false)
	f.Fuzz(func(t *testing.T, body []byte, size, limit int64, keepPrefix bool) {
		if limit < 0 || limit > 1<<22 {
			return
		}
		if size < -1 || size > 1<<22 {
			size = -1
		}
		got, over, err := readBounded(bytes.NewReader(body), size, limit, keepPrefix)
		if int64(len(got)) > limit {
			t.Fatalf("%d bytes returned over a limit of %d", len(got), limit)
		}
		if err != nil {
			return // a body shorter than announced
		}
		fits := int64(len(body)) <= limit && (size < 0 || size == int64(len(body)))
		if fits && (over || !bytes.Equal(got, body)) {
			t.Fatalf("a fitting body of %d came back as %d bytes (over %v)", len(body), len(got), over)
		}
		if over && keepPrefix && !bytes.HasPrefix(body, got) {
			t.Fatal("the prefix is not the body's")
		}
		if over && !keepPrefix && got != nil {
			t.Fatal("an oversized body was returned")
		}
	})
}

// FuzzDecodeOnePass holds decodeOnePass to decodeUsual: whenever it takes
// a body, the caller's value and the envelope are what the usual decoding
// makes of it, for a plain struct, a list, a map, crm.Deal, crm.Person and crm.Organization (decoded
// through its twin, not its UnmarshalJSON).
func FuzzDecodeOnePass(f *testing.F) {
	seeds := []string{
		`{"success":true,"data":{"id":1,"title":"x"},"additional_data":{"next_cursor":"abc"}}`,
		`{"success":true,"data":[{"id":1}],"related_objects":{"user":{}}}`,
		`{"success":true,"data":null}`, `{"success":true}`, `{"data":{}}`, `{"data":{"id":0}}`, `{"data":[]}`,
		`{"success":false,"data":{"id":1}}`, `{"success":true,"data":{"id":"1"}}`, `{"DATA":{"id":2}}`,
		`{"data":{"id":5,"custom_fields":{"k":1},"label_ids":[1],"person_id":0,"update_time":"2026-01-02T03:04:05Z"}}`,
		`{"data":{"id":5,"custom_fields":null}}`, `{"data":{"id":5,"user_id":{"id":3}}}`,
		`{"data":{"id":5,"custom_fields":{},"add_time":"2026-01-02 03:04:05"}}`,
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "deals", "*.json"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, string(b))
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if hasDuplicateNames(body) {
			return // see decodeOnePass
		}
		check := func(name string, newOut func() any) {
			for i := range 6 {
				need, fresh := []dataNeed{needNothing, needObject, needList}[i/2], i%2 == 1
				one, usual := newOut(), newOut()
				got, ok := decodeOnePass(body, one, need, nil, fresh)
				if !ok {
					continue
				}
				want, err := decodeUsual(body, usual)
				if err != nil {
					t.Fatalf("%s: one pass took what the usual decoding refuses (%v): %s", name, err, body)
				}
				if !reflect.DeepEqual(one, usual) {
					t.Fatalf("%s: data differs on %s\none pass: %+v\nusual:    %+v", name, body, one, usual)
				}
				if !reflect.DeepEqual(got.Success, want.Success) || !bytes.Equal(got.AdditionalData, want.AdditionalData) ||
					!bytes.Equal(got.RelatedObjects, want.RelatedObjects) || (need != needNothing && got.Data.state != want.Data.state) {
					t.Fatalf("%s: envelope differs on %s\none pass: %+v\nusual:    %+v", name, body, got, want)
				}
			}
		}
		check("item", func() any { return new(item) })
		check("list", func() any { return new([]item) })
		check("map", func() any { return new(map[string]any) })
		check("deal", func() any { return new(crm.Deal) })
		check("person", func() any { return new(crm.Person) })
		check("organization", func() any { return new(crm.Organization) })
	})
}

// hasDuplicateNames reports whether the object body names a member twice,
// as encoding/json matches names: without regard to case.
func hasDuplicateNames(body []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(body))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return false
	}
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return false
		}
		var k []rune
		for _, r := range t.(string) {
			m := r
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				m = min(m, f)
			}
			k = append(k, m)
		}
		if seen[string(k)] {
			return true
		}
		seen[string(k)] = true
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return false
		}
	}
	return false
}
