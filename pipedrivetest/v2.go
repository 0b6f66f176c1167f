package pipedrivetest

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

func base64URL(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func decodeCursor(s string, v any) bool {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return false
	}
	return json.Unmarshal(b, v) == nil
}

// v2Time formats a time as v2 does: RFC 3339 in UTC, whole seconds.
func v2Time(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

func (s *Server) createObject(c *call, e Entity) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	now := v2Time(c.now)
	id := st.nextID[e] + 1
	o := defaults(e, id, c.user, now)
	if err := st.apply(e, o, body, true, now); err != nil {
		return badRequest(err.Error())
	}
	st.nextID[e] = id
	st.objects[e][id] = o
	s.deliver(s.eventsLocked(st, e, "create", c.user, o, nil, c.now))
	return v2OK(clone(o), nil)
}

func (s *Server) getObject(c *call, e Entity) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	o := st.objects[e][id]
	if o == nil {
		return notFound(entityInfo[e].label)
	}
	view, rp := viewOf(c)
	if rp != nil {
		return rp
	}
	return v2OK(st.render(e, o, view), nil)
}

// view is how get and list render objects: which custom fields to include
// and whether options come with their labels.
type view struct {
	only   []string // custom field codes to keep; nil keeps all
	labels bool     // include_option_labels
}

func viewOf(c *call) (view, *reply) {
	q := c.r.URL.Query()
	var v view
	if cf := q.Get("custom_fields"); cf != "" {
		v.only = strings.Split(cf, ",")
		if len(v.only) > 15 {
			return v, badRequest("custom_fields may name at most 15 field codes.")
		}
	}
	switch q.Get("include_option_labels") {
	case "", "false":
	case "true":
		v.labels = true
	default:
		return v, badRequest("include_option_labels must be true or false.")
	}
	return v, nil
}

// render copies o for a response, applying v. Callers hold st.mu.
func (st *store) render(e Entity, o object, v view) object {
	out := clone(o)
	if v.only == nil && !v.labels {
		return out
	}
	cf, _ := out["custom_fields"].(map[string]any)
	for k, val := range cf {
		if v.only != nil && !slices.Contains(v.only, k) {
			delete(cf, k)
			continue
		}
		f := st.byKey[e][k]
		if !v.labels || f == nil || val == nil {
			continue
		}
		label := func(id int64) any {
			for _, o := range f.options {
				if o.ID == id {
					return map[string]any{"id": id, "label": o.Label}
				}
			}
			return map[string]any{"id": id, "label": nil}
		}
		switch f.Type {
		case FieldEnum:
			cf[k] = label(val.(int64))
		case FieldSet:
			ids := val.([]int64)
			l := make([]any, len(ids))
			for i, id := range ids {
				l[i] = label(id)
			}
			cf[k] = l
		}
	}
	return out
}

func (s *Server) updateObject(c *call, e Entity) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	o := st.objects[e][id]
	if o == nil {
		return notFound(entityInfo[e].label)
	}
	// Apply to a copy so that a refused body changes nothing.
	next := clone(o)
	if err := st.apply(e, next, body, false, v2Time(c.now)); err != nil {
		return badRequest(err.Error())
	}
	st.objects[e][id] = next
	st.logChangesLocked(e, c, o, next)
	s.deliver(s.eventsLocked(st, e, "change", c.user, next, o, c.now))
	return v2OK(clone(next), nil)
}

func (s *Server) deleteObject(c *call, e Entity) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	prev := st.objects[e][id]
	if prev == nil {
		return notFound(entityInfo[e].label)
	}
	delete(st.objects[e], id)
	s.deliver(s.eventsLocked(st, e, "delete", c.user, nil, prev, c.now))
	if e == Deal {
		delete(st.parts, id)
		s.buryDeal(prev, c.now)
	}
	return v2OK(map[string]any{"id": id}, nil)
}

// listFilters are the equality filters each entity's list accepts.
var listFilters = map[Entity][]string{
	Deal:         {"owner_id", "person_id", "org_id", "pipeline_id", "stage_id"},
	Person:       {"owner_id", "org_id"},
	Organization: {"owner_id"},
}

func (s *Server) listObjects(c *call, e Entity) *reply { return s.listObjectsIn(c, e, false) }

// listObjectsIn lists entity e; for deals, the archived ones (GET
// /deals/archived) or the others (GET /deals).
func (s *Server) listObjectsIn(c *call, e Entity, archived bool) *reply {
	q := c.r.URL.Query()
	limit, rp := queryLimit(c)
	if rp != nil {
		return rp
	}
	by := q.Get("sort_by")
	if by == "" {
		by = "id"
	}
	if !slices.Contains([]string{"id", "update_time", "add_time"}, by) {
		return badRequest("sort_by must be id, update_time or add_time.")
	}
	dir := q.Get("sort_direction")
	if dir != "" && dir != "asc" && dir != "desc" {
		return badRequest("sort_direction must be asc or desc.")
	}
	desc := dir == "desc"
	var from *cursor
	if cs := q.Get("cursor"); cs != "" {
		var cur cursor
		if !decodeCursor(cs, &cur) || cur.By != by {
			return badRequest("The cursor is not valid for this request.")
		}
		from = &cur
	}
	eq := map[string]int64{}
	for _, name := range listFilters[e] {
		if v := q.Get(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return badRequest(name + " must be an integer.")
			}
			eq[name] = n
		}
	}
	var ids []int64
	if v := q.Get("ids"); v != "" {
		for _, part := range strings.Split(v, ",") {
			n, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
			if err != nil {
				return badRequest("ids must be a comma-separated list of integers.")
			}
			ids = append(ids, n)
		}
	}
	keep, rp := s.filterKeep(c, e)
	if rp != nil {
		return rp
	}
	if keep != nil {
		ids = nil // with filter_id, Pipedrive ignores ids
	}
	v, rp := viewOf(c)
	if rp != nil {
		return rp
	}
	var since, until string
	for name, dst := range map[string]*string{"updated_since": &since, "updated_until": &until} {
		if raw := q.Get(name); raw != "" {
			t, err := time.Parse(time.RFC3339, raw)
			if err != nil {
				return badRequest(name + " must be an RFC 3339 time.")
			}
			*dst = v2Time(t)
		}
	}
	statuses, rp := dealStatuses(q.Get("status"))
	if rp != nil && e == Deal {
		return rp
	}

	st := s.data
	st.mu.Lock()
	var list []object
	for _, o := range s.listedObjects(st, e, statuses) {
		if e == Deal && (o["is_archived"] == true) != archived {
			continue
		}
		if ids != nil && !slices.Contains(ids, o["id"].(int64)) {
			continue
		}
		if keep != nil && !keep(st, o) {
			continue
		}
		if e == Deal && statuses != nil && !slices.Contains(statuses, o["status"].(string)) {
			continue
		}
		if ut, _ := o["update_time"].(string); (since != "" && ut < since) || (until != "" && ut >= until) {
			continue
		}
		ok := true
		for name, want := range eq {
			if got, _ := o[name].(int64); got != want {
				ok = false
				break
			}
		}
		if ok {
			list = append(list, st.render(e, o, v))
		}
	}
	st.mu.Unlock()

	sortObjects(list, by, desc)
	if from != nil {
		i := slices.IndexFunc(list, func(o object) bool { return after(o, *from, desc) })
		if i < 0 {
			i = len(list)
		}
		list = list[i:]
	}
	var next *string
	if len(list) > limit {
		list = list[:limit]
		last := list[limit-1]
		nc := encodeCursor(cursor{By: by, Key: sortKey(last, by), ID: last["id"].(int64)})
		next = &nc
	}
	if list == nil {
		list = []object{}
	}
	return v2OK(list, next)
}

// searchable names the fields search looks in per entity, by the values
// the fields parameter takes.
var searchable = map[Entity][]string{
	Deal:         {"title", "notes", "custom_fields"},
	Person:       {"name", "email", "phone", "notes", "custom_fields"},
	Organization: {"name", "address", "notes", "custom_fields"},
}

// match scores how well text matches term: 1 exact, 0.75 prefix, 0.5
// anywhere, 0 not at all. exact allows only the first.
func match(text, term string, exact bool) float64 {
	t, q := strings.ToLower(strings.TrimSpace(text)), strings.ToLower(term)
	switch {
	case t == "" || q == "":
		return 0
	case t == q:
		return 1
	case exact:
		return 0
	case strings.HasPrefix(t, q):
		return 0.75
	case strings.Contains(t, q):
		return 0.5
	}
	return 0
}

func (s *Server) searchObjects(c *call, e Entity) *reply {
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
	fields := searchable[e]
	if v := q.Get("fields"); v != "" {
		fields = nil
		for _, f := range strings.Split(v, ",") {
			f = strings.TrimSpace(f)
			if !slices.Contains(searchable[e], f) {
				return badRequest("fields may name only " + strings.Join(searchable[e], ", ") + ".")
			}
			fields = append(fields, f)
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
	filters := map[string]string{}
	for _, name := range []string{"person_id", "organization_id", "status"} {
		if v := q.Get(name); v != "" {
			filters[name] = v
		}
	}

	type hit struct {
		score float64
		item  map[string]any
	}
	var hits []hit
	st := s.data
	st.mu.Lock()
	for _, o := range st.objects[e] {
		if !filtersMatch(e, o, filters) {
			continue
		}
		score := 0.0
		var matchedCustom []string
		for _, f := range fields {
			for _, text := range searchTexts(o, f) {
				score = max(score, match(text, term, exact))
			}
			if f == "custom_fields" {
				cf, _ := o["custom_fields"].(map[string]any)
				for _, fd := range st.fields[e] {
					if text := fd.searchText(cf[fd.key]); match(text, term, exact) > 0 {
						score = max(score, match(text, term, exact))
						matchedCustom = append(matchedCustom, text)
					}
				}
			}
		}
		if score == 0 {
			continue
		}
		hits = append(hits, hit{score, searchItem(st, e, o, matchedCustom)})
	}
	st.mu.Unlock()

	slices.SortFunc(hits, func(a, b hit) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		return int(a.item["id"].(int64) - b.item["id"].(int64))
	})
	if offset > len(hits) {
		offset = len(hits)
	}
	hits = hits[offset:]
	var next *string
	if len(hits) > limit {
		hits = hits[:limit]
		nc := encodeCursor(map[string]any{"o": offset + limit, "t": term})
		next = &nc
	}
	items := make([]any, len(hits))
	for i, h := range hits {
		items[i] = map[string]any{"result_score": h.score, "item": h.item}
	}
	var nc any
	if next != nil {
		nc = *next
	}
	return jsonReply(http.StatusOK, map[string]any{
		"success":         true,
		"data":            map[string]any{"items": items},
		"additional_data": map[string]any{"next_cursor": nc},
	})
}

func filtersMatch(e Entity, o object, f map[string]string) bool {
	for name, want := range f {
		var got string
		switch name {
		case "person_id":
			if e != Deal {
				continue
			}
			got = idString(o["person_id"])
		case "organization_id":
			if e == Organization {
				continue
			}
			got = idString(o["org_id"])
		case "status":
			if e != Deal {
				continue
			}
			got, _ = o["status"].(string)
		}
		if got != want {
			return false
		}
	}
	return true
}

func idString(v any) string {
	if i, ok := v.(int64); ok {
		return strconv.FormatInt(i, 10)
	}
	return ""
}

// searchTexts returns the texts of o that search field f covers (custom
// fields are handled by the caller).
func searchTexts(o object, f string) []string {
	switch f {
	case "title", "name", "notes":
		s, _ := o[f].(string)
		return []string{s}
	case "email", "phone":
		return contactValues(o[f+"s"])
	case "address":
		if a, ok := o["address"].(map[string]any); ok {
			s, _ := a["value"].(string)
			return []string{s}
		}
	}
	return nil
}

func contactValues(v any) []string {
	arr, _ := v.([]any)
	out := make([]string, 0, len(arr))
	for _, x := range arr {
		if m, ok := x.(map[string]any); ok {
			if s, ok := m["value"].(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// ref returns {id, name} of a linked object, or nil.
func ref(st *store, e Entity, v any) any {
	id, ok := v.(int64)
	if !ok {
		return nil
	}
	o := st.objects[e][id]
	if o == nil {
		return map[string]any{"id": id, "name": nil}
	}
	return map[string]any{"id": id, "name": o["name"]}
}

func searchItem(st *store, e Entity, o object, custom []string) map[string]any {
	if custom == nil {
		custom = []string{}
	}
	notes := []string{}
	if n, ok := o["notes"].(string); ok && n != "" {
		notes = append(notes, n)
	}
	item := map[string]any{
		"id": o["id"], "type": string(e), "visible_to": o["visible_to"],
		"owner": map[string]any{"id": o["owner_id"]}, "custom_fields": custom, "notes": notes,
	}
	switch e {
	case Deal:
		item["title"] = o["title"]
		item["value"] = o["value"]
		item["currency"] = o["currency"]
		item["status"] = o["status"]
		item["stage"] = map[string]any{"id": o["stage_id"], "name": "Qualified"}
		item["person"] = ref(st, Person, o["person_id"])
		item["organization"] = ref(st, Organization, o["org_id"])
		item["is_archived"] = o["is_archived"]
	case Person:
		item["name"] = o["name"]
		item["emails"] = contactValues(o["emails"])
		item["phones"] = contactValues(o["phones"])
		item["organization"] = ref(st, Organization, o["org_id"])
	case Organization:
		item["name"] = o["name"]
		item["address"] = nil
		if a, ok := o["address"].(map[string]any); ok {
			item["address"] = a["value"]
		}
	}
	return item
}

func (s *Server) listFields(c *call, e Entity) *reply {
	limit, rp := queryLimit(c)
	if rp != nil {
		return rp
	}
	offset := 0
	if cs := c.r.URL.Query().Get("cursor"); cs != "" {
		var cur struct {
			Off int `json:"o"`
		}
		if !decodeCursor(cs, &cur) || cur.Off < 0 {
			return badRequest("The cursor is not valid for this request.")
		}
		offset = cur.Off
	}
	inc, rp := fieldIncludesOf(c)
	if rp != nil {
		return rp
	}
	var all []object
	for _, sf := range standardFields[e] {
		all = append(all, standardDefinition(sf[0], sf[1]))
	}
	st := s.data
	st.mu.Lock()
	for _, f := range st.fields[e] {
		all = append(all, f.render(inc))
	}
	st.mu.Unlock()
	if offset > len(all) {
		offset = len(all)
	}
	page := all[offset:]
	var next *string
	if len(page) > limit {
		page = page[:limit]
		nc := encodeCursor(map[string]any{"o": offset + limit})
		next = &nc
	}
	if page == nil {
		page = []object{}
	}
	return v2OK(page, next)
}
