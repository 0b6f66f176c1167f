package pipedrivetest

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// DefaultPipelineID is the id of the pipeline every server starts with,
// "Sales pipeline", whose stages 1 to 5 are "Qualified", "Contact Made",
// "Demo Scheduled", "Proposal Made" and "Negotiations Started". Deals
// created without a stage go to its first stage.
const DefaultPipelineID int64 = 1

// defaultStages are the stages of the default pipeline and their deal
// probabilities.
var defaultStages = []struct {
	name        string
	probability int64
}{
	{"Qualified", 10}, {"Contact Made", 20}, {"Demo Scheduled", 40}, {"Proposal Made", 60}, {"Negotiations Started", 80},
}

// Writable properties of pipelines and stages, from the v2 request bodies.
var (
	pipelineProps = map[string]prop{"name": {kind: pString}, "is_deal_probability_enabled": {kind: pBool}}
	stageProps    = map[string]prop{
		"name": {kind: pString}, "pipeline_id": {kind: pInt}, "deal_probability": {kind: pInt},
		"is_deal_rot_enabled": {kind: pBool}, "days_to_rotten": {kind: pInt, nullable: true},
	}
)

func (s *Server) pipelinesColl() *collection {
	return s.collection("pipelines", func() *collection { return &collection{label: "Pipeline"} })
}

func (s *Server) stagesColl() *collection {
	return s.collection("stages", func() *collection { return &collection{label: "Stage"} })
}

// pipelinesRoutes serves pipelines and stages (v2), the deals of a
// pipeline or a stage and the pipeline statistics (v1), and seeds the
// default pipeline.
func (s *Server) pipelinesRoutes(op opRoute) {
	pipes, stages := s.pipelinesColl(), s.stagesColl()
	if len(pipes.all()) == 0 {
		now := v2Time(s.clock.Now())
		pipes.insert(object{"id": DefaultPipelineID, "name": "Sales pipeline", "order_nr": int64(1), "is_deleted": false,
			"is_deal_probability_enabled": true, "add_time": now, "update_time": now})
		for i, st := range defaultStages {
			stages.insert(object{"id": int64(i + 1), "pipeline_id": DefaultPipelineID, "order_nr": int64(i + 1),
				"name": st.name, "is_deleted": false, "deal_probability": st.probability, "is_deal_rot_enabled": false,
				"days_to_rotten": nil, "add_time": now, "update_time": now})
		}
	}

	op(ops.V2GetPipelines, func(c *call) *reply { return s.listSorted(c, pipes, nil, []string{"id", "update_time", "add_time"}) })
	op(ops.V2GetPipeline, pipes.get)
	op(ops.V2AddPipeline, s.createPipeline)
	op(ops.V2UpdatePipeline, s.updatePipeline)
	op(ops.V2DeletePipeline, s.deletePipeline)

	op(ops.V2GetStages, s.listStages)
	op(ops.V2GetStage, stages.get)
	op(ops.V2AddStage, s.createStage)
	op(ops.V2UpdateStage, s.updateStage)
	op(ops.V2DeleteStage, stages.delete)

	op(ops.V1GetPipelineDeals, s.pipelineDeals)
	op(ops.V1GetStageDeals, s.stageDeals)
	op(ops.V1GetPipelineConversionStatistics, s.conversionStatistics)
	op(ops.V1GetPipelineMovementStatistics, s.movementStatistics)
}

// applyProps checks body against props and copies its converted values
// into o; nothing is changed on error.
func applyProps(o object, body map[string]any, props map[string]prop) *reply {
	set := map[string]any{}
	for k, v := range body {
		p, ok := props[k]
		if !ok {
			return badRequest(k + " is not a property this endpoint accepts")
		}
		cv, err := p.convert(v)
		if err != nil {
			return badRequest(fmt.Sprintf("%s %v", k, err))
		}
		set[k] = cv
	}
	if name, ok := set["name"].(string); ok && strings.TrimSpace(name) == "" {
		return badRequest("name must not be empty")
	}
	for k, v := range set {
		o[k] = v
	}
	return nil
}

// listSorted answers a v2 list of c's records that keep accepts (nil
// keeps all), sorted by the sort_by and sort_direction the query gives.
func (s *Server) listSorted(c2 *call, c *collection, keep func(object) bool, sortable []string) *reply {
	q := c2.r.URL.Query()
	by := q.Get("sort_by")
	if by == "" {
		by = "id"
	}
	if !slices.Contains(sortable, by) {
		return badRequest("sort_by must be one of " + strings.Join(sortable, ", ") + ".")
	}
	dir := q.Get("sort_direction")
	if dir != "" && dir != "asc" && dir != "desc" {
		return badRequest("sort_direction must be asc or desc.")
	}
	var list []object
	for _, o := range c.all() {
		if keep == nil || keep(o) {
			list = append(list, o)
		}
	}
	sort.SliceStable(list, func(i, j int) bool {
		a, b := fmt.Sprint(list[i][by]), fmt.Sprint(list[j][by])
		if n, ok := list[i][by].(int64); ok {
			a = fmt.Sprintf("%020d", n)
		}
		if n, ok := list[j][by].(int64); ok {
			b = fmt.Sprintf("%020d", n)
		}
		if a == b {
			return list[i]["id"].(int64) < list[j]["id"].(int64)
		}
		if dir == "desc" {
			return a > b
		}
		return a < b
	})
	return c.page(c2, list)
}

func (s *Server) createPipeline(c *call) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	if _, ok := body["name"]; !ok {
		return badRequest("name is required.")
	}
	pipes := s.pipelinesColl()
	now := v2Time(c.now)
	o := object{"name": "", "is_deleted": false, "is_deal_probability_enabled": false, "add_time": now, "update_time": now}
	if rp := applyProps(o, body, pipelineProps); rp != nil {
		return rp
	}
	var last int64
	for _, p := range pipes.all() {
		last = max(last, p["order_nr"].(int64))
	}
	o["order_nr"] = last + 1
	pipes.insert(o)
	return v2OK(clone(o), nil)
}

func (s *Server) updatePipeline(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	pipes := s.pipelinesColl()
	return pipes.mutate(id, func(o object) *reply {
		next := clone(o)
		if rp := applyProps(next, body, pipelineProps); rp != nil {
			return rp
		}
		next["update_time"] = v2Time(c.now)
		pipes.objects[id] = next
		return v2OK(clone(next), nil)
	})
}

// deletePipeline removes the pipeline and its stages.
func (s *Server) deletePipeline(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	pipes, stages := s.pipelinesColl(), s.stagesColl()
	if rp := pipes.mutate(id, func(object) *reply {
		delete(pipes.objects, id)
		return nil
	}); rp != nil {
		return rp
	}
	stages.mu.Lock()
	for sid, st := range stages.objects {
		if st["pipeline_id"] == id {
			delete(stages.objects, sid)
		}
	}
	stages.mu.Unlock()
	return v2OK(map[string]any{"id": id}, nil)
}

func (s *Server) listStages(c *call) *reply {
	var keep func(object) bool
	if v := c.r.URL.Query().Get("pipeline_id"); v != "" {
		pid, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return badRequest("pipeline_id must be an integer.")
		}
		keep = func(o object) bool { return o["pipeline_id"] == pid }
	}
	return s.listSorted(c, s.stagesColl(), keep, []string{"id", "update_time", "add_time", "order_nr"})
}

func (s *Server) createStage(c *call) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	for _, k := range []string{"name", "pipeline_id"} {
		if _, ok := body[k]; !ok {
			return badRequest(k + " is required.")
		}
	}
	now := v2Time(c.now)
	o := object{"is_deleted": false, "deal_probability": int64(100), "is_deal_rot_enabled": false,
		"days_to_rotten": nil, "add_time": now, "update_time": now}
	if rp := applyProps(o, body, stageProps); rp != nil {
		return rp
	}
	pid := o["pipeline_id"].(int64)
	if _, ok := s.pipelinesColl().find(pid); !ok {
		return badRequest("pipeline_id does not name an existing pipeline.")
	}
	stages := s.stagesColl()
	stages.mu.Lock()
	defer stages.mu.Unlock()
	var last int64
	for _, st := range stages.objects {
		if st["pipeline_id"] == pid {
			last = max(last, st["order_nr"].(int64))
		}
	}
	o["order_nr"] = last + 1
	stages.insertLocked(o)
	return v2OK(clone(o), nil)
}

func (s *Server) updateStage(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	if v, ok := body["pipeline_id"]; ok {
		pid, err := asInt(v)
		if err != nil {
			return badRequest("pipeline_id expects an integer")
		}
		if _, ok := s.pipelinesColl().find(pid); !ok {
			return badRequest("pipeline_id does not name an existing pipeline.")
		}
	}
	stages := s.stagesColl()
	return stages.mutate(id, func(o object) *reply {
		next := clone(o)
		if rp := applyProps(next, body, stageProps); rp != nil {
			return rp
		}
		next["update_time"] = v2Time(c.now)
		stages.objects[id] = next
		return v2OK(clone(next), nil)
	})
}

// stageInfo is what deal rendering and statistics need of a stage.
type stageInfo struct {
	id, pipelineID, order, probability int64
	name                               string
}

// stageInfos returns the stages by id, read before the store is locked
// (a collection's lock is never taken while holding the store's).
func (s *Server) stageInfos() map[int64]stageInfo {
	out := map[int64]stageInfo{}
	for _, st := range s.stagesColl().all() {
		id := st["id"].(int64)
		prob, _ := st["deal_probability"].(int64)
		name, _ := st["name"].(string)
		out[id] = stageInfo{id: id, pipelineID: st["pipeline_id"].(int64), order: st["order_nr"].(int64), probability: prob, name: name}
	}
	return out
}

// pipelineStages returns the stages of pipeline pid in order.
func pipelineStages(infos map[int64]stageInfo, pid int64) []stageInfo {
	var out []stageInfo
	for _, st := range infos {
		if st.pipelineID == pid {
			out = append(out, st)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].order == out[j].order {
			return out[i].id < out[j].id
		}
		return out[i].order < out[j].order
	})
	return out
}

// dealOwnerFilter reads user_id and everyone: nil keeps every owner.
func dealOwnerFilter(c *call) (*int64, *reply) {
	q := c.r.URL.Query()
	if q.Get("filter_id") != "" {
		return nil, badRequest("pipedrivetest does not support saved filters (filter_id).")
	}
	switch q.Get("everyone") {
	case "1":
		return nil, nil
	case "", "0":
	default:
		return nil, badRequest("everyone must be 0 or 1.")
	}
	owner := c.user
	if v := q.Get("user_id"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, badRequest("user_id must be an integer.")
		}
		owner = n
	}
	return &owner, nil
}

// openDeals returns copies of the open deals of pipeline pid (and stage
// sid when non-zero) owned by owner (nil: anyone), by id.
func (s *Server) openDeals(pid, sid int64, owner *int64, infos map[int64]stageInfo) []object {
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	var out []object
	for _, d := range st.objects[Deal] {
		if d["status"] != "open" || d["is_archived"] == true {
			continue
		}
		if pid != 0 && d["pipeline_id"] != pid {
			continue
		}
		if sid != 0 && d["stage_id"] != sid {
			continue
		}
		if owner != nil && d["owner_id"] != *owner {
			continue
		}
		out = append(out, s.v1Deal(st, d, infos))
	}
	sort.Slice(out, func(i, j int) bool { return out[i]["id"].(int64) < out[j]["id"].(int64) })
	return out
}

// v1Stamp turns a stored v2 timestamp into v1's form.
func v1Stamp(v any) any {
	s, ok := v.(string)
	if !ok || s == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return v1Time(t)
}

// v1Deal renders a stored deal in v1's shape. Callers hold st.mu.
func (s *Server) v1Deal(st *store, d object, infos map[int64]stageInfo) object {
	value, _ := d["value"].(float64)
	cur, _ := d["currency"].(string)
	prob := weightOf(d, infos)
	name := func(e Entity, id any) any {
		if n, ok := id.(int64); ok {
			if o := st.objects[e][n]; o != nil {
				return o["name"]
			}
		}
		return nil
	}
	labels := make([]string, 0)
	if ids, ok := d["label_ids"].([]int64); ok {
		for _, id := range ids {
			labels = append(labels, strconv.FormatInt(id, 10))
		}
	}
	var label any
	if len(labels) > 0 {
		label = strings.Join(labels, ",")
	}
	owner, _ := d["owner_id"].(int64)
	out := object{
		"id": d["id"], "creator_user_id": d["creator_user_id"], "user_id": owner, "person_id": d["person_id"],
		"org_id": d["org_id"], "stage_id": d["stage_id"], "title": d["title"], "value": value, "currency": cur,
		"add_time": v1Stamp(d["add_time"]), "update_time": v1Stamp(d["update_time"]),
		"stage_change_time": v1Stamp(d["stage_change_time"]), "active": d["status"] == "open", "deleted": false,
		"is_archived": d["is_archived"], "status": d["status"], "probability": d["probability"],
		"next_activity_date": nil, "next_activity_time": nil, "next_activity_id": nil, "last_activity_id": nil,
		"last_activity_date": nil, "lost_reason": d["lost_reason"], "close_time": v1Stamp(d["close_time"]),
		"pipeline_id": d["pipeline_id"], "won_time": v1Stamp(d["won_time"]), "first_won_time": v1Stamp(d["won_time"]),
		"lost_time": v1Stamp(d["lost_time"]), "products_count": 0, "files_count": 0, "notes_count": 0,
		"followers_count": 1, "email_messages_count": 0, "activities_count": 0, "done_activities_count": 0,
		"undone_activities_count": 0, "participants_count": len(st.parts[d["id"].(int64)]),
		"expected_close_date": d["expected_close_date"], "last_incoming_mail_time": nil, "last_outgoing_mail_time": nil,
		"label": label, "stage_order_nr": infos[plInt64(d["stage_id"])].order,
		"person_name": name(Person, d["person_id"]), "org_name": name(Organization, d["org_id"]),
		"formatted_value": formatMoney(value, cur), "weighted_value": value * prob,
		"formatted_weighted_value": formatMoney(value*prob, cur), "weighted_value_currency": cur,
		"rotten_time": nil, "owner_name": userName(owner), "cc_email": fmt.Sprintf("pipedrivetest+deal%d@pipedrivemail.com", d["id"]),
		"org_hidden": false, "person_hidden": false, "origin": d["origin"], "origin_id": d["origin_id"],
		"channel": d["channel"], "channel_id": d["channel_id"], "arr": nil, "mrr": nil, "acv": nil,
		"arr_currency": nil, "mrr_currency": nil, "acv_currency": nil,
	}
	if vt, ok := d["visible_to"].(int64); ok {
		out["visible_to"] = strconv.FormatInt(vt, 10)
	}
	cf, _ := d["custom_fields"].(map[string]any)
	for _, f := range st.fields[Deal] {
		putV1Custom(out, f, cf[f.key])
	}
	return out
}

// putV1Custom writes custom field f's stored (v2) value v into a v1
// object: monetary and date range values with their companion members,
// option sets comma-joined.
func putV1Custom(out object, f *customField, v any) {
	switch f.Type {
	case FieldMonetary:
		out[f.key], out[f.key+"_currency"] = nil, nil
		if m, ok := v.(map[string]any); ok {
			out[f.key], out[f.key+"_currency"] = m["value"], m["currency"]
		}
	case FieldDateRange:
		out[f.key], out[f.key+"_until"] = nil, nil
		if m, ok := v.(map[string]any); ok {
			out[f.key], out[f.key+"_until"] = m["value"], m["until"]
		}
	case FieldSet:
		out[f.key] = nil
		if ids, ok := v.([]int64); ok && len(ids) > 0 {
			parts := make([]string, len(ids))
			for i, id := range ids {
				parts[i] = strconv.FormatInt(id, 10)
			}
			out[f.key] = strings.Join(parts, ",")
		}
	default:
		out[f.key] = v
	}
}

func plInt64(v any) int64 {
	n, _ := v.(int64)
	return n
}

// weightOf is a deal's success probability as a fraction: its own, else
// its stage's.
func weightOf(d object, infos map[int64]stageInfo) float64 {
	if p, ok := d["probability"].(float64); ok {
		return p / 100
	}
	if p, ok := d["probability"].(int64); ok {
		return float64(p) / 100
	}
	return float64(infos[plInt64(d["stage_id"])].probability) / 100
}

// currencySymbols are the prefixes formatMoney uses; other currencies are
// written after the amount.
var currencySymbols = map[string]string{"USD": "US$", "EUR": "€", "GBP": "£", "JPY": "¥"}

// formatMoney formats an amount as Pipedrive's *_formatted values do:
// "€5,000", "US$1,234.50".
func formatMoney(v float64, cur string) string {
	neg := v < 0
	v = math.Abs(v)
	whole := int64(v)
	cents := int64(math.Round((v - float64(whole)) * 100))
	if cents == 100 {
		whole, cents = whole+1, 0
	}
	digits := strconv.FormatInt(whole, 10)
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	num := b.String()
	if cents != 0 {
		num += fmt.Sprintf(".%02d", cents)
	}
	if neg {
		num = "-" + num
	}
	if sym, ok := currencySymbols[cur]; ok {
		return sym + num
	}
	return num + " " + cur
}

func (s *Server) pipelineDeals(c *call) *reply {
	pid, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	if _, ok := s.pipelinesColl().find(pid); !ok {
		return notFound("Pipeline")
	}
	owner, rp := dealOwnerFilter(c)
	if rp != nil {
		return rp
	}
	q := c.r.URL.Query()
	var sid int64
	if v := q.Get("stage_id"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return badRequest("stage_id must be an integer.")
		}
		sid = n
	}
	infos := s.stageInfos()
	list := s.openDeals(pid, sid, owner, infos)
	rp = pageV1(c, list)
	switch q.Get("get_summary") {
	case "", "0":
	case "1":
		env := rp.body.(map[string]any)
		extra, _ := env["additional_data"].(map[string]any)
		if extra == nil {
			extra = map[string]any{}
			env["additional_data"] = extra
		}
		sum, rp := dealsSummary(list, pipelineStages(infos, pid), q.Get("totals_convert_currency"))
		if rp != nil {
			return rp
		}
		extra["deals_summary"] = sum
	default:
		return badRequest("get_summary must be 0 or 1.")
	}
	return rp
}

// dealsSummary totals v1-rendered deals of pipeline pid per stage and
// currency. The fake has no exchange rates: converted totals treat every
// currency at par.
func dealsSummary(deals []object, stages []stageInfo, convert string) (map[string]any, *reply) {
	if convert == "default_currency" {
		convert = "USD"
	}
	if convert != "" && len(convert) != 3 {
		return nil, badRequest("totals_convert_currency must be a 3-letter currency code or default_currency.")
	}
	type total struct {
		count           int
		value, weighted float64
	}
	perStage := map[int64]map[string]*total{}
	perCurrency := map[string]*total{}
	converted := map[int64]*total{}
	bump := func(t *total, value, weighted float64) {
		t.count++
		t.value += value
		t.weighted += weighted
	}
	for _, d := range deals {
		sid, cur := plInt64(d["stage_id"]), d["currency"].(string)
		value, weighted := d["value"].(float64), d["weighted_value"].(float64)
		if perStage[sid] == nil {
			perStage[sid] = map[string]*total{}
		}
		if perStage[sid][cur] == nil {
			perStage[sid][cur] = &total{}
		}
		if perCurrency[cur] == nil {
			perCurrency[cur] = &total{}
		}
		if converted[sid] == nil {
			converted[sid] = &total{}
		}
		bump(perStage[sid][cur], value, weighted)
		bump(perCurrency[cur], value, weighted)
		bump(converted[sid], value, weighted)
	}
	stagesOut := map[string]any{}
	for sid, byCur := range perStage {
		m := map[string]any{}
		for cur, t := range byCur {
			m[cur] = map[string]any{"count": t.count, "value": t.value, "value_formatted": formatMoney(t.value, cur),
				"weighted_value": t.weighted, "weighted_value_formatted": formatMoney(t.weighted, cur)}
		}
		stagesOut[strconv.FormatInt(sid, 10)] = m
	}
	curOut, fullOut := map[string]any{}, map[string]any{}
	for cur, t := range perCurrency {
		curOut[cur] = t.value
		fullOut[cur] = map[string]any{"count": t.count, "value": t.value}
	}
	out := map[string]any{"per_stages": stagesOut, "per_currency": curOut, "per_currency_full": fullOut, "total_count": len(deals)}
	if convert != "" {
		conv := map[string]any{}
		for _, st := range stages {
			t := converted[st.id]
			if t == nil {
				t = &total{}
			}
			conv[strconv.FormatInt(st.id, 10)] = map[string]any{"count": t.count, "value": t.value,
				"value_formatted": formatMoney(t.value, convert), "value_weighted": t.weighted,
				"value_weighted_formatted": formatMoney(t.weighted, convert), "currency": convert}
		}
		out["per_stages_converted"] = conv
	}
	return out, nil
}

func (s *Server) stageDeals(c *call) *reply {
	sid, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	infos := s.stageInfos()
	st, ok := infos[sid]
	if !ok {
		return notFound("Stage")
	}
	owner, rp := dealOwnerFilter(c)
	if rp != nil {
		return rp
	}
	return pageV1(c, s.openDeals(st.pipelineID, sid, owner, infos))
}

// statsPeriod reads the pipeline id, the period (inclusive dates) and the
// user whose deals the statistics count.
func (s *Server) statsPeriod(c *call) (pid int64, from, to string, owner int64, rp *reply) {
	pid, rp = pathID(c, "id")
	if rp != nil {
		return
	}
	if _, ok := s.pipelinesColl().find(pid); !ok {
		return 0, "", "", 0, notFound("Pipeline")
	}
	q := c.r.URL.Query()
	from, to = q.Get("start_date"), q.Get("end_date")
	for name, v := range map[string]string{"start_date": from, "end_date": to} {
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return 0, "", "", 0, badRequest(name + " is required, as YYYY-MM-DD.")
		}
	}
	if to < from {
		return 0, "", "", 0, badRequest("end_date is before start_date.")
	}
	owner = c.user
	if v := q.Get("user_id"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, "", "", 0, badRequest("user_id must be an integer.")
		}
		owner = n
	}
	return pid, from, to, owner, nil
}

// pipelineDealsOf returns copies of every deal of pipeline pid owned by
// owner, whatever its status.
func (s *Server) pipelineDealsOf(pid, owner int64) []object {
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	var out []object
	for _, d := range st.objects[Deal] {
		if d["pipeline_id"] == pid && d["owner_id"] == owner {
			out = append(out, clone(d))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i]["id"].(int64) < out[j]["id"].(int64) })
	return out
}

// dayOf is the date part of a stored timestamp ("" for none).
func dayOf(v any) string {
	s, _ := v.(string)
	if len(s) < 10 {
		return ""
	}
	return s[:10]
}

func within(day, from, to string) bool { return day != "" && day >= from && day <= to }

// conversionStatistics computes the rates from the deals added in the
// period: a deal has reached every stage up to its current one.
func (s *Server) conversionStatistics(c *call) *reply {
	pid, from, to, owner, rp := s.statsPeriod(c)
	if rp != nil {
		return rp
	}
	stages := pipelineStages(s.stageInfos(), pid)
	index := map[int64]int{}
	for i, st := range stages {
		index[st.id] = i
	}
	reached := make([]int, len(stages))
	var total, won, lost int
	for _, d := range s.pipelineDealsOf(pid, owner) {
		if !within(dayOf(d["add_time"]), from, to) {
			continue
		}
		total++
		switch d["status"] {
		case "won":
			won++
		case "lost":
			lost++
		}
		if i, ok := index[plInt64(d["stage_id"])]; ok {
			for j := 0; j <= i; j++ {
				reached[j]++
			}
		}
	}
	pct := func(n, of int) int64 {
		if of == 0 {
			return 0
		}
		return int64(math.Round(100 * float64(n) / float64(of)))
	}
	conv := []any{}
	for i := 0; i+1 < len(stages); i++ {
		conv = append(conv, map[string]any{"from_stage_id": stages[i].id, "to_stage_id": stages[i+1].id,
			"conversion_rate": pct(reached[i+1], reached[i])})
	}
	return v1OK(map[string]any{"stage_conversions": conv, "won_conversion": pct(won, total),
		"lost_conversion": pct(lost, total)}, nil)
}

// movementStatistics counts the deals added, won, lost, moved and left
// open in the period, and the average age of the open ones.
func (s *Server) movementStatistics(c *call) *reply {
	pid, from, to, owner, rp := s.statsPeriod(c)
	if rp != nil {
		return rp
	}
	type group struct {
		ids    []int64
		values map[string]float64
	}
	add := func(g *group, d object) {
		if g.values == nil {
			g.values = map[string]float64{}
		}
		g.ids = append(g.ids, d["id"].(int64))
		v, _ := d["value"].(float64)
		g.values[d["currency"].(string)] += v
	}
	var added, won, lost, open group
	moved := 0
	end, _ := time.Parse(time.DateOnly, to)
	end = end.Add(24 * time.Hour)
	if now := c.now; now.Before(end) {
		end = now
	}
	ages := map[int64][]float64{}
	var all []float64
	for _, d := range s.pipelineDealsOf(pid, owner) {
		if within(dayOf(d["add_time"]), from, to) {
			add(&added, d)
		}
		if d["status"] == "won" && within(dayOf(d["won_time"]), from, to) {
			add(&won, d)
		}
		if d["status"] == "lost" && within(dayOf(d["lost_time"]), from, to) {
			add(&lost, d)
		}
		if within(dayOf(d["stage_change_time"]), from, to) {
			moved++
		}
		if d["status"] == "open" && dayOf(d["add_time"]) <= to {
			add(&open, d)
			if at, err := time.Parse(time.RFC3339, d["add_time"].(string)); err == nil {
				days := math.Max(0, end.Sub(at).Hours()/24)
				sid := plInt64(d["stage_id"])
				ages[sid] = append(ages[sid], days)
				all = append(all, days)
			}
		}
	}
	render := func(g group) map[string]any {
		ids, values, formatted := []int64{}, map[string]any{}, map[string]any{}
		ids = append(ids, g.ids...)
		for cur, v := range g.values {
			values[cur], formatted[cur] = v, formatMoney(v, cur)
		}
		return map[string]any{"count": len(g.ids), "deals_ids": ids, "values": values, "formatted_values": formatted}
	}
	avg := func(xs []float64) int64 {
		if len(xs) == 0 {
			return 0
		}
		var sum float64
		for _, x := range xs {
			sum += x
		}
		return int64(math.Round(sum / float64(len(xs))))
	}
	byStage := []any{}
	for _, st := range pipelineStages(s.stageInfos(), pid) {
		if xs := ages[st.id]; len(xs) > 0 {
			byStage = append(byStage, map[string]any{"stage_id": st.id, "value": avg(xs)})
		}
	}
	return jsonReply(http.StatusOK, map[string]any{"success": true, "data": map[string]any{
		"movements_between_stages": map[string]any{"count": moved},
		"new_deals":                render(added), "deals_left_open": render(open),
		"won_deals": render(won), "lost_deals": render(lost),
		"average_age_in_days": map[string]any{"across_all_stages": avg(all), "by_stages": byStage},
	}})
}
