package deals

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// IncludeField names an optional deal property to include in responses.
type IncludeField string

// Optional deal properties (filled into the Deal fields of the same name).
const (
	IncludeNextActivityID        IncludeField = "next_activity_id"
	IncludeLastActivityID        IncludeField = "last_activity_id"
	IncludeFirstWonTime          IncludeField = "first_won_time"
	IncludeProductsCount         IncludeField = "products_count"
	IncludeFilesCount            IncludeField = "files_count"
	IncludeNotesCount            IncludeField = "notes_count"
	IncludeFollowersCount        IncludeField = "followers_count"
	IncludeEmailMessagesCount    IncludeField = "email_messages_count"
	IncludeActivitiesCount       IncludeField = "activities_count"
	IncludeDoneActivitiesCount   IncludeField = "done_activities_count"
	IncludeUndoneActivitiesCount IncludeField = "undone_activities_count"
	IncludeParticipantsCount     IncludeField = "participants_count"
	IncludeLastIncomingMailTime  IncludeField = "last_incoming_mail_time"
	IncludeLastOutgoingMailTime  IncludeField = "last_outgoing_mail_time"
	IncludeSmartBCCEmail         IncludeField = "smart_bcc_email"
	IncludeSourceLeadID          IncludeField = "source_lead_id"
)

// ListParams filter and page the deal list. The zero value lists every
// deal that is not deleted.
type ListParams struct {
	// FilterID applies a saved filter; the other filters are then ignored.
	FilterID int64 `url:"filter_id,omitempty"`
	// IDs fetches up to 100 deals by id.
	IDs        []int64 `url:"ids,omitempty,comma"`
	OwnerID    int64   `url:"owner_id,omitempty"`
	PersonID   int64   `url:"person_id,omitempty"`
	OrgID      int64   `url:"org_id,omitempty"`
	PipelineID int64   `url:"pipeline_id,omitempty"`
	StageID    int64   `url:"stage_id,omitempty"`
	// Status limits the list to one status; StatusDeleted lists deleted
	// deals.
	Status Status `url:"status,omitempty"`
	// UpdatedSince keeps the deals whose update_time is at or after it
	// (inclusive). Pipedrive keeps update_time to the second, in UTC. The
	// SDK sends it as RFC 3339, to the second and in the time's own UTC
	// offset: a fraction of a second is dropped (t.UTC() sends the "Z" form
	// of Pipedrive's examples); the zero time sends nothing. To fetch what
	// changed since a previous sync, pass the largest update_time that sync
	// saw: records of that second come again, none is missed.
	UpdatedSince time.Time `url:"updated_since,omitempty"`
	// UpdatedUntil keeps the deals whose update_time is before it
	// (exclusive), encoded as UpdatedSince is: the dropped fraction moves
	// the bound to the whole second (10:20:00.7 leaves out what was updated
	// at 10:20:00).
	UpdatedUntil time.Time `url:"updated_until,omitempty"`
	// SortBy is crm.SortByID (default), crm.SortByUpdateTime or
	// crm.SortByAddTime.
	SortBy        crm.SortField     `url:"sort_by,omitempty"`
	SortDirection crm.SortDirection `url:"sort_direction,omitempty"`
	// IncludeFields asks for optional properties.
	IncludeFields []IncludeField `url:"include_fields,omitempty,comma"`
	// CustomFields limits the custom fields returned to these codes (at
	// most 15), for smaller responses.
	CustomFields []string `url:"custom_fields,omitempty,comma"`
	// IncludeOptionLabels returns option values as {id, label} objects
	// (CustomFields' accessors read both forms).
	IncludeOptionLabels bool `url:"include_option_labels,omitempty"`
	// IncludeLabels fills Deal.Labels.
	IncludeLabels bool `url:"include_labels,omitempty"`
	// Limit is the page size (default 100, at most 500).
	Limit int `url:"limit,omitempty"`
	// Cursor continues from a previous page's NextCursor.
	Cursor string `url:"cursor,omitempty"`
}

// ArchivedListParams filter and page the archived deal list.
type ArchivedListParams struct {
	FilterID   int64   `url:"filter_id,omitempty"`
	IDs        []int64 `url:"ids,omitempty,comma"`
	OwnerID    int64   `url:"owner_id,omitempty"`
	PersonID   int64   `url:"person_id,omitempty"`
	OrgID      int64   `url:"org_id,omitempty"`
	PipelineID int64   `url:"pipeline_id,omitempty"`
	StageID    int64   `url:"stage_id,omitempty"`
	Status     Status  `url:"status,omitempty"`
	// UpdatedSince keeps the deals whose update_time is at or after it
	// (inclusive). Pipedrive keeps update_time to the second, in UTC. The
	// SDK sends it as RFC 3339, to the second and in the time's own UTC
	// offset: a fraction of a second is dropped (t.UTC() sends the "Z" form
	// of Pipedrive's examples); the zero time sends nothing. To fetch what
	// changed since a previous sync, pass the largest update_time that sync
	// saw: records of that second come again, none is missed.
	UpdatedSince time.Time `url:"updated_since,omitempty"`
	// UpdatedUntil keeps the deals whose update_time is before it
	// (exclusive), encoded as UpdatedSince is: the dropped fraction moves
	// the bound to the whole second (10:20:00.7 leaves out what was updated
	// at 10:20:00).
	UpdatedUntil  time.Time         `url:"updated_until,omitempty"`
	SortBy        crm.SortField     `url:"sort_by,omitempty"`
	SortDirection crm.SortDirection `url:"sort_direction,omitempty"`
	Limit         int               `url:"limit,omitempty"`
	Cursor        string            `url:"cursor,omitempty"`
}

// GetParams shape a fetched deal.
type GetParams struct {
	IncludeFields       []IncludeField `url:"include_fields,omitempty,comma"`
	CustomFields        []string       `url:"custom_fields,omitempty,comma"`
	IncludeOptionLabels bool           `url:"include_option_labels,omitempty"`
	IncludeLabels       bool           `url:"include_labels,omitempty"`
}

// CreateParams is a new deal. Title is required; nil pointers and empty
// values are not sent, so Pipedrive's defaults apply.
type CreateParams struct {
	Title      string   `json:"title" pipedrive:"required"`
	OwnerID    *int64   `json:"owner_id,omitempty"`
	PersonID   *int64   `json:"person_id,omitempty"`
	OrgID      *int64   `json:"org_id,omitempty"`
	PipelineID *int64   `json:"pipeline_id,omitempty"`
	StageID    *int64   `json:"stage_id,omitempty"`
	Value      *float64 `json:"value,omitempty"`
	// Currency is an ISO 4217 code; the company's default when empty.
	Currency    string        `json:"currency,omitempty"`
	Status      Status        `json:"status,omitempty"`
	Probability *float64      `json:"probability,omitempty"`
	LostReason  *string       `json:"lost_reason,omitempty"`
	VisibleTo   crm.VisibleTo `json:"visible_to,omitempty"`
	IsArchived  *bool         `json:"is_archived,omitempty"`
	// ArchiveTime, CloseTime, WonTime and LostTime back-date events; they
	// are accepted only in the matching status.
	ArchiveTime *time.Time `json:"-"`
	CloseTime   *time.Time `json:"close_time,omitempty"`
	WonTime     *time.Time `json:"won_time,omitempty"`
	LostTime    *time.Time `json:"lost_time,omitempty"`
	// ExpectedCloseDate is sent when non-nil; a zero Date is refused
	// (leave it nil for no date).
	ExpectedCloseDate *crm.Date `json:"expected_close_date,omitempty"`
	LabelIDs          []int64   `json:"label_ids,omitempty"`
	// CustomFields are custom field values by field code.
	CustomFields crm.CustomFields `json:"custom_fields,omitempty"`
	// CustomFieldsByName are custom field values by field name, resolved
	// against the company's field definitions (fetched once per client)
	// and merged into CustomFields before sending: e.g.
	// crm.FieldValues{"Budget": crm.Money(5000, "EUR"), "Tier": "Enterprise"}.
	CustomFieldsByName crm.FieldValues `json:"-"`
}

// Validate refuses a zero ExpectedCloseDate before anything is sent: it
// would be sent as null, which the API does not take (the core calls it).
func (p *CreateParams) Validate() error {
	if p.ExpectedCloseDate != nil && p.ExpectedCloseDate.IsZero() {
		return errors.New("a zero ExpectedCloseDate would be sent as null, which expected_close_date does not take: leave it nil")
	}
	return nil
}

// MarshalJSON implements json.Marshaler: archive_time goes in the
// "2006-01-02 15:04:05" UTC form the API asks for.
func (p CreateParams) MarshalJSON() ([]byte, error) {
	type plain CreateParams
	return json.Marshal(struct {
		plain
		ArchiveTime string `json:"archive_time,omitempty"`
	}{plain(p), v1Time(p.ArchiveTime)})
}

// ClearableField is a standard deal field that an update can empty: one
// that API v2 declares nullable. UpdateParams.Clear sends each as null.
type ClearableField string

// The deal fields an update can clear.
const (
	ClearCloseTime   ClearableField = "close_time"
	ClearLostReason  ClearableField = "lost_reason"
	ClearProbability ClearableField = "probability"
)

// UpdateParams change a deal (PATCH): only non-nil pointers, non-empty
// values and non-nil slices are sent.
//
// Clearing a field: API v2 takes null only for the fields it declares
// nullable, the standard ones listed by ClearableField (put them in Clear)
// and custom fields (CustomFields.Clear, or a nil value by name). Other
// standard fields cannot be emptied through v2: a zero ExpectedCloseDate,
// which would send null, is refused before sending.
type UpdateParams struct {
	Title       string        `json:"title,omitempty"`
	OwnerID     *int64        `json:"owner_id,omitempty"`
	PersonID    *int64        `json:"person_id,omitempty"`
	OrgID       *int64        `json:"org_id,omitempty"`
	PipelineID  *int64        `json:"pipeline_id,omitempty"`
	StageID     *int64        `json:"stage_id,omitempty"`
	Value       *float64      `json:"value,omitempty"`
	Currency    string        `json:"currency,omitempty"`
	Status      Status        `json:"status,omitempty"`
	Probability *float64      `json:"probability,omitempty"`
	LostReason  *string       `json:"lost_reason,omitempty"`
	VisibleTo   crm.VisibleTo `json:"visible_to,omitempty"`
	IsArchived  *bool         `json:"is_archived,omitempty"`
	IsDeleted   *bool         `json:"is_deleted,omitempty"`
	ArchiveTime *time.Time    `json:"-"`
	CloseTime   *time.Time    `json:"close_time,omitempty"`
	WonTime     *time.Time    `json:"won_time,omitempty"`
	LostTime    *time.Time    `json:"lost_time,omitempty"`
	// ExpectedCloseDate is sent when non-nil. API v2 cannot clear it (its
	// schema is not nullable): &crm.Date{} is refused before sending.
	ExpectedCloseDate *crm.Date `json:"expected_close_date,omitempty"`
	// LabelIDs replaces the labels when non-nil; an empty, non-nil slice
	// removes them all.
	LabelIDs []int64 `json:"-"`
	// CustomFields are custom field values by code; Clear(code) empties
	// one.
	CustomFields crm.CustomFields `json:"custom_fields,omitempty"`
	// CustomFieldsByName are custom field values by name (see
	// CreateParams); a nil value clears the field.
	CustomFieldsByName crm.FieldValues `json:"-"`
	// Clear lists the standard fields to empty (sent as null); a field
	// may not be both set and cleared.
	Clear []ClearableField `json:"-" pipedrive:"clear"`
}

// Validate refuses, before anything is sent, a zero ExpectedCloseDate
// (v2 cannot clear it), an unknown ClearableField, and a field both set
// and cleared (the core calls it).
func (p *UpdateParams) Validate() error {
	if p.ExpectedCloseDate != nil && p.ExpectedCloseDate.IsZero() {
		return errors.New("API v2 cannot clear expected_close_date (its schema is not nullable): a zero ExpectedCloseDate is not sent")
	}
	for _, f := range p.Clear {
		var set bool
		switch f {
		case ClearCloseTime:
			set = p.CloseTime != nil
		case ClearLostReason:
			set = p.LostReason != nil
		case ClearProbability:
			set = p.Probability != nil
		default:
			return fmt.Errorf("%q is not a deal field an update can clear", f)
		}
		if set {
			return fmt.Errorf("%s is both set and cleared", f)
		}
	}
	return nil
}

// MarshalJSON implements json.Marshaler (archive_time's form, label_ids
// sent whenever non-nil, and the Clear fields as null).
func (p UpdateParams) MarshalJSON() ([]byte, error) {
	type plain UpdateParams
	var labels *[]int64
	if p.LabelIDs != nil {
		labels = &p.LabelIDs
	}
	b, err := json.Marshal(struct {
		plain
		ArchiveTime string   `json:"archive_time,omitempty"`
		LabelIDs    *[]int64 `json:"label_ids,omitempty"`
	}{plain(p), v1Time(p.ArchiveTime), labels})
	if err != nil || len(p.Clear) == 0 {
		return b, err
	}
	keys := make([]string, len(p.Clear))
	for i, f := range p.Clear {
		keys[i] = string(f)
	}
	return jsonx.WithNulls(b, keys)
}

func v1Time(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format(crm.LayoutV1)
}

// SearchField is a deal property a search looks in.
type SearchField string

// Searchable deal properties.
const (
	SearchCustomFields SearchField = "custom_fields"
	SearchNotes        SearchField = "notes"
	SearchTitle        SearchField = "title"
)

// SearchParams describe a deal search. Term is required (2 characters at
// least, or 1 with ExactMatch).
type SearchParams struct {
	Term string `url:"term" pipedrive:"required"`
	// Fields limits where to look; all of them when empty.
	Fields     []SearchField `url:"fields,omitempty,comma"`
	ExactMatch bool          `url:"exact_match,omitempty"`
	PersonID   int64         `url:"person_id,omitempty"`
	OrgID      int64         `url:"organization_id,omitempty"`
	// Status is open, won or lost (StatusDeleted is refused before
	// sending: it is only a list filter).
	Status Status `url:"status,omitempty"`
	// IncludeCCEmail fills SearchItem.CCEmail.
	IncludeCCEmail bool   `url:"-"`
	Limit          int    `url:"limit,omitempty"`
	Cursor         string `url:"cursor,omitempty"`
}

// Validate refuses StatusDeleted before anything is sent: the search
// takes only open, won and lost (the core calls it).
func (p *SearchParams) Validate() error {
	if p != nil && p.Status == StatusDeleted {
		return errDeletedFilter
	}
	return nil
}

// errDeletedFilter refuses StatusDeleted where only the deal list takes it.
var errDeletedFilter = errors.New("status deleted is only a filter of the deal lists; this operation takes open, won or lost")

// searchQuery is SearchParams on the wire.
type searchQuery struct {
	*SearchParams
	Include string `url:"include_fields,omitempty"`
}

// SearchItem is a deal found by a search.
type SearchItem struct {
	ID           int64         `json:"id"`
	Type         string        `json:"type"`
	Title        string        `json:"title"`
	Value        float64       `json:"value"`
	Currency     string        `json:"currency"`
	Status       Status        `json:"status"`
	VisibleTo    crm.VisibleTo `json:"visible_to"`
	Owner        crm.IDName    `json:"owner"`
	Stage        crm.IDName    `json:"stage"`
	Person       *crm.IDName   `json:"person"`
	Organization *crm.IDName   `json:"organization"`
	// CustomFields and Notes are the matching custom field values and
	// notes, as text.
	CustomFields []string `json:"custom_fields"`
	Notes        []string `json:"notes"`
	IsArchived   bool     `json:"is_archived"`
	CCEmail      string   `json:"cc_email,omitempty"`
}
