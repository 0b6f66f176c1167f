package core

// Hostile and broken servers on loopback (issue 12): redirects, servers
// that never answer or trickle, far 429 resets, empty answers, endless
// bodies and gzip bombs, and writes that must not be repeated.

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

const bearerSecret = "bearer-access-token-0123456789"

// bearerCred is an OAuth-like credential: Authorization: Bearer.
type bearerCred struct{}

func (bearerCred) Authenticate(_ context.Context, h http.Header) error {
	h.Set("Authorization", "Bearer "+bearerSecret)
	return nil
}
func (bearerCred) Kind() auth.Kind  { return auth.KindOAuth }
func (bearerCred) LimitKey() string { return "oauth:hostile-test" }
func (bearerCred) Validate() error  { return nil }

// recorder counts what reaches a server that must never be reached.
type recorder struct {
	mu   sync.Mutex
	hits []string
}

func (rc *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	rc.hits = append(rc.hits, r.Method+" "+r.URL.Path+" token="+r.Header.Get("X-Api-Token")+
		" authz="+r.Header.Get("Authorization")+" body="+string(b))
	rc.mu.Unlock()
	writeJSON(w, 201, `{"success":true,"data":{"id":1}}`)
}

func (rc *recorder) got() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]string(nil), rc.hits...)
}

// Item 1: a redirect to another port or host of the loopback, for both
// credential kinds, for a read and for a write with a body, with 302 and
// 307: nothing reaches the second server, and the error names the
// target's host only.
func TestRedirectsAreRefused(t *testing.T) {
	other := &recorder{}
	otherSrv := httptest.NewServer(other)
	t.Cleanup(otherSrv.Close)
	targets := map[string]string{
		"another port": otherSrv.URL,
		"another host": strings.Replace(otherSrv.URL, "127.0.0.1", "localhost", 1),
	}
	creds := map[string]auth.Credential{"api token": auth.APIToken(testToken), "bearer": bearerCred{}}
	calls := map[string]Call{
		"GET":  {Op: ops.V2GetDeal, PathArgs: []any{int64(1)}},
		"POST": {Op: ops.V2AddDeal, Body: map[string]string{"title": "body-secret"}},
	}
	clients := map[string]func(*Config){
		"own client": func(*Config) {},
		// A caller's client that would follow anything: still refused,
		// and the caller's client is left as it was.
		"WithHTTPClient": func(c *Config) {
			c.HTTPClient = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}
		},
	}
	for tname, target := range targets {
		for cname, cred := range creds {
			for mname, call := range calls {
				for hname, hc := range clients {
					for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect} {
						var n atomic.Int32
						c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
							n.Add(1)
							http.Redirect(w, r, target+r.URL.Path+"?leak=query-secret", status)
						}), func(c *Config) { c.Credential = cred }, hc)
						_, err := c.Do(context.Background(), &call, nil)
						name := tname + "/" + cname + "/" + mname + "/" + hname + "/" + http.StatusText(status)
						require.ErrorIs(t, err, ErrRedirect, name)
						var apiErr *Error
						require.ErrorAs(t, err, &apiErr, name)
						assert.Equal(t, status, apiErr.StatusCode, name)
						host := strings.TrimPrefix(target, "http://")
						assert.Equal(t, host, apiErr.Redirect, name)
						assert.Contains(t, err.Error(), "redirect to "+host+" refused", name)
						assert.NotContains(t, err.Error(), "query-secret", name)
						assert.Equal(t, int32(1), n.Load(), "%s: a redirect is not retried", name)
					}
				}
			}
		}
	}
	assert.Empty(t, other.got(), "the second server was reached")
}

func TestWithHTTPClientIsNotModified(t *testing.T) {
	hc := &http.Client{}
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"success":true,"data":{"id":1}}`)
	}), func(c *Config) { c.HTTPClient = hc })
	_, err := Fetch[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
	require.NoError(t, err)
	assert.Nil(t, hc.Transport, "the caller's client got a transport")
	assert.Nil(t, hc.CheckRedirect, "the caller's client got a redirect policy")
}

// Item 5: the SDK's own transport carries the default timeouts.
func TestDefaultTimeouts(t *testing.T) {
	c, err := New(Config{Credential: auth.APIToken(testToken), Limiter: ratelimit.Unlimited{}})
	require.NoError(t, err)
	tr, ok := c.hc.Transport.(*http.Transport)
	require.True(t, ok)
	assert.Equal(t, DefaultTLSHandshakeTimeout, tr.TLSHandshakeTimeout)
	assert.Equal(t, DefaultResponseHeaderTimeout, tr.ResponseHeaderTimeout)
	assert.Equal(t, Timeouts{DefaultDialTimeout, DefaultTLSHandshakeTimeout, DefaultResponseHeaderTimeout,
		DefaultBodyIdleTimeout, DefaultAttemptTimeout}, c.timeouts)
	c, err = New(Config{Credential: auth.APIToken(testToken), Limiter: ratelimit.Unlimited{},
		Timeouts: Timeouts{ResponseHeader: -1, Attempt: time.Second}})
	require.NoError(t, err)
	tr = c.hc.Transport.(*http.Transport)
	assert.Zero(t, tr.ResponseHeaderTimeout, "negative disables")
	assert.Equal(t, time.Second, c.timeouts.Attempt)
}

// Item 5: servers that never answer, trickle, or fall silent mid-body
// end a context.Background() call by the configured timeouts, and a
// timed-out attempt is not sent again.
func TestTimeoutsEndHangingCalls(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	tests := []struct {
		name     string
		timeouts Timeouts
		handler  http.HandlerFunc
		waiting  string
	}{
		{"never answers", Timeouts{ResponseHeader: 200 * time.Millisecond},
			func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-release:
				case <-r.Context().Done():
				}
			}, "the response headers"},
		{"trickles a byte at a time", Timeouts{Attempt: 500 * time.Millisecond},
			func(w http.ResponseWriter, r *http.Request) { trickle(w, r, release, 20*time.Millisecond) },
			"the whole attempt"},
		{"falls silent mid-body", Timeouts{BodyIdle: 200 * time.Millisecond},
			func(w http.ResponseWriter, r *http.Request) { stall(w, r, release) },
			"the next part of the response body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n atomic.Int32
			c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				// Read the body: only then does the server notice the
				// client hanging up (and end r's context).
				_, _ = io.Copy(io.Discard, r.Body)
				tt.handler(w, r)
			}), func(c *Config) { c.Timeouts = tt.timeouts })
			for _, call := range []Call{
				{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}},
				{Op: ops.V2AddDeal, Body: map[string]string{"title": "x"}},
			} {
				n.Store(0)
				_, err := Fetch[item](context.Background(), c, &call)
				require.ErrorIs(t, err, ErrTimeout, call.Op.ID)
				require.ErrorIs(t, err, context.DeadlineExceeded, call.Op.ID)
				var te *TimeoutError
				require.ErrorAs(t, err, &te)
				assert.Equal(t, tt.waiting, te.Waiting)
				assert.Equal(t, int32(1), n.Load(), "%s: a timed-out attempt is not sent again", call.Op.ID)
				assert.Equal(t, !call.Op.Idempotent, errors.Is(err, ErrOutcomeUnknown), "%s: %v", call.Op.ID, err)
			}
		})
	}
}

// stall starts a JSON body and then sends nothing more until release
// closes or the client hangs up.
func stall(w http.ResponseWriter, r *http.Request, release <-chan struct{}) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"success":true,"data":{"title":"`)
	w.(http.Flusher).Flush()
	select {
	case <-release:
	case <-r.Context().Done():
	}
}

// trickle starts a JSON body and then sends one byte of it every every,
// until release closes or the client hangs up.
func trickle(w http.ResponseWriter, r *http.Request, release <-chan struct{}, every time.Duration) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"success":true,"data":{"title":"`)
	for {
		if _, err := io.WriteString(w, "a"); err != nil {
			return
		}
		w.(http.Flusher).Flush()
		select {
		case <-release:
			return
		case <-r.Context().Done():
			return
		case <-time.After(every):
		}
	}
}

// Item 5: a dropped connection sends a GET again, and the retry into a
// server that then never answers ends by the timeout.
func TestDroppedThenHangingGETEnds(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	var n atomic.Int32
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			hangUp(w, r)
			return
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}), func(c *Config) { c.Timeouts = Timeouts{ResponseHeader: 200 * time.Millisecond} })
	_, err := Fetch[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
	require.ErrorIs(t, err, ErrTimeout)
	assert.Equal(t, int32(2), n.Load())
}

// Item 6: x-ratelimit-reset: 999999 with no deadline fails at once with
// the wait in a typed error; with the real limiter, the next call fails at
// once too, and neither sends more than the first request.
func TestHugeResetFailsAtOnce(t *testing.T) {
	var n atomic.Int32
	lim, err := ratelimit.New()
	require.NoError(t, err)
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("X-Ratelimit-Reset", "999999")
		writeJSON(w, 429, `{"success":false,"error":"request over limit","errorCode":429}`)
	}), func(c *Config) { c.Limiter = lim })
	_, err = Fetch[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
	require.ErrorIs(t, err, ErrRateLimited)
	require.ErrorIs(t, err, ratelimit.ErrWaitExceedsMax)
	var we *ratelimit.WaitError
	require.ErrorAs(t, err, &we)
	assert.Equal(t, 999999*time.Second, we.Wait)
	assert.Equal(t, DefaultMaxRateLimitWait, we.Max)
	assert.Contains(t, err.Error(), (999999 * time.Second).String())
	assert.Equal(t, int32(1), n.Load())

	// The key is blocked (for ratelimit.MaxServerBlock): the next call
	// is refused before anything is sent.
	_, err = Fetch[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(2)}})
	require.ErrorIs(t, err, ratelimit.ErrWaitExceedsMax)
	assert.Equal(t, int32(1), n.Load())

	// A caller who allows long waits gets the 429 retried after the
	// reset (here a short one).
	var m atomic.Int32
	c2 := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if m.Add(1) == 1 {
			w.Header().Set("X-Ratelimit-Reset", "0.05")
			writeJSON(w, 429, `{"success":false,"error":"request over limit","errorCode":429}`)
			return
		}
		writeJSON(w, 200, `{"success":true,"data":{"id":1}}`)
	}), func(c *Config) { c.MaxRateLimitWait = time.Second })
	_, err = Fetch[item](context.Background(), c2, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
	require.NoError(t, err)
	assert.Equal(t, int32(2), m.Load())
}

// Item 7: a call that must yield an object gets a typed error when the
// answer has none; a slice accepts null data (v1's empty lists); Exec
// and Do accept anything.
func TestNoDataIsAnError(t *testing.T) {
	for _, tc := range []struct {
		body     string
		status   int
		objErr   bool // Fetch of an object fails
		sliceErr bool // Fetch of a slice fails
	}{
		{`{"success":true,"data":null}`, 200, true, false},
		{`{}`, 200, true, true},
		{`{"success":true}`, 200, true, true},
		{``, 200, true, true},
		{`   `, 200, true, true},
		{``, 201, true, true},
		{`{"success":true,"data":{"id":1}}`, 200, false, true},
		{`{"success":true,"data":[]}`, 200, true, false},
	} {
		c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, tc.status, tc.body)
		}))
		got, err := Fetch[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
		if tc.objErr {
			if tc.body == `{"success":true,"data":[]}` {
				require.Error(t, err, tc.body) // a type mismatch, not ErrNoData
			} else {
				require.ErrorIs(t, err, ErrNoData, "%q", tc.body)
				var de *DecodeError
				require.ErrorAs(t, err, &de)
				assert.Equal(t, tc.status, de.StatusCode)
				assert.Equal(t, "/api/v2/deals/1", de.Path)
			}
			assert.Nil(t, got)
		} else {
			require.NoError(t, err, tc.body)
		}
		list, err := Fetch[[]item](context.Background(), c, &Call{Op: ops.V1GetDealParticipants, PathArgs: []any{int64(1)}})
		if tc.sliceErr {
			require.Error(t, err, "%q", tc.body)
		} else {
			require.NoError(t, err, "%q", tc.body)
			assert.Empty(t, *list)
		}
		require.NoError(t, Exec(context.Background(), c, &Call{Op: ops.V2DeleteDeal, PathArgs: []any{int64(1)}}), tc.body)
	}
}

// peakHeap runs f and returns the highest heap use above the start that
// a sampler saw while f ran (runtime.MemStats.HeapAlloc every 2 ms).
func peakHeap(f func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak atomic.Uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > base && m.HeapAlloc-base > peak.Load() {
				peak.Store(m.HeapAlloc - base)
			}
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	f()
	close(stop)
	<-done
	return peak.Load()
}

// gzipBomb is about 1 MiB of gzip that expands to 1 GiB of zeros or more:
// one member holding 4 MiB of zeros, repeated (a gzip stream may hold
// many members, and readers decode them all).
func gzipBomb(t *testing.T) []byte {
	t.Helper()
	var member bytes.Buffer
	zw, err := gzip.NewWriterLevel(&member, gzip.BestCompression)
	require.NoError(t, err)
	_, _ = zw.Write(make([]byte, 4<<20))
	require.NoError(t, zw.Close())
	n := (1<<20)/member.Len() + 1
	bomb := bytes.Repeat(member.Bytes(), n)
	require.GreaterOrEqual(t, int64(n)*(4<<20), int64(1<<30))
	return bomb
}

// Item 8: an endless body and a gzip bomb end with ErrResponseTooLarge
// after one attempt, with the heap's peak under twice the default cap.
func TestHostileBodiesStayBounded(t *testing.T) {
	bomb := gzipBomb(t)
	endless := func(w http.ResponseWriter) {
		_, _ = io.WriteString(w, `{"success":true,"data":{"title":"`)
		buf := bytes.Repeat([]byte("a"), 64<<10)
		for {
			if _, err := w.Write(buf); err != nil {
				return
			}
		}
	}
	for _, tc := range []struct {
		name  string
		serve func(w http.ResponseWriter)
	}{
		{"endless body", endless},
		{"gzip bomb", func(w http.ResponseWriter) {
			w.Header().Set("Content-Encoding", "gzip")
			_, _ = w.Write(bomb)
		}},
		{"announced length over the cap", func(w http.ResponseWriter) {
			w.Header().Set("Content-Length", "1073741824")
			endless(w)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int32
			c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				w.Header().Set("Content-Type", "application/json")
				tc.serve(w)
			}))
			var err error
			peak := peakHeap(func() {
				_, err = Fetch[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
			})
			t.Logf("%s: peak heap %.1f MiB (cap %d MiB), %d attempt(s)", tc.name, float64(peak)/(1<<20), DefaultMaxResponseBytes>>20, n.Load())
			require.ErrorIs(t, err, ErrResponseTooLarge)
			var tl *ResponseTooLargeError
			require.ErrorAs(t, err, &tl)
			assert.Equal(t, int64(DefaultMaxResponseBytes), tl.Limit)
			assert.Contains(t, err.Error(), "16 MiB")
			assert.Equal(t, int32(1), n.Load(), "an oversized body is never retried")
			assert.Less(t, peak, uint64(2*DefaultMaxResponseBytes), "peak heap")
		})
	}
}

// An error page larger than the error-body limit is cut, not refused.
func TestLargeErrorPageIsExcerpted(t *testing.T) {
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(403)
		_, _ = io.WriteString(w, "<html><body>Blocked "+strings.Repeat("x", 1<<20)+"</body></html>")
	}))
	_, err := Fetch[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
	require.ErrorIs(t, err, ErrBlocked)
	assert.Contains(t, err.Error(), "Blocked")
}

func TestReadBounded(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789"), 300_000) // 3 MB, several chunks
	for _, tc := range []struct {
		name       string
		body       []byte
		size       int64 // announced; -1 unknown
		limit      int64
		keepPrefix bool
		want       []byte
		over       bool
		err        bool
	}{
		{"known, fits", []byte("hello"), 5, 10, false, []byte("hello"), false, false},
		{"known, empty", nil, 0, 10, false, []byte{}, false, false},
		{"known, exactly the limit", []byte("hello"), 5, 5, false, []byte("hello"), false, false},
		{"known, over", []byte("hello"), 5, 4, false, nil, true, false},
		{"known, short", []byte("hel"), 5, 10, false, nil, false, true},
		{"known, over, prefix", []byte("hello"), 5, 4, true, []byte("hell"), true, false},
		{"unknown, fits", []byte("hello"), -1, 10, false, []byte("hello"), false, false},
		{"unknown, empty", nil, -1, 10, false, []byte{}, false, false},
		{"unknown, exactly the limit", []byte("hello"), -1, 5, false, []byte("hello"), false, false},
		{"unknown, over", []byte("hello"), -1, 4, false, nil, true, false},
		{"unknown, over, prefix", []byte("hello"), -1, 4, true, []byte("hell"), true, false},
		{"unknown, many chunks", big, -1, int64(len(big)), false, big, false, false},
		{"unknown, many chunks, over, prefix", big, -1, 2_000_001, true, big[:2_000_001], true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, over, err := readBounded(bytes.NewReader(tc.body), tc.size, tc.limit, tc.keepPrefix)
			if tc.err {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.over, over)
			if tc.want == nil {
				assert.Nil(t, got)
			} else {
				assert.True(t, bytes.Equal(tc.want, got), "got %d bytes, want %d", len(got), len(tc.want))
			}
		})
	}
}

// Item 9: a merge (a PUT that must not be repeated) is sent once after a
// 502 or a dropped connection, and says its outcome is unknown; a PUT
// safe to repeat is still retried.
func TestNonIdempotentPUTIsSentOnce(t *testing.T) {
	for _, fault := range []string{"502", "dropped connection"} {
		var n atomic.Int32
		c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n.Add(1)
			if fault == "502" {
				w.WriteHeader(http.StatusBadGateway)
				return
			}
			hangUp(w, r)
		}))
		_, err := Fetch[item](context.Background(), c, &Call{Op: ops.V1MergeDeals, PathArgs: []any{int64(1)}, Body: map[string]int64{"merge_with_id": 2}})
		require.ErrorIs(t, err, ErrOutcomeUnknown, fault)
		assert.Equal(t, int32(1), n.Load(), "%s: Merge was re-sent", fault)

		n.Store(0)
		_, err = Fetch[item](context.Background(), c, &Call{Op: ops.V1UpdateNote, PathArgs: []any{int64(1)}, Body: map[string]string{"content": "x"}})
		require.Error(t, err)
		assert.False(t, errors.Is(err, ErrOutcomeUnknown), fault)
		assert.Equal(t, int32(1+DefaultMaxServerRetries), n.Load(), "%s: a repeatable PUT is retried", fault)
	}
}

// An HTML error page with invalid UTF-8 before a closing tag made the tag
// stripper index past the page (strings.ToLower grows invalid bytes):
// found by FuzzErrorBody, a panic on main.
func TestExcerptOfInvalidUTF8Page(t *testing.T) {
	for _, page := range []string{"<stYle\x91</stYle", "<SCRIPT>\xff\xfe</script>after", "<p>\x80<b>x</b>"} {
		c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(403)
			_, _ = io.WriteString(w, page)
		}))
		_, err := Fetch[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
		require.ErrorIs(t, err, ErrBlocked, "%q", page)
	}
	assert.Equal(t, "after", stripTags("<SCRIPT>\xff\xfe</script>after"))
}
