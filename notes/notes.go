package notes

import (
	"context"

	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// Create adds a note and returns it as stored. It refuses, before
// sending, params without Content or without a record to attach the note
// to (the error matches pipedrive.ErrInvalidParams). A POST is never
// re-sent after a lost response (the error matches
// pipedrive.ErrOutcomeUnknown).
func (s *Service) Create(ctx context.Context, params *CreateParams) (*Note, error) {
	call := &core.Call{Op: ops.V1AddNote, Body: params}
	if err := call.CheckParams(); err != nil {
		return nil, err
	}
	if !params.attached() {
		return nil, &core.ParamsError{
			Method: call.Op.Method, Path: call.Op.Version.Prefix() + call.Op.Path,
			Reason: "a note needs one of lead_id, deal_id, person_id, org_id, project_id or task_id",
		}
	}
	return core.Fetch[Note](ctx, s.c(), call)
}
