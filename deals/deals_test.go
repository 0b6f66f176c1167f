package deals_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/deals"
)

const (
	budgetCode = "8f2d6c0e1a3b5d7f9e1c3a5b7d9f1e3c5a7b9d1f"
	tierCode   = "1a3c5e7f9b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a"
	regionCode = "2b4d6f8a0c2e4b6d8f0a1c3e5a7c9e1b3d5f7a9c"
	signedCode = "3c5e7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f"
)

// request is what the fake server saw.
type request struct {
	Method string
	Path   string
	Query  url.Values
	Body   []byte
	Token  string
}

// server is an httptest server that answers each request with a fixture
// chosen by method and path, and records what it received.
type server struct {
	t      testing.TB
	srv    *httptest.Server
	mu     sync.Mutex
	routes map[string][]string // "GET /api/v2/deals" -> fixture names, served in turn
	seen   []request
}

func newServer(t testing.TB) (*server, *deals.Service) {
	t.Helper()
	s := &server{t: t, routes: map[string][]string{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	c, err := pipedrive.NewClient(auth.APIToken("test-token"), pipedrive.WithBaseURL(s.srv.URL), pipedrive.WithMaxRetries(-1, -1))
	if err != nil {
		t.Fatal(err)
	}
	return s, c.Deals
}

// route serves fixtures (one per request, the last repeated) for method
// and path.
func (s *server) route(method, path string, fixtures ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes[method+" "+path] = fixtures
}

func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.seen = append(s.seen, request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Body: body, Token: r.Header.Get("X-Api-Token")})
	key := r.Method + " " + r.URL.Path
	fx := s.routes[key]
	var name string
	if len(fx) > 0 {
		name = fx[0]
		if len(fx) > 1 {
			s.routes[key] = fx[1:]
		}
	}
	s.mu.Unlock()
	if name == "" {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"success":false,"error":"no route in test server: `+key+`"}`)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(fixture(s.t, name))
}

func (s *server) requests() []request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]request(nil), s.seen...)
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "deals", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// jsonEqual compares two JSON documents by value.
func jsonEqual(t testing.TB, got []byte, want string) bool {
	t.Helper()
	var g, w any
	if len(bytes.TrimSpace(got)) == 0 {
		return want == ""
	}
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("body %q is not JSON: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("want %q is not JSON: %v", want, err)
	}
	return reflect.DeepEqual(g, w)
}

var ctx = context.Background()
