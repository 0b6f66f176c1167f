package resource

import (
	"context"
	"iter"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// FollowerOps are a resource's four v2 follower operations.
type FollowerOps struct {
	List, Add, Changelog, Delete ops.Op
}

// Followers serves the followers of one resource's records.
type Followers struct {
	c   *core.Client
	ops *FollowerOps
}

// NewFollowers returns the follower service of one resource for client c.
func NewFollowers(c *core.Client, o *FollowerOps) *Followers {
	return &Followers{c: c, ops: o}
}

// List iterates over the followers of record id.
func (f *Followers) List(ctx context.Context, id int64, p *crm.PageParams) iter.Seq2[*crm.Follower, error] {
	return core.List[crm.Follower](ctx, f.c, &core.Call{Op: f.ops.List, PathArgs: []any{id}, Query: query(p)})
}

// ListPage fetches one page of the followers of record id.
func (f *Followers) ListPage(ctx context.Context, id int64, p *crm.PageParams) (*crm.Page[crm.Follower], error) {
	return core.ListPage[crm.Follower](ctx, f.c, &core.Call{Op: f.ops.List, PathArgs: []any{id}, Query: query(p)})
}

// Add makes user userID follow record id.
func (f *Followers) Add(ctx context.Context, id, userID int64) (*crm.Follower, error) {
	if userID <= 0 {
		return nil, core.Refuse(f.ops.Add, "user id must be positive, not %d", userID)
	}
	body := struct {
		UserID int64 `json:"user_id"`
	}{userID}
	return core.Fetch[crm.Follower](ctx, f.c, &core.Call{Op: f.ops.Add, PathArgs: []any{id}, Body: body})
}

// Delete stops user userID from following record id.
func (f *Followers) Delete(ctx context.Context, id, userID int64) error {
	return core.Exec(ctx, f.c, &core.Call{Op: f.ops.Delete, PathArgs: []any{id, userID}})
}

// Changelog iterates over the follower changes of record id.
func (f *Followers) Changelog(ctx context.Context, id int64, p *crm.PageParams) iter.Seq2[*crm.FollowerChange, error] {
	return core.List[crm.FollowerChange](ctx, f.c, &core.Call{Op: f.ops.Changelog, PathArgs: []any{id}, Query: query(p)})
}

// ChangelogPage fetches one page of the follower changes of record id.
func (f *Followers) ChangelogPage(ctx context.Context, id int64, p *crm.PageParams) (*crm.Page[crm.FollowerChange], error) {
	return core.ListPage[crm.FollowerChange](ctx, f.c, &core.Call{Op: f.ops.Changelog, PathArgs: []any{id}, Query: query(p)})
}
