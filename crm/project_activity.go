package crm

import (
	"encoding/json"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// ProjectActivity is an activity linked to a project, in the v1 shape the
// project activities list returns (projects.Service.ProjectActivities):
// flags and the location flattened into location_* members, v1
// timestamps. It holds what that list sends, which is less than a full
// activity.
type ProjectActivity struct {
	ID        int64 `json:"id"`
	CompanyID int64 `json:"company_id"`
	// UserID is the user the activity is assigned to.
	UserID int64 `json:"user_id"`
	// Type is the activity type's key ("call", "meeting", "deadline", ...).
	Type    string `json:"type"`
	Subject string `json:"subject"`
	Done    bool   `json:"done"`
	// DueDate and DueTime are when the activity is due; DueTime is unset
	// for an all-day activity.
	DueDate Date      `json:"due_date"`
	DueTime TimeOfDay `json:"due_time"`
	// Duration is how long the activity lasts, as "HH:MM" ("" when not
	// set).
	Duration          string `json:"duration"`
	Busy              bool   `json:"busy_flag"`
	PublicDescription string `json:"public_description"`

	DealID    *int64  `json:"deal_id"`
	LeadID    *string `json:"lead_id"`
	PersonID  *int64  `json:"person_id"`
	OrgID     *int64  `json:"org_id"`
	ProjectID *int64  `json:"project_id"`

	// ConferenceMeetingClient, ConferenceMeetingURL and
	// ConferenceMeetingID describe an online meeting, when there is one.
	ConferenceMeetingClient string `json:"conference_meeting_client"`
	ConferenceMeetingURL    string `json:"conference_meeting_url"`
	ConferenceMeetingID     string `json:"conference_meeting_id"`

	// Location is the activity's address: Value is location, the parts
	// are the location_* members.
	Location Address `json:"-"`
	// SourceTimezone is the time zone the activity was created in, when
	// it came from a calendar sync.
	SourceTimezone string `json:"source_timezone"`

	// Active is false for a deleted activity.
	Active           bool       `json:"active_flag"`
	AddTime          time.Time  `json:"add_time"`
	UpdateTime       *time.Time `json:"update_time"`
	UpdateUserID     int64      `json:"update_user_id"`
	MarkedAsDoneTime *time.Time `json:"marked_as_done_time"`
}

// projectActivityLocation is the v1 flat form of ProjectActivity.Location.
type projectActivityLocation struct {
	Location                 string `json:"location"`
	LocationFormattedAddress string `json:"location_formatted_address"`
	LocationSubpremise       string `json:"location_subpremise"`
	LocationStreetNumber     string `json:"location_street_number"`
	LocationRoute            string `json:"location_route"`
	LocationSublocality      string `json:"location_sublocality"`
	LocationLocality         string `json:"location_locality"`
	LocationAdminAreaLevel1  string `json:"location_admin_area_level_1"`
	LocationAdminAreaLevel2  string `json:"location_admin_area_level_2"`
	LocationCountry          string `json:"location_country"`
	LocationPostalCode       string `json:"location_postal_code"`
}

func (l projectActivityLocation) address() Address {
	return Address{
		Value: l.Location, FormattedAddress: l.LocationFormattedAddress, Subpremise: l.LocationSubpremise,
		StreetNumber: l.LocationStreetNumber, Route: l.LocationRoute, Sublocality: l.LocationSublocality,
		Locality: l.LocationLocality, AdminAreaLevel1: l.LocationAdminAreaLevel1,
		AdminAreaLevel2: l.LocationAdminAreaLevel2, Country: l.LocationCountry, PostalCode: l.LocationPostalCode,
	}
}

func flatLocation(a Address) projectActivityLocation {
	return projectActivityLocation{
		Location: a.Value, LocationFormattedAddress: a.FormattedAddress, LocationSubpremise: a.Subpremise,
		LocationStreetNumber: a.StreetNumber, LocationRoute: a.Route, LocationSublocality: a.Sublocality,
		LocationLocality: a.Locality, LocationAdminAreaLevel1: a.AdminAreaLevel1,
		LocationAdminAreaLevel2: a.AdminAreaLevel2, LocationCountry: a.Country, LocationPostalCode: a.PostalCode,
	}
}

// UnmarshalJSON implements json.Unmarshaler: v1 timestamps, 0/1 flags,
// ids as numbers or strings, and the flat location_* members.
func (a *ProjectActivity) UnmarshalJSON(b []byte) error {
	type plain ProjectActivity
	var aux struct {
		*plain
		projectActivityLocation
		Done             flag     `json:"done"`
		Busy             flag     `json:"busy_flag"`
		Active           flag     `json:"active_flag"`
		DealID           jsonx.ID `json:"deal_id"`
		PersonID         jsonx.ID `json:"person_id"`
		OrgID            jsonx.ID `json:"org_id"`
		ProjectID        jsonx.ID `json:"project_id"`
		AddTime          Time     `json:"add_time"`
		UpdateTime       Time     `json:"update_time"`
		MarkedAsDoneTime Time     `json:"marked_as_done_time"`
	}
	*a = ProjectActivity{}
	aux.plain = (*plain)(a)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	a.Done, a.Busy, a.Active = bool(aux.Done), bool(aux.Busy), bool(aux.Active)
	a.DealID, a.PersonID, a.OrgID, a.ProjectID = aux.DealID.Ptr(), aux.PersonID.Ptr(), aux.OrgID.Ptr(), aux.ProjectID.Ptr()
	a.AddTime = aux.AddTime.Time
	a.UpdateTime, a.MarkedAsDoneTime = aux.UpdateTime.Ptr(), aux.MarkedAsDoneTime.Ptr()
	a.Location = aux.address()
	if a.LeadID != nil && *a.LeadID == "" {
		a.LeadID = nil
	}
	return nil
}

// MarshalJSON implements json.Marshaler, in the v1 shape it decodes from
// (the location flattened again).
func (a ProjectActivity) MarshalJSON() ([]byte, error) {
	type plain ProjectActivity
	return json.Marshal(struct {
		plain
		projectActivityLocation
	}{plain(a), flatLocation(a.Location)})
}
