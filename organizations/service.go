package organizations

import (
	"context"
	"errors"
	"iter"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resource"
)

// Service reaches Pipedrive's organizations API: API v2 for
// organizations, their followers and field definitions, and v1 for what
// has no v2 twin (changelog, files, flow, mail messages, merge, permitted
// users). Reach it as client.Organizations. It is safe for concurrent use.
type Service struct {
	c         *core.Client
	fields    *resource.Fields
	followers *resource.Followers
	history   *resource.History
}

// NewService returns the organizations service on the client core c.
// Users get one from pipedrive.NewClient as client.Organizations.
func NewService(c *core.Client) *Service {
	return &Service{
		c: c,
		fields: resource.NewFields(c, resource.FieldOps{
			List: ops.V2GetOrganizationFields, Add: ops.V2AddOrganizationField, Get: ops.V2GetOrganizationField,
			Update: ops.V2UpdateOrganizationField, Delete: ops.V2DeleteOrganizationField,
			AddOptions: ops.V2AddOrganizationFieldOptions, UpdateOptions: ops.V2UpdateOrganizationFieldOptions,
			DeleteOptions: ops.V2DeleteOrganizationFieldOptions,
		}),
		followers: resource.NewFollowers(c, resource.FollowerOps{
			List: ops.V2GetOrganizationFollowers, Add: ops.V2AddOrganizationFollower,
			Changelog: ops.V2GetOrganizationFollowersChangelog, Delete: ops.V2DeleteOrganizationFollower,
		}),
		history: resource.NewHistory(c, resource.HistoryOps{
			Changelog: ops.V1GetOrganizationChangelog, Files: ops.V1GetOrganizationFiles, Flow: ops.V1GetOrganizationUpdates,
			MailMessages: ops.V1GetOrganizationMailMessages, PermittedUsers: ops.V1GetOrganizationUsers,
		}),
	}
}

var errNilParams = errors.New("pipedrive: organizations: params must not be nil")

// List returns an iterator over the organizations matching params (nil
// lists them all), fetching pages as the loop advances.
func (s *Service) List(ctx context.Context, params *ListParams) iter.Seq2[*Organization, error] {
	return core.List[Organization](ctx, s.c, &core.Call{Op: ops.V2GetOrganizations, Query: orNil(params)})
}

// ListPage returns one page of organizations; pass its NextCursor as the
// next call's params.Cursor.
func (s *Service) ListPage(ctx context.Context, params *ListParams) (*crm.Page[Organization], error) {
	return core.ListPage[Organization](ctx, s.c, &core.Call{Op: ops.V2GetOrganizations, Query: orNil(params)})
}

// Get returns the organization with the given id.
func (s *Service) Get(ctx context.Context, id int64) (*Organization, error) {
	return core.Fetch[Organization](ctx, s.c, &core.Call{Op: ops.V2GetOrganization, PathArgs: []any{id}})
}

// GetWith returns the organization with the given id, with the optional fields,
// custom field selection or option labels params asks for.
func (s *Service) GetWith(ctx context.Context, id int64, params *GetParams) (*Organization, error) {
	return core.Fetch[Organization](ctx, s.c, &core.Call{Op: ops.V2GetOrganization, PathArgs: []any{id}, Query: orNil(params)})
}

// Create adds an organization and returns it as stored. Custom fields
// given by name in params.CustomFieldsByName are resolved first (the
// organization field definitions are fetched once per client and cached);
// params itself is left unchanged.
func (s *Service) Create(ctx context.Context, params *CreateParams) (*Organization, error) {
	if params == nil {
		return nil, errNilParams
	}
	if params.Name == "" {
		return nil, errors.New("pipedrive: organizations: CreateParams.Name is required")
	}
	body := *params
	cf, err := s.fields.Resolve(ctx, params.CustomFields, params.CustomFieldsByName)
	if err != nil {
		return nil, err
	}
	body.CustomFields = cf
	return core.Fetch[Organization](ctx, s.c, &core.Call{Op: ops.V2AddOrganization, Body: &body})
}

// Update changes the fields of an organization that params sets and
// returns the organization as stored. Custom fields may be given by name,
// as for Create.
func (s *Service) Update(ctx context.Context, id int64, params *UpdateParams) (*Organization, error) {
	if params == nil {
		return nil, errNilParams
	}
	body := *params
	call := &core.Call{Op: ops.V2UpdateOrganization, PathArgs: []any{id}, Body: &body}
	if err := call.CheckPath(); err != nil {
		return nil, err // before the field definitions are fetched for nothing
	}
	cf, err := s.fields.Resolve(ctx, params.CustomFields, params.CustomFieldsByName)
	if err != nil {
		return nil, err
	}
	body.CustomFields = cf
	return core.Fetch[Organization](ctx, s.c, call)
}

// Delete marks an organization as deleted; Pipedrive removes it for good
// after 30 days.
func (s *Service) Delete(ctx context.Context, id int64) error {
	return core.Exec(ctx, s.c, &core.Call{Op: ops.V2DeleteOrganization, PathArgs: []any{id}})
}

// Merge merges the organization id into the organization mergeWithID,
// which is kept, and returns the kept organization's id.
func (s *Service) Merge(ctx context.Context, id, mergeWithID int64) (int64, error) {
	if mergeWithID <= 0 || mergeWithID == id {
		return 0, errors.New("pipedrive: organizations: Merge needs the id of another organization to merge with")
	}
	body := struct {
		MergeWithID int64 `json:"merge_with_id"`
	}{mergeWithID}
	res, err := core.Fetch[struct {
		ID int64 `json:"id"`
	}](ctx, s.c, &core.Call{Op: ops.V1MergeOrganizations, PathArgs: []any{id}, Body: body})
	if err != nil {
		return 0, err
	}
	return res.ID, nil
}

// Search returns an iterator over the organizations matching
// params.Term, best matches first. Searches have their own, lower rate
// limit.
func (s *Service) Search(ctx context.Context, params *SearchParams) iter.Seq2[*crm.SearchResult[SearchItem], error] {
	if params == nil || params.Term == "" {
		return func(yield func(*crm.SearchResult[SearchItem], error) bool) { yield(nil, errNoTerm) }
	}
	return resource.Search[SearchItem](ctx, s.c, &core.Call{Op: ops.V2SearchOrganization, Query: params})
}

// SearchPage returns one page of search results; pass its NextCursor as
// the next call's params.Cursor.
func (s *Service) SearchPage(ctx context.Context, params *SearchParams) (*crm.Page[crm.SearchResult[SearchItem]], error) {
	if params == nil || params.Term == "" {
		return nil, errNoTerm
	}
	return resource.SearchPage[SearchItem](ctx, s.c, &core.Call{Op: ops.V2SearchOrganization, Query: params})
}

var errNoTerm = errors.New("pipedrive: organizations: SearchParams.Term is required")

func orNil[T any](p *T) any {
	if p == nil {
		return nil
	}
	return p
}
