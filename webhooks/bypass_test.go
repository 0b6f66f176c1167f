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
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/ratelimit/ratelimittest"
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
		deliverMany(t, 1000)
		assert.Zero(t, lim.admits.Load(), "deliveries never ask the limiter")
		assert.Empty(t, lim.observations(), "deliveries are never counted")
		assert.Zero(t, api.requests.Load())
	})

	t.Run("subscription calls skip admission and are observed", func(t *testing.T) {
		// A guard against hanging only: the proof is that Admit is never
		// called, and that the limiter observed every response.
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()

		list, err := client.Webhooks.ListPage(ctx)
		require.NoError(t, err)
		assert.Len(t, list.Items, 2)

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

// deliverMany posts n distinct deliveries to a NewHandler over loopback
// HTTP, 16 at a time, and fails unless every one is answered 200 and
// handled once.
func deliverMany(t *testing.T, n int) {
	t.Helper()
	var handled atomic.Int64
	h := webhooks.NewHandler(webhooks.HandlerConfig{Username: testUser, Password: testPass, DedupSize: 100},
		func(context.Context, *webhooks.Event) error { handled.Add(1); return nil })
	recv := httptest.NewServer(h)
	defer recv.Close()
	recv.Client().Transport.(*http.Transport).MaxIdleConnsPerHost = 16
	var wg sync.WaitGroup
	sem := make(chan struct{}, 16)
	failures := make(chan string, n)
	for i := range n {
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
	assert.Equal(t, int64(n), handled.Load())
}

// TestBypassWithTheRealLimiterSpent repeats the proof with ratelimit's
// Limiter, its window and daily write budget both spent as the server
// reported them, on a fake clock that never moves (so nothing frees up).
func TestBypassWithTheRealLimiterSpent(t *testing.T) {
	clk := ratelimittest.NewClock(time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC))
	lim, err := ratelimit.New(ratelimit.WithClock(clk))
	require.NoError(t, err)
	cred := auth.APIToken("spent-token")
	key := cred.LimitKey()

	// The server said: no slot left for 60 s, no write left today.
	spent := http.Header{}
	spentHeaders(spent)
	spent.Set("X-Ratelimit-Reset", "60")
	lim.Observe(ratelimit.Request{Key: key, Kind: cred.Kind(), Class: ratelimit.Write, Method: http.MethodPost, Cost: 5}, ratelimit.Ticket{}, http.StatusOK, spent)
	st, err := lim.State(context.Background(), key)
	require.NoError(t, err)
	require.Zero(t, st.Remaining, "window spent")
	require.Equal(t, int64(ratelimit.DefaultDailyWriteLimit), st.DailyWritesUsed, "daily writes spent")

	var requests atomic.Int64
	var posts atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		spentHeaders(w.Header())
		w.Header().Set("X-Ratelimit-Reset", "60")
		switch {
		case r.URL.Path == "/v1/webhooks" && r.Method == http.MethodGet:
			io.WriteString(w, listBody)
		case r.URL.Path == "/v1/webhooks" && r.Method == http.MethodPost:
			if posts.Add(1) == 1 { // the server's own limit: retried after its reset
				w.Header().Set("X-Ratelimit-Reset", "0")
				w.WriteHeader(http.StatusTooManyRequests)
				io.WriteString(w, `{"success":false,"error":"request over limit","errorCode":429}`)
				return
			}
			w.WriteHeader(http.StatusCreated)
			io.WriteString(w, `{"success":true,"data":{"id":99,"name":"deal updates","is_active":1}}`)
		case r.URL.Path == "/v1/webhooks/99" && r.Method == http.MethodDelete:
			w.Header().Set("X-Ratelimit-Reset", "45") // the last headers the limiter sees
			io.WriteString(w, `{"success":true}`)
		default:
			t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()
	client, err := pipedrive.NewClient(cred, pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(lim))
	require.NoError(t, err)

	// The limiter really is spent for ordinary calls, and sends nothing:
	// a read would wait for the window (longer than this 1 s deadline, so
	// it is refused at once), a write is refused by the daily budget.
	short, cancelShort := context.WithTimeout(context.Background(), time.Second)
	defer cancelShort()
	_, err = client.Users.Me(short)
	require.ErrorIs(t, err, ratelimit.ErrWaitExceedsDeadline)
	_, err = client.Deals.Create(short, &deals.CreateParams{Title: "x"})
	require.ErrorIs(t, err, ratelimit.ErrDailyWriteLimit)
	require.Zero(t, requests.Load())

	// The fake clock never moves, so a call that asked for admission would
	// wait until this deadline and fail: the subscription calls below must
	// not. (A guard, not a timing assertion.)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	t.Run("1,000 deliveries are handled", func(t *testing.T) {
		before, err := lim.State(context.Background(), key)
		require.NoError(t, err)
		deliverMany(t, 1000)
		after, err := lim.State(context.Background(), key)
		require.NoError(t, err)
		assert.Equal(t, before, after, "deliveries leave the limiter untouched")
	})

	t.Run("subscription calls are neither delayed nor refused, and are observed", func(t *testing.T) {
		list, err := client.Webhooks.ListPage(ctx)
		require.NoError(t, err)
		assert.Len(t, list.Items, 2)
		wh, err := client.Webhooks.Create(ctx, validParams())
		require.NoError(t, err, "not refused by the spent daily write budget; the server's 429 is retried")
		assert.Equal(t, int64(99), wh.ID)
		require.NoError(t, client.Webhooks.Delete(ctx, 99))
		assert.Equal(t, int64(4), requests.Load(), "list, 429, create, delete")

		st, err := lim.State(context.Background(), key)
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, st.LastStatus, "the delete's response")
		assert.Equal(t, 45*time.Second, st.LastHeaders.Reset, "the delete's x-ratelimit-reset")
		assert.Equal(t, 0, st.LastHeaders.Remaining)
		assert.Equal(t, 0, st.LastHeaders.DailyRequestsLeft)
		assert.Equal(t, 20, st.Limit)
		assert.True(t, st.LimitLearned)
		assert.Zero(t, st.Remaining)
		assert.Zero(t, st.DailyWritesLeft)
		assert.Zero(t, st.Waited, "nothing waited in the limiter")
	})
}
