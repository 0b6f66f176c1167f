package crm

import (
	"encoding/json"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// GoalTypeName is what a goal counts (goals.TypeName is the same type).
type GoalTypeName string

// Goal types. Pipedrive's responses may carry the type's display name
// instead ("Deals started").
const (
	GoalDealsWon            GoalTypeName = "deals_won"
	GoalDealsProgressed     GoalTypeName = "deals_progressed"
	GoalDealsStarted        GoalTypeName = "deals_started"
	GoalActivitiesCompleted GoalTypeName = "activities_completed"
	GoalActivitiesAdded     GoalTypeName = "activities_added"
	GoalRevenueForecast     GoalTypeName = "revenue_forecast"
)

// GoalType is what a goal counts and in which pipelines, stage or activity
// types.
type GoalType struct {
	Name   GoalTypeName   `json:"name"`
	Params GoalTypeParams `json:"params"`
}

// GoalTypeParams narrow what a goal counts.
type GoalTypeParams struct {
	// PipelineIDs are the pipelines counted; nil counts every pipeline
	// (it is sent as null).
	PipelineIDs []int64 `json:"pipeline_id"`
	// StageID is the stage deals must reach (deals_progressed goals only).
	StageID *int64 `json:"stage_id,omitempty"`
	// ActivityTypeIDs are the activity types counted (activities goals);
	// nil counts every type (it is sent as null).
	ActivityTypeIDs []int64 `json:"activity_type_id"`
}

// GoalAssigneeType is who a goal is for.
type GoalAssigneeType string

// Assignee types.
const (
	GoalAssigneePerson  GoalAssigneeType = "person"
	GoalAssigneeTeam    GoalAssigneeType = "team"
	GoalAssigneeCompany GoalAssigneeType = "company"
)

// GoalAssignee is the user, team or company a goal is for.
type GoalAssignee struct {
	// ID is the user's, team's or company's id.
	ID   int64            `json:"id"`
	Type GoalAssigneeType `json:"type"`
}

// UnmarshalJSON implements json.Unmarshaler: the id may be a number or a
// numeric string.
func (a *GoalAssignee) UnmarshalJSON(b []byte) error {
	var aux struct {
		ID   jsonx.ID         `json:"id"`
		Type GoalAssigneeType `json:"type"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*a = GoalAssignee{ID: int64(aux.ID), Type: aux.Type}
	return nil
}

// GoalTrackingMetric is how a goal's progress is measured.
type GoalTrackingMetric string

// Tracking metrics.
const (
	// GoalByQuantity counts deals or activities.
	GoalByQuantity GoalTrackingMetric = "quantity"
	// GoalBySum adds up the deals' values (in the currency of CurrencyID).
	GoalBySum GoalTrackingMetric = "sum"
)

// GoalOutcome is the target a goal aims for.
type GoalOutcome struct {
	// Target is the number (of deals or activities) or the sum to reach.
	Target         float64            `json:"target"`
	TrackingMetric GoalTrackingMetric `json:"tracking_metric"`
	// CurrencyID is the currency of a sum goal's target.
	CurrencyID *int64 `json:"currency_id,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler: numbers may be sent as
// strings ("50").
func (o *GoalOutcome) UnmarshalJSON(b []byte) error {
	type plain GoalOutcome
	var aux struct {
		*plain
		CurrencyID jsonx.ID `json:"currency_id"`
	}
	*o = GoalOutcome{}
	aux.plain = (*plain)(o)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	o.CurrencyID = aux.CurrencyID.Ptr()
	return nil
}

// GoalInterval is the period a goal's target applies to.
type GoalInterval string

// Goal intervals.
const (
	GoalWeekly    GoalInterval = "weekly"
	GoalMonthly   GoalInterval = "monthly"
	GoalQuarterly GoalInterval = "quarterly"
	GoalYearly    GoalInterval = "yearly"
)

// GoalDuration is when a goal runs.
type GoalDuration struct {
	Start Date `json:"start"`
	// End is the zero Date (sent as null) for a goal without an end.
	End Date `json:"end"`
}

// Goal is a target for deals or activities over a period, assigned to a
// user, a team or the whole company. Pipedrive creates a report to track
// each goal.
type Goal struct {
	// ID is the goal's id, a 32-character hex string.
	ID string `json:"id"`
	// OwnerID is the user who created the goal.
	OwnerID         int64        `json:"owner_id"`
	Title           string       `json:"title"`
	Type            GoalType     `json:"type"`
	Assignee        GoalAssignee `json:"assignee"`
	Interval        GoalInterval `json:"interval"`
	Duration        GoalDuration `json:"duration"`
	ExpectedOutcome GoalOutcome  `json:"expected_outcome"`
	IsActive        bool         `json:"is_active"`
	// ReportIDs are the reports that track the goal.
	ReportIDs []string `json:"report_ids"`
}

// UnmarshalJSON implements json.Unmarshaler: numbers sent as strings and
// 0/1 flags.
func (g *Goal) UnmarshalJSON(b []byte) error {
	type plain Goal
	var aux struct {
		*plain
		OwnerID  jsonx.ID `json:"owner_id"`
		IsActive flag     `json:"is_active"`
	}
	*g = Goal{}
	aux.plain = (*plain)(g)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	g.OwnerID, g.IsActive = int64(aux.OwnerID), bool(aux.IsActive)
	return nil
}

// GoalResult is a goal's progress over a period.
type GoalResult struct {
	Goal Goal `json:"goal"`
	// Progress is the count, or the sum, reached in the period.
	Progress float64 `json:"progress"`
}

// UnmarshalJSON implements json.Unmarshaler: progress may be sent as a
// string.
func (r *GoalResult) UnmarshalJSON(b []byte) error {
	type plain GoalResult
	var p plain
	if err := jsonx.Unmarshal(b, &p); err != nil {
		return err
	}
	*r = GoalResult(p)
	return nil
}
