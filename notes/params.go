package notes

import (
	"encoding/json"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
)

// Sort orders a note list: a note member, optionally followed by " ASC"
// or " DESC", several joined by commas ("pinned_to_deal_flag DESC,
// add_time DESC"). Only top-level members can be sorted by.
type Sort string

// Common note orders.
const (
	SortByAddTime    Sort = "add_time"
	SortByUpdateTime Sort = "update_time"
	SortNewestFirst  Sort = "add_time DESC"
)

// ListParams filter, sort and page List. The zero value lists every note
// the user may see.
type ListParams struct {
	// UserID keeps the notes written by this user.
	UserID int64 `url:"user_id,omitempty"`
	// The records whose notes to list.
	LeadID    string `url:"lead_id,omitempty"`
	DealID    int64  `url:"deal_id,omitempty"`
	PersonID  int64  `url:"person_id,omitempty"`
	OrgID     int64  `url:"org_id,omitempty"`
	ProjectID int64  `url:"project_id,omitempty"`
	TaskID    int64  `url:"task_id,omitempty"`
	// StartDate and EndDate bound the notes' add dates.
	StartDate crm.Date `url:"start_date,omitempty"`
	EndDate   crm.Date `url:"end_date,omitempty"`
	// UpdatedSince keeps the notes whose update_time is at or after it
	// (inclusive). Pipedrive keeps a note's update_time to the second, in
	// UTC (v1 shows it as "2006-01-02 15:04:05"). The SDK sends it as RFC
	// 3339 (this v1 endpoint takes the v2 form, not v1's), to the second and
	// in the time's own UTC offset: a fraction of a second is dropped
	// (t.UTC() sends the "Z" form of Pipedrive's examples); the zero time
	// sends nothing. To fetch what changed since a previous sync, pass the
	// largest update_time that sync saw: records of that second come again,
	// none is missed.
	UpdatedSince time.Time `url:"updated_since,omitempty"`
	// The Pinned filters keep notes pinned (Ptr(true)) or not pinned
	// (Ptr(false)) to that kind of record; nil does not filter.
	PinnedToLead         *bool `url:"pinned_to_lead_flag,omitempty,int"`
	PinnedToDeal         *bool `url:"pinned_to_deal_flag,omitempty,int"`
	PinnedToOrganization *bool `url:"pinned_to_organization_flag,omitempty,int"`
	PinnedToPerson       *bool `url:"pinned_to_person_flag,omitempty,int"`
	PinnedToProject      *bool `url:"pinned_to_project_flag,omitempty,int"`
	PinnedToTask         *bool `url:"pinned_to_task_flag,omitempty,int"`
	// Sort orders the notes, e.g. SortNewestFirst.
	Sort Sort `url:"sort,omitempty"`
	// Start is the offset of the first note: a previous page's NextStart.
	Start int `url:"start,omitempty"`
	// Limit is the page size (default 100, at most 500).
	Limit int `url:"limit,omitempty"`
}

// CreateParams is a new note. Content is required, and so is at least one
// record to attach it to (LeadID, DealID, PersonID, OrgID, ProjectID or
// TaskID); Create refuses params without them before sending.
type CreateParams struct {
	// Content is the note's text as HTML; Pipedrive sanitises it.
	Content   string `json:"content" pipedrive:"required"`
	LeadID    string `json:"lead_id,omitempty"`
	DealID    int64  `json:"deal_id,omitempty"`
	PersonID  int64  `json:"person_id,omitempty"`
	OrgID     int64  `json:"org_id,omitempty"`
	ProjectID int64  `json:"project_id,omitempty"`
	TaskID    int64  `json:"task_id,omitempty"`
	// UserID makes another user the note's author (admins only).
	UserID int64 `json:"user_id,omitempty"`
	// AddTime back-dates (or post-dates) the note.
	AddTime *time.Time `json:"-"`
	// The Pinned flags pin the note to the top of the linked record's page
	// (the matching id must be set too).
	PinnedToLead         *bool `json:"-"`
	PinnedToDeal         *bool `json:"-"`
	PinnedToOrganization *bool `json:"-"`
	PinnedToPerson       *bool `json:"-"`
	PinnedToProject      *bool `json:"-"`
	PinnedToTask         *bool `json:"-"`
}

// attached reports whether the note names a record to attach it to.
func (p *CreateParams) attached() bool {
	return p.LeadID != "" || p.DealID > 0 || p.PersonID > 0 || p.OrgID > 0 || p.ProjectID > 0 || p.TaskID > 0
}

// MarshalJSON implements json.Marshaler: add_time in v1's layout and the
// pinned flags as 0/1, as the API takes them.
func (p CreateParams) MarshalJSON() ([]byte, error) {
	type plain CreateParams
	return json.Marshal(struct {
		plain
		extras
	}{plain(p), extrasOf(p.AddTime, [6]*bool{p.PinnedToLead, p.PinnedToDeal, p.PinnedToOrganization,
		p.PinnedToPerson, p.PinnedToProject, p.PinnedToTask})})
}

// UpdateParams change a note: only non-empty values and non-nil pointers
// are sent. Moving a note to another record is done by setting its id.
type UpdateParams struct {
	Content   string `json:"content,omitempty"`
	LeadID    string `json:"lead_id,omitempty"`
	DealID    int64  `json:"deal_id,omitempty"`
	PersonID  int64  `json:"person_id,omitempty"`
	OrgID     int64  `json:"org_id,omitempty"`
	ProjectID int64  `json:"project_id,omitempty"`
	TaskID    int64  `json:"task_id,omitempty"`
	// UserID makes another user the note's author (admins only).
	UserID  int64      `json:"user_id,omitempty"`
	AddTime *time.Time `json:"-"`
	// The Pinned flags pin or unpin the note (Ptr(false) unpins it).
	PinnedToLead         *bool `json:"-"`
	PinnedToDeal         *bool `json:"-"`
	PinnedToOrganization *bool `json:"-"`
	PinnedToPerson       *bool `json:"-"`
	PinnedToProject      *bool `json:"-"`
	PinnedToTask         *bool `json:"-"`
}

// MarshalJSON implements json.Marshaler, as for CreateParams.
func (p UpdateParams) MarshalJSON() ([]byte, error) {
	type plain UpdateParams
	return json.Marshal(struct {
		plain
		extras
	}{plain(p), extrasOf(p.AddTime, [6]*bool{p.PinnedToLead, p.PinnedToDeal, p.PinnedToOrganization,
		p.PinnedToPerson, p.PinnedToProject, p.PinnedToTask})})
}

// extras are the body members whose wire form differs from Go's.
type extras struct {
	AddTime              string `json:"add_time,omitempty"`
	PinnedToLead         *int   `json:"pinned_to_lead_flag,omitempty"`
	PinnedToDeal         *int   `json:"pinned_to_deal_flag,omitempty"`
	PinnedToOrganization *int   `json:"pinned_to_organization_flag,omitempty"`
	PinnedToPerson       *int   `json:"pinned_to_person_flag,omitempty"`
	PinnedToProject      *int   `json:"pinned_to_project_flag,omitempty"`
	PinnedToTask         *int   `json:"pinned_to_task_flag,omitempty"`
}

func extrasOf(addTime *time.Time, pins [6]*bool) extras {
	var e extras
	if addTime != nil && !addTime.IsZero() {
		e.AddTime = addTime.UTC().Format(crm.LayoutV1)
	}
	out := [6]**int{&e.PinnedToLead, &e.PinnedToDeal, &e.PinnedToOrganization, &e.PinnedToPerson, &e.PinnedToProject, &e.PinnedToTask}
	for i, b := range pins {
		if b == nil {
			continue
		}
		n := 0
		if *b {
			n = 1
		}
		*out[i] = &n
	}
	return e
}

// CommentParams is the content of a comment (HTML), for AddComment and
// UpdateComment.
type CommentParams struct {
	Content string `json:"content" pipedrive:"required"`
}
