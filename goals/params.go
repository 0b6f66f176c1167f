package goals

import (
	"fmt"
	"strings"

	"github.com/pipedrive-go/pipedrive/crm"
)

// CreateParams is a new goal. Every field but Title is required, and so
// are the members of each object that name what it is: Assignee.ID and
// Type, Type.Name, ExpectedOutcome.TrackingMetric and Duration.Start
// (Validate refuses params without them before sending).
type CreateParams struct {
	Title string `json:"title,omitempty"`
	// Assignee is who the goal is for: a user (AssigneePerson), a team or
	// the company.
	Assignee Assignee `json:"assignee" pipedrive:"required"`
	// Type is what the goal counts.
	Type GoalType `json:"type" pipedrive:"required"`
	// ExpectedOutcome is the target, counted (ByQuantity) or summed (BySum,
	// with a CurrencyID).
	ExpectedOutcome Outcome `json:"expected_outcome" pipedrive:"required"`
	// Duration is when the goal runs; a zero End leaves it open-ended.
	Duration Duration `json:"duration" pipedrive:"required"`
	Interval Interval `json:"interval" pipedrive:"required"`
}

// Validate refuses, before sending, required objects that lack the
// members that make them mean something: the assignee's id and type, the
// type's name, the outcome's tracking metric and the start of the
// duration (the core checks only that each object is set).
func (p *CreateParams) Validate() error {
	var missing []string
	for _, m := range []struct {
		name string
		zero bool
	}{
		{"assignee.id", p.Assignee.ID <= 0},
		{"assignee.type", p.Assignee.Type == ""},
		{"type.name", p.Type.Name == ""},
		{"expected_outcome.tracking_metric", p.ExpectedOutcome.TrackingMetric == ""},
		{"duration.start", p.Duration.Start.IsZero()},
	} {
		if m.zero {
			missing = append(missing, m.name)
		}
	}
	switch len(missing) {
	case 0:
		return nil
	case 1:
		return fmt.Errorf("%s is required", missing[0])
	}
	return fmt.Errorf("%s are required", strings.Join(missing, ", "))
}

// UpdateParams change a goal: only what is set is sent.
type UpdateParams struct {
	Title           *string   `json:"title,omitempty"`
	Assignee        *Assignee `json:"assignee,omitempty"`
	Type            *GoalType `json:"type,omitempty"`
	ExpectedOutcome *Outcome  `json:"expected_outcome,omitempty"`
	Duration        *Duration `json:"duration,omitempty"`
	Interval        Interval  `json:"interval,omitempty"`
}

// ListParams find goals. With none of them set, the list holds the
// caller's own active goals; setting TypeName, AssigneeType, Target,
// TrackingMetric, CurrencyID, PipelineIDs, StageID or ActivityTypeIDs
// searches everyone's.
type ListParams struct {
	TypeName TypeName `url:"type.name,omitempty"`
	Title    string   `url:"title,omitempty"`
	// IsActive keeps active (the default) or inactive goals.
	IsActive *bool `url:"is_active,omitempty"`
	// AssigneeID is the user (or team, with AssigneeType) whose goals to
	// find.
	AssigneeID     int64          `url:"assignee.id,omitempty"`
	AssigneeType   AssigneeType   `url:"assignee.type,omitempty"`
	Target         *float64       `url:"expected_outcome.target,omitempty"`
	TrackingMetric TrackingMetric `url:"expected_outcome.tracking_metric,omitempty"`
	// CurrencyID applies to sum goals only.
	CurrencyID      int64   `url:"expected_outcome.currency_id,omitempty"`
	PipelineIDs     []int64 `url:"type.params.pipeline_id,omitempty"`
	StageID         int64   `url:"type.params.stage_id,omitempty"`
	ActivityTypeIDs []int64 `url:"type.params.activity_type_id,omitempty"`
	// PeriodStart and PeriodEnd keep the goals running in the period; set
	// both or neither.
	PeriodStart crm.Date `url:"period.start,omitempty"`
	PeriodEnd   crm.Date `url:"period.end,omitempty"`
}

// ResultParams is the period of a goal's results: both dates are
// required, and must lie within the goal's duration.
type ResultParams struct {
	PeriodStart crm.Date `url:"period.start" pipedrive:"required"`
	PeriodEnd   crm.Date `url:"period.end" pipedrive:"required"`
}
