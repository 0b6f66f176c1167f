package leads

import (
	"context"

	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// Create adds a lead and returns it as stored. The lead must be linked to
// a person or an organization (params.PersonID or OrganizationID): a lead
// with neither is refused before sending. Custom fields given by name are
// resolved against the deal field definitions first (one fetch per
// client, then cached); params is not modified.
func (s *Service) Create(ctx context.Context, params *CreateParams) (*Lead, error) {
	op := ops.V1AddLead
	if params != nil && params.PersonID <= 0 && params.OrganizationID <= 0 {
		return nil, &core.ParamsError{Method: op.Method, Path: op.Version.Prefix() + op.Path,
			Reason: "a lead needs a person_id or an organization_id"}
	}
	call := &core.Call{Op: op, Body: params}
	if err := s.fields().Prepare(ctx, call); err != nil {
		return nil, err
	}
	return core.Fetch[Lead](ctx, s.c(), call)
}
