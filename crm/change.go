package crm

import (
	"errors"
	"fmt"
	"time"
)

// Change is one changed record that an incremental sync (a service's
// Changes method) delivers, in order of update time.
type Change[T any] struct {
	// Record is the record as the list returned it; for a deletion, its
	// last state.
	Record *T
	// ID is the record's id as text ("42", or a lead's UUID), as the
	// checkpoint holds it.
	ID string
	// UpdateTime is the record's update time to the second: where the
	// checkpoint stands once this change is delivered.
	UpdateTime time.Time
	// Deleted reports a deleted record. Only the resources whose lists
	// report deletions set it (deals; see each Changes method).
	Deleted bool
}

// ErrUnsettled ends a sync that read the same records in a different
// state on every pass over them: records kept changing faster than the
// sync could read them twice alike (see the Changes methods). Nothing is
// lost: the checkpoint stays before them, and a later run reads them
// again.
var ErrUnsettled = errors.New("pipedrive: the records kept changing while the sync read them; try again later")

// MaxChangesLimit is the largest page an incremental sync asks for, and
// its default: the most any list returns at once.
const MaxChangesLimit = 500

// ChangesParams tune an incremental sync. Nil params take the defaults.
type ChangesParams struct {
	// Limit is how many records each request fetches: at most and by
	// default MaxChangesLimit. Every request costs the same, so smaller
	// pages only cost more requests.
	Limit int
}

// Validate refuses a negative Limit or one above MaxChangesLimit.
func (p *ChangesParams) Validate() error {
	if p != nil && (p.Limit < 0 || p.Limit > MaxChangesLimit) {
		return fmt.Errorf("limit %d is outside 1 to %d (0 for the default)", p.Limit, MaxChangesLimit)
	}
	return nil
}
