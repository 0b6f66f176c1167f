package organizations

import (
	"context"
	"iter"

	"github.com/pipedrive-go/pipedrive/crm"
)

// Followers returns an iterator over the users following the organization.
func (s *Service) Followers(ctx context.Context, id int64, params *crm.PageParams) iter.Seq2[*crm.Follower, error] {
	return s.followers.List(ctx, id, params)
}

// FollowersPage returns one page of the users following the organization.
func (s *Service) FollowersPage(ctx context.Context, id int64, params *crm.PageParams) (*crm.Page[crm.Follower], error) {
	return s.followers.ListPage(ctx, id, params)
}

// AddFollower makes the user userID follow the organization.
func (s *Service) AddFollower(ctx context.Context, id, userID int64) (*crm.Follower, error) {
	return s.followers.Add(ctx, id, userID)
}

// DeleteFollower stops the user userID from following the organization.
func (s *Service) DeleteFollower(ctx context.Context, id, userID int64) error {
	return s.followers.Delete(ctx, id, userID)
}

// FollowersChangelog returns an iterator over the changes to the organization's
// followers: who started or stopped following, and who did it.
func (s *Service) FollowersChangelog(ctx context.Context, id int64, params *crm.PageParams) iter.Seq2[*crm.FollowerChange, error] {
	return s.followers.Changelog(ctx, id, params)
}

// FollowersChangelogPage returns one page of the changes to the organization's
// followers.
func (s *Service) FollowersChangelogPage(ctx context.Context, id int64, params *crm.PageParams) (*crm.Page[crm.FollowerChange], error) {
	return s.followers.ChangelogPage(ctx, id, params)
}

// Changelog returns an iterator over the changes to the organization's field
// values, newest first (API v1).
func (s *Service) Changelog(ctx context.Context, id int64, params *crm.PageParams) iter.Seq2[*crm.ChangelogEntry, error] {
	return s.history.Changelog(ctx, id, params)
}

// ChangelogPage returns one page of the changes to the organization's field
// values (API v1).
func (s *Service) ChangelogPage(ctx context.Context, id int64, params *crm.PageParams) (*crm.Page[crm.ChangelogEntry], error) {
	return s.history.ChangelogPage(ctx, id, params)
}

// Files returns an iterator over the files attached to the organization (API v1).
func (s *Service) Files(ctx context.Context, id int64, params *crm.FilesParams) iter.Seq2[*crm.File, error] {
	return s.history.Files(ctx, id, params)
}

// FilesPage returns one page of the files attached to the organization (API v1).
func (s *Service) FilesPage(ctx context.Context, id int64, params *crm.FilesParams) (*crm.Page[crm.File], error) {
	return s.history.FilesPage(ctx, id, params)
}

// Flow returns an iterator over the organization's updates flow, newest first:
// field changes, notes, activities, files, mail messages (API v1).
func (s *Service) Flow(ctx context.Context, id int64, params *crm.FlowParams) iter.Seq2[*crm.FlowItem, error] {
	return s.history.Flow(ctx, id, params)
}

// FlowPage returns one page of the organization's updates flow (API v1).
func (s *Service) FlowPage(ctx context.Context, id int64, params *crm.FlowParams) (*crm.Page[crm.FlowItem], error) {
	return s.history.FlowPage(ctx, id, params)
}

// MailMessages returns an iterator over the mail messages linked to the
// organization (API v1).
func (s *Service) MailMessages(ctx context.Context, id int64, params *crm.MailMessagesParams) iter.Seq2[*crm.MailMessageItem, error] {
	return s.history.MailMessages(ctx, id, params)
}

// MailMessagesPage returns one page of the mail messages linked to the
// organization (API v1).
func (s *Service) MailMessagesPage(ctx context.Context, id int64, params *crm.MailMessagesParams) (*crm.Page[crm.MailMessageItem], error) {
	return s.history.MailMessagesPage(ctx, id, params)
}

// PermittedUsers returns the ids of the users allowed to see the organization
// (API v1).
func (s *Service) PermittedUsers(ctx context.Context, id int64) ([]int64, error) {
	return s.history.PermittedUsers(ctx, id)
}

// Fields returns an iterator over the organization field definitions, standard
// and custom.
func (s *Service) Fields(ctx context.Context, params *crm.FieldListParams) iter.Seq2[*crm.Field, error] {
	return s.fields.List(ctx, params)
}

// FieldsPage returns one page of organization field definitions.
func (s *Service) FieldsPage(ctx context.Context, params *crm.FieldListParams) (*crm.Page[crm.Field], error) {
	return s.fields.ListPage(ctx, params)
}

// Field returns the definition of the organization field with the given code
// (for custom fields, the 40-character hash).
func (s *Service) Field(ctx context.Context, code string, params *crm.FieldGetParams) (*crm.Field, error) {
	return s.fields.Get(ctx, code, params)
}

// CreateField adds a custom organization field.
func (s *Service) CreateField(ctx context.Context, params *crm.CreateFieldParams) (*crm.Field, error) {
	return s.fields.Create(ctx, params)
}

// UpdateField changes a organization field's name or where it shows.
func (s *Service) UpdateField(ctx context.Context, code string, params *crm.UpdateFieldParams) (*crm.Field, error) {
	return s.fields.Update(ctx, code, params)
}

// DeleteField deletes a custom organization field and returns its last
// definition.
func (s *Service) DeleteField(ctx context.Context, code string) (*crm.Field, error) {
	return s.fields.Delete(ctx, code)
}

// AddFieldOptions adds options, by label, to an enum or set organization field
// and returns the field's options.
func (s *Service) AddFieldOptions(ctx context.Context, code string, labels ...string) ([]crm.FieldOption, error) {
	return s.fields.AddOptions(ctx, code, labels...)
}

// UpdateFieldOptions relabels options of an enum or set organization field and
// returns the field's options.
func (s *Service) UpdateFieldOptions(ctx context.Context, code string, changes ...crm.FieldOptionChange) ([]crm.FieldOption, error) {
	return s.fields.UpdateOptions(ctx, code, changes...)
}

// DeleteFieldOptions deletes options, by id, of an enum or set organization
// field and returns the field's remaining options.
func (s *Service) DeleteFieldOptions(ctx context.Context, code string, ids ...int64) ([]crm.FieldOption, error) {
	return s.fields.DeleteOptions(ctx, code, ids...)
}

// CustomFields returns the organization field definitions, fetched once per
// client and then served from memory, for working with custom fields by
// name:
//
//	defs, err := client.Organizations.CustomFields(ctx)
//	tier, err := defs.Read(org.CustomFields).Text("Tier")
func (s *Service) CustomFields(ctx context.Context) (*crm.FieldSet, error) {
	return s.fields.Set(ctx)
}

// ResolveCustomFields turns values by field name (and option labels)
// into custom fields by code, with the cached organization field definitions.
func (s *Service) ResolveCustomFields(ctx context.Context, values crm.FieldValues) (crm.CustomFields, error) {
	return s.fields.Resolve(ctx, nil, values)
}

// RefreshCustomFields fetches the organization field definitions again (after
// fields were changed outside this client) and caches them.
func (s *Service) RefreshCustomFields(ctx context.Context) (*crm.FieldSet, error) {
	return s.fields.Refresh(ctx)
}
