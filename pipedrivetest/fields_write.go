package pipedrivetest

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// fieldOps are the field definition operations of deals, persons and
// organizations: the v2 get, create, update, delete and option writes,
// and the v1 bulk delete.
type fieldOps struct {
	get, add, update, del, addOptions, updateOptions, deleteOptions, bulkDelete ops.Op
}

var entityFieldOps = map[Entity]fieldOps{
	Deal: {ops.V2GetDealField, ops.V2AddDealField, ops.V2UpdateDealField, ops.V2DeleteDealField,
		ops.V2AddDealFieldOptions, ops.V2UpdateDealFieldOptions, ops.V2DeleteDealFieldOptions, ops.V1DeleteDealFields},
	Person: {ops.V2GetPersonField, ops.V2AddPersonField, ops.V2UpdatePersonField, ops.V2DeletePersonField,
		ops.V2AddPersonFieldOptions, ops.V2UpdatePersonFieldOptions, ops.V2DeletePersonFieldOptions, ops.V1DeletePersonFields},
	Organization: {ops.V2GetOrganizationField, ops.V2AddOrganizationField, ops.V2UpdateOrganizationField,
		ops.V2DeleteOrganizationField, ops.V2AddOrganizationFieldOptions, ops.V2UpdateOrganizationFieldOptions,
		ops.V2DeleteOrganizationFieldOptions, ops.V1DeleteOrganizationFields},
}

// fieldWriteRoutes registers the field definition writes of deals,
// persons and organizations. Records' custom field values are checked
// against the definitions as they are at the time of each write: a new
// field or option is accepted at once, a deleted one refused.
func (s *Server) fieldWriteRoutes(op opRoute) {
	for _, e := range entityOrder {
		fo := entityFieldOps[e]
		op(fo.get, func(c *call) *reply { return s.getField(c, e) })
		op(fo.add, func(c *call) *reply { return s.createField(c, e) })
		op(fo.update, func(c *call) *reply { return s.updateField(c, e) })
		op(fo.del, func(c *call) *reply { return s.deleteField(c, e) })
		op(fo.addOptions, func(c *call) *reply { return s.fieldOptions(c, e, "add") })
		op(fo.updateOptions, func(c *call) *reply { return s.fieldOptions(c, e, "update") })
		op(fo.deleteOptions, func(c *call) *reply { return s.fieldOptions(c, e, "delete") })
		op(fo.bulkDelete, func(c *call) *reply { return s.bulkDeleteFields(c, e) })
	}
}

// includes are the optional members of field definitions that
// include_fields asks for.
type includes struct{ ui, important, required bool }

func fieldIncludesOf(c *call) (includes, *reply) {
	var inc includes
	for _, v := range strings.Split(c.r.URL.Query().Get("include_fields"), ",") {
		switch strings.TrimSpace(v) {
		case "":
		case "ui_visibility":
			inc.ui = true
		case "important_fields":
			inc.important = true
		case "required_fields":
			inc.required = true
		default:
			return inc, badRequest("include_fields may name ui_visibility, important_fields and required_fields.")
		}
	}
	return inc, nil
}

// render is the field's definition with the members inc asks for.
func (f *customField) render(inc includes) map[string]any {
	d := f.definition()
	if f.description != nil {
		d["description"] = *f.description
	}
	if inc.ui {
		d["ui_visibility"] = orDefault(f.ui, map[string]any{"add_visible_flag": true, "details_visible_flag": true})
	}
	if inc.important {
		d["important_fields"] = orDefault(f.important, map[string]any{"enabled": false, "stage_ids": []any{}})
	}
	if inc.required {
		d["required_fields"] = orDefault(f.required, map[string]any{"enabled": false, "stage_ids": []any{}})
	}
	return d
}

func orDefault(m, def map[string]any) map[string]any {
	if m == nil {
		return def
	}
	return maps.Clone(m)
}

// fieldByPath finds the custom field of the path's field_code; standard
// fields are answered as not writable.
func (st *store) fieldByPath(c *call, e Entity) (*customField, *reply) {
	code := c.r.PathValue("field_code")
	if f := st.byKey[e][code]; f != nil {
		return f, nil
	}
	for _, sf := range standardFields[e] {
		if sf[0] == code {
			return nil, badRequest("Standard fields cannot be changed or deleted.")
		}
	}
	return nil, notFound(entityInfo[e].label + " field")
}

func (s *Server) getField(c *call, e Entity) *reply {
	inc, rp := fieldIncludesOf(c)
	if rp != nil {
		return rp
	}
	code := c.r.PathValue("field_code")
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	if f := st.byKey[e][code]; f != nil {
		return v2OK(f.render(inc), nil)
	}
	for _, sf := range standardFields[e] {
		if sf[0] == code {
			return v2OK(standardDefinition(sf[0], sf[1]), nil)
		}
	}
	return notFound(entityInfo[e].label + " field")
}

// creatableTypes are the custom field types the fake creates: those whose
// values it checks.
var creatableTypes = []FieldType{FieldVarchar, FieldText, FieldPhone, FieldDouble, FieldMonetary,
	FieldEnum, FieldSet, FieldDate, FieldDateRange, FieldTime}

// definitionSetting checks the members a create or update body may carry
// besides the name, type and options, and applies them to f.
func definitionSetting(e Entity, f *customField, k string, v any) *reply {
	switch k {
	case "description":
		if e != Deal {
			return badRequest("description is a property of deal fields only")
		}
		str, ok := v.(string)
		if !ok {
			return badRequest("description expects a string")
		}
		f.description = &str
	case "ui_visibility", "important_fields", "required_fields":
		m, ok := v.(map[string]any)
		if !ok {
			return badRequest(k + " expects an object")
		}
		m = plainJSON(m).(map[string]any)
		switch k {
		case "ui_visibility":
			f.ui = mergeSettings(f.ui, m)
		case "important_fields":
			f.important = mergeSettings(f.important, m)
		default:
			f.required = mergeSettings(f.required, m)
		}
	default:
		return badRequest(k + " is not a property this endpoint accepts")
	}
	return nil
}

func mergeSettings(cur, set map[string]any) map[string]any {
	out := maps.Clone(cur)
	if out == nil {
		out = map[string]any{}
	}
	maps.Copy(out, set)
	return out
}

func fieldName(v any) (string, *reply) {
	str, ok := v.(string)
	if !ok || strings.TrimSpace(str) == "" || len([]rune(str)) > 255 {
		return "", badRequest("field_name expects a string of 1 to 255 characters")
	}
	return str, nil
}

func (s *Server) createField(c *call, e Entity) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	f := &customField{}
	for k, v := range body {
		switch k {
		case "field_name":
			if f.Name, rp = fieldName(v); rp != nil {
				return rp
			}
		case "field_type":
			str, _ := v.(string)
			f.Type = FieldType(str)
			if !slices.Contains(creatableTypes, f.Type) {
				return badRequest(fmt.Sprintf("field_type %q is not one pipedrivetest creates", str))
			}
		case "options":
			arr, ok := v.([]any)
			if !ok {
				return badRequest("options expects an array of {label}")
			}
			for _, x := range arr {
				m, _ := x.(map[string]any)
				label, _ := m["label"].(string)
				if strings.TrimSpace(label) == "" {
					return badRequest("options expects an array of {label}")
				}
				f.Options = append(f.Options, label)
			}
		default:
			if rp := definitionSetting(e, f, k, v); rp != nil {
				return rp
			}
		}
	}
	if f.Name == "" || f.Type == "" {
		return badRequest("field_name and field_type are required")
	}
	if err := f.validate(); err != nil {
		return badRequest(strings.TrimPrefix(err.Error(), errBadOption.Error()+": "))
	}
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	st.nextFieldID[e]++
	f.id = st.nextFieldID[e]
	// Keys derive from the entity, name and id: a new field named like a
	// deleted one gets a new key, as in Pipedrive.
	f.key = FieldKey(e, f.Name+"\x00"+strconv.FormatInt(f.id, 10))
	for _, label := range f.Options {
		st.nextOption++
		f.options = append(f.options, fieldOption{ID: st.nextOption, Label: label})
	}
	st.fields[e] = append(st.fields[e], f)
	st.byKey[e][f.key] = f
	for _, o := range st.objects[e] {
		if cf, ok := o["custom_fields"].(map[string]any); ok {
			cf[f.key] = nil // records hold every field, null when empty
		}
	}
	return v2OK(f.render(includes{ui: true, important: true, required: true}), nil)
}

func (s *Server) updateField(c *call, e Entity) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	if len(body) == 0 {
		return badRequest("Send at least one property to change.")
	}
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	f, rp := st.fieldByPath(c, e)
	if rp != nil {
		return rp
	}
	// Apply to a copy so that a refused body changes nothing.
	next := *f
	for k, v := range body {
		if k == "field_name" {
			if next.Name, rp = fieldName(v); rp != nil {
				return rp
			}
			continue
		}
		if rp := definitionSetting(e, &next, k, v); rp != nil {
			return rp
		}
	}
	*f = next
	return v2OK(f.render(includes{ui: true, important: true, required: true}), nil)
}

// removeFieldLocked drops a custom field and its values from every record.
func (st *store) removeFieldLocked(e Entity, f *customField) {
	st.fields[e] = slices.DeleteFunc(st.fields[e], func(x *customField) bool { return x == f })
	delete(st.byKey[e], f.key)
	for _, o := range st.objects[e] {
		if cf, ok := o["custom_fields"].(map[string]any); ok {
			delete(cf, f.key)
		}
	}
}

func (s *Server) deleteField(c *call, e Entity) *reply {
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	f, rp := st.fieldByPath(c, e)
	if rp != nil {
		return rp
	}
	st.removeFieldLocked(e, f)
	return v2OK(f.render(includes{}), nil)
}

// bulkDeleteFields is the v1 DELETE /<entity>Fields?ids=1,2: custom fields
// by their numeric ids (see Server.FieldID), all or none.
func (s *Server) bulkDeleteFields(c *call, e Entity) *reply {
	raw := c.r.URL.Query().Get("ids")
	if raw == "" {
		return badRequest("ids is required: the comma-separated ids of the fields to delete.")
	}
	var ids []int64
	for _, part := range strings.Split(raw, ",") {
		id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
		if err != nil || id <= 0 {
			return badRequest("ids must be a comma-separated list of positive integers.")
		}
		ids = append(ids, id)
	}
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	var gone []*customField
	for _, id := range ids {
		i := slices.IndexFunc(st.fields[e], func(f *customField) bool { return f.id == id })
		if i < 0 {
			return apiError(http.StatusNotFound, fmt.Sprintf("Field %d not found", id),
				"Only custom fields can be deleted; check their ids.")
		}
		gone = append(gone, st.fields[e][i])
	}
	for _, f := range gone {
		st.removeFieldLocked(e, f)
	}
	return v1OK(map[string]any{"id": ids}, nil)
}

// fieldOptions adds, relabels or deletes options of a custom enum or set
// field, all or none, and answers with the options it added, changed or
// deleted.
func (s *Server) fieldOptions(c *call, e Entity, verb string) *reply {
	list, rp := decodeList(c.r)
	if rp != nil {
		return rp
	}
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	f, rp := st.fieldByPath(c, e)
	if rp != nil {
		return rp
	}
	if f.Type != FieldEnum && f.Type != FieldSet {
		return badRequest("Only enum and set fields have options.")
	}
	opts := slices.Clone(f.options)
	next := st.nextOption
	var touched []fieldOption
	for _, m := range list {
		label, _ := m["label"].(string)
		if verb == "add" {
			if strings.TrimSpace(label) == "" {
				return badRequest("Each option needs a label.")
			}
			next++
			opts = append(opts, fieldOption{ID: next, Label: label})
			touched = append(touched, opts[len(opts)-1])
			continue
		}
		oid, err := asInt(m["id"])
		if err != nil {
			return badRequest("Each option needs an integer id.")
		}
		i := slices.IndexFunc(opts, func(o fieldOption) bool { return o.ID == oid })
		if i < 0 {
			return badRequest(fmt.Sprintf("The field has no option with id %d.", oid))
		}
		if verb == "update" {
			if strings.TrimSpace(label) == "" {
				return badRequest("Each option needs a label.")
			}
			opts[i].Label = label
			touched = append(touched, opts[i])
			continue
		}
		touched = append(touched, opts[i])
		opts = slices.Delete(opts, i, i+1)
	}
	if verb == "delete" && len(opts) == 0 {
		return badRequest("An enum or set field keeps at least one option.")
	}
	f.options, st.nextOption = opts, next
	out := make([]any, len(touched))
	for i, o := range touched {
		out[i] = map[string]any{"id": o.ID, "label": o.Label}
	}
	return jsonReply(http.StatusOK, map[string]any{"success": true, "data": out, "additional_data": nil})
}

// FieldID returns the numeric id of entity e's custom field named name
// (or keyed key): what the v1 bulk delete of fields (DeleteFields) and
// filter conditions (FilterFieldID) take. API v2 field definitions do not
// carry it; Pipedrive shows it in the web app's field settings.
func (s *Server) FieldID(e Entity, name string) (int64, bool) {
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, f := range st.fields[e] {
		if f.Name == name || f.key == name {
			return f.id, true
		}
	}
	return 0, false
}
