package pipedrivetest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// Leads, lead labels and lead conversions are kept in collections under an
// internal numeric id; their API ids are UUIDs, stored as "uuid" and
// swapped in when rendered.

// leadSources are the sources /v1/leadSources lists.
var leadSources = []string{"Manually created", "Deal", "Web forms", "Prospector", "Leadbooster", "Live chat",
	"Import", "Website visitors", "Workflow automation", "API"}

// leadLabelColors are the colors a lead label may take.
var leadLabelColors = []string{"blue", "brown", "dark-gray", "gray", "green", "orange", "pink", "purple", "red", "yellow"}

// leadProps are the standard writable members of a v1 lead body.
var leadProps = map[string]prop{
	"title": {kind: pString}, "owner_id": {kind: pInt}, "person_id": {kind: pInt, nullable: true},
	"organization_id": {kind: pInt, nullable: true}, "expected_close_date": {kind: pDate, nullable: true},
	"visible_to": {kind: pString, enum: []string{"1", "3", "5", "7"}}, "was_seen": {kind: pBool},
	"is_archived": {kind: pBool}, "origin_id": {kind: pString, nullable: true, create: true},
	"channel": {kind: pInt, nullable: true}, "channel_id": {kind: pString, nullable: true},
}

var isCode = regexp.MustCompile(`^[0-9a-f]{40}$`)

func (s *Server) leadsColl() *collection {
	return s.collection("leads", func() *collection { return &collection{label: "Lead", v1: true} })
}

func (s *Server) leadLabelsColl() *collection {
	return s.collection("leadLabels", func() *collection { return &collection{label: "Lead label", v1: true} })
}

func (s *Server) leadConversionsColl() *collection {
	return s.collection("leadConversions", func() *collection { return &collection{label: "Conversion"} })
}

// leadsRoutes serves leads, lead labels (seeded with "Hot", "Warm" and
// "Cold"), lead sources and fields (v1), lead search and the conversion of
// a lead into a deal (v2).
func (s *Server) leadsRoutes(op opRoute) {
	labels := s.leadLabelsColl()
	if len(labels.all()) == 0 {
		now := leadTime(s.clock.Now())
		for _, l := range [][2]string{{"Hot", "red"}, {"Warm", "yellow"}, {"Cold", "blue"}} {
			labels.insert(object{"uuid": uuid(), "name": l[0], "color": l[1], "add_time": now, "update_time": now})
		}
	}
	op(ops.V1GetLeads, func(c *call) *reply { return s.listLeads(c, false) })
	op(ops.V1GetArchivedLeads, func(c *call) *reply { return s.listLeads(c, true) })
	op(ops.V1AddLead, s.createLead)
	op(ops.V1GetLead, s.getLead)
	op(ops.V1UpdateLead, s.updateLead)
	op(ops.V1DeleteLead, s.deleteLead)
	op(ops.V1GetLeadUsers, s.leadUsers)
	op(ops.V2SearchLeads, s.searchLeads)
	op(ops.V1GetLeadFields, s.leadFields)
	op(ops.V1GetLeadLabels, s.listLeadLabels)
	op(ops.V1AddLeadLabel, s.createLeadLabel)
	op(ops.V1UpdateLeadLabel, s.updateLeadLabel)
	op(ops.V1DeleteLeadLabel, s.deleteLeadLabel)
	op(ops.V1GetLeadSources, func(*call) *reply {
		data := make([]any, len(leadSources))
		for i, n := range leadSources {
			data[i] = map[string]any{"name": n}
		}
		return v1OK(data, nil)
	})
	op(ops.V2ConvertLeadToDeal, s.convertLead)
	op(ops.V2GetLeadConversionStatus, s.leadConversionStatus)
}

// leadTime formats a time as the leads API does: RFC 3339 with
// milliseconds, in UTC.
func leadTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// byUUID returns the internal id of c's record whose uuid is id.
func byUUID(c *collection, id string) (int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for n, o := range c.objects {
		if o["uuid"] == id {
			return n, true
		}
	}
	return 0, false
}

// withUUID renders a record with its uuid as its id.
func withUUID(o object) object {
	out := clone(o)
	out["id"] = out["uuid"]
	delete(out, "uuid")
	return out
}

// renderLead renders a stored lead in v1's shape: the deal custom fields
// at the top level (every one, null when empty), with their companions.
func (s *Server) renderLead(o object) object {
	out := withUUID(o)
	custom, _ := out["custom"].(map[string]any)
	delete(out, "custom")
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, f := range st.fields[Deal] {
		putV1Custom(out, f, custom[f.key])
	}
	return out
}

// leadCustom reads the deal custom fields of a v1 lead body (top-level
// members keyed by field code, with "<code>_currency" and "<code>_until"
// companions) into their stored v2 form, and returns the standard members
// left. A nil value clears a field.
func (s *Server) leadCustom(body map[string]any, currency string) (custom map[string]any, rest map[string]any, rp *reply) {
	custom, rest = map[string]any{}, map[string]any{}
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	byKey := st.byKey[Deal]
	for k, v := range body {
		base, suffix, _ := strings.Cut(k, "_")
		if !isCode.MatchString(base) {
			rest[k] = v
			continue
		}
		f := byKey[base]
		if f == nil {
			return nil, nil, badRequest(base + " is not a deal custom field (leads take the deal custom fields).")
		}
		if suffix != "" {
			switch {
			case suffix == "currency" && f.Type == FieldMonetary, suffix == "until" && f.Type == FieldDateRange:
				if _, ok := body[base]; !ok {
					return nil, nil, badRequest(k + " needs " + base + " beside it.")
				}
				continue
			}
			return nil, nil, badRequest(k + " is not a member of the custom field " + f.Name + ".")
		}
		in := v
		switch f.Type {
		case FieldMonetary:
			if v != nil {
				cur := currency
				if c, ok := body[base+"_currency"].(string); ok {
					cur = c
				}
				in = map[string]any{"value": v, "currency": cur}
			}
		case FieldDateRange:
			if v != nil {
				in = map[string]any{"value": v, "until": body[base+"_until"]}
			}
		case FieldSet:
			if str, ok := v.(string); ok {
				var ids []any
				for _, part := range strings.Split(str, ",") {
					if part = strings.TrimSpace(part); part != "" {
						ids = append(ids, jsonNumber(part))
					}
				}
				in = ids
			}
		case FieldEnum:
			if str, ok := v.(string); ok {
				in = jsonNumber(str)
			}
		}
		cv, err := f.customValue(in, currency)
		if err != nil {
			return nil, nil, badRequest(fmt.Sprintf("%s (%s) %v", base, f.Name, err))
		}
		custom[base] = cv
	}
	return custom, rest, nil
}

// applyLead checks a v1 lead body and applies it to o (a copy the caller
// stores only on success).
func (s *Server) applyLead(o object, body map[string]any, creating bool, now string) *reply {
	cur := "USD"
	if v, ok := o["value"].(map[string]any); ok {
		cur, _ = v["currency"].(string)
	}
	if v, ok := body["value"].(map[string]any); ok {
		if c, ok := v["currency"].(string); ok {
			cur = c
		}
	}
	custom, rest, rp := s.leadCustom(body, cur)
	if rp != nil {
		return rp
	}
	set := map[string]any{}
	for k, v := range rest {
		switch k {
		case "label_ids":
			arr, ok := v.([]any)
			if !ok {
				return badRequest("label_ids expects an array of lead label ids.")
			}
			ids := []string{}
			for _, x := range arr {
				id, ok := x.(string)
				if !ok {
					return badRequest("label_ids expects an array of lead label ids.")
				}
				if _, ok := byUUID(s.leadLabelsColl(), id); !ok {
					return badRequest("label_ids: " + id + " is not a lead label.")
				}
				ids = append(ids, id)
			}
			set[k] = ids
			continue
		case "value":
			if v == nil {
				set[k] = nil
				continue
			}
			m, ok := v.(map[string]any)
			if !ok {
				return badRequest(`value expects {"amount": number, "currency": "EUR"} or null.`)
			}
			amount, err := asNumber(m["amount"])
			c, okc := m["currency"].(string)
			if err != nil || !okc || len(c) != 3 || len(m) != 2 {
				return badRequest(`value expects {"amount": number, "currency": "EUR"}: both are required.`)
			}
			set[k] = map[string]any{"amount": amount, "currency": c}
			continue
		}
		p, ok := leadProps[k]
		if !ok || (p.create && !creating) || (k == "is_archived" && creating) {
			return badRequest(k + " is not a property this endpoint accepts")
		}
		cv, err := p.convert(v)
		if err != nil {
			return badRequest(fmt.Sprintf("%s %v", k, err))
		}
		set[k] = cv
	}
	if t, ok := set["title"]; ok && (t == nil || strings.TrimSpace(t.(string)) == "") {
		return badRequest("title must not be empty.")
	}
	if creating {
		if _, ok := set["title"]; !ok {
			return badRequest("title is required.")
		}
	}
	for _, k := range []string{"person_id", "organization_id"} {
		id, ok := set[k].(int64)
		if !ok {
			continue
		}
		e := Person
		if k == "organization_id" {
			e = Organization
		}
		st := s.data
		st.mu.Lock()
		exists := st.objects[e][id] != nil
		st.mu.Unlock()
		if !exists {
			return badRequest(fmt.Sprintf("%s %d does not name an existing %s.", k, id, e))
		}
	}
	for k, v := range set {
		o[k] = v
	}
	if o["person_id"] == nil && o["organization_id"] == nil {
		return badRequest("A lead must be linked to a person or an organization (person_id or organization_id).")
	}
	stored, _ := o["custom"].(map[string]any)
	next := map[string]any{}
	for k, v := range stored {
		next[k] = v
	}
	for k, v := range custom {
		next[k] = v
	}
	o["custom"] = next
	o["update_time"] = now
	return nil
}

// jsonNumber turns v1's option ids sent as strings ("3") into the numbers
// the field checks take; anything else is left for them to refuse.
func jsonNumber(s string) any {
	if _, err := strconv.ParseInt(s, 10, 64); err != nil {
		return s
	}
	return json.Number(s)
}

func (s *Server) createLead(c *call) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	now := leadTime(c.now)
	id := uuid()
	o := object{
		"uuid": id, "title": "", "owner_id": c.user, "creator_id": c.user, "label_ids": []string{}, "person_id": nil,
		"organization_id": nil, "source_name": "API", "origin": "API", "origin_id": nil, "channel": nil,
		"channel_id": nil, "source_deal_id": nil, "is_archived": false, "was_seen": false, "value": nil,
		"expected_close_date": nil, "next_activity_id": nil, "add_time": now, "update_time": now, "visible_to": "3",
		"cc_email": "pipedrivetest+lead" + strings.ReplaceAll(id, "-", "")[:12] + "@pipedrivemail.com",
	}
	if rp := s.applyLead(o, body, true, now); rp != nil {
		return rp
	}
	s.leadsColl().insert(o)
	return jsonReply(http.StatusCreated, map[string]any{"success": true, "data": s.renderLead(o)})
}

// leadByPath finds the lead the {id} path value names.
func (s *Server) leadByPath(c *call) (int64, *reply) {
	n, ok := byUUID(s.leadsColl(), c.r.PathValue("id"))
	if !ok {
		return 0, notFound("Lead")
	}
	return n, nil
}

func (s *Server) getLead(c *call) *reply {
	n, rp := s.leadByPath(c)
	if rp != nil {
		return rp
	}
	o, ok := s.leadsColl().find(n)
	if !ok {
		return notFound("Lead")
	}
	return v1OK(s.renderLead(o), nil)
}

func (s *Server) updateLead(c *call) *reply {
	n, rp := s.leadByPath(c)
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	leads := s.leadsColl()
	var updated object
	if rp := leads.mutate(n, func(o object) *reply {
		next := clone(o)
		if rp := s.applyLead(next, body, false, leadTime(c.now)); rp != nil {
			return rp
		}
		leads.objects[n] = next
		updated = next
		return nil
	}); rp != nil {
		return rp
	}
	return v1OK(s.renderLead(updated), nil)
}

func (s *Server) deleteLead(c *call) *reply {
	n, rp := s.leadByPath(c)
	if rp != nil {
		return rp
	}
	leads := s.leadsColl()
	return leads.mutate(n, func(o object) *reply {
		delete(leads.objects, n)
		return v1OK(map[string]any{"id": o["uuid"]}, nil)
	})
}

func (s *Server) leadUsers(c *call) *reply {
	n, rp := s.leadByPath(c)
	if rp != nil {
		return rp
	}
	o, ok := s.leadsColl().find(n)
	if !ok {
		return notFound("Lead")
	}
	ids := []int64{o["owner_id"].(int64)}
	if cr := o["creator_id"].(int64); cr != ids[0] {
		ids = append(ids, cr)
	}
	slices.Sort(ids)
	return v1OK(ids, nil)
}

// leadSortFields are the fields the lead lists sort by.
var leadSortFields = []string{"id", "title", "owner_id", "creator_id", "was_seen", "expected_close_date",
	"next_activity_id", "add_time", "update_time"}

func (s *Server) listLeads(c *call, archived bool) *reply {
	q := c.r.URL.Query()
	if q.Get("filter_id") != "" {
		return badRequest("pipedrivetest does not support saved filters (filter_id).")
	}
	eq := map[string]int64{}
	for _, name := range []string{"owner_id", "person_id", "organization_id"} {
		if v := q.Get(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return badRequest(name + " must be an integer.")
			}
			eq[name] = n
		}
	}
	var since string
	if v := q.Get("updated_since"); v != "" {
		if archived {
			return badRequest("updated_since is not a parameter of the archived leads list.")
		}
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return badRequest("updated_since must be an RFC 3339 time.")
		}
		since = leadTime(t)
	}
	type key struct {
		field string
		desc  bool
	}
	var keys []key
	if v := q.Get("sort"); v != "" {
		for _, part := range strings.Split(v, ",") {
			f := strings.Fields(part)
			if len(f) == 0 || len(f) > 2 || !slices.Contains(leadSortFields, f[0]) {
				return badRequest("sort takes fields of " + strings.Join(leadSortFields, ", ") + ", each optionally followed by ASC or DESC.")
			}
			k := key{field: f[0]}
			if len(f) == 2 {
				switch strings.ToUpper(f[1]) {
				case "ASC":
				case "DESC":
					k.desc = true
				default:
					return badRequest("sort directions are ASC and DESC.")
				}
			}
			keys = append(keys, k)
		}
	}
	var list []object
	for _, o := range s.leadsColl().all() {
		if o["is_archived"] != archived {
			continue
		}
		ok := true
		for name, want := range eq {
			if got, _ := o[name].(int64); got != want {
				ok = false
			}
		}
		if ut, _ := o["update_time"].(string); ok && (since == "" || ut >= since) {
			list = append(list, o)
		}
	}
	sort.SliceStable(list, func(i, j int) bool {
		for _, k := range keys {
			a, b := fmt.Sprint(list[i][k.field]), fmt.Sprint(list[j][k.field])
			if k.field == "id" {
				a, b = list[i]["uuid"].(string), list[j]["uuid"].(string)
			}
			if x, ok := list[i][k.field].(int64); ok {
				a = fmt.Sprintf("%020d", x)
			}
			if x, ok := list[j][k.field].(int64); ok {
				b = fmt.Sprintf("%020d", x)
			}
			if a != b {
				return (a < b) != k.desc
			}
		}
		return list[i]["id"].(int64) < list[j]["id"].(int64)
	})
	rendered := make([]object, len(list))
	for i, o := range list {
		rendered[i] = s.renderLead(o)
	}
	return pageV1(c, rendered)
}

// searchLeads searches lead titles and text custom fields (leads have no
// notes in the fake).
func (s *Server) searchLeads(c *call) *reply {
	q := c.r.URL.Query()
	term := strings.TrimSpace(q.Get("term"))
	exact := q.Get("exact_match") == "true"
	if len([]rune(term)) < 2 && !(exact && term != "") {
		return badRequest("term must be at least 2 characters long (1 with exact_match).")
	}
	limit, rp := queryLimit(c)
	if rp != nil {
		return rp
	}
	fields := []string{"title", "notes", "custom_fields"}
	if v := q.Get("fields"); v != "" {
		fields = nil
		for _, f := range strings.Split(v, ",") {
			f = strings.TrimSpace(f)
			if !slices.Contains([]string{"title", "notes", "custom_fields"}, f) {
				return badRequest("fields may name only title, notes, custom_fields.")
			}
			fields = append(fields, f)
		}
	}
	wasSeen := false
	if v := q.Get("include_fields"); v != "" {
		if v != "lead.was_seen" {
			return badRequest("include_fields may name only lead.was_seen.")
		}
		wasSeen = true
	}
	var person, org int64
	for name, dst := range map[string]*int64{"person_id": &person, "organization_id": &org} {
		if v := q.Get(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return badRequest(name + " must be an integer.")
			}
			*dst = n
		}
	}
	offset := 0
	if cs := q.Get("cursor"); cs != "" {
		var cur struct {
			Off  int    `json:"o"`
			Term string `json:"t"`
		}
		if !decodeCursor(cs, &cur) || cur.Term != term || cur.Off < 0 {
			return badRequest("The cursor is not valid for this request.")
		}
		offset = cur.Off
	}
	type hit struct {
		score float64
		id    int64
		item  map[string]any
	}
	var hits []hit
	leads := s.leadsColl().all()
	st := s.data
	st.mu.Lock()
	for _, o := range leads {
		if (person != 0 && o["person_id"] != person) || (org != 0 && o["organization_id"] != org) {
			continue
		}
		score := 0.0
		matched := []string{}
		for _, f := range fields {
			switch f {
			case "title":
				score = max(score, match(o["title"].(string), term, exact))
			case "custom_fields":
				custom, _ := o["custom"].(map[string]any)
				for _, fd := range st.fields[Deal] {
					if text := fd.searchText(custom[fd.key]); match(text, term, exact) > 0 {
						score = max(score, match(text, term, exact))
						matched = append(matched, text)
					}
				}
			}
		}
		if score == 0 {
			continue
		}
		item := map[string]any{"id": o["uuid"], "type": "lead", "title": o["title"], "owner": map[string]any{"id": o["owner_id"]},
			"person": ref(st, Person, o["person_id"]), "organization": ref(st, Organization, o["organization_id"]),
			"phones": []string{}, "emails": []string{}, "custom_fields": matched, "notes": []string{},
			"value": nil, "currency": nil, "is_archived": o["is_archived"]}
		if p, ok := o["person_id"].(int64); ok && st.objects[Person][p] != nil {
			item["phones"] = contactValues(st.objects[Person][p]["phones"])
			item["emails"] = contactValues(st.objects[Person][p]["emails"])
		}
		if v, ok := o["value"].(map[string]any); ok {
			item["value"], item["currency"] = v["amount"], v["currency"]
		}
		if vt, err := strconv.Atoi(fmt.Sprint(o["visible_to"])); err == nil {
			item["visible_to"] = vt
		}
		if wasSeen {
			item["was_seen"] = o["was_seen"]
		}
		hits = append(hits, hit{score, o["id"].(int64), item})
	}
	st.mu.Unlock()
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return hits[i].id < hits[j].id
	})
	offset = min(offset, len(hits))
	hits = hits[offset:]
	var next any
	if len(hits) > limit {
		hits = hits[:limit]
		next = encodeCursor(map[string]any{"o": offset + limit, "t": term})
	}
	items := make([]any, len(hits))
	for i, h := range hits {
		items[i] = map[string]any{"result_score": h.score, "item": h.item}
	}
	return jsonReply(http.StatusOK, map[string]any{"success": true, "data": map[string]any{"items": items},
		"additional_data": map[string]any{"next_cursor": next}})
}

// leadStandardFields are the standard lead fields /v1/leadFields lists
// before the deal custom fields: key, name, type.
var leadStandardFields = [][3]string{
	{"title", "Title", "varchar"}, {"owner_id", "Owner", "user"}, {"related_person_id", "Person", "people"},
	{"related_org_id", "Organization", "org"}, {"value", "Value", "monetary"},
	{"expected_close_date", "Expected close date", "date"}, {"label_ids", "Labels", "set"},
	{"source_name", "Source", "varchar"}, {"visible_to", "Visible to", "visible_to"},
	{"add_time", "Lead created", "date"}, {"update_time", "Update time", "date"},
}

// leadFields lists the lead fields in v1's shape, with the deal custom
// fields.
func (s *Server) leadFields(c *call) *reply {
	stamp := v1Time(s.clock.Now())
	field := func(id int64, key, name, typ string, custom bool) object {
		return object{"id": id, "key": key, "name": name, "order_nr": id, "field_type": typ, "add_time": stamp,
			"update_time": stamp, "last_updated_by_user_id": nil, "created_by_user_id": nil, "active_flag": true,
			"edit_flag": custom, "index_visible_flag": true, "details_visible_flag": true, "add_visible_flag": true,
			"important_flag": false, "bulk_edit_allowed": true, "searchable_flag": custom, "filtering_allowed": true,
			"sortable_flag": true, "options": nil, "mandatory_flag": key == "title"}
	}
	var all []object
	for i, f := range leadStandardFields {
		all = append(all, field(int64(i+1), f[0], f[1], f[2], false))
	}
	st := s.data
	st.mu.Lock()
	for _, f := range st.fields[Deal] {
		o := field(int64(len(all)+1), f.key, f.Name, string(f.Type), true)
		o["created_by_user_id"], o["last_updated_by_user_id"] = DefaultUserID, DefaultUserID
		if len(f.options) > 0 {
			opts := make([]any, len(f.options))
			for i, op := range f.options {
				opts[i] = map[string]any{"id": op.ID, "label": op.Label}
			}
			o["options"] = opts
		}
		all = append(all, o)
	}
	st.mu.Unlock()
	return pageV1(c, all)
}

func (s *Server) listLeadLabels(c *call) *reply {
	var data []object
	for _, o := range s.leadLabelsColl().all() {
		data = append(data, withUUID(o))
	}
	if data == nil {
		data = []object{}
	}
	return v1OK(data, nil)
}

// checkLabel validates a lead label body.
func checkLabel(body map[string]any, creating bool) *reply {
	for k, v := range body {
		switch k {
		case "name":
			if n, ok := v.(string); !ok || strings.TrimSpace(n) == "" {
				return badRequest("name expects a non-empty string.")
			}
		case "color":
			if col, ok := v.(string); !ok || !slices.Contains(leadLabelColors, col) {
				return badRequest("color must be one of " + strings.Join(leadLabelColors, ", ") + ".")
			}
		default:
			return badRequest(k + " is not a property this endpoint accepts")
		}
	}
	if creating {
		for _, k := range []string{"name", "color"} {
			if _, ok := body[k]; !ok {
				return badRequest(k + " is required.")
			}
		}
	}
	return nil
}

func (s *Server) createLeadLabel(c *call) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	if rp := checkLabel(body, true); rp != nil {
		return rp
	}
	now := leadTime(c.now)
	o := object{"uuid": uuid(), "name": body["name"], "color": body["color"], "add_time": now, "update_time": now}
	s.leadLabelsColl().insert(o)
	return v1OK(withUUID(o), nil)
}

func (s *Server) updateLeadLabel(c *call) *reply {
	labels := s.leadLabelsColl()
	n, ok := byUUID(labels, c.r.PathValue("id"))
	if !ok {
		return notFound("Lead label")
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	if rp := checkLabel(body, false); rp != nil {
		return rp
	}
	return labels.mutate(n, func(o object) *reply {
		next := clone(o)
		for k, v := range body {
			next[k] = v
		}
		next["update_time"] = leadTime(c.now)
		labels.objects[n] = next
		return v1OK(withUUID(next), nil)
	})
}

// deleteLeadLabel removes the label, and takes it off the leads that
// carry it.
func (s *Server) deleteLeadLabel(c *call) *reply {
	labels := s.leadLabelsColl()
	id := c.r.PathValue("id")
	n, ok := byUUID(labels, id)
	if !ok {
		return notFound("Lead label")
	}
	if rp := labels.mutate(n, func(object) *reply {
		delete(labels.objects, n)
		return nil
	}); rp != nil {
		return rp
	}
	leads := s.leadsColl()
	leads.mu.Lock()
	for _, o := range leads.objects {
		if ids, ok := o["label_ids"].([]string); ok && slices.Contains(ids, id) {
			o["label_ids"] = slices.DeleteFunc(slices.Clone(ids), func(x string) bool { return x == id })
		}
	}
	leads.mu.Unlock()
	return v1OK(map[string]any{"id": id}, nil)
}

// convertLead turns a lead into a deal at once (Pipedrive runs a job; the
// fake's job is done when the call returns) and deletes the lead.
func (s *Server) convertLead(c *call) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	var stageID, pipelineID int64
	for k, v := range body {
		n, err := asInt(v)
		if err != nil || n <= 0 {
			return badRequest(k + " expects a positive integer.")
		}
		switch k {
		case "stage_id":
			stageID = n
		case "pipeline_id":
			pipelineID = n
		default:
			return badRequest(k + " is not a property this endpoint accepts")
		}
	}
	infos := s.stageInfos()
	switch {
	case stageID != 0:
		st, ok := infos[stageID]
		if !ok {
			return badRequest("stage_id does not name an existing stage.")
		}
		pipelineID = st.pipelineID
	default:
		if pipelineID == 0 {
			pipelineID = s.defaultPipeline()
		}
		if _, ok := s.pipelinesColl().find(pipelineID); !ok {
			return badRequest("pipeline_id does not name an existing pipeline.")
		}
		first := pipelineStages(infos, pipelineID)
		if len(first) == 0 {
			return badRequest("The pipeline has no stages.")
		}
		stageID = first[0].id
	}
	leads := s.leadsColl()
	n, ok := byUUID(leads, c.r.PathValue("id"))
	if !ok {
		return notFound("Lead")
	}
	convID := uuid()
	rp = leads.mutate(n, func(l object) *reply {
		dealID := s.dealFromLead(c, l, pipelineID, stageID)
		delete(leads.objects, n)
		s.leadConversionsColl().insert(object{"uuid": convID, "lead_id": l["uuid"], "deal_id": dealID, "status": "completed"})
		return nil
	})
	if rp != nil {
		return rp
	}
	return jsonReply(http.StatusOK, map[string]any{"success": true, "data": map[string]any{"conversion_id": convID},
		"additional_data": nil})
}

// defaultPipeline is the id of the pipeline with the lowest order_nr.
func (s *Server) defaultPipeline() int64 {
	var best object
	for _, p := range s.pipelinesColl().all() {
		if best == nil || p["order_nr"].(int64) < best["order_nr"].(int64) {
			best = p
		}
	}
	if best == nil {
		return 0
	}
	return best["id"].(int64)
}

// dealFromLead stores the deal a lead converts into and returns its id.
// The caller holds the leads collection's lock (never the store's).
func (s *Server) dealFromLead(c *call, l object, pipelineID, stageID int64) int64 {
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	now := v2Time(c.now)
	id := st.nextID[Deal] + 1
	owner, _ := l["owner_id"].(int64)
	o := defaults(Deal, id, owner, now)
	o["title"], o["pipeline_id"], o["stage_id"] = l["title"], pipelineID, stageID
	o["person_id"], o["org_id"] = l["person_id"], l["organization_id"]
	o["expected_close_date"], o["source_lead_id"] = l["expected_close_date"], l["uuid"]
	o["creator_user_id"], o["origin"] = c.user, "Lead"
	if v, ok := l["value"].(map[string]any); ok {
		o["value"], o["currency"] = v["amount"], v["currency"]
	}
	if vt, err := strconv.ParseInt(fmt.Sprint(l["visible_to"]), 10, 64); err == nil {
		o["visible_to"] = vt
	}
	cf := map[string]any{}
	custom, _ := l["custom"].(map[string]any)
	for _, f := range st.fields[Deal] {
		cf[f.key] = custom[f.key]
	}
	o["custom_fields"] = cf
	st.nextID[Deal] = id
	st.objects[Deal][id] = o
	s.deliver(s.eventsLocked(st, Deal, "create", c.user, o, nil, c.now))
	return id
}

func (s *Server) leadConversionStatus(c *call) *reply {
	convs := s.leadConversionsColl()
	n, ok := byUUID(convs, c.r.PathValue("conversion_id"))
	if !ok {
		return notFound("Conversion")
	}
	o, ok := convs.find(n)
	if !ok || o["lead_id"] != c.r.PathValue("id") {
		return notFound("Conversion")
	}
	return jsonReply(http.StatusOK, map[string]any{"success": true, "data": map[string]any{
		"lead_id": o["lead_id"], "deal_id": o["deal_id"], "conversion_id": o["uuid"], "status": o["status"],
	}, "additional_data": nil})
}
