package core

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// TestSharedTransport: clients built without an HTTP client share one
// transport per set of transport timeouts, bounded process-wide; a client
// given its own keeps it.
func TestSharedTransport(t *testing.T) {
	newClient := func(cfg Config) *Client {
		t.Helper()
		cfg.Credential, cfg.Limiter = auth.APIToken("t"), ratelimit.Unlimited{}
		c, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	a, b := newClient(Config{}), newClient(Config{Timeouts: Timeouts{BodyIdle: time.Second, Attempt: time.Minute}})
	if a.hc != b.hc {
		t.Error("clients whose transport timeouts are the same must share the transport")
	}
	tr, ok := a.hc.Transport.(*http.Transport)
	if !ok || tr.MaxIdleConns != DefaultMaxIdleConns || tr.MaxIdleConnsPerHost != DefaultMaxIdleConnsPerHost || a.hc.Jar != nil {
		t.Errorf("shared transport %+v, jar %v", tr, a.hc.Jar)
	}
	if c := newClient(Config{Timeouts: Timeouts{ResponseHeader: 5 * time.Second}}); c.hc == a.hc ||
		c.hc.Transport.(*http.Transport).ResponseHeaderTimeout != 5*time.Second {
		t.Error("a client with other transport timeouts needs its own shared transport")
	}
	own := &http.Client{Transport: &http.Transport{}}
	if c := newClient(Config{HTTPClient: own}); c.hc == a.hc || c.hc.Transport != own.Transport {
		t.Error("a client given an http.Client uses its transport")
	}
}

// TestSharedTransportKeepsTenantsApart: nothing of one tenant's exchange
// reaches another's request through the shared client (no cookie jar:
// a Set-Cookie is not sent back, and each request carries its own
// credential).
func TestSharedTransportKeepsTenantsApart(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c := r.Header.Get("Cookie"); c != "" {
			t.Errorf("a cookie was sent: %q", c)
		}
		http.SetCookie(w, &http.Cookie{Name: "session", Value: r.Header.Get("X-Api-Token")})
		w.Write([]byte(`{"success":true,"data":{"token":"` + r.Header.Get("X-Api-Token") + `"}}`))
	}))
	defer srv.Close()
	for _, tok := range []string{"tenant-a", "tenant-b", "tenant-a"} {
		c, err := New(Config{Credential: auth.APIToken(tok), BaseURL: srv.URL, Limiter: ratelimit.Unlimited{}})
		if err != nil {
			t.Fatal(err)
		}
		got, err := Fetch[struct{ Token string }](context.Background(), c, &Call{Op: ops.V1GetCurrentUser})
		if err != nil || got.Token != tok {
			t.Errorf("tenant %s: %+v, %v", tok, got, err)
		}
	}
}
