package activities

import (
	"encoding/json"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
)

// IncludeField names an optional member that Get and List leave out unless
// asked for.
type IncludeField string

// Optional activity members.
const (
	// IncludeAttendees fills Activity.Attendees.
	IncludeAttendees IncludeField = "attendees"
)

// SortByDueDate sorts a list by due date (besides crm.SortByID,
// crm.SortByUpdateTime and crm.SortByAddTime).
const SortByDueDate crm.SortField = "due_date"

// GetParams are the optional parameters of GetWith.
type GetParams struct {
	// IncludeFields asks for optional members (attendees).
	IncludeFields []IncludeField `url:"include_fields,omitempty,comma"`
}

// ListParams filter, sort and page List. The zero value lists every
// activity, by id.
type ListParams struct {
	// FilterID applies a saved filter; IDs and the other filters are then
	// ignored.
	FilterID int64 `url:"filter_id,omitempty"`
	// IDs fetches these activities only (at most 100); those that do not
	// exist or are not visible are left out.
	IDs     []int64 `url:"ids,omitempty,comma"`
	OwnerID int64   `url:"owner_id,omitempty"`
	DealID  int64   `url:"deal_id,omitempty"`
	LeadID  string  `url:"lead_id,omitempty"`
	// PersonID keeps the activities whose primary participant is this
	// person.
	PersonID int64 `url:"person_id,omitempty"`
	OrgID    int64 `url:"org_id,omitempty"`
	// Done keeps done activities (Ptr(true)) or open ones (Ptr(false));
	// nil keeps both.
	Done *bool `url:"done,omitempty"`
	// UpdatedSince keeps the activities whose update_time is at or after it
	// (inclusive). Pipedrive keeps update_time to the second, in UTC. The
	// SDK sends it as RFC 3339, to the second and in the time's own UTC
	// offset: a fraction of a second is dropped (t.UTC() sends the "Z" form
	// of Pipedrive's examples); the zero time sends nothing. To fetch what
	// changed since a previous sync, pass the largest update_time that sync
	// saw: records of that second come again, none is missed.
	UpdatedSince time.Time `url:"updated_since,omitempty"`
	// UpdatedUntil keeps the activities whose update_time is before it
	// (exclusive), encoded as UpdatedSince is: the dropped fraction moves
	// the bound to the whole second (10:20:00.7 leaves out what was updated
	// at 10:20:00).
	UpdatedUntil time.Time `url:"updated_until,omitempty"`
	// SortBy is crm.SortByID (the default), crm.SortByUpdateTime,
	// crm.SortByAddTime or SortByDueDate.
	SortBy        crm.SortField     `url:"sort_by,omitempty"`
	SortDirection crm.SortDirection `url:"sort_direction,omitempty"`
	// IncludeFields asks for optional members (attendees).
	IncludeFields []IncludeField `url:"include_fields,omitempty,comma"`
	// Limit is the page size (default 100, at most 500).
	Limit int `url:"limit,omitempty"`
	// Cursor continues a list from a previous page's NextCursor.
	Cursor string `url:"cursor,omitempty"`
}

// CreateParams is a new activity. Every member is optional; zero values
// and nil pointers are not sent, so Pipedrive's defaults apply (the
// company's default type, the caller as owner, no due date).
type CreateParams struct {
	Subject string `json:"subject,omitempty"`
	// Type is an activity type's key: TypeCall, TypeMeeting, ... or a
	// custom type's key.
	Type    TypeKey `json:"type,omitempty"`
	OwnerID *int64  `json:"owner_id,omitempty"`
	// The records to link the activity to. PersonID becomes the primary
	// participant.
	DealID    *int64 `json:"deal_id,omitempty"`
	LeadID    string `json:"lead_id,omitempty"`
	PersonID  *int64 `json:"person_id,omitempty"`
	OrgID     *int64 `json:"org_id,omitempty"`
	ProjectID *int64 `json:"project_id,omitempty"`
	// DueDate, DueTime (UTC) and Duration schedule the activity.
	DueDate  crm.Date      `json:"due_date,omitzero"`
	DueTime  crm.TimeOfDay `json:"due_time,omitzero"`
	Duration Duration      `json:"duration,omitzero"`
	// Busy marks the owner as busy in their calendar for the duration.
	Busy *bool `json:"busy,omitempty"`
	Done *bool `json:"done,omitempty"`
	// Location is where the activity takes place: Value (the address as
	// typed) and the parts known; Pipedrive's geocoder fills in the
	// formatted address.
	Location *crm.AddressParams `json:"location,omitempty"`
	// Participants are the persons taking part; mark one Primary.
	Participants []Participant `json:"participants,omitempty"`
	// Attendees are invited by email (Pipedrive sends the invitations when
	// the owner's calendar is synced).
	Attendees []Attendee `json:"attendees,omitempty"`
	// PublicDescription is shown to attendees; Note is internal (HTML).
	PublicDescription string `json:"public_description,omitempty"`
	Note              string `json:"note,omitempty"`
	// Priority is an option id of the "priority" activity field.
	Priority *int64 `json:"priority,omitempty"`
}

// UpdateParams change an activity (PATCH): only non-nil members are sent.
//
// To unlink a record or clear a value, point at its zero value: DealID,
// PersonID, OrgID, ProjectID or Priority set to Ptr(int64(0)), LeadID to
// Ptr(""), Location to &crm.AddressParams{}, DueDate to &crm.Date{}, DueTime to
// &crm.TimeOfDay{} or Duration to Ptr(Duration(0)) are sent as null. A
// non-nil empty Participants or Attendees slice removes them all.
type UpdateParams struct {
	Subject           *string            `json:"subject,omitempty"`
	Type              TypeKey            `json:"type,omitempty"`
	OwnerID           *int64             `json:"owner_id,omitempty"`
	DealID            *int64             `json:"-"`
	LeadID            *string            `json:"-"`
	PersonID          *int64             `json:"-"`
	OrgID             *int64             `json:"-"`
	ProjectID         *int64             `json:"-"`
	DueDate           *crm.Date          `json:"due_date,omitempty"`
	DueTime           *crm.TimeOfDay     `json:"due_time,omitempty"`
	Duration          *Duration          `json:"duration,omitempty"`
	Busy              *bool              `json:"busy,omitempty"`
	Done              *bool              `json:"done,omitempty"`
	Location          *crm.AddressParams `json:"-"`
	Participants      []Participant      `json:"participants,omitzero"`
	Attendees         []Attendee         `json:"attendees,omitzero"`
	PublicDescription *string            `json:"public_description,omitempty"`
	Note              *string            `json:"note,omitempty"`
	Priority          *int64             `json:"-"`
}

// MarshalJSON implements json.Marshaler: the members that a zero value
// clears are sent as null (see UpdateParams).
func (p UpdateParams) MarshalJSON() ([]byte, error) {
	type plain UpdateParams
	var loc clearable[crm.AddressParams]
	if p.Location != nil {
		loc = clearable[crm.AddressParams]{set: true, null: *p.Location == (crm.AddressParams{}), v: *p.Location}
	}
	return json.Marshal(struct {
		plain
		DealID    clearable[int64]             `json:"deal_id,omitzero"`
		LeadID    clearable[string]            `json:"lead_id,omitzero"`
		PersonID  clearable[int64]             `json:"person_id,omitzero"`
		OrgID     clearable[int64]             `json:"org_id,omitzero"`
		ProjectID clearable[int64]             `json:"project_id,omitzero"`
		Location  clearable[crm.AddressParams] `json:"location,omitzero"`
		Priority  clearable[int64]             `json:"priority,omitzero"`
	}{
		plain(p), clearID(p.DealID), clearString(p.LeadID), clearID(p.PersonID), clearID(p.OrgID),
		clearID(p.ProjectID), loc, clearID(p.Priority),
	})
}

// clearable is an optional body member whose zero value is sent as null:
// left out when not set, null when set to zero, else the value.
type clearable[T any] struct {
	set, null bool
	v         T
}

// IsZero reports whether the member is left out (for omitzero).
func (c clearable[T]) IsZero() bool { return !c.set }

// MarshalJSON implements json.Marshaler.
func (c clearable[T]) MarshalJSON() ([]byte, error) {
	if c.null {
		return []byte("null"), nil
	}
	return json.Marshal(c.v)
}

func clearID(p *int64) clearable[int64] {
	if p == nil {
		return clearable[int64]{}
	}
	return clearable[int64]{set: true, null: *p == 0, v: *p}
}

func clearString(p *string) clearable[string] {
	if p == nil {
		return clearable[string]{}
	}
	return clearable[string]{set: true, null: *p == "", v: *p}
}

// ActivityTypeParams is a new activity type. Name and Icon are required.
type ActivityTypeParams struct {
	Name string `json:"name" pipedrive:"required"`
	Icon Icon   `json:"icon_key" pipedrive:"required"`
	// Color is six hexadecimal digits ("aeb31b"); empty leaves the default.
	Color string `json:"color,omitempty"`
}

// ActivityTypeUpdateParams change an activity type; empty strings and nil
// pointers are left unchanged.
type ActivityTypeUpdateParams struct {
	Name  string `json:"name,omitempty"`
	Icon  Icon   `json:"icon_key,omitempty"`
	Color string `json:"color,omitempty"`
	// Order moves the type in the web app's lists.
	Order *int `json:"order_nr,omitempty"`
}
