package notes

import (
	"context"
	"iter"
	"net/url"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resource"
)

// Change is a note that an incremental sync (Changes) delivers.
type Change = crm.Change[Note]

// Changes iterates over the notes changed since checkpoint cp, oldest change
// first, and advances cp past each one before yielding it: persist cp
// once the change is applied, and a later run resumes from it. The zero
// crm.Checkpoint starts at the beginning, crm.CheckpointSince at a time;
// a checkpoint of another resource is refused before sending
// (pipedrive.ErrInvalidParams). params may be nil.
//
// No change is missed, and none repeats forever: the checkpoint holds the
// last second read and the notes already delivered in it, each in the
// state delivered (Pipedrive's update times have whole seconds), so the
// next run reads that second again and skips exactly those. One that
// changes while the sync runs is delivered in this run or the next; one
// that changes again may be delivered twice, its latest state last. The
// run ends when it has read up to the present.
//
// The note list (API v1) does not report deletions: a deleted note is not
// delivered (webhooks report deletions).
func (s *Service) Changes(ctx context.Context, cp *crm.Checkpoint, params *crm.ChangesParams) iter.Seq2[*Change, error] {
	return resource.Changes(ctx, s.c(), resource.ChangeOps[Note]{
		Noun: "notes", List: ops.V1GetNotes, Query: url.Values{"sort": {"update_time"}}, Since: true,
		Key: func(r *Note) (string, *time.Time) { return resource.IntID(r.ID), r.UpdateTime },
	}, cp, params)
}
