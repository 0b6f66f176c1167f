package crm

import (
	"encoding/json"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// ProjectStatus is the state of a project (projects.Status is the same
// type).
type ProjectStatus string

// Project statuses. ProjectStatusDeleted is only a list filter: deleted
// projects are left out of lists unless asked for.
const (
	ProjectStatusOpen      ProjectStatus = "open"
	ProjectStatusCompleted ProjectStatus = "completed"
	ProjectStatusCanceled  ProjectStatus = "canceled"
	ProjectStatusDeleted   ProjectStatus = "deleted"
)

// Project is a project as API v2 represents it: a piece of work on a
// projects board, moving through the board's phases, linked to deals,
// persons and organizations.
//
// It is defined here and aliased as projects.Project, so that code that
// only reads projects does not link the API client.
type Project struct {
	ID          int64         `json:"id"`
	Title       string        `json:"title"`
	Description string        `json:"description"`
	Status      ProjectStatus `json:"status"`
	// BoardID and PhaseID place the project on a projects board.
	BoardID int64 `json:"board_id"`
	PhaseID int64 `json:"phase_id"`
	OwnerID int64 `json:"owner_id"`
	// StartDate and EndDate are the zero Date when not set.
	StartDate Date `json:"start_date"`
	EndDate   Date `json:"end_date"`
	// DealIDs, PersonIDs and OrgIDs are the records the project is linked
	// to.
	DealIDs   []int64 `json:"deal_ids"`
	PersonIDs []int64 `json:"person_ids"`
	OrgIDs    []int64 `json:"org_ids"`
	LabelIDs  []int64 `json:"label_ids"`
	// HealthStatus is the project's health as a number; nil when not set.
	HealthStatus *int `json:"health_status"`

	AddTime          time.Time `json:"add_time"`
	UpdateTime       time.Time `json:"update_time"`
	StatusChangeTime time.Time `json:"status_change_time"`
	// ArchiveTime is nil for a project that is not archived.
	ArchiveTime *time.Time `json:"archive_time"`

	// CustomFields holds the company's custom project fields, keyed by
	// field code. Read them by name with the FieldSet from
	// projects.Service.CustomFields.
	CustomFields CustomFields `json:"custom_fields"`
}

// UnmarshalJSON implements json.Unmarshaler: either timestamp form, and
// numbers sent as strings.
func (p *Project) UnmarshalJSON(b []byte) error {
	type plain Project
	var aux struct {
		*plain
		AddTime          Time `json:"add_time"`
		UpdateTime       Time `json:"update_time"`
		StatusChangeTime Time `json:"status_change_time"`
		ArchiveTime      Time `json:"archive_time"`
	}
	*p = Project{}
	aux.plain = (*plain)(p)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	p.AddTime, p.UpdateTime, p.StatusChangeTime = aux.AddTime.Time, aux.UpdateTime.Time, aux.StatusChangeTime.Time
	p.ArchiveTime = aux.ArchiveTime.Ptr()
	return nil
}

// IsArchived reports whether the project is archived.
func (p *Project) IsArchived() bool { return p.ArchiveTime != nil }

// ProjectChange is one entry of a project's changelog: the values of the
// fields one change set, before and after.
type ProjectChange struct {
	ActorUserID int64     `json:"actor_user_id"`
	Time        time.Time `json:"time"`
	// ChangeSource is where the change came from ("app", "api", ...);
	// ChangeSourceUserAgent the client that made it, when known.
	ChangeSource          *string `json:"change_source"`
	ChangeSourceUserAgent *string `json:"change_source_user_agent"`
	// OldValues and NewValues hold the changed fields' values by field
	// code, as JSON (decode one with json.Unmarshal).
	OldValues map[string]json.RawMessage `json:"old_values"`
	NewValues map[string]json.RawMessage `json:"new_values"`
}

// UnmarshalJSON implements json.Unmarshaler (either timestamp form).
func (c *ProjectChange) UnmarshalJSON(b []byte) error {
	type plain ProjectChange
	var aux struct {
		*plain
		Time Time `json:"time"`
	}
	*c = ProjectChange{}
	aux.plain = (*plain)(c)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	c.Time = aux.Time.Time
	return nil
}

// ProjectPlanItemType is the kind of a project plan item.
type ProjectPlanItemType string

// Project plan item types.
const (
	ProjectPlanTask     ProjectPlanItemType = "task"
	ProjectPlanActivity ProjectPlanItemType = "activity"
)

// ProjectPlanItem places a task or an activity in a project's plan: in a
// phase of the project's board and in one of the project's groups.
type ProjectPlanItem struct {
	// ItemID is the task's or the activity's id, as ItemType says.
	ItemID   int64               `json:"item_id"`
	ItemType ProjectPlanItemType `json:"item_type"`
	PhaseID  int64               `json:"phase_id"`
	// GroupID is 0 for an item in no group.
	GroupID int64 `json:"group_id"`
}

// UnmarshalJSON implements json.Unmarshaler: ids sent as strings are
// accepted.
func (it *ProjectPlanItem) UnmarshalJSON(b []byte) error {
	type plain ProjectPlanItem
	var aux struct {
		*plain
		ItemID  jsonx.ID `json:"item_id"`
		PhaseID jsonx.ID `json:"phase_id"`
		GroupID jsonx.ID `json:"group_id"`
	}
	*it = ProjectPlanItem{}
	aux.plain = (*plain)(it)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	it.ItemID, it.PhaseID, it.GroupID = int64(aux.ItemID), int64(aux.PhaseID), int64(aux.GroupID)
	return nil
}

// ProjectGroup is a group of a project's plan, which gathers tasks and
// activities.
type ProjectGroup struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// OrderNr is the group's position in the plan.
	OrderNr int `json:"order_nr"`
}

// UnmarshalJSON implements json.Unmarshaler: numbers sent as strings are
// accepted.
func (g *ProjectGroup) UnmarshalJSON(b []byte) error {
	type plain ProjectGroup
	*g = ProjectGroup{}
	return jsonx.Unmarshal(b, (*plain)(g))
}
