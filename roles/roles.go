package roles

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// The models, defined in crm so that code reading roles need not link the
// client.
type (
	// Role is a role (crm.Role).
	Role = crm.Role
	// RoleRef is the id a create or an update returns (crm.RoleRef).
	RoleRef = crm.RoleRef
	// Assignment is a user's assignment to a role (crm.RoleAssignment).
	Assignment = crm.RoleAssignment
	// Settings are a role's visibility settings (crm.RoleSettings).
	Settings = crm.RoleSettings
	// SettingKey names a setting (crm.RoleSettingKey).
	SettingKey = crm.RoleSettingKey
	// SettingChange is what UpdateSetting returns (crm.RoleSettingChange).
	SettingChange = crm.RoleSettingChange
	// Pipelines are the pipelines a role sees or not (crm.RolePipelines).
	Pipelines = crm.RolePipelines
)

// The settings UpdateSetting changes.
const (
	DealDefaultVisibility    = crm.RoleDealDefaultVisibility
	LeadDefaultVisibility    = crm.RoleLeadDefaultVisibility
	OrgDefaultVisibility     = crm.RoleOrgDefaultVisibility
	PersonDefaultVisibility  = crm.RolePersonDefaultVisibility
	ProductDefaultVisibility = crm.RoleProductDefaultVisibility
)

// Get fetches the role with the given id, with its settings
// (Role.Settings), which Pipedrive sends beside it.
func (s *Service) Get(ctx context.Context, id int64) (*Role, error) {
	call := &core.Call{Op: ops.V1GetRole, PathArgs: []any{id}}
	r, meta, err := core.FetchMeta[Role](ctx, s.c(), call)
	if err != nil {
		return nil, err
	}
	if len(meta.AdditionalData) > 0 {
		var extra struct {
			Settings *Settings `json:"settings"`
		}
		if err := json.Unmarshal(meta.AdditionalData, &extra); err != nil {
			return nil, &core.DecodeError{StatusCode: meta.StatusCode, Method: call.Op.Method,
				Path: call.Op.Version.Prefix() + fmt.Sprintf("/roles/%d", id), Err: fmt.Errorf("additional_data.settings: %w", err)}
		}
		r.Settings = extra.Settings
	}
	return r, nil
}

// AddAssignment assigns the user to the role (moving them from the role
// they held).
func (s *Service) AddAssignment(ctx context.Context, id, userID int64) (*Assignment, error) {
	op := ops.V1AddRoleAssignment
	if userID <= 0 {
		return nil, &core.ParamsError{Method: op.Method, Path: op.Version.Prefix() + op.Path, Reason: fmt.Sprintf("invalid user id %d", userID)}
	}
	return core.Fetch[Assignment](ctx, s.c(), &core.Call{Op: op, PathArgs: []any{id}, Body: &assignmentBody{UserID: userID}})
}

// DeleteAssignment removes the user from the role; Pipedrive moves them
// to the default role.
func (s *Service) DeleteAssignment(ctx context.Context, id, userID int64) error {
	op := ops.V1DeleteRoleAssignment
	if userID <= 0 {
		return &core.ParamsError{Method: op.Method, Path: op.Version.Prefix() + op.Path, Reason: fmt.Sprintf("invalid user id %d", userID)}
	}
	return core.Exec(ctx, s.c(), &core.Call{Op: op, PathArgs: []any{id}, Body: &assignmentBody{UserID: userID}})
}

// UpdatePipelines shows pipelines to the role and hides others from it,
// and returns the pipelines it now sees. It refuses params without any id,
// or with ids that are not positive, before sending.
func (s *Service) UpdatePipelines(ctx context.Context, id int64, params *PipelinesUpdateParams) (*Pipelines, error) {
	op := ops.V1UpdateRolePipelines
	refuse := func(reason string) error {
		return &core.ParamsError{Method: op.Method, Path: op.Version.Prefix() + op.Path, Reason: reason}
	}
	if params != nil {
		if len(params.Show) == 0 && len(params.Hide) == 0 {
			return nil, refuse("no pipeline to show or hide")
		}
		for _, ids := range [][]int64{params.Show, params.Hide} {
			for _, p := range ids {
				if p <= 0 {
					return nil, refuse(fmt.Sprintf("invalid pipeline id %d", p))
				}
			}
		}
	}
	return core.Fetch[Pipelines](ctx, s.c(), &core.Call{Op: op, PathArgs: []any{id}, Body: params})
}
