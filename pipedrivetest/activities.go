package pipedrivetest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// The activities family: activities (v2), the activity field definitions
// (v2), activity types (v1), notes with their comments, and the note field
// definitions (v1).
//
// Activities validate their body as the API does (the type must be an
// active activity type's key, dates YYYY-MM-DD, times and durations HH:MM
// or HH:MM:SS, priority an option of the priority field), keep the
// primary participant and person_id in step, set marked_as_done_time when
// an activity is done, and list with every filter of GET /activities
// (owner, deal, lead, person, organization, done, ids, updated
// since/until), sorted by id, add_time, update_time or due_date, paged by
// cursor. attendees are returned only with include_fields=attendees.
//
// Activity types start with Pipedrive's six (call, meeting, task,
// deadline, email, lunch); a deleted type is deactivated, not removed.
// Notes must be attached to a lead, deal, person, organization, project
// or task; the deal, person and organization must exist. They carry the
// linked records' titles and names, list with every filter of GET /notes
// (and its sort), paged by offset, and keep their comments, which are
// identified by UUIDs.
func (s *Server) activitiesRoutes(op opRoute) {
	f := &activitiesFake{s: s}
	f.types = s.collection("activityTypes", func() *collection {
		return &collection{label: "Activity type", v1: true}
	})
	if len(f.types.all()) == 0 {
		for i, t := range defaultActivityTypes {
			now := v1Time(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
			f.types.insert(object{
				"id": int64(i + 1), "order_nr": int64(i + 1), "name": t[1], "key_string": t[0], "icon_key": t[0],
				"active_flag": true, "color": nil, "is_custom_flag": false, "add_time": now, "update_time": now,
			})
		}
	}
	f.activities = s.collection("activities", func() *collection { return &collection{label: "Activity"} })
	f.notes = s.collection("notes", func() *collection { return &collection{label: "Note", v1: true} })
	f.comments = s.collection("noteComments", func() *collection { return &collection{label: "Comment", v1: true} })

	op(ops.V2GetActivities, f.listActivities)
	op(ops.V2AddActivity, f.createActivity)
	op(ops.V2GetActivity, f.getActivity)
	op(ops.V2UpdateActivity, f.updateActivity)
	op(ops.V2DeleteActivity, f.activities.delete)
	op(ops.V2GetActivityFields, f.listActivityFields)
	op(ops.V2GetActivityField, f.getActivityField)

	op(ops.V1GetActivityTypes, f.listActivityTypes)
	op(ops.V1AddActivityType, f.createActivityType)
	op(ops.V1UpdateActivityType, f.updateActivityType)
	op(ops.V1DeleteActivityType, f.deleteActivityType)

	op(ops.V1GetNotes, f.listNotes)
	op(ops.V1AddNote, f.createNote)
	op(ops.V1GetNote, f.getNote)
	op(ops.V1UpdateNote, f.updateNote)
	op(ops.V1DeleteNote, f.deleteNote)
	op(ops.V1GetNoteComments, f.listComments)
	op(ops.V1AddNoteComment, f.addComment)
	op(ops.V1GetComment, f.getComment)
	op(ops.V1UpdateCommentForNote, f.updateComment)
	op(ops.V1DeleteComment, f.deleteComment)
	op(ops.V1GetNoteFields, f.listNoteFields)
}

// activitiesFake holds the family's collections.
type activitiesFake struct {
	s                                  *Server
	activities, types, notes, comments *collection
}

// defaultActivityTypes are the types every company starts with: key and
// name.
var defaultActivityTypes = [][2]string{
	{"call", "Call"}, {"meeting", "Meeting"}, {"task", "Task"},
	{"deadline", "Deadline"}, {"email", "Email"}, {"lunch", "Lunch"},
}

// Activity priorities: the options of the priority field.
var activityPriorities = []fieldOption{{1, "High"}, {2, "Medium"}, {3, "Low"}}

// ---- activities (v2)

// activityMembers are the members an activity body may set, with their
// checks; a check returns the value to store.
var activityMembers = map[string]func(f *activitiesFake, v any) (any, error){
	"subject":            optString,
	"public_description": optString,
	"note":               optString,
	"lead_id":            optString,
	"type": func(f *activitiesFake, v any) (any, error) {
		s, ok := v.(string)
		if !ok || s == "" {
			return nil, fmt.Errorf("expects an activity type key")
		}
		if !f.activeType(s) {
			return nil, fmt.Errorf("%q is not an active activity type", s)
		}
		return s, nil
	},
	"owner_id":   reqID,
	"deal_id":    optID,
	"person_id":  optID,
	"org_id":     optID,
	"project_id": optID,
	"due_date": func(_ *activitiesFake, v any) (any, error) {
		if v == nil {
			return nil, nil
		}
		return asDate(v)
	},
	"due_time": clockValue,
	"duration": clockValue,
	"busy":     reqBool,
	"done":     reqBool,
	"priority": func(_ *activitiesFake, v any) (any, error) {
		if v == nil {
			return nil, nil
		}
		id, err := asInt(v)
		if err != nil {
			return nil, err
		}
		for _, o := range activityPriorities {
			if o.ID == id {
				return id, nil
			}
		}
		return nil, fmt.Errorf("has no option with id %d", id)
	},
	"location": func(_ *activitiesFake, v any) (any, error) {
		if v == nil {
			return nil, nil
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("expects an address object")
		}
		for k, x := range m {
			if !slices.Contains(addressParts, k) {
				return nil, fmt.Errorf("has an unknown member %q", k)
			}
			if _, ok := x.(string); !ok && x != nil {
				return nil, fmt.Errorf("%s expects a string", k)
			}
		}
		return plainJSON(m), nil
	},
	"participants": func(_ *activitiesFake, v any) (any, error) {
		arr, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("expects an array of {person_id, primary}")
		}
		out := make([]any, 0, len(arr))
		primaries := 0
		for _, x := range arr {
			m, ok := x.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("expects an array of {person_id, primary}")
			}
			id, err := asInt(m["person_id"])
			if err != nil || id <= 0 {
				return nil, fmt.Errorf("person_id expects a positive integer")
			}
			primary, _ := m["primary"].(bool)
			if primary {
				primaries++
			}
			out = append(out, map[string]any{"person_id": id, "primary": primary})
		}
		if primaries > 1 {
			return nil, fmt.Errorf("may have one primary participant")
		}
		return out, nil
	},
	"attendees": func(_ *activitiesFake, v any) (any, error) {
		arr, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("expects an array of attendees")
		}
		out := make([]any, 0, len(arr))
		for _, x := range arr {
			m, ok := x.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("expects an array of attendees")
			}
			email, _ := m["email"].(string)
			if !strings.Contains(email, "@") {
				return nil, fmt.Errorf("email expects an address")
			}
			a := map[string]any{"email": email, "name": m["name"], "status": "noreply", "is_organizer": false,
				"person_id": nil, "user_id": nil}
			if st, ok := m["status"].(string); ok && st != "" {
				a["status"] = st
			}
			if org, ok := m["is_organizer"].(bool); ok {
				a["is_organizer"] = org
			}
			for _, k := range []string{"person_id", "user_id"} {
				if m[k] != nil {
					id, err := asInt(m[k])
					if err != nil {
						return nil, fmt.Errorf("%s expects an integer", k)
					}
					a[k] = id
				}
			}
			out = append(out, a)
		}
		return out, nil
	},
}

var addressParts = []string{"value", "country", "admin_area_level_1", "admin_area_level_2", "locality",
	"sublocality", "route", "street_number", "subpremise", "postal_code", "formatted_address"}

func optString(_ *activitiesFake, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("expects a string")
	}
	return s, nil
}

func optID(_ *activitiesFake, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	id, err := asInt(v)
	if err != nil || id <= 0 {
		return nil, fmt.Errorf("expects a positive integer or null")
	}
	return id, nil
}

func reqID(f *activitiesFake, v any) (any, error) {
	if v == nil {
		return nil, fmt.Errorf("expects a positive integer")
	}
	return optID(f, v)
}

func reqBool(_ *activitiesFake, v any) (any, error) {
	b, ok := v.(bool)
	if !ok {
		return nil, fmt.Errorf("expects a boolean")
	}
	return b, nil
}

var clockPattern = regexp.MustCompile(`^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$`)

// clockValue checks an HH:MM or HH:MM:SS value and stores it as
// HH:MM:SS, as the API returns it.
func clockValue(_ *activitiesFake, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	s, _ := v.(string)
	m := clockPattern.FindStringSubmatch(s)
	if m == nil {
		return nil, fmt.Errorf("expects HH:MM or HH:MM:SS")
	}
	h, _ := strconv.Atoi(m[1])
	sec := m[3]
	if sec == "" {
		sec = "00"
	}
	return fmt.Sprintf("%02d:%s:%s", h, m[2], sec), nil
}

// activeType reports whether key names an active activity type.
func (f *activitiesFake) activeType(key string) bool {
	for _, t := range f.types.all() {
		if t["key_string"] == key && t["active_flag"] == true {
			return true
		}
	}
	return false
}

// applyActivity checks body and copies it into o (a copy the caller
// stores only when it succeeds).
func (f *activitiesFake) applyActivity(o object, body map[string]any, now string) *reply {
	for k, v := range body {
		check, ok := activityMembers[k]
		if !ok {
			return badRequest(k + " is not a property this endpoint accepts.")
		}
		cv, err := check(f, v)
		if err != nil {
			return badRequest(fmt.Sprintf("%s %v.", k, err))
		}
		o[k] = cv
	}
	if t, ok := body["due_time"]; ok && t != nil && o["due_date"] == nil {
		return badRequest("due_time needs a due_date.")
	}
	// The primary participant and person_id name the same person.
	_, setParts := body["participants"]
	_, setPerson := body["person_id"]
	switch {
	case setParts:
		o["person_id"] = nil
		for _, p := range o["participants"].([]any) {
			if pm := p.(map[string]any); pm["primary"] == true {
				o["person_id"] = pm["person_id"]
			}
		}
	case setPerson:
		var parts []any
		for _, p := range participantsOf(o) {
			if pm := p.(map[string]any); pm["primary"] != true {
				parts = append(parts, pm)
			}
		}
		if id, ok := o["person_id"].(int64); ok {
			parts = append([]any{map[string]any{"person_id": id, "primary": true}}, parts...)
		}
		if parts == nil {
			parts = []any{}
		}
		o["participants"] = parts
	}
	if d, ok := body["done"]; ok {
		switch {
		case d == true && o["marked_as_done_time"] == nil:
			o["marked_as_done_time"] = now
		case d == false:
			o["marked_as_done_time"] = nil
		}
	}
	return nil
}

func participantsOf(o object) []any {
	parts, _ := o["participants"].([]any)
	return parts
}

func (f *activitiesFake) createActivity(c *call) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	now := v2Time(c.now)
	o := object{
		"subject": nil, "type": "task", "owner_id": c.user, "creator_user_id": c.user, "is_deleted": false,
		"add_time": now, "update_time": now, "deal_id": nil, "lead_id": nil, "person_id": nil, "org_id": nil,
		"project_id": nil, "due_date": nil, "due_time": nil, "duration": nil, "busy": false, "done": false,
		"marked_as_done_time": nil, "location": nil, "participants": []any{}, "attendees": []any{},
		"conference_meeting_client": nil, "conference_meeting_url": nil, "conference_meeting_id": nil,
		"public_description": nil, "priority": nil, "note": nil,
	}
	if _, ok := body["type"]; !ok && !f.activeType("task") {
		return badRequest("type is required: the default type (task) is not active.")
	}
	if rp := f.applyActivity(o, body, now); rp != nil {
		return rp
	}
	if o["subject"] == nil {
		o["subject"] = f.typeName(o["type"].(string))
	}
	f.activities.insert(o)
	return v2OK(activityView(o, true), nil)
}

// typeName returns the name of the activity type key, the subject of an
// activity created without one.
func (f *activitiesFake) typeName(key string) string {
	for _, t := range f.types.all() {
		if t["key_string"] == key {
			name, _ := t["name"].(string)
			return name
		}
	}
	return key
}

// activityView is the activity as the API returns it: attendees only
// when asked for.
func activityView(o object, attendees bool) object {
	v := clone(o)
	if !attendees {
		delete(v, "attendees")
	}
	return v
}

// wantsAttendees reports whether include_fields asks for attendees.
func wantsAttendees(c *call) bool {
	for _, part := range strings.Split(c.r.URL.Query().Get("include_fields"), ",") {
		if strings.TrimSpace(part) == "attendees" {
			return true
		}
	}
	return false
}

func (f *activitiesFake) getActivity(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	o, ok := f.activities.find(id)
	if !ok {
		return notFound("Activity")
	}
	return v2OK(activityView(o, wantsAttendees(c)), nil)
}

func (f *activitiesFake) updateActivity(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	now := v2Time(c.now)
	return f.activities.mutate(id, func(stored object) *reply {
		o := clone(stored)
		if rp := f.applyActivity(o, body, now); rp != nil {
			return rp
		}
		o["update_time"] = now
		f.activities.objects[id] = o
		return v2OK(activityView(o, true), nil)
	})
}

var activitySorts = []string{"id", "update_time", "add_time", "due_date"}

func (f *activitiesFake) listActivities(c *call) *reply {
	q := c.r.URL.Query()
	if q.Get("filter_id") != "" {
		return badRequest("pipedrivetest does not evaluate saved filters (filter_id).")
	}
	by := q.Get("sort_by")
	if by == "" {
		by = "id"
	}
	if !slices.Contains(activitySorts, by) {
		return badRequest("sort_by must be one of " + strings.Join(activitySorts, ", ") + ".")
	}
	dir := q.Get("sort_direction")
	if dir != "" && dir != "asc" && dir != "desc" {
		return badRequest("sort_direction must be asc or desc.")
	}
	if d := q.Get("done"); d != "" && d != "true" && d != "false" {
		return badRequest("done must be true or false.")
	}
	ids, rp := queryIDs(q.Get("ids"))
	if rp != nil {
		return rp
	}
	since, until, rp := timeBounds(q.Get("updated_since"), q.Get("updated_until"))
	if rp != nil {
		return rp
	}
	var out []object
	for _, o := range f.activities.all() {
		if ids != nil && !slices.Contains(ids, o["id"].(int64)) {
			continue
		}
		if !matches(o, q, []string{"owner_id", "deal_id", "lead_id", "person_id", "org_id", "done"}) {
			continue
		}
		if !inBounds(o["update_time"], since, until) {
			continue
		}
		out = append(out, activityView(o, wantsAttendees(c)))
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := activitySortKey(out[i], by), activitySortKey(out[j], by)
		if a == b {
			return out[i]["id"].(int64) < out[j]["id"].(int64)
		}
		if dir == "desc" {
			return a > b
		}
		return a < b
	})
	return pageV2(c, out)
}

// activitySortKey returns o's value for sort_by as a comparable string;
// activities without a due date sort last.
func activitySortKey(o object, by string) string {
	switch by {
	case "id":
		return fmt.Sprintf("%020d", o["id"].(int64))
	case "due_date":
		d, _ := o["due_date"].(string)
		if d == "" {
			return "~"
		}
		t, _ := o["due_time"].(string)
		return d + " " + t
	}
	s, _ := o[by].(string)
	return s
}

// queryIDs parses a comma-separated ids parameter (nil when absent).
func queryIDs(s string) ([]int64, *reply) {
	if s == "" {
		return nil, nil
	}
	var ids []int64
	for _, p := range strings.Split(s, ",") {
		id, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64)
		if err != nil || id <= 0 {
			return nil, badRequest("ids must be a comma-separated list of ids.")
		}
		ids = append(ids, id)
	}
	if len(ids) > 100 {
		return nil, badRequest("ids takes at most 100 ids.")
	}
	return ids, nil
}

// timeBounds parses the RFC 3339 bounds of an updated_since /
// updated_until filter (zero when absent).
func timeBounds(since, until string) (s, u time.Time, rp *reply) {
	for _, b := range []struct {
		v   string
		out *time.Time
		n   string
	}{{since, &s, "updated_since"}, {until, &u, "updated_until"}} {
		if b.v == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, b.v)
		if err != nil {
			return s, u, badRequest(b.n + " must be an RFC 3339 time, e.g. 2025-01-01T10:20:00Z.")
		}
		*b.out = t
	}
	return s, u, nil
}

// inBounds reports whether the stored time v (either API's form) is at or
// after since and before until (zero bounds do not limit).
func inBounds(v any, since, until time.Time) bool {
	if since.IsZero() && until.IsZero() {
		return true
	}
	s, _ := v.(string)
	t, err := crm.ParseTime(s)
	if err != nil {
		return false
	}
	return (since.IsZero() || !t.Before(since)) && (until.IsZero() || t.Before(until))
}

// ---- activity fields (v2)

// activityFieldDefs are the activity field definitions the server
// serves: code, name, type.
var activityFieldDefs = [][3]string{
	{"subject", "Subject", "varchar"}, {"type", "Type", "varchar_options"}, {"owner_id", "Assigned to user", "user"},
	{"due_date", "Due date", "date"}, {"due_time", "Due time", "time"}, {"duration", "Duration", "time"},
	{"busy", "Free/busy", "boolean"}, {"done", "Done", "boolean"}, {"deal_id", "Deal", "deal"},
	{"lead_id", "Lead", "lead"}, {"person_id", "Contact person", "people"}, {"org_id", "Organization", "org"},
	{"project_id", "Project", "project"}, {"location", "Location", "address"},
	{"public_description", "Description", "text"}, {"note", "Note", "text"}, {"priority", "Priority", "enum"},
}

func activityField(def [3]string, uiVisibility bool) object {
	d := object{
		"field_name": def[1], "field_code": def[0], "field_type": def[2], "options": nil, "subfields": nil,
		"is_custom_field": false, "is_optional_response_field": def[0] == "attendees",
	}
	switch def[0] {
	case "priority":
		opts := make([]any, len(activityPriorities))
		for i, o := range activityPriorities {
			opts[i] = map[string]any{"id": o.ID, "label": o.Label, "color": nil}
		}
		d["options"] = opts
	case "location":
		subs := make([]any, 0, len(addressParts))
		for _, p := range addressParts {
			subs = append(subs, map[string]any{"field_code": p, "field_name": p + " of Location", "field_type": "varchar"})
		}
		d["subfields"] = subs
	}
	if uiVisibility {
		d["ui_visibility"] = map[string]any{"add_visible_flag": true, "details_visible_flag": true}
	}
	return d
}

func (f *activitiesFake) listActivityFields(c *call) *reply {
	ui, rp := fieldIncludes(c)
	if rp != nil {
		return rp
	}
	list := make([]object, len(activityFieldDefs))
	for i, d := range activityFieldDefs {
		list[i] = activityField(d, ui)
	}
	return pageV2(c, list)
}

func (f *activitiesFake) getActivityField(c *call) *reply {
	ui, rp := fieldIncludes(c)
	if rp != nil {
		return rp
	}
	code := c.r.PathValue("field_code")
	for _, d := range activityFieldDefs {
		if d[0] == code {
			return v2OK(activityField(d, ui), nil)
		}
	}
	return notFound("Field")
}

// ---- activity types (v1)

var hexColor = regexp.MustCompile(`^[0-9a-fA-F]{6}$`)

// typeMembers checks an activity type body; creating requires name and
// icon_key.
func typeMembers(body map[string]any, creating bool) (object, *reply) {
	out := object{}
	for k, v := range body {
		switch k {
		case "name":
			s, ok := v.(string)
			if !ok || strings.TrimSpace(s) == "" {
				return nil, badRequest("name expects a non-empty string.")
			}
			out[k] = s
		case "icon_key":
			s, _ := v.(string)
			if !slices.Contains(crm.ActivityIcons(), crm.ActivityIcon(s)) {
				return nil, badRequest(fmt.Sprintf("icon_key %q is not an activity type icon.", s))
			}
			out[k] = s
		case "color":
			s, _ := v.(string)
			if !hexColor.MatchString(s) {
				return nil, badRequest("color expects six hexadecimal digits.")
			}
			out[k] = s
		case "order_nr":
			if creating {
				return nil, badRequest("order_nr is not a property this endpoint accepts.")
			}
			n, err := asInt(v)
			if err != nil || n < 0 {
				return nil, badRequest("order_nr expects a non-negative integer.")
			}
			out[k] = n
		default:
			return nil, badRequest(k + " is not a property this endpoint accepts.")
		}
	}
	if creating {
		for _, k := range []string{"name", "icon_key"} {
			if _, ok := out[k]; !ok {
				return nil, badRequest(k + " is required.")
			}
		}
	}
	return out, nil
}

var nonKey = regexp.MustCompile(`[^a-z0-9]+`)

func (f *activitiesFake) listActivityTypes(c *call) *reply {
	list := f.types.all()
	sort.SliceStable(list, func(i, j int) bool { return list[i]["order_nr"].(int64) < list[j]["order_nr"].(int64) })
	return v1OK(list, nil)
}

func (f *activitiesFake) createActivityType(c *call) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	m, rp := typeMembers(body, true)
	if rp != nil {
		return rp
	}
	tc := f.types
	tc.mu.Lock()
	defer tc.mu.Unlock()
	base := strings.Trim(nonKey.ReplaceAllString(strings.ToLower(m["name"].(string)), "_"), "_")
	if base == "" {
		base = "type"
	}
	key, order := base, int64(0)
	for n := 2; ; n++ {
		taken := false
		for _, t := range tc.objects {
			taken = taken || t["key_string"] == key
		}
		if !taken {
			break
		}
		key = base + "_" + strconv.Itoa(n)
	}
	for _, t := range tc.objects {
		order = max(order, t["order_nr"].(int64))
	}
	now := v1Time(c.now)
	o := object{"order_nr": order + 1, "key_string": key, "active_flag": true, "color": nil,
		"is_custom_flag": true, "add_time": now, "update_time": now}
	for k, v := range m {
		o[k] = v
	}
	tc.insertLocked(o)
	return v1OK(clone(o), nil)
}

func (f *activitiesFake) updateActivityType(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	m, rp := typeMembers(body, false)
	if rp != nil {
		return rp
	}
	return f.types.mutate(id, func(o object) *reply {
		for k, v := range m {
			o[k] = v
		}
		o["update_time"] = v1Time(c.now)
		if pos, ok := m["order_nr"].(int64); ok {
			f.reorderLocked(o, pos)
		}
		return v1OK(clone(o), nil)
	})
}

// reorderLocked moves the type o to position pos (1-based) and numbers
// the types 1, 2, ... again, as the web app's drag and drop does.
func (f *activitiesFake) reorderLocked(o object, pos int64) {
	var rest []object
	for _, t := range f.types.objects {
		if t["id"] != o["id"] {
			rest = append(rest, t)
		}
	}
	sort.Slice(rest, func(i, j int) bool {
		a, b := rest[i]["order_nr"].(int64), rest[j]["order_nr"].(int64)
		if a == b {
			return rest[i]["id"].(int64) < rest[j]["id"].(int64)
		}
		return a < b
	})
	at := int(min(max(pos, 1), int64(len(rest)+1))) - 1
	rest = slices.Insert(rest, at, o)
	for i, t := range rest {
		t["order_nr"] = int64(i + 1)
	}
}

func (f *activitiesFake) deleteActivityType(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	return f.types.mutate(id, func(o object) *reply {
		o["active_flag"] = false
		o["update_time"] = v1Time(c.now)
		return v1OK(clone(o), nil)
	})
}

// ---- notes (v1)

var noteLinks = []string{"lead_id", "deal_id", "person_id", "org_id", "project_id", "task_id"}

var notePins = []string{"pinned_to_lead_flag", "pinned_to_deal_flag", "pinned_to_organization_flag",
	"pinned_to_person_flag", "pinned_to_project_flag", "pinned_to_task_flag"}

// pinLink is the link a pinned flag needs.
var pinLink = map[string]string{
	"pinned_to_lead_flag": "lead_id", "pinned_to_deal_flag": "deal_id", "pinned_to_organization_flag": "org_id",
	"pinned_to_person_flag": "person_id", "pinned_to_project_flag": "project_id", "pinned_to_task_flag": "task_id",
}

// linkEntity is the stored entity a note link must name.
var linkEntity = map[string]Entity{"deal_id": Deal, "person_id": Person, "org_id": Organization}

// applyNote checks a note body and copies it into o.
func (f *activitiesFake) applyNote(o object, body map[string]any) *reply {
	for k, v := range body {
		switch {
		case k == "content":
			s, ok := v.(string)
			if !ok {
				return badRequest("content expects a string.")
			}
			o[k] = s
		case k == "lead_id":
			s, ok := v.(string)
			if !ok && v != nil {
				return badRequest("lead_id expects a UUID.")
			}
			if s == "" {
				o[k] = nil
			} else {
				o[k] = s
			}
		case slices.Contains(noteLinks, k) || k == "user_id":
			if v == nil && k != "user_id" {
				o[k] = nil
				continue
			}
			id, err := asInt(v)
			if err != nil || id <= 0 {
				return badRequest(k + " expects a positive integer.")
			}
			if e, ok := linkEntity[k]; ok {
				if _, found := f.s.Object(e, id); !found {
					return badRequest(fmt.Sprintf("%s %d not found.", entityInfo[e].label, id))
				}
			}
			o[k] = id
		case k == "add_time":
			s, _ := v.(string)
			t, err := time.Parse(time.DateTime, s)
			if err != nil {
				return badRequest("add_time expects YYYY-MM-DD HH:MM:SS.")
			}
			o[k] = v1Time(t)
		case slices.Contains(notePins, k):
			b, ok := flagValue(v)
			if !ok {
				return badRequest(k + " expects 0 or 1.")
			}
			o[k] = b
		default:
			return badRequest(k + " is not a property this endpoint accepts.")
		}
	}
	if s, _ := o["content"].(string); strings.TrimSpace(s) == "" {
		return badRequest("content is required.")
	}
	linked := false
	for _, k := range noteLinks {
		linked = linked || o[k] != nil
	}
	if !linked {
		return badRequest("A note needs one of " + strings.Join(noteLinks, ", ") + ".")
	}
	for _, p := range notePins {
		if o[p] == true && o[pinLink[p]] == nil {
			return badRequest(p + " needs " + pinLink[p] + ".")
		}
	}
	return nil
}

// flagValue reads a v1 flag: 0/1 or a boolean.
func flagValue(v any) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case json.Number:
		switch x.String() {
		case "0":
			return false, true
		case "1":
			return true, true
		}
	}
	return false, false
}

// noteView is the note as the API returns it: with its linked records'
// titles and names and its author, looked up now.
func (f *activitiesFake) noteView(o object, caller int64) object {
	v := clone(o)
	for k, e := range linkEntity {
		id, ok := v[k].(int64)
		if !ok {
			continue
		}
		rec, found := f.s.Object(e, id)
		if !found {
			continue
		}
		switch e {
		case Deal:
			v["deal"] = map[string]any{"title": rec["title"]}
		case Person:
			v["person"] = map[string]any{"name": rec["name"]}
		case Organization:
			v["organization"] = map[string]any{"name": rec["name"]}
		}
	}
	if uid, ok := v["user_id"].(int64); ok {
		u := userJSON(uid, f.s.company)
		v["user"] = map[string]any{"email": u["email"], "name": u["name"], "icon_url": u["icon_url"], "is_you": uid == caller}
	}
	return v
}

func (f *activitiesFake) createNote(c *call) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	now := v1Time(c.now)
	o := object{"content": "", "user_id": c.user, "active_flag": true, "add_time": now, "update_time": now,
		"last_update_user_id": nil}
	for _, k := range noteLinks {
		o[k] = nil
	}
	for _, p := range notePins {
		o[p] = false
	}
	if rp := f.applyNote(o, body); rp != nil {
		return rp
	}
	f.notes.insert(o)
	return v1OK(f.noteView(o, c.user), nil)
}

func (f *activitiesFake) getNote(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	o, ok := f.notes.find(id)
	if !ok {
		return notFound("Note")
	}
	return v1OK(f.noteView(o, c.user), nil)
}

func (f *activitiesFake) updateNote(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	return f.notes.mutate(id, func(stored object) *reply {
		o := clone(stored)
		if rp := f.applyNote(o, body); rp != nil {
			return rp
		}
		o["update_time"], o["last_update_user_id"] = v1Time(c.now), c.user
		f.notes.objects[id] = o
		return v1OK(f.noteView(o, c.user), nil)
	})
}

func (f *activitiesFake) deleteNote(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	rp = f.notes.mutate(id, func(object) *reply {
		delete(f.notes.objects, id)
		return nil
	})
	if rp != nil {
		return rp
	}
	cc := f.comments
	cc.mu.Lock()
	for k, cm := range cc.objects {
		if cm["note_id"] == id {
			delete(cc.objects, k)
		}
	}
	cc.mu.Unlock()
	return v1OK(true, nil)
}

func (f *activitiesFake) listNotes(c *call) *reply {
	q := c.r.URL.Query()
	var dates [2]string
	for i, k := range []string{"start_date", "end_date"} {
		if v := q.Get(k); v != "" {
			if _, err := time.Parse(time.DateOnly, v); err != nil {
				return badRequest(k + " must be a date YYYY-MM-DD.")
			}
			dates[i] = v
		}
	}
	since, _, rp := timeBounds(q.Get("updated_since"), "")
	if rp != nil {
		return rp
	}
	pins := map[string]bool{}
	for _, p := range notePins {
		switch q.Get(p) {
		case "":
		case "0":
			pins[p] = false
		case "1":
			pins[p] = true
		default:
			return badRequest(p + " must be 0 or 1.")
		}
	}
	order, rp := parseNoteSort(q.Get("sort"))
	if rp != nil {
		return rp
	}
	var out []object
	for _, o := range f.notes.all() {
		if !matches(o, q, append([]string{"user_id"}, noteLinks...)) || !inBounds(o["update_time"], since, time.Time{}) {
			continue
		}
		day := o["add_time"].(string)[:10]
		if (dates[0] != "" && day < dates[0]) || (dates[1] != "" && day > dates[1]) {
			continue
		}
		keep := true
		for p, want := range pins {
			keep = keep && o[p] == want
		}
		if keep {
			out = append(out, f.noteView(o, c.user))
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		for _, s := range order {
			if c := compareValues(out[i][s.field], out[j][s.field]); c != 0 {
				return (c < 0) != s.desc
			}
		}
		return false
	})
	return pageV1(c, out)
}

type sortTerm struct {
	field string
	desc  bool
}

// parseNoteSort reads "field ASC, field DESC" (top-level members only).
func parseNoteSort(s string) ([]sortTerm, *reply) {
	var out []sortTerm
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	for _, part := range strings.Split(s, ",") {
		words := strings.Fields(part)
		if len(words) == 0 || len(words) > 2 || strings.Contains(words[0], ".") {
			return nil, badRequest("sort must be field names, each optionally followed by ASC or DESC.")
		}
		t := sortTerm{field: words[0]}
		if len(words) == 2 {
			switch strings.ToUpper(words[1]) {
			case "ASC":
			case "DESC":
				t.desc = true
			default:
				return nil, badRequest("sort direction must be ASC or DESC.")
			}
		}
		out = append(out, t)
	}
	return out, nil
}

// compareValues orders stored values: numbers by value, strings and
// booleans by text, nil last.
func compareValues(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	x, okx := toInt64(a)
	y, oky := toInt64(b)
	if okx && oky {
		return cmpInt(x, y)
	}
	return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// ---- note comments (v1)

// commentTime formats a comment's timestamp as the API does: RFC 3339
// with milliseconds, even under /v1.
func commentTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func commentView(o object) object {
	v := clone(o)
	delete(v, "id")
	delete(v, "note_id")
	return v
}

// noteOf checks that the note of the path exists.
func (f *activitiesFake) noteOf(c *call) (int64, *reply) {
	id, rp := pathID(c, "id")
	if rp != nil {
		return 0, rp
	}
	if _, ok := f.notes.find(id); !ok {
		return 0, notFound("Note")
	}
	return id, nil
}

// commentContent reads the content of a comment body.
func commentContent(c *call) (string, *reply) {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return "", rp
	}
	for k := range body {
		if k != "content" {
			return "", badRequest(k + " is not a property this endpoint accepts.")
		}
	}
	s, _ := body["content"].(string)
	if strings.TrimSpace(s) == "" {
		return "", badRequest("content is required.")
	}
	return s, nil
}

// findComment returns the internal id of the comment of the path.
func (f *activitiesFake) findComment(c *call, noteID int64) (int64, *reply) {
	uuid := c.r.PathValue("commentId")
	for _, cm := range f.comments.all() {
		if cm["note_id"] == noteID && cm["uuid"] == uuid {
			return cm["id"].(int64), nil
		}
	}
	return 0, notFound("Comment")
}

func (f *activitiesFake) listComments(c *call) *reply {
	noteID, rp := f.noteOf(c)
	if rp != nil {
		return rp
	}
	var out []object
	for _, cm := range f.comments.all() {
		if cm["note_id"] == noteID {
			out = append(out, commentView(cm))
		}
	}
	return pageV1(c, out)
}

func (f *activitiesFake) addComment(c *call) *reply {
	noteID, rp := f.noteOf(c)
	if rp != nil {
		return rp
	}
	content, rp := commentContent(c)
	if rp != nil {
		return rp
	}
	now := commentTime(c.now)
	o := object{"uuid": uuid(), "note_id": noteID, "active_flag": true, "add_time": now, "update_time": now,
		"content": content, "object_id": strconv.FormatInt(noteID, 10), "object_type": "note",
		"user_id": c.user, "updater_id": c.user, "company_id": f.s.company.id}
	f.comments.insert(o)
	return v1OK(commentView(o), nil)
}

func (f *activitiesFake) getComment(c *call) *reply {
	noteID, rp := f.noteOf(c)
	if rp != nil {
		return rp
	}
	id, rp := f.findComment(c, noteID)
	if rp != nil {
		return rp
	}
	o, ok := f.comments.find(id)
	if !ok {
		return notFound("Comment")
	}
	return v1OK(commentView(o), nil)
}

func (f *activitiesFake) updateComment(c *call) *reply {
	noteID, rp := f.noteOf(c)
	if rp != nil {
		return rp
	}
	id, rp := f.findComment(c, noteID)
	if rp != nil {
		return rp
	}
	content, rp := commentContent(c)
	if rp != nil {
		return rp
	}
	return f.comments.mutate(id, func(o object) *reply {
		o["content"], o["updater_id"], o["update_time"] = content, c.user, commentTime(c.now)
		return v1OK(commentView(o), nil)
	})
}

func (f *activitiesFake) deleteComment(c *call) *reply {
	noteID, rp := f.noteOf(c)
	if rp != nil {
		return rp
	}
	id, rp := f.findComment(c, noteID)
	if rp != nil {
		return rp
	}
	return f.comments.mutate(id, func(object) *reply {
		delete(f.comments.objects, id)
		return v1OK(true, nil)
	})
}

// ---- note fields (v1)

// noteFieldDefs are the note field definitions: key, name, type.
var noteFieldDefs = [][3]string{
	{"content", "Content", "text"}, {"user_id", "Author", "user"}, {"deal_id", "Deal", "deal"},
	{"lead_id", "Lead", "lead"}, {"person_id", "Person", "people"}, {"org_id", "Organization", "org"},
	{"project_id", "Project", "project"}, {"add_time", "Add time", "date"}, {"update_time", "Update time", "date"},
	{"pinned_to_lead_flag", "Note is pinned to lead", "enum"}, {"pinned_to_deal_flag", "Note is pinned to deal", "enum"},
	{"pinned_to_organization_flag", "Note is pinned to organization", "enum"},
	{"pinned_to_person_flag", "Note is pinned to person", "enum"},
	{"pinned_to_project_flag", "Note is pinned to project", "enum"},
}

func (f *activitiesFake) listNoteFields(c *call) *reply {
	out := make([]object, len(noteFieldDefs))
	for i, d := range noteFieldDefs {
		o := object{"id": int64(i + 1), "key": d[0], "name": d[1], "field_type": d[2], "active_flag": true,
			"edit_flag":         d[0] != "content" && d[0] != "add_time" && d[0] != "update_time",
			"bulk_edit_allowed": true, "mandatory_flag": d[0] == "content"}
		if d[2] == "enum" {
			o["options"] = []any{map[string]any{"id": int64(1), "label": "Yes"}, map[string]any{"id": int64(0), "label": "No"}}
		}
		out[i] = o
	}
	return v1OK(out, map[string]any{"start": 0, "limit": 100, "more_items_in_collection": false})
}
