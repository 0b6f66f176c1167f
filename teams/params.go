package teams

import "encoding/json"

// OrderBy is the field a team list is sorted by.
type OrderBy string

// Team list orders.
const (
	OrderByID        OrderBy = "id"
	OrderByName      OrderBy = "name"
	OrderByManagerID OrderBy = "manager_id"
	OrderByActive    OrderBy = "active_flag"
)

// ListParams sort and shape a team list.
type ListParams struct {
	// OrderBy sorts the teams (by id when empty).
	OrderBy OrderBy `url:"order_by,omitempty"`
	// SkipUsers leaves out the members' ids (Team.UserIDs is nil).
	SkipUsers bool `url:"skip_users,omitempty,int"`
}

// GetParams shape a fetched team.
type GetParams struct {
	// SkipUsers leaves out the members' ids.
	SkipUsers bool `url:"skip_users,omitempty,int"`
}

// CreateParams is a new team. Name and ManagerID are required.
type CreateParams struct {
	Name        string `json:"name" pipedrive:"required"`
	Description string `json:"description,omitempty"`
	// ManagerID is the user who manages the team.
	ManagerID int64 `json:"manager_id" pipedrive:"required"`
	// UserIDs are the team's first members.
	UserIDs []int64 `json:"users,omitempty"`
}

// UpdateParams change a team: only non-nil fields are sent.
type UpdateParams struct {
	Name        *string `json:"name,omitempty"`
	Description *string `json:"description,omitempty"`
	ManagerID   *int64  `json:"manager_id,omitempty"`
	// UserIDs replaces the team's members when non-nil.
	UserIDs []int64 `json:"users,omitempty"`
	// Active activates or deactivates the team; Deleted marks it deleted
	// (sent as 0 or 1).
	Active  *bool `json:"-"`
	Deleted *bool `json:"-"`
}

// MarshalJSON implements json.Marshaler: the flags go as 0 or 1, as the
// API takes them.
func (p UpdateParams) MarshalJSON() ([]byte, error) {
	type plain UpdateParams
	return json.Marshal(struct {
		plain
		Active  *int `json:"active_flag,omitempty"`
		Deleted *int `json:"deleted_flag,omitempty"`
	}{plain(p), bit(p.Active), bit(p.Deleted)})
}

func bit(b *bool) *int {
	if b == nil {
		return nil
	}
	n := 0
	if *b {
		n = 1
	}
	return &n
}

// usersBody is the body of the member operations.
type usersBody struct {
	UserIDs []int64 `json:"users" pipedrive:"required"`
}
