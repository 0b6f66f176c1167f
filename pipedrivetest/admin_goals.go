package pipedrivetest

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// The fake's goals. They are stored under numeric ids and shown with
// 32-character hex ids, as Pipedrive's look; their results are computed
// from the fake's deals.

var (
	goalTypes     = []string{"deals_won", "deals_progressed", "activities_completed", "activities_added", "deals_started", "revenue_forecast"}
	goalAssignees = []string{"person", "company", "team"}
	goalMetrics   = []string{"quantity", "sum"}
	goalIntervals = []string{"weekly", "monthly", "quarterly", "yearly"}
)

func (s *Server) goals() *collection {
	return s.collection("goals", func() *collection { return &collection{label: "Goal", v1: true} })
}

func (s *Server) goalRoutes(op opRoute) {
	op(ops.V1AddGoal, s.createGoal)
	op(ops.V1GetGoals, s.findGoals)
	op(ops.V1UpdateGoal, s.updateGoal)
	op(ops.V1DeleteGoal, s.deleteGoal)
	op(ops.V1GetGoalResult, s.goalResult)
}

func goalHex(id int64) string { return fmt.Sprintf("%032x", id) }

// goalID reads the {id} path value, a goal's hex id.
func goalID(c *call) (int64, *reply) {
	raw := c.r.PathValue("id")
	id, err := strconv.ParseInt(raw, 16, 64)
	if len(raw) != 32 || err != nil || id <= 0 {
		return 0, notFound("Goal")
	}
	return id, nil
}

// goalOK is the goals API's envelope, which says more than the others.
func goalOK(data any) *reply {
	env := map[string]any{"success": true, "statusCode": 20000, "statusText": "OK", "service": "statistics-goals-api"}
	if data != nil {
		env["data"] = data
	}
	return jsonReply(http.StatusOK, env)
}

func renderGoal(o object) object {
	out := clone(o)
	out["id"] = goalHex(o["id"].(int64))
	return out
}

// goalValue checks one member of a goal body and returns its stored form.
func goalValue(key string, v any) (any, error) {
	obj := func() (map[string]any, error) {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s must be an object", key)
		}
		return m, nil
	}
	ids := func(name string, v any) (any, error) {
		if v == nil {
			return nil, nil
		}
		arr, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("type.params.%s must be an array of integers or null", name)
		}
		out := []int64{}
		for _, x := range arr {
			n, ok := toInt64(plainJSON(x))
			if !ok {
				return nil, fmt.Errorf("type.params.%s must be an array of integers or null", name)
			}
			out = append(out, n)
		}
		return out, nil
	}
	switch key {
	case "title":
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("title must be a string")
		}
		return s, nil
	case "interval":
		s, _ := v.(string)
		if !slices.Contains(goalIntervals, s) {
			return nil, fmt.Errorf("interval must be one of %s", strings.Join(goalIntervals, ", "))
		}
		return s, nil
	case "type":
		m, err := obj()
		if err != nil {
			return nil, err
		}
		name, _ := m["name"].(string)
		if !slices.Contains(goalTypes, name) {
			return nil, fmt.Errorf("type.name must be one of %s", strings.Join(goalTypes, ", "))
		}
		params := map[string]any{"pipeline_id": nil, "activity_type_id": nil}
		if p, ok := m["params"].(map[string]any); ok {
			for k, x := range p {
				switch k {
				case "pipeline_id", "activity_type_id":
					l, err := ids(k, x)
					if err != nil {
						return nil, err
					}
					params[k] = l
				case "stage_id":
					n, ok := toInt64(plainJSON(x))
					if !ok || n <= 0 {
						return nil, fmt.Errorf("type.params.stage_id must be a stage id")
					}
					if name != "deals_progressed" {
						return nil, fmt.Errorf("type.params.stage_id applies to deals_progressed goals only")
					}
					params[k] = n
				default:
					return nil, fmt.Errorf("type.params.%s is not a goal type parameter", k)
				}
			}
		}
		return map[string]any{"name": name, "params": params}, nil
	case "assignee":
		m, err := obj()
		if err != nil {
			return nil, err
		}
		typ, _ := m["type"].(string)
		if !slices.Contains(goalAssignees, typ) {
			return nil, fmt.Errorf("assignee.type must be one of %s", strings.Join(goalAssignees, ", "))
		}
		id, ok := toInt64(plainJSON(m["id"]))
		if !ok || id <= 0 {
			return nil, fmt.Errorf("assignee.id must be an id")
		}
		return map[string]any{"type": typ, "id": id}, nil
	case "expected_outcome":
		m, err := obj()
		if err != nil {
			return nil, err
		}
		metric, _ := m["tracking_metric"].(string)
		if !slices.Contains(goalMetrics, metric) {
			return nil, fmt.Errorf("expected_outcome.tracking_metric must be quantity or sum")
		}
		target, err := strconv.ParseFloat(fmt.Sprint(m["target"]), 64)
		if err != nil || target < 0 {
			return nil, fmt.Errorf("expected_outcome.target must be a non-negative number")
		}
		out := map[string]any{"target": target, "tracking_metric": metric}
		if cur, ok := m["currency_id"]; ok && cur != nil {
			n, ok := toInt64(plainJSON(cur))
			if !ok || metric != "sum" {
				return nil, fmt.Errorf("expected_outcome.currency_id is a currency id, for sum goals only")
			}
			out["currency_id"] = n
		}
		return out, nil
	case "duration":
		m, err := obj()
		if err != nil {
			return nil, err
		}
		start, err := asDate(m["start"])
		if err != nil {
			return nil, fmt.Errorf("duration.start %w", err)
		}
		var end any
		if m["end"] != nil {
			e, err := asDate(m["end"])
			if err != nil {
				return nil, fmt.Errorf("duration.end %w", err)
			}
			if e < start {
				return nil, fmt.Errorf("duration.end is before duration.start")
			}
			end = e
		}
		return map[string]any{"start": start, "end": end}, nil
	}
	return nil, fmt.Errorf("%s is not a property this endpoint accepts", key)
}

func (s *Server) createGoal(c *call) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	o := object{"owner_id": c.user, "title": "", "is_active": true}
	for _, k := range []string{"type", "assignee", "expected_outcome", "duration", "interval"} {
		if body[k] == nil {
			return badRequest(k + " is required.")
		}
	}
	for k, v := range body {
		stored, err := goalValue(k, v)
		if err != nil {
			return badRequest(err.Error() + ".")
		}
		o[k] = stored
	}
	g := s.goals()
	g.mu.Lock()
	defer g.mu.Unlock()
	id := g.insertLocked(o)
	o["report_ids"] = []string{fmt.Sprintf("%032x", id<<8|0xa)}
	return goalOK(map[string]any{"goal": renderGoal(o)})
}

func (s *Server) updateGoal(c *call) *reply {
	id, rp := goalID(c)
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	set := map[string]any{}
	for k, v := range body {
		stored, err := goalValue(k, v)
		if err != nil {
			return badRequest(err.Error() + ".")
		}
		set[k] = stored
	}
	return s.goals().mutate(id, func(o object) *reply {
		for k, v := range set {
			o[k] = v
		}
		return goalOK(map[string]any{"goal": renderGoal(o)})
	})
}

func (s *Server) deleteGoal(c *call) *reply {
	id, rp := goalID(c)
	if rp != nil {
		return rp
	}
	g := s.goals()
	return g.mutate(id, func(object) *reply {
		delete(g.objects, id)
		return goalOK(nil)
	})
}

// period reads period.start and period.end: both or neither.
func period(c *call, required bool) (start, end string, rp *reply) {
	q := c.r.URL.Query()
	start, end = q.Get("period.start"), q.Get("period.end")
	if start == "" && end == "" && !required {
		return "", "", nil
	}
	if start == "" || end == "" {
		return "", "", badRequest("period.start and period.end must be given together.")
	}
	for _, d := range []string{start, end} {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return "", "", badRequest("period.start and period.end must be dates (YYYY-MM-DD).")
		}
	}
	if end < start {
		return "", "", badRequest("period.end is before period.start.")
	}
	return start, end, nil
}

func (s *Server) findGoals(c *call) *reply {
	q := c.r.URL.Query()
	start, end, rp := period(c, false)
	if rp != nil {
		return rp
	}
	active := true
	switch q.Get("is_active") {
	case "", "true", "1":
	case "false", "0":
		active = false
	default:
		return badRequest("is_active must be true or false.")
	}
	// Any of these searches everyone's goals; without them (and without
	// assignee.id) only the caller's are listed.
	everyone := false
	for _, k := range []string{"type.name", "assignee.type", "expected_outcome.target", "expected_outcome.tracking_metric",
		"expected_outcome.currency_id", "type.params.pipeline_id", "type.params.stage_id", "type.params.activity_type_id"} {
		if q.Has(k) {
			everyone = true
		}
	}
	get := func(o object, path string) any {
		var v any = map[string]any(o)
		for _, part := range strings.Split(path, ".") {
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[part]
		}
		return v
	}
	matchesQuery := func(o object) bool {
		for _, k := range []string{"type.name", "title", "assignee.id", "assignee.type", "expected_outcome.target",
			"expected_outcome.tracking_metric", "expected_outcome.currency_id", "type.params.stage_id"} {
			if want := q.Get(k); want != "" && !compareOp(get(o, k), "=", want) {
				return false
			}
		}
		for _, k := range []string{"type.params.pipeline_id", "type.params.activity_type_id"} {
			want := q[k]
			if len(want) == 0 {
				continue
			}
			have, _ := get(o, k).([]int64)
			for _, w := range want {
				n, err := strconv.ParseInt(w, 10, 64)
				if err != nil || !slices.Contains(have, n) {
					return false
				}
			}
		}
		return true
	}
	list := []object{}
	for _, o := range s.goals().all() {
		if o["is_active"] != active || !matchesQuery(o) {
			continue
		}
		if !everyone && !q.Has("assignee.id") {
			a, _ := o["assignee"].(map[string]any)
			mine := o["owner_id"] == c.user || (a["type"] == "person" && a["id"] == c.user)
			if !mine {
				continue
			}
		}
		if start != "" {
			d, _ := o["duration"].(map[string]any)
			gs, _ := d["start"].(string)
			ge, _ := d["end"].(string)
			if gs > end || (ge != "" && ge < start) {
				continue
			}
		}
		list = append(list, renderGoal(o))
	}
	return goalOK(map[string]any{"goals": list})
}

func (s *Server) goalResult(c *call) *reply {
	id, rp := goalID(c)
	if rp != nil {
		return rp
	}
	start, end, rp := period(c, true)
	if rp != nil {
		return rp
	}
	g, ok := s.goals().find(id)
	if !ok {
		return notFound("Goal")
	}
	d, _ := g["duration"].(map[string]any)
	gs, _ := d["start"].(string)
	ge, _ := d["end"].(string)
	if start < gs || (ge != "" && end > ge) {
		return badRequest("The period must lie within the goal's duration.")
	}
	var members []int64
	a, _ := g["assignee"].(map[string]any)
	if a["type"] == "team" {
		team, ok := s.teams().find(a["id"].(int64))
		if ok {
			members, _ = team["users"].([]int64)
		}
	}
	return goalOK(map[string]any{"goal": renderGoal(g), "progress": s.progress(g, members, start, end)})
}

// progress computes a goal's result over [start, end] from the stored
// deals. Activities goals count 0: the fake stores no activities.
func (s *Server) progress(g object, teamMembers []int64, start, end string) float64 {
	typ, _ := g["type"].(map[string]any)
	name, _ := typ["name"].(string)
	params, _ := typ["params"].(map[string]any)
	pipelines, _ := params["pipeline_id"].([]int64)
	stage, _ := params["stage_id"].(int64)
	a, _ := g["assignee"].(map[string]any)
	outcome, _ := g["expected_outcome"].(map[string]any)
	sum := outcome["tracking_metric"] == "sum"
	inPeriod := func(v any) bool {
		t, _ := v.(string)
		if len(t) < len(time.DateOnly) {
			return false
		}
		day := t[:len(time.DateOnly)]
		return day >= start && day <= end
	}
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	total := 0.0
	for _, o := range st.objects[Deal] {
		owner, _ := o["owner_id"].(int64)
		switch a["type"] {
		case "person":
			if owner != a["id"] {
				continue
			}
		case "team":
			if !slices.Contains(teamMembers, owner) {
				continue
			}
		}
		if pipelines != nil && !slices.Contains(pipelines, o["pipeline_id"].(int64)) {
			continue
		}
		weight := 1.0
		switch name {
		case "deals_won":
			if o["status"] != "won" || !inPeriod(o["won_time"]) {
				continue
			}
		case "deals_started":
			if !inPeriod(o["add_time"]) {
				continue
			}
		case "deals_progressed":
			if !inPeriod(o["stage_change_time"]) || (stage != 0 && o["stage_id"] != stage) {
				continue
			}
		case "revenue_forecast":
			if o["status"] != "open" || !inPeriod(o["expected_close_date"]) {
				continue
			}
			if p, ok := o["probability"].(float64); ok {
				weight = p / 100
			}
		default:
			continue
		}
		if sum || name == "revenue_forecast" {
			v, _ := o["value"].(float64)
			total += v * weight
		} else {
			total++
		}
	}
	return total
}
