package crm

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// PermissionSetApp is the part of Pipedrive a permission set governs.
type PermissionSetApp string

// Permission set apps.
const (
	PermissionAppSales           PermissionSetApp = "sales"
	PermissionAppProjects        PermissionSetApp = "projects"
	PermissionAppCampaigns       PermissionSetApp = "campaigns"
	PermissionAppGlobal          PermissionSetApp = "global"
	PermissionAppAccountSettings PermissionSetApp = "account_settings"
	PermissionAppPartnership     PermissionSetApp = "partnership"
	PermissionAppNova            PermissionSetApp = "nova"
)

// PermissionSetType is the kind of a permission set.
type PermissionSetType string

// Permission set types.
const (
	PermissionSetAdmin   PermissionSetType = "admin"
	PermissionSetManager PermissionSetType = "manager"
	PermissionSetRegular PermissionSetType = "regular"
	PermissionSetCustom  PermissionSetType = "custom"
)

// PermissionSet is a named set of permissions for one app, assigned to
// users.
type PermissionSet struct {
	// ID is the set's id, a UUID.
	ID          string            `json:"id"`
	Name        string            `json:"name"`
	Description string            `json:"description"`
	App         PermissionSetApp  `json:"app"`
	Type        PermissionSetType `json:"type,omitempty"`
	// AssignmentCount is how many users hold the set.
	AssignmentCount int `json:"assignment_count"`
	// Contents are the permissions the set grants ("can_use_api", ...);
	// filled when one set is fetched.
	Contents []string `json:"contents,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler. Besides the object, it takes
// a list holding one (Pipedrive's documented example of the single-set
// response is a list) and numbers sent as strings.
func (p *PermissionSet) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var list []json.RawMessage
		if err := json.Unmarshal(b, &list); err != nil {
			return err
		}
		if len(list) != 1 {
			return fmt.Errorf("crm: permission set: want one object, got a list of %d", len(list))
		}
		b = list[0]
	}
	type plain PermissionSet
	var v plain
	if err := jsonx.Unmarshal(b, &v); err != nil {
		return err
	}
	*p = PermissionSet(v)
	return nil
}

// PermissionSetAssignment is a user's assignment to a permission set.
type PermissionSetAssignment struct {
	UserID          int64  `json:"user_id"`
	PermissionSetID string `json:"permission_set_id"`
	// Name is the permission set's name.
	Name string `json:"name"`
}

// UnmarshalJSON implements json.Unmarshaler: the user id may be a string.
func (a *PermissionSetAssignment) UnmarshalJSON(b []byte) error {
	type plain PermissionSetAssignment
	var aux struct {
		*plain
		UserID jsonx.ID `json:"user_id"`
	}
	*a = PermissionSetAssignment{}
	aux.plain = (*plain)(a)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	a.UserID = int64(aux.UserID)
	return nil
}
