package crm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// FilterType is the kind of records a saved filter selects (filters.Type
// is the same type).
type FilterType string

// Filter types, as the filters API names them.
const (
	FilterTypeDeals         FilterType = "deals"
	FilterTypeLeads         FilterType = "leads"
	FilterTypeOrganizations FilterType = "org"
	FilterTypePersons       FilterType = "people"
	FilterTypeProducts      FilterType = "products"
	FilterTypeActivities    FilterType = "activity"
	FilterTypeProjects      FilterType = "projects"
)

// Filter is a saved filter: a named set of conditions that list
// endpoints apply when given its id (deals.ListParams.FilterID, ...).
// Conditions is only filled by the operations that return one filter (get,
// create, update), not by the list.
type Filter struct {
	ID   int64      `json:"id"`
	Name string     `json:"name"`
	Type FilterType `json:"type"`
	// FilterCode is the system code of Pipedrive's built-in filters; nil
	// for the company's own.
	FilterCode *string `json:"filter_code"`
	// IsEditable reports whether the requesting user may change the filter.
	IsEditable bool `json:"is_editable"`
	Active     bool `json:"active_flag"`
	// Temporary is nil when Pipedrive does not say.
	Temporary *bool `json:"temporary_flag"`
	// UserID is the filter's owner.
	UserID int64 `json:"user_id"`
	// VisibleTo is who can see and use the filter.
	VisibleTo    VisibleTo  `json:"visible_to"`
	AddTime      time.Time  `json:"add_time"`
	UpdateTime   *time.Time `json:"update_time"`
	LastUsedTime *time.Time `json:"last_used_time"`
	// CustomViewID is the list view linked to the filter, nil when none.
	CustomViewID *int64 `json:"custom_view_id"`
	// Conditions are what a record must satisfy to match.
	Conditions *FilterConditions `json:"conditions,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler: v1 timestamps, 0/1 flags and
// visible_to sent as a string.
func (f *Filter) UnmarshalJSON(b []byte) error {
	type plain Filter
	var aux struct {
		*plain
		IsEditable   flag            `json:"is_editable"`
		Active       flag            `json:"active_flag"`
		Temporary    json.RawMessage `json:"temporary_flag"`
		UserID       jsonx.ID        `json:"user_id"`
		CustomViewID jsonx.ID        `json:"custom_view_id"`
		AddTime      Time            `json:"add_time"`
		UpdateTime   Time            `json:"update_time"`
		LastUsedTime Time            `json:"last_used_time"`
	}
	*f = Filter{}
	aux.plain = (*plain)(f)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	f.IsEditable, f.Active = bool(aux.IsEditable), bool(aux.Active)
	if t := bytes.TrimSpace(aux.Temporary); len(t) > 0 && !isNull(t) {
		var v flag
		if err := json.Unmarshal(t, &v); err != nil {
			return fmt.Errorf("temporary_flag: %w", err)
		}
		f.Temporary = (*bool)(&v)
	}
	f.UserID, f.CustomViewID = int64(aux.UserID), aux.CustomViewID.Ptr()
	f.AddTime = aux.AddTime.Time
	f.UpdateTime, f.LastUsedTime = aux.UpdateTime.Ptr(), aux.LastUsedTime.Ptr()
	return nil
}

// FilterGlue joins the conditions of a group: all of them (and) or any
// of them (or).
type FilterGlue string

// Glues.
const (
	FilterGlueAnd FilterGlue = "and"
	FilterGlueOr  FilterGlue = "or"
)

// FilterObject is the kind of record a condition looks at. A deal filter
// may test the deal's person or organization too.
type FilterObject string

// Condition objects.
const (
	FilterObjectDeal         FilterObject = "deal"
	FilterObjectLead         FilterObject = "lead"
	FilterObjectPerson       FilterObject = "person"
	FilterObjectOrganization FilterObject = "organization"
	FilterObjectProduct      FilterObject = "product"
	FilterObjectActivity     FilterObject = "activity"
	FilterObjectProject      FilterObject = "project"
)

// FilterOperator is the comparison a condition makes. Which operators a
// field supports depends on its type: FilterHelpers lists them.
type FilterOperator string

// Operators, with the labels Pipedrive's web app shows for them.
const (
	FilterOpEqual          FilterOperator = "="  // is
	FilterOpNotEqual       FilterOperator = "!=" // is not
	FilterOpGreater        FilterOperator = ">"  // is more than, is later than, starts after
	FilterOpLess           FilterOperator = "<"  // is less than, is earlier than, starts before
	FilterOpGreaterOrEqual FilterOperator = ">=" // is more or equal to, is exactly or later than
	FilterOpLessOrEqual    FilterOperator = "<=" // is less or equal to, is exactly or earlier than
	FilterOpIsNull         FilterOperator = "IS NULL"
	FilterOpIsNotNull      FilterOperator = "IS NOT NULL"
	// Text.
	FilterOpContains      FilterOperator = "LIKE '%$%'"
	FilterOpStartsWith    FilterOperator = "LIKE '$%'"
	FilterOpNotStartsWith FilterOperator = "NOT LIKE '$%'"
	// Text operators Pipedrive has deprecated; it may still return them.
	FilterOpNotContains FilterOperator = "NOT LIKE '%$%'"
	FilterOpEndsWith    FilterOperator = "LIKE '%$'"
	FilterOpNotEndsWith FilterOperator = "NOT LIKE '%$'"
	// Multiple-option (set) fields.
	FilterOpSetContains    FilterOperator = "contains"
	FilterOpSetNotContains FilterOperator = "not_contains"
	// Stages: the deal has been in the stage.
	FilterOpHasBeen FilterOperator = "has_been"
	// Users: the user belongs to the team.
	FilterOpBelongsToTeam FilterOperator = "belongs_to_team"
	// Date and time ranges: the comparison operators above test the start;
	// these test the end, or whether the range includes the value.
	FilterOpEndsAt         FilterOperator = "ends_at"
	FilterOpDoesNotEndAt   FilterOperator = "does_not_end_at"
	FilterOpEndsBefore     FilterOperator = "ends_before"
	FilterOpEndsOnOrBefore FilterOperator = "ends_e_before"
	FilterOpEndsAfter      FilterOperator = "ends_after"
	FilterOpEndsOnOrAfter  FilterOperator = "ends_e_after"
	FilterOpIncludes       FilterOperator = "includes"
)

// TakesValue reports whether the operator compares with a value: every
// operator but IS NULL and IS NOT NULL.
func (op FilterOperator) TakesValue() bool {
	return op != FilterOpIsNull && op != FilterOpIsNotNull
}

// FilterValue is the value, or the extra value, of a filter condition:
// text (numbers, ids and dates are sent as text, as Pipedrive stores
// them), a JSON array or object kept as sent, or nothing (null, the zero
// FilterValue). Build one with the constructors of package filters
// (filters.Text, filters.Number, filters.ID, filters.Date, ...); two
// values are equal (==) when Pipedrive would see the same value.
type FilterValue struct {
	text  string
	json  bool // text holds a compact JSON array or object
	valid bool
}

// FilterValueText returns a text value.
func FilterValueText(s string) FilterValue { return FilterValue{text: s, valid: true} }

// FilterValueJSON returns a value holding a JSON array or object, sent as
// is. Other JSON (strings, numbers, booleans, null) gives the value
// FilterValue's decoder makes of it.
func FilterValueJSON(raw []byte) (FilterValue, error) {
	var v FilterValue
	if err := v.UnmarshalJSON(raw); err != nil {
		return FilterValue{}, err
	}
	return v, nil
}

// IsNull reports whether there is no value.
func (v FilterValue) IsNull() bool { return !v.valid }

// IsJSON reports whether the value is a JSON array or object.
func (v FilterValue) IsJSON() bool { return v.json }

// String returns the value's text (the JSON text of an array or object),
// or "" when there is none.
func (v FilterValue) String() string { return v.text }

// Float returns the value as a number, if it is one.
func (v FilterValue) Float() (float64, bool) {
	if !v.valid || v.json {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(v.text), 64)
	return f, err == nil
}

// Int returns the value as an integer (an id), if it is one.
func (v FilterValue) Int() (int64, bool) {
	if !v.valid || v.json {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v.text), 10, 64)
	return n, err == nil
}

// Date returns the value as a date, if it is one ("2006-01-02").
func (v FilterValue) Date() (Date, bool) {
	if !v.valid || v.json {
		return Date{}, false
	}
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(v.text))
	if err != nil {
		return Date{}, false
	}
	return DateOf(t), true
}

// MarshalJSON implements json.Marshaler: a string, the JSON array or
// object, or null.
func (v FilterValue) MarshalJSON() ([]byte, error) {
	switch {
	case !v.valid:
		return []byte("null"), nil
	case v.json:
		return []byte(v.text), nil
	}
	return marshalPlain(v.text)
}

// marshalPlain is json.Marshal without HTML escaping, so that operators
// such as ">=" read as they are in logs and recorded requests.
func marshalPlain(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// UnmarshalJSON implements json.Unmarshaler. Strings are kept as they
// are, numbers and booleans as their text (Pipedrive returns numbers as
// strings, and either form means the same), arrays and objects as compact
// JSON, null as no value.
func (v *FilterValue) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*v = FilterValue{}
	switch {
	case len(b) == 0:
		return errors.New("crm: empty filter value")
	case isNull(b):
		return nil
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*v = FilterValue{text: s, valid: true}
	case b[0] == '[' || b[0] == '{':
		var buf bytes.Buffer
		if err := json.Compact(&buf, b); err != nil {
			return err
		}
		*v = FilterValue{text: buf.String(), json: true, valid: true}
	default:
		var x any
		if err := json.Unmarshal(b, &x); err != nil {
			return err
		}
		*v = FilterValue{text: string(b), valid: true}
	}
	return nil
}

// FilterCondition is one condition of a filter: the Object's field
// FieldID compared with Value by Operator.
type FilterCondition struct {
	Object FilterObject
	// FieldID is the numeric id of the field (Pipedrive sends it as a
	// string).
	FieldID  int64
	Operator FilterOperator
	// Value is what the field is compared with: zero for IS NULL and IS
	// NOT NULL. Dates are "2006-01-02" (filters.Date).
	Value FilterValue
	// ExtraValue refines some conditions, e.g. the part of an address
	// field to compare ("locality"; see FilterHelpers.AddressComponents).
	ExtraValue FilterValue
	// JSONValue is set by Pipedrive when Value holds JSON-encoded data.
	JSONValue bool
	// FieldCode is the field's code ("title", or a custom field's hash),
	// filled when the filter was fetched with IncludeFieldCode; "" when
	// Pipedrive cannot resolve it.
	FieldCode string
}

// WithExtra returns c with ExtraValue set to extra.
func (c FilterCondition) WithExtra(extra FilterValue) FilterCondition {
	c.ExtraValue = extra
	return c
}

type conditionJSON struct {
	Object     FilterObject    `json:"object"`
	FieldID    json.RawMessage `json:"field_id"`
	Operator   FilterOperator  `json:"operator"`
	Value      FilterValue     `json:"value"`
	ExtraValue FilterValue     `json:"extra_value"`
	JSONValue  json.RawMessage `json:"json_value_flag,omitempty"`
	FieldCode  *string         `json:"field_code,omitempty"`
}

// MarshalJSON implements json.Marshaler in Pipedrive's shape: field_id
// as a string, value and extra_value as strings or null.
func (c FilterCondition) MarshalJSON() ([]byte, error) {
	aux := conditionJSON{
		Object: c.Object, FieldID: json.RawMessage(strconv.Quote(strconv.FormatInt(c.FieldID, 10))),
		Operator: c.Operator, Value: c.Value, ExtraValue: c.ExtraValue,
	}
	if c.JSONValue {
		aux.JSONValue = json.RawMessage("true")
	}
	if c.FieldCode != "" {
		aux.FieldCode = &c.FieldCode
	}
	return marshalPlain(aux)
}

// UnmarshalJSON implements json.Unmarshaler: field_id as a string or a
// number, values in any JSON form (see FilterValue), 0/1 flags.
func (c *FilterCondition) UnmarshalJSON(b []byte) error {
	var aux conditionJSON
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	id, err := jsonx.Int(aux.FieldID)
	if err != nil {
		return fmt.Errorf("crm: filter condition field_id: %w", err)
	}
	var jv flag
	if len(aux.JSONValue) > 0 {
		if err := json.Unmarshal(aux.JSONValue, &jv); err != nil {
			return fmt.Errorf("crm: filter condition json_value_flag: %w", err)
		}
	}
	*c = FilterCondition{Object: aux.Object, FieldID: id, Operator: aux.Operator, Value: aux.Value,
		ExtraValue: aux.ExtraValue, JSONValue: bool(jv)}
	if aux.FieldCode != nil {
		c.FieldCode = *aux.FieldCode
	}
	return nil
}

// FilterGroup is a second-level group of conditions, joined by its glue.
type FilterGroup struct {
	Glue       FilterGlue        `json:"glue"`
	Conditions []FilterCondition `json:"conditions"`
}

// MarshalJSON implements json.Marshaler: no conditions encode as [].
func (g FilterGroup) MarshalJSON() ([]byte, error) {
	type plain FilterGroup
	if g.Conditions == nil {
		g.Conditions = []FilterCondition{}
	}
	return marshalPlain(plain(g))
}

// UnmarshalJSON implements json.Unmarshaler: absent or null conditions
// decode as an empty list, as the builders make them.
func (g *FilterGroup) UnmarshalJSON(b []byte) error {
	type plain FilterGroup
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	if p.Conditions == nil {
		p.Conditions = []FilterCondition{}
	}
	*g = FilterGroup(p)
	return nil
}

// MaxFilterConditions is the most conditions one filter may hold.
const MaxFilterConditions = 16

// FilterConditions is the condition tree of a filter, in the one shape
// Pipedrive accepts: a top-level "and" of two groups, the first glued with
// "and" (every condition must hold) and the second with "or" (when it has
// conditions, at least one must hold). Build it with filters.And and
// filters.Or; a filter read back decodes to the same value.
type FilterConditions struct {
	Glue   FilterGlue    `json:"glue"`
	Groups []FilterGroup `json:"conditions"`
}

// UnmarshalJSON implements json.Unmarshaler: absent or null groups decode
// as an empty list.
func (fc *FilterConditions) UnmarshalJSON(b []byte) error {
	type plain FilterConditions
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	if p.Groups == nil {
		p.Groups = []FilterGroup{}
	}
	*fc = FilterConditions(p)
	return nil
}

// groupIndex is where each glue's group sits in the shape Pipedrive
// accepts.
func groupIndex(g FilterGlue) int {
	if g == FilterGlueOr {
		return 1
	}
	return 0
}

// with returns a copy of fc (an empty tree in the accepted shape when fc
// is nil or has no groups) with conds added to the group glued with g.
func (fc *FilterConditions) with(g FilterGlue, conds []FilterCondition) *FilterConditions {
	out := &FilterConditions{Glue: FilterGlueAnd, Groups: []FilterGroup{
		{Glue: FilterGlueAnd, Conditions: []FilterCondition{}},
		{Glue: FilterGlueOr, Conditions: []FilterCondition{}},
	}}
	if fc != nil && len(fc.Groups) > 0 {
		out.Glue = fc.Glue
		out.Groups = make([]FilterGroup, len(fc.Groups))
		for i, grp := range fc.Groups {
			out.Groups[i] = FilterGroup{Glue: grp.Glue, Conditions: append([]FilterCondition{}, grp.Conditions...)}
		}
	}
	for i := range out.Groups {
		if out.Groups[i].Glue == g {
			out.Groups[i].Conditions = append(out.Groups[i].Conditions, conds...)
			return out
		}
	}
	// A tree without a group of that glue: add one where Pipedrive wants it.
	grp := FilterGroup{Glue: g, Conditions: append([]FilterCondition{}, conds...)}
	i := min(groupIndex(g), len(out.Groups))
	out.Groups = slices.Insert(out.Groups, i, grp)
	return out
}

// And returns a copy of fc with conds added to the group whose conditions
// must all hold. fc may be nil.
func (fc *FilterConditions) And(conds ...FilterCondition) *FilterConditions {
	return fc.with(FilterGlueAnd, conds)
}

// Or returns a copy of fc with conds added to the group of which at least
// one condition must hold. fc may be nil.
func (fc *FilterConditions) Or(conds ...FilterCondition) *FilterConditions {
	return fc.with(FilterGlueOr, conds)
}

// All returns the conditions that must all hold (the "and" group).
func (fc *FilterConditions) All() []FilterCondition { return fc.group(FilterGlueAnd) }

// Any returns the conditions of which at least one must hold, when there
// are any (the "or" group).
func (fc *FilterConditions) Any() []FilterCondition { return fc.group(FilterGlueOr) }

func (fc *FilterConditions) group(g FilterGlue) []FilterCondition {
	if fc == nil {
		return nil
	}
	for _, grp := range fc.Groups {
		if grp.Glue == g {
			return grp.Conditions
		}
	}
	return nil
}

// Len returns how many conditions the tree holds.
func (fc *FilterConditions) Len() int {
	if fc == nil {
		return 0
	}
	n := 0
	for _, g := range fc.Groups {
		n += len(g.Conditions)
	}
	return n
}

// Validate reports whether Pipedrive would accept the tree: the top-level
// glue is "and"; there are exactly two groups, glued with "and" then "or";
// at most MaxFilterConditions conditions; every condition names an object,
// a field id and an operator, and has a value exactly when its operator
// takes one.
func (fc *FilterConditions) Validate() error {
	if fc == nil {
		return errors.New("filter conditions: none given")
	}
	if fc.Glue != FilterGlueAnd {
		return fmt.Errorf("filter conditions: the top-level glue must be %q, not %q", FilterGlueAnd, fc.Glue)
	}
	if len(fc.Groups) != 2 {
		return fmt.Errorf("filter conditions: want 2 groups (glued with \"and\" then \"or\"), got %d", len(fc.Groups))
	}
	for i, want := range []FilterGlue{FilterGlueAnd, FilterGlueOr} {
		if g := fc.Groups[i].Glue; g != want {
			return fmt.Errorf("filter conditions: group %d must be glued with %q, not %q", i+1, want, g)
		}
	}
	if n := fc.Len(); n > MaxFilterConditions {
		return fmt.Errorf("filter conditions: %d conditions, at most %d are allowed", n, MaxFilterConditions)
	}
	for gi, g := range fc.Groups {
		for ci, c := range g.Conditions {
			where := fmt.Sprintf("filter conditions: group %d, condition %d", gi+1, ci+1)
			switch {
			case c.Object == "":
				return errors.New(where + ": no object")
			case c.FieldID <= 0:
				return fmt.Errorf("%s: invalid field id %d", where, c.FieldID)
			case c.Operator == "":
				return errors.New(where + ": no operator")
			case c.Operator.TakesValue() && c.Value.IsNull():
				return fmt.Errorf("%s: operator %q needs a value", where, c.Operator)
			case !c.Operator.TakesValue() && !c.Value.IsNull():
				return fmt.Errorf("%s: operator %q takes no value", where, c.Operator)
			}
		}
	}
	return nil
}

// FilterOperatorLabels maps operators to the labels Pipedrive shows for
// them ("=": "is").
type FilterOperatorLabels map[FilterOperator]string

// UnmarshalJSON implements json.Unmarshaler: an object, or the list of
// one-member objects Pipedrive sends for some field types (enum).
func (l *FilterOperatorLabels) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	out := FilterOperatorLabels{}
	switch {
	case isNull(b):
		*l = nil
		return nil
	case len(b) > 0 && b[0] == '[':
		var list []map[FilterOperator]string
		if err := json.Unmarshal(b, &list); err != nil {
			return err
		}
		for _, m := range list {
			for op, label := range m {
				out[op] = label
			}
		}
	default:
		var m map[FilterOperator]string
		if err := json.Unmarshal(b, &m); err != nil {
			return err
		}
		for op, label := range m {
			out[op] = label
		}
	}
	*l = out
	return nil
}

// FilterHelpers is what the filters API supports: the operators per kind
// of field, the relative dates date conditions may use, and the parts of
// address fields a condition may compare.
type FilterHelpers struct {
	// Operators holds, per kind of field, the operators it supports. The
	// kinds are field types ("varchar", "int", "date", "set", "enum",
	// "monetary", ...) and some kinds of standard fields ("title",
	// "stage", "status", "user", "person", "organization", "pipeline",
	// "currency", "visible_to", "entered_stage", ...).
	Operators map[string]FilterOperatorLabels `json:"operators"`
	// DeprecatedOperators are operators still understood but no longer
	// offered.
	DeprecatedOperators FilterOperatorLabels `json:"deprecated_operators"`
	// RelativeDates holds, by group ("Relative dates", "Relative date
	// intervals", ...), the relative date values (e.g. "this_month") and
	// their labels.
	RelativeDates map[string]map[string]string `json:"relative_dates"`
	// AddressComponents are the parts of an address a condition's
	// ExtraValue may name ("locality": "City/town/village/locality").
	AddressComponents map[string]string `json:"address_field_components"`
}

// OperatorsFor returns the operators the kind of field supports
// ("varchar", "date", ...), sorted, or nil for a kind not listed.
func (h *FilterHelpers) OperatorsFor(kind string) []FilterOperator {
	if h == nil {
		return nil
	}
	labels, ok := h.Operators[kind]
	if !ok {
		return nil
	}
	out := make([]FilterOperator, 0, len(labels))
	for op := range labels {
		out = append(out, op)
	}
	slices.Sort(out)
	return out
}

// Supports reports whether the kind of field supports op.
func (h *FilterHelpers) Supports(kind string, op FilterOperator) bool {
	if h == nil {
		return false
	}
	_, ok := h.Operators[kind][op]
	return ok
}

// RelativeDate reports whether s is one of the relative date values
// (e.g. "this_month", "yesterday").
func (h *FilterHelpers) RelativeDate(s string) bool {
	if h == nil {
		return false
	}
	for _, group := range h.RelativeDates {
		if _, ok := group[s]; ok {
			return true
		}
	}
	return false
}
