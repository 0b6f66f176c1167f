package resource

import (
	"context"
	"iter"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// HistoryOps are a resource's v1 operations about what happened to a
// record: its changelog, files, updates flow, mail messages and permitted
// users. These have no v2 twin.
type HistoryOps struct {
	Changelog, Files, Flow, MailMessages, PermittedUsers ops.Op
}

// History serves the v1 history lists of one resource's records.
type History struct {
	c   *core.Client
	ops *HistoryOps
}

// NewHistory returns the history service of one resource for client c.
func NewHistory(c *core.Client, o *HistoryOps) *History {
	return &History{c: c, ops: o}
}

func (h *History) call(op ops.Op, id int64, q any) *core.Call {
	return &core.Call{Op: op, PathArgs: []any{id}, Query: q}
}

// Changelog iterates over the field changes of record id, newest first.
func (h *History) Changelog(ctx context.Context, id int64, p *crm.PageParams) iter.Seq2[*crm.ChangelogEntry, error] {
	return core.List[crm.ChangelogEntry](ctx, h.c, h.call(h.ops.Changelog, id, query(p)))
}

// ChangelogPage fetches one page of the field changes of record id.
func (h *History) ChangelogPage(ctx context.Context, id int64, p *crm.PageParams) (*crm.Page[crm.ChangelogEntry], error) {
	return core.ListPage[crm.ChangelogEntry](ctx, h.c, h.call(h.ops.Changelog, id, query(p)))
}

// Files iterates over the files attached to record id.
func (h *History) Files(ctx context.Context, id int64, p *crm.FilesParams) iter.Seq2[*crm.File, error] {
	return core.List[crm.File](ctx, h.c, h.call(h.ops.Files, id, query(p)))
}

// FilesPage fetches one page of the files attached to record id.
func (h *History) FilesPage(ctx context.Context, id int64, p *crm.FilesParams) (*crm.Page[crm.File], error) {
	return core.ListPage[crm.File](ctx, h.c, h.call(h.ops.Files, id, query(p)))
}

// Flow iterates over the updates flow of record id, newest first.
func (h *History) Flow(ctx context.Context, id int64, p *crm.FlowParams) iter.Seq2[*crm.FlowItem, error] {
	return core.List[crm.FlowItem](ctx, h.c, h.call(h.ops.Flow, id, query(p)))
}

// FlowPage fetches one page of the updates flow of record id.
func (h *History) FlowPage(ctx context.Context, id int64, p *crm.FlowParams) (*crm.Page[crm.FlowItem], error) {
	return core.ListPage[crm.FlowItem](ctx, h.c, h.call(h.ops.Flow, id, query(p)))
}

// MailMessages iterates over the mail messages linked to record id.
func (h *History) MailMessages(ctx context.Context, id int64, p *crm.MailMessagesParams) iter.Seq2[*crm.MailMessageItem, error] {
	return core.List[crm.MailMessageItem](ctx, h.c, h.call(h.ops.MailMessages, id, query(p)))
}

// MailMessagesPage fetches one page of the mail messages linked to record
// id.
func (h *History) MailMessagesPage(ctx context.Context, id int64, p *crm.MailMessagesParams) (*crm.Page[crm.MailMessageItem], error) {
	return core.ListPage[crm.MailMessageItem](ctx, h.c, h.call(h.ops.MailMessages, id, query(p)))
}

// PermittedUsers returns the ids of the users allowed to see record id.
func (h *History) PermittedUsers(ctx context.Context, id int64) ([]int64, error) {
	ids, err := core.Fetch[[]int64](ctx, h.c, h.call(h.ops.PermittedUsers, id, nil))
	if err != nil {
		return nil, err
	}
	return *ids, nil
}
