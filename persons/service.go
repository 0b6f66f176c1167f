package persons

import (
	"context"
	"errors"
	"iter"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resource"
)

// Service reaches Pipedrive's persons API: API v2 for persons, their
// followers, pictures and field definitions, and v1 for what has no v2
// twin (changelog, files, flow, mail messages, merge, permitted users,
// picture upload and deletion, products). Reach it as client.Persons.
// It is safe for concurrent use.
type Service struct {
	c         *core.Client
	fields    *resource.Fields
	followers *resource.Followers
	history   *resource.History
}

// NewService returns the persons service on the client core c. Users get
// one from pipedrive.NewClient as client.Persons.
func NewService(c *core.Client) *Service {
	return &Service{
		c: c,
		fields: resource.NewFields(c, resource.FieldOps{
			List: ops.V2GetPersonFields, Add: ops.V2AddPersonField, Get: ops.V2GetPersonField,
			Update: ops.V2UpdatePersonField, Delete: ops.V2DeletePersonField,
			AddOptions: ops.V2AddPersonFieldOptions, UpdateOptions: ops.V2UpdatePersonFieldOptions,
			DeleteOptions: ops.V2DeletePersonFieldOptions,
		}),
		followers: resource.NewFollowers(c, resource.FollowerOps{
			List: ops.V2GetPersonFollowers, Add: ops.V2AddPersonFollower,
			Changelog: ops.V2GetPersonFollowersChangelog, Delete: ops.V2DeletePersonFollower,
		}),
		history: resource.NewHistory(c, resource.HistoryOps{
			Changelog: ops.V1GetPersonChangelog, Files: ops.V1GetPersonFiles, Flow: ops.V1GetPersonUpdates,
			MailMessages: ops.V1GetPersonMailMessages, PermittedUsers: ops.V1GetPersonUsers,
		}),
	}
}

var errNilParams = errors.New("pipedrive: persons: params must not be nil")

// List returns an iterator over the persons matching params (nil lists
// them all), fetching pages as the loop advances.
func (s *Service) List(ctx context.Context, params *ListParams) iter.Seq2[*Person, error] {
	return core.List[Person](ctx, s.c, &core.Call{Op: ops.V2GetPersons, Query: orNil(params)})
}

// ListPage returns one page of persons; pass its NextCursor as the next
// call's params.Cursor.
func (s *Service) ListPage(ctx context.Context, params *ListParams) (*crm.Page[Person], error) {
	return core.ListPage[Person](ctx, s.c, &core.Call{Op: ops.V2GetPersons, Query: orNil(params)})
}

// Get returns the person with the given id.
func (s *Service) Get(ctx context.Context, id int64) (*Person, error) {
	return core.Fetch[Person](ctx, s.c, &core.Call{Op: ops.V2GetPerson, PathArgs: []any{id}})
}

// GetWith returns the person with the given id, with the optional fields,
// custom field selection or option labels params asks for.
func (s *Service) GetWith(ctx context.Context, id int64, params *GetParams) (*Person, error) {
	return core.Fetch[Person](ctx, s.c, &core.Call{Op: ops.V2GetPerson, PathArgs: []any{id}, Query: orNil(params)})
}

// Create adds a person and returns it as stored. Custom fields given by
// name in params.CustomFieldsByName are resolved first (the person field
// definitions are fetched once per client and cached); params itself is
// left unchanged.
func (s *Service) Create(ctx context.Context, params *CreateParams) (*Person, error) {
	if params == nil {
		return nil, errNilParams
	}
	if params.Name == "" {
		return nil, errors.New("pipedrive: persons: CreateParams.Name is required")
	}
	body := *params
	cf, err := s.fields.Resolve(ctx, params.CustomFields, params.CustomFieldsByName)
	if err != nil {
		return nil, err
	}
	body.CustomFields = cf
	return core.Fetch[Person](ctx, s.c, &core.Call{Op: ops.V2AddPerson, Body: &body})
}

// Update changes the fields of a person that params sets and returns the
// person as stored. Custom fields may be given by name, as for Create.
func (s *Service) Update(ctx context.Context, id int64, params *UpdateParams) (*Person, error) {
	if params == nil {
		return nil, errNilParams
	}
	body := *params
	call := &core.Call{Op: ops.V2UpdatePerson, PathArgs: []any{id}, Body: &body}
	if err := call.CheckPath(); err != nil {
		return nil, err // before the field definitions are fetched for nothing
	}
	cf, err := s.fields.Resolve(ctx, params.CustomFields, params.CustomFieldsByName)
	if err != nil {
		return nil, err
	}
	body.CustomFields = cf
	return core.Fetch[Person](ctx, s.c, call)
}

// Delete marks a person as deleted; Pipedrive removes it for good after
// 30 days.
func (s *Service) Delete(ctx context.Context, id int64) error {
	return core.Exec(ctx, s.c, &core.Call{Op: ops.V2DeletePerson, PathArgs: []any{id}})
}

// Search returns an iterator over the persons matching params.Term, best
// matches first. Searches have their own, lower rate limit.
func (s *Service) Search(ctx context.Context, params *SearchParams) iter.Seq2[*crm.SearchResult[SearchItem], error] {
	call, err := searchCall(params)
	if err != nil {
		return func(yield func(*crm.SearchResult[SearchItem], error) bool) { yield(nil, err) }
	}
	return resource.Search[SearchItem](ctx, s.c, call)
}

// SearchPage returns one page of search results; pass its NextCursor as
// the next call's params.Cursor.
func (s *Service) SearchPage(ctx context.Context, params *SearchParams) (*crm.Page[crm.SearchResult[SearchItem]], error) {
	call, err := searchCall(params)
	if err != nil {
		return nil, err
	}
	return resource.SearchPage[SearchItem](ctx, s.c, call)
}

func searchCall(params *SearchParams) (*core.Call, error) {
	if params == nil || params.Term == "" {
		return nil, errors.New("pipedrive: persons: SearchParams.Term is required")
	}
	q := struct {
		*SearchParams
		Include string `url:"include_fields,omitempty"`
	}{SearchParams: params}
	if params.IncludePicture {
		q.Include = "person.picture"
	}
	return &core.Call{Op: ops.V2SearchPersons, Query: q}, nil
}

// Picture returns the person's profile picture. A person without one
// gives an error matching pipedrive.ErrNotFound.
func (s *Service) Picture(ctx context.Context, id int64) (*Picture, error) {
	return core.Fetch[Picture](ctx, s.c, &core.Call{Op: ops.V2GetPersonPicture, PathArgs: []any{id}})
}

func orNil[T any](p *T) any {
	if p == nil {
		return nil
	}
	return p
}
