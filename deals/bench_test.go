package deals_test

import (
	"encoding/json"
	"testing"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
)

func BenchmarkDecodeDeal(b *testing.B) {
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(fixture(b, "deal.json"), &env); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(env.Data)))
	b.ReportAllocs()
	for b.Loop() {
		var d deals.Deal
		if err := json.Unmarshal(env.Data, &d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeWebhookDeal(b *testing.B) {
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(fixture(b, "webhook_v2_create_deal.json"), &env); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var d deals.Deal
		if err := json.Unmarshal(env.Data, &d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeByName(b *testing.B) {
	var env struct {
		Data []crm.Field `json:"data"`
	}
	if err := json.Unmarshal(fixture(b, "fields.json"), &env); err != nil {
		b.Fatal(err)
	}
	fs := crm.NewFieldSet(env.Data)
	values := crm.FieldValues{"Budget": crm.Money(5000, "EUR"), "Tier": "Enterprise", "Regions": []string{"EMEA", "APAC"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := fs.Encode(values); err != nil {
			b.Fatal(err)
		}
	}
}
