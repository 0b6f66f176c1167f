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
