package crm

import (
	"encoding/json"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// Role is a role of the company's visibility hierarchy: users assigned to
// a role see what its settings and pipeline visibility allow.
type Role struct {
	ID int64 `json:"id"`
	// ParentRoleID is the role above this one, nil for a top-level role.
	ParentRoleID *int64 `json:"parent_role_id"`
	Name         string `json:"name"`
	Active       bool   `json:"active_flag"`
	// AssignmentCount is how many users hold the role.
	AssignmentCount int `json:"assignment_count"`
	// SubRoleCount is how many roles sit directly below this one.
	SubRoleCount int `json:"sub_role_count"`
	// Level is the role's depth in the hierarchy (1 at the top); filled by
	// the list only.
	Level int `json:"level,omitempty"`
	// Settings are the role's default visibility settings; filled by Get
	// only (Pipedrive sends them beside the role).
	Settings *RoleSettings `json:"settings,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler: the counts Pipedrive sends
// as strings ("1"), 0/1 flags.
func (r *Role) UnmarshalJSON(b []byte) error {
	type plain Role
	var aux struct {
		*plain
		ParentRoleID jsonx.ID `json:"parent_role_id"`
		Active       flag     `json:"active_flag"`
	}
	*r = Role{}
	aux.plain = (*plain)(r)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	r.ParentRoleID, r.Active = aux.ParentRoleID.Ptr(), bool(aux.Active)
	return nil
}

// RoleRef is what creating or changing a role returns: the role's id.
// Fetch the role itself with roles.Service.Get.
type RoleRef struct {
	ID int64 `json:"id"`
}

// RoleAssignment is a user's assignment to a role, as the role's
// assignments (roles.Service) and the user's (users.Service) list it.
type RoleAssignment struct {
	UserID int64 `json:"user_id"`
	RoleID int64 `json:"role_id"`
	// ParentRoleID and Name describe the role (not filled when adding).
	ParentRoleID *int64 `json:"parent_role_id"`
	Name         string `json:"name,omitempty"`
	Active       bool   `json:"active_flag"`
	// Type is the kind of assignment, as Pipedrive codes it ("1").
	Type string `json:"type,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler: 0/1 flags, numbers sent as
// strings.
func (a *RoleAssignment) UnmarshalJSON(b []byte) error {
	type plain RoleAssignment
	var aux struct {
		*plain
		UserID       jsonx.ID        `json:"user_id"`
		RoleID       jsonx.ID        `json:"role_id"`
		ParentRoleID jsonx.ID        `json:"parent_role_id"`
		Active       flag            `json:"active_flag"`
		Type         json.RawMessage `json:"type"`
	}
	*a = RoleAssignment{}
	aux.plain = (*plain)(a)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	a.UserID, a.RoleID, a.ParentRoleID = int64(aux.UserID), int64(aux.RoleID), aux.ParentRoleID.Ptr()
	a.Active, a.Type = bool(aux.Active), deref(textOf(aux.Type))
	return nil
}

// RoleSettingKey names a role setting that roles.Service.UpdateSetting
// may change.
type RoleSettingKey string

// The default visibility settings of a role: who can see the deals,
// leads, organizations, persons and products its users create.
const (
	RoleDealDefaultVisibility    RoleSettingKey = "deal_default_visibility"
	RoleLeadDefaultVisibility    RoleSettingKey = "lead_default_visibility"
	RoleOrgDefaultVisibility     RoleSettingKey = "org_default_visibility"
	RolePersonDefaultVisibility  RoleSettingKey = "person_default_visibility"
	RoleProductDefaultVisibility RoleSettingKey = "product_default_visibility"
)

// RoleSettings are a role's visibility settings. Each is nil when
// Pipedrive leaves it out; the access levels are only sent for the
// default role.
type RoleSettings struct {
	DealDefaultVisibility    *VisibleTo `json:"deal_default_visibility,omitempty"`
	LeadDefaultVisibility    *VisibleTo `json:"lead_default_visibility,omitempty"`
	OrgDefaultVisibility     *VisibleTo `json:"org_default_visibility,omitempty"`
	PersonDefaultVisibility  *VisibleTo `json:"person_default_visibility,omitempty"`
	ProductDefaultVisibility *VisibleTo `json:"product_default_visibility,omitempty"`
	DealAccessLevel          *int       `json:"deal_access_level,omitempty"`
	OrgAccessLevel           *int       `json:"org_access_level,omitempty"`
	PersonAccessLevel        *int       `json:"person_access_level,omitempty"`
	ProductAccessLevel       *int       `json:"product_access_level,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler: numbers may be sent as
// strings.
func (s *RoleSettings) UnmarshalJSON(b []byte) error {
	type plain RoleSettings
	var p plain
	if err := jsonx.Unmarshal(b, &p); err != nil {
		return err
	}
	*s = RoleSettings(p)
	return nil
}

// Visibility returns the value of the default visibility setting key,
// and whether it is set.
func (s *RoleSettings) Visibility(key RoleSettingKey) (VisibleTo, bool) {
	if s == nil {
		return 0, false
	}
	var v *VisibleTo
	switch key {
	case RoleDealDefaultVisibility:
		v = s.DealDefaultVisibility
	case RoleLeadDefaultVisibility:
		v = s.LeadDefaultVisibility
	case RoleOrgDefaultVisibility:
		v = s.OrgDefaultVisibility
	case RolePersonDefaultVisibility:
		v = s.PersonDefaultVisibility
	case RoleProductDefaultVisibility:
		v = s.ProductDefaultVisibility
	}
	if v == nil {
		return 0, false
	}
	return *v, true
}

// RoleSettingChange is what changing a role setting returns: the role's
// id and the setting's new value (the one setting changed is set).
type RoleSettingChange struct {
	RoleID int64 `json:"id"`
	RoleSettings
}

// UnmarshalJSON implements json.Unmarshaler.
func (c *RoleSettingChange) UnmarshalJSON(b []byte) error {
	var id struct {
		ID jsonx.ID `json:"id"`
	}
	if err := json.Unmarshal(b, &id); err != nil {
		return err
	}
	var s RoleSettings
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	*c = RoleSettingChange{RoleID: int64(id.ID), RoleSettings: s}
	return nil
}

// RolePipelines are the pipelines a role sees, or those hidden from it.
type RolePipelines struct {
	PipelineIDs []int64 `json:"pipeline_ids"`
	// Visible says whether PipelineIDs are the visible pipelines (true)
	// or the hidden ones.
	Visible bool `json:"visible"`
}

// UnmarshalJSON implements json.Unmarshaler: ids may be sent as strings
// or floats.
func (p *RolePipelines) UnmarshalJSON(b []byte) error {
	var aux struct {
		PipelineIDs []jsonx.ID `json:"pipeline_ids"`
		Visible     flag       `json:"visible"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*p = RolePipelines{Visible: bool(aux.Visible)}
	if aux.PipelineIDs != nil {
		p.PipelineIDs = make([]int64, len(aux.PipelineIDs))
		for i, id := range aux.PipelineIDs {
			p.PipelineIDs[i] = int64(id)
		}
	}
	return nil
}
