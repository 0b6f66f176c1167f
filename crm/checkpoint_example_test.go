package crm_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
)

// A sync job keeps one checkpoint per resource in its saved state, here
// as JSON (a checkpoint is a JSON string). The zero checkpoint syncs from
// the beginning; CheckpointSince starts at a time.
func ExampleCheckpoint() {
	type state struct {
		Deals   crm.Checkpoint `json:"deals"`
		Persons crm.Checkpoint `json:"persons"`
	}
	st := state{Persons: crm.CheckpointSince(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))}
	b, err := json.Marshal(st)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(b))

	var back state
	if err := json.Unmarshal(b, &back); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(back.Deals.IsZero(), back.Persons.Since())
	// Output:
	// {"deals":"","persons":"v1 - 2026-03-01T00:00:00Z"}
	// true 2026-03-01 00:00:00 +0000 UTC
}

// The boundary rule the sync iterators apply to each record they read:
// a state already delivered at the checkpoint's second is skipped, a new
// state within that second is not, and an earlier second is behind.
func ExampleCheckpoint_Observe() {
	var cp crm.Checkpoint
	at := time.Date(2026, 3, 10, 12, 0, 5, 0, time.UTC)
	renewal := crm.Sum([]byte(`{"id":42,"title":"Renewal"}`))
	renamed := crm.Sum([]byte(`{"id":42,"title":"Renewal 2027"}`))

	fmt.Println(cp.Observe("42", at, renewal))                           // new
	fmt.Println(cp.Observe("42", at, renewal))                           // read again when a run re-reads the second
	fmt.Println(cp.Observe("42", at.Add(400*time.Millisecond), renamed)) // changed again within the second
	fmt.Println(cp.Observe("7", at.Add(-time.Second), renewal))          // before the checkpoint's second
	fmt.Println(cp.Since(), cp.Len())
	// Output:
	// true
	// false
	// true
	// false
	// 2026-03-10 12:00:05 +0000 UTC 1
}
