package pipedrive_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// BenchmarkTenants builds 10,000 tenant clients, each with its own
// credential, has each make one call to one loopback server, and reports
// what the idle tenants hold: heap per tenant (runtime.MemStats after a
// GC, the clients and the limiter's state of their keys included) and
// goroutines per tenant (the process's, minus those before). "shared" is
// the SDK's default (the process-wide transport); "own-transport" gives
// each client its own http.Transport, as every client had before, for
// 2,000 tenants: 10,000 of them would hold 20,000 file descriptors on
// loopback (each idle connection is one on each side), more than a
// usual limit. Run it alone, once:
//
//	go test -run '^$' -bench BenchmarkTenants -benchtime 1x .
func BenchmarkTenants(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"success":true,"data":{"id":1,"name":"Ada","company_id":99}}`))
	}))
	defer srv.Close()
	for _, tc := range []struct {
		mode    string
		tenants int
	}{{"shared", 10_000}, {"shared", 2_000}, {"own-transport", 2_000}} {
		mode, tenants := tc.mode, tc.tenants
		b.Run(fmt.Sprintf("%s-%d", mode, tenants), func(b *testing.B) {
			for range b.N {
				lim, err := ratelimit.New()
				if err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				var before runtime.MemStats
				runtime.ReadMemStats(&before)
				g0 := runtime.NumGoroutine()

				clients := make([]*pipedrive.Client, tenants)
				ctx := context.Background()
				for i := range clients {
					opts := []pipedrive.Option{pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(lim)}
					if mode == "own-transport" {
						opts = append(opts, pipedrive.WithHTTPClient(&http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}))
					}
					c, err := pipedrive.NewClient(auth.APIToken(fmt.Sprintf("tenant-token-%06d", i)), opts...)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := c.Users.Me(ctx); err != nil {
						b.Fatal(err)
					}
					clients[i] = c
				}
				time.Sleep(100 * time.Millisecond) // let finished connections' goroutines settle
				runtime.GC()
				var after runtime.MemStats
				runtime.ReadMemStats(&after)
				g1 := runtime.NumGoroutine()
				b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(tenants), "heap-B/tenant")
				b.ReportMetric(float64(g1-g0)/float64(tenants), "goroutines/tenant")
				b.ReportMetric(float64(g1-g0), "goroutines")
				runtime.KeepAlive(clients)
				runtime.KeepAlive(lim)
				srv.CloseClientConnections() // the next run starts with none
			}
		})
	}
}
