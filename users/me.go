package users

import (
	"context"

	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// Me returns the user the client's credential acts for, with the company it
// belongs to: whose daily write budget the client spends and which company it
// reaches.
//
// It also tells the client's limiter (ratelimit.Identifier, which
// ratelimit.Limiter is) whom the credential acts for, so that from then on
// every client of that limiter on the credential spends the user's daily
// write budget and the company's token budget, shared with the user's and
// the company's other credentials.
//
// An answer without a user is an error matching pipedrive.ErrNoData, never a
// zero User.
func (s *Service) Me(ctx context.Context) (*User, error) {
	c := s.c()
	me, err := core.Fetch[User](ctx, c, &core.Call{Op: ops.V1GetCurrentUser})
	if err != nil || c == nil {
		return me, err
	}
	if id, ok := c.Limiter().(ratelimit.Identifier); ok && me.ID > 0 && me.CompanyID > 0 {
		id.Identify(c.LimitKey(), ratelimit.UserKey(me.CompanyID, me.ID), ratelimit.CompanyKey(me.CompanyID))
	}
	return me, nil
}
