package crm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// LeadValue is the potential value of a lead: an amount in a currency
// (ISO 4217).
type LeadValue struct {
	Amount   float64 `json:"amount"`
	Currency string  `json:"currency"`
}

// Lead is a potential deal, not yet in a pipeline (aliased as
// leads.Lead). Its id is a UUID. Leads carry the company's deal custom
// fields: API v1 sends them as top-level members keyed by the deal
// field's code, which Lead gathers into CustomFields (read them by name
// with the deal field definitions, leads.Service.CustomFields).
//
// A monetary custom field's companion member "<code>_currency", and the
// "<code>_until" of date and time ranges, are folded into the value as the
// v2 shapes ({value, currency}, {value, until}), so that CustomFields'
// Money and DateRange accessors read them; an address's "<code>_route",
// "<code>_locality", ... become an address object. MarshalJSON writes
// them back in v1's form.
//
// Lead also decodes webhook deliveries (numbers as strings, a
// custom_fields object).
type Lead struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// OwnerID is the user who owns the lead; CreatorID the one who made
	// it.
	OwnerID   int64 `json:"owner_id"`
	CreatorID int64 `json:"creator_id"`
	// LabelIDs are the ids (UUIDs) of the lead's labels.
	LabelIDs []string `json:"label_ids"`
	// PersonID and OrganizationID link the lead; a lead has at least one
	// of them.
	PersonID       *int64 `json:"person_id"`
	OrganizationID *int64 `json:"organization_id"`
	// SourceName says where the lead came from: "API", "Manually
	// created", "Web forms", ... (see leads.Service.Sources).
	SourceName string `json:"source_name"`
	// Origin (set by Pipedrive) and OriginID say how the lead was
	// created.
	Origin   string  `json:"origin"`
	OriginID *string `json:"origin_id"`
	// Channel is the id of the marketing channel the lead came from;
	// ChannelID refines it.
	Channel   *int64  `json:"channel"`
	ChannelID *string `json:"channel_id"`
	// SourceDealID is the deal the lead was converted from, if any.
	SourceDealID *int64 `json:"source_deal_id"`
	IsArchived   bool   `json:"is_archived"`
	// WasSeen says whether someone opened the lead in the web app.
	WasSeen bool `json:"was_seen"`
	// Value is nil when the lead has no value.
	Value *LeadValue `json:"value"`
	// ExpectedCloseDate is the zero Date when not set.
	ExpectedCloseDate Date       `json:"expected_close_date"`
	NextActivityID    *int64     `json:"next_activity_id"`
	AddTime           time.Time  `json:"add_time"`
	UpdateTime        *time.Time `json:"update_time"`
	VisibleTo         VisibleTo  `json:"visible_to"`
	// CCEmail is the lead's Smart BCC address.
	CCEmail string `json:"cc_email"`
	// CustomFields are the lead's deal custom fields by code.
	CustomFields CustomFields `json:"-"`
}

// UnmarshalJSON implements json.Unmarshaler (see Lead).
func (l *Lead) UnmarshalJSON(b []byte) error {
	type plain Lead
	var aux struct {
		*plain
		OwnerID        jsonx.ID        `json:"owner_id"`
		CreatorID      jsonx.ID        `json:"creator_id"`
		PersonID       jsonx.ID        `json:"person_id"`
		OrganizationID jsonx.ID        `json:"organization_id"`
		Channel        json.RawMessage `json:"channel"`
		SourceDealID   jsonx.ID        `json:"source_deal_id"`
		NextActivityID jsonx.ID        `json:"next_activity_id"`
		IsArchived     flag            `json:"is_archived"`
		WasSeen        flag            `json:"was_seen"`
		Value          json.RawMessage `json:"value"`
		AddTime        Time            `json:"add_time"`
		UpdateTime     Time            `json:"update_time"`
		CustomFields   json.RawMessage `json:"custom_fields"`
	}
	*l = Lead{}
	aux.plain = (*plain)(l)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	l.OwnerID, l.CreatorID = int64(aux.OwnerID), int64(aux.CreatorID)
	l.PersonID, l.OrganizationID = aux.PersonID.Ptr(), aux.OrganizationID.Ptr()
	l.SourceDealID, l.NextActivityID = aux.SourceDealID.Ptr(), aux.NextActivityID.Ptr()
	l.IsArchived, l.WasSeen = bool(aux.IsArchived), bool(aux.WasSeen)
	l.AddTime, l.UpdateTime = aux.AddTime.Time, aux.UpdateTime.Ptr()
	if c := bytes.TrimSpace(aux.Channel); len(c) > 0 && !isNull(c) {
		n, err := jsonx.Int(c)
		if err != nil {
			return fmt.Errorf("channel: %w", err)
		}
		l.Channel = &n
	}
	if v := bytes.TrimSpace(aux.Value); len(v) > 0 && !isNull(v) {
		var val LeadValue
		if err := jsonx.Unmarshal(v, &val); err != nil {
			return fmt.Errorf("value: %w", err)
		}
		l.Value = &val
	}
	if cf := bytes.TrimSpace(aux.CustomFields); len(cf) > 0 && !isNull(cf) {
		if err := json.Unmarshal(cf, &l.CustomFields); err != nil {
			return fmt.Errorf("custom_fields: %w", err)
		}
		return nil
	}
	var err error
	l.CustomFields, err = v1CustomFields(b)
	return err
}

// MarshalJSON implements json.Marshaler: v1's shape, with the custom
// fields as top-level members (companions such as "<code>_currency"
// included).
func (l Lead) MarshalJSON() ([]byte, error) {
	type plain Lead
	base, err := json.Marshal(plain(l))
	if err != nil {
		return nil, err
	}
	if len(l.CustomFields) == 0 {
		return base, nil
	}
	flat, err := V1CustomFields(l.CustomFields, true)
	if err != nil {
		return nil, err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(base, &all); err != nil {
		return nil, err
	}
	for k, v := range flat {
		all[k] = v
	}
	return json.Marshal(all)
}

// addressParts are the members of an address value, which v1 sends as
// "<code>_<part>" companions of the address custom field "<code>".
var addressParts = []string{"formatted_address", "subpremise", "street_number", "route", "sublocality",
	"locality", "admin_area_level_1", "admin_area_level_2", "country", "postal_code"}

// v1CustomFields gathers the custom fields of a v1 object: its members
// keyed by a custom field code, with their companions folded in.
func v1CustomFields(b []byte) (CustomFields, error) {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, err
	}
	var out CustomFields
	for k, v := range all {
		if !IsCustomFieldCode(k) {
			continue
		}
		if out == nil {
			out = make(CustomFields)
		}
		out[k] = foldCompanions(k, v, all)
	}
	return out, nil
}

// foldCompanions returns the value of custom field code in the v2 shape
// when all holds v1 companions of it, else v unchanged.
func foldCompanions(code string, v json.RawMessage, all map[string]json.RawMessage) json.RawMessage {
	if cur, ok := all[code+"_currency"]; ok {
		if isNull(v) && isNull(cur) {
			return v
		}
		return mustJSON(map[string]json.RawMessage{"value": nullIfEmpty(v), "currency": nullIfEmpty(cur)})
	}
	if until, ok := all[code+"_until"]; ok {
		if isNull(v) && isNull(until) {
			return v
		}
		return mustJSON(map[string]json.RawMessage{"value": nullIfEmpty(v), "until": nullIfEmpty(until)})
	}
	var addr map[string]json.RawMessage
	for _, p := range addressParts {
		if pv, ok := all[code+"_"+p]; ok && !isNull(pv) {
			if addr == nil {
				addr = map[string]json.RawMessage{"value": nullIfEmpty(v)}
			}
			addr[p] = pv
		}
	}
	if addr != nil {
		return mustJSON(addr)
	}
	return v
}

func nullIfEmpty(raw json.RawMessage) json.RawMessage {
	if len(bytes.TrimSpace(raw)) == 0 {
		return json.RawMessage("null")
	}
	return raw
}

// V1CustomFields returns custom field values in the form API v1 bodies
// take them (the bodies of leads, whose custom fields v1 keeps at the top
// level): a monetary {value, currency} becomes "<code>": value and
// "<code>_currency": currency, a date or time range {value, until} becomes
// "<code>" and "<code>_until", and an address object becomes "<code>":
// the address as typed (with its parts as "<code>_<part>" when
// addressParts is set). Other values are kept as they are. A value a
// setter refused gives the *InvalidValueError of CustomFields.Validate.
func V1CustomFields(cf CustomFields, addressParts bool) (map[string]json.RawMessage, error) {
	if err := cf.Validate(); err != nil {
		return nil, err
	}
	out := make(map[string]json.RawMessage, len(cf))
	codes := make([]string, 0, len(cf))
	for k := range cf {
		codes = append(codes, k)
	}
	sort.Strings(codes)
	for _, k := range codes {
		raw := bytes.TrimSpace(cf[k])
		if len(raw) == 0 {
			return nil, fmt.Errorf("crm: custom field %s has no value (use Clear to empty it)", k)
		}
		if raw[0] != '{' {
			out[k] = raw
			continue
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("crm: custom field %s: %w", k, err)
		}
		value, hasValue := m["value"]
		if !hasValue {
			value = json.RawMessage("null")
		}
		switch {
		case m["currency"] != nil:
			out[k], out[k+"_currency"] = value, m["currency"]
		case m["until"] != nil:
			out[k], out[k+"_until"] = value, m["until"]
		case hasValue:
			out[k] = value
			if addressParts {
				for p, pv := range m {
					if p != "value" {
						out[k+"_"+p] = pv
					}
				}
			}
		default:
			// An object of another shape (an {id, label} option): as is.
			out[k] = raw
		}
	}
	return out, nil
}

// LeadLabelColor is the color of a lead label.
type LeadLabelColor string

// Lead label colors.
const (
	LeadLabelBlue     LeadLabelColor = "blue"
	LeadLabelBrown    LeadLabelColor = "brown"
	LeadLabelDarkGray LeadLabelColor = "dark-gray"
	LeadLabelGray     LeadLabelColor = "gray"
	LeadLabelGreen    LeadLabelColor = "green"
	LeadLabelOrange   LeadLabelColor = "orange"
	LeadLabelPink     LeadLabelColor = "pink"
	LeadLabelPurple   LeadLabelColor = "purple"
	LeadLabelRed      LeadLabelColor = "red"
	LeadLabelYellow   LeadLabelColor = "yellow"
)

// LeadLabel is a label that can be put on leads (Lead.LabelIDs holds
// their ids).
type LeadLabel struct {
	ID         string         `json:"id"`
	Name       string         `json:"name"`
	Color      LeadLabelColor `json:"color"`
	AddTime    time.Time      `json:"add_time"`
	UpdateTime *time.Time     `json:"update_time"`
}

// UnmarshalJSON implements json.Unmarshaler (either timestamp form).
func (l *LeadLabel) UnmarshalJSON(b []byte) error {
	type plain LeadLabel
	var aux struct {
		*plain
		AddTime    Time `json:"add_time"`
		UpdateTime Time `json:"update_time"`
	}
	*l = LeadLabel{}
	aux.plain = (*plain)(l)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	l.AddTime, l.UpdateTime = aux.AddTime.Time, aux.UpdateTime.Ptr()
	return nil
}

// LeadSource is a source leads can come from ("API", "Web forms", ...),
// the values of Lead.SourceName.
type LeadSource struct {
	Name string `json:"name"`
}

// LeadField is the definition of one lead field, standard or custom, in
// API v1's shape (the lead fields endpoint has no v2 twin). Leads share
// the deal custom fields: their definitions in v2's shape come from the
// deal fields (leads.Service.CustomFields).
type LeadField struct {
	// ID is nil for subfields.
	ID *int64 `json:"id"`
	// Key is the member of a lead that holds the field: a 40-character
	// hash for custom fields.
	Key                 string        `json:"key"`
	Name                string        `json:"name"`
	OrderNr             int           `json:"order_nr"`
	Type                FieldType     `json:"field_type"`
	AddTime             time.Time     `json:"add_time"`
	UpdateTime          *time.Time    `json:"update_time"`
	LastUpdatedByUserID *int64        `json:"last_updated_by_user_id"`
	CreatedByUserID     *int64        `json:"created_by_user_id"`
	Active              bool          `json:"active_flag"`
	Editable            bool          `json:"edit_flag"`
	IndexVisible        bool          `json:"index_visible_flag"`
	DetailsVisible      bool          `json:"details_visible_flag"`
	AddVisible          bool          `json:"add_visible_flag"`
	Important           bool          `json:"important_flag"`
	BulkEditAllowed     bool          `json:"bulk_edit_allowed"`
	Searchable          bool          `json:"searchable_flag"`
	FilteringAllowed    bool          `json:"filtering_allowed"`
	Sortable            bool          `json:"sortable_flag"`
	Mandatory           bool          `json:"mandatory_flag"`
	Options             []FieldOption `json:"options"`
	OptionsDeleted      []FieldOption `json:"options_deleted,omitempty"`
	IsSubfield          bool          `json:"is_subfield,omitempty"`
	Subfields           []LeadField   `json:"subfields,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler: v1 timestamps, 0/1 flags and
// numbers sent as strings.
func (f *LeadField) UnmarshalJSON(b []byte) error {
	type plain LeadField
	var aux struct {
		*plain
		ID                  json.RawMessage `json:"id"`
		AddTime             Time            `json:"add_time"`
		UpdateTime          Time            `json:"update_time"`
		LastUpdatedByUserID jsonx.ID        `json:"last_updated_by_user_id"`
		CreatedByUserID     jsonx.ID        `json:"created_by_user_id"`
		Active              flag            `json:"active_flag"`
		Editable            flag            `json:"edit_flag"`
		IndexVisible        flag            `json:"index_visible_flag"`
		DetailsVisible      flag            `json:"details_visible_flag"`
		AddVisible          flag            `json:"add_visible_flag"`
		Important           flag            `json:"important_flag"`
		BulkEditAllowed     flag            `json:"bulk_edit_allowed"`
		Searchable          flag            `json:"searchable_flag"`
		FilteringAllowed    flag            `json:"filtering_allowed"`
		Sortable            flag            `json:"sortable_flag"`
		Mandatory           flag            `json:"mandatory_flag"`
		IsSubfield          flag            `json:"is_subfield"`
	}
	*f = LeadField{}
	aux.plain = (*plain)(f)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	if id := bytes.TrimSpace(aux.ID); len(id) > 0 && !isNull(id) {
		n, err := jsonx.Int(id)
		if err != nil {
			return fmt.Errorf("id: %w", err)
		}
		f.ID = &n
	}
	f.AddTime, f.UpdateTime = aux.AddTime.Time, aux.UpdateTime.Ptr()
	f.LastUpdatedByUserID, f.CreatedByUserID = aux.LastUpdatedByUserID.Ptr(), aux.CreatedByUserID.Ptr()
	f.Active, f.Editable, f.IndexVisible = bool(aux.Active), bool(aux.Editable), bool(aux.IndexVisible)
	f.DetailsVisible, f.AddVisible, f.Important = bool(aux.DetailsVisible), bool(aux.AddVisible), bool(aux.Important)
	f.BulkEditAllowed, f.Searchable, f.FilteringAllowed = bool(aux.BulkEditAllowed), bool(aux.Searchable), bool(aux.FilteringAllowed)
	f.Sortable, f.Mandatory, f.IsSubfield = bool(aux.Sortable), bool(aux.Mandatory), bool(aux.IsSubfield)
	return nil
}
