package webhooks_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive/webhooks"
)

const (
	testUser = "pipedrive"
	testPass = "s3cret-Pa55word"
)

// recorder is a handler function that records the events it was called with.
type recorder struct {
	mu     sync.Mutex
	events []*webhooks.Event
	err    error
}

func (r *recorder) fn(_ context.Context, ev *webhooks.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, ev)
	return r.err
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.events)
}

func delivery(t testing.TB, body []byte) *http.Request {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/pipedrive/webhooks", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth(testUser, testPass)
	return req
}

func serve(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestHandlerDelivers(t *testing.T) {
	var rec recorder
	h := webhooks.NewHandler(webhooks.HandlerConfig{Username: testUser, Password: testPass}, rec.fn)
	resp := serve(h, delivery(t, fixture(t, "v2-create-deal.json")))
	assert.Equal(t, http.StatusOK, resp.Code)
	require.Equal(t, 1, rec.count())
	assert.Equal(t, webhooks.ActionCreate, rec.events[0].Action)
	assert.Equal(t, int64(8), rec.events[0].EntityID)

	resp = serve(h, delivery(t, fixture(t, "v1-update-deal.json")))
	assert.Equal(t, http.StatusOK, resp.Code)
	require.Equal(t, 2, rec.count())
	assert.Equal(t, webhooks.Version1, rec.events[1].Version)
}

func TestHandlerRefuses(t *testing.T) {
	body := fixture(t, "v2-create-deal.json")
	big := append([]byte(`{"meta":{"action":"create","entity":"deal"},"data":{"pad":"`), bytes.Repeat([]byte("x"), 2000)...)
	big = append(big, `"}}`...)
	tests := []struct {
		name   string
		cfg    webhooks.HandlerConfig
		req    func() *http.Request
		status int
	}{
		{"no credentials", webhooks.HandlerConfig{}, func() *http.Request {
			r := delivery(t, body)
			r.Header.Del("Authorization")
			return r
		}, http.StatusUnauthorized},
		{"wrong password", webhooks.HandlerConfig{}, func() *http.Request {
			r := delivery(t, body)
			r.SetBasicAuth(testUser, testPass+"x")
			return r
		}, http.StatusUnauthorized},
		{"wrong user", webhooks.HandlerConfig{}, func() *http.Request {
			r := delivery(t, body)
			r.SetBasicAuth("someone", testPass)
			return r
		}, http.StatusUnauthorized},
		{"password as user", webhooks.HandlerConfig{}, func() *http.Request {
			r := delivery(t, body)
			r.SetBasicAuth(testPass, testUser)
			return r
		}, http.StatusUnauthorized},
		{"bearer instead of basic", webhooks.HandlerConfig{}, func() *http.Request {
			r := delivery(t, body)
			r.Header.Set("Authorization", "Bearer "+testPass)
			return r
		}, http.StatusUnauthorized},
		{"GET", webhooks.HandlerConfig{}, func() *http.Request {
			r := delivery(t, nil)
			r.Method = http.MethodGet
			return r
		}, http.StatusMethodNotAllowed},
		{"PUT", webhooks.HandlerConfig{}, func() *http.Request {
			r := delivery(t, body)
			r.Method = http.MethodPut
			return r
		}, http.StatusMethodNotAllowed},
		{"form content type", webhooks.HandlerConfig{}, func() *http.Request {
			r := delivery(t, body)
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return r
		}, http.StatusBadRequest},
		{"no content type", webhooks.HandlerConfig{}, func() *http.Request {
			r := delivery(t, body)
			r.Header.Del("Content-Type")
			return r
		}, http.StatusBadRequest},
		{"bad JSON", webhooks.HandlerConfig{}, func() *http.Request {
			return delivery(t, []byte(`{"meta": {"action": "create", "entity": "deal"`))
		}, http.StatusBadRequest},
		{"JSON but no delivery", webhooks.HandlerConfig{}, func() *http.Request {
			return delivery(t, []byte(`{"hello":"world"}`))
		}, http.StatusBadRequest},
		{"oversize, declared", webhooks.HandlerConfig{MaxBodyBytes: 1024}, func() *http.Request {
			return delivery(t, big)
		}, http.StatusRequestEntityTooLarge},
		{"oversize, chunked", webhooks.HandlerConfig{MaxBodyBytes: 1024}, func() *http.Request {
			r := delivery(t, big)
			r.ContentLength = -1
			r.Body = io.NopCloser(bytes.NewReader(big)) // no length known up front
			return r
		}, http.StatusRequestEntityTooLarge},
		{"oversize for the default cap", webhooks.HandlerConfig{}, func() *http.Request {
			huge := append([]byte(`{"meta":{"action":"create","entity":"deal"},"data":{"pad":"`), bytes.Repeat([]byte("x"), webhooks.DefaultMaxBodyBytes)...)
			return delivery(t, append(huge, `"}}`...))
		}, http.StatusRequestEntityTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rec recorder
			tt.cfg.Username, tt.cfg.Password = testUser, testPass
			h := webhooks.NewHandler(tt.cfg, rec.fn)
			resp := serve(h, tt.req())
			assert.Equal(t, tt.status, resp.Code)
			assert.Zero(t, rec.count(), "fn must not be called")
			assert.NotContains(t, resp.Body.String(), testPass)
			switch tt.status {
			case http.StatusUnauthorized:
				assert.Contains(t, resp.Header().Get("WWW-Authenticate"), "Basic")
			case http.StatusMethodNotAllowed:
				assert.Equal(t, http.MethodPost, resp.Header().Get("Allow"))
			}
		})
	}
}

func TestHandlerAcceptsBodyAtTheCap(t *testing.T) {
	body := fixture(t, "v2-create-deal.json")
	var rec recorder
	h := webhooks.NewHandler(webhooks.HandlerConfig{Username: testUser, Password: testPass, MaxBodyBytes: int64(len(body))}, rec.fn)
	assert.Equal(t, http.StatusOK, serve(h, delivery(t, body)).Code)
	assert.Equal(t, 1, rec.count())
}

func TestHandlerErrorAnswers500(t *testing.T) {
	var logs bytes.Buffer
	rec := recorder{err: errors.New("database down")}
	h := webhooks.NewHandler(webhooks.HandlerConfig{
		Username: testUser, Password: testPass,
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
	}, rec.fn)
	resp := serve(h, delivery(t, fixture(t, "v2-create-deal.json")))
	assert.Equal(t, http.StatusInternalServerError, resp.Code)
	assert.Equal(t, 1, rec.count())
	assert.NotContains(t, resp.Body.String(), "database down", "internal errors are logged, not sent back")
	assert.Contains(t, logs.String(), "database down")
	assert.NotContains(t, logs.String(), testPass)
}

func TestHandlerPanicAnswers500(t *testing.T) {
	h := webhooks.NewHandler(webhooks.HandlerConfig{Username: testUser, Password: testPass},
		func(context.Context, *webhooks.Event) error { panic("boom") })
	resp := serve(h, delivery(t, fixture(t, "v2-create-deal.json")))
	assert.Equal(t, http.StatusInternalServerError, resp.Code)
}

func TestHandlerMisconfigured(t *testing.T) {
	var rec recorder
	t.Run("no credentials configured", func(t *testing.T) {
		h := webhooks.NewHandler(webhooks.HandlerConfig{}, rec.fn)
		req := delivery(t, fixture(t, "v2-create-deal.json"))
		req.Header.Del("Authorization")
		assert.Equal(t, http.StatusInternalServerError, serve(h, req).Code)
		assert.Zero(t, rec.count())
	})
	t.Run("nil function", func(t *testing.T) {
		h := webhooks.NewHandler(webhooks.HandlerConfig{Username: testUser, Password: testPass}, nil)
		assert.Equal(t, http.StatusInternalServerError, serve(h, delivery(t, fixture(t, "v2-create-deal.json"))).Code)
	})
	t.Run("open on purpose", func(t *testing.T) {
		h := webhooks.NewHandler(webhooks.HandlerConfig{AllowUnauthenticated: true}, rec.fn)
		req := delivery(t, fixture(t, "v2-create-deal.json"))
		req.Header.Del("Authorization")
		assert.Equal(t, http.StatusOK, serve(h, req).Code)
		assert.Equal(t, 1, rec.count())
	})
	t.Run("AllowUnauthenticated does not ignore configured credentials", func(t *testing.T) {
		h := webhooks.NewHandler(webhooks.HandlerConfig{Username: testUser, Password: testPass, AllowUnauthenticated: true}, rec.fn)
		req := delivery(t, fixture(t, "v2-create-deal.json"))
		req.Header.Del("Authorization")
		assert.Equal(t, http.StatusUnauthorized, serve(h, req).Code)
	})
}

func TestHandlerDedup(t *testing.T) {
	body := fixture(t, "v2-create-deal.json")

	t.Run("drops a repeated meta.id", func(t *testing.T) {
		var rec recorder
		h := webhooks.NewHandler(webhooks.HandlerConfig{Username: testUser, Password: testPass, DedupSize: 8}, rec.fn)
		assert.Equal(t, http.StatusOK, serve(h, delivery(t, body)).Code)
		// Pipedrive's retry carries the same meta.id with attempt 2.
		retry := bytes.Replace(body, []byte(`"attempt": 1`), []byte(`"attempt": 2`), 1)
		require.NotEqual(t, body, retry)
		assert.Equal(t, http.StatusOK, serve(h, delivery(t, retry)).Code)
		assert.Equal(t, 1, rec.count(), "the redelivery is acknowledged without calling fn")
	})

	t.Run("off by default", func(t *testing.T) {
		var rec recorder
		h := webhooks.NewHandler(webhooks.HandlerConfig{Username: testUser, Password: testPass}, rec.fn)
		serve(h, delivery(t, body))
		serve(h, delivery(t, body))
		assert.Equal(t, 2, rec.count())
	})

	t.Run("a failed delivery is handled again", func(t *testing.T) {
		rec := recorder{err: errors.New("try later")}
		h := webhooks.NewHandler(webhooks.HandlerConfig{Username: testUser, Password: testPass, DedupSize: 8}, rec.fn)
		assert.Equal(t, http.StatusInternalServerError, serve(h, delivery(t, body)).Code)
		rec.mu.Lock()
		rec.err = nil
		rec.mu.Unlock()
		assert.Equal(t, http.StatusOK, serve(h, delivery(t, body)).Code)
		assert.Equal(t, 2, rec.count())
	})

	t.Run("bounded: the oldest ids are forgotten", func(t *testing.T) {
		var rec recorder
		h := webhooks.NewHandler(webhooks.HandlerConfig{Username: testUser, Password: testPass, DedupSize: 2}, rec.fn)
		for _, id := range []string{"a", "b", "c", "a"} {
			serve(h, delivery(t, withID(id)))
		}
		assert.Equal(t, 4, rec.count(), `"a" was evicted by "b" and "c"`)
		for _, id := range []string{"c", "a"} {
			serve(h, delivery(t, withID(id)))
		}
		assert.Equal(t, 4, rec.count(), `"c" and "a" are the two most recent`)
	})

	t.Run("a redelivery during handling asks for a retry", func(t *testing.T) {
		entered, release := make(chan struct{}), make(chan struct{})
		var calls atomic.Int32
		h := webhooks.NewHandler(webhooks.HandlerConfig{Username: testUser, Password: testPass, DedupSize: 8},
			func(context.Context, *webhooks.Event) error {
				if calls.Add(1) == 1 {
					close(entered)
					<-release
				}
				return nil
			})
		first := make(chan int)
		go func() { first <- serve(h, delivery(t, body)).Code }()
		<-entered
		assert.Equal(t, http.StatusConflict, serve(h, delivery(t, body)).Code)
		close(release)
		assert.Equal(t, http.StatusOK, <-first)
		assert.Equal(t, int32(1), calls.Load())
	})
}

func withID(id string) []byte {
	return []byte(fmt.Sprintf(`{"meta":{"action":"change","entity":"deal","entity_id":"1","id":%q,"version":"2.0"},"data":{"id":1},"previous":{}}`, id))
}

func TestHandlerConcurrentDeliveries(t *testing.T) {
	const n = 200
	var (
		mu   sync.Mutex
		seen = make(map[string]int)
	)
	h := webhooks.NewHandler(webhooks.HandlerConfig{Username: testUser, Password: testPass, DedupSize: 64},
		func(_ context.Context, ev *webhooks.Event) error {
			mu.Lock()
			seen[ev.DeliveryID]++
			mu.Unlock()
			return nil
		})
	srv := httptest.NewServer(h)
	defer srv.Close()

	var wg sync.WaitGroup
	codes := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, err := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(withID(fmt.Sprintf("d-%d", i))))
			if err != nil {
				return
			}
			req.Header.Set("Content-Type", "application/json")
			req.SetBasicAuth(testUser, testPass)
			resp, err := srv.Client().Do(req)
			if err != nil {
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			codes[i] = resp.StatusCode
		}()
	}
	wg.Wait()
	for i, c := range codes {
		assert.Equal(t, http.StatusOK, c, "delivery %d", i)
	}
	assert.Len(t, seen, n)
	for id, k := range seen {
		assert.Equal(t, 1, k, id)
	}
}

func TestParse(t *testing.T) {
	body := fixture(t, "v2-create-deal.json")
	t.Run("Parse", func(t *testing.T) {
		req := delivery(t, body)
		req.Header.Del("Authorization") // Parse leaves credentials to the caller
		ev, err := webhooks.Parse(req)
		require.NoError(t, err)
		assert.Equal(t, int64(8), ev.EntityID)
	})
	t.Run("ParseRequest checks credentials", func(t *testing.T) {
		cfg := webhooks.HandlerConfig{Username: testUser, Password: testPass}
		ev, err := webhooks.ParseRequest(delivery(t, body), cfg)
		require.NoError(t, err)
		assert.Equal(t, webhooks.ObjectDeal, ev.Entity)

		req := delivery(t, body)
		req.SetBasicAuth(testUser, "nope")
		_, err = webhooks.ParseRequest(req, cfg)
		assert.ErrorIs(t, err, webhooks.ErrUnauthorized)
		assert.Equal(t, http.StatusUnauthorized, webhooks.StatusCode(err))
		assert.NotContains(t, err.Error(), "nope")

		_, err = webhooks.ParseRequest(delivery(t, body), webhooks.HandlerConfig{})
		assert.ErrorIs(t, err, webhooks.ErrNoCredentials)
		assert.Equal(t, http.StatusInternalServerError, webhooks.StatusCode(err))
	})
	t.Run("status codes", func(t *testing.T) {
		get := delivery(t, body)
		get.Method = http.MethodGet
		_, err := webhooks.Parse(get)
		assert.Equal(t, http.StatusMethodNotAllowed, webhooks.StatusCode(err))
		_, err = webhooks.Parse(delivery(t, []byte(`nope`)))
		assert.Equal(t, http.StatusBadRequest, webhooks.StatusCode(err))
		_, err = webhooks.ParseRequest(delivery(t, body), webhooks.HandlerConfig{Username: testUser, Password: testPass, MaxBodyBytes: 10})
		assert.Equal(t, http.StatusRequestEntityTooLarge, webhooks.StatusCode(err))
		ct := delivery(t, body)
		ct.Header.Set("Content-Type", "application/vnd.pipedrive+json; charset=utf-8")
		_, err = webhooks.Parse(ct)
		assert.NoError(t, err, "+json types are JSON")
		assert.Equal(t, http.StatusOK, webhooks.StatusCode(nil))
		noBody := delivery(t, nil)
		noBody.Body = nil
		_, err = webhooks.Parse(noBody)
		assert.ErrorIs(t, err, webhooks.ErrMalformed)
	})
}

func TestHandlerConfigRedactsPassword(t *testing.T) {
	cfg := webhooks.HandlerConfig{Username: testUser, Password: testPass, DedupSize: 3}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		out := fmt.Sprintf(verb, cfg)
		assert.NotContains(t, out, testPass, verb)
		assert.NotContains(t, out, fmt.Sprintf("%x", testPass), verb)
		assert.NotContains(t, out, fmt.Sprintf("%X", testPass), verb)
	}
	assert.Contains(t, fmt.Sprintf("%+v", cfg), "Password:[REDACTED]")
	assert.True(t, strings.HasPrefix(fmt.Sprintf("%#v", cfg), "webhooks.HandlerConfig{"), fmt.Sprintf("%#v", cfg))
	assert.Contains(t, fmt.Sprintf("%v", &cfg), "[REDACTED]")
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("config", "cfg", cfg)
	assert.NotContains(t, logs.String(), testPass)
	assert.Contains(t, logs.String(), testUser)
}
