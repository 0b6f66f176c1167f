package core

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

func newTextLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

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

// TestTokenNeverLeaks makes every kind of failing call and checks that the
// token appears in no error text, no log line and no URL the server saw,
// even when the server echoes it back.
func TestTokenNeverLeaks(t *testing.T) {
	var logs syncBuffer
	var mu sync.Mutex
	var urls []string
	mux := http.NewServeMux()
	echo := func(w http.ResponseWriter, r *http.Request) string {
		mu.Lock()
		urls = append(urls, r.URL.String())
		mu.Unlock()
		return r.Header.Get("X-Api-Token")
	}
	mux.HandleFunc("/api/v2/deals/1", func(w http.ResponseWriter, r *http.Request) { // 401 echoing the token
		writeJSON(w, 401, `{"success":false,"error":"unauthorized access for `+echo(w, r)+`","errorCode":401,"error_info":"token `+echo(w, r)+` is invalid"}`)
	})
	mux.HandleFunc("/api/v2/deals/2", func(w http.ResponseWriter, r *http.Request) { // HTML page echoing it
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(403)
		_, _ = io.WriteString(w, "<html><body>blocked request with x-api-token: "+echo(w, r)+"</body></html>")
	})
	mux.HandleFunc("/api/v2/deals/3", func(w http.ResponseWriter, r *http.Request) { // malformed 200 echoing it
		writeJSON(w, 200, `{"success":true,"data":{"id":"`+echo(w, r)+`"`)
	})
	mux.HandleFunc("/api/v2/deals/4", func(w http.ResponseWriter, r *http.Request) { // 503 then retries
		echo(w, r)
		writeJSON(w, 503, `{"success":false,"error":"down"}`)
	})
	mux.HandleFunc("/api/v2/deals/5", func(w http.ResponseWriter, r *http.Request) { // 429 retried until the limit
		echo(w, r)
		w.Header().Set("X-Ratelimit-Reset", "0")
		writeJSON(w, 429, `{"success":false,"error":"request over limit","errorCode":429}`)
	})
	mux.HandleFunc("/api/v2/deals", func(w http.ResponseWriter, r *http.Request) { // dropped connection on POST
		echo(w, r)
		hangUp(w, r)
	})
	mux.HandleFunc("/api/v2/deals/6", func(w http.ResponseWriter, r *http.Request) { // slow: times out
		echo(w, r)
		time.Sleep(time.Second)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c, err := New(Config{Credential: auth.APIToken(testToken), BaseURL: srv.URL, Logger: newTextLogger(&logs),
		RetryBaseDelay: time.Millisecond, MaxRateLimitRetries: 1, MaxServerRetries: 1})
	require.NoError(t, err)

	var errs []error
	for id := int64(1); id <= 6; id++ {
		timeout := 30 * time.Second
		if id == 6 {
			timeout = 100 * time.Millisecond // the slow handler: a timeout error
		}
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		_, err := Fetch[item](ctx, c, &Call{Op: ops.V2GetDeal, PathArgs: []any{id}})
		cancel()
		errs = append(errs, err)
	}
	_, err = Fetch[item](context.Background(), c, &Call{Op: ops.V2AddDeal, Body: map[string]string{"title": "x"}})
	errs = append(errs, err)
	// A dead server: transport errors.
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	c2, err := New(Config{Credential: auth.APIToken(testToken), BaseURL: dead.URL, Logger: newTextLogger(&logs), RetryBaseDelay: time.Millisecond})
	require.NoError(t, err)
	_, err = Fetch[item](context.Background(), c2, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
	errs = append(errs, err)
	// Invalid input.
	_, err = Fetch[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(-1)}})
	errs = append(errs, err)

	for i, err := range errs {
		require.Error(t, err, "call %d", i)
		assert.NotContains(t, err.Error(), testToken, "error %d", i)
		assert.NotContains(t, strings.ToLower(err.Error()), "api_token=", "error %d", i)
	}
	assert.Contains(t, errs[0].Error(), "[REDACTED]", "an echoed token is replaced")
	out := logs.String()
	assert.NotEmpty(t, out)
	assert.NotContains(t, out, testToken)
	mu.Lock()
	defer mu.Unlock()
	require.NotEmpty(t, urls)
	for _, u := range urls {
		assert.NotContains(t, u, testToken)
	}
	// And the credential's own string forms.
	cred := auth.APIToken(testToken)
	for _, s := range []string{cred.(interface{ String() string }).String(), cred.LimitKey()} {
		assert.NotContains(t, s, testToken)
	}
}

// TestEchoedTokenCutByExcerpt checks that a token echoed right where the
// excerpt is cut leaves no fragment of itself behind.
func TestEchoedTokenCutByExcerpt(t *testing.T) {
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(403)
		_, _ = io.WriteString(w, strings.Repeat("a", excerptLen-8)+" "+r.Header.Get("X-Api-Token")+" trailing text")
	}))
	_, err := Fetch[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), testToken[:6])
}

// TestSecretFieldsNotExcerpted checks that secrets a response carries in
// its own fields (a webhook's http_auth_password, an OAuth token, a client
// secret) never reach the body excerpt of a DecodeError or an Error,
// whether the body is JSON or a truncated one.
func TestSecretFieldsNotExcerpted(t *testing.T) {
	const pass = "hunter2-webhook-pass"
	bodies := map[string]string{
		"decode":    `{"success":true,"data":[{"id":"not-a-number","http_auth_password":"` + pass + `"}]}`,
		"truncated": `{"success":true,"data":[{"id":"x","refresh_token":"` + pass,
		"escaped":   `{"success":true,"data":[{"id":"x","client_secret":"a\"b` + pass + `"}]}`,
		"spaced":    `{"success":true,"data":[{"id":"x", "Access_Token" : "` + pass + `"}]}`,
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 200, body)
			}))
			var out []item
			_, err := c.Do(context.Background(), &Call{Op: ops.V1GetWebhooks}, &out)
			require.Error(t, err)
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.NotContains(t, err.Error(), pass)
			assert.NotContains(t, de.Excerpt, pass)
			assert.NotContains(t, de.Excerpt, pass[:8])
		})
	}
	t.Run("error body", func(t *testing.T) {
		c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(400)
			_, _ = io.WriteString(w, `bad request; got "http_auth_password":"`+pass+`"`)
		}))
		_, err := c.Do(context.Background(), &Call{Op: ops.V1GetWebhooks}, nil)
		var apiErr *Error
		require.ErrorAs(t, err, &apiErr)
		assert.NotContains(t, err.Error(), pass)
		assert.NotContains(t, apiErr.Excerpt, pass)
	})
}
