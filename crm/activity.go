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

// ActivityTypeKey names an activity type: the key_string of one of the
// company's activity types, which an activity's Type holds. The six
// below exist in every company (an admin may deactivate them); custom
// types have keys derived from their names ("video_call").
type ActivityTypeKey string

// The activity types every company starts with.
const (
	ActivityCall     ActivityTypeKey = "call"
	ActivityMeeting  ActivityTypeKey = "meeting"
	ActivityTask     ActivityTypeKey = "task"
	ActivityDeadline ActivityTypeKey = "deadline"
	ActivityEmail    ActivityTypeKey = "email"
	ActivityLunch    ActivityTypeKey = "lunch"
)

// Activity is a call, meeting, task or other to-do in Pipedrive's
// calendar, as API v2 (and webhooks v2) represent it. It may be linked to
// a deal, a lead, a person, an organization and a project. Nullable
// values are pointers or zero values that mean "not set" (DueDate,
// DueTime, Duration).
//
// It also decodes the v1 shape found in flow entries and webhook v1
// payloads: user_id for the owner, created_by_user_id, busy_flag,
// active_flag, done as 0/1, the location as a string with location_*
// siblings, participants' primary_flag, attendees' email_address, numbers
// sent as strings and v1 timestamps.
//
// It is defined here and aliased as activities.Activity, so that code that
// only reads activities, such as a webhook receiver, does not link the
// API client or the rate limiter.
type Activity struct {
	ID      int64  `json:"id"`
	Subject string `json:"subject"`
	// Type is the activity type's key ("call", "meeting", or a custom
	// type's key): see activities.Service.ActivityTypes.
	Type ActivityTypeKey `json:"type"`
	// OwnerID is the user the activity is assigned to; CreatorUserID the
	// user who created it.
	OwnerID       int64 `json:"owner_id"`
	CreatorUserID int64 `json:"creator_user_id,omitempty"`
	IsDeleted     bool  `json:"is_deleted"`

	AddTime    time.Time  `json:"add_time"`
	UpdateTime *time.Time `json:"update_time"`

	// The records the activity is linked to, nil when none. PersonID is
	// the primary participant (see Participants).
	DealID    *int64  `json:"deal_id"`
	LeadID    *string `json:"lead_id"`
	PersonID  *int64  `json:"person_id"`
	OrgID     *int64  `json:"org_id"`
	ProjectID *int64  `json:"project_id"`

	// DueDate and DueTime say when the activity is due; DueTime is in UTC.
	// Either may be unset (the zero value): an activity without a date is
	// an open to-do, one without a time lasts the whole day.
	DueDate Date      `json:"due_date"`
	DueTime TimeOfDay `json:"due_time"`
	// Duration is how long the activity lasts from DueTime; zero when
	// unset.
	Duration Duration `json:"duration"`
	// Busy says whether the activity marks its owner as busy in their
	// calendar.
	Busy bool `json:"busy"`
	Done bool `json:"done"`
	// MarkedAsDoneTime is when the activity was marked done, nil if it is
	// not done.
	MarkedAsDoneTime *time.Time `json:"marked_as_done_time"`
	// Location is where the activity takes place, nil when not set.
	Location *Address `json:"location"`
	// Participants are the persons taking part; one of them is primary
	// (the one PersonID names).
	Participants []ActivityParticipant `json:"participants"`
	// Attendees are the people invited by email (calendar invitations).
	// The API fills them only when asked for (activities.IncludeAttendees).
	Attendees []ActivityAttendee `json:"attendees,omitempty"`

	// ConferenceMeetingClient ("google_meet", "zoom", ...), URL and ID
	// describe the video call attached to the activity, if any.
	ConferenceMeetingClient string `json:"conference_meeting_client,omitempty"`
	ConferenceMeetingURL    string `json:"conference_meeting_url,omitempty"`
	ConferenceMeetingID     string `json:"conference_meeting_id,omitempty"`
	// PublicDescription is the description sent to attendees; Note is an
	// internal note (HTML).
	PublicDescription string `json:"public_description,omitempty"`
	Note              string `json:"note,omitempty"`
	// Priority is the id of one of the options of the "priority" activity
	// field (see activities.Service.Field), nil when none.
	Priority *int64 `json:"priority"`

	// CustomFields holds custom field values keyed by field code, when the
	// API sends them. (Pipedrive's v2 activity schema declares none; the
	// activity field definitions may list custom fields all the same.)
	CustomFields CustomFields `json:"custom_fields,omitempty"`
}

// ActivityParticipant is a person taking part in an activity.
type ActivityParticipant struct {
	PersonID int64 `json:"person_id"`
	// Primary marks the main participant (the activity's PersonID).
	Primary bool `json:"primary"`
}

// UnmarshalJSON implements json.Unmarshaler: v2's primary or v1's
// primary_flag, ids and flags in any form the API sends.
func (p *ActivityParticipant) UnmarshalJSON(b []byte) error {
	var aux struct {
		PersonID    jsonx.ID `json:"person_id"`
		Primary     *flag    `json:"primary"`
		PrimaryFlag *flag    `json:"primary_flag"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*p = ActivityParticipant{PersonID: int64(aux.PersonID)}
	switch {
	case aux.Primary != nil:
		p.Primary = bool(*aux.Primary)
	case aux.PrimaryFlag != nil:
		p.Primary = bool(*aux.PrimaryFlag)
	}
	return nil
}

// AttendeeStatus is an attendee's answer to a calendar invitation.
type AttendeeStatus string

// Attendee statuses.
const (
	AttendeeAccepted  AttendeeStatus = "accepted"
	AttendeeDeclined  AttendeeStatus = "declined"
	AttendeeTentative AttendeeStatus = "tentative"
	AttendeeNoReply   AttendeeStatus = "noreply"
)

// ActivityAttendee is someone invited to an activity by email: a person
// of the CRM, a user of the company, or anyone with an address.
type ActivityAttendee struct {
	Email string `json:"email"`
	Name  string `json:"name,omitempty"`
	// Status is the attendee's answer to the invitation (set by Pipedrive).
	Status      AttendeeStatus `json:"status,omitempty"`
	IsOrganizer bool           `json:"is_organizer,omitempty"`
	// PersonID and UserID link the attendee to a person or a user, nil
	// when the attendee is neither.
	PersonID *int64 `json:"person_id,omitempty"`
	UserID   *int64 `json:"user_id,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler: v2's email or v1's
// email_address, is_organizer as a boolean or 0/1, ids as numbers or
// strings.
func (a *ActivityAttendee) UnmarshalJSON(b []byte) error {
	var aux struct {
		Email        *string        `json:"email"`
		EmailAddress string         `json:"email_address"`
		Name         string         `json:"name"`
		Status       AttendeeStatus `json:"status"`
		IsOrganizer  flag           `json:"is_organizer"`
		PersonID     jsonx.ID       `json:"person_id"`
		UserID       jsonx.ID       `json:"user_id"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*a = ActivityAttendee{
		Email: aux.EmailAddress, Name: aux.Name, Status: aux.Status, IsOrganizer: bool(aux.IsOrganizer),
		PersonID: aux.PersonID.Ptr(), UserID: aux.UserID.Ptr(),
	}
	if aux.Email != nil {
		a.Email = *aux.Email
	}
	return nil
}

// UnmarshalJSON implements json.Unmarshaler (see Activity for the shapes
// it accepts).
func (a *Activity) UnmarshalJSON(b []byte) error {
	type plain Activity
	var aux struct {
		*plain
		OwnerID          jsonx.ID        `json:"owner_id"`
		UserID           jsonx.ID        `json:"user_id"` // v1
		CreatorUserID    jsonx.ID        `json:"creator_user_id"`
		CreatedByUserID  jsonx.ID        `json:"created_by_user_id"` // v1
		DealID           jsonx.ID        `json:"deal_id"`
		PersonID         jsonx.ID        `json:"person_id"`
		OrgID            jsonx.ID        `json:"org_id"`
		ProjectID        jsonx.ID        `json:"project_id"`
		LeadID           *string         `json:"lead_id"`
		IsDeleted        flag            `json:"is_deleted"`
		ActiveFlag       *flag           `json:"active_flag"` // v1
		Busy             *flag           `json:"busy"`
		BusyFlag         *flag           `json:"busy_flag"` // v1
		Done             flag            `json:"done"`
		AddTime          Time            `json:"add_time"`
		UpdateTime       Time            `json:"update_time"`
		MarkedAsDoneTime Time            `json:"marked_as_done_time"`
		Location         addressField    `json:"location"`
		CustomFields     json.RawMessage `json:"custom_fields"`
	}
	*a = Activity{}
	aux.plain = (*plain)(a)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	a.OwnerID = int64(aux.OwnerID)
	if a.OwnerID == 0 {
		a.OwnerID = int64(aux.UserID)
	}
	a.CreatorUserID = int64(aux.CreatorUserID)
	if a.CreatorUserID == 0 {
		a.CreatorUserID = int64(aux.CreatedByUserID)
	}
	a.DealID, a.PersonID, a.OrgID, a.ProjectID = aux.DealID.Ptr(), aux.PersonID.Ptr(), aux.OrgID.Ptr(), aux.ProjectID.Ptr()
	if aux.LeadID != nil && *aux.LeadID != "" {
		a.LeadID = aux.LeadID
	}
	a.IsDeleted = bool(aux.IsDeleted) || (aux.ActiveFlag != nil && !bool(*aux.ActiveFlag))
	switch {
	case aux.Busy != nil:
		a.Busy = bool(*aux.Busy)
	case aux.BusyFlag != nil:
		a.Busy = bool(*aux.BusyFlag)
	}
	a.Done = bool(aux.Done)
	a.AddTime, a.UpdateTime, a.MarkedAsDoneTime = aux.AddTime.Time, aux.UpdateTime.Ptr(), aux.MarkedAsDoneTime.Ptr()
	a.Location = aux.Location.a
	if aux.Location.v1 {
		var parts struct {
			Subpremise       string `json:"location_subpremise"`
			StreetNumber     string `json:"location_street_number"`
			Route            string `json:"location_route"`
			Sublocality      string `json:"location_sublocality"`
			Locality         string `json:"location_locality"`
			AdminAreaLevel1  string `json:"location_admin_area_level_1"`
			AdminAreaLevel2  string `json:"location_admin_area_level_2"`
			Country          string `json:"location_country"`
			PostalCode       string `json:"location_postal_code"`
			FormattedAddress string `json:"location_formatted_address"`
		}
		if err := json.Unmarshal(b, &parts); err == nil {
			l := a.Location
			l.Subpremise, l.StreetNumber, l.Route, l.Sublocality = parts.Subpremise, parts.StreetNumber, parts.Route, parts.Sublocality
			l.Locality, l.AdminAreaLevel1, l.AdminAreaLevel2 = parts.Locality, parts.AdminAreaLevel1, parts.AdminAreaLevel2
			l.Country, l.PostalCode, l.FormattedAddress = parts.Country, parts.PostalCode, parts.FormattedAddress
		}
	}
	if cf := bytes.TrimSpace(aux.CustomFields); len(cf) > 0 && !isNull(cf) {
		if err := json.Unmarshal(cf, &a.CustomFields); err != nil {
			return fmt.Errorf("custom_fields: %w", err)
		}
	}
	return nil
}

// DueAt returns when the activity is due as a time in UTC, and false when
// it has no due date. An activity with a date but no time is due at
// midnight UTC of that date.
func (a *Activity) DueAt() (time.Time, bool) {
	if a.DueDate.IsZero() {
		return time.Time{}, false
	}
	t := a.DueDate.In(time.UTC)
	if a.DueTime.Valid {
		t = t.Add(time.Duration(a.DueTime.Hour)*time.Hour + time.Duration(a.DueTime.Minute)*time.Minute +
			time.Duration(a.DueTime.Second)*time.Second)
	}
	return t, true
}

// PrimaryParticipant returns the id of the activity's primary participant
// (the first participant when none is marked), and false when it has none.
func (a *Activity) PrimaryParticipant() (int64, bool) {
	for _, p := range a.Participants {
		if p.Primary {
			return p.PersonID, true
		}
	}
	if len(a.Participants) > 0 {
		return a.Participants[0].PersonID, true
	}
	return 0, false
}

// Duration is how long an activity lasts, as Pipedrive writes it: "01:30"
// or "01:30:00" (hours may exceed 24). It is a time.Duration, so
// crm.Duration(90*time.Minute) is an hour and a half and time.Duration(d)
// converts back. The zero Duration means "no duration" and encodes as
// null; seconds are kept, finer parts dropped.
type Duration time.Duration

// ParseDuration reads "HH:MM" or "HH:MM:SS" (one-digit hours are taken).
func ParseDuration(s string) (Duration, error) {
	s = strings.TrimSpace(s)
	parts := strings.Split(s, ":")
	if len(parts) != 2 && len(parts) != 3 {
		return 0, fmt.Errorf("crm: %q is not a duration (HH:MM or HH:MM:SS)", s)
	}
	var n [3]int64
	for i, p := range parts {
		v, err := strconv.ParseInt(p, 10, 64)
		if err != nil || v < 0 || p == "" || p[0] == '+' || (i > 0 && (len(p) != 2 || v > 59)) || v > 100000 {
			return 0, fmt.Errorf("crm: %q is not a duration (HH:MM or HH:MM:SS)", s)
		}
		n[i] = v
	}
	return Duration(time.Duration(n[0])*time.Hour + time.Duration(n[1])*time.Minute + time.Duration(n[2])*time.Second), nil
}

// IsZero reports whether d is no duration.
func (d Duration) IsZero() bool { return d == 0 }

// String returns "HH:MM", or "HH:MM:SS" when there are seconds, or "" for
// no duration. A negative duration is written as its absolute value.
func (d Duration) String() string {
	if d == 0 {
		return ""
	}
	t := time.Duration(d)
	if t < 0 {
		t = -t
	}
	secs := int64(t / time.Second)
	h, m, s := secs/3600, secs/60%60, secs%60
	if s != 0 {
		return fmt.Sprintf("%02d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%02d:%02d", h, m)
}

// MarshalJSON implements json.Marshaler: "HH:MM" (or "HH:MM:SS"), or null
// for no duration.
func (d Duration) MarshalJSON() ([]byte, error) {
	if d == 0 {
		return []byte("null"), nil
	}
	return []byte(strconv.Quote(d.String())), nil
}

// UnmarshalJSON implements json.Unmarshaler; null and "" give no duration.
func (d *Duration) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if isNull(b) {
		*d = 0
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("crm: duration must be a JSON string, got %.40s", b)
	}
	if strings.TrimSpace(s) == "" {
		*d = 0
		return nil
	}
	v, err := ParseDuration(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// ActivityIcon is the icon of an activity type.
type ActivityIcon string

// Activity type icons.
const (
	ActivityIconTask         ActivityIcon = "task"
	ActivityIconEmail        ActivityIcon = "email"
	ActivityIconMeeting      ActivityIcon = "meeting"
	ActivityIconDeadline     ActivityIcon = "deadline"
	ActivityIconCall         ActivityIcon = "call"
	ActivityIconLunch        ActivityIcon = "lunch"
	ActivityIconCalendar     ActivityIcon = "calendar"
	ActivityIconDownArrow    ActivityIcon = "downarrow"
	ActivityIconDocument     ActivityIcon = "document"
	ActivityIconSmartphone   ActivityIcon = "smartphone"
	ActivityIconCamera       ActivityIcon = "camera"
	ActivityIconScissors     ActivityIcon = "scissors"
	ActivityIconCogs         ActivityIcon = "cogs"
	ActivityIconBubble       ActivityIcon = "bubble"
	ActivityIconUpArrow      ActivityIcon = "uparrow"
	ActivityIconCheckbox     ActivityIcon = "checkbox"
	ActivityIconSignpost     ActivityIcon = "signpost"
	ActivityIconShuffle      ActivityIcon = "shuffle"
	ActivityIconAddressBook  ActivityIcon = "addressbook"
	ActivityIconLineGraph    ActivityIcon = "linegraph"
	ActivityIconPicture      ActivityIcon = "picture"
	ActivityIconCar          ActivityIcon = "car"
	ActivityIconWorld        ActivityIcon = "world"
	ActivityIconSearch       ActivityIcon = "search"
	ActivityIconClip         ActivityIcon = "clip"
	ActivityIconSound        ActivityIcon = "sound"
	ActivityIconBrush        ActivityIcon = "brush"
	ActivityIconKey          ActivityIcon = "key"
	ActivityIconPadlock      ActivityIcon = "padlock"
	ActivityIconPriceTag     ActivityIcon = "pricetag"
	ActivityIconSuitcase     ActivityIcon = "suitcase"
	ActivityIconFinish       ActivityIcon = "finish"
	ActivityIconPlane        ActivityIcon = "plane"
	ActivityIconLoop         ActivityIcon = "loop"
	ActivityIconWifi         ActivityIcon = "wifi"
	ActivityIconTruck        ActivityIcon = "truck"
	ActivityIconCart         ActivityIcon = "cart"
	ActivityIconBulb         ActivityIcon = "bulb"
	ActivityIconBell         ActivityIcon = "bell"
	ActivityIconPresentation ActivityIcon = "presentation"
)

// ActivityIcons lists every icon an activity type may have, in the API's
// order.
func ActivityIcons() []ActivityIcon {
	return []ActivityIcon{
		ActivityIconTask, ActivityIconEmail, ActivityIconMeeting, ActivityIconDeadline, ActivityIconCall,
		ActivityIconLunch, ActivityIconCalendar, ActivityIconDownArrow, ActivityIconDocument, ActivityIconSmartphone,
		ActivityIconCamera, ActivityIconScissors, ActivityIconCogs, ActivityIconBubble, ActivityIconUpArrow,
		ActivityIconCheckbox, ActivityIconSignpost, ActivityIconShuffle, ActivityIconAddressBook, ActivityIconLineGraph,
		ActivityIconPicture, ActivityIconCar, ActivityIconWorld, ActivityIconSearch, ActivityIconClip,
		ActivityIconSound, ActivityIconBrush, ActivityIconKey, ActivityIconPadlock, ActivityIconPriceTag,
		ActivityIconSuitcase, ActivityIconFinish, ActivityIconPlane, ActivityIconLoop, ActivityIconWifi,
		ActivityIconTruck, ActivityIconCart, ActivityIconBulb, ActivityIconBell, ActivityIconPresentation,
	}
}

// ActivityType is a kind of activity a company uses (call, meeting, or a
// type of its own), as the v1 activityTypes endpoints return it. Its Key
// is what an Activity's Type holds.
type ActivityType struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// Key is the type's key_string, derived from its name when created.
	Key  ActivityTypeKey `json:"key_string"`
	Icon ActivityIcon    `json:"icon_key"`
	// Color is the type's colour as six hexadecimal digits ("aeb31b"),
	// empty for the default colour.
	Color string `json:"color,omitempty"`
	// Order is the type's position in the web app's lists.
	Order int `json:"order_nr"`
	// Active is false for a deleted type: deleting a type deactivates it.
	Active bool `json:"active_flag"`
	// IsCustom is true for types the company created.
	IsCustom   bool       `json:"is_custom_flag"`
	AddTime    time.Time  `json:"add_time"`
	UpdateTime *time.Time `json:"update_time"`
}

// UnmarshalJSON implements json.Unmarshaler: v1 timestamps and flags.
func (t *ActivityType) UnmarshalJSON(b []byte) error {
	type plain ActivityType
	var aux struct {
		*plain
		Color      *string `json:"color"`
		Active     flag    `json:"active_flag"`
		IsCustom   flag    `json:"is_custom_flag"`
		AddTime    Time    `json:"add_time"`
		UpdateTime Time    `json:"update_time"`
	}
	*t = ActivityType{}
	aux.plain = (*plain)(t)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	if aux.Color != nil {
		t.Color = *aux.Color
	}
	t.Active, t.IsCustom = bool(aux.Active), bool(aux.IsCustom)
	t.AddTime, t.UpdateTime = aux.AddTime.Time, aux.UpdateTime.Ptr()
	return nil
}

// Activity decodes an activity entry of a flow ("activity" or
// "plannedActivity").
func (it *FlowItem) Activity() (*Activity, error) {
	if it.Object != "activity" && it.Object != "plannedActivity" {
		return nil, fmt.Errorf("crm: flow entry is a %q, not an activity", it.Object)
	}
	var a Activity
	return &a, it.Decode(&a)
}
