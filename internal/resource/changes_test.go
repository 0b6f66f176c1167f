package resource_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resource"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// rec is a record of the test list.
type rec struct {
	ID         int64      `json:"id"`
	UpdateTime *time.Time `json:"update_time"`
	V          int        `json:"v"`
	Deleted    bool       `json:"is_deleted,omitempty"`
}

var base = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

func at(sec int) time.Time { return base.Add(time.Duration(sec) * time.Second) }

// listServer serves one list the way Pipedrive's do: filtered by
// updated_since (when since), sorted by update time then id (or by id),
// paged by an offset (the worst case for a sync: records that move shift
// the pages) in v2's cursor or v1's start. Before answering request n it
// runs before(n), which may change the records.
type listServer struct {
	mu     sync.Mutex
	recs   map[int64]*rec
	since  bool // the list takes updated_since
	v1     bool // start/limit instead of cursor
	before func(n int, s *listServer)
	reqs   []url.Values
}

func newListServer() *listServer { return &listServer{recs: map[int64]*rec{}, since: true} }

// put sets record id's time and bumps its version.
func (s *listServer) put(id int64, sec int) {
	t := at(sec)
	r := s.recs[id]
	if r == nil {
		r = &rec{ID: id}
		s.recs[id] = r
	}
	r.UpdateTime = &t
	r.V++
}

func (s *listServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs = append(s.reqs, q)
	if s.before != nil {
		s.before(len(s.reqs), s)
	}
	var since time.Time
	if v := q.Get("updated_since"); v != "" {
		if !s.since {
			http.Error(w, `{"success":false,"error":"updated_since is not a parameter"}`, http.StatusBadRequest)
			return
		}
		since, _ = time.Parse(time.RFC3339, v)
	}
	var list []rec
	for _, r := range s.recs {
		if !r.UpdateTime.Before(since) {
			list = append(list, *r)
		}
	}
	byTime := q.Get("sort_by") == "update_time" || q.Get("sort") == "update_time"
	slices.SortFunc(list, func(a, b rec) int {
		if byTime && !a.UpdateTime.Equal(*b.UpdateTime) {
			return a.UpdateTime.Compare(*b.UpdateTime)
		}
		return int(a.ID - b.ID)
	})
	limit, _ := strconv.Atoi(q.Get("limit"))
	start := 0
	if s.v1 {
		start, _ = strconv.Atoi(q.Get("start"))
	} else if c := q.Get("cursor"); c != "" {
		b, _ := base64.RawURLEncoding.DecodeString(c)
		start, _ = strconv.Atoi(string(b))
	}
	end := min(start+limit, len(list))
	items := []rec{}
	if start < len(list) {
		items = list[start:end]
	}
	env := map[string]any{"success": true, "data": items}
	more := end < len(list)
	if s.v1 {
		env["additional_data"] = map[string]any{"pagination": map[string]any{"start": start, "limit": limit, "more_items_in_collection": more, "next_start": end}}
	} else {
		var next any
		if more {
			next = base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(end)))
		}
		env["additional_data"] = map[string]any{"next_cursor": next}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(env)
}

func (s *listServer) requests() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reqs)
}

func (s *listServer) states() map[int64]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[int64]int{}
	for id, r := range s.recs {
		out[id] = r.V
	}
	return out
}

func newSyncCore(t *testing.T, h http.Handler) *core.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := core.New(core.Config{Credential: auth.APIToken("t"), BaseURL: srv.URL, Limiter: ratelimit.Unlimited{},
		MaxRateLimitRetries: -1, MaxServerRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func testOps(s *listServer) resource.ChangeOps[rec] {
	o := resource.ChangeOps[rec]{
		Noun: "recs", List: ops.V2GetDeals, Query: resource.ByUpdateTimeV2(), Since: s.since,
		Key:     func(r *rec) (string, *time.Time) { return resource.IDKey(r.ID), r.UpdateTime },
		Deleted: func(r *rec) bool { return r.Deleted },
	}
	if s.v1 {
		o.List, o.Query = ops.V1GetNotes, url.Values{"sort": {"update_time"}}
	}
	if !s.since {
		o.List, o.Query = ops.V2GetPipelines, resource.ByIDV2()
	}
	return o
}

// delivered runs one sync and returns what it delivered (id -> the
// versions, in order) and the error it ended with.
func run(t *testing.T, c *core.Client, s *listServer, cp *crm.Checkpoint, limit int) (map[int64][]int, []int64, error) {
	t.Helper()
	got := map[int64][]int{}
	var order []int64
	var last time.Time
	for ch, err := range resource.Changes(context.Background(), c, testOps(s), cp, &crm.ChangesParams{Limit: limit}) {
		if err != nil {
			return got, order, err
		}
		if ch.UpdateTime.Before(last) {
			t.Errorf("%s delivered at %v after %v: out of order", ch.ID, ch.UpdateTime, last)
		}
		last = ch.UpdateTime
		if ch.ID != resource.IDKey(ch.Record.ID) || !ch.UpdateTime.Equal(*ch.Record.UpdateTime) || ch.Deleted != ch.Record.Deleted {
			t.Errorf("change %+v does not describe its record %+v", ch, ch.Record)
		}
		if !cp.Covers(ch.ID, ch.UpdateTime, sumOf(t, ch.Record)) {
			t.Errorf("checkpoint does not cover %s when it is yielded", ch.ID)
		}
		got[ch.Record.ID] = append(got[ch.Record.ID], ch.Record.V)
		order = append(order, ch.Record.ID)
	}
	return got, order, nil
}

func sumOf(t *testing.T, r *rec) uint64 {
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return crm.Sum(b)
}

// requireLatest checks that every record's latest version was delivered,
// in one run or another.
func requireLatest(t *testing.T, s *listServer, runs ...map[int64][]int) {
	t.Helper()
	for id, v := range s.states() {
		found := false
		for _, got := range runs {
			found = found || slices.Contains(got[id], v)
		}
		if !found {
			t.Errorf("record %d: version %d never delivered (%v)", id, v, runs)
		}
	}
}

// The first run delivers everything in update-time order; each page after
// the checkpoint moved is a fresh query from the checkpoint's second, not
// the server's continuation; the second run reads that second once more
// and delivers nothing.
func TestChangesIncremental(t *testing.T) {
	s := newListServer()
	for id := int64(1); id <= 7; id++ {
		s.put(id, int(id+1)/2) // seconds 1,1,2,2,3,3,4
	}
	c := newSyncCore(t, s)
	var cp crm.Checkpoint
	got, order, err := run(t, c, s, &cp, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(order, []int64{1, 2, 3, 4, 5, 6, 7}) {
		t.Fatalf("order %v", order)
	}
	requireLatest(t, s, got)
	reqs := s.requests()
	for i, q := range reqs {
		if q.Get("cursor") != "" {
			t.Errorf("request %d used the continuation %s after the checkpoint moved", i, q.Encode())
		}
		if q.Get("sort_by") != "update_time" || q.Get("sort_direction") != "asc" || q.Get("limit") != "3" {
			t.Errorf("request %d: %s", i, q.Encode())
		}
	}
	if reqs[0].Has("updated_since") || reqs[1].Get("updated_since") != at(2).Format(time.RFC3339) {
		t.Fatalf("updated_since: %v, %v", reqs[0], reqs[1])
	}
	if cp.Resource() != "recs" || !cp.Since().Equal(at(4)) || !cp.Covers("7", at(4), sumOf(t, s.recs[7])) {
		t.Fatalf("checkpoint %v", cp)
	}

	n := len(s.requests())
	again, _, err := run(t, c, s, &cp, 3)
	if err != nil || len(again) != 0 || len(s.requests()) != n+1 {
		t.Fatalf("second run: %v, %v, %d requests", again, err, len(s.requests())-n)
	}
	if got := s.requests()[n].Get("updated_since"); got != at(4).Format(time.RFC3339) {
		t.Fatalf("second run starts at %s", got)
	}
}

// A record updated again within the second the checkpoint holds it at is
// delivered again (its new state), once.
func TestChangesSameSecondUpdate(t *testing.T) {
	s := newListServer()
	s.put(1, 5)
	s.put(2, 5)
	c := newSyncCore(t, s)
	var cp crm.Checkpoint
	first, _, err := run(t, c, s, &cp, 10)
	if err != nil || len(first) != 2 {
		t.Fatalf("first: %v, %v", first, err)
	}
	s.mu.Lock()
	s.put(2, 5) // the same second, a new state
	s.mu.Unlock()
	second, _, err := run(t, c, s, &cp, 10)
	if err != nil || !slices.Equal(second[2], []int{2}) || len(second) != 1 {
		t.Fatalf("second: %v, %v", second, err)
	}
	third, _, err := run(t, c, s, &cp, 10)
	if err != nil || len(third) != 0 {
		t.Fatalf("third: %v, %v", third, err)
	}

	// The same while a run goes through the second: the new state of a
	// record already read there comes in the next run.
	s.mu.Lock()
	s.put(3, 5)
	s.put(4, 5)
	s.before = func(n int, s *listServer) {
		if n == 2 {
			s.put(1, 5)
		}
	}
	s.reqs = nil
	s.mu.Unlock()
	fourth, _, err := run(t, c, s, &cp, 2)
	if err != nil || len(fourth) != 2 || len(fourth[1]) != 0 {
		t.Fatalf("fourth: %v, %v", fourth, err)
	}
	fifth, _, err := run(t, c, s, &cp, 2)
	if err != nil || !slices.Equal(fifth[1], []int{2}) || len(fifth) != 1 {
		t.Fatalf("fifth: %v, %v", fifth, err)
	}
	requireLatest(t, s, first, second, fourth, fifth)
}

// Records updated while the sync pages move to the end of the list, where
// this run finds them; with an offset continuation, trusting it would skip
// the record that slides into the page already read.
func TestChangesUpdatesDuringRun(t *testing.T) {
	s := newListServer()
	for id := int64(1); id <= 12; id++ {
		s.put(id, int(id)) // one record a second
	}
	s.before = func(n int, s *listServer) {
		switch n {
		case 2:
			s.put(1, 20) // read already: moves to the end
			s.put(2, 20)
		case 3:
			s.put(9, 21) // not read yet: moves too
		}
	}
	c := newSyncCore(t, s)
	var cp crm.Checkpoint
	got, _, err := run(t, c, s, &cp, 3)
	if err != nil {
		t.Fatal(err)
	}
	requireLatest(t, s, got)
	if !slices.Equal(got[1], []int{1, 2}) || !slices.Equal(got[9], []int{2}) {
		t.Fatalf("delivered %v", got)
	}
	again, _, err := run(t, c, s, &cp, 3)
	if err != nil {
		t.Fatal(err)
	}
	requireLatest(t, s, got, again)
	if len(again) > 1 {
		t.Fatalf("second run delivered %v", again)
	}
}

// More records at one second than a page holds: the sync goes through the
// second by continuation and, before moving past it, reads it again from
// its start until two passes agree; a record of that second that moved
// meanwhile shifted the offset pages, which the second pass catches.
func TestChangesSecondOverflowingPages(t *testing.T) {
	s := newListServer()
	for id := int64(1); id <= 8; id++ {
		s.put(id, 1)
	}
	s.put(9, 2)
	s.before = func(n int, s *listServer) {
		if n == 3 {
			s.put(1, 3) // read on page 1: leaves second 1, so 4 slides onto page 1
		}
	}
	c := newSyncCore(t, s)
	var cp crm.Checkpoint
	got, _, err := run(t, c, s, &cp, 3)
	if err != nil {
		t.Fatal(err)
	}
	requireLatest(t, s, got)
	if len(got[4]) != 1 {
		t.Fatalf("record 4 delivered %v (skipped by the shift?)", got[4])
	}
	// The pass that missed 4 differs from the next one, which agrees with
	// the third: three passes over second 1.
	fresh := 0
	for _, q := range s.requests() {
		if q.Get("cursor") == "" && q.Get("updated_since") == at(1).Format(time.RFC3339) {
			fresh++
		}
	}
	if fresh != 3 {
		t.Fatalf("%d passes over second 1 (requests %v)", fresh, s.requests())
	}
}

// v1 lists page by start; the same rules hold.
func TestChangesOffsetV1(t *testing.T) {
	s := newListServer()
	s.v1 = true
	for id := int64(1); id <= 9; id++ {
		s.put(id, int(id+2)/3) // three records a second
	}
	s.before = func(n int, s *listServer) {
		if n == 3 {
			s.put(2, 9)
		}
	}
	c := newSyncCore(t, s)
	var cp crm.Checkpoint
	got, _, err := run(t, c, s, &cp, 2)
	if err != nil {
		t.Fatal(err)
	}
	requireLatest(t, s, got)
	for _, q := range s.requests() {
		if q.Get("sort") != "update_time" || q.Has("cursor") || q.Has("sort_by") {
			t.Fatalf("request %s", q.Encode())
		}
	}
	again, _, err := run(t, c, s, &cp, 2)
	if err != nil || len(again) != 0 {
		t.Fatalf("second run: %v, %v", again, err)
	}
}

// A list without updated_since is read whole, by id, and delivered sorted
// by update time; one page is one request, several are read twice alike.
func TestChangesScan(t *testing.T) {
	s := newListServer()
	s.since = false
	for id, sec := range map[int64]int{1: 5, 2: 1, 3: 3, 4: 3, 5: 2} {
		s.put(id, sec)
	}
	c := newSyncCore(t, s)
	var cp crm.Checkpoint
	got, order, err := run(t, c, s, &cp, 10)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(order, []int64{2, 5, 3, 4, 1}) || len(s.requests()) != 1 {
		t.Fatalf("order %v, %d requests", order, len(s.requests()))
	}
	requireLatest(t, s, got)
	q := s.requests()[0]
	if q.Get("sort_by") != "id" || q.Has("updated_since") {
		t.Fatalf("request %s", q.Encode())
	}

	s.mu.Lock()
	s.put(3, 6)
	s.put(6, 5) // at the checkpoint's second, not seen there yet
	s.mu.Unlock()
	n := len(s.requests())
	again, order, err := run(t, c, s, &cp, 2)
	if err != nil {
		t.Fatal(err)
	}
	requireLatest(t, s, got, again)
	if !slices.Equal(order, []int64{6, 3}) {
		t.Fatalf("order %v", order)
	}
	if reqs := len(s.requests()) - n; reqs != 6 {
		t.Fatalf("%d requests for two passes of three pages", reqs)
	}
}

// A deletion between the pages of a whole read shifts them; the pass that
// missed a record disagrees with the next one.
func TestChangesScanShift(t *testing.T) {
	s := newListServer()
	s.since = false
	for id := int64(1); id <= 6; id++ {
		s.put(id, int(id))
	}
	s.before = func(n int, s *listServer) {
		if n == 2 {
			delete(s.recs, 1) // 3 slides onto page 1
		}
	}
	c := newSyncCore(t, s)
	var cp crm.Checkpoint
	got, _, err := run(t, c, s, &cp, 2)
	if err != nil {
		t.Fatal(err)
	}
	requireLatest(t, s, got)
	if len(got[1]) != 0 {
		t.Fatalf("the deleted record was delivered: %v", got)
	}
}

func TestChangesRefusals(t *testing.T) {
	s := newListServer()
	c := newSyncCore(t, s)
	other := crm.CheckpointSince(base)
	_ = other.Bind("others")
	for name, tc := range map[string]struct {
		cp *crm.Checkpoint
		p  *crm.ChangesParams
	}{
		"nil checkpoint": {nil, nil},
		"limit":          {&crm.Checkpoint{}, &crm.ChangesParams{Limit: 501}},
		"other resource": {&other, nil},
	} {
		n := 0
		for ch, err := range resource.Changes(context.Background(), c, testOps(s), tc.cp, tc.p) {
			n++
			if ch != nil || !errors.Is(err, core.ErrInvalidParams) {
				t.Errorf("%s: %v, %v", name, ch, err)
			}
		}
		if n != 1 {
			t.Errorf("%s: %d pairs", name, n)
		}
	}
	if len(s.requests()) != 0 {
		t.Fatalf("sent %d requests", len(s.requests()))
	}
	if other.Resource() != "others" || !other.Since().Equal(base) {
		t.Fatalf("a refused checkpoint changed: %v", other)
	}
}

// A run's loop may stop early: no request more, and the checkpoint covers
// exactly what was yielded.
func TestChangesBreak(t *testing.T) {
	s := newListServer()
	for id := int64(1); id <= 6; id++ {
		s.put(id, int(id))
	}
	c := newSyncCore(t, s)
	var cp crm.Checkpoint
	for ch, err := range resource.Changes(context.Background(), c, testOps(s), &cp, &crm.ChangesParams{Limit: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		if ch.Record.ID == 3 {
			break
		}
	}
	if len(s.requests()) != 2 || !cp.Since().Equal(at(3)) {
		t.Fatalf("%d requests, checkpoint %v", len(s.requests()), cp)
	}
	got, order, err := run(t, c, s, &cp, 2)
	if err != nil || !slices.Equal(order, []int64{4, 5, 6}) {
		t.Fatalf("resumed: %v %v, %v", got, order, err)
	}
}

// An error is the last pair; the checkpoint keeps what was delivered.
func TestChangesServerError(t *testing.T) {
	s := newListServer()
	for id := int64(1); id <= 4; id++ {
		s.put(id, int(id))
	}
	var fail bool
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fail {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprint(w, `{"success":false,"error":"boom"}`)
			return
		}
		fail = true
		s.ServeHTTP(w, r)
	})
	c := newSyncCore(t, h)
	var cp crm.Checkpoint
	var ids []string
	var last error
	for ch, err := range resource.Changes(context.Background(), c, testOps(s), &cp, &crm.ChangesParams{Limit: 2}) {
		if err != nil {
			last = err
			continue
		}
		if last != nil {
			t.Fatal("a pair after the error")
		}
		ids = append(ids, ch.ID)
	}
	if last == nil || !slices.Equal(ids, []string{"1", "2"}) || !cp.Since().Equal(at(2)) {
		t.Fatalf("%v, %v, %v", ids, last, cp)
	}
}

// A server that answers with the same continuation again ends the sync
// with core.ErrNoProgress instead of a loop.
func TestChangesNoProgress(t *testing.T) {
	c := newSyncCore(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"success":true,"data":[{"id":1,"update_time":%q}],"additional_data":{"next_cursor":"same"}}`, at(1).Format(time.RFC3339))
	}))
	s := newListServer()
	var cp crm.Checkpoint
	var last error
	n := 0
	for _, err := range resource.Changes(context.Background(), c, testOps(s), &cp, nil) {
		n++
		last = err
	}
	if !errors.Is(last, core.ErrNoProgress) || n != 2 {
		t.Fatalf("%d pairs, %v", n, last)
	}
}

// A second whose records change on every pass ends with crm.ErrUnsettled
// after a bounded number of passes, the checkpoint still at that second.
func TestChangesUnsettled(t *testing.T) {
	s := newListServer()
	for id := int64(1); id <= 4; id++ {
		s.put(id, 1)
	}
	s.put(5, 2)
	s.before = func(n int, s *listServer) { s.put(int64(n%4)+1, 1) }
	c := newSyncCore(t, s)
	var cp crm.Checkpoint
	_, _, err := run(t, c, s, &cp, 2)
	if !errors.Is(err, crm.ErrUnsettled) || !cp.Since().Equal(at(1)) {
		t.Fatalf("%v, checkpoint %v", err, cp)
	}
	if n := len(s.requests()); n > 64 {
		t.Fatalf("%d requests", n)
	}
}

// Deleted records are marked.
func TestChangesDeleted(t *testing.T) {
	s := newListServer()
	s.put(1, 1)
	s.put(2, 2)
	s.recs[2].Deleted = true
	c := newSyncCore(t, s)
	var cp crm.Checkpoint
	var deleted []string
	for ch, err := range resource.Changes(context.Background(), c, testOps(s), &cp, nil) {
		if err != nil {
			t.Fatal(err)
		}
		if ch.Deleted {
			deleted = append(deleted, ch.ID)
		}
	}
	if !slices.Equal(deleted, []string{"2"}) {
		t.Fatalf("deleted %v", deleted)
	}
}
