package pipedrivetest

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// The fake's saved filters: stored as the filters API returns them, and
// applied by the deal, person and organization lists when they get a
// filter_id (see filterKeep).

// filterTypes are the filter types the API knows; filterTypeOf names the
// type whose filters each stored entity's list applies.
var (
	filterTypes  = []string{"deals", "leads", "org", "people", "products", "activity", "projects"}
	filterTypeOf = map[Entity]string{Deal: "deals", Person: "people", Organization: "org"}
	// filterObjectOf is the condition object naming each stored entity.
	filterObjectOf = map[Entity]string{Deal: "deal", Person: "person", Organization: "organization"}
	filterObjects  = []string{"deal", "lead", "person", "organization", "product", "activity", "project"}
)

// filterField is a field a condition may name by its numeric id.
type filterField struct {
	id     int64
	code   string // record member, or custom field key
	custom *customField
	kind   string // field type
}

// standardFilterFields are the standard fields conditions may test, per
// entity, with their field types. Their ids are filterFieldBase[e]+1,
// +2, ... in this order; custom fields follow from +1001, each keeping its
// id for good (deleting a field frees none).
var standardFilterFields = map[Entity][][2]string{
	Deal: {
		{"id", "int"}, {"title", "varchar"}, {"value", "monetary"}, {"currency", "varchar"}, {"status", "status"},
		{"owner_id", "user"}, {"person_id", "people"}, {"org_id", "org"}, {"pipeline_id", "int"}, {"stage_id", "stage"},
		{"expected_close_date", "date"}, {"label_ids", "set"}, {"probability", "double"}, {"lost_reason", "varchar"},
		{"visible_to", "int"}, {"add_time", "time"}, {"update_time", "time"}, {"close_time", "time"},
		{"won_time", "time"}, {"lost_time", "time"}, {"stage_change_time", "time"}, {"origin", "varchar"},
	},
	Person: {
		{"id", "int"}, {"name", "varchar"}, {"first_name", "varchar"}, {"last_name", "varchar"}, {"owner_id", "user"},
		{"org_id", "org"}, {"emails", "varchar"}, {"phones", "phone"}, {"job_title", "varchar"}, {"label_ids", "set"},
		{"notes", "text"}, {"birthday", "date"}, {"marketing_status", "enum"}, {"visible_to", "int"},
		{"add_time", "time"}, {"update_time", "time"},
	},
	Organization: {
		{"id", "int"}, {"name", "varchar"}, {"owner_id", "user"}, {"address", "address"}, {"website", "varchar"},
		{"linkedin", "varchar"}, {"industry", "int"}, {"annual_revenue", "int"}, {"employee_count", "int"},
		{"label_ids", "set"}, {"visible_to", "int"}, {"add_time", "time"}, {"update_time", "time"},
	},
}

var filterFieldBase = map[Entity]int64{Deal: 12000, Person: 9000, Organization: 4000}

// filterFieldsLocked returns the fields conditions on entity e may name.
// Callers hold st.mu.
func (st *store) filterFieldsLocked(e Entity) []filterField {
	base := filterFieldBase[e]
	var out []filterField
	for i, f := range standardFilterFields[e] {
		out = append(out, filterField{id: base + int64(i) + 1, code: f[0], kind: f[1]})
	}
	for _, f := range st.fields[e] {
		out = append(out, filterField{id: f.id, code: f.key, custom: f, kind: string(f.Type)})
	}
	return out
}

func (st *store) filterFieldLocked(e Entity, id int64) (filterField, bool) {
	for _, f := range st.filterFieldsLocked(e) {
		if f.id == id {
			return f, true
		}
	}
	return filterField{}, false
}

// FilterFieldID returns the numeric id by which filter conditions name a
// field of entity e: a standard field by its code ("title", "value",
// "owner_id", "add_time", ...) or a custom field by its name or key. Pass
// it to filters.Cond.
func (s *Server) FilterFieldID(e Entity, field string) (int64, bool) {
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, f := range st.filterFieldsLocked(e) {
		if f.code == field || (f.custom != nil && f.custom.Name == field) {
			return f.id, true
		}
	}
	return 0, false
}

// filterOperators are the operators the filters API knows (those of
// GET /v1/filters/helpers, deprecated ones included).
var filterOperators = []string{"=", "!=", ">", "<", ">=", "<=", "IS NULL", "IS NOT NULL",
	"LIKE '%$%'", "LIKE '$%'", "NOT LIKE '$%'", "NOT LIKE '%$%'", "LIKE '%$'", "NOT LIKE '%$'",
	"contains", "not_contains", "has_been", "belongs_to_team", "ends_at", "does_not_end_at",
	"ends_before", "ends_e_before", "ends_after", "ends_e_after", "includes"}

// evaluated are the operators the fake applies to records; a list given a
// filter with another operator is refused with 400.
var evaluated = []string{"=", "!=", ">", "<", ">=", "<=", "IS NULL", "IS NOT NULL",
	"LIKE '%$%'", "LIKE '$%'", "NOT LIKE '$%'", "NOT LIKE '%$%'", "LIKE '%$'", "NOT LIKE '%$'",
	"contains", "not_contains"}

// negated are the operators that hold when their positive twin holds for
// none of a multi-valued field's values.
var negated = map[string]string{"!=": "=", "NOT LIKE '$%'": "LIKE '$%'", "NOT LIKE '%$%'": "LIKE '%$%'",
	"NOT LIKE '%$'": "LIKE '%$'", "not_contains": "contains"}

// relativeIntervals and relativeDays are the relative date values of the
// helpers; relativeDates holds both and the deal-specific one.
var (
	relativeIntervals = []string{"last_quarter", "this_quarter", "last_month", "this_month", "last_week",
		"this_week", "next_week", "next_month"}
	relativeDays = []string{"6_months_ago", "5_months_ago", "4_months_ago", "3_months_ago", "2_months_ago",
		"1_months_ago", "3_weeks_ago", "2_weeks_ago", "1_week_ago", "yesterday", "before_today", "today", "now",
		"later_or_today", "before_tomorrow", "tomorrow", "later_or_tomorrow", "in_1_week", "in_2_weeks",
		"in_3_weeks", "in_1_month", "in_2_months", "in_3_months", "in_4_months", "in_5_months", "in_6_months"}
	relativeDates = append(append(append([]string{}, relativeIntervals...), relativeDays...), "rotten_time")
)

func (s *Server) filters() *collection {
	return s.collection("filters", func() *collection { return &collection{label: "Filter", v1: true} })
}

func (s *Server) filterRoutes(op opRoute) {
	op(ops.V1GetFilters, s.listFilters)
	op(ops.V1AddFilter, s.createFilter)
	op(ops.V1GetFilterHelpers, s.filterHelpers)
	op(ops.V1GetFilter, s.getFilter)
	op(ops.V1UpdateFilter, s.updateFilter)
	op(ops.V1DeleteFilter, s.filters().delete)
	op(ops.V1DeleteFilters, s.deleteFilters)
}

// filterCondition is a stored condition.
type filterCondition struct {
	object   string
	fieldID  int64
	operator string
	value    any
	extra    any
}

// parseConditions checks a conditions object as Pipedrive does and
// returns it in its stored form.
func (s *Server) parseConditions(v any) (map[string]any, *reply) {
	top, ok := v.(map[string]any)
	if !ok {
		return nil, badRequest("conditions must be a JSON object.")
	}
	if top["glue"] != "and" {
		return nil, badRequest(`The top-level glue of conditions must be "and".`)
	}
	groups, ok := top["conditions"].([]any)
	if !ok || len(groups) != 2 {
		return nil, badRequest(`conditions must hold two groups, glued with "and" and "or".`)
	}
	n := 0
	out := make([]any, 2)
	for i, want := range []string{"and", "or"} {
		g, ok := groups[i].(map[string]any)
		if !ok || g["glue"] != want {
			return nil, badRequest(fmt.Sprintf(`Condition group %d must be glued with %q.`, i+1, want))
		}
		list, ok := g["conditions"].([]any)
		if !ok && g["conditions"] != nil {
			return nil, badRequest(fmt.Sprintf("Condition group %d: conditions must be an array.", i+1))
		}
		conds := []any{}
		for j, raw := range list {
			c, err := s.parseCondition(raw)
			if err != nil {
				return nil, badRequest(fmt.Sprintf("Condition group %d, condition %d: %v.", i+1, j+1, err))
			}
			conds = append(conds, c)
			n++
		}
		out[i] = map[string]any{"glue": want, "conditions": conds}
	}
	if n > 16 {
		return nil, badRequest("A filter may hold at most 16 conditions.")
	}
	return map[string]any{"glue": "and", "conditions": out}, nil
}

func (s *Server) parseCondition(raw any) (map[string]any, error) {
	c, ok := raw.(map[string]any)
	if !ok {
		return nil, errors.New("a condition must be an object")
	}
	object, _ := c["object"].(string)
	if !slices.Contains(filterObjects, object) {
		return nil, fmt.Errorf("object must be one of %s", strings.Join(filterObjects, ", "))
	}
	id, ok := toInt64(plainJSON(c["field_id"]))
	if !ok || id <= 0 {
		return nil, errors.New("field_id must be a field's numeric id")
	}
	for e, name := range filterObjectOf {
		if name != object {
			continue
		}
		st := s.data
		st.mu.Lock()
		_, known := st.filterFieldLocked(e, id)
		st.mu.Unlock()
		if !known {
			return nil, fmt.Errorf("field_id %d is not a field of %s", id, object)
		}
	}
	operator, _ := c["operator"].(string)
	if !slices.Contains(filterOperators, operator) {
		return nil, fmt.Errorf("unknown operator %q (see /v1/filters/helpers)", operator)
	}
	value, extra := plainJSON(c["value"]), plainJSON(c["extra_value"])
	nullOp := operator == "IS NULL" || operator == "IS NOT NULL"
	if !nullOp && (value == nil || value == "") {
		return nil, fmt.Errorf("operator %q needs a value", operator)
	}
	for k := range c {
		if !slices.Contains([]string{"object", "field_id", "operator", "value", "extra_value", "json_value_flag", "field_code"}, k) {
			return nil, fmt.Errorf("unknown member %q", k)
		}
	}
	return map[string]any{
		"object": object, "field_id": strconv.FormatInt(id, 10), "operator": operator,
		"value": value, "extra_value": extra, "json_value_flag": false,
	}, nil
}

// renderFilter copies a stored filter for a response: without its
// conditions (lists), or with them and, when asked, the field codes.
func (s *Server) renderFilter(c *call, o object, withConditions bool) object {
	out := clone(o)
	if !withConditions {
		delete(out, "conditions")
		return out
	}
	cond, _ := o["conditions"].(map[string]any)
	codes := c.r.URL.Query().Get("include_field_code") == "true"
	groups := []any{}
	for _, g := range cond["conditions"].([]any) {
		gm := g.(map[string]any)
		conds := []any{}
		for _, x := range gm["conditions"].([]any) {
			cm := clone(x.(map[string]any))
			if codes {
				cm["field_code"] = s.fieldCode(cm)
			}
			conds = append(conds, cm)
		}
		groups = append(groups, map[string]any{"glue": gm["glue"], "conditions": conds})
	}
	out["conditions"] = map[string]any{"glue": cond["glue"], "conditions": groups}
	return out
}

// fieldCode resolves a stored condition's field to its code, nil when it
// cannot.
func (s *Server) fieldCode(cond map[string]any) any {
	id, _ := toInt64(cond["field_id"])
	for e, name := range filterObjectOf {
		if name != cond["object"] {
			continue
		}
		st := s.data
		st.mu.Lock()
		defer st.mu.Unlock()
		if f, ok := st.filterFieldLocked(e, id); ok {
			return f.code
		}
	}
	return nil
}

func (s *Server) listFilters(c *call) *reply {
	typ := c.r.URL.Query().Get("type")
	if typ != "" && !slices.Contains(filterTypes, typ) {
		return badRequest("type must be one of " + strings.Join(filterTypes, ", ") + ".")
	}
	items := []object{}
	for _, o := range s.filters().all() {
		if typ == "" || o["type"] == typ {
			items = append(items, s.renderFilter(c, o, false))
		}
	}
	return v1OK(items, nil)
}

func (s *Server) getFilter(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	o, ok := s.filters().find(id)
	if !ok {
		return notFound("Filter")
	}
	return v1OK(s.renderFilter(c, o, true), nil)
}

func (s *Server) createFilter(c *call) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	name, _ := body["name"].(string)
	if strings.TrimSpace(name) == "" {
		return badRequest("name is required.")
	}
	typ, _ := body["type"].(string)
	if !slices.Contains(filterTypes, typ) {
		return badRequest("type must be one of " + strings.Join(filterTypes, ", ") + ".")
	}
	if body["conditions"] == nil {
		return badRequest("conditions is required.")
	}
	cond, rp := s.parseConditions(body["conditions"])
	if rp != nil {
		return rp
	}
	for k := range body {
		if !slices.Contains([]string{"name", "type", "conditions"}, k) {
			return badRequest(k + " is not a property this endpoint accepts.")
		}
	}
	now := v1Time(c.now)
	o := object{
		"name": name, "filter_code": nil, "is_editable": true, "active_flag": true, "type": typ,
		"temporary_flag": false, "user_id": c.user, "add_time": now, "update_time": now, "visible_to": "1",
		"last_used_time": nil, "custom_view_id": nil, "conditions": cond,
	}
	f := s.filters()
	f.insert(o)
	stored, _ := f.find(o["id"].(int64))
	return v1OK(s.renderFilter(c, stored, true), nil)
}

func (s *Server) updateFilter(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	if body["conditions"] == nil {
		return badRequest("conditions is required.")
	}
	cond, rp := s.parseConditions(body["conditions"])
	if rp != nil {
		return rp
	}
	name, hasName := body["name"].(string)
	if _, ok := body["name"]; ok && (!hasName || strings.TrimSpace(name) == "") {
		return badRequest("name must be a non-empty string.")
	}
	for k := range body {
		if k != "name" && k != "conditions" {
			return badRequest(k + " is not a property this endpoint accepts.")
		}
	}
	f := s.filters()
	return f.mutate(id, func(o object) *reply {
		o["conditions"] = cond
		if hasName {
			o["name"] = name
		}
		o["update_time"] = v1Time(c.now)
		return v1OK(s.renderFilter(c, clone(o), true), nil)
	})
}

func (s *Server) deleteFilters(c *call) *reply {
	raw := c.r.URL.Query().Get("ids")
	if raw == "" {
		return badRequest("ids is required.")
	}
	var ids []int64
	for _, part := range strings.Split(raw, ",") {
		n, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
		if err != nil || n <= 0 {
			return badRequest("ids must be a comma-separated list of filter ids.")
		}
		ids = append(ids, n)
	}
	f := s.filters()
	f.mu.Lock()
	defer f.mu.Unlock()
	deleted := []int64{}
	for _, id := range ids {
		if _, ok := f.objects[id]; ok {
			delete(f.objects, id)
			deleted = append(deleted, id)
		}
	}
	return v1OK(map[string]any{"id": deleted}, nil)
}

// filterKeep reads a list request's filter_id. Without one it returns nil.
// With one it returns the predicate keeping the records the filter
// matches (called with st.mu held), or the reply refusing the request: an
// unknown filter, a filter of another type, or conditions the fake cannot
// evaluate (an operator it does not apply, a relative date, an object
// other than the listed record, its person or its organization).
func (s *Server) filterKeep(c *call, e Entity) (func(st *store, o object) bool, *reply) {
	raw := c.r.URL.Query().Get("filter_id")
	if raw == "" {
		return nil, nil
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return nil, badRequest("filter_id must be a positive integer.")
	}
	var cond map[string]any
	rp := s.filters().mutate(id, func(o object) *reply {
		if o["type"] != filterTypeOf[e] {
			return badRequest(fmt.Sprintf("Filter %d is a %v filter, not a %s filter.", id, o["type"], filterTypeOf[e]))
		}
		o["last_used_time"] = v1Time(c.now)
		cond, _ = o["conditions"].(map[string]any)
		return nil
	})
	if rp != nil {
		return nil, rp
	}
	var all, anyOf []filterCondition
	for i, g := range cond["conditions"].([]any) {
		for _, x := range g.(map[string]any)["conditions"].([]any) {
			cm := x.(map[string]any)
			fc := filterCondition{operator: cm["operator"].(string), value: cm["value"], extra: cm["extra_value"]}
			fc.object, _ = cm["object"].(string)
			fc.fieldID, _ = toInt64(cm["field_id"])
			if !slices.Contains(evaluated, fc.operator) {
				return nil, apiError(http.StatusBadRequest, fmt.Sprintf("pipedrivetest does not evaluate the operator %q.", fc.operator),
					"It applies "+strings.Join(evaluated, ", ")+".")
			}
			if v, ok := fc.value.(string); ok && slices.Contains(relativeDates, v) {
				return nil, badRequest(fmt.Sprintf("pipedrivetest does not evaluate relative dates (%q).", v))
			}
			if _, ok := relatedEntity(e, fc.object); !ok {
				return nil, badRequest(fmt.Sprintf("pipedrivetest does not evaluate %s conditions in a %s filter.", fc.object, filterTypeOf[e]))
			}
			if i == 0 {
				all = append(all, fc)
			} else {
				anyOf = append(anyOf, fc)
			}
		}
	}
	return func(st *store, o object) bool {
		for _, fc := range all {
			if !st.holds(e, o, fc) {
				return false
			}
		}
		if len(anyOf) == 0 {
			return true
		}
		for _, fc := range anyOf {
			if st.holds(e, o, fc) {
				return true
			}
		}
		return false
	}, nil
}

// relatedEntity says which stored entity a condition object names from a
// record of entity e: the record itself, or its person or organization.
func relatedEntity(e Entity, object string) (Entity, bool) {
	switch {
	case filterObjectOf[e] == object:
		return e, true
	case e == Deal && object == "person":
		return Person, true
	case (e == Deal || e == Person) && object == "organization":
		return Organization, true
	}
	return "", false
}

// holds evaluates one condition on record o of entity e. Callers hold
// st.mu.
func (st *store) holds(e Entity, o object, fc filterCondition) bool {
	target, _ := relatedEntity(e, fc.object)
	rec := o
	if target != e {
		ref := "person_id"
		if target == Organization {
			ref = "org_id"
		}
		id, _ := toInt64(o[ref])
		rec = st.objects[target][id]
	}
	f, ok := st.filterFieldLocked(target, fc.fieldID)
	if !ok {
		return false
	}
	var vals []any
	if rec != nil {
		vals = fieldValues(rec, f, fc.extra)
	}
	switch fc.operator {
	case "IS NULL":
		return len(vals) == 0
	case "IS NOT NULL":
		return len(vals) > 0
	}
	want := fmt.Sprint(fc.value)
	op, neg := fc.operator, false
	if pos, ok := negated[op]; ok {
		op, neg = pos, true
	}
	hit := false
	for _, v := range vals {
		if compareOp(v, op, want) {
			hit = true
			break
		}
	}
	if neg {
		return !hit
	}
	return hit
}

// fieldValues returns the values of field f in record o, as scalars: none
// for an empty field, several for multi-valued ones (labels, options,
// emails).
func fieldValues(o object, f filterField, extra any) []any {
	var v any
	if f.custom != nil {
		cf, _ := o["custom_fields"].(map[string]any)
		v = cf[f.code]
	} else {
		v = o[f.code]
	}
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		if x == "" {
			return nil
		}
		return []any{x}
	case []int64:
		out := make([]any, len(x))
		for i, n := range x {
			out[i] = n
		}
		return out
	case []any:
		var out []any
		for _, item := range x {
			if m, ok := item.(map[string]any); ok {
				item = m["value"] // emails, phones
			}
			if item != nil && item != "" {
				out = append(out, item)
			}
		}
		return out
	case map[string]any:
		key := "value" // monetary amount, date range start, formatted address
		if part, ok := extra.(string); ok && part != "" && part != "formatted_address" {
			key = part
		}
		if x[key] == nil || x[key] == "" {
			return nil
		}
		return []any{x[key]}
	}
	return []any{v}
}

// compareOp applies a positive operator to a stored value and the
// condition's value (text). Numbers compare as numbers; a timestamp
// compared with a date compares its date part; text compares without
// regard to case.
func compareOp(v any, op, want string) bool {
	have := fmt.Sprint(v)
	if s, ok := v.(string); ok && len(want) == len(time.DateOnly) && len(s) > len(want) {
		if _, err := time.Parse(time.DateOnly, want); err == nil {
			if t, err := time.Parse(time.RFC3339, s); err == nil {
				have = t.UTC().Format(time.DateOnly)
			}
		}
	}
	if b, ok := v.(bool); ok {
		have = strconv.FormatBool(b)
		if want == "1" || want == "0" {
			want = strconv.FormatBool(want == "1")
		}
	}
	cmp, numeric := 0, false
	if a, err := strconv.ParseFloat(have, 64); err == nil {
		if b, err := strconv.ParseFloat(want, 64); err == nil {
			numeric = true
			switch {
			case a < b:
				cmp = -1
			case a > b:
				cmp = 1
			}
		}
	}
	lh, lw := strings.ToLower(have), strings.ToLower(want)
	if !numeric {
		cmp = strings.Compare(lh, lw)
	}
	switch op {
	case "=", "contains":
		return cmp == 0
	case "<":
		return cmp < 0
	case ">":
		return cmp > 0
	case "<=":
		return cmp <= 0
	case ">=":
		return cmp >= 0
	case "LIKE '%$%'":
		return strings.Contains(lh, lw)
	case "LIKE '$%'":
		return strings.HasPrefix(lh, lw)
	case "LIKE '%$'":
		return strings.HasSuffix(lh, lw)
	}
	return false
}

func (s *Server) filterHelpers(*call) *reply {
	cmp := func(extra ...[2]string) map[string]any {
		m := map[string]any{"=": "is", "!=": "is not", ">": "is more than", "<": "is less than",
			">=": "is more or equal to", "<=": "is less or equal to", "IS NULL": "is empty", "IS NOT NULL": "is not empty"}
		for _, kv := range extra {
			m[kv[0]] = kv[1]
		}
		return m
	}
	dates := map[string]any{"=": "is", "!=": "is not", ">": "is later than", "<": "is earlier than",
		">=": "is exactly or later than", "<=": "is exactly or earlier than", "IS NULL": "is empty", "IS NOT NULL": "is not empty"}
	ranges := map[string]any{"=": "starts at", "!=": "does not start at", "ends_at": "ends at",
		"does_not_end_at": "does not end at", "<": "starts before", "<=": "starts exactly on or before",
		"ends_before": "ends before", "ends_e_before": "ends exactly on or before", ">": "starts after",
		"ends_after": "ends after", ">=": "starts exactly or after", "ends_e_after": "ends exactly or after",
		"includes": "does include", "IS NULL": "is empty", "IS NOT NULL": "is not empty"}
	is := func(extra ...[2]string) map[string]any {
		m := map[string]any{"=": "is", "!=": "is not"}
		for _, kv := range extra {
			m[kv[0]] = kv[1]
		}
		return m
	}
	empty := [][2]string{{"IS NULL", "is empty"}, {"IS NOT NULL", "is not empty"}}
	labels := func(keys []string) map[string]any {
		m := map[string]any{}
		for _, k := range keys {
			m[k] = strings.ReplaceAll(k, "_", " ")
		}
		return m
	}
	return v1OK(map[string]any{
		"operators": map[string]any{
			"int": cmp(), "double": cmp(), "monetary": cmp(), "date": dates, "time": dates,
			"entered_stage": map[string]any{"=": "is", "!=": "is not", ">": "is later than", "<": "is earlier than",
				">=": "is exactly or later than", "<=": "is exactly or earlier than"},
			"timerange": ranges, "daterange": ranges,
			"varchar": is(append(empty, [2]string{"LIKE '%$%'", "contains"}, [2]string{"LIKE '$%'", "starts with"},
				[2]string{"NOT LIKE '$%'", "does not start with"})...),
			"stage": is([2]string{"has_been", "has been"}),
			"title": map[string]any{"=": "is", "LIKE '$%'": "starts with", "LIKE '%$%'": "contains", "NOT LIKE '$%'": "does not start with"},
			"set":   is(append(empty, [2]string{"contains", "contains"}, [2]string{"not_contains", "does not contain"})...),
			// Pipedrive sends the enum operators as a list of one-member
			// objects; so does the fake.
			"enum": []any{map[string]any{"=": "is"}, map[string]any{"!=": "is not"},
				map[string]any{"IS NULL": "is empty"}, map[string]any{"IS NOT NULL": "is not empty"}},
			"deal": is(empty...), "product": is(empty...), "person": is(empty...), "organization": is(empty...),
			"user":   is(append(empty, [2]string{"belongs_to_team", "belongs to team"})...),
			"status": is(), "visible_to": is(), "currency": is(), "pipeline": is(),
		},
		"deprecated_operators": map[string]any{"NOT LIKE '%$%'": "does not contain", "LIKE '%$'": "ends with", "NOT LIKE '%$'": "does not end with"},
		"relative_dates": map[string]any{
			"Relative date intervals": labels(relativeIntervals),
			"Relative dates":          labels(relativeDays),
			"Deal specific":           map[string]any{"rotten_time": "Rotten time"},
		},
		"address_field_components": map[string]any{
			"subpremise": "Apartment/suite no", "street_number": "House number", "route": "Street/road name",
			"sublocality": "District/sublocality", "locality": "City/town/village/locality",
			"admin_area_level_1": "State/county", "admin_area_level_2": "Region", "country": "Country",
			"postal_code": "ZIP/Postal code", "formatted_address": "Full/combined address",
		},
	}, nil)
}
