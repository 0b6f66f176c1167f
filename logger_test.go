package pipedrive_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a
// logger.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func debugLogger(w *syncBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// TestOneLogger: the client's logger (WithLogger) reaches the limiter and
// the OAuth credential, unless they were given their own.
func TestOneLogger(t *testing.T) {
	srv := pipedrivetest.NewServer(t)
	ctx := context.Background()

	t.Run("limiter", func(t *testing.T) {
		// A 429 (reset in 10ms) then a success: the limiter logs the block.
		var n atomic.Int32
		hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1)%2 == 1 {
				w.Header().Set("X-Ratelimit-Reset", "0.01")
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			fmt.Fprint(w, `{"success":true,"data":{"id":1,"name":"Ada"}}`)
		}))
		defer hs.Close()
		for _, own := range []bool{false, true} {
			var clientLog, limLog syncBuffer
			opts := []ratelimit.Option{}
			if own {
				opts = append(opts, ratelimit.WithLogger(debugLogger(&limLog)))
			}
			lim, err := ratelimit.New(opts...)
			if err != nil {
				t.Fatal(err)
			}
			c, err := pipedrive.NewClient(auth.APIToken("t"), pipedrive.WithBaseURL(hs.URL),
				pipedrive.WithLimiter(lim), pipedrive.WithLogger(debugLogger(&clientLog)))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.Users.Me(ctx); err != nil {
				t.Fatal(err)
			}
			const line = "ratelimit: key blocked by the server"
			switch {
			case !own && !strings.Contains(clientLog.String(), line):
				t.Errorf("a limiter without a logger logs to the client's: %q", clientLog.String())
			case own && (strings.Contains(clientLog.String(), line) || !strings.Contains(limLog.String(), line)):
				t.Errorf("a limiter with a logger keeps to it: own %q, client's %q", limLog.String(), clientLog.String())
			}
		}
	})

	t.Run("oauth", func(t *testing.T) {
		var clientLog syncBuffer
		g := srv.GrantOAuth()
		tok := &auth.Token{AccessToken: g.AccessToken, RefreshToken: g.RefreshToken, APIDomain: g.APIDomain,
			Expiry: time.Now().Add(-time.Minute)} // expired: the first call refreshes it
		cred := auth.OAuth(srv.OAuthConfig("http://127.0.0.1:9/callback"), tok)
		c, err := pipedrive.NewClient(cred, pipedrive.WithLimiter(ratelimit.Unlimited{}), pipedrive.WithLogger(debugLogger(&clientLog)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Users.Me(ctx); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(clientLog.String(), "pipedrive/auth: access token refreshed") {
			t.Errorf("the refresh was not logged to the client's logger: %q", clientLog.String())
		}
		for _, secret := range []string{g.AccessToken, g.RefreshToken} {
			if strings.Contains(clientLog.String(), secret) {
				t.Error("a token reached the log")
			}
		}

		// A credential with a logger of its own keeps to it.
		var credLog, clientLog2 syncBuffer
		g = srv.GrantOAuth()
		tok = &auth.Token{AccessToken: g.AccessToken, RefreshToken: g.RefreshToken, APIDomain: g.APIDomain, Expiry: time.Now().Add(-time.Minute)}
		cred = auth.OAuth(srv.OAuthConfig("http://127.0.0.1:9/callback"), tok, auth.WithLogger(debugLogger(&credLog)))
		c2, err := pipedrive.NewClient(cred, pipedrive.WithLimiter(ratelimit.Unlimited{}), pipedrive.WithLogger(debugLogger(&clientLog2)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c2.Users.Me(ctx); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(clientLog2.String(), "pipedrive/auth") || !strings.Contains(credLog.String(), "access token refreshed") {
			t.Errorf("credential's own log %q; client's %q", credLog.String(), clientLog2.String())
		}
	})
}
