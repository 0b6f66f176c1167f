package products

import (
	"context"
	"iter"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resource"
)

// Change is a product that an incremental sync (Changes) delivers.
type Change = crm.Change[Product]

// Changes iterates over the products changed since checkpoint cp, oldest change
// first, and advances cp past each one before yielding it: persist cp
// once the change is applied, and a later run resumes from it. The zero
// crm.Checkpoint starts at the beginning, crm.CheckpointSince at a time;
// a checkpoint of another resource is refused before sending
// (pipedrive.ErrInvalidParams). params may be nil.
//
// No change is missed, and none repeats forever: the checkpoint holds the
// last second read and the products already delivered in it, each in the
// state delivered (Pipedrive's update times have whole seconds), so the
// next run reads that second again and skips exactly those. One that
// changes while the sync runs is delivered in this run or the next; one
// that changes again may be delivered twice, its latest state last. The
// run ends when it has read up to the present.
//
// Pipedrive's product list does not report deletions: a deleted product
// is not delivered (webhooks report deletions).
func (s *Service) Changes(ctx context.Context, cp *crm.Checkpoint, params *crm.ChangesParams) iter.Seq2[*Change, error] {
	return resource.Changes(ctx, s.c(), resource.ChangeOps[Product]{
		Noun: "products", List: ops.V2GetProducts, Query: resource.ByUpdateTimeV2(), Since: true,
		Key: func(r *Product) (string, *time.Time) { return resource.IntID(r.ID), r.UpdateTime },
	}, cp, params)
}
