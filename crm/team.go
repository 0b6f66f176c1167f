package crm

import (
	"time"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// Team is a team of users of the legacy teams API.
type Team struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// ManagerID is the user who manages the team.
	ManagerID int64 `json:"manager_id"`
	// UserIDs are the team's members; nil when listed with SkipUsers.
	UserIDs []int64   `json:"users"`
	Active  bool      `json:"active_flag"`
	Deleted bool      `json:"deleted_flag"`
	AddTime time.Time `json:"add_time"`
	// CreatedByUserID is the user who created the team.
	CreatedByUserID int64 `json:"created_by_user_id"`
}

// UnmarshalJSON implements json.Unmarshaler: 0/1 flags, v1 timestamps and
// numbers sent as strings.
func (t *Team) UnmarshalJSON(b []byte) error {
	type plain Team
	var aux struct {
		*plain
		ManagerID       jsonx.ID `json:"manager_id"`
		CreatedByUserID jsonx.ID `json:"created_by_user_id"`
		Active          flag     `json:"active_flag"`
		Deleted         flag     `json:"deleted_flag"`
		AddTime         Time     `json:"add_time"`
	}
	*t = Team{}
	aux.plain = (*plain)(t)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	t.ManagerID, t.CreatedByUserID = int64(aux.ManagerID), int64(aux.CreatedByUserID)
	t.Active, t.Deleted, t.AddTime = bool(aux.Active), bool(aux.Deleted), aux.AddTime.Time
	return nil
}
