package crm

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// Organization is a company or other body that persons and deals belong
// to, as API v2 (and webhooks v2) represent it. Nullable values are
// pointers; the fields marked "include_fields" are only filled when asked
// for with organizations.GetParams.IncludeFields or
// organizations.ListParams.IncludeFields.
//
// Organization also decodes the v1 shapes found in webhook v1 payloads:
// numbers sent as strings (visible_to "3"), ids wrapped in objects, the
// address as a string with address_* sibling fields, active_flag, and v1
// timestamps.
//
// It is defined here and aliased as organizations.Organization, so that
// code that only reads organizations, such as a webhook receiver, links
// neither the API client nor the rate limiter.
type Organization struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// OwnerID is the user who owns the organization.
	OwnerID    int64      `json:"owner_id"`
	AddTime    time.Time  `json:"add_time"`
	UpdateTime *time.Time `json:"update_time"`
	IsDeleted  bool       `json:"is_deleted"`
	// VisibleTo is who can see the organization.
	VisibleTo VisibleTo `json:"visible_to"`
	// Address is the organization's address, nil when it has none.
	Address  *Address `json:"address"`
	LabelIDs []int64  `json:"label_ids"`
	// Labels holds the labels' names when asked for (include_labels).
	Labels   []Label `json:"labels,omitempty"`
	Website  *string `json:"website"`
	LinkedIn *string `json:"linkedin"`
	// Industry is the id of an option of the "industry" organization
	// field.
	Industry      *int64 `json:"industry"`
	AnnualRevenue *int64 `json:"annual_revenue"`
	EmployeeCount *int   `json:"employee_count"`

	// CustomFields holds the company's custom fields, keyed by field code.
	// Read them by name with the FieldSet from organizations.Service.CustomFields.
	CustomFields CustomFields `json:"custom_fields"`

	// Filled on request (include_fields).
	NextActivityID          *int64 `json:"next_activity_id,omitempty"`
	LastActivityID          *int64 `json:"last_activity_id,omitempty"`
	OpenDealsCount          *int   `json:"open_deals_count,omitempty"`
	RelatedOpenDealsCount   *int   `json:"related_open_deals_count,omitempty"`
	ClosedDealsCount        *int   `json:"closed_deals_count,omitempty"`
	RelatedClosedDealsCount *int   `json:"related_closed_deals_count,omitempty"`
	EmailMessagesCount      *int   `json:"email_messages_count,omitempty"`
	PeopleCount             *int   `json:"people_count,omitempty"`
	ActivitiesCount         *int   `json:"activities_count,omitempty"`
	DoneActivitiesCount     *int   `json:"done_activities_count,omitempty"`
	UndoneActivitiesCount   *int   `json:"undone_activities_count,omitempty"`
	FilesCount              *int   `json:"files_count,omitempty"`
	NotesCount              *int   `json:"notes_count,omitempty"`
	FollowersCount          *int   `json:"followers_count,omitempty"`
	WonDealsCount           *int   `json:"won_deals_count,omitempty"`
	RelatedWonDealsCount    *int   `json:"related_won_deals_count,omitempty"`
	LostDealsCount          *int   `json:"lost_deals_count,omitempty"`
	RelatedLostDealsCount   *int   `json:"related_lost_deals_count,omitempty"`
	// SmartBCCEmail is the address that links mail sent to it to the
	// organization.
	SmartBCCEmail string `json:"smart_bcc_email,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler, for the v2 form and the v1
// forms described on Organization.
func (o *Organization) UnmarshalJSON(b []byte) error {
	t := newOrganizationTwin(o)
	if json.Unmarshal(b, t) == nil && t.Finish() {
		return nil
	}
	return o.decodeAny(b)
}

// organizationPlain is Organization without its UnmarshalJSON method.
type organizationPlain Organization

// JSONTwin returns the value the SDK's client core decodes an
// organization into when it reads one from a response, in the same pass as
// the envelope around it, instead of calling UnmarshalJSON (which costs
// two more scans of its bytes); o is reset to its zero value. Finish
// completes o and reports whether the organization had API v2's usual
// shape; if not, o must be decoded again with json.Unmarshal, which takes
// every shape. Code of your own decodes an Organization with
// json.Unmarshal.
func (o *Organization) JSONTwin() interface{ Finish() bool } { return newOrganizationTwin(o) }

// organizationTwin is what API v2's shape of an organization decodes into
// with encoding/json alone: numbers as numbers, RFC 3339 timestamps,
// label_ids as ids, the address as an object, no v1 names. Finish reports
// false for anything else; when it reports true the organization holds
// what decodeAny would have decoded (TestOrganizationTwinMatchesDecodeAny
// and FuzzOrganizationTwin hold it to that; a member named twice aside,
// as for deals).
type organizationTwin struct {
	*organizationPlain
	// Members only decodeAny reads (v1).
	ActiveFlag present `json:"active_flag"`
}

// newOrganizationTwin resets o and returns its twin.
func newOrganizationTwin(o *Organization) *organizationTwin {
	*o = Organization{}
	return &organizationTwin{organizationPlain: (*organizationPlain)(o)}
}

// Finish implements jsonx.Twin.
func (t *organizationTwin) Finish() bool {
	o := (*Organization)(t.organizationPlain)
	if t.ActiveFlag {
		return false
	}
	if o.UpdateTime != nil && o.UpdateTime.IsZero() {
		o.UpdateTime = nil // a zero time is none, as decodeAny reads it
	}
	return true
}

// decodeAny decodes every shape Organization accepts (see Organization).
func (o *Organization) decodeAny(b []byte) error {
	type plain Organization
	var w struct {
		plain
		OwnerID    jsonx.ID     `json:"owner_id"`
		AddTime    Time         `json:"add_time"`
		UpdateTime Time         `json:"update_time"`
		LabelIDs   []Label      `json:"label_ids"`
		Address    addressField `json:"address"`
		ActiveFlag *bool        `json:"active_flag"` // v1
	}
	if err := jsonx.Unmarshal(b, &w); err != nil {
		return err
	}
	*o = Organization(w.plain)
	o.OwnerID = int64(w.OwnerID)
	o.AddTime, o.UpdateTime = w.AddTime.Time, w.UpdateTime.Ptr()
	if ids, named := SplitLabels(w.LabelIDs); ids != nil {
		o.LabelIDs = ids
		if named != nil {
			o.Labels = named
		}
	}
	if w.ActiveFlag != nil && !*w.ActiveFlag {
		o.IsDeleted = true
	}
	o.Address = w.Address.a
	if w.Address.v1 {
		// v1 sends the parts as address_* siblings of the address string.
		var parts struct {
			Subpremise       string `json:"address_subpremise"`
			StreetNumber     string `json:"address_street_number"`
			Route            string `json:"address_route"`
			Sublocality      string `json:"address_sublocality"`
			Locality         string `json:"address_locality"`
			AdminAreaLevel1  string `json:"address_admin_area_level_1"`
			AdminAreaLevel2  string `json:"address_admin_area_level_2"`
			Country          string `json:"address_country"`
			PostalCode       string `json:"address_postal_code"`
			FormattedAddress string `json:"address_formatted_address"`
		}
		if err := json.Unmarshal(b, &parts); err == nil {
			a := o.Address
			a.Subpremise, a.StreetNumber, a.Route, a.Sublocality = parts.Subpremise, parts.StreetNumber, parts.Route, parts.Sublocality
			a.Locality, a.AdminAreaLevel1, a.AdminAreaLevel2 = parts.Locality, parts.AdminAreaLevel1, parts.AdminAreaLevel2
			a.Country, a.PostalCode, a.FormattedAddress = parts.Country, parts.PostalCode, parts.FormattedAddress
		}
	}
	return nil
}

// addressField decodes an organization's address: an object (v2) or a
// string (v1, whose parts come as sibling fields).
type addressField struct {
	a  *Address
	v1 bool
}

// UnmarshalJSON implements json.Unmarshaler.
func (f *addressField) UnmarshalJSON(b []byte) error {
	switch t := bytes.TrimSpace(b); {
	case len(t) == 0 || string(t) == "null":
		return nil
	case t[0] == '"':
		var s string
		if err := json.Unmarshal(t, &s); err != nil {
			return err
		}
		if s != "" {
			f.a, f.v1 = &Address{Value: s}, true
		}
		return nil
	default:
		f.a = new(Address)
		return json.Unmarshal(t, f.a)
	}
}
