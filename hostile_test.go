package pipedrive_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// A server that accepts the connection and never answers ends a call made
// with context.Background() and every default, by the default
// response-header timeout (30 s; the test runs in parallel with the
// others and allows a generous margin on a loaded machine).
func TestNeverAnsweringServerEndsByTheDefault(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	c, err := pipedrive.NewClient(auth.APIToken("example-token"), pipedrive.WithBaseURL(srv.URL),
		pipedrive.WithLimiter(ratelimit.Unlimited{}))
	require.NoError(t, err)
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		_, err := c.Users.Me(context.Background())
		done <- err
	}()
	select {
	case err := <-done:
		t.Logf("ended after %v: %v", time.Since(start).Round(time.Millisecond), err)
		require.ErrorIs(t, err, pipedrive.ErrTimeout)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		var te *pipedrive.TimeoutError
		require.ErrorAs(t, err, &te)
		assert.Equal(t, pipedrive.DefaultResponseHeaderTimeout, te.After)
		assert.Equal(t, int32(1), n.Load(), "a timed-out attempt is not sent again")
	case <-time.After(pipedrive.DefaultResponseHeaderTimeout + 60*time.Second):
		t.Fatal("the call did not end by the default timeout")
	}
}

func TestRootOptionsReachTheCore(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v1/users/me":
			_, _ = io.WriteString(w, `{"success":true,"data":{"id":7,"name":"`+string(make([]byte, 2048))+`"}}`)
		default:
			w.Header().Set("X-Ratelimit-Reset", "120")
			w.WriteHeader(429)
			_, _ = io.WriteString(w, `{"success":false,"error":"request over limit","errorCode":429}`)
		}
	}))
	t.Cleanup(srv.Close)
	c, err := pipedrive.NewClient(auth.APIToken("example-token"), pipedrive.WithBaseURL(srv.URL),
		pipedrive.WithLimiter(ratelimit.Unlimited{}), pipedrive.WithMaxResponseBytes(1024))
	require.NoError(t, err)
	_, err = c.Users.Me(context.Background())
	require.ErrorIs(t, err, pipedrive.ErrResponseTooLarge)
	var tl *pipedrive.ResponseTooLargeError
	require.ErrorAs(t, err, &tl)
	assert.Equal(t, int64(1024), tl.Limit)

	// A 2-minute reset is over the default maximum wait.
	_, err = c.Deals.Get(context.Background(), 1)
	require.ErrorIs(t, err, pipedrive.ErrRateLimited)
	var we *ratelimit.WaitError
	require.ErrorAs(t, err, &we)
	assert.Equal(t, 2*time.Minute, we.Wait)
	assert.Equal(t, pipedrive.DefaultMaxRateLimitWait, we.Max)
}

// The server in these examples redirects every request elsewhere, or
// answers slowly.
func ExampleErrRedirect() {
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("the credential reached another server") // never printed
	}))
	defer elsewhere.Close()
	srv := httptest.NewServer(http.RedirectHandler(elsewhere.URL+"/v1/users/me", http.StatusTemporaryRedirect))
	defer srv.Close()

	client, _ := pipedrive.NewClient(auth.APIToken("example-token"), pipedrive.WithBaseURL(srv.URL))
	_, err := client.Users.Me(context.Background())
	var apiErr *pipedrive.Error
	fmt.Println(errors.Is(err, pipedrive.ErrRedirect), errors.As(err, &apiErr) && apiErr.Redirect == elsewhere.Listener.Addr().String())
	// Output: true true
}

func ExampleWithTimeouts() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(200 * time.Millisecond) // slower than the client allows
	}))
	defer srv.Close()

	client, _ := pipedrive.NewClient(auth.APIToken("example-token"), pipedrive.WithBaseURL(srv.URL),
		pipedrive.WithTimeouts(pipedrive.Timeouts{ResponseHeader: 50 * time.Millisecond}))
	_, err := client.Users.Me(context.Background())
	var te *pipedrive.TimeoutError
	fmt.Println(errors.Is(err, pipedrive.ErrTimeout), errors.As(err, &te) && te.After == 50*time.Millisecond)
	// Output: true true
}

func ExampleWithMaxRateLimitWait() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Ratelimit-Reset", "36000") // a spent daily budget
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()

	client, _ := pipedrive.NewClient(auth.APIToken("example-token"), pipedrive.WithBaseURL(srv.URL),
		pipedrive.WithLimiter(ratelimit.Unlimited{}), pipedrive.WithMaxRateLimitWait(5*time.Minute))
	_, err := client.Users.Me(context.Background())
	var we *ratelimit.WaitError
	if errors.As(err, &we) {
		fmt.Println(errors.Is(err, pipedrive.ErrRateLimited), we.Wait, "is more than", we.Max)
	}
	// Output: true 10h0m0s is more than 5m0s
}

func ExampleWithMaxResponseBytes() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"success":true,"data":{"id":7,"name":"%0*d"}}`, 4096, 0)
	}))
	defer srv.Close()

	client, _ := pipedrive.NewClient(auth.APIToken("example-token"), pipedrive.WithBaseURL(srv.URL),
		pipedrive.WithMaxResponseBytes(1<<10))
	_, err := client.Users.Me(context.Background())
	fmt.Println(errors.Is(err, pipedrive.ErrResponseTooLarge))
	// Output: true
}
