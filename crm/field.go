package crm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// FieldType is the type of a field, as field definitions report it.
type FieldType string

// Field types. Custom fields can be created with the types marked
// "creatable"; the others describe standard fields.
const (
	FieldTypeInt              FieldType = "int"
	FieldTypeDouble           FieldType = "double" // creatable: a number
	FieldTypeBoolean          FieldType = "boolean"
	FieldTypeVarchar          FieldType = "varchar" // creatable: text up to 255 characters
	FieldTypeText             FieldType = "text"    // creatable: long text
	FieldTypePhone            FieldType = "phone"   // creatable
	FieldTypeVarcharOptions   FieldType = "varchar_options"
	FieldTypeVarcharAuto      FieldType = "varchar_auto" // creatable: autocompleted text
	FieldTypeDate             FieldType = "date"         // creatable: Date
	FieldTypeDateRange        FieldType = "daterange"    // creatable: DateRange
	FieldTypeTime             FieldType = "time"         // creatable: "15:04:05"
	FieldTypeTimeRange        FieldType = "timerange"    // creatable: TimeRange
	FieldTypeEnum             FieldType = "enum"         // creatable: single option
	FieldTypeSet              FieldType = "set"          // creatable: multiple options
	FieldTypeAddress          FieldType = "address"      // creatable: Address
	FieldTypeMonetary         FieldType = "monetary"     // creatable: Monetary
	FieldTypeDeal             FieldType = "deal"
	FieldTypeDeals            FieldType = "deals"
	FieldTypeLead             FieldType = "lead"
	FieldTypeOrg              FieldType = "org"    // creatable: organization id
	FieldTypePeople           FieldType = "people" // creatable: person id
	FieldTypeProject          FieldType = "project"
	FieldTypeStage            FieldType = "stage"
	FieldTypeUser             FieldType = "user" // creatable: user id
	FieldTypeActivity         FieldType = "activity"
	FieldTypeJSON             FieldType = "json"
	FieldTypePicture          FieldType = "picture"
	FieldTypeStatus           FieldType = "status"
	FieldTypeVisibleTo        FieldType = "visible_to"
	FieldTypePriceList        FieldType = "price_list"
	FieldTypeBillingFrequency FieldType = "billing_frequency"
	FieldTypeProjectsBoard    FieldType = "projects_board"
	FieldTypeProjectsPhase    FieldType = "projects_phase"
)

// Field is the definition of one field of a resource (deal, person,
// organization, activity, note, ...), standard or custom, as the v2 field
// endpoints return it; v1 field lists (note fields) decode into it too.
type Field struct {
	// Code identifies the field: the key of its value in a record. For
	// custom fields it is a 40-character hash, the key in CustomFields.
	Code string `json:"field_code"`
	// Name is the label users see in Pipedrive.
	Name        string    `json:"field_name"`
	Description *string   `json:"description,omitempty"`
	Type        FieldType `json:"field_type"`
	// Options are the choices of enum and set fields.
	Options []FieldOption `json:"options,omitempty"`
	// Subfields are the parts of composite fields (monetary, address).
	Subfields []Subfield `json:"subfields,omitempty"`
	// IsCustom is true for fields the company created.
	IsCustom bool `json:"is_custom_field"`
	// IsOptionalResponse is true for fields left out of records unless
	// asked for.
	IsOptionalResponse bool `json:"is_optional_response_field"`
	// UIVisibility, Important and Required are only filled when asked for
	// with the include_fields parameter.
	UIVisibility *FieldUIVisibility `json:"ui_visibility,omitempty"`
	Important    *FieldImportance   `json:"important_fields,omitempty"`
	Required     *FieldRequirement  `json:"required_fields,omitempty"`

	// The members below are filled from API v1 field definitions (such as
	// note fields), which also name Code "key" and Name "name".

	// ID is the field's numeric id. Only v1 definitions have one, and a
	// Field with an ID encodes in v1's shape (see MarshalJSON).
	ID int64 `json:"id,omitempty"`
	// Active, Editable, BulkEditable and Mandatory are v1's active_flag,
	// edit_flag, bulk_edit_allowed and mandatory_flag.
	Active       bool `json:"active_flag,omitempty"`
	Editable     bool `json:"edit_flag,omitempty"`
	BulkEditable bool `json:"bulk_edit_allowed,omitempty"`
	Mandatory    bool `json:"mandatory_flag,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler: the v2 shape, and the v1
// shape (key, name, id and the v1 flags, as booleans or 0/1).
func (f *Field) UnmarshalJSON(b []byte) error {
	type plain Field
	var aux struct {
		*plain
		Key          *string `json:"key"`
		V1Name       *string `json:"name"`
		Active       flag    `json:"active_flag"`
		Editable     flag    `json:"edit_flag"`
		BulkEditable flag    `json:"bulk_edit_allowed"`
		Mandatory    flag    `json:"mandatory_flag"`
	}
	aux.plain = (*plain)(f)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	if f.Code == "" && aux.Key != nil {
		f.Code = *aux.Key
	}
	if f.Name == "" && aux.V1Name != nil {
		f.Name = *aux.V1Name
	}
	f.Active, f.Editable = bool(aux.Active), bool(aux.Editable)
	f.BulkEditable, f.Mandatory = bool(aux.BulkEditable), bool(aux.Mandatory)
	return nil
}

// MarshalJSON implements json.Marshaler in the shape the definition
// came in: v2's (field_code, field_name, ...), or, for a definition with
// an ID (only API v1's have one, such as note fields), v1's: id, key,
// name, field_type, options and the v1 flags.
func (f Field) MarshalJSON() ([]byte, error) {
	if f.ID == 0 {
		type plain Field
		return json.Marshal(plain(f))
	}
	return json.Marshal(struct {
		ID           int64         `json:"id"`
		Key          string        `json:"key"`
		Name         string        `json:"name"`
		Type         FieldType     `json:"field_type"`
		Options      []FieldOption `json:"options,omitempty"`
		Active       bool          `json:"active_flag"`
		Editable     bool          `json:"edit_flag"`
		BulkEditable bool          `json:"bulk_edit_allowed"`
		Mandatory    bool          `json:"mandatory_flag"`
	}{f.ID, f.Code, f.Name, f.Type, f.Options, f.Active, f.Editable, f.BulkEditable, f.Mandatory})
}

// FieldOption is one choice of an enum or set field.
type FieldOption struct {
	// ID is the option's id: what a record's value holds. Custom fields
	// have numeric ids.
	ID int64 `json:"id"`
	// Key is set instead of ID for the options of standard fields, whose
	// ids are strings (e.g. "open").
	Key        string     `json:"-"`
	Label      string     `json:"label"`
	Color      *string    `json:"color,omitempty"`
	AddTime    *time.Time `json:"add_time,omitempty"`
	UpdateTime *time.Time `json:"update_time,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler: the id may be a number or a
// string.
func (o *FieldOption) UnmarshalJSON(b []byte) error {
	type plain FieldOption
	var aux struct {
		*plain
		ID         json.RawMessage `json:"id"`
		AddTime    *Time           `json:"add_time"`
		UpdateTime *Time           `json:"update_time"`
	}
	aux.plain = (*plain)(o)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	o.ID, o.Key = 0, ""
	id := bytes.TrimSpace(aux.ID)
	switch {
	case len(id) == 0 || isNull(id):
	case id[0] == '"':
		if err := json.Unmarshal(id, &o.Key); err != nil {
			return err
		}
		if n, err := strconv.ParseInt(o.Key, 10, 64); err == nil {
			o.ID, o.Key = n, ""
		}
	default:
		n, err := decodeFlexInt(id)
		if err != nil {
			return err
		}
		o.ID = n
	}
	o.AddTime, o.UpdateTime = aux.AddTime.ptr(), aux.UpdateTime.ptr()
	return nil
}

// MarshalJSON implements json.Marshaler, writing Key as the id when set.
func (o FieldOption) MarshalJSON() ([]byte, error) {
	type plain FieldOption
	aux := struct {
		ID any `json:"id"`
		plain
	}{ID: o.ID, plain: plain(o)}
	if o.Key != "" {
		aux.ID = o.Key
	}
	return json.Marshal(aux)
}

func (t *Time) ptr() *time.Time {
	if t == nil {
		return nil
	}
	return t.Ptr()
}

// Subfield is one part of a composite field (e.g. the currency of a
// monetary field).
type Subfield struct {
	Code string    `json:"field_code"`
	Name string    `json:"field_name"`
	Type FieldType `json:"field_type"`
}

// FieldUIVisibility says where the Pipedrive web app shows a field. Which
// members are set depends on the resource.
type FieldUIVisibility struct {
	AddVisible            bool `json:"add_visible_flag"`
	DetailsVisible        bool `json:"details_visible_flag"`
	ProjectsDetailVisible bool `json:"projects_detail_visible_flag,omitempty"`
	// DealDetailVisible, PersonDetailVisible and OrgDetailVisible
	// (organization fields) show the field in the details of those
	// records.
	DealDetailVisible   bool `json:"deal_detail_visible_flag,omitempty"`
	PersonDetailVisible bool `json:"person_detail_visible_flag,omitempty"`
	OrgDetailVisible    bool `json:"org_detail_visible_flag,omitempty"`
	// ShowInPipelines (deal fields) limits the field to some pipelines.
	ShowInPipelines *PipelineVisibility `json:"show_in_pipelines,omitempty"`
	// ShowInAddDealDialog (person and organization fields) and
	// ShowInAddPersonDialog (organization fields) show the field in those
	// dialogs.
	ShowInAddDealDialog   *DialogVisibility `json:"show_in_add_deal_dialog,omitempty"`
	ShowInAddPersonDialog *DialogVisibility `json:"show_in_add_person_dialog,omitempty"`
}

// PipelineVisibility says in which pipelines a deal field shows.
type PipelineVisibility struct {
	ShowInAll   bool    `json:"show_in_all"`
	PipelineIDs []int64 `json:"pipeline_ids,omitempty"`
}

// DialogVisibility says whether a field shows in another resource's add
// dialog, and where.
type DialogVisibility struct {
	Show  bool `json:"show"`
	Order *int `json:"order,omitempty"`
}

// FieldImportance marks a field as important, in all stages or some.
type FieldImportance struct {
	Enabled  bool    `json:"enabled"`
	StageIDs []int64 `json:"stage_ids,omitempty"`
}

// FieldRequirement marks a field as required, in all stages or some, and
// (deal fields) when a deal of a pipeline is won or lost.
type FieldRequirement struct {
	Enabled  bool    `json:"enabled"`
	StageIDs []int64 `json:"stage_ids,omitempty"`
	// Statuses maps a pipeline id to the outcomes ("won", "lost") at which
	// the field is required.
	Statuses map[string][]string `json:"statuses,omitempty"`
}

// FieldInclude names an optional part of field definitions to include.
type FieldInclude string

// Optional parts of field definitions.
const (
	IncludeUIVisibility    FieldInclude = "ui_visibility"
	IncludeImportantFields FieldInclude = "important_fields"
	IncludeRequiredFields  FieldInclude = "required_fields"
)

// FieldListParams are the query parameters of a field definitions list.
type FieldListParams struct {
	// IncludeFields asks for optional parts of the definitions.
	IncludeFields []FieldInclude `url:"include_fields,omitempty,comma"`
	// Limit is the page size (default 100, at most 500).
	Limit int `url:"limit,omitempty"`
	// Cursor continues from a previous page's NextCursor.
	Cursor string `url:"cursor,omitempty"`
}

// FieldGetParams are the query parameters of a field definition fetch.
type FieldGetParams struct {
	// IncludeFields asks for optional parts of the definition.
	IncludeFields []FieldInclude `url:"include_fields,omitempty,comma"`
}

// CreateFieldParams is the body that creates a custom field. Name and a
// creatable Type (the constants marked so) are required.
type CreateFieldParams struct {
	Name string    `json:"field_name" pipedrive:"required"`
	Type FieldType `json:"field_type" pipedrive:"required"`
	// Options are the choices of an enum or set field, by label.
	Options      []NewFieldOption         `json:"options,omitempty"`
	Description  *string                  `json:"description,omitempty"`
	UIVisibility *FieldUIVisibilityParams `json:"ui_visibility,omitempty"`
	Important    *FieldImportance         `json:"important_fields,omitempty"`
	Required     *FieldRequirement        `json:"required_fields,omitempty"`
}

// creatable are the field types a custom field can be created with.
var creatable = map[FieldType]bool{
	FieldTypeVarchar: true, FieldTypeVarcharAuto: true, FieldTypeText: true, FieldTypeDouble: true,
	FieldTypeMonetary: true, FieldTypeDate: true, FieldTypeDateRange: true, FieldTypeTime: true,
	FieldTypeTimeRange: true, FieldTypeSet: true, FieldTypeEnum: true, FieldTypeUser: true,
	FieldTypeOrg: true, FieldTypePeople: true, FieldTypePhone: true, FieldTypeAddress: true,
}

// Creatable reports whether a custom field can be created with type t
// (FieldType also names the types of Pipedrive's own fields, which cannot).
func (t FieldType) Creatable() bool { return creatable[t] }

// Validate refuses a type no custom field can be created with, before
// anything is sent.
func (p *CreateFieldParams) Validate() error {
	if p.Type != "" && !p.Type.Creatable() {
		return fmt.Errorf("field type %q cannot be used for a custom field", p.Type)
	}
	return nil
}

// UpdateFieldParams is the body that changes a field. Nil and empty
// members are left unchanged.
type UpdateFieldParams struct {
	Name         string                   `json:"field_name,omitempty"`
	Description  *string                  `json:"description,omitempty"`
	UIVisibility *FieldUIVisibilityParams `json:"ui_visibility,omitempty"`
	Important    *FieldImportance         `json:"important_fields,omitempty"`
	Required     *FieldRequirement        `json:"required_fields,omitempty"`
}

// FieldUIVisibilityParams sets where the web app shows a field; nil
// members are left as they are.
type FieldUIVisibilityParams struct {
	AddVisible            *bool               `json:"add_visible_flag,omitempty"`
	DetailsVisible        *bool               `json:"details_visible_flag,omitempty"`
	ProjectsDetailVisible *bool               `json:"projects_detail_visible_flag,omitempty"`
	ShowInPipelines       *PipelineVisibility `json:"show_in_pipelines,omitempty"`
	ShowInAddDealDialog   *DialogVisibility   `json:"show_in_add_deal_dialog,omitempty"`
	ShowInAddPersonDialog *DialogVisibility   `json:"show_in_add_person_dialog,omitempty"`
}

// NewFieldOption is an option to create, by label.
type NewFieldOption struct {
	Label string `json:"label"`
}

// FieldOptionChange renames an existing option.
type FieldOptionChange struct {
	ID    int64  `json:"id"`
	Label string `json:"label"`
}
