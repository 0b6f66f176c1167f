package pipedrivetest

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// object is a stored deal, person or organization in its v2 JSON shape.
type object = map[string]any

// store holds the server's data. It has its own lock so that slow handlers
// never hold the limiter's.
type store struct {
	mu       sync.Mutex
	nextID   map[Entity]int64
	objects  map[Entity]map[int64]object
	fields   map[Entity][]*customField
	byKey    map[Entity]map[string]*customField
	webhooks map[int64]*webhook
	nextHook int64
	parts    map[int64][]participant // deal id -> participants
	nextPart int64

	nextOption  int64            // the last option id given
	nextFieldID map[Entity]int64 // the last numeric custom field id given, per entity

	hist history // changelogs, followers, files, mail messages (records_v1.go)
}

type participant struct {
	id       int64
	personID int64
	added    time.Time
	addedBy  int64
}

func newStore(cfg *companyConfig) (*store, error) {
	st := &store{
		nextID:      map[Entity]int64{},
		objects:     map[Entity]map[int64]object{},
		fields:      map[Entity][]*customField{},
		byKey:       map[Entity]map[string]*customField{},
		webhooks:    map[int64]*webhook{},
		parts:       map[int64][]participant{},
		nextFieldID: map[Entity]int64{},
		hist:        newHistory(),
	}
	optionID := int64(100)
	for _, e := range entityOrder {
		st.objects[e] = map[int64]object{}
		st.byKey[e] = map[string]*customField{}
		var fs []Field
		if !cfg.noDefaultField {
			fs = append(fs, DefaultFields(e)...)
		}
		fs = append(fs, cfg.fields[e]...)
		for _, f := range fs {
			st.nextFieldID[e] = max(st.nextFieldID[e], filterFieldBase[e]+1000) + 1
			cf := &customField{Field: f, key: f.Key, id: st.nextFieldID[e]}
			if cf.key == "" {
				cf.key = FieldKey(e, f.Name)
			}
			if _, dup := st.byKey[e][cf.key]; dup {
				return nil, fmt.Errorf("%w: two %s custom fields with key %s (names must differ)", errBadOption, e, cf.key)
			}
			for _, label := range f.Options {
				optionID++
				cf.options = append(cf.options, fieldOption{ID: optionID, Label: label})
			}
			st.fields[e] = append(st.fields[e], cf)
			st.byKey[e][cf.key] = cf
		}
	}
	st.nextOption = optionID
	return st, nil
}

// propKind is the JSON type a standard property takes.
type propKind uint8

const (
	pString propKind = iota
	pInt
	pNumber
	pBool
	pDate
	pIntArray
	pContacts // [{value, primary, label}]
	pAddress  // {value, country, ...}
)

type prop struct {
	kind     propKind
	nullable bool
	enum     []string
	create   bool // accepted on create only
}

// Writable properties per entity, from the request bodies of Pipedrive's v2
// spec. Anything else in a body is refused with 400, so that tests catch a
// client sending what Pipedrive would not accept.
var writable = map[Entity]map[string]prop{
	Deal: {
		"title": {kind: pString}, "owner_id": {kind: pInt}, "person_id": {kind: pInt, nullable: true},
		"org_id": {kind: pInt, nullable: true}, "pipeline_id": {kind: pInt}, "stage_id": {kind: pInt},
		"value": {kind: pNumber}, "currency": {kind: pString}, "is_deleted": {kind: pBool},
		"is_archived": {kind: pBool}, "archive_time": {kind: pString, nullable: true},
		"status":      {kind: pString, enum: []string{"open", "won", "lost", "deleted"}},
		"probability": {kind: pNumber, nullable: true}, "lost_reason": {kind: pString, nullable: true},
		"visible_to": {kind: pInt}, "close_time": {kind: pString, nullable: true},
		"won_time": {kind: pString, nullable: true}, "lost_time": {kind: pString, nullable: true},
		"expected_close_date": {kind: pDate, nullable: true}, "label_ids": {kind: pIntArray},
	},
	Person: {
		"name": {kind: pString}, "owner_id": {kind: pInt}, "org_id": {kind: pInt, nullable: true},
		"add_time": {kind: pString, create: true}, "emails": {kind: pContacts}, "phones": {kind: pContacts},
		"visible_to": {kind: pInt}, "label_ids": {kind: pIntArray}, "postal_address": {kind: pAddress, nullable: true},
		"notes": {kind: pString, nullable: true}, "im": {kind: pContacts}, "birthday": {kind: pDate, nullable: true},
		"job_title":        {kind: pString, nullable: true},
		"marketing_status": {kind: pString, enum: []string{"no_consent", "unsubscribed", "subscribed", "archived"}},
	},
	Organization: {
		"name": {kind: pString}, "owner_id": {kind: pInt}, "add_time": {kind: pString, create: true},
		"visible_to": {kind: pInt}, "label_ids": {kind: pIntArray}, "address": {kind: pAddress, nullable: true},
		"website": {kind: pString, nullable: true}, "linkedin": {kind: pString, nullable: true},
		"industry": {kind: pInt, nullable: true}, "annual_revenue": {kind: pInt, nullable: true},
		"employee_count": {kind: pInt, nullable: true},
	},
}

var addressKeys = []string{"value", "country", "admin_area_level_1", "admin_area_level_2", "locality",
	"sublocality", "route", "street_number", "subpremise", "postal_code"}

// convert checks one standard property value and returns its stored form.
func (p prop) convert(v any) (any, error) {
	if v == nil {
		if p.nullable {
			return nil, nil
		}
		return nil, fmt.Errorf("must not be null")
	}
	switch p.kind {
	case pString:
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("expects a string")
		}
		if len(p.enum) > 0 && !slices.Contains(p.enum, s) {
			return nil, fmt.Errorf("must be one of %s", strings.Join(p.enum, ", "))
		}
		return s, nil
	case pInt:
		return asInt(v)
	case pNumber:
		return asNumber(v)
	case pBool:
		b, ok := v.(bool)
		if !ok {
			return nil, fmt.Errorf("expects a boolean")
		}
		return b, nil
	case pDate:
		return asDate(v)
	case pIntArray:
		arr, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("expects an array of integers")
		}
		out := make([]int64, 0, len(arr))
		for _, x := range arr {
			i, err := asInt(x)
			if err != nil {
				return nil, fmt.Errorf("expects an array of integers")
			}
			out = append(out, i)
		}
		return out, nil
	case pContacts:
		arr, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf(`expects an array of {"value", "primary", "label"}`)
		}
		out := make([]any, 0, len(arr))
		for _, x := range arr {
			m, ok := x.(map[string]any)
			if !ok {
				return nil, fmt.Errorf(`expects an array of {"value", "primary", "label"}`)
			}
			c := map[string]any{"value": "", "primary": false, "label": ""}
			for k, y := range m {
				switch k {
				case "value", "label":
					s, ok := y.(string)
					if !ok {
						return nil, fmt.Errorf("%s expects a string", k)
					}
					c[k] = s
				case "primary":
					b, ok := y.(bool)
					if !ok {
						return nil, fmt.Errorf("primary expects a boolean")
					}
					c[k] = b
				default:
					return nil, fmt.Errorf("has an unknown key %q", k)
				}
			}
			if c["value"] == "" {
				return nil, fmt.Errorf("needs a value")
			}
			out = append(out, c)
		}
		return out, nil
	case pAddress:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("expects an address object")
		}
		out := map[string]any{}
		for k, y := range m {
			if !slices.Contains(addressKeys, k) {
				return nil, fmt.Errorf("has an unknown key %q", k)
			}
			s, ok := y.(string)
			if !ok && y != nil {
				return nil, fmt.Errorf("%s expects a string", k)
			}
			out[k] = s
		}
		return out, nil
	}
	return nil, fmt.Errorf("has an unsupported type")
}

// defaults returns a new object's properties before the body applies.
func defaults(e Entity, id, userID int64, now string) object {
	o := object{
		"id": id, "owner_id": userID, "add_time": now, "update_time": now, "is_deleted": false,
		"visible_to": int64(3), "label_ids": []int64{},
	}
	switch e {
	case Deal:
		maps.Copy(o, object{
			"title": "", "creator_user_id": userID, "value": float64(0), "currency": "USD",
			"person_id": nil, "org_id": nil, "pipeline_id": int64(1), "stage_id": int64(1),
			"stage_change_time": nil, "status": "open", "is_archived": false, "archive_time": nil,
			"probability": nil, "lost_reason": nil, "close_time": nil, "won_time": nil, "lost_time": nil,
			"expected_close_date": nil, "origin": "API", "origin_id": nil, "channel": nil,
			"channel_id": nil, "source_lead_id": nil, "arr": nil, "mrr": nil, "acv": nil,
		})
	case Person:
		maps.Copy(o, object{
			"name": "", "first_name": "", "last_name": "", "org_id": nil, "emails": []any{},
			"phones": []any{}, "im": []any{}, "picture_id": nil, "postal_address": nil, "notes": nil,
			"birthday": nil, "job_title": nil,
		})
	case Organization:
		maps.Copy(o, object{
			"name": "", "address": nil, "website": nil, "linkedin": nil, "industry": nil,
			"annual_revenue": nil, "employee_count": nil,
		})
	}
	return o
}

// apply checks body against entity e's writable properties and custom
// fields and, only when all of it is valid, applies it to o. Nothing is
// changed on error.
func (st *store) apply(e Entity, o object, body map[string]any, creating bool, now string) error {
	props := writable[e]
	set := map[string]any{}
	var custom map[string]any
	for k, v := range body {
		if k == "custom_fields" {
			m, ok := v.(map[string]any)
			if !ok {
				return fmt.Errorf("custom_fields expects an object keyed by field code")
			}
			custom = m
			continue
		}
		p, ok := props[k]
		if !ok || (p.create && !creating) {
			return fmt.Errorf("%s is not a property this endpoint accepts", k)
		}
		cv, err := p.convert(v)
		if err != nil {
			return fmt.Errorf("%s %w", k, err)
		}
		set[k] = cv
	}
	cur, _ := set["currency"].(string)
	if cur == "" {
		cur, _ = o["currency"].(string)
	}
	if cur == "" {
		cur = "USD"
	}
	cf := map[string]any{}
	for k, v := range custom {
		f := st.byKey[e][k]
		if f == nil {
			return fmt.Errorf("custom_fields: %s is not a custom field of %s (see /api/v2/%s)", k, e, entityInfo[e].fieldsPath)
		}
		cv, err := f.customValue(v, cur)
		if err != nil {
			return fmt.Errorf("custom_fields: %s (%s) %w", k, f.Name, err)
		}
		cf[k] = cv
	}
	if name, ok := set["title"]; ok && e == Deal && strings.TrimSpace(name.(string)) == "" {
		return fmt.Errorf("title must not be empty")
	}
	if name, ok := set["name"]; ok && e != Deal && strings.TrimSpace(name.(string)) == "" {
		return fmt.Errorf("name must not be empty")
	}
	if creating {
		req := "name"
		if e == Deal {
			req = "title"
		}
		if _, ok := set[req]; !ok {
			return fmt.Errorf("%s is required", req)
		}
	}

	maps.Copy(o, set)
	if o["custom_fields"] == nil {
		all := map[string]any{}
		for _, f := range st.fields[e] {
			all[f.key] = nil
		}
		o["custom_fields"] = all
	}
	maps.Copy(o["custom_fields"].(map[string]any), cf)
	if name, ok := set["name"].(string); ok && e == Person {
		first, last, _ := strings.Cut(strings.TrimSpace(name), " ")
		o["first_name"], o["last_name"] = first, strings.TrimSpace(last)
	}
	if status, ok := set["status"].(string); ok && e == Deal {
		switch status {
		case "won":
			o["won_time"], o["close_time"] = now, now
		case "lost":
			o["lost_time"], o["close_time"] = now, now
		case "open":
			o["won_time"], o["lost_time"], o["close_time"] = nil, nil, nil
		}
	}
	if _, ok := set["stage_id"]; ok && !creating {
		o["stage_change_time"] = now
	}
	if !creating {
		o["update_time"] = now
	}
	return nil
}

// clone copies an object deeply enough that callers may encode it without
// holding the store's lock.
func clone(o object) object {
	c := maps.Clone(o)
	if cf, ok := o["custom_fields"].(map[string]any); ok {
		c["custom_fields"] = maps.Clone(cf)
	}
	return c
}

// sortKey returns an object's value for sort_by as a comparable string.
func sortKey(o object, by string) string {
	if by == "id" {
		return fmt.Sprintf("%020d", o["id"].(int64))
	}
	s, _ := o[by].(string)
	return s
}

// cursor is the position after the last item of a page.
type cursor struct {
	By  string `json:"b"`
	Key string `json:"k"`
	ID  int64  `json:"i"`
}

func sortObjects(list []object, by string, desc bool) {
	sort.SliceStable(list, func(i, j int) bool {
		ki, kj := sortKey(list[i], by), sortKey(list[j], by)
		if ki == kj {
			ki, kj = sortKey(list[i], "id"), sortKey(list[j], "id")
		}
		if desc {
			return ki > kj
		}
		return ki < kj
	})
}

// after reports whether o sorts after cursor c.
func after(o object, c cursor, desc bool) bool {
	k := sortKey(o, c.By)
	id := o["id"].(int64)
	if k == c.Key {
		if desc {
			return id < c.ID
		}
		return id > c.ID
	}
	if desc {
		return k < c.Key
	}
	return k > c.Key
}

func encodeCursor(v any) string {
	b, _ := json.Marshal(v)
	return base64URL(b)
}
