package pipelines

import (
	"context"
	"iter"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resource"
)

// Change is a pipeline that an incremental sync (Changes) delivers.
type Change = crm.Change[Pipeline]

// StageChange is a stage that an incremental sync (StageChanges)
// delivers.
type StageChange = crm.Change[Stage]

// Changes iterates over the pipelines changed since checkpoint cp, oldest
// change first, and advances cp past each one before yielding it: persist
// cp once the change is applied, and a later run resumes from it. The
// zero crm.Checkpoint starts at the beginning, crm.CheckpointSince at a
// time; a checkpoint of another resource is refused before sending
// (pipedrive.ErrInvalidParams). params may be nil.
//
// The pipeline list takes no updated_since, so every run reads the whole
// list (a company has few pipelines: usually one request) and delivers
// what cp does not cover; a list of several pages is read twice alike
// before anything is delivered, so that a pipeline deleted meanwhile
// cannot hide another. Deletions are not reported: a deleted pipeline is
// not delivered.
func (s *Service) Changes(ctx context.Context, cp *crm.Checkpoint, params *crm.ChangesParams) iter.Seq2[*Change, error] {
	return resource.Changes(ctx, s.c(), resource.ChangeOps[Pipeline]{
		Noun: "pipelines", List: ops.V2GetPipelines, Query: resource.ByIDV2(),
		Key: func(p *Pipeline) (string, *time.Time) { return resource.IntID(p.ID), p.UpdateTime },
	}, cp, params)
}

// StageChanges is Changes for the stages of every pipeline: it iterates
// over the stages changed since checkpoint cp (one of stages, not of
// pipelines), oldest change first, advancing cp past each one. Like the
// pipeline list, the stage list takes no updated_since: every run reads it
// whole. Deletions are not reported. params may be nil.
func (s *Service) StageChanges(ctx context.Context, cp *crm.Checkpoint, params *crm.ChangesParams) iter.Seq2[*StageChange, error] {
	return resource.Changes(ctx, s.c(), resource.ChangeOps[Stage]{
		Noun: "stages", List: ops.V2GetStages, Query: resource.ByIDV2(),
		Key: func(st *Stage) (string, *time.Time) { return resource.IntID(st.ID), st.UpdateTime },
	}, cp, params)
}
