package deals

import (
	"context"
	"errors"
	"iter"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resource"
)

// Service reaches Pipedrive's deals API: deals, their followers, products,
// discounts, installments and participants, the deal field definitions,
// and custom fields by name. Get one from the root client (client.Deals);
// it is safe for concurrent use.
type Service struct {
	c         *core.Client
	fields    *resource.Fields
	followers *resource.Followers
	history   *resource.History
}

// NewService returns the deals service on the client core c. Users get it
// from pipedrive.NewClient as client.Deals.
func NewService(c *core.Client) *Service {
	return &Service{
		c: c,
		fields: resource.NewFields(c, resource.FieldOps{
			List:          ops.V2GetDealFields,
			Add:           ops.V2AddDealField,
			Get:           ops.V2GetDealField,
			Update:        ops.V2UpdateDealField,
			Delete:        ops.V2DeleteDealField,
			AddOptions:    ops.V2AddDealFieldOptions,
			UpdateOptions: ops.V2UpdateDealFieldOptions,
			DeleteOptions: ops.V2DeleteDealFieldOptions,
		}),
		followers: resource.NewFollowers(c, resource.FollowerOps{
			List:      ops.V2GetDealFollowers,
			Add:       ops.V2AddDealFollower,
			Changelog: ops.V2GetDealFollowersChangelog,
			Delete:    ops.V2DeleteDealFollower,
		}),
		history: resource.NewHistory(c, resource.HistoryOps{
			Changelog:      ops.V1GetDealChangelog,
			Files:          ops.V1GetDealFiles,
			Flow:           ops.V1GetDealUpdates,
			MailMessages:   ops.V1GetDealMailMessages,
			PermittedUsers: ops.V1GetDealUsers,
		}),
	}
}

// query avoids handing the core a typed nil pointer.
func query[P any](p *P) any {
	if p == nil {
		return nil
	}
	return p
}

// List iterates over deals, fetching pages as the loop goes:
//
//	for d, err := range client.Deals.List(ctx, &deals.ListParams{Status: deals.StatusOpen}) {
//		if err != nil { return err }
//		fmt.Println(d.ID, d.Title)
//	}
//
// params may be nil. The cursor in params, if any, is where the list
// starts.
func (s *Service) List(ctx context.Context, params *ListParams) iter.Seq2[*Deal, error] {
	return core.List[Deal](ctx, s.c, &core.Call{Op: ops.V2GetDeals, Query: query(params)})
}

// ListPage fetches one page of deals; pass its NextCursor as the next
// call's params.Cursor.
func (s *Service) ListPage(ctx context.Context, params *ListParams) (*crm.Page[Deal], error) {
	return core.ListPage[Deal](ctx, s.c, &core.Call{Op: ops.V2GetDeals, Query: query(params)})
}

// ListArchived iterates over archived deals.
func (s *Service) ListArchived(ctx context.Context, params *ArchivedListParams) iter.Seq2[*Deal, error] {
	return core.List[Deal](ctx, s.c, &core.Call{Op: ops.V2GetArchivedDeals, Query: query(params)})
}

// ListArchivedPage fetches one page of archived deals.
func (s *Service) ListArchivedPage(ctx context.Context, params *ArchivedListParams) (*crm.Page[Deal], error) {
	return core.ListPage[Deal](ctx, s.c, &core.Call{Op: ops.V2GetArchivedDeals, Query: query(params)})
}

// Get fetches the deal with the given id.
func (s *Service) Get(ctx context.Context, id int64) (*Deal, error) {
	return core.Fetch[Deal](ctx, s.c, &core.Call{Op: ops.V2GetDeal, PathArgs: []any{id}})
}

// GetWith fetches a deal with optional properties, selected custom fields
// or option labels.
func (s *Service) GetWith(ctx context.Context, id int64, params *GetParams) (*Deal, error) {
	return core.Fetch[Deal](ctx, s.c, &core.Call{Op: ops.V2GetDeal, PathArgs: []any{id}, Query: query(params)})
}

// Create creates a deal. Custom fields given by name are resolved first
// (one definitions fetch per client, then cached); params is not modified.
func (s *Service) Create(ctx context.Context, params *CreateParams) (*Deal, error) {
	if params == nil || params.Title == "" {
		return nil, errors.New("pipedrive: create deal: a title is required")
	}
	body := *params
	cf, err := s.fields.Resolve(ctx, params.CustomFields, params.CustomFieldsByName)
	if err != nil {
		return nil, err
	}
	body.CustomFields = cf
	return core.Fetch[Deal](ctx, s.c, &core.Call{Op: ops.V2AddDeal, Body: &body})
}

// Update changes a deal (PATCH: only what params sets is sent). Custom
// fields given by name are resolved first; params is not modified.
func (s *Service) Update(ctx context.Context, id int64, params *UpdateParams) (*Deal, error) {
	if params == nil {
		return nil, errors.New("pipedrive: update deal: nil params")
	}
	body := *params
	call := &core.Call{Op: ops.V2UpdateDeal, PathArgs: []any{id}, Body: &body}
	if err := call.CheckPath(); err != nil {
		return nil, err // before the field definitions are fetched for nothing
	}
	cf, err := s.fields.Resolve(ctx, params.CustomFields, params.CustomFieldsByName)
	if err != nil {
		return nil, err
	}
	body.CustomFields = cf
	return core.Fetch[Deal](ctx, s.c, call)
}

// Delete marks a deal as deleted; Pipedrive removes it for good after 30
// days.
func (s *Service) Delete(ctx context.Context, id int64) error {
	return core.Exec(ctx, s.c, &core.Call{Op: ops.V2DeleteDeal, PathArgs: []any{id}})
}

func searchCall(params *SearchParams) (*core.Call, error) {
	if params == nil || params.Term == "" {
		return nil, errors.New("pipedrive: search deals: a term is required")
	}
	q := searchQuery{SearchParams: params}
	if params.IncludeCCEmail {
		q.Include = "deal.cc_email"
	}
	return &core.Call{Op: ops.V2SearchDeals, Query: q}, nil
}

// Search iterates over the deals matching params.Term, best match first.
// Searches spend Pipedrive's separate search budget.
func (s *Service) Search(ctx context.Context, params *SearchParams) iter.Seq2[*crm.SearchResult[SearchItem], error] {
	call, err := searchCall(params)
	if err != nil {
		return func(yield func(*crm.SearchResult[SearchItem], error) bool) { yield(nil, err) }
	}
	return resource.Search[SearchItem](ctx, s.c, call)
}

// SearchPage fetches one page of search results.
func (s *Service) SearchPage(ctx context.Context, params *SearchParams) (*crm.Page[crm.SearchResult[SearchItem]], error) {
	call, err := searchCall(params)
	if err != nil {
		return nil, err
	}
	return resource.SearchPage[SearchItem](ctx, s.c, call)
}

// Followers iterates over the users following deal id.
func (s *Service) Followers(ctx context.Context, id int64, params *crm.PageParams) iter.Seq2[*crm.Follower, error] {
	return s.followers.List(ctx, id, params)
}

// FollowersPage fetches one page of a deal's followers.
func (s *Service) FollowersPage(ctx context.Context, id int64, params *crm.PageParams) (*crm.Page[crm.Follower], error) {
	return s.followers.ListPage(ctx, id, params)
}

// AddFollower makes user userID follow deal id.
func (s *Service) AddFollower(ctx context.Context, id, userID int64) (*crm.Follower, error) {
	return s.followers.Add(ctx, id, userID)
}

// DeleteFollower stops user userID from following deal id.
func (s *Service) DeleteFollower(ctx context.Context, id, userID int64) error {
	return s.followers.Delete(ctx, id, userID)
}

// FollowersChangelog iterates over who started or stopped following deal
// id, and who made the change.
func (s *Service) FollowersChangelog(ctx context.Context, id int64, params *crm.PageParams) iter.Seq2[*crm.FollowerChange, error] {
	return s.followers.Changelog(ctx, id, params)
}

// FollowersChangelogPage fetches one page of a deal's followers changelog.
func (s *Service) FollowersChangelogPage(ctx context.Context, id int64, params *crm.PageParams) (*crm.Page[crm.FollowerChange], error) {
	return s.followers.ChangelogPage(ctx, id, params)
}
