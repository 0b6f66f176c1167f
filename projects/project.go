package projects

import "github.com/pipedrive-go/pipedrive/crm"

// The models are defined in package crm, which does not import the API
// client, so that code that only reads them links neither the client core
// nor the rate limiter. These aliases are the names this package's API
// uses; the types are identical.

// Project is a project as API v2 returns it. See crm.Project.
type Project = crm.Project

// Status is the state of a project.
type Status = crm.ProjectStatus

// Project statuses. StatusDeleted is only a list filter.
const (
	StatusOpen      = crm.ProjectStatusOpen
	StatusCompleted = crm.ProjectStatusCompleted
	StatusCanceled  = crm.ProjectStatusCanceled
	StatusDeleted   = crm.ProjectStatusDeleted
)

// Change is one entry of a project's changelog. See crm.ProjectChange.
type Change = crm.ProjectChange

// Board is a projects board. See crm.ProjectBoard.
type Board = crm.ProjectBoard

// Phase is a phase (column) of a projects board. See crm.ProjectPhase.
type Phase = crm.ProjectPhase

// Template is a project template. See crm.ProjectTemplate.
type Template = crm.ProjectTemplate

// Task is a task of a project. See crm.Task.
type Task = crm.Task

// PlanItem places a task or an activity in a project's plan. See
// crm.ProjectPlanItem.
type PlanItem = crm.ProjectPlanItem

// PlanItemType is the kind of a plan item.
type PlanItemType = crm.ProjectPlanItemType

// Plan item types.
const (
	PlanTask     = crm.ProjectPlanTask
	PlanActivity = crm.ProjectPlanActivity
)

// Group is a group of a project's plan. See crm.ProjectGroup.
type Group = crm.ProjectGroup

// Activity is an activity linked to a project, as the v1 project
// activities list returns it. See crm.ProjectActivity.
type Activity = crm.ProjectActivity
