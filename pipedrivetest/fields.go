package pipedrivetest

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"
)

// Entity names a kind of object the server stores.
type Entity string

// The entities the server stores.
const (
	Deal         Entity = "deal"
	Person       Entity = "person"
	Organization Entity = "organization"
)

var entityOrder = []Entity{Deal, Person, Organization}

type entityMeta struct {
	plural     string // path segment: deals, persons, organizations
	fieldsPath string // dealFields, personFields, organizationFields
	label      string // "Deal", for error messages
}

var entityInfo = map[Entity]entityMeta{
	Deal:         {"deals", "dealFields", "Deal"},
	Person:       {"persons", "personFields", "Person"},
	Organization: {"organizations", "organizationFields", "Organization"},
}

// FieldType is the type of a custom field, as Pipedrive's field_type names
// it. The server accepts and validates values of these types.
type FieldType string

// The custom field types the server supports, with the v2 value each takes
// under custom_fields.
const (
	FieldVarchar   FieldType = "varchar"   // string, up to 255 characters
	FieldText      FieldType = "text"      // string
	FieldPhone     FieldType = "phone"     // string
	FieldInt       FieldType = "int"       // integer
	FieldDouble    FieldType = "double"    // number
	FieldMonetary  FieldType = "monetary"  // {"value": number, "currency": "EUR"}
	FieldEnum      FieldType = "enum"      // one option id (a number)
	FieldSet       FieldType = "set"       // array of option ids
	FieldDate      FieldType = "date"      // "2006-01-02"
	FieldDateRange FieldType = "daterange" // {"value": "2006-01-02", "until": "2006-01-02"}
	FieldTime      FieldType = "time"      // "15:04:05"
)

// Field defines a custom field. Its key (field_code) is a 40-character hex
// hash, derived from the entity and name unless Key is set.
type Field struct {
	Name    string
	Type    FieldType
	Options []string // labels of the options of an enum or set field
	Key     string   // optional explicit field_code
}

func (f Field) validate() error {
	if strings.TrimSpace(f.Name) == "" {
		return fmt.Errorf("%w: custom field without a name", errBadOption)
	}
	switch f.Type {
	case FieldVarchar, FieldText, FieldPhone, FieldInt, FieldDouble, FieldMonetary, FieldDate, FieldDateRange, FieldTime:
		if len(f.Options) > 0 {
			return fmt.Errorf("%w: field %q of type %s takes no options", errBadOption, f.Name, f.Type)
		}
	case FieldEnum, FieldSet:
		if len(f.Options) == 0 {
			return fmt.Errorf("%w: field %q of type %s needs options", errBadOption, f.Name, f.Type)
		}
	default:
		return fmt.Errorf("%w: field %q has unsupported type %q", errBadOption, f.Name, f.Type)
	}
	return nil
}

// FieldKey returns the 40-character key (field_code) the server gives a
// custom field named name on entity e when no explicit key is set.
func FieldKey(e Entity, name string) string {
	sum := sha1.Sum([]byte("pipedrivetest\x00" + string(e) + "\x00" + name))
	return hex.EncodeToString(sum[:])
}

// DefaultFields returns the custom fields every server starts with unless
// WithoutDefaultCustomFields is given: on deals a monetary "Budget", a
// single-option "Tier", a date "Renewal date", a multiple-option "Channels"
// and a text "Summary"; similar sets on persons and organizations.
func DefaultFields(e Entity) []Field {
	switch e {
	case Deal:
		return []Field{
			{Name: "Budget", Type: FieldMonetary},
			{Name: "Tier", Type: FieldEnum, Options: []string{"Starter", "Growth", "Enterprise"}},
			{Name: "Renewal date", Type: FieldDate},
			{Name: "Channels", Type: FieldSet, Options: []string{"Email", "Phone", "Chat"}},
			{Name: "Summary", Type: FieldText},
			{Name: "Seats", Type: FieldInt},
		}
	case Person:
		return []Field{
			{Name: "Source", Type: FieldEnum, Options: []string{"Website", "Referral", "Event"}},
			{Name: "Languages", Type: FieldSet, Options: []string{"English", "German", "Estonian"}},
			{Name: "Nickname", Type: FieldVarchar},
			{Name: "Last contacted", Type: FieldDate},
		}
	case Organization:
		return []Field{
			{Name: "Tier", Type: FieldEnum, Options: []string{"Starter", "Growth", "Enterprise"}},
			{Name: "Annual budget", Type: FieldMonetary},
			{Name: "Region", Type: FieldVarchar},
			{Name: "Customer since", Type: FieldDate},
		}
	}
	return nil
}

// customField is a configured field with its options' ids.
type customField struct {
	Field
	key     string
	id      int64 // the numeric id of v1 (filters' field_id, the v1 bulk delete)
	options []fieldOption

	// What a field definition write may set besides the name; nil until
	// set (rendered with defaults).
	description *string
	ui          map[string]any // ui_visibility
	important   map[string]any // important_fields
	required    map[string]any // required_fields
}

type fieldOption struct {
	ID    int64
	Label string
}

func (f *customField) optionByID(id int64) bool {
	for _, o := range f.options {
		if o.ID == id {
			return true
		}
	}
	return false
}

// definition renders the field the way /api/v2/*Fields does.
func (f *customField) definition() map[string]any {
	d := map[string]any{
		"field_name":                 f.Name,
		"field_code":                 f.key,
		"field_type":                 string(f.Type),
		"options":                    nil,
		"subfields":                  nil,
		"is_custom_field":            true,
		"is_optional_response_field": false,
	}
	if len(f.options) > 0 {
		opts := make([]any, len(f.options))
		for i, o := range f.options {
			opts[i] = map[string]any{"id": o.ID, "label": o.Label, "color": nil}
		}
		d["options"] = opts
	}
	switch f.Type {
	case FieldMonetary:
		d["subfields"] = []any{
			map[string]any{"field_code": "value", "field_name": "Amount of " + f.Name, "field_type": "double"},
			map[string]any{"field_code": "currency", "field_name": "Currency of " + f.Name, "field_type": "varchar"},
		}
	case FieldDateRange:
		d["subfields"] = []any{
			map[string]any{"field_code": "value", "field_name": "Start of " + f.Name, "field_type": "date"},
			map[string]any{"field_code": "until", "field_name": "End of " + f.Name, "field_type": "date"},
		}
	}
	return d
}

// standardFields are the built-in fields each entity's definitions list
// before the custom ones.
var standardFields = map[Entity][][2]string{
	Deal: {
		{"title", "Title"}, {"value", "Value"}, {"status", "Status"}, {"owner_id", "Owner"},
		{"person_id", "Contact person"}, {"org_id", "Organization"}, {"pipeline_id", "Pipeline"},
		{"stage_id", "Stage"}, {"expected_close_date", "Expected close date"}, {"label_ids", "Label"},
	},
	Person: {
		{"name", "Name"}, {"first_name", "First name"}, {"last_name", "Last name"}, {"owner_id", "Owner"},
		{"org_id", "Organization"}, {"emails", "Email"}, {"phones", "Phone"}, {"job_title", "Job title"},
		{"label_ids", "Labels"},
	},
	Organization: {
		{"name", "Name"}, {"owner_id", "Owner"}, {"address", "Address"}, {"website", "Website"},
		{"industry", "Industry"}, {"label_ids", "Labels"},
	},
}

var standardFieldTypes = map[string]string{
	"title": "varchar", "value": "monetary", "status": "status", "owner_id": "user", "person_id": "people",
	"org_id": "org", "pipeline_id": "double", "stage_id": "stage", "expected_close_date": "date", "label_ids": "set",
	"name": "varchar", "first_name": "varchar", "last_name": "varchar", "emails": "varchar", "phones": "phone",
	"job_title": "varchar", "address": "address", "website": "varchar", "industry": "enum",
}

func standardDefinition(code, name string) map[string]any {
	d := map[string]any{
		"field_name":                 name,
		"field_code":                 code,
		"field_type":                 standardFieldTypes[code],
		"options":                    nil,
		"subfields":                  nil,
		"is_custom_field":            false,
		"is_optional_response_field": false,
	}
	if code == "value" {
		d["subfields"] = []any{
			map[string]any{"field_code": "value", "field_name": "Amount of Value", "field_type": "double"},
			map[string]any{"field_code": "currency", "field_name": "Currency of Value", "field_type": "varchar"},
		}
	}
	return d
}

// customValue checks a v2 custom field value and returns it in the form
// the server stores and returns. nil clears the field.
func (f *customField) customValue(v any, defaultCurrency string) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch f.Type {
	case FieldVarchar, FieldText, FieldPhone:
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("expects a string")
		}
		if f.Type == FieldVarchar && len([]rune(s)) > 255 {
			return nil, fmt.Errorf("is longer than 255 characters")
		}
		return s, nil
	case FieldInt:
		return asInt(v)
	case FieldDouble:
		return asNumber(v)
	case FieldMonetary:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf(`expects an object {"value": number, "currency": "EUR"}`)
		}
		for k := range m {
			if k != "value" && k != "currency" {
				return nil, fmt.Errorf("has an unknown key %q", k)
			}
		}
		amount, err := asNumber(m["value"])
		if err != nil {
			return nil, fmt.Errorf("value %w", err)
		}
		cur := defaultCurrency
		if c, ok := m["currency"]; ok && c != nil {
			s, ok := c.(string)
			if !ok || len(s) != 3 {
				return nil, fmt.Errorf("currency expects a 3-letter code")
			}
			cur = s
		}
		return map[string]any{"value": amount, "currency": cur}, nil
	case FieldEnum:
		id, err := asInt(v)
		if err != nil {
			return nil, fmt.Errorf("expects an option id: %w", err)
		}
		if !f.optionByID(id) {
			return nil, fmt.Errorf("has no option with id %d", id)
		}
		return id, nil
	case FieldSet:
		arr, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("expects an array of option ids")
		}
		ids := make([]int64, 0, len(arr))
		for _, x := range arr {
			id, err := asInt(x)
			if err != nil {
				return nil, fmt.Errorf("expects an array of option ids: %w", err)
			}
			if !f.optionByID(id) {
				return nil, fmt.Errorf("has no option with id %d", id)
			}
			ids = append(ids, id)
		}
		return ids, nil
	case FieldDate:
		return asDate(v)
	case FieldDateRange:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf(`expects an object {"value": date, "until": date}`)
		}
		from, err := asDate(m["value"])
		if err != nil {
			return nil, fmt.Errorf("value %w", err)
		}
		until, err := asDate(m["until"])
		if err != nil {
			return nil, fmt.Errorf("until %w", err)
		}
		if until < from {
			return nil, fmt.Errorf("ends before it starts")
		}
		return map[string]any{"value": from, "until": until}, nil
	case FieldTime:
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("expects a time HH:MM:SS")
		}
		if _, err := time.Parse(time.TimeOnly, s); err != nil {
			return nil, fmt.Errorf("expects a time HH:MM:SS")
		}
		return s, nil
	}
	return nil, fmt.Errorf("has an unsupported type")
}

// searchText is the text a custom field value contributes to search.
func (f *customField) searchText(v any) string {
	switch f.Type {
	case FieldVarchar, FieldText, FieldPhone:
		s, _ := v.(string)
		return s
	}
	return ""
}

func asInt(v any) (int64, error) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, fmt.Errorf("expects an integer")
	}
	i, err := n.Int64()
	if err != nil {
		return 0, fmt.Errorf("expects an integer")
	}
	return i, nil
}

func asNumber(v any) (float64, error) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, fmt.Errorf("expects a number")
	}
	f, err := n.Float64()
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, fmt.Errorf("expects a number")
	}
	return f, nil
}

func asDate(v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("expects a date YYYY-MM-DD")
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return "", fmt.Errorf("expects a date YYYY-MM-DD")
	}
	return s, nil
}
