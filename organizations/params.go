package organizations

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// IncludeField names an optional field that Get and List leave out unless
// asked for.
type IncludeField string

// Optional organization fields.
const (
	IncludeNextActivityID          IncludeField = "next_activity_id"
	IncludeLastActivityID          IncludeField = "last_activity_id"
	IncludeOpenDealsCount          IncludeField = "open_deals_count"
	IncludeRelatedOpenDealsCount   IncludeField = "related_open_deals_count"
	IncludeClosedDealsCount        IncludeField = "closed_deals_count"
	IncludeRelatedClosedDealsCount IncludeField = "related_closed_deals_count"
	IncludeEmailMessagesCount      IncludeField = "email_messages_count"
	IncludePeopleCount             IncludeField = "people_count"
	IncludeActivitiesCount         IncludeField = "activities_count"
	IncludeDoneActivitiesCount     IncludeField = "done_activities_count"
	IncludeUndoneActivitiesCount   IncludeField = "undone_activities_count"
	IncludeFilesCount              IncludeField = "files_count"
	IncludeNotesCount              IncludeField = "notes_count"
	IncludeFollowersCount          IncludeField = "followers_count"
	IncludeWonDealsCount           IncludeField = "won_deals_count"
	IncludeRelatedWonDealsCount    IncludeField = "related_won_deals_count"
	IncludeLostDealsCount          IncludeField = "lost_deals_count"
	IncludeRelatedLostDealsCount   IncludeField = "related_lost_deals_count"
	IncludeSmartBCCEmail           IncludeField = "smart_bcc_email"
)

// GetParams are the optional parameters of Get.
type GetParams struct {
	// IncludeFields asks for optional fields (counts, activity ids).
	IncludeFields []IncludeField `url:"include_fields,omitempty,comma"`
	// CustomFields limits the custom fields returned to these field codes
	// (at most 15); empty returns them all.
	CustomFields []string `url:"custom_fields,omitempty,comma"`
	// IncludeOptionLabels returns option fields as {id, label} objects
	// instead of bare option ids.
	IncludeOptionLabels bool `url:"include_option_labels,omitempty"`
	// IncludeLabels adds label objects next to LabelIDs.
	IncludeLabels bool `url:"include_labels,omitempty"`
}

// ListParams filter and page List. The zero value lists every
// organization.
type ListParams struct {
	// FilterID applies a saved filter; the other filters are then ignored.
	FilterID int64 `url:"filter_id,omitempty"`
	// IDs fetches these organizations only (at most 100).
	IDs     []int64 `url:"ids,omitempty,comma"`
	OwnerID int64   `url:"owner_id,omitempty"`
	// UpdatedSince keeps the organizations whose update_time is at or after
	// it (inclusive). Pipedrive keeps update_time to the second, in UTC. The
	// SDK sends it as RFC 3339, to the second and in the time's own UTC
	// offset: a fraction of a second is dropped (t.UTC() sends the "Z" form
	// of Pipedrive's examples); the zero time sends nothing. To fetch what
	// changed since a previous sync, pass the largest update_time that sync
	// saw: records of that second come again, none is missed.
	UpdatedSince time.Time `url:"updated_since,omitempty"`
	// UpdatedUntil keeps the organizations whose update_time is before it
	// (exclusive), encoded as UpdatedSince is: the dropped fraction moves
	// the bound to the whole second (10:20:00.7 leaves out what was updated
	// at 10:20:00).
	UpdatedUntil  time.Time         `url:"updated_until,omitempty"`
	SortBy        crm.SortField     `url:"sort_by,omitempty"`
	SortDirection crm.SortDirection `url:"sort_direction,omitempty"`

	IncludeFields       []IncludeField `url:"include_fields,omitempty,comma"`
	CustomFields        []string       `url:"custom_fields,omitempty,comma"`
	IncludeOptionLabels bool           `url:"include_option_labels,omitempty"`
	IncludeLabels       bool           `url:"include_labels,omitempty"`

	// Limit is the page size (default 100, at most 500).
	Limit int `url:"limit,omitempty"`
	// Cursor continues a list from a previous page's NextCursor.
	Cursor string `url:"cursor,omitempty"`
}

// CreateParams is a new organization. Name is required; nil pointers and
// empty values are not sent, so Pipedrive's defaults apply.
type CreateParams struct {
	Name    string `json:"name" pipedrive:"required"`
	OwnerID *int64 `json:"owner_id,omitempty"`
	// AddTime back-dates the organization's creation (for imports).
	AddTime   *time.Time         `json:"add_time,omitempty"`
	VisibleTo crm.VisibleTo      `json:"visible_to,omitempty"`
	LabelIDs  []int64            `json:"label_ids,omitempty"`
	Address   *crm.AddressParams `json:"address,omitempty"`
	Website   string             `json:"website,omitempty"`
	LinkedIn  string             `json:"linkedin,omitempty"`
	// Industry is the id of an option of the "industry" organization
	// field.
	Industry      *int64 `json:"industry,omitempty"`
	AnnualRevenue *int64 `json:"annual_revenue,omitempty"`
	EmployeeCount *int   `json:"employee_count,omitempty"`
	// CustomFields sets custom field values by field code.
	CustomFields crm.CustomFields `json:"custom_fields,omitempty"`
	// CustomFieldsByName sets custom field values by field name (and
	// option labels), e.g. {"Tier": "Gold", "Segment": "Enterprise"}; see
	// crm.FieldValues. Create resolves them against the cached field
	// definitions; they win over CustomFields for the same field.
	CustomFieldsByName crm.FieldValues `json:"-"`
}

// ClearableField is a standard organization field that an update can
// empty: one that API v2 declares nullable. UpdateParams.Clear sends each
// as null.
type ClearableField string

// The organization fields an update can clear.
const (
	ClearWebsite       ClearableField = "website"
	ClearLinkedIn      ClearableField = "linkedin"
	ClearIndustry      ClearableField = "industry"
	ClearAnnualRevenue ClearableField = "annual_revenue"
	ClearEmployeeCount ClearableField = "employee_count"
)

// UpdateParams change an organization (PATCH): only non-nil pointers,
// non-empty values and a non-nil LabelIDs are sent; LabelIDs: []int64{}
// removes every label.
//
// Clearing a field: API v2 takes null only for the fields it declares
// nullable, the standard ones listed by ClearableField (put them in Clear)
// and custom fields (CustomFields.Clear, or a nil value by name). The
// other standard fields (name, owner, address, visibility) cannot be
// emptied through v2.
type UpdateParams struct {
	Name          *string            `json:"name,omitempty"`
	OwnerID       *int64             `json:"owner_id,omitempty"`
	VisibleTo     crm.VisibleTo      `json:"visible_to,omitempty"`
	LabelIDs      []int64            `json:"label_ids,omitzero"`
	Address       *crm.AddressParams `json:"address,omitempty"`
	Website       *string            `json:"website,omitempty"`
	LinkedIn      *string            `json:"linkedin,omitempty"`
	Industry      *int64             `json:"industry,omitempty"`
	AnnualRevenue *int64             `json:"annual_revenue,omitempty"`
	EmployeeCount *int               `json:"employee_count,omitempty"`
	// CustomFields sets custom field values by field code; a null value
	// (CustomFields.Clear) empties a field.
	CustomFields crm.CustomFields `json:"custom_fields,omitempty"`
	// CustomFieldsByName sets custom field values by field name, as for
	// CreateParams; a nil value empties the field.
	CustomFieldsByName crm.FieldValues `json:"-"`
	// Clear lists the standard fields to empty (sent as null); a field
	// may not be both set and cleared.
	Clear []ClearableField `json:"-" pipedrive:"clear"`
}

// Validate refuses an unknown ClearableField, and a field both set and
// cleared, before anything is sent (the core calls it).
func (p *UpdateParams) Validate() error {
	for _, f := range p.Clear {
		var set bool
		switch f {
		case ClearWebsite:
			set = p.Website != nil
		case ClearLinkedIn:
			set = p.LinkedIn != nil
		case ClearIndustry:
			set = p.Industry != nil
		case ClearAnnualRevenue:
			set = p.AnnualRevenue != nil
		case ClearEmployeeCount:
			set = p.EmployeeCount != nil
		default:
			return fmt.Errorf("%q is not an organization field an update can clear", f)
		}
		if set {
			return fmt.Errorf("%s is both set and cleared", f)
		}
	}
	return nil
}

// MarshalJSON implements json.Marshaler: the fields set, and the Clear
// fields as null.
func (p UpdateParams) MarshalJSON() ([]byte, error) {
	type plain UpdateParams
	b, err := json.Marshal(plain(p))
	if err != nil || len(p.Clear) == 0 {
		return b, err
	}
	keys := make([]string, len(p.Clear))
	for i, f := range p.Clear {
		keys[i] = string(f)
	}
	return jsonx.WithNulls(b, keys)
}

// SearchField is an organization field a search can look in.
type SearchField string

// Searchable fields.
const (
	SearchName         SearchField = "name"
	SearchAddress      SearchField = "address"
	SearchNotes        SearchField = "notes"
	SearchCustomFields SearchField = "custom_fields"
)

// SearchParams describe a search. Term is required: at least 2 characters,
// or 1 with ExactMatch.
type SearchParams struct {
	Term string `url:"term" pipedrive:"required"`
	// Fields limits the search to these fields (default: all).
	Fields []SearchField `url:"fields,omitempty,comma"`
	// ExactMatch returns only full, case-insensitive matches.
	ExactMatch bool   `url:"exact_match,omitempty"`
	Limit      int    `url:"limit,omitempty"`
	Cursor     string `url:"cursor,omitempty"`
}
