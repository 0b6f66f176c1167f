package resource

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

type record struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

var mergeOps = MergeOps{Noun: "organization", Merge: ops.V1MergeOrganizations, Get: ops.V2GetOrganization}

type seen struct {
	mu   sync.Mutex
	reqs []string
}

func (s *seen) add(r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs = append(s.reqs, r.Method+" "+r.URL.Path+" "+string(b))
}

func (s *seen) all() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.reqs...)
}

func TestMergeThenFetchesTheSurvivor(t *testing.T) {
	var log seen
	c := newCore(t, func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		switch r.Method {
		case "PUT":
			io.WriteString(w, `{"success":true,"data":{"id":"501"}}`) // v1: only the id, here as a string
		default:
			io.WriteString(w, `{"success":true,"data":{"id":501,"name":"Kept"}}`)
		}
	})
	got, err := NewMerger[record](c, &mergeOps).Merge(context.Background(), 502, 501)
	if err != nil {
		t.Fatal(err)
	}
	if *got != (record{501, "Kept"}) {
		t.Errorf("got %+v", got)
	}
	want := []string{`PUT /v1/organizations/502/merge {"merge_with_id":501}`, `GET /api/v2/organizations/501 `}
	if reqs := log.all(); !reflect.DeepEqual(reqs, want) {
		t.Errorf("requests = %q, want %q", reqs, want)
	}
}

func TestMergeRefusesBadIDsBeforeSending(t *testing.T) {
	c := newCore(t, func(w http.ResponseWriter, r *http.Request) { t.Errorf("sent %s %s", r.Method, r.URL.Path) })
	m := NewMerger[record](c, &mergeOps)
	for _, ids := range [][2]int64{{7, 7}, {7, 0}, {7, -1}, {0, 7}} {
		got, err := m.Merge(context.Background(), ids[0], ids[1])
		if got != nil || !errors.Is(err, core.ErrInvalidParams) {
			t.Errorf("Merge(%d, %d) = %v, %v; want ErrInvalidParams", ids[0], ids[1], got, err)
		}
	}
	if _, err := m.Merge(context.Background(), 7, 7); !strings.Contains(err.Error(), "into itself") {
		t.Errorf("self-merge error = %v", err)
	}
}

// A merge that was done but whose fetch failed says so, and wraps the
// fetch's error.
func TestMergeDoneButFetchFailed(t *testing.T) {
	c := newCore(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "PUT" {
			io.WriteString(w, `{"success":true,"data":{"id":501}}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"success":false,"error":"Organization not found"}`)
	})
	got, err := NewMerger[record](c, &mergeOps).Merge(context.Background(), 502, 501)
	if got != nil || !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("got %v, %v; want the fetch's 404", got, err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "organization 502 was merged into 501") || strings.Count(msg, "pipedrive: ") != 1 {
		t.Errorf("error = %q", msg)
	}
}

// A merge whose outcome is unknown is not sent again (a second send would
// fail or merge again). The core decides repeat-safety per operation once
// ops.Op says it (Idempotent: false for merges); before that, by method,
// which would re-send this PUT.
func TestMergeIsNotResentOnUnknownOutcome(t *testing.T) {
	if _, ok := reflect.TypeFor[ops.Op]().FieldByName("Idempotent"); !ok {
		t.Skip("ops.Op has no Idempotent yet: the core still decides repeat-safety by method")
	}
	var log seen
	c := newRetryingCore(t, func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		w.WriteHeader(http.StatusBadGateway)
	})
	_, err := NewMerger[record](c, &mergeOps).Merge(context.Background(), 502, 501)
	if !errors.Is(err, core.ErrOutcomeUnknown) {
		t.Errorf("err = %v, want ErrOutcomeUnknown", err)
	}
	if n := len(log.all()); n != 1 {
		t.Errorf("merge sent %d times", n)
	}
}

// newRetryingCore is newCore with 5xx retries on, quickly.
func newRetryingCore(t *testing.T, h http.HandlerFunc) *core.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := core.New(core.Config{Credential: auth.APIToken("t"), BaseURL: srv.URL, Limiter: ratelimit.Unlimited{},
		MaxRateLimitRetries: -1, MaxServerRetries: 2, RetryBaseDelay: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
