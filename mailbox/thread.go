package mailbox

import (
	"context"

	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// UpdateThread links the mail thread id to a deal or a lead, shares it,
// marks it read or archives it, as params sets, and returns the thread as
// stored. Pipedrive takes the change as a form-encoded body (flags as
// 0/1).
func (s *Service) UpdateThread(ctx context.Context, id int64, params *ThreadUpdateParams) (*Thread, error) {
	return core.Fetch[Thread](ctx, s.c(), &core.Call{Op: ops.V1UpdateMailThreadDetails, PathArgs: []any{id}, Form: params})
}
