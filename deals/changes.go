package deals

import (
	"context"
	"iter"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resource"
)

// Change is a deal that an incremental sync (Changes, ArchivedChanges)
// delivers: the deal as listed, and whether it was deleted.
type Change = crm.Change[Deal]

// changeOps syncs the deal list op (the deals, or the archived ones) by
// update time, every status listed so that deletions are delivered.
func changeOps(noun string, op ops.Op) resource.ChangeOps[Deal] {
	q := resource.ByUpdateTimeV2()
	q.Set("status", "open,won,lost,deleted")
	return resource.ChangeOps[Deal]{
		Noun: noun, List: op, Query: q, Since: true,
		Key: func(d *Deal) (string, *time.Time) { return resource.IDKey(d.ID), d.UpdateTime },
		Deleted: func(d *Deal) bool {
			return d.IsDeleted || d.Status == StatusDeleted
		},
	}
}

// Changes iterates over the deals (not archived) changed since checkpoint
// cp, oldest change first, deleted deals included (Change.Deleted), and
// advances cp past each one before yielding it: persist cp once the deal
// is applied, and a later run resumes from it. The zero crm.Checkpoint
// starts at the beginning, crm.CheckpointSince at a time; a checkpoint of
// another resource is refused before sending (pipedrive.ErrInvalidParams).
// params may be nil.
//
// No change is missed, and none repeats forever: the checkpoint holds the
// last second read and the deals already delivered in it (Pipedrive's
// update times have whole seconds), so the next run reads that second
// again and skips exactly those, in the state delivered. A deal that
// changes while the sync runs is delivered in this run or the next; one
// that changes again may be delivered twice, its latest state last. The
// run ends when it has read up to the present.
//
// When one second holds more deals than a page, the sync reads that
// second twice alike before it moves past it, so that a deal changing
// meanwhile cannot shift another out of its pages; if they keep changing,
// the run ends with crm.ErrUnsettled, the checkpoint still before them.
//
// Pipedrive lists deleted deals for 30 days after their deletion: a sync
// that resumes from an older checkpoint may miss deletions. A deal that is
// archived leaves this list; ArchivedChanges follows archived deals, with
// a checkpoint of its own.
func (s *Service) Changes(ctx context.Context, cp *crm.Checkpoint, params *crm.ChangesParams) iter.Seq2[*Change, error] {
	return resource.Changes(ctx, s.c(), changeOps("deals", ops.V2GetDeals), cp, params)
}

// ArchivedChanges is Changes for the archived deals: it iterates over
// the archived deals changed since checkpoint cp (one of archived deals,
// not of Changes), deleted ones included, oldest change first, advancing
// cp past each one. A deal that is archived arrives here; one taken out of
// the archive arrives in Changes. params may be nil.
func (s *Service) ArchivedChanges(ctx context.Context, cp *crm.Checkpoint, params *crm.ChangesParams) iter.Seq2[*Change, error] {
	return resource.Changes(ctx, s.c(), changeOps("archived_deals", ops.V2GetArchivedDeals), cp, params)
}
