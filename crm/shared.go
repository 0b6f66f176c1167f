package crm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// PageParams are the query parameters of a plain cursor-paginated list
// (followers, follower changelogs, v1 changelogs).
type PageParams struct {
	// Limit is the page size (default 100, at most 500).
	Limit int `url:"limit,omitempty"`
	// Cursor continues from a previous page's NextCursor.
	Cursor string `url:"cursor,omitempty"`
}

// Follower is a user who follows a record.
type Follower struct {
	UserID  int64     `json:"user_id"`
	AddTime time.Time `json:"add_time"`
}

// UnmarshalJSON implements json.Unmarshaler (either timestamp form).
func (f *Follower) UnmarshalJSON(b []byte) error {
	type plain Follower
	var aux struct {
		*plain
		AddTime Time `json:"add_time"`
	}
	aux.plain = (*plain)(f)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	f.AddTime = aux.AddTime.Time
	return nil
}

// FollowerAction is what happened to a follower.
type FollowerAction string

// Follower changelog actions.
const (
	FollowerAdded   FollowerAction = "added"
	FollowerRemoved FollowerAction = "removed"
)

// FollowerChange is one entry of a record's followers changelog.
type FollowerChange struct {
	Action         FollowerAction `json:"action"`
	ActorUserID    int64          `json:"actor_user_id"`
	FollowerUserID int64          `json:"follower_user_id"`
	Time           time.Time      `json:"time"`
}

// UnmarshalJSON implements json.Unmarshaler (either timestamp form).
func (c *FollowerChange) UnmarshalJSON(b []byte) error {
	type plain FollowerChange
	var aux struct {
		*plain
		Time Time `json:"time"`
	}
	aux.plain = (*plain)(c)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	c.Time = aux.Time.Time
	return nil
}

// ChangelogEntry is one change of a field value of a record (the v1
// changelog endpoints).
type ChangelogEntry struct {
	// FieldKey is the changed field's code.
	FieldKey string `json:"field_key"`
	// OldValue and NewValue are the values before and after, as text;
	// nil when empty.
	OldValue    *string   `json:"old_value"`
	NewValue    *string   `json:"new_value"`
	ActorUserID int64     `json:"actor_user_id"`
	Time        time.Time `json:"time"`
	// ChangeSource is where the change came from: "app", "mobile", "api"...
	ChangeSource          *string `json:"change_source"`
	ChangeSourceUserAgent *string `json:"change_source_user_agent"`
	IsBulkUpdate          bool    `json:"is_bulk_update_flag"`
}

// UnmarshalJSON implements json.Unmarshaler: v1 timestamps, and values
// sent as numbers or objects kept as their JSON text.
func (e *ChangelogEntry) UnmarshalJSON(b []byte) error {
	type plain ChangelogEntry
	var aux struct {
		*plain
		OldValue     json.RawMessage `json:"old_value"`
		NewValue     json.RawMessage `json:"new_value"`
		Time         Time            `json:"time"`
		IsBulkUpdate flag            `json:"is_bulk_update_flag"`
	}
	aux.plain = (*plain)(e)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	e.OldValue, e.NewValue = textOf(aux.OldValue), textOf(aux.NewValue)
	e.Time = aux.Time.Time
	e.IsBulkUpdate = bool(aux.IsBulkUpdate)
	return nil
}

// textOf returns a JSON value as text: strings unquoted, other values in
// their JSON form, nil for absent or null.
func textOf(raw json.RawMessage) *string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || isNull(raw) {
		return nil
	}
	var s string
	if raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
		return &s
	}
	s = string(raw)
	return &s
}

// flag decodes the booleans v1 sends as true/false, 0/1, "0"/"1" or null.
type flag bool

// UnmarshalJSON implements json.Unmarshaler.
func (f *flag) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(bytes.TrimSpace(b)), `"`)
	switch s {
	case "true", "1":
		*f = true
	case "false", "0", "null", "":
		*f = false
	default:
		if n, err := strconv.ParseFloat(s, 64); err == nil {
			*f = n != 0
			return nil
		}
		return fmt.Errorf("crm: %.20q is not a boolean", s)
	}
	return nil
}

// File is a file attached to a record (the v1 files endpoints).
type File struct {
	ID         int64     `json:"id"`
	UserID     int64     `json:"user_id"`
	DealID     int64     `json:"deal_id,omitempty"`
	PersonID   int64     `json:"person_id,omitempty"`
	OrgID      int64     `json:"org_id,omitempty"`
	ProductID  int64     `json:"product_id,omitempty"`
	ActivityID int64     `json:"activity_id,omitempty"`
	LeadID     string    `json:"lead_id,omitempty"`
	AddTime    time.Time `json:"add_time"`
	UpdateTime time.Time `json:"update_time"`
	// FileName is the name the file was uploaded with; Name is the name
	// shown in Pipedrive.
	FileName string `json:"file_name"`
	Name     string `json:"name"`
	// FileType is the kind of file as Pipedrive classifies it ("img",
	// "pdf", ...).
	FileType string `json:"file_type,omitempty"`
	FileSize int64  `json:"file_size"`
	Active   bool   `json:"active_flag"`
	Inline   bool   `json:"inline_flag"`
	// RemoteLocation ("googledrive") and RemoteID describe files kept
	// outside Pipedrive.
	RemoteLocation string `json:"remote_location,omitempty"`
	RemoteID       string `json:"remote_id,omitempty"`
	// CID is the content id of an inline attachment.
	CID            string `json:"cid,omitempty"`
	S3Bucket       string `json:"s3_bucket,omitempty"`
	MailMessageID  string `json:"mail_message_id,omitempty"`
	MailTemplateID string `json:"mail_template_id,omitempty"`
	DealName       string `json:"deal_name,omitempty"`
	PersonName     string `json:"person_name,omitempty"`
	OrgName        string `json:"org_name,omitempty"`
	ProductName    string `json:"product_name,omitempty"`
	LeadName       string `json:"lead_name,omitempty"`
	// URL downloads the file (with the client's credentials).
	URL         string `json:"url,omitempty"`
	Description string `json:"description,omitempty"`
	// ProjectID and ProjectName are set for files attached to a project.
	ProjectID   int64  `json:"project_id,omitempty"`
	ProjectName string `json:"project_name,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler: v1 timestamps and flags.
func (f *File) UnmarshalJSON(b []byte) error {
	type plain File
	var aux struct {
		*plain
		AddTime    Time            `json:"add_time"`
		UpdateTime Time            `json:"update_time"`
		Active     flag            `json:"active_flag"`
		Inline     flag            `json:"inline_flag"`
		LeadID     json.RawMessage `json:"lead_id"`
		Mail       json.RawMessage `json:"mail_message_id"`
		Template   json.RawMessage `json:"mail_template_id"`
		RemoteID   json.RawMessage `json:"remote_id"`
	}
	aux.plain = (*plain)(f)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	f.AddTime, f.UpdateTime = aux.AddTime.Time, aux.UpdateTime.Time
	f.Active, f.Inline = bool(aux.Active), bool(aux.Inline)
	f.LeadID, f.MailMessageID = deref(textOf(aux.LeadID)), deref(textOf(aux.Mail))
	f.MailTemplateID, f.RemoteID = deref(textOf(aux.Template)), deref(textOf(aux.RemoteID))
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// MailParty is a sender or recipient of a mail message.
type MailParty struct {
	ID                 int64  `json:"id"`
	EmailAddress       string `json:"email_address"`
	Name               string `json:"name"`
	LinkedPersonID     int64  `json:"linked_person_id,omitempty"`
	LinkedPersonName   string `json:"linked_person_name,omitempty"`
	MailMessagePartyID int64  `json:"mail_message_party_id,omitempty"`
	// LinkedOrganizationID is the organization of the linked person, nil
	// when none (mail threads only).
	LinkedOrganizationID *int64 `json:"linked_organization_id,omitempty"`
	// LatestSent and MessageTime say, in a mail thread's parties, whether
	// this party sent the thread's latest message and when its latest
	// message was (the API sends milliseconds since the Unix epoch).
	LatestSent  bool      `json:"latest_sent,omitempty"`
	MessageTime time.Time `json:"message_time,omitzero"`
}

// UnmarshalJSON implements json.Unmarshaler: ids sent as strings, and
// message_time as milliseconds since the Unix epoch or as a timestamp.
func (p *MailParty) UnmarshalJSON(b []byte) error {
	type plain MailParty
	var aux struct {
		*plain
		LinkedOrganizationID jsonx.ID        `json:"linked_organization_id"`
		LatestSent           flag            `json:"latest_sent"`
		MessageTime          json.RawMessage `json:"message_time"`
	}
	aux.plain = (*plain)(p)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	p.LinkedOrganizationID, p.LatestSent = aux.LinkedOrganizationID.Ptr(), bool(aux.LatestSent)
	p.MessageTime = time.Time{}
	if raw := bytes.TrimSpace(aux.MessageTime); len(raw) > 0 && !isNull(raw) {
		if raw[0] == '"' {
			var t Time
			if err := json.Unmarshal(raw, &t); err == nil {
				p.MessageTime = t.Time
				return nil
			}
		}
		ms, err := jsonx.Int(raw)
		if err != nil {
			return fmt.Errorf("crm: mail party message_time %.40s is neither epoch milliseconds nor a timestamp", raw)
		}
		if ms != 0 {
			p.MessageTime = time.UnixMilli(ms).UTC()
		}
	}
	return nil
}

// MailMessage is a mail message linked to a record (the v1 mailMessages
// endpoints).
type MailMessage struct {
	ID   int64       `json:"id"`
	From []MailParty `json:"from"`
	To   []MailParty `json:"to"`
	CC   []MailParty `json:"cc"`
	BCC  []MailParty `json:"bcc"`
	// BodyURL fetches the body; Body is only filled when asked for.
	BodyURL      string `json:"body_url,omitempty"`
	Body         string `json:"body,omitempty"`
	AccountID    string `json:"account_id,omitempty"`
	UserID       int64  `json:"user_id"`
	MailThreadID int64  `json:"mail_thread_id"`
	Subject      string `json:"subject"`
	// Snippet is the start of the body (up to 225 characters).
	Snippet string `json:"snippet"`
	// TrackingStatus is "opened", "not opened", or "" when tracking is off.
	TrackingStatus      string `json:"mail_tracking_status,omitempty"`
	LinkTrackingEnabled bool   `json:"mail_link_tracking_enabled_flag"`
	Read                bool   `json:"read_flag"`
	// Draft holds the draft as JSON when the message is a draft.
	Draft                string    `json:"draft,omitempty"`
	IsDraft              bool      `json:"draft_flag"`
	Synced               bool      `json:"synced_flag"`
	Deleted              bool      `json:"deleted_flag"`
	ExternalDeleted      bool      `json:"external_deleted_flag"`
	HasBody              bool      `json:"has_body_flag"`
	Sent                 bool      `json:"sent_flag"`
	SentFromPipedrive    bool      `json:"sent_from_pipedrive_flag"`
	SmartBCC             bool      `json:"smart_bcc_flag"`
	HasAttachments       bool      `json:"has_attachments_flag"`
	HasInlineAttachments bool      `json:"has_inline_attachments_flag"`
	HasRealAttachments   bool      `json:"has_real_attachments_flag"`
	MessageTime          time.Time `json:"message_time"`
	AddTime              time.Time `json:"add_time"`
	UpdateTime           time.Time `json:"update_time"`
	Timestamp            time.Time `json:"timestamp"`
	NylasID              string    `json:"nylas_id,omitempty"`
	S3Bucket             string    `json:"s3_bucket,omitempty"`
	S3BucketPath         string    `json:"s3_bucket_path,omitempty"`
	MUAMessageID         string    `json:"mua_message_id,omitempty"`
	TemplateID           *int64    `json:"template_id,omitempty"`
	ItemType             string    `json:"item_type,omitempty"`
	CompanyID            int64     `json:"company_id,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler: 0/1 flags and either
// timestamp form.
func (m *MailMessage) UnmarshalJSON(b []byte) error {
	type plain MailMessage
	var aux struct {
		*plain
		LinkTrackingEnabled  flag `json:"mail_link_tracking_enabled_flag"`
		Read                 flag `json:"read_flag"`
		IsDraft              flag `json:"draft_flag"`
		Synced               flag `json:"synced_flag"`
		Deleted              flag `json:"deleted_flag"`
		ExternalDeleted      flag `json:"external_deleted_flag"`
		HasBody              flag `json:"has_body_flag"`
		Sent                 flag `json:"sent_flag"`
		SentFromPipedrive    flag `json:"sent_from_pipedrive_flag"`
		SmartBCC             flag `json:"smart_bcc_flag"`
		HasAttachments       flag `json:"has_attachments_flag"`
		HasInlineAttachments flag `json:"has_inline_attachments_flag"`
		HasRealAttachments   flag `json:"has_real_attachments_flag"`
		MessageTime          Time `json:"message_time"`
		AddTime              Time `json:"add_time"`
		UpdateTime           Time `json:"update_time"`
		Timestamp            Time `json:"timestamp"`
	}
	aux.plain = (*plain)(m)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	m.LinkTrackingEnabled, m.Read, m.IsDraft = bool(aux.LinkTrackingEnabled), bool(aux.Read), bool(aux.IsDraft)
	m.Synced, m.Deleted, m.ExternalDeleted = bool(aux.Synced), bool(aux.Deleted), bool(aux.ExternalDeleted)
	m.HasBody, m.Sent, m.SentFromPipedrive = bool(aux.HasBody), bool(aux.Sent), bool(aux.SentFromPipedrive)
	m.SmartBCC, m.HasAttachments = bool(aux.SmartBCC), bool(aux.HasAttachments)
	m.HasInlineAttachments, m.HasRealAttachments = bool(aux.HasInlineAttachments), bool(aux.HasRealAttachments)
	m.MessageTime, m.AddTime, m.UpdateTime, m.Timestamp = aux.MessageTime.Time, aux.AddTime.Time, aux.UpdateTime.Time, aux.Timestamp.Time
	return nil
}

// MailMessageItem is one entry of a record's mail message list: the
// message and when it was linked.
type MailMessageItem struct {
	Object    string      `json:"object"`
	Timestamp time.Time   `json:"timestamp"`
	Message   MailMessage `json:"data"`
}

// UnmarshalJSON implements json.Unmarshaler (either timestamp form).
func (it *MailMessageItem) UnmarshalJSON(b []byte) error {
	type plain MailMessageItem
	var aux struct {
		*plain
		Timestamp Time `json:"timestamp"`
	}
	aux.plain = (*plain)(it)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	it.Timestamp = aux.Timestamp.Time
	return nil
}

// FlowItem is one entry of a record's updates flow (the v1 flow
// endpoints): a field change, note, activity, mail message, file, ...
// Object says which; Data holds it as sent. The accessors decode the
// kinds this package types; Decode takes any other.
type FlowItem struct {
	// Object is the kind of entry: "dealChange", "personChange",
	// "organizationChange", "note", "activity", "plannedActivity",
	// "mailMessage", "mailMessageWithAttachment", "file", "invoice",
	// "document", "call", "participant", "follower", ...
	Object    string          `json:"object"`
	Timestamp time.Time       `json:"timestamp"`
	Data      json.RawMessage `json:"data"`
}

// UnmarshalJSON implements json.Unmarshaler (either timestamp form).
func (it *FlowItem) UnmarshalJSON(b []byte) error {
	type plain FlowItem
	var aux struct {
		*plain
		Timestamp Time `json:"timestamp"`
	}
	aux.plain = (*plain)(it)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	it.Timestamp = aux.Timestamp.Time
	return nil
}

// IsChange reports whether the entry is a field change (dealChange,
// personChange, organizationChange, ...).
func (it *FlowItem) IsChange() bool { return strings.HasSuffix(it.Object, "Change") }

// Change decodes a field-change entry.
func (it *FlowItem) Change() (*FlowChange, error) {
	if !it.IsChange() {
		return nil, fmt.Errorf("crm: flow entry is a %q, not a change", it.Object)
	}
	var c FlowChange
	return &c, it.Decode(&c)
}

// MailMessage decodes a mail message entry.
func (it *FlowItem) MailMessage() (*MailMessage, error) {
	if !strings.HasPrefix(it.Object, "mailMessage") {
		return nil, fmt.Errorf("crm: flow entry is a %q, not a mail message", it.Object)
	}
	var m MailMessage
	return &m, it.Decode(&m)
}

// File decodes a file entry.
func (it *FlowItem) File() (*File, error) {
	if it.Object != "file" {
		return nil, fmt.Errorf("crm: flow entry is a %q, not a file", it.Object)
	}
	var f File
	return &f, it.Decode(&f)
}

// Decode decodes Data into v (a pointer).
func (it *FlowItem) Decode(v any) error {
	if len(it.Data) == 0 {
		return fmt.Errorf("crm: flow entry %q has no data", it.Object)
	}
	if err := json.Unmarshal(it.Data, v); err != nil {
		return fmt.Errorf("crm: flow entry %q: %w", it.Object, err)
	}
	return nil
}

// FlowChange is a field change in a record's updates flow.
type FlowChange struct {
	ID       int64  `json:"id"`
	ItemID   int64  `json:"item_id"`
	UserID   int64  `json:"user_id"`
	FieldKey string `json:"field_key"`
	// OldValue and NewValue are the values as sent (a number, a string,
	// null...).
	OldValue              json.RawMessage `json:"old_value"`
	NewValue              json.RawMessage `json:"new_value"`
	IsBulkUpdate          bool            `json:"is_bulk_update_flag"`
	LogTime               time.Time       `json:"log_time"`
	ChangeSource          string          `json:"change_source,omitempty"`
	ChangeSourceUserAgent string          `json:"change_source_user_agent,omitempty"`
	// AdditionalData holds extras such as new_value_formatted.
	AdditionalData json.RawMessage `json:"additional_data,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler: v1 timestamps and flags.
func (c *FlowChange) UnmarshalJSON(b []byte) error {
	type plain FlowChange
	var aux struct {
		*plain
		IsBulkUpdate flag            `json:"is_bulk_update_flag"`
		LogTime      Time            `json:"log_time"`
		Source       json.RawMessage `json:"change_source"`
		Agent        json.RawMessage `json:"change_source_user_agent"`
	}
	aux.plain = (*plain)(c)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	c.IsBulkUpdate, c.LogTime = bool(aux.IsBulkUpdate), aux.LogTime.Time
	c.ChangeSource, c.ChangeSourceUserAgent = deref(textOf(aux.Source)), deref(textOf(aux.Agent))
	return nil
}

// SearchResult is one hit of a search: the item found and its relevance.
type SearchResult[T any] struct {
	Score float64 `json:"result_score"`
	Item  T       `json:"item"`
}

// IDName is a reference to a related object: its id and name.
type IDName struct {
	ID   int64  `json:"id"`
	Name string `json:"name,omitempty"`
}
