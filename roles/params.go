package roles

import (
	"encoding/json"

	"github.com/pipedrive-go/pipedrive/crm"
)

// CreateParams is a new role. Name is required.
type CreateParams struct {
	Name string `json:"name" pipedrive:"required"`
	// ParentRoleID puts the role under another; nil makes it a top-level
	// role.
	ParentRoleID *int64 `json:"parent_role_id,omitempty"`
}

// UpdateParams change a role: only what is set is sent.
type UpdateParams struct {
	Name         string `json:"name,omitempty"`
	ParentRoleID *int64 `json:"parent_role_id,omitempty"`
}

// SettingParams set one default visibility setting of a role.
type SettingParams struct {
	// SettingKey is the setting (DealDefaultVisibility, ...).
	SettingKey SettingKey `json:"setting_key" pipedrive:"required"`
	// Value is the visibility level. Which levels a company may use
	// depends on its plan (crm.VisibleToOwner and crm.VisibleToCompany on
	// every plan; the group levels on the top plans).
	Value crm.VisibleTo `json:"value" pipedrive:"required"`
}

// PipelinesParams choose which pipeline ids Pipelines returns.
type PipelinesParams struct {
	// Visible returns the visible pipelines (nil or true, the default) or
	// the hidden ones (false).
	Visible *bool `url:"visible,omitempty"`
}

// PipelinesUpdateParams change which pipelines a role sees. At least one
// of the lists must hold an id.
type PipelinesUpdateParams struct {
	// Show makes these pipelines visible to the role.
	Show []int64
	// Hide hides these pipelines from the role.
	Hide []int64
}

// MarshalJSON implements json.Marshaler in the API's shape:
// {"visible_pipeline_ids": {"add": [...], "remove": [...]}}.
func (p PipelinesUpdateParams) MarshalJSON() ([]byte, error) {
	type changes struct {
		Add    []int64 `json:"add,omitempty"`
		Remove []int64 `json:"remove,omitempty"`
	}
	return json.Marshal(struct {
		VisiblePipelineIDs changes `json:"visible_pipeline_ids"`
	}{changes{p.Show, p.Hide}})
}

// assignmentBody is the body of the assignment operations.
type assignmentBody struct {
	UserID int64 `json:"user_id"`
}
