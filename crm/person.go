package crm

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// Person is a contact in Pipedrive: a person with emails, phones, an
// organization and custom fields, as API v2 (and webhooks v2) represent
// it. Nullable values are pointers; the fields marked "include_fields" are
// only filled when asked for with persons.GetParams.IncludeFields or
// persons.ListParams.IncludeFields.
//
// Person also decodes the v1 shapes found in webhook v1 payloads: numbers sent as strings (visible_to "3"), ids wrapped in
// objects ({"value": 501, ...}), "email"/"phone" instead of
// "emails"/"phones", active_flag, and v1 timestamps ("2006-01-02 15:04:05").
//
// It is defined here and aliased as persons.Person, so that code that only
// reads persons, such as a webhook receiver, links neither the API client
// nor the rate limiter.
type Person struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
	// OwnerID is the user who owns the person.
	OwnerID int64 `json:"owner_id"`
	// OrgID is the organization the person belongs to, nil when none.
	OrgID      *int64     `json:"org_id"`
	AddTime    time.Time  `json:"add_time"`
	UpdateTime *time.Time `json:"update_time"`
	// Emails, Phones and IMs are the person's addresses, numbers and
	// instant-messaging accounts; at most one of each is primary.
	Emails    []ContactDetail `json:"emails,omitempty"`
	Phones    []ContactDetail `json:"phones,omitempty"`
	IMs       []ContactDetail `json:"im,omitempty"`
	IsDeleted bool            `json:"is_deleted"`
	// VisibleTo is who can see the person.
	VisibleTo VisibleTo `json:"visible_to"`
	LabelIDs  []int64   `json:"label_ids"`
	// Labels holds the labels' names when asked for (include_labels).
	Labels []Label `json:"labels,omitempty"`
	// PictureID is the person's picture, nil when none (see
	// persons.Service.Picture).
	PictureID *int64 `json:"picture_id"`
	// PostalAddress, Notes, Birthday and JobTitle are filled when contact
	// sync is enabled for the company.
	PostalAddress *Address `json:"postal_address,omitempty"`
	Notes         string   `json:"notes,omitempty"`
	Birthday      Date     `json:"birthday,omitzero"`
	JobTitle      string   `json:"job_title,omitempty"`

	// CustomFields holds the company's custom fields, keyed by field code.
	// Read them by name with the FieldSet from persons.Service.CustomFields.
	CustomFields CustomFields `json:"custom_fields"`

	// Filled on request (include_fields).
	NextActivityID              *int64     `json:"next_activity_id,omitempty"`
	LastActivityID              *int64     `json:"last_activity_id,omitempty"`
	OpenDealsCount              *int       `json:"open_deals_count,omitempty"`
	RelatedOpenDealsCount       *int       `json:"related_open_deals_count,omitempty"`
	ClosedDealsCount            *int       `json:"closed_deals_count,omitempty"`
	RelatedClosedDealsCount     *int       `json:"related_closed_deals_count,omitempty"`
	ParticipantOpenDealsCount   *int       `json:"participant_open_deals_count,omitempty"`
	ParticipantClosedDealsCount *int       `json:"participant_closed_deals_count,omitempty"`
	EmailMessagesCount          *int       `json:"email_messages_count,omitempty"`
	ActivitiesCount             *int       `json:"activities_count,omitempty"`
	DoneActivitiesCount         *int       `json:"done_activities_count,omitempty"`
	UndoneActivitiesCount       *int       `json:"undone_activities_count,omitempty"`
	FilesCount                  *int       `json:"files_count,omitempty"`
	NotesCount                  *int       `json:"notes_count,omitempty"`
	FollowersCount              *int       `json:"followers_count,omitempty"`
	WonDealsCount               *int       `json:"won_deals_count,omitempty"`
	RelatedWonDealsCount        *int       `json:"related_won_deals_count,omitempty"`
	LostDealsCount              *int       `json:"lost_deals_count,omitempty"`
	RelatedLostDealsCount       *int       `json:"related_lost_deals_count,omitempty"`
	LastIncomingMailTime        *time.Time `json:"last_incoming_mail_time,omitempty"`
	LastOutgoingMailTime        *time.Time `json:"last_outgoing_mail_time,omitempty"`
	// MarketingStatus and DOIStatus (double opt-in) need the Campaigns
	// add-on.
	MarketingStatus MarketingStatus `json:"marketing_status,omitempty"`
	DOIStatus       string          `json:"doi_status,omitempty"`
	// SmartBCCEmail is the address that links mail sent to it to the
	// person.
	SmartBCCEmail string `json:"smart_bcc_email,omitempty"`
}

// ContactDetail is one email address, phone number or instant-messaging
// account of a person.
type ContactDetail struct {
	Value string `json:"value"`
	// Primary marks the person's main address or number of its kind.
	Primary bool `json:"primary"`
	// Label is the kind of address, e.g. "work", "home", "mobile", "other"
	// (or the messenger, e.g. "skype", for IMs).
	Label string `json:"label,omitempty"`
}

// Primary returns the primary entry's value, or the first entry's when
// none is marked primary, or "" for an empty list.
func primaryContact(list []ContactDetail) string {
	for _, d := range list {
		if d.Primary {
			return d.Value
		}
	}
	if len(list) > 0 {
		return list[0].Value
	}
	return ""
}

// PrimaryEmail returns the person's primary email address (the first one
// when none is marked primary), or "" when the person has none.
func (p *Person) PrimaryEmail() string { return primaryContact(p.Emails) }

// PrimaryPhone returns the person's primary phone number (the first one
// when none is marked primary), or "" when the person has none.
func (p *Person) PrimaryPhone() string { return primaryContact(p.Phones) }

// MarketingStatus is a person's consent to marketing emails (needs the
// Campaigns add-on).
type MarketingStatus string

// Marketing statuses.
const (
	MarketingNoConsent    MarketingStatus = "no_consent"
	MarketingUnsubscribed MarketingStatus = "unsubscribed"
	MarketingSubscribed   MarketingStatus = "subscribed"
	MarketingArchived     MarketingStatus = "archived"
)

// UnmarshalJSON implements json.Unmarshaler, for the v2 form and the v1
// forms described on Person.
func (p *Person) UnmarshalJSON(b []byte) error {
	t := newPersonTwin(p)
	if json.Unmarshal(b, t) == nil && t.Finish() {
		return nil
	}
	return p.decodeAny(b)
}

// personPlain is Person without its UnmarshalJSON method.
type personPlain Person

// JSONTwin returns the value the SDK's client core decodes a person into
// when it reads one from a response, in the same pass as the envelope
// around it, instead of calling UnmarshalJSON (which costs two more scans
// of the person's bytes); p is reset to its zero value. Finish completes p
// and reports whether the person had API v2's usual shape; if not, p must
// be decoded again with json.Unmarshal, which takes every shape. Code of
// your own decodes a Person with json.Unmarshal.
func (p *Person) JSONTwin() interface{ Finish() bool } { return newPersonTwin(p) }

// personTwin is what API v2's shape of a person decodes into with
// encoding/json alone: numbers as numbers, RFC 3339 timestamps, label_ids
// as ids, emails and phones as lists, no v1 names. Finish reports false
// for anything else (a member only decodeAny reads); when it reports true
// the person holds what decodeAny would have decoded
// (TestPersonTwinMatchesDecodeAny and FuzzPersonTwin hold it to that; a
// member named twice aside, as for deals).
type personTwin struct {
	*personPlain
	// Members only decodeAny reads (v1).
	Email      present `json:"email"`
	Phone      present `json:"phone"`
	ActiveFlag present `json:"active_flag"`
}

// newPersonTwin resets p and returns its twin.
func newPersonTwin(p *Person) *personTwin {
	*p = Person{}
	return &personTwin{personPlain: (*personPlain)(p)}
}

// Finish implements jsonx.Twin.
func (t *personTwin) Finish() bool {
	p := (*Person)(t.personPlain)
	if t.Email || t.Phone || t.ActiveFlag {
		return false
	}
	// What decodeAny does besides: a 0 reference is none, a zero time is
	// none.
	p.OrgID, p.PictureID = nonZeroID(p.OrgID), nonZeroID(p.PictureID)
	for _, t := range []**time.Time{&p.UpdateTime, &p.LastIncomingMailTime, &p.LastOutgoingMailTime} {
		if *t != nil && (*t).IsZero() {
			*t = nil
		}
	}
	return true
}

// decodeAny decodes every shape Person accepts (see Person).
func (p *Person) decodeAny(b []byte) error {
	type plain Person
	var w struct {
		plain
		OrgID                jsonx.ID    `json:"org_id"`
		OwnerID              jsonx.ID    `json:"owner_id"`
		PictureID            jsonx.ID    `json:"picture_id"`
		AddTime              Time        `json:"add_time"`
		UpdateTime           Time        `json:"update_time"`
		LastIncomingMailTime Time        `json:"last_incoming_mail_time"`
		LastOutgoingMailTime Time        `json:"last_outgoing_mail_time"`
		LabelIDs             []Label     `json:"label_ids"`
		Email                contactList `json:"email"`       // v1
		Phone                contactList `json:"phone"`       // v1
		ActiveFlag           *bool       `json:"active_flag"` // v1
	}
	if err := jsonx.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = Person(w.plain)
	p.OwnerID, p.OrgID, p.PictureID = int64(w.OwnerID), w.OrgID.Ptr(), w.PictureID.Ptr()
	p.AddTime, p.UpdateTime = w.AddTime.Time, w.UpdateTime.Ptr()
	p.LastIncomingMailTime, p.LastOutgoingMailTime = w.LastIncomingMailTime.Ptr(), w.LastOutgoingMailTime.Ptr()
	if ids, named := SplitLabels(w.LabelIDs); ids != nil {
		p.LabelIDs = ids
		if named != nil {
			p.Labels = named
		}
	}
	if p.Emails == nil {
		p.Emails = w.Email
	}
	if p.Phones == nil {
		p.Phones = w.Phone
	}
	if w.ActiveFlag != nil && !*w.ActiveFlag {
		p.IsDeleted = true
	}
	return nil
}

// contactList decodes v1's "email" and "phone": a list of ContactDetail
// objects, a list of plain strings, or one string.
type contactList []ContactDetail

// UnmarshalJSON implements json.Unmarshaler.
func (l *contactList) UnmarshalJSON(b []byte) error {
	var objs []ContactDetail
	if err := json.Unmarshal(b, &objs); err == nil {
		*l = objs
		return nil
	}
	var strs []string
	if err := json.Unmarshal(b, &strs); err == nil {
		*l = make(contactList, 0, len(strs))
		for i, s := range strs {
			*l = append(*l, ContactDetail{Value: s, Primary: i == 0})
		}
		return nil
	}
	var one *string
	if err := json.Unmarshal(b, &one); err != nil {
		return fmt.Errorf("contact details: want a list or a string, got %.40s", b)
	}
	if one != nil && *one != "" {
		*l = contactList{{Value: *one, Primary: true}}
	}
	return nil
}
