package pipedrive_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// TestRawCallKnownOperation: a raw call of an operation the SDK knows
// takes its class, cost and repeat-safety from the table, decodes data
// into out and returns the response.
func TestRawCallKnownOperation(t *testing.T) {
	srv := pipedrivetest.NewServer(t)
	c, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	created, err := c.Deals.Create(ctx, &deals.CreateParams{Title: "raw"})
	if err != nil {
		t.Fatal(err)
	}
	req, err := c.NewRequest(http.MethodGet, fmt.Sprintf("/api/v2/deals/%d", created.ID), url.Values{"include_fields": {"products_count"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if req.Operation != "getDeal" || req.Class != ratelimit.Read || req.Cost != 1 || !req.Idempotent {
		t.Errorf("req = %+v", req)
	}
	var d deals.Deal
	resp, err := c.Do(ctx, req, &d)
	if err != nil {
		t.Fatal(err)
	}
	if d.ID != created.ID || d.Title != "raw" || resp.StatusCode != 200 || resp.Attempts != 1 || resp.RateLimit.Limit <= 0 {
		t.Errorf("deal %+v, resp %+v", d, resp)
	}

	// A failed call still returns its response.
	req, _ = c.NewRequest(http.MethodGet, "/api/v2/deals/999999", nil, nil)
	resp, err = c.Do(ctx, req, nil)
	if !errors.Is(err, pipedrive.ErrNotFound) || resp == nil || resp.StatusCode != 404 {
		t.Errorf("err %v, resp %+v", err, resp)
	}

	// Search operations are counted as searches; v1 paths are known too.
	for path, want := range map[string]ratelimit.Class{"/api/v2/deals/search": ratelimit.Search, "/v1/deals/summary": ratelimit.Read} {
		req, err := c.NewRequest(http.MethodGet, path, nil, nil)
		if err != nil || req.Class != want || req.Operation == "" {
			t.Errorf("%s: %+v, %v", path, req, err)
		}
	}
}

// TestRawCallUnknownOperation: an endpoint the table lacks is sent with
// the client's credential and limiter, with the defaults (a POST is a
// write, never re-sent on an unknown outcome) or what the caller set.
func TestRawCallUnknownOperation(t *testing.T) {
	var n atomic.Int32
	var fail atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		if fail.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		body, _ := io.ReadAll(r.Body)
		if r.Header.Get("X-Api-Token") != "secret" || r.URL.Path != "/v1/callLogs" || r.URL.Query().Get("user_id") != "5" ||
			r.Header.Get("Content-Type") != "application/json" || string(body) != `{"subject":"hi"}` {
			t.Errorf("request %s %s %s %q %q", r.Method, r.URL, r.Header.Get("X-Api-Token"), r.Header.Get("Content-Type"), body)
		}
		w.Header().Set("X-Daily-Requests-Left", "9000")
		fmt.Fprint(w, `{"success":true,"data":{"id":"abc"},"additional_data":{"x":1}}`)
	}))
	defer srv.Close()
	lim, err := ratelimit.New()
	if err != nil {
		t.Fatal(err)
	}
	c, err := pipedrive.NewClient(auth.APIToken("secret"), pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(lim),
		pipedrive.WithMaxRetries(-1, 2))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	type query struct {
		UserID int64 `url:"user_id"`
	}
	req, err := c.NewRequest(http.MethodPost, "/v1/callLogs", &query{UserID: 5}, map[string]string{"subject": "hi"})
	if err != nil {
		t.Fatal(err)
	}
	// The SDK has no method for call logs yet, but its table knows them.
	if req.Operation != "addCallLog" || req.Class != ratelimit.Write || req.Idempotent {
		t.Errorf("req = %+v", req)
	}
	var out struct {
		ID string `json:"id"`
	}
	resp, err := c.Do(ctx, req, &out)
	if err != nil {
		t.Fatal(err)
	}
	if out.ID != "abc" || string(resp.AdditionalData) != `{"x":1}` || resp.RateLimit.DailyRequestsLeft != 9000 || resp.Limiter.DailyWritesLeft != 9000 {
		t.Errorf("out %+v, resp %+v", out, resp)
	}

	// A 5xx: an unknown POST is not re-sent; an unknown GET is.
	fail.Store(true)
	n.Store(0)
	unknown, _ := c.NewRequest(http.MethodPost, "/api/v2/somethingNew", nil, map[string]int{"a": 1})
	if unknown.Operation != "" || unknown.Class != ratelimit.Write || unknown.Cost != 10 || unknown.Idempotent {
		t.Fatalf("defaults of an unknown POST: %+v", unknown)
	}
	if _, err := c.Do(ctx, unknown, nil); !errors.Is(err, pipedrive.ErrOutcomeUnknown) || n.Load() != 1 {
		t.Errorf("unknown POST: %v after %d requests", err, n.Load())
	}
	n.Store(0)
	get, _ := c.NewRequest(http.MethodGet, "/api/v2/somethingNew", nil, nil)
	if get.Class != ratelimit.Read || get.Cost != 20 || !get.Idempotent {
		t.Errorf("defaults of an unknown GET: %+v", get)
	}
	if resp, err := c.Do(ctx, get, nil); err == nil || resp == nil || resp.Attempts != 3 || n.Load() != 3 {
		t.Errorf("unknown GET: %v, %+v after %d requests", err, resp, n.Load())
	}
	// The caller knows better: this POST is safe to repeat.
	n.Store(0)
	unknown.Idempotent = true
	if resp, _ := c.Do(ctx, unknown, nil); resp == nil || resp.Attempts != 3 || n.Load() != 3 {
		t.Errorf("idempotent unknown POST: %+v after %d requests", resp, n.Load())
	}
	// For a known operation the table wins: a deal creation is never
	// re-sent, whatever the request says.
	n.Store(0)
	create, _ := c.NewRequest(http.MethodPost, "/api/v2/deals", nil, map[string]string{"title": "x"})
	create.Idempotent = true
	if _, err := c.Do(ctx, create, nil); !errors.Is(err, pipedrive.ErrOutcomeUnknown) || n.Load() != 1 {
		t.Errorf("known POST: %v after %d requests", err, n.Load())
	}
}

// TestRawCallRefused: what cannot be sent safely is refused before
// anything is, with ErrInvalidParams.
func TestRawCallRefused(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("nothing may be sent: %s %s", r.Method, r.URL)
	}))
	defer srv.Close()
	c, err := pipedrive.NewClient(auth.APIToken("secret"), pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(ratelimit.Unlimited{}))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range [][2]string{
		{"TRACE", "/v1/deals"},
		{"get", "/v1/deals"},
		{"GET", "/deals"},
		{"GET", "https://evil.example/v1/deals"},
		{"GET", "//evil.example/v1/deals"},
		{"GET", "/v1/../oauth/token"},
		{"GET", "/v1/deals/%2e%2e/x"},
		{"GET", "/v1//deals"},
		{"GET", "/v1/deals/"},
		{"GET", "/v1/deals?api_token=x"},
		{"GET", "/api/v2/deals#x"},
	} {
		_, err := c.NewRequest(tc[0], tc[1], nil, nil)
		if !errors.Is(err, pipedrive.ErrInvalidParams) {
			t.Errorf("NewRequest(%s, %s): %v", tc[0], tc[1], err)
		}
		resp, err := c.Do(context.Background(), &pipedrive.Request{Method: tc[0], Path: tc[1]}, nil)
		if !errors.Is(err, pipedrive.ErrInvalidParams) || resp != nil {
			t.Errorf("Do(%s, %s): %v", tc[0], tc[1], err)
		}
	}
	if _, err := c.Do(context.Background(), nil, nil); !errors.Is(err, pipedrive.ErrInvalidParams) {
		t.Errorf("Do(nil): %v", err)
	}
	// A path that needs escaping is escaped.
	req, err := c.NewRequest(http.MethodGet, "/v1/things/a b", nil, nil)
	if err != nil || req.Path != "/v1/things/a%20b" {
		t.Errorf("req %+v, %v", req, err)
	}
}
