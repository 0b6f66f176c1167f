package recents

import (
	"context"
	"iter"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// Change is one record added or changed since the time asked for. See
// crm.RecentChange; the types are identical.
type Change = crm.RecentChange

// ItemType is a kind of record the recents list reports.
type ItemType = crm.RecentItemType

// The kinds of record of the recents list.
const (
	ItemActivity     = crm.RecentItemActivity
	ItemActivityType = crm.RecentItemActivityType
	ItemDeal         = crm.RecentItemDeal
	ItemFile         = crm.RecentItemFile
	ItemFilter       = crm.RecentItemFilter
	ItemNote         = crm.RecentItemNote
	ItemPerson       = crm.RecentItemPerson
	ItemOrganization = crm.RecentItemOrganization
	ItemPipeline     = crm.RecentItemPipeline
	ItemProduct      = crm.RecentItemProduct
	ItemStage        = crm.RecentItemStage
	ItemUser         = crm.RecentItemUser
)

// ListParams select the changes List returns. Since is required.
type ListParams struct {
	// Since is the time after which changes are listed. It is sent in
	// UTC, to the second.
	Since time.Time `pipedrive:"required"`
	// Items limits the list to these kinds of record (default: all).
	Items []ItemType
	// Start is the offset of the first change: a previous page's
	// NextStart.
	Start int
	// Limit is the page size (default 100, at most 500).
	Limit int
}

// query is ListParams on the wire.
type query struct {
	Since string     `url:"since_timestamp" pipedrive:"required"`
	Items []ItemType `url:"items,omitempty,comma"`
	Start int        `url:"start,omitempty"`
	Limit int        `url:"limit,omitempty"`
}

func (p *ListParams) query() *query {
	if p == nil {
		return nil
	}
	q := &query{Items: p.Items, Start: p.Start, Limit: p.Limit}
	if !p.Since.IsZero() {
		q.Since = p.Since.UTC().Format(crm.LayoutV1)
	}
	return q
}

func call(params *ListParams) *core.Call {
	return &core.Call{Op: ops.V1GetRecents, Query: params.query()}
}

// List iterates over the records added or changed after params.Since,
// oldest first, fetching pages as the loop goes. Each Change holds its
// record in the v1 shape: decode it with the accessor for its kind
// (Change.Deal, Change.Person, ...) or Change.Decode.
func (s *Service) List(ctx context.Context, params *ListParams) iter.Seq2[*Change, error] {
	return core.List[Change](ctx, s.c(), call(params))
}

// ListPage fetches one page of what List iterates over; pass the page's
// NextStart as params.Start to fetch the next.
func (s *Service) ListPage(ctx context.Context, params *ListParams) (*crm.Page[Change], error) {
	return core.ListPage[Change](ctx, s.c(), call(params))
}
