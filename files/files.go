package files

import (
	"context"

	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// Update changes the name or description of the file with the given id
// and returns its details as stored. Pipedrive takes the change as a
// form-encoded body.
func (s *Service) Update(ctx context.Context, id int64, params *UpdateParams) (*File, error) {
	return core.Fetch[File](ctx, s.c(), &core.Call{Op: ops.V1UpdateFile, PathArgs: []any{id}, Form: params})
}

// CreateRemote creates an empty Google Drive document (a document,
// spreadsheet, slides, form or drawing) linked to a deal, person or
// organization, and returns its details. Google Drive must be connected
// to the user's Pipedrive account. A POST is never re-sent after a lost
// response (the error matches pipedrive.ErrOutcomeUnknown).
func (s *Service) CreateRemote(ctx context.Context, params *RemoteParams) (*File, error) {
	if params != nil && params.RemoteLocation == "" {
		p := *params
		p.RemoteLocation = RemoteGoogleDrive
		params = &p
	}
	return core.Fetch[File](ctx, s.c(), &core.Call{Op: ops.V1AddFileAndLinkIt, Form: params})
}

// LinkRemote links an existing Google Drive file to a deal, person or
// organization, and returns its details as a Pipedrive file. A POST is
// never re-sent after a lost response (the error matches
// pipedrive.ErrOutcomeUnknown).
func (s *Service) LinkRemote(ctx context.Context, params *RemoteLinkParams) (*File, error) {
	if params != nil && params.RemoteLocation == "" {
		p := *params
		p.RemoteLocation = RemoteGoogleDrive
		params = &p
	}
	return core.Fetch[File](ctx, s.c(), &core.Call{Op: ops.V1LinkFileToItem, Form: params})
}
