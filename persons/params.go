package persons

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
)

// IncludeField names an optional field that Get and List leave out unless
// asked for.
type IncludeField string

// Optional person fields.
const (
	IncludeNextActivityID              IncludeField = "next_activity_id"
	IncludeLastActivityID              IncludeField = "last_activity_id"
	IncludeOpenDealsCount              IncludeField = "open_deals_count"
	IncludeRelatedOpenDealsCount       IncludeField = "related_open_deals_count"
	IncludeClosedDealsCount            IncludeField = "closed_deals_count"
	IncludeRelatedClosedDealsCount     IncludeField = "related_closed_deals_count"
	IncludeParticipantOpenDealsCount   IncludeField = "participant_open_deals_count"
	IncludeParticipantClosedDealsCount IncludeField = "participant_closed_deals_count"
	IncludeEmailMessagesCount          IncludeField = "email_messages_count"
	IncludeActivitiesCount             IncludeField = "activities_count"
	IncludeDoneActivitiesCount         IncludeField = "done_activities_count"
	IncludeUndoneActivitiesCount       IncludeField = "undone_activities_count"
	IncludeFilesCount                  IncludeField = "files_count"
	IncludeNotesCount                  IncludeField = "notes_count"
	IncludeFollowersCount              IncludeField = "followers_count"
	IncludeWonDealsCount               IncludeField = "won_deals_count"
	IncludeRelatedWonDealsCount        IncludeField = "related_won_deals_count"
	IncludeLostDealsCount              IncludeField = "lost_deals_count"
	IncludeRelatedLostDealsCount       IncludeField = "related_lost_deals_count"
	IncludeLastIncomingMailTime        IncludeField = "last_incoming_mail_time"
	IncludeLastOutgoingMailTime        IncludeField = "last_outgoing_mail_time"
	// IncludeMarketingStatus and IncludeDOIStatus need the Campaigns add-on.
	IncludeMarketingStatus IncludeField = "marketing_status"
	IncludeDOIStatus       IncludeField = "doi_status"
	IncludeSmartBCCEmail   IncludeField = "smart_bcc_email"
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

// ListParams filter and page List. The zero value lists every person.
type ListParams struct {
	// FilterID applies a saved filter; the other filters are then ignored.
	FilterID int64 `url:"filter_id,omitempty"`
	// IDs fetches these persons only (at most 100).
	IDs     []int64 `url:"ids,omitempty,comma"`
	OwnerID int64   `url:"owner_id,omitempty"`
	OrgID   int64   `url:"org_id,omitempty"`
	DealID  int64   `url:"deal_id,omitempty"`
	// UpdatedSince keeps the persons whose update_time is at or after it
	// (inclusive). Pipedrive keeps update_time to the second, in UTC. The
	// SDK sends it as RFC 3339, to the second and in the time's own UTC
	// offset: a fraction of a second is dropped (t.UTC() sends the "Z" form
	// of Pipedrive's examples); the zero time sends nothing. To fetch what
	// changed since a previous sync, pass the largest update_time that sync
	// saw: records of that second come again, none is missed.
	UpdatedSince time.Time `url:"updated_since,omitempty"`
	// UpdatedUntil keeps the persons whose update_time is before it
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

// CreateParams is a new person. Name is required; nil pointers and empty
// values are not sent, so Pipedrive's defaults apply.
type CreateParams struct {
	Name    string `json:"name" pipedrive:"required"`
	OwnerID *int64 `json:"owner_id,omitempty"`
	OrgID   *int64 `json:"org_id,omitempty"`
	// AddTime back-dates the person's creation (for imports).
	AddTime   *time.Time      `json:"add_time,omitempty"`
	Emails    []ContactDetail `json:"emails,omitempty"`
	Phones    []ContactDetail `json:"phones,omitempty"`
	IMs       []ContactDetail `json:"im,omitempty"`
	VisibleTo crm.VisibleTo   `json:"visible_to,omitempty"`
	LabelIDs  []int64         `json:"label_ids,omitempty"`
	// PostalAddress, Notes, Birthday and JobTitle need contact sync
	// enabled for the company.
	PostalAddress   *crm.AddressParams `json:"postal_address,omitempty"`
	Notes           string             `json:"notes,omitempty"`
	Birthday        crm.Date           `json:"birthday,omitzero"`
	JobTitle        string             `json:"job_title,omitempty"`
	MarketingStatus MarketingStatus    `json:"marketing_status,omitempty"`
	// CustomFields sets custom field values by field code.
	CustomFields crm.CustomFields `json:"custom_fields,omitempty"`
	// CustomFieldsByName sets custom field values by field name (and
	// option labels), e.g. {"Hobby": "Chess", "Interests": []string{"Maths"}};
	// see crm.FieldValues. Create resolves them against the cached field
	// definitions; they win over CustomFields for the same field.
	CustomFieldsByName crm.FieldValues `json:"-"`
}

// UpdateParams change a person (PATCH): only non-nil pointers, non-empty
// values and non-nil slices are sent; a non-nil empty slice clears the
// list (LabelIDs: []int64{} removes every label).
//
// Clearing a field: API v2 declares none of a person's standard fields
// nullable, so none can be set to null (a zero Birthday, which would send
// null, is refused before sending); text fields take "" instead. Custom
// fields are cleared with null (CustomFields.Clear, or a nil value by
// name).
type UpdateParams struct {
	Name          *string            `json:"name,omitempty"`
	OwnerID       *int64             `json:"owner_id,omitempty"`
	OrgID         *int64             `json:"org_id,omitempty"`
	Emails        []ContactDetail    `json:"emails,omitzero"`
	Phones        []ContactDetail    `json:"phones,omitzero"`
	IMs           []ContactDetail    `json:"im,omitzero"`
	VisibleTo     crm.VisibleTo      `json:"visible_to,omitempty"`
	LabelIDs      []int64            `json:"label_ids,omitzero"`
	PostalAddress *crm.AddressParams `json:"postal_address,omitempty"`
	Notes         *string            `json:"notes,omitempty"`
	// Birthday is sent when non-nil; &crm.Date{} is refused (v2 cannot
	// clear it).
	Birthday *crm.Date `json:"birthday,omitempty"`
	JobTitle *string   `json:"job_title,omitempty"`
	// MarketingStatus can move away from "subscribed" but not back to it.
	MarketingStatus MarketingStatus `json:"marketing_status,omitempty"`
	// CustomFields sets custom field values by field code; a null value
	// (CustomFields.Clear) empties a field.
	CustomFields crm.CustomFields `json:"custom_fields,omitempty"`
	// CustomFieldsByName sets custom field values by field name, as for
	// CreateParams; a nil value empties the field.
	CustomFieldsByName crm.FieldValues `json:"-"`
}

// Validate refuses a zero Birthday before anything is sent: it would be
// sent as null, which API v2 does not take for birthday (the core calls
// it).
func (p *UpdateParams) Validate() error {
	if p.Birthday != nil && p.Birthday.IsZero() {
		return errors.New("API v2 cannot clear birthday (its schema is not nullable): a zero Birthday is not sent")
	}
	return nil
}

// SearchField is a person field a search can look in.
type SearchField string

// Searchable fields.
const (
	SearchName         SearchField = "name"
	SearchEmail        SearchField = "email"
	SearchPhone        SearchField = "phone"
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
	ExactMatch bool `url:"exact_match,omitempty"`
	// OrgID keeps persons of this organization only.
	OrgID int64 `url:"organization_id,omitempty"`
	// IncludePicture adds the persons' pictures to the results.
	IncludePicture bool   `url:"-"`
	Limit          int    `url:"limit,omitempty"`
	Cursor         string `url:"cursor,omitempty"`
}

// PictureParams describe a picture upload. Content and FileName are
// required; the crop, when set, selects the square of the image to keep
// (in pixels from the top left corner) and may not be negative.
type PictureParams struct {
	// Content is the image (JPEG, PNG or GIF), read once.
	Content io.Reader `pipedrive:"required"`
	// FileName is the name sent with the file, e.g. "ada.png".
	FileName string `pipedrive:"required"`
	// ContentType is the image's MIME type, e.g. "image/png"; when empty
	// it is guessed from FileName's extension.
	ContentType string
	CropX       *int
	CropY       *int
	CropWidth   *int
	CropHeight  *int
}

// Validate refuses a negative crop before anything is sent (the core
// calls it; Content and FileName are checked as required fields).
func (p *PictureParams) Validate() error {
	for _, f := range []struct {
		name string
		v    *int
	}{{"crop_x", p.CropX}, {"crop_y", p.CropY}, {"crop_width", p.CropWidth}, {"crop_height", p.CropHeight}} {
		if f.v != nil && *f.v < 0 {
			return fmt.Errorf("%s is negative (%d)", f.name, *f.v)
		}
	}
	return nil
}
