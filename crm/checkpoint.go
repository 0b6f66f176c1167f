package crm

import (
	"errors"
	"fmt"
	"hash/fnv"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Checkpoint is where an incremental sync of one resource stands: the
// update time (to the second, the precision of Pipedrive's timestamps) of
// the last change it delivered, and the records it delivered at that
// second, each in the state it was delivered in. A sync that resumes from
// it reads that second again, because the API's updated_since is
// inclusive, and skips exactly the states already delivered: a record
// updated again within the same second is delivered again, and nothing
// is delivered twice forever.
//
// The zero Checkpoint starts at the beginning (every record counts as
// changed); CheckpointSince starts at a time. The sync iterators of the
// services (client.Deals.Changes, ...) advance the checkpoint they are
// given past each record before yielding it, so the caller persists it
// once it has applied the record. A Checkpoint encodes as text
// (MarshalText, so also as a JSON string) and decodes back with
// UnmarshalText.
//
// The guarantee is at least once per change: a record that changes while
// a sync runs is delivered by this run or the next, and one that changes
// again may be delivered twice, its latest state last; none is delivered
// again unless it changed again. Where one second holds more records
// than a page, the sync reads that second twice alike before moving past
// it (ErrUnsettled ends a run whose records keep changing there).
//
// A Checkpoint is a value: a copy is a snapshot that later advances of
// the original do not change (copies share storage until one of them
// changes). One Checkpoint must not be advanced by two goroutines at once.
type Checkpoint struct {
	resource string
	since    time.Time
	log      *seenLog
	n        int // the entries of log this checkpoint holds
}

// seenLog holds the states a checkpoint delivered at its second. Copies
// of a Checkpoint share one log, each holding a prefix of its entries; a
// copy appends in place only while its prefix is the whole log, and
// otherwise (or to change an entry) starts a log of its own, so a copy
// never sees another's changes.
type seenLog struct {
	mu      sync.Mutex
	entries []seenState
	index   map[string]int // id -> position in entries
}

type seenState struct {
	id  string
	sum uint64
}

// CheckpointSince returns a checkpoint from which a sync delivers the
// records updated at or after t (truncated to the second).
func CheckpointSince(t time.Time) Checkpoint {
	return Checkpoint{since: second(t)}
}

func second(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Second)
}

// Since returns the second the next sync starts reading at; zero for a
// sync from the beginning.
func (c Checkpoint) Since() time.Time { return c.since }

// Resource names the resource the checkpoint belongs to ("deals"), or ""
// for one no sync has used yet.
func (c Checkpoint) Resource() string { return c.resource }

// Len returns how many records the checkpoint holds at its second.
func (c Checkpoint) Len() int { return c.n }

// IsZero reports whether c is the zero Checkpoint: no resource, no time,
// nothing seen.
func (c Checkpoint) IsZero() bool {
	return c.resource == "" && c.since.IsZero() && c.n == 0
}

// Bind ties a checkpoint to a resource: a checkpoint of no resource yet
// becomes one of resource; one of another resource is an error (its
// time and records mean nothing there). The sync iterators call it before
// their first request.
func (c *Checkpoint) Bind(resource string) error {
	switch {
	case resource == "" || strings.ContainsAny(resource, " \t\n"):
		return fmt.Errorf("crm: %q is not a resource name", resource)
	case c.resource == "":
		c.resource = resource
		return nil
	case c.resource != resource:
		return fmt.Errorf("crm: the checkpoint is one of %s, not of %s", c.resource, resource)
	}
	return nil
}

// Sum is the fingerprint a checkpoint keeps of a record's state: FNV-1a
// (64 bits) of its content, such as its JSON encoding.
func Sum(content []byte) uint64 {
	h := fnv.New64a()
	_, _ = h.Write(content)
	return h.Sum64()
}

// Covers reports whether the checkpoint already accounts for the record
// id in the state updated at updated whose content fingerprints to sum
// (see Sum): its update time is before the checkpoint's second, or at it
// in the same state.
func (c Checkpoint) Covers(id string, updated time.Time, sum uint64) bool {
	t := second(updated)
	switch {
	case t.Before(c.since):
		return true
	case t.After(c.since):
		return false
	}
	got, ok := c.lookup(id)
	return ok && got == sum
}

// Observe is the boundary rule of every sync: it reports whether the
// record id in the state updated at updated, fingerprinted sum, is a
// change the checkpoint does not cover yet, and if so advances the
// checkpoint past it. A later second moves the checkpoint there, holding
// only this record; the checkpoint's own second adds the record (or its
// new state) to those it holds. Records must be observed in order of
// update time: one before the checkpoint's second is covered.
func (c *Checkpoint) Observe(id string, updated time.Time, sum uint64) bool {
	if c.Covers(id, updated, sum) {
		return false
	}
	t := second(updated)
	if t.After(c.since) {
		c.since = t
		c.log = &seenLog{entries: []seenState{{id, sum}}, index: map[string]int{id: 0}}
		c.n = 1
		return true
	}
	c.set(id, sum)
	return true
}

func (c Checkpoint) lookup(id string) (uint64, bool) {
	if c.log == nil {
		return 0, false
	}
	c.log.mu.Lock()
	defer c.log.mu.Unlock()
	i, ok := c.log.index[id]
	if !ok || i >= c.n {
		return 0, false
	}
	return c.log.entries[i].sum, true
}

// set records id's state sum at the checkpoint's second.
func (c *Checkpoint) set(id string, sum uint64) {
	if c.log == nil {
		c.log = &seenLog{index: map[string]int{}}
		c.n = 0
	}
	l := c.log
	l.mu.Lock()
	i, known := l.index[id]
	if !known && len(l.entries) == c.n {
		// This checkpoint holds the whole log: append in place.
		l.entries = append(l.entries, seenState{id, sum})
		l.index[id] = c.n
		c.n++
		l.mu.Unlock()
		return
	}
	own := &seenLog{entries: make([]seenState, c.n, c.n+1), index: make(map[string]int, c.n+1)}
	copy(own.entries, l.entries[:c.n])
	l.mu.Unlock()
	for j, e := range own.entries {
		own.index[e.id] = j
	}
	if known && i < c.n {
		own.entries[i].sum = sum
	} else {
		own.index[id] = len(own.entries)
		own.entries = append(own.entries, seenState{id, sum})
	}
	c.log, c.n = own, len(own.entries)
}

func (c Checkpoint) states() []seenState {
	if c.log == nil || c.n == 0 {
		return nil
	}
	c.log.mu.Lock()
	defer c.log.mu.Unlock()
	return append([]seenState(nil), c.log.entries[:c.n]...)
}

// checkpointVersion starts a checkpoint's text form.
const checkpointVersion = "v1"

// MarshalText encodes the checkpoint as one line of text: "v1", the
// resource, the second (RFC 3339), and the records held at it as
// id:fingerprint pairs, separated by spaces. The zero Checkpoint encodes
// as the empty text.
func (c Checkpoint) MarshalText() ([]byte, error) {
	if c.IsZero() {
		return []byte{}, nil
	}
	var sb strings.Builder
	sb.WriteString(checkpointVersion)
	sb.WriteByte(' ')
	if c.resource == "" {
		sb.WriteByte('-')
	} else {
		sb.WriteString(c.resource)
	}
	sb.WriteByte(' ')
	if c.since.IsZero() {
		sb.WriteByte('-')
	} else {
		sb.WriteString(c.since.Format(time.RFC3339))
	}
	for i, s := range c.states() {
		if i == 0 {
			sb.WriteByte(' ')
		} else {
			sb.WriteByte(',')
		}
		sb.WriteString(url.QueryEscape(s.id))
		sb.WriteByte(':')
		sb.WriteString(strconv.FormatUint(s.sum, 16))
	}
	return []byte(sb.String()), nil
}

// errCheckpointText is wrapped by every error of UnmarshalText.
var errCheckpointText = errors.New("crm: not a checkpoint")

// UnmarshalText decodes what MarshalText encoded; the empty text is the
// zero Checkpoint. On error c is left unchanged.
func (c *Checkpoint) UnmarshalText(text []byte) error {
	s := strings.TrimSpace(string(text))
	if s == "" {
		*c = Checkpoint{}
		return nil
	}
	parts := strings.Split(s, " ")
	if len(parts) < 3 || len(parts) > 4 {
		return fmt.Errorf("%w: %q", errCheckpointText, truncate(s))
	}
	if parts[0] != checkpointVersion {
		return fmt.Errorf("%w: unknown version %q", errCheckpointText, truncate(parts[0]))
	}
	var out Checkpoint
	if parts[1] != "-" {
		out.resource = parts[1]
	}
	if parts[2] != "-" {
		t, err := time.Parse(time.RFC3339, parts[2])
		if err != nil {
			return fmt.Errorf("%w: time %q: %w", errCheckpointText, truncate(parts[2]), err)
		}
		out.since = second(t)
	}
	if len(parts) == 4 {
		for _, pair := range strings.Split(parts[3], ",") {
			esc, hex, ok := strings.Cut(pair, ":")
			id, err := url.QueryUnescape(esc)
			if !ok || err != nil || id == "" {
				return fmt.Errorf("%w: record %q", errCheckpointText, truncate(pair))
			}
			sum, err := strconv.ParseUint(hex, 16, 64)
			if err != nil {
				return fmt.Errorf("%w: fingerprint %q", errCheckpointText, truncate(hex))
			}
			if _, dup := out.lookup(id); dup {
				return fmt.Errorf("%w: record %q twice", errCheckpointText, truncate(id))
			}
			out.set(id, sum)
		}
	}
	*c = out
	return nil
}

// String describes the checkpoint for logs: its resource, second and how
// many records it holds there.
func (c Checkpoint) String() string {
	if c.IsZero() {
		return "checkpoint at the beginning"
	}
	res, at := c.resource, "the beginning"
	if res == "" {
		res = "unbound"
	}
	if !c.since.IsZero() {
		at = c.since.Format(time.RFC3339)
	}
	return fmt.Sprintf("%s checkpoint at %s (%d seen there)", res, at, c.n)
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}
