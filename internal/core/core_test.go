package core

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

const testToken = "s3cr3t-t0ken-value-1234567890"

type item struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
}

func newTestClient(t *testing.T, h http.Handler, mod ...func(*Config)) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	// Tests of the core's own behaviour pace nothing; the limiter's
	// wiring is tested with recordingLimiter and in package ratelimit.
	cfg := Config{Credential: auth.APIToken(testToken), BaseURL: srv.URL, RetryBaseDelay: time.Millisecond, Limiter: ratelimit.Unlimited{}}
	for _, m := range mod {
		m(&cfg)
	}
	c, err := New(cfg)
	require.NoError(t, err)
	return c
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

type listParams struct {
	Status string  `url:"status,omitempty"`
	IDs    []int64 `url:"ids,omitempty,comma"`
	Limit  int     `url:"limit,omitempty"`
	Cursor string  `url:"cursor,omitempty"`
	Owner  *int64  `url:"owner_id,omitempty"`
}

func TestRequestBuilding(t *testing.T) {
	owner := int64(0)
	tests := []struct {
		name      string
		call      Call
		wantPath  string
		wantQuery url.Values
		wantBody  string
		wantCT    string
	}{
		{
			name:     "v2 get with id",
			call:     Call{Op: ops.V2GetDeal, PathArgs: []any{int64(42)}},
			wantPath: "/api/v2/deals/42",
		},
		{
			name:      "v2 list with query struct",
			call:      Call{Op: ops.V2GetDeals, Query: &listParams{Status: "open", IDs: []int64{1, 2, 3}, Limit: 50, Owner: &owner}},
			wantPath:  "/api/v2/deals",
			wantQuery: url.Values{"status": {"open"}, "ids": {"1,2,3"}, "limit": {"50"}, "owner_id": {"0"}},
		},
		{
			name:      "v1 with url.Values",
			call:      Call{Op: ops.V1GetDealsTimeline, Query: url.Values{"start_date": {"2026-01-01"}}},
			wantPath:  "/v1/deals/timeline",
			wantQuery: url.Values{"start_date": {"2026-01-01"}},
		},
		{
			name:     "v2 create with JSON body",
			call:     Call{Op: ops.V2AddDeal, Body: map[string]any{"title": "Renewal", "value": 0}},
			wantPath: "/api/v2/deals",
			wantBody: `{"title":"Renewal","value":0}`,
			wantCT:   "application/json",
		},
		{
			name:     "string path argument is escaped",
			call:     Call{Op: ops.V2GetDealField, PathArgs: []any{"a/b c"}},
			wantPath: "/api/v2/dealFields/a%2Fb%20c",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *http.Request
			var body []byte
			c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = r
				body, _ = io.ReadAll(r.Body)
				writeJSON(w, 200, `{"success":true,"data":{"id":1}}`)
			}))
			_, err := c.Do(context.Background(), &tt.call, nil)
			require.NoError(t, err)
			assert.Equal(t, tt.call.Op.Method, got.Method)
			assert.Equal(t, tt.wantPath, got.URL.EscapedPath())
			if tt.wantQuery == nil {
				assert.Empty(t, got.URL.RawQuery)
			} else {
				assert.Equal(t, tt.wantQuery, got.URL.Query())
			}
			if tt.wantBody != "" {
				assert.JSONEq(t, tt.wantBody, string(body))
				assert.Equal(t, tt.wantCT, got.Header.Get("Content-Type"))
			} else {
				assert.Empty(t, body)
			}
			assert.Equal(t, testToken, got.Header.Get("X-Api-Token"))
			assert.Equal(t, DefaultUserAgent, got.Header.Get("User-Agent"))
			assert.Equal(t, "application/json", got.Header.Get("Accept"))
			assert.NotContains(t, got.URL.String(), testToken)
		})
	}
}

func TestBadPathArguments(t *testing.T) {
	var hits atomic.Int32
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	for _, args := range [][]any{nil, {int64(0)}, {int64(-3)}, {""}, {1.5}, {int64(1), int64(2)}} {
		_, err := c.Do(context.Background(), &Call{Op: ops.V2GetDeal, PathArgs: args}, nil)
		assert.Error(t, err, "args %v", args)
	}
	assert.Zero(t, hits.Load(), "no request may be sent for a bad path")
}

func TestMultipartBody(t *testing.T) {
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		require.NoError(t, r.ParseMultipartForm(1<<20))
		assert.Equal(t, "10", r.FormValue("crop_x"))
		f, hdr, err := r.FormFile("file")
		require.NoError(t, err)
		b, _ := io.ReadAll(f)
		assert.Equal(t, "PNGDATA", string(b))
		assert.Equal(t, "me.png", hdr.Filename)
		assert.Equal(t, "image/png", hdr.Header.Get("Content-Type"))
		writeJSON(w, 200, `{"success":true,"data":{"id":7}}`)
	}))
	got, err := Fetch[item](context.Background(), c, &Call{Op: ops.V1AddPersonPicture, PathArgs: []any{int64(3)},
		Multipart: &Multipart{Fields: []FormField{{"crop_x", "10"}}, Files: []FormFile{{Field: "file", FileName: "me.png", ContentType: "image/png", Content: strings.NewReader("PNGDATA")}}}})
	require.NoError(t, err)
	assert.Equal(t, int64(7), got.ID)
}

func TestEnvelopes(t *testing.T) {
	t.Run("v2", func(t *testing.T) {
		c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, `{"success":true,"data":{"id":5,"title":"A","unknown_field":{"x":1}},"additional_data":{"next_cursor":null}}`)
		}))
		got, meta, err := FetchMeta[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(5)}})
		require.NoError(t, err)
		assert.Equal(t, &item{ID: 5, Title: "A"}, got)
		assert.False(t, meta.More)
		assert.Equal(t, 200, meta.StatusCode)
		assert.JSONEq(t, `{"next_cursor":null}`, string(meta.AdditionalData))
	})
	t.Run("v1 with related objects", func(t *testing.T) {
		c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, `{"success":true,"data":[{"id":1,"title":"x"}],"additional_data":{"pagination":{"start":0,"limit":1,"more_items_in_collection":true,"next_start":1}},"related_objects":{"user":{"9":{"id":9}}}}`)
		}))
		page, err := ListPage[item](context.Background(), c, &Call{Op: ops.V1GetDealParticipants, PathArgs: []any{int64(1)}})
		require.NoError(t, err)
		assert.Equal(t, []item{{ID: 1, Title: "x"}}, page.Items)
		assert.True(t, page.More)
		assert.Equal(t, 1, page.NextStart)
		assert.Empty(t, page.NextCursor)
	})
	t.Run("v1 flat pagination (spec variant)", func(t *testing.T) {
		c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, `{"success":true,"data":[],"additional_data":{"start":0,"limit":1,"more_items_in_collection":true,"next_start":7}}`)
		}))
		page, err := ListPage[item](context.Background(), c, &Call{Op: ops.V1GetDealParticipants, PathArgs: []any{int64(1)}})
		require.NoError(t, err)
		assert.True(t, page.More)
		assert.Equal(t, 7, page.NextStart)
	})
	t.Run("null data and empty body", func(t *testing.T) {
		c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodDelete {
				w.WriteHeader(http.StatusNoContent)
				return
			}
			writeJSON(w, 200, `{"success":true,"data":null}`)
		}))
		// A Get must yield an object: null data is an error (see
		// TestNoDataIsAnError); a delete accepts null data and no body.
		_, err := Fetch[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(5)}})
		require.ErrorIs(t, err, ErrNoData)
		require.NoError(t, Exec(context.Background(), c, &Call{Op: ops.V2DeleteDeal, PathArgs: []any{int64(5)}}))
		require.NoError(t, Exec(context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(5)}}))
	})
}

// pagedServer serves 3 pages of 2 items, by cursor (v2) or by start (v1),
// and counts page requests.
func pagedServer(t *testing.T, v1 bool, pages *atomic.Int32) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pages.Add(1)
		assert.Equal(t, "open", r.URL.Query().Get("status"), "the caller's filters stay on every page")
		page := 0
		if v1 {
			switch r.URL.Query().Get("start") {
			case "", "0":
			case "2":
				page = 1
			case "4":
				page = 2
			default:
				t.Errorf("unexpected start %q", r.URL.Query().Get("start"))
			}
		} else {
			switch r.URL.Query().Get("cursor") {
			case "":
			case "c1":
				page = 1
			case "c2":
				page = 2
			default:
				t.Errorf("unexpected cursor %q", r.URL.Query().Get("cursor"))
			}
		}
		data := []item{{ID: int64(page*2 + 1)}, {ID: int64(page*2 + 2)}}
		b, _ := json.Marshal(data)
		var add string
		if v1 {
			more := page < 2
			add = `{"pagination":{"start":` + itoa(page*2) + `,"limit":2,"more_items_in_collection":` + btoa(more) + `,"next_start":` + itoa(page*2+2) + `}}`
		} else {
			next := "null"
			if page < 2 {
				next = `"c` + itoa(page+1) + `"`
			}
			add = `{"next_cursor":` + next + `}`
		}
		writeJSON(w, 200, `{"success":true,"data":`+string(b)+`,"additional_data":`+add+`}`)
	})
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }
func btoa(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func TestListIterator(t *testing.T) {
	for _, v1 := range []bool{false, true} {
		name := map[bool]string{false: "v2 cursor", true: "v1 offset"}[v1]
		op := ops.V2GetDeals
		if v1 {
			op = ops.V1GetDealParticipants
		}
		t.Run(name, func(t *testing.T) {
			var pages atomic.Int32
			c := newTestClient(t, pagedServer(t, v1, &pages))
			call := &Call{Op: op, Query: url.Values{"status": {"open"}}}
			if v1 {
				call.PathArgs = []any{int64(1)}
			}
			var ids []int64
			for it, err := range List[item](context.Background(), c, call) {
				require.NoError(t, err)
				ids = append(ids, it.ID)
			}
			assert.Equal(t, []int64{1, 2, 3, 4, 5, 6}, ids)
			assert.Equal(t, int32(3), pages.Load())
			assert.Equal(t, url.Values{"status": {"open"}}, call.Query, "the caller's query is not modified")

			pages.Store(0)
			ids = ids[:0]
			for it, err := range List[item](context.Background(), c, call) {
				require.NoError(t, err)
				ids = append(ids, it.ID)
				if it.ID == 2 {
					break
				}
			}
			assert.Equal(t, []int64{1, 2}, ids)
			assert.Equal(t, int32(1), pages.Load(), "breaking on the first page fetches no further page")

			pages.Store(0)
			for range List[item](context.Background(), c, call) {
				break
			}
			assert.Equal(t, int32(1), pages.Load())
		})
	}
}

func TestListStopsOnRepeatedCursor(t *testing.T) {
	var n atomic.Int32
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		writeJSON(w, 200, `{"success":true,"data":[{"id":1}],"additional_data":{"next_cursor":"same"}}`)
	}))
	var last error
	count := 0
	for _, err := range List[item](context.Background(), c, &Call{Op: ops.V2GetDeals}) {
		count++
		last = err
		if count > 10 {
			break
		}
	}
	require.Error(t, last)
	assert.Equal(t, int32(2), n.Load())
}

func TestListYieldsErrorOnce(t *testing.T) {
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 400, `{"success":false,"error":"bad filter","error_info":"see docs","data":null,"additional_data":null}`)
	}))
	n := 0
	for it, err := range List[item](context.Background(), c, &Call{Op: ops.V2GetDeals}) {
		n++
		assert.Nil(t, it)
		var apiErr *Error
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 400, apiErr.StatusCode)
	}
	assert.Equal(t, 1, n)
}

func TestErrorShapes(t *testing.T) {
	cloudflare := `<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title><style>body{color:red}</style><script>var x = 1;</script></head>
<body><h1>Sorry, you have been blocked</h1><p>You are unable to access pipedrive.com</p></body></html>`
	tests := []struct {
		name    string
		status  int
		ct      string
		body    string
		check   func(t *testing.T, e *Error)
		is      []error
		isNot   []error
		message string
	}{
		{
			name: "404 JSON", status: 404, ct: "application/json",
			body: `{"success":false,"error":"Deal not found","error_info":"Please check developers.pipedrive.com","data":null,"additional_data":null}`,
			check: func(t *testing.T, e *Error) {
				assert.Equal(t, "Deal not found", e.Message)
				assert.Contains(t, e.Info, "developers")
			},
			is: []error{ErrNotFound}, isNot: []error{ErrForbidden, ErrOutcomeUnknown},
			message: "pipedrive: GET /api/v2/deals/1: 404 Not Found: Deal not found",
		},
		{
			name: "401 with errorCode", status: 401, ct: "application/json",
			body:  `{"success":false,"error":"unauthorized access","errorCode":401,"error_info":"Please check..."}`,
			check: func(t *testing.T, e *Error) { assert.Equal(t, "401", e.Code) },
			is:    []error{ErrUnauthorized},
		},
		{
			name: "403 feature capping code", status: 403, ct: "application/json",
			body:  `{"success":false,"error":"You have reached the limit","code":"feature_capping_deals_limit","error_info":"upgrade"}`,
			check: func(t *testing.T, e *Error) { assert.Equal(t, "feature_capping_deals_limit", e.Code) },
			is:    []error{ErrForbidden}, isNot: []error{ErrBlocked},
		},
		{
			name: "403 Cloudflare HTML", status: 403, ct: "text/html; charset=UTF-8", body: cloudflare,
			check: func(t *testing.T, e *Error) {
				assert.Contains(t, e.Excerpt, "Sorry, you have been blocked")
				assert.NotContains(t, e.Excerpt, "<")
				assert.NotContains(t, e.Excerpt, "var x")
				assert.NotContains(t, e.Excerpt, "color:red")
			},
			is:      []error{ErrForbidden, ErrBlocked},
			message: "non-JSON response (text/html; charset=UTF-8)",
		},
		{
			name: "502 proxy HTML", status: 502, ct: "text/html",
			body:  `<html><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>`,
			check: func(t *testing.T, e *Error) { assert.Equal(t, "502 Bad Gateway nginx", e.Excerpt) },
		},
		{
			name: "422 plain text", status: 422, ct: "text/plain", body: strings.Repeat("x", 5000),
			check: func(t *testing.T, e *Error) { assert.LessOrEqual(t, len(e.Excerpt), excerptLen+len("…")) },
		},
		{
			name: "500 empty body", status: 500, ct: "", body: "",
			check: func(t *testing.T, e *Error) { assert.Equal(t, 500, e.StatusCode) },
		},
		{
			name: "400 with field errors", status: 400, ct: "application/json",
			body: `{"status":"error","success":false,"errors":{"subscription_url":["invalid or non-reachable URL"],"event_object":"unknown"}}`,
			check: func(t *testing.T, e *Error) {
				assert.Equal(t, map[string][]string{"subscription_url": {"invalid or non-reachable URL"}, "event_object": {"unknown"}}, e.FieldErrors)
			},
			message: "400 Bad Request: invalid parameters: event_object: unknown; subscription_url: invalid or non-reachable URL",
		},
		{
			name: "403 with message", status: 403, ct: "application/json",
			body:    `{"success":false,"message":"Only the owner can delete this webhook"}`,
			check:   func(t *testing.T, e *Error) { assert.Equal(t, "Only the owner can delete this webhook", e.Message) },
			is:      []error{ErrForbidden},
			isNot:   []error{ErrBlocked},
			message: "403 Forbidden: Only the owner can delete this webhook",
		},
		{
			name: "400 invalid JSON claims JSON", status: 400, ct: "application/json", body: `{"success":false,"error":`,
			check: func(t *testing.T, e *Error) { assert.NotEmpty(t, e.Excerpt) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				if tt.ct != "" {
					w.Header().Set("Content-Type", tt.ct)
				}
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.body)
			}), func(c *Config) { c.MaxServerRetries = -1 })
			_, err := c.Do(context.Background(), &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}}, &item{})
			var apiErr *Error
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.status, apiErr.StatusCode)
			assert.Equal(t, "GET", apiErr.Method)
			assert.Equal(t, "/api/v2/deals/1", apiErr.Path)
			tt.check(t, apiErr)
			for _, target := range tt.is {
				assert.ErrorIs(t, err, target)
			}
			for _, target := range tt.isNot {
				assert.NotErrorIs(t, err, target)
			}
			if tt.message != "" {
				assert.Contains(t, err.Error(), tt.message)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string
	}{
		{"malformed", `{"success":true,"data":{"id":1,,}}`, "invalid character"},
		{"wrong type", `{"success":true,"data":{"id":"not-a-number","title":"x"}}`, "cannot unmarshal"},
		{"truncated", `{"success":true,"data":{"id":1,"title":"abc`, "unexpected end"},
		{"success false in 200", `{"success":false,"data":null}`, "success"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 200, tt.body)
			}))
			_, err := Fetch[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, 200, de.StatusCode)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotEmpty(t, de.Excerpt)
		})
	}
	t.Run("wrong type is matchable", func(t *testing.T) {
		c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, `{"success":true,"data":{"id":"x"}}`)
		}))
		_, err := Fetch[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
		var te *json.UnmarshalTypeError
		require.ErrorAs(t, err, &te)
		assert.Equal(t, "data.id", te.Field)
	})
	t.Run("body cut short of its content length", func(t *testing.T) {
		c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "500")
			w.WriteHeader(200)
			_, _ = io.WriteString(w, `{"success":true,"data":{"id":1`)
		}), func(c *Config) { c.MaxServerRetries = -1 })
		_, err := Fetch[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
		require.Error(t, err)
		assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	})
}

func TestRetry429ForPOSTAfterReset(t *testing.T) {
	var n atomic.Int32
	var firstAt, secondAt time.Time
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		assert.JSONEq(t, `{"title":"x"}`, string(b), "the body is sent whole on the retry")
		if n.Add(1) == 1 {
			firstAt = time.Now()
			w.Header().Set("X-Ratelimit-Reset", "1")
			writeJSON(w, 429, `{"success":false,"error":"request over limit","errorCode":429}`)
			return
		}
		secondAt = time.Now()
		writeJSON(w, 201, `{"success":true,"data":{"id":9,"title":"x"}}`)
	}))
	got, err := Fetch[item](context.Background(), c, &Call{Op: ops.V2AddDeal, Body: map[string]string{"title": "x"}})
	require.NoError(t, err)
	assert.Equal(t, int64(9), got.ID)
	assert.Equal(t, int32(2), n.Load())
	// Correctness, not speed: the retry must not come before the reset.
	assert.GreaterOrEqual(t, secondAt.Sub(firstAt), 800*time.Millisecond)
}

func TestRetry429IsBounded(t *testing.T) {
	var n atomic.Int32
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("X-Ratelimit-Reset", "0")
		writeJSON(w, 429, `{"success":false,"error":"request over limit","errorCode":429}`)
	}), func(c *Config) { c.MaxRateLimitRetries = 2 })
	_, err := Fetch[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
	assert.ErrorIs(t, err, ErrRateLimited)
	assert.Equal(t, int32(3), n.Load())
}

func TestFarResetIsNotWaitedFor(t *testing.T) {
	var n atomic.Int32
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("X-Ratelimit-Reset", "36000") // the daily token budget, spent until midnight
		writeJSON(w, 429, `{"success":false,"error":"request over limit","errorCode":429}`)
	}))
	_, err := Fetch[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
	assert.ErrorIs(t, err, ErrRateLimited)
	assert.ErrorIs(t, err, ratelimit.ErrWaitExceedsMax)
	var we *ratelimit.WaitError
	require.ErrorAs(t, err, &we)
	assert.Equal(t, 10*time.Hour, we.Wait)
	assert.Contains(t, err.Error(), "10h0m0s")
	assert.Equal(t, int32(1), n.Load())
}

// hangUp hijacks the connection after reading the request and closes it
// without answering: the request reached the server, the outcome is lost.
func hangUp(w http.ResponseWriter, r *http.Request) {
	_, _ = io.ReadAll(r.Body)
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

func TestPOSTWithDroppedConnectionIsNotRetried(t *testing.T) {
	var n atomic.Int32
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		hangUp(w, r)
	}))
	_, err := Fetch[item](context.Background(), c, &Call{Op: ops.V2AddDeal, Body: map[string]string{"title": "x"}})
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.Equal(t, int32(1), n.Load(), "a POST that may have been applied is never re-sent")

	n.Store(0)
	_, err = Fetch[item](context.Background(), c, &Call{Op: ops.V2UpdateDeal, PathArgs: []any{int64(1)}, Body: map[string]string{"title": "x"}})
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.Equal(t, int32(1), n.Load(), "nor is a PATCH")
}

func TestPOSTWith5xxIsNotRetried(t *testing.T) {
	var n atomic.Int32
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(502)
		_, _ = io.WriteString(w, "<html><body>Bad Gateway</body></html>")
	}))
	_, err := Fetch[item](context.Background(), c, &Call{Op: ops.V2AddDeal, Body: map[string]string{"title": "x"}})
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 502, apiErr.StatusCode)
	assert.Equal(t, int32(1), n.Load())
}

func TestPOSTNeverSentIsRetried(t *testing.T) {
	// A server that is not listening: the POST never leaves the machine,
	// so retrying it cannot duplicate anything.
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close()
	c, err := New(Config{Credential: auth.APIToken(testToken), BaseURL: base, RetryBaseDelay: time.Millisecond, MaxServerRetries: 2})
	require.NoError(t, err)
	var buf strings.Builder
	c.log = newTextLogger(&buf)
	_, err = Fetch[item](context.Background(), c, &Call{Op: ops.V2AddDeal, Body: map[string]string{"title": "x"}})
	require.Error(t, err)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown, "nothing was written, so the outcome is known: not applied")
	assert.Equal(t, 2, strings.Count(buf.String(), "transport error; retrying"))
}

func TestGETOn503IsRetried(t *testing.T) {
	var n atomic.Int32
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) < 3 {
			writeJSON(w, 503, `{"success":false,"error":"Service unavailable"}`)
			return
		}
		writeJSON(w, 200, `{"success":true,"data":{"id":1}}`)
	}))
	got, err := Fetch[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
	require.NoError(t, err)
	assert.Equal(t, int64(1), got.ID)
	assert.Equal(t, int32(3), n.Load())
}

func TestGETWithDroppedConnectionIsRetried(t *testing.T) {
	var n atomic.Int32
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			hangUp(w, r)
			return
		}
		writeJSON(w, 200, `{"success":true,"data":{"id":1}}`)
	}))
	_, err := Fetch[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
	require.NoError(t, err)
	assert.Equal(t, int32(2), n.Load())
}

func TestServerRetriesAreBounded(t *testing.T) {
	var n atomic.Int32
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		writeJSON(w, 500, `{"success":false,"error":"boom"}`)
	}), func(c *Config) { c.MaxServerRetries = 2 })
	err := Exec(context.Background(), c, &Call{Op: ops.V2DeleteDeal, PathArgs: []any{int64(1)}})
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 500, apiErr.StatusCode)
	assert.False(t, apiErr.OutcomeUnknown, "DELETE is idempotent")
	assert.Equal(t, int32(3), n.Load())
}

func TestCancelDuringRetryWait(t *testing.T) {
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Ratelimit-Reset", "60")
		writeJSON(w, 429, `{"success":false,"error":"request over limit","errorCode":429}`)
	}))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := Fetch[item](ctx, c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
		done <- err
	}()
	time.Sleep(100 * time.Millisecond) // let the first attempt fail and the 60 s wait begin
	cancel()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, context.Canceled)
		assert.Contains(t, err.Error(), "request over limit", "the error says what was being retried")
	case <-time.After(5 * time.Second):
		t.Fatal("cancelling the context did not end the retry wait")
	}
}

// recordingLimiter records what the core tells it and can refuse.
type recordingLimiter struct {
	mu       sync.Mutex
	admitted []ratelimit.Request
	observed []observed
	refuse   error
}

type observed struct {
	req    ratelimit.Request
	ticket ratelimit.Ticket
	status int
	limit  string
}

func (l *recordingLimiter) Admit(ctx context.Context, r ratelimit.Request) (ratelimit.Ticket, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.refuse != nil {
		return ratelimit.Ticket{}, l.refuse
	}
	l.admitted = append(l.admitted, r)
	return ratelimit.Ticket{Seq: uint64(len(l.admitted))}, nil
}

func (l *recordingLimiter) Observe(r ratelimit.Request, t ratelimit.Ticket, status int, h http.Header) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.observed = append(l.observed, observed{r, t, status, h.Get("X-Ratelimit-Limit")})
}

func TestLimiterHook(t *testing.T) {
	var hits atomic.Int32
	lim := &recordingLimiter{}
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("X-Ratelimit-Limit", "40")
		writeJSON(w, 200, `{"success":true,"data":[]}`)
	}), func(c *Config) { c.Limiter = lim; c.Plan = ratelimit.Growth; c.TokenBudget = 120000 })
	key := auth.APIToken(testToken).LimitKey()

	calls := []struct {
		call  Call
		class ratelimit.Class
		cost  int
	}{
		{Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}}, ratelimit.Read, 1},
		{Call{Op: ops.V2AddDeal, Body: map[string]string{}}, ratelimit.Write, 5},
		{Call{Op: ops.V2UpdateDeal, PathArgs: []any{int64(1)}, Body: map[string]string{}}, ratelimit.Write, 5},
		{Call{Op: ops.V2SearchDeals, Query: url.Values{"term": {"x"}}}, ratelimit.Search, 20},
		{Call{Op: ops.V2DeleteDeal, PathArgs: []any{int64(1)}}, ratelimit.Read, 3},
		{Call{Op: ops.V1UpdateDealField, PathArgs: []any{int64(1)}, Body: map[string]string{}}, ratelimit.Write, 10},
	}
	for i, tc := range calls {
		_, err := c.Do(context.Background(), &tc.call, nil)
		require.NoError(t, err)
		lim.mu.Lock()
		a, o := lim.admitted[i], lim.observed[i]
		lim.mu.Unlock()
		assert.Equal(t, ratelimit.Request{Key: key, Kind: auth.KindAPIToken, Class: tc.class, Method: tc.call.Op.Method, Cost: tc.cost, Plan: ratelimit.Growth, TokenBudget: 120000, MaxWait: DefaultMaxRateLimitWait}, a, tc.call.Op.ID)
		assert.Equal(t, a, o.req)
		assert.Equal(t, uint64(i+1), o.ticket.Seq, "Observe gets the ticket Admit handed out")
		assert.Equal(t, 200, o.status)
		assert.Equal(t, "40", o.limit)
	}
	assert.NotContains(t, key, testToken)

	t.Run("refusal sends nothing", func(t *testing.T) {
		refusal := errors.New("daily write budget spent")
		lim.mu.Lock()
		lim.refuse = refusal
		lim.mu.Unlock()
		before := hits.Load()
		_, err := c.Do(context.Background(), &Call{Op: ops.V2AddDeal, Body: map[string]string{}}, nil)
		assert.ErrorIs(t, err, refusal)
		assert.Contains(t, err.Error(), "not sent")
		assert.Equal(t, before, hits.Load())
	})

	t.Run("skip admission still observes", func(t *testing.T) {
		lim.mu.Lock()
		nObs := len(lim.observed)
		lim.mu.Unlock()
		_, err := c.Do(context.Background(), &Call{Op: ops.V1AddWebhook, Body: map[string]string{}, SkipAdmission: true}, nil)
		require.NoError(t, err, "a refusing limiter is not consulted")
		lim.mu.Lock()
		defer lim.mu.Unlock()
		require.Len(t, lim.observed, nObs+1)
		last := lim.observed[nObs]
		assert.Equal(t, ratelimit.Ticket{}, last.ticket)
		assert.Equal(t, "40", last.limit)
	})
}

func TestEachRetryIsAdmittedAndObserved(t *testing.T) {
	var n atomic.Int32
	lim := &recordingLimiter{}
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("X-Ratelimit-Reset", "0")
			writeJSON(w, 429, `{"success":false,"error":"request over limit","errorCode":429}`)
			return
		}
		writeJSON(w, 200, `{"success":true,"data":{}}`)
	}), func(c *Config) { c.Limiter = lim })
	_, err := c.Do(context.Background(), &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}}, nil)
	require.NoError(t, err)
	assert.Len(t, lim.admitted, 2)
	require.Len(t, lim.observed, 2)
	assert.Equal(t, 429, lim.observed[0].status)
	assert.Equal(t, 200, lim.observed[1].status)
}

func TestNewValidation(t *testing.T) {
	_, err := New(Config{})
	assert.Error(t, err)
	_, err = New(Config{Credential: auth.APIToken("t"), Plan: ratelimit.Plan(99)})
	assert.Error(t, err)
	_, err = New(Config{Credential: auth.APIToken("t"), TokenBudget: -1})
	assert.Error(t, err)
	c, err := New(Config{Credential: auth.APIToken("t")})
	require.NoError(t, err)
	assert.Same(t, ratelimit.Default(), c.Limiter(), "clients share the process-wide limiter by default")
	_, err = New(Config{Credential: auth.APIToken("")})
	assert.ErrorIs(t, err, auth.ErrEmptyToken)
	for _, bad := range []string{"ftp://x", "not a url", "/relative", "https://user:pass@host", "https://host?api_token=x"} {
		_, err = New(Config{Credential: auth.APIToken("t"), BaseURL: bad})
		assert.Error(t, err, bad)
		if err != nil {
			assert.NotContains(t, err.Error(), "pass@", "credentials in a base URL are not echoed")
		}
	}
	for in, want := range map[string]string{
		"":                                 DefaultBaseURL,
		"https://acme.pipedrive.com/":      "https://acme.pipedrive.com",
		"https://api.pipedrive.com/v1":     "https://api.pipedrive.com",
		"https://api.pipedrive.com/api/v2": "https://api.pipedrive.com",
	} {
		c, err := New(Config{Credential: auth.APIToken("t"), BaseURL: in})
		require.NoError(t, err)
		assert.Equal(t, want, c.BaseURL())
	}
}

type domainCred struct{ auth.Credential }

func (domainCred) BaseURL() string { return "https://acme.pipedrive.com" }

func TestBaseURLFromCredential(t *testing.T) {
	c, err := New(Config{Credential: domainCred{auth.APIToken("t")}})
	require.NoError(t, err)
	assert.Equal(t, "https://acme.pipedrive.com", c.BaseURL())
	c, err = New(Config{Credential: domainCred{auth.APIToken("t")}, BaseURL: "http://127.0.0.1:1"})
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:1", c.BaseURL(), "an explicit base URL wins")
}

// refreshingCred fails its first token with 401 and recovers through
// HandleUnauthorized.
type refreshingCred struct {
	mu        sync.Mutex
	token     string
	refreshes int
	fail      error
}

func (c *refreshingCred) Authenticate(_ context.Context, h http.Header) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	h.Set("Authorization", "Bearer "+c.token)
	return nil
}
func (c *refreshingCred) Kind() auth.Kind  { return auth.KindOAuth }
func (c *refreshingCred) LimitKey() string { return "oauth:test" }
func (c *refreshingCred) Validate() error  { return nil }
func (c *refreshingCred) HandleUnauthorized(context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.refreshes++
	if c.fail != nil {
		return c.fail
	}
	c.token = "fresh-access-token"
	return nil
}

func TestUnauthorizedRefreshesOnceAndRetries(t *testing.T) {
	var n atomic.Int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		if r.Header.Get("Authorization") != "Bearer fresh-access-token" {
			writeJSON(w, 401, `{"success":false,"error":"unauthorized access","errorCode":401}`)
			return
		}
		writeJSON(w, 201, `{"success":true,"data":{"id":3}}`)
	})
	cred := &refreshingCred{token: "expired-access-token"}
	c := newTestClient(t, h, func(c *Config) { c.Credential = cred })
	got, err := Fetch[item](context.Background(), c, &Call{Op: ops.V2AddDeal, Body: map[string]string{}})
	require.NoError(t, err)
	assert.Equal(t, int64(3), got.ID)
	assert.Equal(t, 1, cred.refreshes)
	assert.Equal(t, int32(2), n.Load())

	t.Run("a second 401 is returned, not looped", func(t *testing.T) {
		n.Store(0)
		cred := &refreshingCred{token: "expired"}
		cred.fail = nil
		c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n.Add(1)
			writeJSON(w, 401, `{"success":false,"error":"unauthorized access","errorCode":401}`)
		}), func(c *Config) { c.Credential = cred })
		_, err := Fetch[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
		assert.ErrorIs(t, err, ErrUnauthorized)
		assert.Equal(t, 1, cred.refreshes)
		assert.Equal(t, int32(2), n.Load())
	})
	t.Run("a failed refresh is reported", func(t *testing.T) {
		cred := &refreshingCred{token: "expired", fail: errors.New("invalid_grant")}
		c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 401, `{"success":false,"error":"unauthorized access","errorCode":401}`)
		}), func(c *Config) { c.Credential = cred })
		_, err := Fetch[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
		assert.ErrorIs(t, err, ErrUnauthorized)
		assert.ErrorIs(t, err, cred.fail)
	})
}

func TestConcurrentUse(t *testing.T) {
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"success":true,"data":{"id":1}}`)
	}))
	var wg sync.WaitGroup
	for i := 0; i < 32; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 10; j++ {
				_, err := Fetch[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(j + 1)}})
				assert.NoError(t, err)
			}
		}()
	}
	wg.Wait()
}

type failingCred struct{ auth.Credential }

var errRevoked = errors.New("refresh token revoked")

func (failingCred) Authenticate(context.Context, http.Header) error { return errRevoked }

func TestCredentialFailureIsNotRetried(t *testing.T) {
	var hits atomic.Int32
	lim := &recordingLimiter{}
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }),
		func(c *Config) {
			c.Credential = failingCred{auth.APIToken("t")}
			c.Limiter = lim
			c.RetryBaseDelay = time.Hour
		})
	_, err := Fetch[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
	assert.ErrorIs(t, err, errRevoked)
	assert.Contains(t, err.Error(), "not sent")
	assert.Zero(t, hits.Load())
	assert.Empty(t, lim.admitted, "no slot is spent and no retry waits for a credential that cannot work")
}

// A 429 whose reset lies beyond the context's deadline fails at once with
// the limiter's typed error (and the 429), instead of sleeping until the
// deadline and failing with a bare context error.
func TestRetry429ResetBeyondDeadline(t *testing.T) {
	var n atomic.Int32
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("X-Ratelimit-Reset", "60")
		writeJSON(w, 429, `{"success":false,"error":"request over limit","errorCode":429}`)
	}))
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, err := Fetch[item](ctx, c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
	require.Error(t, err)
	assert.ErrorIs(t, err, ratelimit.ErrWaitExceedsDeadline)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.ErrorIs(t, err, ErrRateLimited)
	var we *ratelimit.WaitError
	require.ErrorAs(t, err, &we)
	assert.Equal(t, ratelimit.ReasonServer, we.Reason)
	assert.Equal(t, 60*time.Second, we.Wait)
	assert.NoError(t, ctx.Err(), "it did not wait for the deadline")
	assert.Equal(t, int32(1), n.Load())
}

// A base URL that is refused for another reason (wrong scheme, does not
// parse) must not echo the credentials it carries either; and a fragment,
// which would swallow every request's path, is refused.
func TestBaseURLErrorsHideCredentials(t *testing.T) {
	for _, bad := range []string{
		"ftp://me:hunter2@host",
		"https://me:hunter2@ho st%zz/",
		"me:hunter2@host",
		"https://host/?api_token=hunter2&x=%zz",
		"http://me:hunter2@[::1",
	} {
		_, err := New(Config{Credential: auth.APIToken("t"), BaseURL: bad})
		if assert.Error(t, err, bad) {
			assert.NotContains(t, err.Error(), "hunter2", bad)
		}
	}
	_, err := New(Config{Credential: auth.APIToken("t"), BaseURL: "https://host/#frag"})
	assert.Error(t, err, "a fragment would end up before every request's path")
}

// When ctx ends during the wait before a retry, the error matches both the
// context's error and the failure that was being retried.
func TestCancelDuringRetryWaitKeepsTheCause(t *testing.T) {
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 503, `{"success":false,"error":"maintenance"}`)
	}), func(c *Config) { c.RetryBaseDelay = time.Minute })
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := Fetch[item](ctx, c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
	assert.ErrorIs(t, err, context.Canceled)
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr, "the 503 being retried is still reachable")
	assert.Equal(t, 503, apiErr.StatusCode)
}

// A server-error retry whose backoff would end after the context's
// deadline is not waited for: the failure comes back at once.
func TestServerRetryBackoffBeyondDeadline(t *testing.T) {
	var n atomic.Int32
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		writeJSON(w, 503, `{"success":false,"error":"maintenance"}`)
	}), func(c *Config) { c.RetryBaseDelay = time.Minute })
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, err := Fetch[item](ctx, c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 503, apiErr.StatusCode)
	assert.NoError(t, ctx.Err(), "it did not wait for the deadline")
	assert.Equal(t, int32(1), n.Load())
}

// A v1 page that says there is more but gives no next_start (or one not
// past the page just read) ends the list with ErrNoProgress at once,
// without fetching the same page again and yielding its items twice.
func TestListV1NoNextStartYieldsNoDuplicates(t *testing.T) {
	for name, extra := range map[string]string{"missing": ``, "zero": `,"next_start":0`, "same": `,"next_start":100`} {
		t.Run(name, func(t *testing.T) {
			var n atomic.Int32
			c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				writeJSON(w, 200, `{"success":true,"data":[{"id":1},{"id":2}],"additional_data":{"pagination":{"more_items_in_collection":true`+extra+`}}}`)
			}))
			q := url.Values{}
			if name == "same" {
				q.Set("start", "100")
			}
			var ids []int64
			var last error
			for it, err := range List[item](context.Background(), c, &Call{Op: ops.V1GetDealFiles, PathArgs: []any{int64(1)}, Query: q}) {
				if err != nil {
					last = err
					break
				}
				ids = append(ids, it.ID)
			}
			assert.ErrorIs(t, last, ErrNoProgress)
			assert.Equal(t, []int64{1, 2}, ids, "each item once")
			assert.Equal(t, int32(1), n.Load())
		})
	}
}

// Likewise for cursors: a page whose next_cursor is the cursor it was
// fetched with (here, the caller's starting cursor) is not fetched again.
func TestListCursorRepeatingTheStartYieldsNoDuplicates(t *testing.T) {
	var n atomic.Int32
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		writeJSON(w, 200, `{"success":true,"data":[{"id":1},{"id":2}],"additional_data":{"next_cursor":"`+r.URL.Query().Get("cursor")+`"}}`)
	}))
	var ids []int64
	var last error
	for it, err := range List[item](context.Background(), c, &Call{Op: ops.V2GetDeals, Query: url.Values{"cursor": {"c1"}}}) {
		if err != nil {
			last = err
			break
		}
		ids = append(ids, it.ID)
	}
	assert.ErrorIs(t, last, ErrNoProgress)
	assert.Equal(t, []int64{1, 2}, ids, "each item once")
	assert.Equal(t, int32(1), n.Load())
}

// TestDecodeOnePassTakesTwins: a v2 deal, person or organization is
// decoded through its model's twin in one pass; a v1 one (user_id,
// objects for ids, v1 names) is left to the usual decoding, which gives
// what json.Unmarshal gives.
func TestDecodeOnePassTakesTwins(t *testing.T) {
	for _, tc := range []struct {
		file    string
		model   func() any
		onePass bool
	}{
		{"deals/deal.json", func() any { return new(crm.Deal) }, true},
		{"deals/webhook_v2_create_deal.json", func() any { return new(crm.Deal) }, true},
		{"deals/v1deal.json", func() any { return new(crm.Deal) }, false},
		{"persons/get.json", func() any { return new(crm.Person) }, true},
		{"organizations/get.json", func() any { return new(crm.Organization) }, true},
		{"persons/merge.json", func() any { return new(crm.Person) }, false}, // v1 merge answer
	} {
		t.Run(tc.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("..", "..", "testdata", tc.file))
			require.NoError(t, err)
			got := tc.model()
			_, ok := decodeOnePass(body, got, needObject, nil, true)
			assert.Equal(t, tc.onePass, ok)
			var env struct{ Data json.RawMessage }
			require.NoError(t, json.Unmarshal(body, &env))
			want := tc.model()
			require.NoError(t, json.Unmarshal(env.Data, want))
			viaCore := tc.model()
			_, err = decodeSuccess(body, viaCore, needObject, nil, nil, true)
			require.NoError(t, err)
			assert.Equal(t, want, viaCore)
			if ok {
				assert.Equal(t, want, got)
			}
		})
	}
}
