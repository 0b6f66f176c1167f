package auth_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/auth"
)

// BenchmarkOAuthAuthenticate measures the per-request cost of the OAuth
// credential when no refresh is due (the hot path).
func BenchmarkOAuthAuthenticate(b *testing.B) {
	cfg := &auth.OAuthConfig{ClientID: "id", ClientSecret: "secret"}
	tok := &auth.Token{AccessToken: "access", RefreshToken: "refresh", Expiry: time.Now().Add(time.Hour)}
	c := auth.OAuth(cfg, tok, auth.WithTokenStore(auth.NewMemoryTokenStore(), "k"))
	ctx := context.Background()
	b.Run("serial", func(b *testing.B) {
		h := http.Header{}
		b.ReportAllocs()
		for b.Loop() {
			if err := c.Authenticate(ctx, h); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			h := http.Header{}
			for pb.Next() {
				if err := c.Authenticate(ctx, h); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

// BenchmarkOAuthNew measures building a credential, as a backend does per
// tenant.
func BenchmarkOAuthNew(b *testing.B) {
	cfg := &auth.OAuthConfig{ClientID: "id", ClientSecret: "secret"}
	tok := &auth.Token{AccessToken: "access", RefreshToken: "refresh", Expiry: time.Now().Add(time.Hour),
		Scopes: []string{"base"}, APIDomain: "https://acme.pipedrive.com"}
	store := auth.NewMemoryTokenStore()
	b.ReportAllocs()
	for b.Loop() {
		_ = auth.OAuth(cfg, tok, auth.WithTokenStore(store, "42:7"))
	}
}
