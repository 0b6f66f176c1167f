package persons_test

import (
	"encoding/json"
	"testing"

	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/persons"
)

// BenchmarkPersonDecode measures decoding the full person of
// testdata/persons/get.json (v2 shape).
func BenchmarkPersonDecode(b *testing.B) {
	data := resourcetest.FixtureData(b, "persons/get.json")
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var p persons.Person
		if err := json.Unmarshal(data, &p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPersonDecodeWebhook measures the slow path: a webhook body
// with numbers sent as strings, which are converted and decoded again.
func BenchmarkPersonDecodeWebhook(b *testing.B) {
	data := []byte(`{"id":"12","name":"Mara Lindqvist","owner_id":"3300441","org_id":"5","visible_to":"3",
		"label_ids":["4","5"],"add_time":"2026-10-01T08:00:00Z","update_time":"2026-11-29T10:31:02Z",
		"emails":[{"value":"mara@example.com","primary":true,"label":"work"}],"custom_fields":{}}`)
	b.ReportAllocs()
	for b.Loop() {
		var p persons.Person
		if err := json.Unmarshal(data, &p); err != nil {
			b.Fatal(err)
		}
	}
}
