package core

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

const benchBody = `{"success":true,"data":{"id":42,"title":"Renewal","value":5000,"currency":"EUR","status":"open","owner_id":7,"person_id":12,"org_id":3,"stage_id":2,"pipeline_id":1,"add_time":"2026-01-02T03:04:05Z","update_time":"2026-01-03T03:04:05Z","custom_fields":{"a1b2":"x"}},"additional_data":null}`

type benchDeal struct {
	ID           int64          `json:"id"`
	Title        string         `json:"title"`
	Value        float64        `json:"value"`
	Currency     string         `json:"currency"`
	Status       string         `json:"status"`
	OwnerID      int64          `json:"owner_id"`
	PersonID     int64          `json:"person_id"`
	OrgID        int64          `json:"org_id"`
	StageID      int64          `json:"stage_id"`
	PipelineID   int64          `json:"pipeline_id"`
	AddTime      string         `json:"add_time"`
	UpdateTime   string         `json:"update_time"`
	CustomFields map[string]any `json:"custom_fields"`
}

func benchServer(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Api-Token") == "" {
			w.WriteHeader(401)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(benchBody))
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkGet compares one Get through the core with the same request
// written by hand with net/http and encoding/json, against the same
// loopback server in the same run: go test -bench=Get -benchmem ./internal/core
func BenchmarkGet(b *testing.B) {
	srv := benchServer(b)
	core := func(b *testing.B, lim ratelimit.Admitter) {
		c, err := New(Config{Credential: auth.APIToken("bench-token"), BaseURL: srv.URL, Limiter: lim})
		if err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			d, err := Fetch[benchDeal](ctx, c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(42)}})
			if err != nil || d.ID != 42 {
				b.Fatal(err)
			}
		}
	}
	// The core's own overhead: nothing paced.
	b.Run("core", func(b *testing.B) { core(b, ratelimit.Unlimited{}) })
	// With the real limiter admitting and observing every request, its
	// window set so large that it never waits.
	b.Run("core+limiter", func(b *testing.B) {
		lim, err := ratelimit.New(ratelimit.WithLimit(1 << 30))
		if err != nil {
			b.Fatal(err)
		}
		core(b, lim)
	})
	b.Run("handwritten", func(b *testing.B) {
		hc := &http.Client{Transport: defaultTransport(Timeouts{}.resolve())}
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/api/v2/deals/%d", srv.URL, 42), nil)
			if err != nil {
				b.Fatal(err)
			}
			req.Header.Set("X-Api-Token", "bench-token")
			req.Header.Set("Accept", "application/json")
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			var env struct {
				Success bool      `json:"success"`
				Data    benchDeal `json:"data"`
			}
			err = json.NewDecoder(resp.Body).Decode(&env)
			resp.Body.Close()
			if err != nil || resp.StatusCode != 200 || env.Data.ID != 42 {
				b.Fatal(err)
			}
		}
	})
}
