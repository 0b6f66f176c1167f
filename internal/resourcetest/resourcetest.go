package resourcetest

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// Case is one operation's test: the request the call must send and the
// fixture the server answers with.
type Case struct {
	// Op is the operation the call must reach.
	Op ops.Op
	// Path is the exact request path, prefix included
	// ("/api/v2/persons/42", "/v1/persons/42/flow").
	Path string
	// Query is the exact query the call must send (nil: none).
	Query url.Values
	// Body is the JSON body the call must send, compared as JSON ("" for
	// none). Ignored when Check is set.
	Body string
	// Check, when set, inspects the request instead of the Body comparison
	// (e.g. to parse a multipart body). Body holds the bytes read.
	Check func(t *testing.T, r *http.Request, body []byte)
	// Fixture is the file under the repository's testdata/ the server
	// answers with (e.g. "persons/get.json"); Status defaults to 200.
	Fixture string
	Status  int
	// Then are the requests the call sends after the first one, in order
	// (a merge fetches the surviving record), each answered with its own
	// fixture.
	Then []Step
	// Call makes the call with c and asserts what it decoded.
	Call func(t *testing.T, ctx context.Context, c *pipedrive.Client)
}

// Step is a further request of a Case: its exact method and path (no
// query, no body), and the fixture the server answers with.
type Step struct {
	Method, Path, Fixture string
}

// Name is the case's subtest name: "v2 GET /persons/{id} getPerson".
func (c Case) Name() string {
	return c.Op.Version.String() + " " + c.Op.Method + " " + c.Op.Path + " " + c.Op.ID
}

// Key identifies an operation across the ops table and operations.tsv.
func Key(version, method, path string) string { return version + " " + method + " " + path }

// OpKey is Key for an ops.Op.
func OpKey(o ops.Op) string { return Key(o.Version.String(), o.Method, o.Path) }

// Run runs every case as a subtest and returns the keys (OpKey) of the
// operations the cases reached.
func Run(t *testing.T, cases []Case) map[string]bool {
	t.Helper()
	covered := make(map[string]bool)
	for _, tc := range cases {
		covered[OpKey(tc.Op)] = true
		t.Run(tc.Name(), func(t *testing.T) {
			t.Parallel()
			runCase(t, tc)
		})
	}
	return covered
}

func runCase(t *testing.T, tc Case) {
	require.True(t, MatchesTemplate(tc.Op, tc.Path), "case path %q does not fit %s %s", tc.Path, tc.Op.Version.Prefix(), tc.Op.Path)
	fixture := Fixture(t, tc.Fixture)
	then := make([][]byte, len(tc.Then))
	for i, st := range tc.Then {
		then[i] = Fixture(t, st.Fixture)
	}
	var (
		mu    sync.Mutex
		calls int
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		body, err := io.ReadAll(r.Body)
		assert.NoError(t, err)
		if n > 1 {
			if !assert.LessOrEqual(t, n-1, len(tc.Then), "more requests than the case expects: %s %s", r.Method, r.URL.Path) {
				w.WriteHeader(http.StatusTeapot)
				return
			}
			st := tc.Then[n-2]
			assert.Equal(t, st.Method, r.Method, "method of request %d", n)
			assert.Equal(t, st.Path, r.URL.Path, "path of request %d", n)
			assert.Empty(t, r.URL.RawQuery, "query of request %d", n)
			assert.Empty(t, body, "body of request %d", n)
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(then[n-2])
			return
		}
		assert.Equal(t, tc.Op.Method, r.Method, "method")
		assert.Equal(t, tc.Path, r.URL.Path, "path")
		want := tc.Query
		if want == nil {
			want = url.Values{}
		}
		assert.Equal(t, want, r.URL.Query(), "query")
		assert.Equal(t, "test-token", r.Header.Get("X-Api-Token"))
		switch {
		case tc.Check != nil:
			tc.Check(t, r, body)
		case tc.Body != "":
			assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
			assert.JSONEq(t, tc.Body, string(body), "body")
		default:
			assert.Empty(t, body, "body")
		}
		w.Header().Set("Content-Type", "application/json")
		status := tc.Status
		if status == 0 {
			status = http.StatusOK
		}
		w.WriteHeader(status)
		_, _ = w.Write(fixture)
	}))
	t.Cleanup(srv.Close)
	tc.Call(t, context.Background(), NewClient(t, srv.URL))
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, 1+len(tc.Then), calls, "requests sent")
}

// NewClient returns a client on baseURL with retries disabled.
func NewClient(t testing.TB, baseURL string) *pipedrive.Client {
	t.Helper()
	c, err := pipedrive.NewClient(auth.APIToken("test-token"), pipedrive.WithBaseURL(baseURL), pipedrive.WithMaxRetries(-1, -1))
	require.NoError(t, err)
	return c
}

// MatchesTemplate reports whether path (prefix included) fits op's
// version prefix and path template.
func MatchesTemplate(op ops.Op, path string) bool {
	pat := regexp.QuoteMeta(op.Version.Prefix() + op.Path)
	pat = regexp.MustCompile(`\\\{[A-Za-z_-]+\\\}`).ReplaceAllString(pat, `[^/]+`)
	return regexp.MustCompile("^" + pat + "$").MatchString(path)
}

// Root returns the repository's root directory.
func Root(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	require.True(t, ok)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Fixture returns the bytes of testdata/name.
func Fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(Root(t), "testdata", filepath.FromSlash(name)))
	require.NoError(t, err)
	return b
}

// FixtureData returns the "data" member of the fixture's envelope.
func FixtureData(t testing.TB, name string) json.RawMessage {
	t.Helper()
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	require.NoError(t, json.Unmarshal(Fixture(t, name), &env))
	return env.Data
}

// Row is one operation of operations.tsv.
type Row struct {
	Version, Tag, Method, Path, ID string
	Cost                           int
}

// Key returns the row's Key.
func (r Row) Key() string { return Key(r.Version, r.Method, r.Path) }

// Operations returns the rows of internal/ops/operations.tsv whose tag is
// one of tags.
func Operations(t testing.TB, tags ...string) []Row {
	t.Helper()
	f, err := os.Open(filepath.Join(Root(t), "internal", "ops", "operations.tsv"))
	require.NoError(t, err)
	defer f.Close()
	want := make(map[string]bool, len(tags))
	for _, tag := range tags {
		want[tag] = true
	}
	var rows []Row
	sc := bufio.NewScanner(f)
	first := true
	for sc.Scan() {
		if first {
			first = false
			continue
		}
		cols := strings.Split(sc.Text(), "\t")
		require.Len(t, cols, 6, "operations.tsv row %q", sc.Text())
		if !want[cols[1]] {
			continue
		}
		cost, err := strconv.Atoi(cols[5])
		require.NoError(t, err)
		rows = append(rows, Row{Version: cols[0], Tag: cols[1], Method: cols[2], Path: cols[3], ID: cols[4], Cost: cost})
	}
	require.NoError(t, sc.Err())
	return rows
}

// CheckCoverage fails t for every operation of tags that covered lacks and
// that skipped (key → reason) does not explain, and for every skip that
// names an operation the table does not have or that is covered anyway.
func CheckCoverage(t *testing.T, covered map[string]bool, skipped map[string]string, tags ...string) {
	t.Helper()
	rows := Operations(t, tags...)
	require.NotEmpty(t, rows)
	seen := make(map[string]bool)
	for _, r := range rows {
		seen[r.Key()] = true
		_, skip := skipped[r.Key()]
		switch {
		case covered[r.Key()] && skip:
			t.Errorf("%s (%s) is both covered and skipped", r.Key(), r.ID)
		case !covered[r.Key()] && !skip:
			t.Errorf("%s (%s, tag %s) has no test case", r.Key(), r.ID, r.Tag)
		}
	}
	for k := range skipped {
		if !seen[k] {
			t.Errorf("skip list names %s, which operations.tsv does not list under %v", k, tags)
		}
	}
	for k := range covered {
		if !seen[k] {
			t.Errorf("a case covers %s, which operations.tsv does not list under %v", k, tags)
		}
	}
}

// ServeFixtures starts a server that answers each route ("GET
// /api/v2/persons/{id}", a net/http pattern) with a fixture of testdata/,
// for runnable examples, which have no *testing.T. Close it when done.
func ServeFixtures(routes map[string]string) *httptest.Server {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..", "testdata")
	mux := http.NewServeMux()
	for pattern, name := range routes {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(b)
		})
	}
	return httptest.NewServer(mux)
}
