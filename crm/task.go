package crm

import (
	"time"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// Task is a task of a project, as API v2 represents it. It also decodes
// the v1 shape of a project's task list (projects.Service.ProjectTasks):
// done as 0/1 instead of is_done, a single assignee_id beside
// assignee_ids, and v1 timestamps.
type Task struct {
	ID          int64  `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	ProjectID   int64  `json:"project_id"`
	// ParentTaskID is the task this one is a subtask of; nil for a task at
	// the top level.
	ParentTaskID *int64 `json:"parent_task_id"`
	// CreatorID is the user who created the task.
	CreatorID   int64   `json:"creator_id"`
	AssigneeIDs []int64 `json:"assignee_ids"`
	// AssigneeID is the task's first assignee; only the v1 list sends it
	// (use AssigneeIDs).
	AssigneeID  int64 `json:"assignee_id,omitempty"`
	IsDone      bool  `json:"is_done"`
	IsMilestone bool  `json:"is_milestone"`
	// StartDate and DueDate are the zero Date when not set.
	StartDate Date `json:"start_date"`
	DueDate   Date `json:"due_date"`
	// Priority is nil when not set.
	Priority   *int      `json:"priority"`
	AddTime    time.Time `json:"add_time"`
	UpdateTime time.Time `json:"update_time"`
	// MarkedAsDoneTime is when the task was last marked done; nil for a
	// task never done.
	MarkedAsDoneTime *time.Time `json:"marked_as_done_time"`
}

// UnmarshalJSON implements json.Unmarshaler (see Task for the shapes it
// accepts).
func (t *Task) UnmarshalJSON(b []byte) error {
	type plain Task
	var aux struct {
		*plain
		ParentTaskID     jsonx.ID `json:"parent_task_id"`
		AssigneeID       jsonx.ID `json:"assignee_id"`
		IsDone           *flag    `json:"is_done"`
		IsMilestone      *flag    `json:"is_milestone"`
		Done             *flag    `json:"done"`
		Milestone        *flag    `json:"milestone"`
		AddTime          Time     `json:"add_time"`
		UpdateTime       Time     `json:"update_time"`
		MarkedAsDoneTime Time     `json:"marked_as_done_time"`
	}
	*t = Task{}
	aux.plain = (*plain)(t)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	t.ParentTaskID, t.AssigneeID = aux.ParentTaskID.Ptr(), int64(aux.AssigneeID)
	t.IsDone = flagOr(aux.IsDone, aux.Done)
	t.IsMilestone = flagOr(aux.IsMilestone, aux.Milestone)
	t.AddTime, t.UpdateTime = aux.AddTime.Time, aux.UpdateTime.Time
	t.MarkedAsDoneTime = aux.MarkedAsDoneTime.Ptr()
	return nil
}

// flagOr returns the first flag that was sent, false when neither was.
func flagOr(flags ...*flag) bool {
	for _, f := range flags {
		if f != nil {
			return bool(*f)
		}
	}
	return false
}
