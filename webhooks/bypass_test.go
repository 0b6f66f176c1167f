package webhooks_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/webhooks"
)

var (
	errWindowFull = errors.New("test limiter: the 2 s window is spent; the wait would outlast the context")
	errDailySpent = errors.New("test limiter: the daily write budget is spent")
)

// spentLimiter is an Admitter whose window and daily budget are both
// spent: it refuses every admission (writes for the daily budget, the
// rest for the window) and records what it observes.
type spentLimiter struct {
	admits   atomic.Int64
	mu       sync.Mutex
	observed []observation
}

type observation struct {
	class  ratelimit.Class
	method string
	status int
	header http.Header
}

func (l *spentLimiter) Admit(_ context.Context, r ratelimit.Request) (ratelimit.Ticket, error) {
	l.admits.Add(1)
	if r.Class == ratelimit.Write {
		return ratelimit.Ticket{}, errDailySpent
	}
	return ratelimit.Ticket{}, errWindowFull
}

func (l *spentLimiter) Observe(r ratelimit.Request, _ ratelimit.Ticket, status int, h http.Header) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.observed = append(l.observed, observation{r.Class, r.Method, status, h.Clone()})
}

func (l *spentLimiter) observations() []observation {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]observation(nil), l.observed...)
}

// spentHeaders are the rate headers of a server whose budgets are spent.
func spentHeaders(h http.Header) {
	h.Set("X-Ratelimit-Limit", "20")
	h.Set("X-Ratelimit-Remaining", "0")
	h.Set("X-Ratelimit-Reset", "2")
	h.Set("X-Daily-Requests-Left", "0")
}

// subscriptionAPI is a fake /v1/webhooks API that counts what it receives.
// The first POST is answered 429 when rateLimitFirstPost is set.
type subscriptionAPI struct {
	requests           atomic.Int64
	rateLimitFirstPost bool
	posts              atomic.Int64
}

func (a *subscriptionAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.requests.Add(1)
	w.Header().Set("Content-Type", "application/json")
	spentHeaders(w.Header())
	switch {
	case r.URL.Path == "/v1/users/me":
		io.WriteString(w, `{"success":true,"data":{"id":1}}`)
	case r.Method == http.MethodGet:
		io.WriteString(w, listBody)
	case r.Method == http.MethodPost:
		if a.posts.Add(1) == 1 && a.rateLimitFirstPost {
			w.Header().Set("X-Ratelimit-Reset", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			io.WriteString(w, `{"success":false,"error":"request over limit","errorCode":429}`)
			return
		}
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"success":true,"data":{"id":99,"name":"deal updates","is_active":1}}`)
	case r.Method == http.MethodDelete:
		io.WriteString(w, `{"success":true}`)
	}
}

func TestBypassWithSpentLimiter(t *testing.T) {
	lim := &spentLimiter{}
	api := &subscriptionAPI{rateLimitFirstPost: true}
	srv := httptest.NewServer(api)
	defer srv.Close()
	client, err := pipedrive.NewClient(auth.APIToken("test-token"), pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(lim))
	require.NoError(t, err)
	ctx := context.Background()

	// The limiter really is spent: an ordinary call is refused and not sent.
	_, err = client.Users.Me(ctx)
	require.ErrorIs(t, err, errWindowFull)
	require.Zero(t, api.requests.Load())
	lim.admits.Store(0)

	t.Run("1,000 deliveries are handled", func(t *testing.T) {
		var handled atomic.Int64
		h := webhooks.NewHandler(webhooks.HandlerConfig{Username: testUser, Password: testPass, DedupSize: 100},
			func(context.Context, *webhooks.Event) error { handled.Add(1); return nil })
		recv := httptest.NewServer(h)
		defer recv.Close()
		recv.Client().Transport.(*http.Transport).MaxIdleConnsPerHost = 16
		var wg sync.WaitGroup
		sem := make(chan struct{}, 16)
		failures := make(chan string, 1000)
		for i := range 1000 {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				req, _ := http.NewRequest(http.MethodPost, recv.URL, bytes.NewReader(withID(fmt.Sprintf("bypass-%d", i))))
				req.Header.Set("Content-Type", "application/json")
				req.SetBasicAuth(testUser, testPass)
				resp, err := recv.Client().Do(req)
				if err != nil {
					failures <- err.Error()
					return
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					failures <- resp.Status
				}
			}()
		}
		wg.Wait()
		close(failures)
		for f := range failures {
			t.Error(f)
		}
		assert.Equal(t, int64(1000), handled.Load())
		assert.Zero(t, lim.admits.Load(), "deliveries never ask the limiter")
		assert.Empty(t, lim.observations(), "deliveries are never counted")
		assert.Zero(t, api.requests.Load())
	})

	t.Run("subscription calls skip admission and are observed", func(t *testing.T) {
		// A guard against hanging only: the proof is that Admit is never
		// called, and that the limiter observed every response.
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()

		list, err := client.Webhooks.List(ctx)
		require.NoError(t, err)
		assert.Len(t, list, 2)

		// The first POST gets a 429 with a 0 s reset: the core retries it.
		wh, err := client.Webhooks.Create(ctx, validParams())
		require.NoError(t, err)
		assert.Equal(t, int64(99), wh.ID)

		require.NoError(t, client.Webhooks.Delete(ctx, 99))

		assert.Zero(t, lim.admits.Load(), "neither the window nor the daily budget was consulted")
		assert.Equal(t, int64(4), api.requests.Load(), "list, 429, create, delete")
		obs := lim.observations()
		require.Len(t, obs, 4, "the limiter saw every response")
		wantStatus := []int{200, 429, 201, 200}
		wantClass := []ratelimit.Class{ratelimit.Read, ratelimit.Write, ratelimit.Write, ratelimit.Read}
		for i, o := range obs {
			assert.Equal(t, wantStatus[i], o.status, "observation %d", i)
			assert.Equal(t, wantClass[i], o.class, "observation %d", i)
			assert.Equal(t, "0", o.header.Get("X-Ratelimit-Remaining"))
			assert.Equal(t, "0", o.header.Get("X-Daily-Requests-Left"))
		}
	})

	t.Run("calls made inside a delivery handler are limited", func(t *testing.T) {
		var callErr error
		h := webhooks.NewHandler(webhooks.HandlerConfig{Username: testUser, Password: testPass},
			func(ctx context.Context, _ *webhooks.Event) error {
				_, callErr = client.Users.Me(ctx)
				return nil
			})
		before := api.requests.Load()
		assert.Equal(t, http.StatusOK, serve(h, delivery(t, fixture(t, "v2-create-deal.json"))).Code)
		assert.ErrorIs(t, callErr, errWindowFull)
		assert.Equal(t, before, api.requests.Load())
	})
}
