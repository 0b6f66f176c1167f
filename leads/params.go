package leads

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
)

// Sort orders a lead list: a field, optionally followed by " ASC" or
// " DESC"; several are joined by commas (leads.SortByAddTime + " DESC").
type Sort string

// Lead list sort fields.
const (
	SortByID                Sort = "id"
	SortByTitle             Sort = "title"
	SortByOwnerID           Sort = "owner_id"
	SortByCreatorID         Sort = "creator_id"
	SortByWasSeen           Sort = "was_seen"
	SortByExpectedCloseDate Sort = "expected_close_date"
	SortByNextActivityID    Sort = "next_activity_id"
	SortByAddTime           Sort = "add_time"
	SortByUpdateTime        Sort = "update_time"
)

// ListParams filter, sort and page the lead list. FilterID, when set,
// takes precedence over the other filters.
type ListParams struct {
	OwnerID        int64 `url:"owner_id,omitempty"`
	PersonID       int64 `url:"person_id,omitempty"`
	OrganizationID int64 `url:"organization_id,omitempty"`
	FilterID       int64 `url:"filter_id,omitempty"`
	// UpdatedSince keeps the leads whose update_time is at or after it
	// (inclusive). Pipedrive keeps a lead's update_time to the millisecond,
	// in UTC. The SDK sends it as RFC 3339 (this v1 endpoint takes the v2
	// form, not v1's), to the second and in the time's own UTC offset: a
	// fraction of a second is dropped (t.UTC() sends the "Z" form of
	// Pipedrive's examples); the zero time sends nothing. To fetch what
	// changed since a previous sync, pass the largest update_time that sync
	// saw: records of that second come again, none is missed.
	UpdatedSince time.Time `url:"updated_since,omitempty"`
	Sort         Sort      `url:"sort,omitempty"`
	// Start is the offset of the first lead: a previous page's NextStart.
	Start int `url:"start,omitempty"`
	// Limit is the page size (default 100).
	Limit int `url:"limit,omitempty"`
}

// ArchivedListParams filter, sort and page the archived lead list.
type ArchivedListParams struct {
	OwnerID        int64 `url:"owner_id,omitempty"`
	PersonID       int64 `url:"person_id,omitempty"`
	OrganizationID int64 `url:"organization_id,omitempty"`
	FilterID       int64 `url:"filter_id,omitempty"`
	Sort           Sort  `url:"sort,omitempty"`
	Start          int   `url:"start,omitempty"`
	Limit          int   `url:"limit,omitempty"`
}

// CreateParams is a new lead. Title is required, and the lead must be
// linked to a person or an organization (or both); nil pointers and empty
// values are not sent, so Pipedrive's defaults apply.
type CreateParams struct {
	Title string `json:"title" pipedrive:"required"`
	// OwnerID defaults to the authorized user.
	OwnerID        *int64 `json:"owner_id,omitempty"`
	PersonID       int64  `json:"person_id,omitempty"`
	OrganizationID int64  `json:"organization_id,omitempty"`
	// LabelIDs are lead label ids (UUIDs, see Service.Labels).
	LabelIDs          []string  `json:"label_ids,omitempty"`
	Value             *Value    `json:"value,omitempty"`
	ExpectedCloseDate *crm.Date `json:"expected_close_date,omitempty"`
	// VisibleTo defaults to the user's default visibility for leads.
	VisibleTo crm.VisibleTo `json:"-"`
	WasSeen   *bool         `json:"was_seen,omitempty"`
	// OriginID tells the lead's origin apart, e.g. which integration made
	// it.
	OriginID *string `json:"origin_id,omitempty"`
	// Channel is a marketing channel's id (one of the options of the deal
	// field "channel"); ChannelID refines it.
	Channel   *int64  `json:"channel,omitempty"`
	ChannelID *string `json:"channel_id,omitempty"`
	// CustomFields are deal custom field values by code, as the crm
	// setters make them; they are sent in v1's form (a monetary value as
	// "<code>" and "<code>_currency").
	CustomFields crm.CustomFields `json:"-"`
	// CustomFieldsByName are deal custom field values by name, resolved
	// against the deal field definitions (fetched once per client) and
	// merged into CustomFields before sending: e.g.
	// crm.FieldValues{"Budget": crm.Money(5000, "EUR"), "Tier": "Enterprise"}.
	CustomFieldsByName crm.FieldValues `json:"-"`
}

// MarshalJSON implements json.Marshaler: visible_to as the string v1
// takes, and the custom fields at the top level.
func (p CreateParams) MarshalJSON() ([]byte, error) {
	type plain CreateParams
	return withV1Extras(plain(p), p.VisibleTo, p.CustomFields, nil)
}

// UpdateParams change a lead (PATCH): only what is set is sent. Where the
// API allows clearing a value, a pointer to the zero value sends null:
// PersonID or OrganizationID pointing to 0 unlinks (a lead keeps at least
// one of them), &Value{} removes the value, &crm.Date{} the expected close
// date, a Channel of 0 and a ChannelID of "" the channel.
type UpdateParams struct {
	Title          *string `json:"title,omitempty"`
	OwnerID        *int64  `json:"owner_id,omitempty"`
	PersonID       *int64  `json:"-"`
	OrganizationID *int64  `json:"-"`
	// LabelIDs replaces the labels when non-nil; an empty, non-nil slice
	// removes them all.
	LabelIDs []string `json:"label_ids,omitzero"`
	// IsArchived archives or restores the lead.
	IsArchived        *bool         `json:"is_archived,omitempty"`
	Value             *Value        `json:"-"`
	ExpectedCloseDate *crm.Date     `json:"expected_close_date,omitempty"`
	VisibleTo         crm.VisibleTo `json:"-"`
	WasSeen           *bool         `json:"was_seen,omitempty"`
	Channel           *int64        `json:"-"`
	ChannelID         *string       `json:"-"`
	// CustomFields are deal custom field values by code; Clear(code)
	// empties one.
	CustomFields crm.CustomFields `json:"-"`
	// CustomFieldsByName are deal custom field values by name (see
	// CreateParams); a nil value clears the field.
	CustomFieldsByName crm.FieldValues `json:"-"`
}

// MarshalJSON implements json.Marshaler: the nullable members, visible_to
// as a string, and the custom fields at the top level.
func (p UpdateParams) MarshalJSON() ([]byte, error) {
	type plain UpdateParams
	nullable := map[string]json.RawMessage{}
	idOrNull := func(key string, v *int64) {
		if v == nil {
			return
		}
		if *v == 0 {
			nullable[key] = json.RawMessage("null")
			return
		}
		nullable[key] = json.RawMessage(strconv.FormatInt(*v, 10))
	}
	idOrNull("person_id", p.PersonID)
	idOrNull("organization_id", p.OrganizationID)
	idOrNull("channel", p.Channel)
	if p.ChannelID != nil {
		if *p.ChannelID == "" {
			nullable["channel_id"] = json.RawMessage("null")
		} else {
			nullable["channel_id"] = mustJSON(*p.ChannelID)
		}
	}
	if p.Value != nil {
		if *p.Value == (Value{}) {
			nullable["value"] = json.RawMessage("null")
		} else {
			nullable["value"] = mustJSON(*p.Value)
		}
	}
	return withV1Extras(plain(p), p.VisibleTo, p.CustomFields, nullable)
}

// withV1Extras encodes base and adds visible_to (as a string, when set),
// extra members, and the custom fields in v1's top-level form.
func withV1Extras(base any, visibleTo crm.VisibleTo, cf crm.CustomFields, extra map[string]json.RawMessage) ([]byte, error) {
	b, err := json.Marshal(base)
	if err != nil {
		return nil, err
	}
	if visibleTo == 0 && len(cf) == 0 && len(extra) == 0 {
		return b, nil
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, err
	}
	for k, v := range extra {
		all[k] = v
	}
	if visibleTo != 0 {
		all["visible_to"] = mustJSON(strconv.Itoa(int(visibleTo)))
	}
	flat, err := crm.V1CustomFields(cf, false)
	if err != nil {
		return nil, err
	}
	for k, v := range flat {
		if _, taken := all[k]; taken {
			return nil, fmt.Errorf("custom field %q collides with a standard member", k)
		}
		all[k] = v
	}
	return json.Marshal(all)
}

func mustJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v) // strings and LeadValue always encode
	return b
}

// LabelParams is a new lead label. Name and Color are required.
type LabelParams struct {
	Name  string     `json:"name" pipedrive:"required"`
	Color LabelColor `json:"color" pipedrive:"required"`
}

// LabelUpdateParams change a lead label: only what is set is sent.
type LabelUpdateParams struct {
	Name  string     `json:"name,omitempty"`
	Color LabelColor `json:"color,omitempty"`
}

// ConvertParams choose where the deal made from a lead goes: StageID, or
// the first stage of PipelineID (StageID wins when both are set). Neither
// puts the deal in the first stage of the default pipeline.
type ConvertParams struct {
	StageID    int64 `json:"stage_id,omitempty"`
	PipelineID int64 `json:"pipeline_id,omitempty"`
}

// SearchField is a lead property a search looks in.
type SearchField string

// Searchable lead properties.
const (
	SearchCustomFields SearchField = "custom_fields"
	SearchNotes        SearchField = "notes"
	SearchTitle        SearchField = "title"
)

// SearchInclude names an optional property of search results.
type SearchInclude string

// IncludeWasSeen fills SearchItem.WasSeen.
const IncludeWasSeen SearchInclude = "lead.was_seen"

// SearchParams describe a lead search. Term is required (2 characters at
// least, or 1 with ExactMatch).
type SearchParams struct {
	Term string `url:"term" pipedrive:"required"`
	// Fields limits where to look; all of them when empty.
	Fields     []SearchField `url:"fields,omitempty,comma"`
	ExactMatch bool          `url:"exact_match,omitempty"`
	// PersonID and OrganizationID keep the leads of a person or an
	// organization (up to 2000 of them are searched).
	PersonID       int64           `url:"person_id,omitempty"`
	OrganizationID int64           `url:"organization_id,omitempty"`
	IncludeFields  []SearchInclude `url:"include_fields,omitempty,comma"`
	Limit          int             `url:"limit,omitempty"`
	Cursor         string          `url:"cursor,omitempty"`
}

// SearchItem is a lead found by a search.
type SearchItem struct {
	ID           string        `json:"id"`
	Type         string        `json:"type"`
	Title        string        `json:"title"`
	Owner        crm.IDName    `json:"owner"`
	Person       *crm.IDName   `json:"person"`
	Organization *crm.IDName   `json:"organization"`
	Phones       []string      `json:"phones"`
	Emails       []string      `json:"emails"`
	CustomFields []string      `json:"custom_fields"`
	Notes        []string      `json:"notes"`
	Value        float64       `json:"value"`
	Currency     string        `json:"currency"`
	VisibleTo    crm.VisibleTo `json:"visible_to"`
	IsArchived   bool          `json:"is_archived"`
	// WasSeen is filled when asked for (IncludeWasSeen).
	WasSeen *bool `json:"was_seen,omitempty"`
}
