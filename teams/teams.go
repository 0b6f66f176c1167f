package teams

import (
	"context"
	"fmt"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// Team is a team of the legacy teams API (crm.Team), defined in crm so
// that code reading teams need not link the client.
type Team = crm.Team

func usersCall(op ops.Op, id int64, userIDs []int64) (*core.Call, error) {
	for _, u := range userIDs {
		if u <= 0 {
			return nil, &core.ParamsError{Method: op.Method, Path: op.Version.Prefix() + op.Path, Reason: fmt.Sprintf("invalid user id %d", u)}
		}
	}
	return &core.Call{Op: op, PathArgs: []any{id}, Body: &usersBody{UserIDs: userIDs}}, nil
}

// AddUsers adds users to the team and returns the ids of its members. It
// refuses an empty list, and ids that are not positive, before sending.
func (s *Service) AddUsers(ctx context.Context, id int64, userIDs ...int64) ([]int64, error) {
	call, err := usersCall(ops.V1AddTeamUser, id, userIDs)
	if err != nil {
		return nil, err
	}
	v, err := core.Fetch[[]int64](ctx, s.c(), call)
	if err != nil {
		return nil, err
	}
	return *v, nil
}

// DeleteUsers removes users from the team. It refuses an empty list, and
// ids that are not positive, before sending.
func (s *Service) DeleteUsers(ctx context.Context, id int64, userIDs ...int64) error {
	call, err := usersCall(ops.V1DeleteTeamUser, id, userIDs)
	if err != nil {
		return err
	}
	return core.Exec(ctx, s.c(), call)
}
