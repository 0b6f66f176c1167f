package crm_test

import (
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
)

var (
	t0 = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	t1 = t0.Add(time.Second)
	t2 = t0.Add(2 * time.Second)
)

// The boundary rule: a later second moves the checkpoint and holds only
// the record seen there; the checkpoint's own second adds records, or
// their new state; an earlier second, or a state already held, is
// covered.
func TestCheckpointObserve(t *testing.T) {
	var cp crm.Checkpoint
	steps := []struct {
		id   string
		at   time.Time
		sum  uint64
		want bool
		len  int
	}{
		{"1", t1, 10, true, 1},
		{"1", t1, 10, false, 1},                            // the same state again
		{"1", t1.Add(900 * time.Millisecond), 11, true, 1}, // updated again within the second
		{"2", t1, 20, true, 2},
		{"3", t0, 30, false, 2}, // before the checkpoint's second: covered
		{"2", t1, 20, false, 2},
		{"4", t2, 40, true, 1},
		{"1", t1, 12, false, 1}, // the second is behind now
	}
	for i, s := range steps {
		if got := cp.Observe(s.id, s.at, s.sum); got != s.want {
			t.Fatalf("step %d: Observe(%s, %v, %d) = %v, want %v", i, s.id, s.at, s.sum, got, s.want)
		}
		if cp.Len() != s.len {
			t.Fatalf("step %d: Len %d, want %d", i, cp.Len(), s.len)
		}
	}
	if !cp.Since().Equal(t2) || !cp.Covers("4", t2, 40) || cp.Covers("4", t2, 41) || cp.Covers("5", t2, 40) {
		t.Fatalf("checkpoint %v", cp)
	}
}

// Update times are truncated to the second, in UTC, whatever their zone
// and fraction.
func TestCheckpointSince(t *testing.T) {
	zone := time.FixedZone("CET", 3600)
	cp := crm.CheckpointSince(t1.Add(750 * time.Millisecond).In(zone))
	if got := cp.Since(); !got.Equal(t1) || got.Location() != time.UTC {
		t.Fatalf("Since %v", got)
	}
	if !cp.Covers("1", t0.Add(999*time.Millisecond), 1) || cp.Covers("1", t1.In(zone), 1) {
		t.Fatal("the second before is covered, the second itself is not")
	}
	if crm.CheckpointSince(time.Time{}).Since() != (time.Time{}) || !crm.CheckpointSince(time.Time{}).IsZero() {
		t.Fatal("a zero time starts at the beginning")
	}
}

// A copy is a snapshot: advancing either changes nothing the other holds,
// whether it appends at the shared second or replaces a state there.
func TestCheckpointCopies(t *testing.T) {
	var cp crm.Checkpoint
	cp.Observe("1", t1, 10)
	cp.Observe("2", t1, 20)
	saved := cp

	cp.Observe("3", t1, 30)    // appends in place
	saved.Observe("4", t1, 40) // must not overwrite cp's 3
	cp.Observe("2", t1, 21)    // replaces: saved keeps 20

	for _, c := range []struct {
		cp   crm.Checkpoint
		id   string
		sum  uint64
		want bool
	}{
		{cp, "3", 30, true}, {cp, "4", 40, false}, {cp, "2", 21, true}, {cp, "2", 20, false},
		{saved, "4", 40, true}, {saved, "3", 30, false}, {saved, "2", 20, true}, {saved, "2", 21, false},
	} {
		if got := c.cp.Covers(c.id, t1, c.sum); got != c.want {
			t.Errorf("%v covers %s:%d = %v, want %v", c.cp, c.id, c.sum, got, c.want)
		}
	}
	if cp.Len() != 3 || saved.Len() != 3 {
		t.Fatalf("lens %d, %d", cp.Len(), saved.Len())
	}
}

// Copies may be advanced in separate goroutines (one checkpoint per
// goroutine): the race detector watches the shared storage.
func TestCheckpointCopiesConcurrently(t *testing.T) {
	var base crm.Checkpoint
	base.Observe("0", t1, 1)
	var wg sync.WaitGroup
	results := make([]crm.Checkpoint, 8)
	for g := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cp := base
			for i := range 100 {
				cp.Observe(string(rune('a'+g))+strings.Repeat("x", i), t1, uint64(i))
			}
			results[g] = cp
		}()
	}
	wg.Wait()
	for g, cp := range results {
		if cp.Len() != 101 || !cp.Covers("0", t1, 1) || !cp.Covers(string(rune('a'+g)), t1, 0) {
			t.Fatalf("goroutine %d: %v", g, cp)
		}
		other := string(rune('a' + (g+1)%len(results)))
		if cp.Covers(other, t1, 0) {
			t.Fatalf("goroutine %d holds another's record %s", g, other)
		}
	}
}

func TestCheckpointBind(t *testing.T) {
	var cp crm.Checkpoint
	if err := cp.Bind("deals"); err != nil || cp.Resource() != "deals" {
		t.Fatalf("bind: %v, %q", err, cp.Resource())
	}
	if err := cp.Bind("deals"); err != nil {
		t.Fatalf("bind again: %v", err)
	}
	if err := cp.Bind("persons"); err == nil || !strings.Contains(err.Error(), "deals") {
		t.Fatalf("bind to another resource: %v", err)
	}
	for _, bad := range []string{"", "two words"} {
		var c crm.Checkpoint
		if err := c.Bind(bad); err == nil {
			t.Errorf("Bind(%q) accepted", bad)
		}
	}
}

func TestCheckpointText(t *testing.T) {
	var cp crm.Checkpoint
	if b, err := cp.MarshalText(); err != nil || len(b) != 0 {
		t.Fatalf("zero: %q, %v", b, err)
	}
	_ = cp.Bind("leads")
	cp.Observe("0b8c1f4e-3c2a-11ef-9a2f-0242ac120002", t1, 0xdeadbeef)
	cp.Observe("odd id:,%", t1, 7)
	b, err := cp.MarshalText()
	if err != nil {
		t.Fatal(err)
	}
	want := "v1 leads 2026-03-10T12:00:01Z 0b8c1f4e-3c2a-11ef-9a2f-0242ac120002:deadbeef,odd+id%3A%2C%25:7"
	if string(b) != want {
		t.Fatalf("text %q\nwant %q", b, want)
	}
	var back crm.Checkpoint
	if err := back.UnmarshalText(b); err != nil {
		t.Fatal(err)
	}
	if back.Resource() != "leads" || !back.Since().Equal(t1) || back.Len() != 2 ||
		!back.Covers("odd id:,%", t1, 7) || !back.Covers("0b8c1f4e-3c2a-11ef-9a2f-0242ac120002", t1, 0xdeadbeef) {
		t.Fatalf("decoded %v", back)
	}

	// In JSON the checkpoint is a string.
	type state struct {
		Deals crm.Checkpoint `json:"deals"`
	}
	j, err := json.Marshal(state{Deals: back})
	if err != nil || string(j) != `{"deals":"`+want+`"}` {
		t.Fatalf("json %s, %v", j, err)
	}
	var st state
	if err := json.Unmarshal(j, &st); err != nil || st.Deals.Len() != 2 {
		t.Fatalf("json back: %v, %v", st.Deals, err)
	}

	// A checkpoint with a resource but no time yet.
	var fresh crm.Checkpoint
	_ = fresh.Bind("notes")
	b, _ = fresh.MarshalText()
	if string(b) != "v1 notes -" {
		t.Fatalf("unbound time: %q", b)
	}
	if err := back.UnmarshalText(b); err != nil || back.Resource() != "notes" || !back.Since().IsZero() || back.Len() != 0 {
		t.Fatalf("decoded %v, %v", back, err)
	}
	if err := back.UnmarshalText(nil); err != nil || !back.IsZero() {
		t.Fatalf("empty text: %v, %v", back, err)
	}
}

func TestCheckpointTextErrors(t *testing.T) {
	for _, in := range []string{
		"v1",
		"v2 deals 2026-03-10T12:00:01Z",
		"v1 deals yesterday",
		"v1 deals 2026-03-10T12:00:01Z 1",
		"v1 deals 2026-03-10T12:00:01Z 1:zz",
		"v1 deals 2026-03-10T12:00:01Z :1",
		"v1 deals 2026-03-10T12:00:01Z 1:1,1:2",
		"v1 deals 2026-03-10T12:00:01Z %zz:1",
		"v1 deals 2026-03-10T12:00:01Z 1:1 extra",
	} {
		cp := crm.CheckpointSince(t0)
		err := cp.UnmarshalText([]byte(in))
		if err == nil {
			t.Errorf("%q accepted", in)
			continue
		}
		if !strings.HasPrefix(err.Error(), "crm: not a checkpoint") {
			t.Errorf("%q: %v", in, err)
		}
		if !cp.Since().Equal(t0) {
			t.Errorf("%q changed the checkpoint on error", in)
		}
	}
}

func TestCheckpointString(t *testing.T) {
	var cp crm.Checkpoint
	if s := cp.String(); s != "checkpoint at the beginning" {
		t.Fatal(s)
	}
	_ = cp.Bind("deals")
	cp.Observe("1", t1, 1)
	if s := cp.String(); s != "deals checkpoint at 2026-03-10T12:00:01Z (1 seen there)" {
		t.Fatal(s)
	}
}

func TestChangesParamsValidate(t *testing.T) {
	var nilParams *crm.ChangesParams
	for _, p := range []*crm.ChangesParams{nilParams, {}, {Limit: 1}, {Limit: crm.MaxChangesLimit}} {
		if err := p.Validate(); err != nil {
			t.Errorf("%+v: %v", p, err)
		}
	}
	for _, p := range []*crm.ChangesParams{{Limit: -1}, {Limit: crm.MaxChangesLimit + 1}} {
		if err := p.Validate(); err == nil {
			t.Errorf("%+v accepted", p)
		}
	}
	if !strings.Contains(crm.ErrUnsettled.Error(), "pipedrive: ") || errors.Unwrap(crm.ErrUnsettled) != nil {
		t.Fatal(crm.ErrUnsettled)
	}
}

// Any text either fails to decode or decodes to a checkpoint whose text
// decodes to the same checkpoint.
func FuzzCheckpointText(f *testing.F) {
	for _, s := range []string{"", "v1 deals -", "v1 deals 2026-03-10T12:00:01Z 1:a,2:b", "v1 - - x:1", "v1 leads 2026-03-10T12:00:01+02:00 a%20b:ff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var cp crm.Checkpoint
		if cp.UnmarshalText([]byte(in)) != nil {
			return
		}
		b, err := cp.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var again crm.Checkpoint
		if err := again.UnmarshalText(b); err != nil {
			t.Fatalf("%q -> %q: %v", in, b, err)
		}
		b2, _ := again.MarshalText()
		if string(b) != string(b2) {
			t.Fatalf("%q -> %q -> %q", in, b, b2)
		}
	})
}
