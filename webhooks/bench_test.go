package webhooks_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pipedrive-go/pipedrive/webhooks"
)

func BenchmarkDecode(b *testing.B) {
	body := fixture(b, "v2-create-deal.json")
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := webhooks.Decode(body); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeDataTolerant(b *testing.B) {
	ev, err := webhooks.Decode(fixture(b, "v2-create-deal.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var d dealShape // visible_to "3" takes the tolerant path
		if err := ev.DecodeData(&d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHandler(b *testing.B) {
	body := fixture(b, "v2-create-deal.json")
	h := webhooks.NewHandler(webhooks.HandlerConfig{Username: testUser, Password: testPass, DedupSize: 1024},
		func(context.Context, *webhooks.Event) error { return nil })
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/hooks", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.SetBasicAuth(testUser, testPass)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code)
		}
	}
}
