package crm

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// Note is a note attached to a deal, lead, person, organization, project
// or task, as the v1 notes endpoints (and webhooks) represent it. Content
// is HTML. The records it is attached to are ids, nil when none; the API
// adds their titles or names (Deal, Person, ...) and the author (User).
//
// It is defined here and aliased as notes.Note, so that code that only
// reads notes, such as a webhook receiver, does not link the API client
// or the rate limiter.
type Note struct {
	ID int64 `json:"id"`
	// Content is the note's text, as HTML sanitised by Pipedrive.
	Content string `json:"content"`
	// UserID is the note's author.
	UserID    int64   `json:"user_id"`
	DealID    *int64  `json:"deal_id"`
	LeadID    *string `json:"lead_id"`
	PersonID  *int64  `json:"person_id"`
	OrgID     *int64  `json:"org_id"`
	ProjectID *int64  `json:"project_id"`
	TaskID    *int64  `json:"task_id"`
	// Active is false for a deleted note.
	Active     bool       `json:"active_flag"`
	AddTime    time.Time  `json:"add_time"`
	UpdateTime *time.Time `json:"update_time"`
	// LastUpdateUserID is the user who changed the note last, nil if no
	// one has.
	LastUpdateUserID *int64 `json:"last_update_user_id"`

	// The Pinned flags say whether the note is pinned to the top of the
	// linked record's page.
	PinnedToLead         bool `json:"pinned_to_lead_flag"`
	PinnedToDeal         bool `json:"pinned_to_deal_flag"`
	PinnedToOrganization bool `json:"pinned_to_organization_flag"`
	PinnedToPerson       bool `json:"pinned_to_person_flag"`
	PinnedToProject      bool `json:"pinned_to_project_flag"`
	PinnedToTask         bool `json:"pinned_to_task_flag"`

	// The linked records' titles or names and the author, as the API adds
	// them for convenience; nil when the note has no such link.
	Deal         *NoteDeal         `json:"deal,omitempty"`
	Organization *NoteOrganization `json:"organization,omitempty"`
	Person       *NotePerson       `json:"person,omitempty"`
	Project      *NoteProject      `json:"project,omitempty"`
	Task         *NoteTask         `json:"task,omitempty"`
	User         *NoteUser         `json:"user,omitempty"`
}

// NoteDeal is the deal a note is attached to, by title.
type NoteDeal struct {
	Title string `json:"title"`
}

// NoteOrganization is the organization a note is attached to, by name.
type NoteOrganization struct {
	Name string `json:"name"`
}

// NotePerson is the person a note is attached to, by name.
type NotePerson struct {
	Name string `json:"name"`
}

// NoteProject is the project a note is attached to, by title.
type NoteProject struct {
	Title string `json:"title"`
}

// NoteTask is the task a note is attached to, by title.
type NoteTask struct {
	Title string `json:"title"`
}

// NoteUser is the author of a note.
type NoteUser struct {
	Name    string `json:"name"`
	Email   string `json:"email"`
	IconURL string `json:"icon_url,omitempty"`
	// IsYou is true when the author is the user the client acts for.
	IsYou bool `json:"is_you"`
}

// UnmarshalJSON implements json.Unmarshaler: v1 timestamps, 0/1 flags,
// ids as numbers, strings or v1 objects, "" for no lead.
func (n *Note) UnmarshalJSON(b []byte) error {
	type plain Note
	var aux struct {
		*plain
		UserID               jsonx.ID  `json:"user_id"`
		DealID               jsonx.ID  `json:"deal_id"`
		PersonID             jsonx.ID  `json:"person_id"`
		OrgID                jsonx.ID  `json:"org_id"`
		ProjectID            jsonx.ID  `json:"project_id"`
		TaskID               jsonx.ID  `json:"task_id"`
		LastUpdateUserID     jsonx.ID  `json:"last_update_user_id"`
		LeadID               *string   `json:"lead_id"`
		Active               flag      `json:"active_flag"`
		AddTime              Time      `json:"add_time"`
		UpdateTime           Time      `json:"update_time"`
		PinnedToLead         flag      `json:"pinned_to_lead_flag"`
		PinnedToDeal         flag      `json:"pinned_to_deal_flag"`
		PinnedToOrganization flag      `json:"pinned_to_organization_flag"`
		PinnedToPerson       flag      `json:"pinned_to_person_flag"`
		PinnedToProject      flag      `json:"pinned_to_project_flag"`
		PinnedToTask         flag      `json:"pinned_to_task_flag"`
		User                 *noteUser `json:"user"`
	}
	*n = Note{}
	aux.plain = (*plain)(n)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	n.UserID = int64(aux.UserID)
	n.DealID, n.PersonID, n.OrgID = aux.DealID.Ptr(), aux.PersonID.Ptr(), aux.OrgID.Ptr()
	n.ProjectID, n.TaskID, n.LastUpdateUserID = aux.ProjectID.Ptr(), aux.TaskID.Ptr(), aux.LastUpdateUserID.Ptr()
	if aux.LeadID != nil && *aux.LeadID != "" {
		n.LeadID = aux.LeadID
	}
	n.Active = bool(aux.Active)
	n.AddTime, n.UpdateTime = aux.AddTime.Time, aux.UpdateTime.Ptr()
	n.PinnedToLead, n.PinnedToDeal = bool(aux.PinnedToLead), bool(aux.PinnedToDeal)
	n.PinnedToOrganization, n.PinnedToPerson = bool(aux.PinnedToOrganization), bool(aux.PinnedToPerson)
	n.PinnedToProject, n.PinnedToTask = bool(aux.PinnedToProject), bool(aux.PinnedToTask)
	if aux.User != nil {
		n.User = &NoteUser{Name: aux.User.Name, Email: aux.User.Email, IconURL: aux.User.IconURL, IsYou: bool(aux.User.IsYou)}
	}
	return nil
}

// noteUser decodes NoteUser with a tolerant is_you (a boolean or 0/1).
type noteUser struct {
	Name    string `json:"name"`
	Email   string `json:"email"`
	IconURL string `json:"icon_url"`
	IsYou   flag   `json:"is_you"`
}

// NoteComment is a comment on a note.
type NoteComment struct {
	// ID is the comment's id, a UUID: what Comment, UpdateComment and
	// DeleteComment take.
	ID string `json:"uuid"`
	// Content is the comment's text (HTML).
	Content string `json:"content"`
	// ObjectID and ObjectType name what the comment is on: the note's id
	// and "note".
	ObjectID   int64  `json:"object_id"`
	ObjectType string `json:"object_type"`
	// UserID is the comment's author; UpdaterID who changed it last.
	UserID    int64 `json:"user_id"`
	UpdaterID int64 `json:"updater_id,omitempty"`
	CompanyID int64 `json:"company_id,omitempty"`
	// Active is false for a deleted comment.
	Active     bool       `json:"active_flag"`
	AddTime    time.Time  `json:"add_time"`
	UpdateTime *time.Time `json:"update_time"`
}

// UnmarshalJSON implements json.Unmarshaler: the object id as a string (as
// the API sends it) or a number, flags as booleans or 0/1, either
// timestamp form.
func (c *NoteComment) UnmarshalJSON(b []byte) error {
	type plain NoteComment
	var aux struct {
		*plain
		ObjectID   jsonx.ID `json:"object_id"`
		UserID     jsonx.ID `json:"user_id"`
		UpdaterID  jsonx.ID `json:"updater_id"`
		CompanyID  jsonx.ID `json:"company_id"`
		Active     flag     `json:"active_flag"`
		AddTime    Time     `json:"add_time"`
		UpdateTime Time     `json:"update_time"`
	}
	*c = NoteComment{}
	aux.plain = (*plain)(c)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	c.ObjectID, c.UserID = int64(aux.ObjectID), int64(aux.UserID)
	c.UpdaterID, c.CompanyID = int64(aux.UpdaterID), int64(aux.CompanyID)
	c.Active = bool(aux.Active)
	c.AddTime, c.UpdateTime = aux.AddTime.Time, aux.UpdateTime.Ptr()
	return nil
}

// Note decodes a note entry of a flow.
func (it *FlowItem) Note() (*Note, error) {
	if it.Object != "note" {
		return nil, fmt.Errorf("crm: flow entry is a %q, not a note", it.Object)
	}
	var n Note
	return &n, it.Decode(&n)
}
