package webhooks_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/pipedrive-go/pipedrive/webhooks"
)

// FuzzDecode feeds arbitrary bodies to the delivery decoder and to the
// tolerant object decoding behind the typed accessors. Neither may panic;
// an accepted body must yield a usable Event.
func FuzzDecode(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed fixtures: %v", err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		`{"meta":{"action":"change","entity":"deal","entity_id":"-5","id":"x","attempt":"3"},"data":{"id":"8","value":"1e3","visible_to":"3","label_ids":"1,2","add_time":"2026-01-02 03:04:05"},"previous":{"value":"9"}}`,
		`{"meta":{"action":"updated","object":"person","id":"7","timestamp":"1764412200"},"current":{"id":7,"org_id":{"value":5,"name":"x"}},"previous":{"id":7,"org_id":null},"retry":"0","event":"updated.person"}`,
		`{"meta":{"action":"deleted","object":"organization","id":5},"current":null,"previous":{"id":5},"retry":3}`,
		`{"meta":{"action":"create","entity":"deal"},"data":[1,2,3],"previous":"x"}`,
		`{"meta":{},"data":{}}`,
		`{"meta":null}`,
		`[]`,
		`"meta"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := webhooks.Decode(body)
		if err != nil {
			if ev != nil {
				t.Fatal("an error with an event")
			}
			return
		}
		if ev.Action == "" || ev.Entity == "" {
			t.Fatalf("accepted without action or entity: %q", body)
		}
		if ev.Attempt < 1 || ev.EntityID < 0 {
			t.Fatalf("attempt %d, entity id %d", ev.Attempt, ev.EntityID)
		}
		if !bytes.Equal(ev.Raw, body) {
			t.Fatal("Raw differs from the body")
		}
		if ev.Data != nil && !json.Valid(ev.Data) {
			t.Fatalf("invalid Data %q", ev.Data)
		}
		if ev.Previous != nil && !json.Valid(ev.Previous) {
			t.Fatalf("invalid Previous %q", ev.Previous)
		}
		_ = ev.Changed()
		_ = ev.String()
		var d dealShape
		_ = ev.DecodeData(&d)
		_ = ev.DecodePrevious(&d)
		var m map[string]any
		_ = ev.DecodeData(&m)
		var list []dealShape
		_ = ev.DecodeData(&list)
		_, _ = ev.Deal()
		_, _ = ev.PreviousDeal()
		_, _ = ev.Person()
		_, _ = ev.PreviousPerson()
		_, _ = ev.Organization()
		_, _ = ev.PreviousOrganization()
	})
}
