package pipedrivetest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// itemSearchTypes are the item types /itemSearch accepts; the fake finds
// deals, persons and organizations, and no item of the other types.
var itemSearchTypes = []string{"deal", "person", "organization", "product", "lead", "file", "mail_attachment", "project"}

// itemSearchFields are the fields /itemSearch accepts.
var itemSearchFields = []string{"address", "code", "custom_fields", "email", "name", "notes", "phone", "title", "description"}

// itemSearchIncludes are the optional fields /itemSearch accepts.
var itemSearchIncludes = []string{"deal.cc_email", "person.picture", "product.price"}

func (s *Server) itemSearchRoutes(op opRoute) {
	op(ops.V2SearchItem, s.searchItems)
	op(ops.V2SearchItemByField, s.searchItemsByField)
}

// commaList reads a comma-separated query parameter whose values must be
// among allowed.
func commaList(c *call, name string, allowed []string) ([]string, *reply) {
	v := c.r.URL.Query().Get(name)
	if v == "" {
		return nil, nil
	}
	var out []string
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		if !slices.Contains(allowed, part) {
			return nil, badRequest(fmt.Sprintf("%s may name only %s.", name, strings.Join(allowed, ", ")))
		}
		out = append(out, part)
	}
	return out, nil
}

// scoreObject is how well o matches term in fields (those of entity e
// that the search covers), and the custom field values that matched.
// Callers hold st.mu.
func scoreObject(st *store, e Entity, o object, fields []string, term string, exact bool) (float64, []string) {
	score := 0.0
	var custom []string
	for _, f := range fields {
		if !slices.Contains(searchable[e], f) {
			continue
		}
		for _, text := range searchTexts(o, f) {
			score = max(score, match(text, term, exact))
		}
		if f == "custom_fields" {
			cf, _ := o["custom_fields"].(map[string]any)
			for _, fd := range st.fields[e] {
				if text := fd.searchText(cf[fd.key]); match(text, term, exact) > 0 {
					score = max(score, match(text, term, exact))
					custom = append(custom, text)
				}
			}
		}
	}
	return score, custom
}

// link names the records of entity e whose member key holds another
// record's id: how the item search finds related items.
type link struct {
	e   Entity
	key string
}

func (s *Server) searchItems(c *call) *reply {
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
	if limit > 100 {
		return badRequest("limit must be at most 100.")
	}
	types, rp := commaList(c, "item_types", itemSearchTypes)
	if rp != nil {
		return rp
	}
	if types == nil {
		types = itemSearchTypes
	}
	fields, rp := commaList(c, "fields", itemSearchFields)
	if rp != nil {
		return rp
	}
	if fields == nil {
		fields = itemSearchFields
	}
	includes, rp := commaList(c, "include_fields", itemSearchIncludes)
	if rp != nil {
		return rp
	}
	related := false
	for name, dst := range map[string]*bool{"search_for_related_items": &related, "exact_match": &exact} {
		switch q.Get(name) {
		case "", "false":
		case "true":
			*dst = true
		default:
			return badRequest(name + " must be true or false.")
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
		e     Entity
		o     object
		item  map[string]any
	}
	var hits []hit
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, e := range entityOrder {
		if !slices.Contains(types, string(e)) {
			continue
		}
		for _, id := range sortedIDs(st.objects[e]) {
			o := st.objects[e][id]
			score, custom := scoreObject(st, e, o, fields, term, exact)
			if score == 0 {
				continue
			}
			item := searchItem(st, e, o, custom)
			if e == Deal && slices.Contains(includes, "deal.cc_email") {
				item["cc_email"] = fmt.Sprintf("pipedrivetest+deal%d@pipedrivemail.com", id)
			}
			hits = append(hits, hit{score, e, o, item})
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return 0
	})
	hits = hits[min(offset, len(hits)):]
	var next any
	if len(hits) > limit {
		hits = hits[:limit]
		next = encodeCursor(map[string]any{"o": offset + limit, "t": term})
	}
	items := make([]any, len(hits))
	var rel []any
	seen := map[string]bool{}
	addRelated := func(e Entity, o object) {
		key := fmt.Sprint(e, o["id"])
		if seen[key] || len(rel) >= 100 {
			return
		}
		seen[key] = true
		rel = append(rel, map[string]any{"result_score": 0, "item": searchItem(st, e, o, nil)})
	}
	for i, h := range hits {
		items[i] = map[string]any{"result_score": h.score, "item": h.item}
		seen[fmt.Sprint(h.e, h.o["id"])] = true
	}
	if related {
		for _, h := range hits {
			var links []link
			switch h.e {
			case Person:
				links = []link{{Deal, "person_id"}}
			case Organization:
				links = []link{{Deal, "org_id"}, {Person, "org_id"}}
			}
			for _, l := range links {
				for _, id := range sortedIDs(st.objects[l.e]) {
					if o := st.objects[l.e][id]; o[l.key] == h.o["id"] {
						addRelated(l.e, o)
					}
				}
			}
		}
	}
	data := map[string]any{"items": items}
	if related {
		if rel == nil {
			rel = []any{}
		}
		data["related_items"] = rel
	}
	return jsonReply(http.StatusOK, map[string]any{
		"success":         true,
		"data":            data,
		"additional_data": map[string]any{"next_cursor": next},
	})
}

var fieldSearchEntities = []string{"deal", "lead", "person", "organization", "product", "project"}

// searchItemsByField answers /itemSearch/field: one hit per deal, person
// or organization whose standard property or custom field named by field
// matches term (case sensitive), as {"id", "<field>": value}.
func (s *Server) searchItemsByField(c *call) *reply {
	q := c.r.URL.Query()
	term, field, entity := q.Get("term"), q.Get("field"), q.Get("entity_type")
	mode := q.Get("match")
	if mode == "" {
		mode = "exact"
	}
	switch {
	case !slices.Contains(fieldSearchEntities, entity):
		return badRequest("entity_type is required: one of " + strings.Join(fieldSearchEntities, ", ") + ".")
	case field == "":
		return badRequest("field is required.")
	case !slices.Contains([]string{"exact", "beginning", "middle"}, mode):
		return badRequest("match must be exact, beginning or middle.")
	case len([]rune(term)) < 2 && !(mode == "exact" && term != ""):
		return badRequest("term must be at least 2 characters long (1 with an exact match).")
	}
	e := Entity(entity)
	st := s.data
	st.mu.Lock()
	var list []object
	if _, served := st.objects[e]; served {
		custom := st.byKey[e][field]
		for _, id := range sortedIDs(st.objects[e]) {
			o := st.objects[e][id]
			var value any
			var text string
			if custom != nil {
				cf, _ := o["custom_fields"].(map[string]any)
				value = cf[field]
				text = custom.searchText(value)
			} else {
				value = o[field]
				switch v := value.(type) {
				case string:
					text = v
				case int64, float64:
					text = fmt.Sprint(v)
				default:
					continue
				}
			}
			ok := false
			switch mode {
			case "exact":
				ok = text == term
			case "beginning":
				ok = strings.HasPrefix(text, term)
			case "middle":
				ok = strings.Contains(text, term)
			}
			if ok && text != "" {
				list = append(list, object{"id": id, field: value})
			}
		}
	}
	st.mu.Unlock()
	return pageV2(c, list)
}

// sortedIDs returns the keys of m, sorted.
func sortedIDs[V any](m map[int64]V) []int64 {
	ids := make([]int64, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}
