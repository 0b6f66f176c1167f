package goals

import (
	"context"
	"fmt"
	"iter"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// The models, defined in crm so that code reading goals need not link the
// client.
type (
	// Goal is a goal (crm.Goal).
	Goal = crm.Goal
	// GoalType is what a goal counts (crm.GoalType).
	GoalType = crm.GoalType
	// TypeName names a goal type (crm.GoalTypeName).
	TypeName = crm.GoalTypeName
	// TypeParams narrow a goal type (crm.GoalTypeParams).
	TypeParams = crm.GoalTypeParams
	// Assignee is who a goal is for (crm.GoalAssignee).
	Assignee = crm.GoalAssignee
	// AssigneeType is the kind of assignee (crm.GoalAssigneeType).
	AssigneeType = crm.GoalAssigneeType
	// Outcome is a goal's target (crm.GoalOutcome).
	Outcome = crm.GoalOutcome
	// TrackingMetric is how progress is measured (crm.GoalTrackingMetric).
	TrackingMetric = crm.GoalTrackingMetric
	// Interval is the period a target applies to (crm.GoalInterval).
	Interval = crm.GoalInterval
	// Duration is when a goal runs (crm.GoalDuration).
	Duration = crm.GoalDuration
	// Result is a goal's progress over a period (crm.GoalResult).
	Result = crm.GoalResult
)

// Goal types.
const (
	DealsWon            = crm.GoalDealsWon
	DealsProgressed     = crm.GoalDealsProgressed
	DealsStarted        = crm.GoalDealsStarted
	ActivitiesCompleted = crm.GoalActivitiesCompleted
	ActivitiesAdded     = crm.GoalActivitiesAdded
	RevenueForecast     = crm.GoalRevenueForecast
)

// Assignee types.
const (
	AssigneePerson  = crm.GoalAssigneePerson
	AssigneeTeam    = crm.GoalAssigneeTeam
	AssigneeCompany = crm.GoalAssigneeCompany
)

// Tracking metrics.
const (
	ByQuantity = crm.GoalByQuantity
	BySum      = crm.GoalBySum
)

// Intervals.
const (
	Weekly    = crm.GoalWeekly
	Monthly   = crm.GoalMonthly
	Quarterly = crm.GoalQuarterly
	Yearly    = crm.GoalYearly
)

// goalData is the data of the single-goal responses.
type goalData struct {
	Goal *Goal `json:"goal"`
}

// goalsData is the data of the find response.
type goalsData struct {
	Goals []Goal `json:"goals"`
}

func (s *Service) fetchGoal(ctx context.Context, call *core.Call) (*Goal, error) {
	v, err := core.Fetch[goalData](ctx, s.c(), call)
	if err != nil {
		return nil, err
	}
	if v.Goal == nil {
		return nil, fmt.Errorf("pipedrive: %s %s: the response holds no goal", call.Op.Method, call.Op.Version.Prefix()+call.Op.Path)
	}
	return v.Goal, nil
}

// Create adds a goal, with a report that tracks it, and returns it.
func (s *Service) Create(ctx context.Context, params *CreateParams) (*Goal, error) {
	return s.fetchGoal(ctx, &core.Call{Op: ops.V1AddGoal, Body: params})
}

// Update changes a goal (only what params sets is sent) and returns it.
func (s *Service) Update(ctx context.Context, id string, params *UpdateParams) (*Goal, error) {
	return s.fetchGoal(ctx, &core.Call{Op: ops.V1UpdateGoal, PathArgs: []any{id}, Body: params})
}

// List iterates over the goals params finds (nil finds the caller's
// active goals). The API sends them all at once.
func (s *Service) List(ctx context.Context, params *ListParams) iter.Seq2[*Goal, error] {
	return func(yield func(*Goal, error) bool) {
		page, err := s.ListPage(ctx, params)
		if err != nil {
			yield(nil, err)
			return
		}
		for i := range page.Items {
			if !yield(&page.Items[i], nil) {
				return
			}
		}
	}
}

// ListPage fetches what List iterates over, as one page.
func (s *Service) ListPage(ctx context.Context, params *ListParams) (*crm.Page[Goal], error) {
	op := ops.V1GetGoals
	if params != nil && params.PeriodStart.IsZero() != params.PeriodEnd.IsZero() {
		return nil, &core.ParamsError{Method: op.Method, Path: op.Version.Prefix() + op.Path,
			Reason: "period.start and period.end go together: set both or neither"}
	}
	v, err := core.Fetch[goalsData](ctx, s.c(), &core.Call{Op: op, Query: params})
	if err != nil {
		return nil, err
	}
	return &crm.Page[Goal]{Items: v.Goals}, nil
}
