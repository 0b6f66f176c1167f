package pipedrivetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// projectEntity names projects in FieldKey: the code of a custom project
// field named name is FieldKey("project", name).
const projectEntity Entity = "project"

// The projects family (see the package doc for what it serves and seeds).
// Saved filters (filter_id) are not evaluated.

// projectTemplatePlan is what a seeded template puts in a new project.
type projectTemplatePlan struct {
	groups     []string
	tasks      [][2]string // group name, task title
	activities [][3]string // group name, subject, type
}

var projectSeedTemplates = []struct {
	title, description string
	plan               projectTemplatePlan
}{
	{"Client onboarding", "Welcome a new client: kick-off, accounts, training.", projectTemplatePlan{
		groups:     []string{"Preparation", "Launch"},
		tasks:      [][2]string{{"Preparation", "Create the client's accounts"}, {"Preparation", "Send the welcome pack"}, {"Launch", "Run the first training"}},
		activities: [][3]string{{"Preparation", "Kick-off call", "call"}, {"Launch", "Launch review", "meeting"}},
	}},
	{"Office move", "Move a team to a new office.", projectTemplatePlan{
		groups: []string{"Planning", "Moving day"},
		tasks:  [][2]string{{"Planning", "Book the movers"}, {"Moving day", "Check the new network"}},
	}},
}

// projectStandardFields are the standard project fields, code and name.
var projectStandardFields = [][3]string{
	{"title", "Title", "varchar"}, {"description", "Description", "text"}, {"status", "Status", "status"},
	{"owner_id", "Owner", "user"}, {"board_id", "Board", "projects_board"}, {"phase_id", "Phase", "projects_phase"},
	{"start_date", "Start date", "date"}, {"end_date", "End date", "date"}, {"deal_ids", "Deals", "deals"},
	{"person_ids", "Persons", "people"}, {"org_ids", "Organizations", "org"}, {"label_ids", "Labels", "set"},
	{"health_status", "Health status", "enum"},
}

var projectStatuses = []string{"open", "completed", "canceled", "deleted"}

// projectsFamily holds the collections of the family.
type projectsFamily struct {
	s                                 *Server
	boards, phases, templates         *collection
	projects, tasks, fields           *collection
	groups, plan, activities, changes *collection
}

func (s *Server) projectsRoutes(op opRoute) {
	f := &projectsFamily{s: s}
	f.boards = s.collection("projectBoards", func() *collection {
		return &collection{label: "Board", required: []string{"name"}, readOnly: []string{"add_time", "update_time"}}
	})
	f.phases = s.collection("projectPhases", func() *collection {
		return &collection{label: "Phase", required: []string{"name", "board_id"}, readOnly: []string{"add_time", "update_time"}}
	})
	f.templates = s.collection("projectTemplates", func() *collection { return &collection{label: "Template"} })
	f.projects = s.collection("projects", func() *collection {
		return &collection{label: "Project", readOnly: []string{"add_time", "update_time", "status_change_time", "archive_time"}}
	})
	f.tasks = s.collection("tasks", func() *collection {
		return &collection{label: "Task", readOnly: []string{"add_time", "update_time", "creator_id", "marked_as_done_time", "is_done", "is_milestone"}}
	})
	f.fields = s.collection("projectFields", func() *collection { return &collection{label: "Field"} })
	f.groups = s.collection("projectGroups", func() *collection { return &collection{label: "Group", v1: true} })
	f.plan = s.collection("projectPlan", func() *collection { return &collection{label: "Plan item", v1: true} })
	f.activities = s.collection("projectActivities", func() *collection { return &collection{label: "Activity", v1: true} })
	f.changes = s.collection("projectChanges", func() *collection { return &collection{label: "Change"} })
	f.seed(s.clock.Now())

	op(ops.V2GetProjects, func(c *call) *reply { return f.listProjects(c, false) })
	op(ops.V2GetArchivedProjects, func(c *call) *reply { return f.listProjects(c, true) })
	op(ops.V2AddProject, f.createProject)
	op(ops.V2GetProject, f.projects.get)
	op(ops.V2UpdateProject, f.updateProject)
	op(ops.V2DeleteProject, f.deleteProject)
	op(ops.V2ArchiveProject, f.archiveProject)
	op(ops.V2SearchProjects, f.searchProjects)
	op(ops.V2GetProjectUsers, f.permittedUsers)
	op(ops.V2GetProjectChangelog, f.changelog)

	op(ops.V1GetProjectPlan, f.projectPlan)
	op(ops.V1PutProjectPlanActivity, func(c *call) *reply { return f.movePlanItem(c, "activity", "activityId") })
	op(ops.V1PutProjectPlanTask, func(c *call) *reply { return f.movePlanItem(c, "task", "taskId") })
	op(ops.V1GetProjectGroups, f.projectGroups)
	op(ops.V1GetProjectTasks, f.projectTasks)
	op(ops.V1GetProjectActivities, f.projectActivities)

	op(ops.V2GetProjectsBoards, func(c *call) *reply { return v2OK(byOrder(f.boards.all()), nil) })
	op(ops.V2AddProjectBoard, f.boards.create)
	op(ops.V2GetProjectsBoard, f.boards.get)
	op(ops.V2UpdateProjectBoard, f.boards.update)
	op(ops.V2DeleteProjectBoard, f.deleteBoard)
	op(ops.V1GetProjectsBoards, func(c *call) *reply { return v1OK(v1Stamps(byOrder(f.boards.all())...), nil) })
	op(ops.V1GetProjectsBoard, func(c *call) *reply { return f.getV1(c, f.boards) })

	op(ops.V2GetProjectsPhases, func(c *call) *reply { return f.listPhases(c, false) })
	op(ops.V2AddProjectPhase, f.createPhase)
	op(ops.V2GetProjectsPhase, f.phases.get)
	op(ops.V2UpdateProjectPhase, f.updatePhase)
	op(ops.V2DeleteProjectPhase, f.phases.delete)
	op(ops.V1GetProjectsPhases, func(c *call) *reply { return f.listPhases(c, true) })
	op(ops.V1GetProjectsPhase, func(c *call) *reply { return f.getV1(c, f.phases) })

	op(ops.V2GetProjectTemplates, f.templates.list)
	op(ops.V2GetProjectTemplate, f.templates.get)

	op(ops.V2GetTasks, f.listTasks)
	op(ops.V2AddTask, f.createTask)
	op(ops.V2GetTask, f.tasks.get)
	op(ops.V2UpdateTask, f.updateTask)
	op(ops.V2DeleteTask, f.deleteTask)

	op(ops.V2GetProjectFields, f.listFields)
	op(ops.V2AddProjectField, f.createField)
	op(ops.V2GetProjectField, f.getField)
	op(ops.V2UpdateProjectField, f.updateField)
	op(ops.V2DeleteProjectField, f.deleteField)
	op(ops.V2AddProjectFieldOptions, f.addOptions)
	op(ops.V2UpdateProjectFieldOptions, f.updateOptions)
	op(ops.V2DeleteProjectFieldOptions, f.deleteOptions)
}

// seed stores the board, its phases, the templates and the field
// definitions every server starts with.
func (f *projectsFamily) seed(now time.Time) {
	if len(f.boards.all()) > 0 {
		return
	}
	ts := v2Time(now)
	board := f.boards.insert(object{"name": "Delivery", "order_nr": int64(1), "add_time": ts, "update_time": ts})
	for i, name := range []string{"Kick-off", "In progress", "Done"} {
		f.phases.insert(object{"name": name, "board_id": board, "order_nr": int64(i + 1), "add_time": ts, "update_time": ts})
	}
	for _, t := range projectSeedTemplates {
		f.templates.insert(object{"title": t.title, "description": t.description, "projects_board_id": board,
			"owner_id": DefaultUserID, "add_time": ts, "update_time": ts})
	}
	for _, sf := range projectStandardFields {
		f.fields.insert(object{"field_code": sf[0], "field_name": sf[1], "field_type": sf[2], "is_custom_field": false})
	}
	if !f.s.ccfg.noDefaultField {
		f.fields.insert(object{"field_code": FieldKey(projectEntity, "Category"), "field_name": "Category", "field_type": "enum",
			"is_custom_field": true, "options": []any{
				map[string]any{"id": int64(1), "label": "Internal"},
				map[string]any{"id": int64(2), "label": "External"},
				map[string]any{"id": int64(3), "label": "Research"},
			}})
	}
}

// byOrder sorts records by order_nr, then id.
func byOrder(list []object) []object {
	sort.SliceStable(list, func(i, j int) bool {
		a, _ := toInt64(list[i]["order_nr"])
		b, _ := toInt64(list[j]["order_nr"])
		return a < b
	})
	return list
}

// v1Stamps rewrites the v2 timestamps of records as v1 writes them.
func v1Stamps(list ...object) []object {
	for _, o := range list {
		for _, k := range []string{"add_time", "update_time", "marked_as_done_time"} {
			if s, ok := o[k].(string); ok {
				if t, err := time.Parse(time.RFC3339, s); err == nil {
					o[k] = v1Time(t)
				}
			}
		}
	}
	return list
}

func (f *projectsFamily) getV1(c *call, coll *collection) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	o, ok := coll.find(id)
	if !ok {
		return notFound(coll.label)
	}
	return v1OK(v1Stamps(o)[0], nil)
}

// int64Of reads an integer body or query member; ok is false when it is
// absent or null, err set when it is not an integer.
func int64Of(v any, name string) (n int64, ok bool, rp *reply) {
	if v == nil {
		return 0, false, nil
	}
	n, isInt := toInt64(plainJSON(v))
	if !isInt {
		return 0, false, badRequest(name + " must be an integer.")
	}
	return n, true, nil
}

// idsOf reads an array of integers.
func idsOf(v any, name string) ([]any, *reply) {
	list, ok := v.([]any)
	if !ok {
		return nil, badRequest(name + " must be an array of integers.")
	}
	out := make([]any, len(list))
	for i, e := range list {
		n, isInt := toInt64(plainJSON(e))
		if !isInt {
			return nil, badRequest(name + " must be an array of integers.")
		}
		out[i] = n
	}
	return out, nil
}

// containsID reports whether the id list v holds id.
func containsID(v any, id int64) bool {
	list, _ := v.([]any)
	for _, e := range list {
		if n, ok := toInt64(e); ok && n == id {
			return true
		}
	}
	return false
}

// queryInt reads an integer query parameter (0 when absent).
func queryInt(c *call, name string) (int64, *reply) {
	v := c.r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, badRequest(name + " must be an integer.")
	}
	return n, nil
}

// Boards and phases.

func (f *projectsFamily) deleteBoard(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	rp = f.boards.delete(c)
	if rp.status == http.StatusOK {
		for _, p := range f.phases.all() {
			if b, _ := toInt64(p["board_id"]); b == id {
				f.phases.mutate(p["id"].(int64), func(object) *reply { delete(f.phases.objects, p["id"].(int64)); return nil })
			}
		}
	}
	return rp
}

func (f *projectsFamily) listPhases(c *call, v1 bool) *reply {
	raw := c.r.URL.Query().Get("board_id")
	board, rp := queryInt(c, "board_id")
	if rp != nil {
		return rp
	}
	if raw == "" {
		return badRequest("board_id is required.")
	}
	if _, ok := f.boards.find(board); !ok {
		return notFound("Board")
	}
	var out []object
	for _, p := range f.phases.all() {
		if b, _ := toInt64(p["board_id"]); b == board {
			out = append(out, p)
		}
	}
	out = byOrder(out)
	if out == nil {
		out = []object{}
	}
	if v1 {
		return v1OK(v1Stamps(out...), nil)
	}
	return v2OK(out, nil)
}

func (f *projectsFamily) checkBoard(body map[string]any) *reply {
	if v, ok := body["board_id"]; ok {
		id, set, rp := int64Of(v, "board_id")
		if rp != nil {
			return rp
		}
		if _, found := f.boards.find(id); set && !found {
			return badRequest("The board does not exist.")
		}
	}
	return nil
}

func (f *projectsFamily) createPhase(c *call) *reply {
	body, rp := peekBody(c)
	if rp != nil {
		return rp
	}
	if rp := f.checkBoard(body); rp != nil {
		return rp
	}
	return f.phases.create(c)
}

func (f *projectsFamily) updatePhase(c *call) *reply {
	body, rp := peekBody(c)
	if rp != nil {
		return rp
	}
	if rp := f.checkBoard(body); rp != nil {
		return rp
	}
	return f.phases.update(c)
}

// peekBody decodes the JSON object body and puts it back, for handlers
// that check it before a generic handler reads it again.
func peekBody(c *call) (map[string]any, *reply) {
	raw, err := io.ReadAll(c.r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, apiError(http.StatusRequestEntityTooLarge, "Request body too large", "Send at most 1 MiB.")
		}
		return nil, badRequest("The request body could not be read.")
	}
	c.r.Body = io.NopCloser(strings.NewReader(string(raw)))
	body, rp := decodeBody(c.r)
	c.r.Body = io.NopCloser(strings.NewReader(string(raw)))
	return body, rp
}

// Projects.

// projectFields are the body members a project create or update takes.
var projectFields = []string{"title", "description", "status", "board_id", "phase_id", "owner_id", "start_date",
	"end_date", "deal_ids", "person_ids", "org_ids", "label_ids", "health_status", "template_id", "custom_fields"}

// applyProject checks body and copies it into o, custom fields merged.
func (f *projectsFamily) applyProject(o object, body map[string]any) *reply {
	for k := range body {
		if !slices.Contains(projectFields, k) {
			return badRequest(k + " is not a project field.")
		}
	}
	for k, v := range body {
		switch k {
		case "title":
			s, ok := v.(string)
			if !ok || strings.TrimSpace(s) == "" {
				return badRequest("title must be a non-empty string.")
			}
			o[k] = s
		case "description":
			if v != nil {
				if _, ok := v.(string); !ok {
					return badRequest("description must be a string.")
				}
			}
			o[k] = v
		case "status":
			s, _ := v.(string)
			if !slices.Contains(projectStatuses[:3], s) {
				return badRequest("status must be open, completed or canceled.")
			}
			o[k] = s
		case "start_date", "end_date":
			if v != nil {
				s, _ := v.(string)
				if _, err := time.Parse(time.DateOnly, s); err != nil {
					return badRequest(k + " must be a date (YYYY-MM-DD).")
				}
			}
			o[k] = v
		case "deal_ids", "person_ids", "org_ids", "label_ids":
			ids, rp := idsOf(v, k)
			if rp != nil {
				return rp
			}
			o[k] = ids
		case "board_id", "phase_id", "owner_id", "health_status":
			n, set, rp := int64Of(v, k)
			if rp != nil {
				return rp
			}
			if !set {
				if k == "health_status" {
					o[k] = nil
					continue
				}
				return badRequest(k + " must be an integer.")
			}
			o[k] = n
		case "custom_fields":
			if rp := f.applyCustomFields(o, v); rp != nil {
				return rp
			}
		}
	}
	// A phase given alone places the project on the phase's board.
	phaseID, _ := toInt64(o["phase_id"])
	boardID, _ := toInt64(o["board_id"])
	if _, ok := body["phase_id"]; ok {
		ph, found := f.phases.find(phaseID)
		if !found {
			return badRequest("The phase does not exist.")
		}
		pb, _ := toInt64(ph["board_id"])
		if _, given := body["board_id"]; !given {
			o["board_id"], boardID = pb, pb
		}
		if pb != boardID {
			return badRequest("The phase is not on the project's board.")
		}
	} else if _, ok := body["board_id"]; ok {
		if _, found := f.boards.find(boardID); !found {
			return badRequest("The board does not exist.")
		}
		if first := f.firstPhase(boardID); first != 0 {
			o["phase_id"] = first
		}
	}
	return nil
}

// firstPhase returns the id of the board's first phase, 0 for none.
func (f *projectsFamily) firstPhase(board int64) int64 {
	var list []object
	for _, p := range f.phases.all() {
		if b, _ := toInt64(p["board_id"]); b == board {
			list = append(list, p)
		}
	}
	list = byOrder(list)
	if len(list) == 0 {
		return 0
	}
	return list[0]["id"].(int64)
}

// customField returns the project field definition with the given code.
func (f *projectsFamily) customField(code string) (object, bool) {
	for _, fd := range f.fields.all() {
		if fd["field_code"] == code && fd["is_custom_field"] == true {
			return fd, true
		}
	}
	return nil, false
}

// applyCustomFields checks and merges a custom_fields object into o; null
// clears a field.
func (f *projectsFamily) applyCustomFields(o object, v any) *reply {
	in, ok := v.(map[string]any)
	if !ok {
		return badRequest("custom_fields must be an object.")
	}
	cf, _ := o["custom_fields"].(map[string]any)
	if cf == nil {
		cf = map[string]any{}
	}
	for code, val := range in {
		fd, ok := f.customField(code)
		if !ok {
			return badRequest(fmt.Sprintf("custom field %s does not exist.", code))
		}
		if val == nil {
			delete(cf, code)
			continue
		}
		val = plainJSON(val)
		switch fd["field_type"] {
		case "enum":
			id, isInt := toInt64(val)
			if !isInt || !optionExists(fd, id) {
				return badRequest(fmt.Sprintf("%v is not an option of %s.", val, fd["field_name"]))
			}
			val = id
		case "set":
			list, isList := val.([]any)
			if !isList || len(list) == 0 {
				return badRequest(fmt.Sprintf("%s takes a non-empty array of option ids; send null to clear it.", fd["field_name"]))
			}
			for _, e := range list {
				if id, isInt := toInt64(e); !isInt || !optionExists(fd, id) {
					return badRequest(fmt.Sprintf("%v is not an option of %s.", e, fd["field_name"]))
				}
			}
		}
		cf[code] = val
	}
	o["custom_fields"] = cf
	return nil
}

func optionExists(fd object, id int64) bool {
	opts, _ := fd["options"].([]any)
	for _, op := range opts {
		if n, _ := toInt64(op.(map[string]any)["id"]); n == id {
			return true
		}
	}
	return false
}

func (f *projectsFamily) createProject(c *call) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	if s, _ := body["title"].(string); strings.TrimSpace(s) == "" {
		return badRequest("title is required.")
	}
	now := v2Time(c.now)
	o := object{
		"title": "", "description": "", "status": "open", "board_id": int64(1), "phase_id": f.firstPhase(1),
		"owner_id": c.user, "start_date": nil, "end_date": nil, "deal_ids": []any{}, "person_ids": []any{},
		"org_ids": []any{}, "label_ids": []any{}, "health_status": nil, "add_time": now, "update_time": now,
		"status_change_time": now, "archive_time": nil, "custom_fields": map[string]any{},
	}
	var tmpl *projectTemplatePlan
	if v, ok := body["template_id"]; ok {
		id, set, rp := int64Of(v, "template_id")
		if rp != nil {
			return rp
		}
		if set {
			t, found := f.templates.find(id)
			if !found || id > int64(len(projectSeedTemplates)) {
				return badRequest("The template does not exist.")
			}
			tmpl = &projectSeedTemplates[id-1].plan
			if _, given := body["board_id"]; !given {
				b, _ := toInt64(t["projects_board_id"])
				o["board_id"], o["phase_id"] = b, f.firstPhase(b)
			}
		}
	}
	if rp := f.applyProject(o, body); rp != nil {
		return rp
	}
	id := f.projects.insert(o)
	o["id"] = id
	f.plant(c, o, tmpl)
	stored, _ := f.projects.find(id)
	return jsonReply(http.StatusCreated, map[string]any{"success": true, "data": stored})
}

// plant gives a new project its plan: the template's groups, tasks and
// activities, or one empty group.
func (f *projectsFamily) plant(c *call, p object, tmpl *projectTemplatePlan) {
	pid := p["id"].(int64)
	phase, _ := toInt64(p["phase_id"])
	if tmpl == nil {
		tmpl = &projectTemplatePlan{groups: []string{"General"}}
	}
	groupIDs := map[string]int64{}
	for i, name := range tmpl.groups {
		groupIDs[name] = f.groups.insert(object{"project_id": pid, "name": name, "order_nr": int64(i + 1)})
	}
	for _, t := range tmpl.tasks {
		tid := f.tasks.insert(f.newTask(c, object{"title": t[1], "project_id": pid}))
		f.plan.insert(object{"project_id": pid, "item_type": "task", "item_id": tid, "phase_id": phase, "group_id": groupIDs[t[0]]})
	}
	for _, a := range tmpl.activities {
		aid := f.activities.insert(object{
			"company_id": int64(1), "user_id": p["owner_id"], "done": false, "type": a[2], "subject": a[1],
			"due_date": c.now.AddDate(0, 0, 7).Format(time.DateOnly), "due_time": "10:00", "duration": "01:00",
			"busy_flag": true, "add_time": v1Time(c.now), "update_time": v1Time(c.now), "marked_as_done_time": "",
			"public_description": "", "location": "", "org_id": nil, "person_id": nil, "deal_id": nil, "lead_id": nil,
			"project_id": pid, "active_flag": true, "update_user_id": c.user, "source_timezone": "",
			"conference_meeting_client": nil, "conference_meeting_url": nil, "conference_meeting_id": nil,
		})
		f.plan.insert(object{"project_id": pid, "item_type": "activity", "item_id": aid, "phase_id": phase, "group_id": groupIDs[a[0]]})
	}
}

func (f *projectsFamily) updateProject(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	delete(body, "template_id") // only used when creating
	old, ok := f.projects.find(id)
	if !ok {
		return notFound("Project")
	}
	next := clone(old)
	if rp := f.applyProject(next, body); rp != nil {
		return rp
	}
	now := v2Time(c.now)
	if next["status"] != old["status"] {
		next["status_change_time"] = now
	}
	next["update_time"] = now
	f.projects.mutate(id, func(o object) *reply { f.projects.objects[id] = next; return nil })
	f.logChange(c, id, old, next)
	return v2OK(clone(next), nil)
}

// logChange records the members that differ between old and next in the
// project's changelog.
func (f *projectsFamily) logChange(c *call, id int64, old, next object) {
	oldV, newV := map[string]any{}, map[string]any{}
	for _, k := range projectFields {
		if k == "custom_fields" || k == "template_id" {
			continue
		}
		a, _ := json.Marshal(old[k])
		b, _ := json.Marshal(next[k])
		if string(a) != string(b) {
			oldV[k], newV[k] = old[k], next[k]
		}
	}
	ocf, _ := old["custom_fields"].(map[string]any)
	ncf, _ := next["custom_fields"].(map[string]any)
	for code := range mergeKeys(ocf, ncf) {
		a, _ := json.Marshal(ocf[code])
		b, _ := json.Marshal(ncf[code])
		if string(a) != string(b) {
			oldV[code], newV[code] = ocf[code], ncf[code]
		}
	}
	if len(newV) == 0 {
		return
	}
	source, agent := "api", c.r.UserAgent()
	f.changes.insert(object{"project_id": id, "actor_user_id": c.user, "time": v2Time(c.now),
		"change_source": source, "change_source_user_agent": agent, "old_values": oldV, "new_values": newV})
}

func mergeKeys(a, b map[string]any) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

func (f *projectsFamily) deleteProject(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	old, ok := f.projects.find(id)
	if !ok || old["status"] == "deleted" {
		return notFound("Project")
	}
	next := clone(old)
	next["status"], next["status_change_time"], next["update_time"] = "deleted", v2Time(c.now), v2Time(c.now)
	f.projects.mutate(id, func(object) *reply { f.projects.objects[id] = next; return nil })
	f.logChange(c, id, old, next)
	return v2OK(map[string]any{"id": id}, nil)
}

func (f *projectsFamily) archiveProject(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	return f.projects.mutate(id, func(o object) *reply {
		if o["archive_time"] == nil {
			o["archive_time"] = v2Time(c.now)
			o["update_time"] = v2Time(c.now)
		}
		return v2OK(clone(o), nil)
	})
}

func (f *projectsFamily) listProjects(c *call, archived bool) *reply {
	q := c.r.URL.Query()
	statuses := []string{"open", "completed", "canceled"}
	if v := q.Get("status"); v != "" {
		statuses = strings.Split(v, ",")
		for _, s := range statuses {
			if !slices.Contains(projectStatuses, s) {
				return badRequest("status must be a comma-separated list of open, completed, canceled and deleted.")
			}
		}
	}
	eq := map[string]int64{}
	for _, name := range []string{"phase_id", "deal_id", "person_id", "org_id"} {
		if archived && name != "phase_id" {
			continue
		}
		n, rp := queryInt(c, name)
		if rp != nil {
			return rp
		}
		if n != 0 {
			eq[name] = n
		}
	}
	return f.projects.listWhere(c, func(o object) bool {
		if (o["archive_time"] != nil) != archived || !slices.Contains(statuses, fmt.Sprint(o["status"])) {
			return false
		}
		for name, want := range eq {
			switch name {
			case "phase_id":
				if n, _ := toInt64(o["phase_id"]); n != want {
					return false
				}
			default:
				if !containsID(o[strings.TrimSuffix(name, "_id")+"_ids"], want) {
					return false
				}
			}
		}
		return true
	})
}

var projectSearchFields = []string{"title", "description", "notes", "custom_fields"}

func (f *projectsFamily) searchProjects(c *call) *reply {
	q := c.r.URL.Query()
	term := strings.TrimSpace(q.Get("term"))
	exact := q.Get("exact_match") == "true"
	if len([]rune(term)) < 2 && !(exact && term != "") {
		return badRequest("term must be at least 2 characters long (1 with exact_match).")
	}
	fields := projectSearchFields
	if v := q.Get("fields"); v != "" {
		fields = strings.Split(v, ",")
		for _, fl := range fields {
			if !slices.Contains(projectSearchFields, fl) {
				return badRequest("fields must be a comma-separated list of title, description, notes and custom_fields.")
			}
		}
	}
	person, rp := queryInt(c, "person_id")
	if rp != nil {
		return rp
	}
	org, rp := queryInt(c, "organization_id")
	if rp != nil {
		return rp
	}
	type hit struct {
		score float64
		o     object
		cf    []string
	}
	var hits []hit
	for _, o := range f.projects.all() {
		if o["status"] == "deleted" || (person != 0 && !containsID(o["person_ids"], person)) || (org != 0 && !containsID(o["org_ids"], org)) {
			continue
		}
		best := 0.0
		var cfHits []string
		for _, fl := range fields {
			switch fl {
			case "title", "description":
				s, _ := o[fl].(string)
				best = max(best, match(s, term, exact))
			case "custom_fields":
				cf, _ := o["custom_fields"].(map[string]any)
				for _, v := range cf {
					if s, ok := v.(string); ok {
						if sc := match(s, term, exact); sc > 0 {
							best = max(best, sc)
							cfHits = append(cfHits, s)
						}
					}
				}
			}
		}
		if best > 0 {
			hits = append(hits, hit{best, o, cfHits})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].score > hits[j].score })
	items := make([]object, len(hits))
	st := f.s.data
	st.mu.Lock()
	for i, h := range hits {
		o := h.o
		cf := h.cf
		if cf == nil {
			cf = []string{}
		}
		var phase, deal, person, org any
		if ph, ok := f.phases.find(toID(o["phase_id"])); ok {
			phase = map[string]any{"id": ph["id"], "name": ph["name"]}
		}
		deals, _ := o["deal_ids"].([]any)
		if len(deals) > 0 {
			d := map[string]any{"id": toID(deals[0]), "title": nil}
			if do := st.objects[Deal][toID(deals[0])]; do != nil {
				d["title"] = do["title"]
			}
			deal = d
		}
		if ps, _ := o["person_ids"].([]any); len(ps) > 0 {
			person = ref(st, Person, toID(ps[0]))
		}
		if os, _ := o["org_ids"].([]any); len(os) > 0 {
			o := map[string]any{"id": toID(os[0]), "name": nil, "address": nil}
			if oo := st.objects[Organization][toID(os[0])]; oo != nil {
				o["name"] = oo["name"]
				if a, ok := oo["address"].(map[string]any); ok {
					o["address"] = a["value"]
				}
			}
			org = o
		}
		items[i] = object{"result_score": h.score, "item": map[string]any{
			"id": o["id"], "type": "project", "title": o["title"], "status": o["status"],
			"owner": map[string]any{"id": o["owner_id"]}, "board_id": o["board_id"], "phase": phase,
			"person": person, "organization": org, "deal": deal, "deal_count": int64(len(deals)),
			"description": o["description"], "end_date": o["end_date"], "custom_fields": cf, "notes": []string{},
		}}
	}
	st.mu.Unlock()
	rp = pageV2(c, items)
	if env, ok := rp.body.(map[string]any); ok && rp.status == http.StatusOK {
		env["data"] = map[string]any{"items": env["data"]}
	}
	return rp
}

func toID(v any) int64 {
	n, _ := toInt64(v)
	return n
}

// project returns the project of the {id} path value, or a reply.
func (f *projectsFamily) project(c *call) (object, *reply) {
	id, rp := pathID(c, "id")
	if rp != nil {
		return nil, rp
	}
	p, ok := f.projects.find(id)
	if !ok || p["status"] == "deleted" {
		return nil, notFound("Project")
	}
	return p, nil
}

func (f *projectsFamily) permittedUsers(c *call) *reply {
	p, rp := f.project(c)
	if rp != nil {
		return rp
	}
	ids := []int64{DefaultUserID}
	if owner := toID(p["owner_id"]); owner != DefaultUserID {
		ids = append(ids, owner)
	}
	return jsonReply(http.StatusOK, map[string]any{"success": true, "data": ids})
}

func (f *projectsFamily) changelog(c *call) *reply {
	p, rp := f.project(c)
	if rp != nil {
		return rp
	}
	var out []object
	for _, ch := range f.changes.all() {
		if ch["project_id"] == p["id"] {
			delete(ch, "project_id")
			delete(ch, "id")
			out = append(out, ch)
		}
	}
	slices.Reverse(out) // newest first
	return pageV2(c, out)
}

// The v1 plan, groups, tasks and activities.

func (f *projectsFamily) ofProject(coll *collection, id any) []object {
	var out []object
	for _, o := range coll.all() {
		if o["project_id"] == id {
			out = append(out, o)
		}
	}
	return out
}

func (f *projectsFamily) projectPlan(c *call) *reply {
	p, rp := f.project(c)
	if rp != nil {
		return rp
	}
	items := []object{}
	for _, it := range f.ofProject(f.plan, p["id"]) {
		items = append(items, object{"item_id": it["item_id"], "item_type": it["item_type"], "phase_id": it["phase_id"], "group_id": it["group_id"]})
	}
	return v1OK(items, nil)
}

func (f *projectsFamily) movePlanItem(c *call, kind, param string) *reply {
	p, rp := f.project(c)
	if rp != nil {
		return rp
	}
	itemID, rp := pathID(c, param)
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	var entry object
	for _, it := range f.ofProject(f.plan, p["id"]) {
		if it["item_type"] == kind && it["item_id"] == itemID {
			entry = it
		}
	}
	if entry == nil {
		return notFound(strings.ToUpper(kind[:1]) + kind[1:])
	}
	for k, v := range body {
		n, set, rp := int64Of(v, k)
		if rp != nil {
			return rp
		}
		switch k {
		case "phase_id":
			ph, ok := f.phases.find(n)
			if !set || !ok || toID(ph["board_id"]) != toID(p["board_id"]) {
				return badRequest("The phase is not on the project's board.")
			}
		case "group_id":
			g, ok := f.groups.find(n)
			if !set || !ok || g["project_id"] != p["id"] {
				return badRequest("The group does not belong to the project.")
			}
		default:
			return badRequest(k + " cannot be set.")
		}
		entry[k] = n
	}
	eid := entry["id"].(int64)
	f.plan.mutate(eid, func(object) *reply { f.plan.objects[eid] = entry; return nil })
	return v1OK(object{"item_id": entry["item_id"], "item_type": entry["item_type"], "phase_id": entry["phase_id"], "group_id": entry["group_id"]}, nil)
}

func (f *projectsFamily) projectGroups(c *call) *reply {
	p, rp := f.project(c)
	if rp != nil {
		return rp
	}
	groups := byOrder(f.ofProject(f.groups, p["id"]))
	out := []object{}
	for _, g := range groups {
		out = append(out, object{"id": g["id"], "name": g["name"], "order_nr": g["order_nr"]})
	}
	return v1OK(out, nil)
}

// taskV1 renders a task in the shape of the v1 project task list.
func taskV1(t object) object {
	o := clone(t)
	o["done"] = boolInt(o["is_done"] == true)
	delete(o, "is_done")
	delete(o, "is_milestone")
	delete(o, "start_date")
	delete(o, "priority")
	o["assignee_id"] = nil
	if ids, _ := o["assignee_ids"].([]any); len(ids) > 0 {
		o["assignee_id"] = ids[0]
	}
	return v1Stamps(o)[0]
}

func (f *projectsFamily) projectTasks(c *call) *reply {
	p, rp := f.project(c)
	if rp != nil {
		return rp
	}
	var out []object
	for _, t := range f.ofProject(f.tasks, p["id"]) {
		out = append(out, taskV1(t))
	}
	return pageV2(c, out)
}

func (f *projectsFamily) projectActivities(c *call) *reply {
	p, rp := f.project(c)
	if rp != nil {
		return rp
	}
	return pageV2(c, f.ofProject(f.activities, p["id"]))
}

// Tasks.

// newTask returns a task record with the defaults Pipedrive fills in.
func (f *projectsFamily) newTask(c *call, o object) object {
	now := v2Time(c.now)
	t := object{"title": "", "creator_id": c.user, "description": nil, "project_id": nil, "is_done": false,
		"is_milestone": false, "due_date": nil, "start_date": nil, "parent_task_id": nil, "assignee_ids": []any{},
		"priority": nil, "add_time": now, "update_time": now, "marked_as_done_time": nil}
	for k, v := range o {
		t[k] = v
	}
	return t
}

// applyTask checks body and copies it into the task t.
func (f *projectsFamily) applyTask(c *call, t object, body map[string]any) *reply {
	for k, v := range body {
		switch k {
		case "title":
			s, ok := v.(string)
			if !ok || strings.TrimSpace(s) == "" {
				return badRequest("title must be a non-empty string.")
			}
			t[k] = s
		case "description":
			if _, ok := v.(string); v != nil && !ok {
				return badRequest("description must be a string.")
			}
			t[k] = v
		case "project_id":
			n, set, rp := int64Of(v, k)
			if rp != nil {
				return rp
			}
			if p, ok := f.projects.find(n); !set || !ok || p["status"] == "deleted" {
				return badRequest("The project does not exist.")
			}
			t[k] = n
		case "parent_task_id":
			n, set, rp := int64Of(v, k)
			if rp != nil {
				return rp
			}
			if !set {
				t[k] = nil
				continue
			}
			if _, ok := f.tasks.find(n); !ok || n == toID(t["id"]) {
				return badRequest("The parent task does not exist.")
			}
			t[k] = n
		case "done", "milestone":
			n, set, rp := int64Of(v, k)
			if rp != nil || !set || (n != 0 && n != 1) {
				return badRequest(k + " must be 0 or 1.")
			}
			key := "is_" + k
			if k == "done" {
				if n == 1 && t["is_done"] != true {
					t["marked_as_done_time"] = v2Time(c.now)
				}
			}
			t[key] = n == 1
		case "due_date", "start_date":
			if v != nil {
				s, _ := v.(string)
				if _, err := time.Parse(time.DateOnly, s); err != nil {
					return badRequest(k + " must be a date (YYYY-MM-DD).")
				}
			}
			t[k] = v
		case "assignee_ids":
			ids, rp := idsOf(v, k)
			if rp != nil {
				return rp
			}
			t[k] = ids
		case "assignee_id":
			n, set, rp := int64Of(v, k)
			if rp != nil {
				return rp
			}
			if set {
				t["assignee_ids"] = []any{n}
			} else {
				t["assignee_ids"] = []any{}
			}
		case "priority":
			n, set, rp := int64Of(v, k)
			if rp != nil {
				return rp
			}
			if set {
				t[k] = n
			} else {
				t[k] = nil
			}
		default:
			return badRequest(k + " is not a task field.")
		}
	}
	return nil
}

func (f *projectsFamily) createTask(c *call) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	for _, k := range []string{"title", "project_id"} {
		if v, ok := body[k]; !ok || v == nil || v == "" {
			return badRequest(k + " is required.")
		}
	}
	t := f.newTask(c, nil)
	if rp := f.applyTask(c, t, body); rp != nil {
		return rp
	}
	id := f.tasks.insert(t)
	t["id"] = id
	p, _ := f.projects.find(toID(t["project_id"]))
	var group any
	if gs := byOrder(f.ofProject(f.groups, p["id"])); len(gs) > 0 {
		group = gs[0]["id"]
	}
	f.plan.insert(object{"project_id": p["id"], "item_type": "task", "item_id": id, "phase_id": p["phase_id"], "group_id": group})
	return jsonReply(http.StatusCreated, map[string]any{"success": true, "data": clone(t), "additional_data": nil})
}

func (f *projectsFamily) updateTask(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	old, ok := f.tasks.find(id)
	if !ok {
		return notFound("Task")
	}
	next := clone(old)
	if rp := f.applyTask(c, next, body); rp != nil {
		return rp
	}
	next["update_time"] = v2Time(c.now)
	f.tasks.mutate(id, func(object) *reply { f.tasks.objects[id] = next; return nil })
	if next["project_id"] != old["project_id"] {
		for _, it := range f.plan.all() {
			if it["item_type"] == "task" && it["item_id"] == id {
				eid := it["id"].(int64)
				f.plan.mutate(eid, func(o object) *reply { o["project_id"] = next["project_id"]; o["group_id"] = nil; return nil })
			}
		}
	}
	return v2OK(clone(next), nil)
}

func (f *projectsFamily) deleteTask(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	if _, ok := f.tasks.find(id); !ok {
		return notFound("Task")
	}
	// The task goes with its subtasks, and theirs.
	gone := map[int64]bool{id: true}
	for changed := true; changed; {
		changed = false
		for _, t := range f.tasks.all() {
			if p := toID(t["parent_task_id"]); p != 0 && gone[p] && !gone[toID(t["id"])] {
				gone[toID(t["id"])], changed = true, true
			}
		}
	}
	for tid := range gone {
		f.tasks.mutate(tid, func(object) *reply { delete(f.tasks.objects, tid); return nil })
	}
	for _, it := range f.plan.all() {
		if it["item_type"] == "task" && gone[toID(it["item_id"])] {
			eid := it["id"].(int64)
			f.plan.mutate(eid, func(object) *reply { delete(f.plan.objects, eid); return nil })
		}
	}
	return v2OK(map[string]any{"id": id}, nil)
}

func (f *projectsFamily) listTasks(c *call) *reply {
	q := c.r.URL.Query()
	eq := map[string]int64{}
	for _, name := range []string{"project_id", "assignee_id"} {
		n, rp := queryInt(c, name)
		if rp != nil {
			return rp
		}
		if n != 0 {
			eq[name] = n
		}
	}
	flags := map[string]bool{}
	for _, name := range []string{"is_done", "is_milestone"} {
		switch v := q.Get(name); v {
		case "":
		case "true", "1":
			flags[name] = true
		case "false", "0":
			flags[name] = false
		default:
			return badRequest(name + " must be true or false.")
		}
	}
	parent := q.Get("parent_task_id")
	var parentID int64
	if parent != "" && parent != "null" {
		n, err := strconv.ParseInt(parent, 10, 64)
		if err != nil {
			return badRequest("parent_task_id must be an integer or null.")
		}
		parentID = n
	}
	return f.tasks.listWhere(c, func(t object) bool {
		if p, ok := eq["project_id"]; ok && toID(t["project_id"]) != p {
			return false
		}
		if a, ok := eq["assignee_id"]; ok && !containsID(t["assignee_ids"], a) {
			return false
		}
		for name, want := range flags {
			if (t[name] == true) != want {
				return false
			}
		}
		switch {
		case parent == "null":
			return t["parent_task_id"] == nil
		case parent != "":
			return toID(t["parent_task_id"]) == parentID
		}
		return true
	})
}

// Project field definitions.

// fieldJSON renders a stored definition as /api/v2/projectFields does.
func fieldJSON(fd object) object {
	o := object{"field_name": fd["field_name"], "field_code": fd["field_code"], "field_type": fd["field_type"],
		"options": nil, "subfields": nil, "is_custom_field": fd["is_custom_field"], "is_optional_response_field": false,
		"ui_visibility":    map[string]any{"add_visible_flag": true, "details_visible_flag": true},
		"important_fields": map[string]any{"enabled": false, "stage_ids": []any{}},
		"required_fields":  map[string]any{"enabled": fd["field_code"] == "title"},
	}
	for _, k := range []string{"options", "ui_visibility", "important_fields", "required_fields"} {
		if v, ok := fd[k]; ok && v != nil {
			o[k] = v
		}
	}
	return o
}

func (f *projectsFamily) fieldByCode(c *call) (object, *reply) {
	code := c.r.PathValue("field_code")
	for _, fd := range f.fields.all() {
		if fd["field_code"] == code {
			return fd, nil
		}
	}
	return nil, notFound("Field")
}

func (f *projectsFamily) listFields(c *call) *reply {
	var out []object
	for _, fd := range f.fields.all() {
		out = append(out, fieldJSON(fd))
	}
	return pageV2(c, out)
}

func (f *projectsFamily) getField(c *call) *reply {
	fd, rp := f.fieldByCode(c)
	if rp != nil {
		return rp
	}
	return v2OK(fieldJSON(fd), nil)
}

var projectFieldTypes = []string{"varchar", "text", "double", "phone", "date", "daterange", "time", "timerange",
	"set", "enum", "varchar_auto", "address", "monetary", "org", "people", "user"}

// fieldSettings copies the settable members of a field body into fd.
func fieldSettings(fd object, body map[string]any) *reply {
	for k, v := range body {
		switch k {
		case "field_name":
			s, ok := v.(string)
			if !ok || strings.TrimSpace(s) == "" {
				return badRequest("field_name must be a non-empty string.")
			}
			fd[k] = s
		case "ui_visibility", "important_fields", "required_fields":
			m, ok := v.(map[string]any)
			if !ok {
				return badRequest(k + " must be an object.")
			}
			fd[k] = plainJSON(m)
		case "field_type", "options":
			// Handled by the caller (create only).
		default:
			return badRequest(k + " cannot be set.")
		}
	}
	return nil
}

func (f *projectsFamily) createField(c *call) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	name, _ := body["field_name"].(string)
	typ, _ := body["field_type"].(string)
	if strings.TrimSpace(name) == "" || !slices.Contains(projectFieldTypes, typ) {
		return badRequest("field_name and a field_type of " + strings.Join(projectFieldTypes, ", ") + " are required.")
	}
	code := FieldKey(projectEntity, name)
	for _, fd := range f.fields.all() {
		if fd["field_code"] == code || strings.EqualFold(fmt.Sprint(fd["field_name"]), name) {
			return badRequest("A project field named " + name + " exists.")
		}
	}
	fd := object{"field_code": code, "field_type": typ, "is_custom_field": true}
	if rp := fieldSettings(fd, body); rp != nil {
		return rp
	}
	if typ == "enum" || typ == "set" {
		list, _ := body["options"].([]any)
		var opts []any
		for i, e := range list {
			label, _ := e.(map[string]any)["label"].(string)
			if label == "" {
				return badRequest("options must be objects with a label.")
			}
			opts = append(opts, map[string]any{"id": int64(i + 1), "label": label})
		}
		fd["options"] = opts
	}
	f.fields.insert(fd)
	return v2OK(fieldJSON(fd), nil)
}

func (f *projectsFamily) updateField(c *call) *reply {
	fd, rp := f.fieldByCode(c)
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	if len(body) == 0 {
		return badRequest("Give at least one member to change.")
	}
	for _, k := range []string{"field_type", "field_code", "options"} {
		if _, ok := body[k]; ok {
			return badRequest(k + " cannot be changed.")
		}
	}
	if rp := fieldSettings(fd, body); rp != nil {
		return rp
	}
	id := fd["id"].(int64)
	f.fields.mutate(id, func(object) *reply { f.fields.objects[id] = fd; return nil })
	return v2OK(fieldJSON(fd), nil)
}

func (f *projectsFamily) deleteField(c *call) *reply {
	fd, rp := f.fieldByCode(c)
	if rp != nil {
		return rp
	}
	if fd["is_custom_field"] != true {
		return badRequest("Standard fields cannot be deleted.")
	}
	id := fd["id"].(int64)
	f.fields.mutate(id, func(object) *reply { delete(f.fields.objects, id); return nil })
	out := fieldJSON(fd)
	for _, k := range []string{"ui_visibility", "important_fields", "required_fields"} {
		delete(out, k)
	}
	return v2OK(out, nil)
}

// optionsBody decodes the JSON array body of the options operations.
func optionsBody(c *call) ([]map[string]any, *reply) {
	dec := json.NewDecoder(c.r.Body)
	dec.UseNumber()
	var list []map[string]any
	if err := dec.Decode(&list); err != nil || len(list) == 0 {
		return nil, badRequest("The request body must be a non-empty JSON array of options.")
	}
	return list, nil
}

// withOptions runs change on the options of the enum or set field of the
// path, atomically, and answers with the options it returns.
func (f *projectsFamily) withOptions(c *call, change func(opts []any, body []map[string]any) ([]any, []any, *reply)) *reply {
	fd, rp := f.fieldByCode(c)
	if rp != nil {
		return rp
	}
	if t := fd["field_type"]; t != "enum" && t != "set" {
		return badRequest("Only enum and set fields have options.")
	}
	body, rp := optionsBody(c)
	if rp != nil {
		return rp
	}
	opts, _ := fd["options"].([]any)
	next, result, rp := change(slices.Clone(opts), body)
	if rp != nil {
		return rp
	}
	fd["options"] = next
	id := fd["id"].(int64)
	f.fields.mutate(id, func(object) *reply { f.fields.objects[id] = fd; return nil })
	return jsonReply(http.StatusOK, map[string]any{"success": true, "data": result, "additional_data": nil})
}

func optionIndex(opts []any, v any) (int, bool) {
	id, ok := toInt64(plainJSON(v))
	if !ok {
		return 0, false
	}
	for i, o := range opts {
		if toID(o.(map[string]any)["id"]) == id {
			return i, true
		}
	}
	return 0, false
}

func (f *projectsFamily) addOptions(c *call) *reply {
	return f.withOptions(c, func(opts []any, body []map[string]any) ([]any, []any, *reply) {
		next := int64(0)
		for _, o := range opts {
			next = max(next, toID(o.(map[string]any)["id"]))
		}
		var added []any
		for _, b := range body {
			label, _ := b["label"].(string)
			if label == "" {
				return nil, nil, badRequest("Every option needs a label.")
			}
			next++
			o := map[string]any{"id": next, "label": label}
			opts, added = append(opts, o), append(added, o)
		}
		return opts, added, nil
	})
}

func (f *projectsFamily) updateOptions(c *call) *reply {
	return f.withOptions(c, func(opts []any, body []map[string]any) ([]any, []any, *reply) {
		var changed []any
		for _, b := range body {
			i, ok := optionIndex(opts, b["id"])
			label, _ := b["label"].(string)
			if !ok || label == "" {
				return nil, nil, badRequest("Every option needs the id of an existing option and a label.")
			}
			o := map[string]any{"id": toID(opts[i].(map[string]any)["id"]), "label": label}
			opts[i], changed = o, append(changed, o)
		}
		return opts, changed, nil
	})
}

func (f *projectsFamily) deleteOptions(c *call) *reply {
	return f.withOptions(c, func(opts []any, body []map[string]any) ([]any, []any, *reply) {
		var removed []any
		for _, b := range body {
			i, ok := optionIndex(opts, b["id"])
			if !ok {
				return nil, nil, badRequest(fmt.Sprintf("Option %v does not exist.", b["id"]))
			}
			removed = append(removed, opts[i])
			opts = slices.Delete(opts, i, i+1)
		}
		return opts, removed, nil
	})
}
