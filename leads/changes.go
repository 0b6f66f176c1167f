package leads

import (
	"context"
	"iter"
	"net/url"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resource"
)

// Change is a lead that an incremental sync (Changes) delivers.
type Change = crm.Change[Lead]

// Changes iterates over the leads changed since checkpoint cp, oldest change
// first, and advances cp past each one before yielding it: persist cp
// once the change is applied, and a later run resumes from it. The zero
// crm.Checkpoint starts at the beginning, crm.CheckpointSince at a time;
// a checkpoint of another resource is refused before sending
// (pipedrive.ErrInvalidParams). params may be nil.
//
// No change is missed, and none repeats forever: the checkpoint holds the
// last second read and the leads already delivered in it, each in the
// state delivered (Pipedrive's update times have whole seconds), so the
// next run reads that second again and skips exactly those. One that
// changes while the sync runs is delivered in this run or the next; one
// that changes again may be delivered twice, its latest state last. The
// run ends when it has read up to the present.
//
// The sync reads the leads that are not archived (API v1's lead list): an
// archived lead leaves it, and Pipedrive's archived lead list takes no
// updated_since to follow it by. Nor does the list report deletions: a
// deleted lead is not delivered (webhooks report both).
func (s *Service) Changes(ctx context.Context, cp *crm.Checkpoint, params *crm.ChangesParams) iter.Seq2[*Change, error] {
	return resource.Changes(ctx, s.c(), resource.ChangeOps[Lead]{
		Noun: "leads", List: ops.V1GetLeads, Query: url.Values{"sort": {"update_time"}}, Since: true,
		Key: func(r *Lead) (string, *time.Time) { return r.ID, r.UpdateTime },
	}, cp, params)
}
