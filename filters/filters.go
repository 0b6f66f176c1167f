package filters

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// The models, defined in crm so that code reading filters need not link
// the client.
type (
	// Filter is a saved filter (crm.Filter).
	Filter = crm.Filter
	// Type is the kind of records a filter selects (crm.FilterType).
	Type = crm.FilterType
	// Conditions is a filter's condition tree (crm.FilterConditions).
	Conditions = crm.FilterConditions
	// Group is one of the tree's two groups (crm.FilterGroup).
	Group = crm.FilterGroup
	// Condition is one condition (crm.FilterCondition).
	Condition = crm.FilterCondition
	// Glue joins a group's conditions (crm.FilterGlue).
	Glue = crm.FilterGlue
	// Object is the kind of record a condition tests (crm.FilterObject).
	Object = crm.FilterObject
	// Op is a condition's operator (crm.FilterOperator).
	Op = crm.FilterOperator
	// Value is a condition's value (crm.FilterValue).
	Value = crm.FilterValue
	// Helpers is what filters support (crm.FilterHelpers).
	Helpers = crm.FilterHelpers
	// OperatorLabels maps operators to their labels
	// (crm.FilterOperatorLabels).
	OperatorLabels = crm.FilterOperatorLabels
)

// Filter types.
const (
	TypeDeals         = crm.FilterTypeDeals
	TypeLeads         = crm.FilterTypeLeads
	TypeOrganizations = crm.FilterTypeOrganizations
	TypePersons       = crm.FilterTypePersons
	TypeProducts      = crm.FilterTypeProducts
	TypeActivities    = crm.FilterTypeActivities
	TypeProjects      = crm.FilterTypeProjects
)

// Glues.
const (
	GlueAnd = crm.FilterGlueAnd
	GlueOr  = crm.FilterGlueOr
)

// Condition objects.
const (
	ObjectDeal         = crm.FilterObjectDeal
	ObjectLead         = crm.FilterObjectLead
	ObjectPerson       = crm.FilterObjectPerson
	ObjectOrganization = crm.FilterObjectOrganization
	ObjectProduct      = crm.FilterObjectProduct
	ObjectActivity     = crm.FilterObjectActivity
	ObjectProject      = crm.FilterObjectProject
)

// Operators. Which ones a field supports depends on its type: see
// Service.Helpers.
const (
	OpEqual          = crm.FilterOpEqual          // "=": is
	OpNotEqual       = crm.FilterOpNotEqual       // "!=": is not
	OpGreater        = crm.FilterOpGreater        // ">": more than, later than
	OpLess           = crm.FilterOpLess           // "<": less than, earlier than
	OpGreaterOrEqual = crm.FilterOpGreaterOrEqual // ">="
	OpLessOrEqual    = crm.FilterOpLessOrEqual    // "<="
	OpIsNull         = crm.FilterOpIsNull         // is empty (no value)
	OpIsNotNull      = crm.FilterOpIsNotNull      // is not empty (no value)
	OpContains       = crm.FilterOpContains       // text contains
	OpStartsWith     = crm.FilterOpStartsWith     // text starts with
	OpNotStartsWith  = crm.FilterOpNotStartsWith  // text does not start with
	OpNotContains    = crm.FilterOpNotContains    // deprecated: text does not contain
	OpEndsWith       = crm.FilterOpEndsWith       // deprecated: text ends with
	OpNotEndsWith    = crm.FilterOpNotEndsWith    // deprecated: text does not end with
	OpSetContains    = crm.FilterOpSetContains    // a multiple-option field has the option
	OpSetNotContains = crm.FilterOpSetNotContains // a multiple-option field lacks the option
	OpHasBeen        = crm.FilterOpHasBeen        // the deal has been in the stage
	OpBelongsToTeam  = crm.FilterOpBelongsToTeam  // the user is in the team
	OpEndsAt         = crm.FilterOpEndsAt         // a range ends at
	OpDoesNotEndAt   = crm.FilterOpDoesNotEndAt   // a range does not end at
	OpEndsBefore     = crm.FilterOpEndsBefore     // a range ends before
	OpEndsOnOrBefore = crm.FilterOpEndsOnOrBefore // a range ends on or before
	OpEndsAfter      = crm.FilterOpEndsAfter      // a range ends after
	OpEndsOnOrAfter  = crm.FilterOpEndsOnOrAfter  // a range ends on or after
	OpIncludes       = crm.FilterOpIncludes       // a range includes
)

// MaxConditions is the most conditions one filter may hold.
const MaxConditions = crm.MaxFilterConditions

// And returns a condition tree whose conditions must all hold. Add
// alternatives with its Or method: And(a, b).Or(c, d) matches records for
// which a and b hold, and c or d.
func And(conds ...Condition) *Conditions {
	return (*Conditions)(nil).And(conds...)
}

// Or returns a condition tree of which at least one condition must hold.
// Add conditions that must all hold with its And method.
func Or(conds ...Condition) *Conditions {
	return (*Conditions)(nil).Or(conds...)
}

// Cond returns the condition "object's field fieldID op value". fieldID
// is the field's numeric id. Use Empty and NotEmpty for the operators
// that take no value.
func Cond(object Object, fieldID int64, op Op, value Value) Condition {
	return Condition{Object: object, FieldID: fieldID, Operator: op, Value: value}
}

// Empty returns the condition "object's field fieldID is empty" (IS NULL).
func Empty(object Object, fieldID int64) Condition {
	return Condition{Object: object, FieldID: fieldID, Operator: OpIsNull}
}

// NotEmpty returns the condition "object's field fieldID is not empty"
// (IS NOT NULL).
func NotEmpty(object Object, fieldID int64) Condition {
	return Condition{Object: object, FieldID: fieldID, Operator: OpIsNotNull}
}

// Text returns a text value: for text fields, statuses ("open"), currency
// codes, and option or relative-date keys.
func Text(s string) Value { return crm.FilterValueText(s) }

// Number returns a number value, sent as Pipedrive stores it ("1000",
// "2.5").
func Number(f float64) Value { return crm.FilterValueText(strconv.FormatFloat(f, 'f', -1, 64)) }

// ID returns an id value: of a user, person, organization, pipeline,
// stage, label or option.
func ID(id int64) Value { return crm.FilterValueText(strconv.FormatInt(id, 10)) }

// Date returns a date value ("2006-01-02"), the form date fields take.
func Date(d crm.Date) Value { return crm.FilterValueText(d.String()) }

// RelativeDate returns a relative date value for date fields, one of the
// keys Helpers.RelativeDates lists ("this_month", "yesterday",
// "last_quarter", ...).
func RelativeDate(key string) Value { return crm.FilterValueText(key) }

// AddressPart returns the extra value that makes a condition on an
// address field compare one part of it: one of the keys
// Helpers.AddressComponents lists ("locality", "country", ...). Use it as
// Cond(...).WithExtra(AddressPart("locality")).
func AddressPart(component string) Value { return crm.FilterValueText(component) }

// JSON returns a value holding a JSON array or object, sent as is.
func JSON(raw json.RawMessage) (Value, error) { return crm.FilterValueJSON(raw) }

// checkConditions refuses a tree Pipedrive would not accept, as the core
// refuses bad params: before anything is sent.
func checkConditions(op ops.Op, pathArgs []any, c *Conditions) error {
	call := &core.Call{Op: op, PathArgs: pathArgs}
	if err := call.CheckPath(); err != nil {
		return err
	}
	if c == nil {
		return nil // the core reports the missing required field
	}
	if err := c.Validate(); err != nil {
		return &core.ParamsError{Method: op.Method, Path: op.Version.Prefix() + op.Path, Reason: err.Error()}
	}
	return nil
}

// Create saves a new filter and returns it with its conditions. The
// conditions are checked first (Conditions.Validate): a tree Pipedrive
// would refuse is refused before sending, with an error matching
// pipedrive.ErrInvalidParams.
func (s *Service) Create(ctx context.Context, params *CreateParams) (*Filter, error) {
	call := &core.Call{Op: ops.V1AddFilter, Body: params}
	if params != nil {
		if err := checkConditions(call.Op, nil, params.Conditions); err != nil {
			return nil, err
		}
		call.Query = fieldCodeQuery{IncludeFieldCode: params.IncludeFieldCode}
	}
	return core.Fetch[Filter](ctx, s.c(), call)
}

// Update changes a filter's conditions (and its name, when params.Name is
// set) and returns it. The conditions are checked first, as for Create.
func (s *Service) Update(ctx context.Context, id int64, params *UpdateParams) (*Filter, error) {
	call := &core.Call{Op: ops.V1UpdateFilter, PathArgs: []any{id}, Body: params}
	if params != nil {
		if err := checkConditions(call.Op, call.PathArgs, params.Conditions); err != nil {
			return nil, err
		}
		call.Query = fieldCodeQuery{IncludeFieldCode: params.IncludeFieldCode}
	}
	return core.Fetch[Filter](ctx, s.c(), call)
}

// DeleteMany deletes several filters at once. It refuses an empty list
// and ids that are not positive before sending.
func (s *Service) DeleteMany(ctx context.Context, ids ...int64) error {
	op := ops.V1DeleteFilters
	for _, id := range ids {
		if id <= 0 {
			return &core.ParamsError{Method: op.Method, Path: op.Version.Prefix() + op.Path, Reason: fmt.Sprintf("invalid filter id %d", id)}
		}
	}
	return core.Exec(ctx, s.c(), &core.Call{Op: op, Query: &deleteManyQuery{IDs: ids}})
}
