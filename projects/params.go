package projects

import (
	"encoding/json"
	"strconv"

	"github.com/pipedrive-go/pipedrive/crm"
)

// ListParams filter and page List. The zero value lists every project
// that is not archived or deleted.
type ListParams struct {
	// FilterID applies a saved filter.
	FilterID int64 `url:"filter_id,omitempty"`
	// Status keeps projects in these states; deleted projects are only
	// listed when StatusDeleted is among them.
	Status  []Status `url:"status,omitempty,comma"`
	PhaseID int64    `url:"phase_id,omitempty"`
	// DealID, PersonID and OrgID keep the projects linked to that record.
	DealID   int64 `url:"deal_id,omitempty"`
	PersonID int64 `url:"person_id,omitempty"`
	OrgID    int64 `url:"org_id,omitempty"`
	// Limit is the page size (default 100, at most 500).
	Limit int `url:"limit,omitempty"`
	// Cursor continues a list from a previous page's NextCursor.
	Cursor string `url:"cursor,omitempty"`
}

// ArchivedListParams filter and page ListArchived.
type ArchivedListParams struct {
	FilterID int64    `url:"filter_id,omitempty"`
	Status   []Status `url:"status,omitempty,comma"`
	PhaseID  int64    `url:"phase_id,omitempty"`
	Limit    int      `url:"limit,omitempty"`
	Cursor   string   `url:"cursor,omitempty"`
}

// CreateParams is a new project. Title is required; nil pointers and
// empty values are not sent, so Pipedrive's defaults apply.
type CreateParams struct {
	Title       string `json:"title" pipedrive:"required"`
	Description string `json:"description,omitempty"`
	Status      Status `json:"status,omitempty"`
	// BoardID and PhaseID place the project on a board.
	BoardID *int64 `json:"board_id,omitempty"`
	PhaseID *int64 `json:"phase_id,omitempty"`
	OwnerID *int64 `json:"owner_id,omitempty"`
	// StartDate and EndDate are sent when not zero.
	StartDate crm.Date `json:"start_date,omitzero"`
	EndDate   crm.Date `json:"end_date,omitzero"`
	// DealIDs, PersonIDs and OrgIDs link the project to those records.
	DealIDs      []int64 `json:"deal_ids,omitempty"`
	PersonIDs    []int64 `json:"person_ids,omitempty"`
	OrgIDs       []int64 `json:"org_ids,omitempty"`
	LabelIDs     []int64 `json:"label_ids,omitempty"`
	HealthStatus *int    `json:"health_status,omitempty"`
	// TemplateID creates the project from a template (see Templates).
	TemplateID *int64 `json:"template_id,omitempty"`
	// CustomFields sets custom field values by field code.
	CustomFields crm.CustomFields `json:"custom_fields,omitempty"`
	// CustomFieldsByName sets custom field values by field name (and
	// option labels), e.g. {"Category": "Internal"}; see crm.FieldValues.
	// Create resolves them against the cached project field definitions;
	// they win over CustomFields for the same field.
	CustomFieldsByName crm.FieldValues `json:"-"`
}

// UpdateParams change a project (PATCH): only non-nil pointers, non-empty
// values and non-nil slices are sent; a non-nil empty slice clears the
// list (LabelIDs: []int64{} removes every label).
type UpdateParams struct {
	Title       *string `json:"title,omitempty"`
	Description *string `json:"description,omitempty"`
	Status      Status  `json:"status,omitempty"`
	BoardID     *int64  `json:"board_id,omitempty"`
	PhaseID     *int64  `json:"phase_id,omitempty"`
	OwnerID     *int64  `json:"owner_id,omitempty"`
	// StartDate and EndDate are sent when non-nil; a pointer to the zero
	// Date sends null, which clears the date.
	StartDate    *crm.Date `json:"start_date,omitempty"`
	EndDate      *crm.Date `json:"end_date,omitempty"`
	DealIDs      []int64   `json:"deal_ids,omitzero"`
	PersonIDs    []int64   `json:"person_ids,omitzero"`
	OrgIDs       []int64   `json:"org_ids,omitzero"`
	LabelIDs     []int64   `json:"label_ids,omitzero"`
	HealthStatus *int      `json:"health_status,omitempty"`
	// CustomFields sets custom field values by field code; a null value
	// (CustomFields.Clear) empties a field. Clear a set (multi-option)
	// field with null: Pipedrive refuses an empty array.
	CustomFields crm.CustomFields `json:"custom_fields,omitempty"`
	// CustomFieldsByName sets custom field values by field name, as for
	// CreateParams; a nil value empties the field.
	CustomFieldsByName crm.FieldValues `json:"-"`
}

// SearchField is a project field a search can look in.
type SearchField string

// Searchable project fields.
const (
	SearchTitle        SearchField = "title"
	SearchDescription  SearchField = "description"
	SearchNotes        SearchField = "notes"
	SearchCustomFields SearchField = "custom_fields"
)

// SearchParams describe a project search. Term is required: at least 2
// characters, or 1 with ExactMatch.
type SearchParams struct {
	Term string `url:"term" pipedrive:"required"`
	// Fields limits the search to these fields (default: all).
	Fields []SearchField `url:"fields,omitempty,comma"`
	// ExactMatch returns only full, case-insensitive matches.
	ExactMatch bool `url:"exact_match,omitempty"`
	// PersonID and OrgID keep projects linked to that person or
	// organization.
	PersonID int64  `url:"person_id,omitempty"`
	OrgID    int64  `url:"organization_id,omitempty"`
	Limit    int    `url:"limit,omitempty"`
	Cursor   string `url:"cursor,omitempty"`
}

// PlanParams move a task or an activity within a project's plan: to
// another phase, another group, or both.
type PlanParams struct {
	PhaseID *int64 `json:"phase_id,omitempty"`
	GroupID *int64 `json:"group_id,omitempty"`
}

// BoardParams is a new projects board. Name is required.
type BoardParams struct {
	Name string `json:"name" pipedrive:"required"`
	// OrderNr is the board's position among the boards.
	OrderNr *int `json:"order_nr,omitempty"`
}

// BoardUpdateParams change a projects board; nil members are left as
// they are.
type BoardUpdateParams struct {
	Name    *string `json:"name,omitempty"`
	OrderNr *int    `json:"order_nr,omitempty"`
}

// PhaseListParams select the board whose phases Phases (or PhasesV1)
// lists. BoardID is required.
type PhaseListParams struct {
	BoardID int64 `url:"board_id" pipedrive:"required"`
}

// PhaseParams is a new phase of a projects board. Name and BoardID are
// required.
type PhaseParams struct {
	Name    string `json:"name" pipedrive:"required"`
	BoardID int64  `json:"board_id" pipedrive:"required"`
	// OrderNr is the phase's position on its board.
	OrderNr *int `json:"order_nr,omitempty"`
}

// PhaseUpdateParams change a phase; nil members are left as they are.
// A new BoardID moves the phase to that board.
type PhaseUpdateParams struct {
	Name    *string `json:"name,omitempty"`
	BoardID *int64  `json:"board_id,omitempty"`
	OrderNr *int    `json:"order_nr,omitempty"`
}

// TaskParent selects tasks by their parent in TaskListParams: RootTasks,
// or SubtasksOf(id).
type TaskParent string

// RootTasks keeps only the tasks that are not subtasks.
const RootTasks TaskParent = "null"

// SubtasksOf keeps only the subtasks of the task with the given id.
func SubtasksOf(id int64) TaskParent { return TaskParent(strconv.FormatInt(id, 10)) }

// TaskListParams filter and page Tasks. The zero value lists every task.
type TaskListParams struct {
	ProjectID  int64 `url:"project_id,omitempty"`
	AssigneeID int64 `url:"assignee_id,omitempty"`
	// IsDone and IsMilestone, when set, keep the tasks that are (true) or
	// are not (false) done or milestones.
	IsDone      *bool `url:"is_done,omitempty"`
	IsMilestone *bool `url:"is_milestone,omitempty"`
	// ParentTaskID keeps the root tasks (RootTasks) or the subtasks of one
	// task (SubtasksOf(id)); empty keeps all.
	ParentTaskID TaskParent `url:"parent_task_id,omitempty"`
	// Limit is the page size (default 100, at most 500).
	Limit int `url:"limit,omitempty"`
	// Cursor continues a list from a previous page's NextCursor.
	Cursor string `url:"cursor,omitempty"`
}

// TaskParams is a new task. Title and ProjectID are required; nil
// pointers and empty values are not sent.
type TaskParams struct {
	Title     string `json:"title" pipedrive:"required"`
	ProjectID int64  `json:"project_id" pipedrive:"required"`
	// ParentTaskID makes the task a subtask of that task.
	ParentTaskID *int64 `json:"parent_task_id,omitempty"`
	Description  string `json:"description,omitempty"`
	// Done and Milestone are sent as Pipedrive's 0/1 flags.
	Done      *bool    `json:"-"`
	Milestone *bool    `json:"-"`
	StartDate crm.Date `json:"start_date,omitzero"`
	DueDate   crm.Date `json:"due_date,omitzero"`
	// AssigneeIDs are the users the task is assigned to. AssigneeID is the
	// API's older single-assignee form; prefer AssigneeIDs.
	AssigneeIDs []int64 `json:"assignee_ids,omitempty"`
	AssigneeID  *int64  `json:"assignee_id,omitempty"`
	Priority    *int    `json:"priority,omitempty"`
}

// MarshalJSON implements json.Marshaler, sending Done and Milestone as
// 0/1.
func (p TaskParams) MarshalJSON() ([]byte, error) {
	type plain TaskParams
	return json.Marshal(struct {
		plain
		Done      *int `json:"done,omitempty"`
		Milestone *int `json:"milestone,omitempty"`
	}{plain(p), bit(p.Done), bit(p.Milestone)})
}

// TaskUpdateParams change a task (PATCH): only non-nil pointers and
// non-nil slices are sent. ParentTaskID and AssigneeID set to a pointer
// to 0 send null (Ptr[int64](0) moves a subtask to the top level);
// StartDate and DueDate set to a pointer to the zero Date clear the date;
// Description set to a pointer to "" clears it.
type TaskUpdateParams struct {
	Title        *string   `json:"title,omitempty"`
	ProjectID    *int64    `json:"project_id,omitempty"`
	ParentTaskID *int64    `json:"-"`
	Description  *string   `json:"description,omitempty"`
	Done         *bool     `json:"-"`
	Milestone    *bool     `json:"-"`
	StartDate    *crm.Date `json:"start_date,omitempty"`
	DueDate      *crm.Date `json:"due_date,omitempty"`
	AssigneeIDs  []int64   `json:"assignee_ids,omitzero"`
	AssigneeID   *int64    `json:"-"`
	Priority     *int      `json:"priority,omitempty"`
}

// MarshalJSON implements json.Marshaler: Done and Milestone as 0/1, and
// ParentTaskID or AssigneeID pointing at 0 as null.
func (p TaskUpdateParams) MarshalJSON() ([]byte, error) {
	type plain TaskUpdateParams
	return json.Marshal(struct {
		plain
		ParentTaskID json.RawMessage `json:"parent_task_id,omitempty"`
		AssigneeID   json.RawMessage `json:"assignee_id,omitempty"`
		Done         *int            `json:"done,omitempty"`
		Milestone    *int            `json:"milestone,omitempty"`
	}{plain(p), nullableID(p.ParentTaskID), nullableID(p.AssigneeID), bit(p.Done), bit(p.Milestone)})
}

// bit turns an optional flag into Pipedrive's 0/1.
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

// nullableID encodes an optional id: absent when nil, null when 0.
func nullableID(id *int64) json.RawMessage {
	switch {
	case id == nil:
		return nil
	case *id == 0:
		return json.RawMessage("null")
	}
	return json.RawMessage(strconv.FormatInt(*id, 10))
}
