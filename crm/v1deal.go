package crm

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// V1Deal is a deal in API v1's shape, as the v1-only endpoints return it
// (deals.Service's Timeline and Duplicate, the deals of
// persons.Service.Products); aliased as deals.V1Deal. Its custom fields,
// which v1 puts at the top level under their codes, are gathered into
// CustomFields (only the 40-character hash keys: v1's companion keys such
// as "<code>_currency" are left out), and encoded back there.
type V1Deal struct {
	ID            int64  `json:"id"`
	Title         string `json:"title"`
	CreatorUserID int64  `json:"creator_user_id"`
	CompanyID     int64  `json:"company_id,omitempty"`
	// OwnerID is v1's user_id.
	OwnerID    int64      `json:"user_id"`
	OwnerName  string     `json:"owner_name"`
	PersonID   int64      `json:"person_id,omitempty"`
	PersonName string     `json:"person_name"`
	OrgID      int64      `json:"org_id,omitempty"`
	OrgName    string     `json:"org_name"`
	PipelineID int64      `json:"pipeline_id"`
	StageID    int64      `json:"stage_id"`
	Value      float64    `json:"value"`
	Currency   string     `json:"currency"`
	Status     DealStatus `json:"status"`
	Active     bool       `json:"active"`
	Deleted    bool       `json:"deleted"`
	IsArchived bool       `json:"is_archived"`

	AddTime time.Time `json:"add_time"`
	// FirstAddTime is when the deal was first added (it differs from
	// AddTime for a deal restored or converted from a lead).
	FirstAddTime         *time.Time `json:"first_add_time,omitempty"`
	UpdateTime           *time.Time `json:"update_time"`
	StageChangeTime      *time.Time `json:"stage_change_time"`
	CloseTime            *time.Time `json:"close_time"`
	WonTime              *time.Time `json:"won_time"`
	FirstWonTime         *time.Time `json:"first_won_time"`
	LostTime             *time.Time `json:"lost_time"`
	ArchiveTime          *time.Time `json:"archive_time"`
	RottenTime           *time.Time `json:"rotten_time"`
	LastIncomingMailTime *time.Time `json:"last_incoming_mail_time"`
	LastOutgoingMailTime *time.Time `json:"last_outgoing_mail_time"`
	ExpectedCloseDate    Date       `json:"expected_close_date"`

	Probability *float64  `json:"probability"`
	LostReason  *string   `json:"lost_reason"`
	VisibleTo   VisibleTo `json:"visible_to"`
	// Label holds the label id(s) as v1 sends them (comma-joined).
	Label string `json:"label,omitempty"`

	NextActivityID        *int64 `json:"next_activity_id"`
	NextActivityDate      Date   `json:"next_activity_date"`
	NextActivityTime      string `json:"next_activity_time"`
	NextActivitySubject   string `json:"next_activity_subject"`
	NextActivityType      string `json:"next_activity_type"`
	NextActivityDuration  string `json:"next_activity_duration"`
	NextActivityNote      string `json:"next_activity_note"`
	LastActivityID        *int64 `json:"last_activity_id"`
	LastActivityDate      Date   `json:"last_activity_date"`
	ProductsCount         int    `json:"products_count"`
	FilesCount            int    `json:"files_count"`
	NotesCount            int    `json:"notes_count"`
	FollowersCount        int    `json:"followers_count"`
	EmailMessagesCount    int    `json:"email_messages_count"`
	ActivitiesCount       int    `json:"activities_count"`
	DoneActivitiesCount   int    `json:"done_activities_count"`
	UndoneActivitiesCount int    `json:"undone_activities_count"`
	ParticipantsCount     int    `json:"participants_count"`
	StageOrderNr          int    `json:"stage_order_nr"`

	FormattedValue         string  `json:"formatted_value"`
	WeightedValue          float64 `json:"weighted_value"`
	FormattedWeightedValue string  `json:"formatted_weighted_value"`
	WeightedValueCurrency  string  `json:"weighted_value_currency"`
	CCEmail                string  `json:"cc_email"`
	OrgHidden              bool    `json:"org_hidden"`
	PersonHidden           bool    `json:"person_hidden"`

	Origin      string   `json:"origin"`
	OriginID    *string  `json:"origin_id"`
	Channel     *int64   `json:"channel"`
	ChannelID   *string  `json:"channel_id"`
	ARR         *float64 `json:"arr"`
	MRR         *float64 `json:"mrr"`
	ACV         *float64 `json:"acv"`
	ARRCurrency *string  `json:"arr_currency"`
	MRRCurrency *string  `json:"mrr_currency"`
	ACVCurrency *string  `json:"acv_currency"`

	// CustomFields are the deal's custom fields by code: top-level
	// members in v1, gathered here (and written back at the top level by
	// MarshalJSON).
	CustomFields CustomFields `json:"-"`
}

// UnmarshalJSON implements json.Unmarshaler: v1 timestamps ("" for
// none), references sent as objects, numbers sent as strings, and custom
// fields at the top level.
func (d *V1Deal) UnmarshalJSON(b []byte) error {
	type plain V1Deal
	var aux struct {
		*plain
		CreatorUserID        jsonx.ID        `json:"creator_user_id"`
		UserID               jsonx.ID        `json:"user_id"`
		PersonID             jsonx.ID        `json:"person_id"`
		OrgID                jsonx.ID        `json:"org_id"`
		AddTime              Time            `json:"add_time"`
		FirstAddTime         Time            `json:"first_add_time"`
		UpdateTime           Time            `json:"update_time"`
		StageChangeTime      Time            `json:"stage_change_time"`
		CloseTime            Time            `json:"close_time"`
		WonTime              Time            `json:"won_time"`
		FirstWonTime         Time            `json:"first_won_time"`
		LostTime             Time            `json:"lost_time"`
		ArchiveTime          Time            `json:"archive_time"`
		RottenTime           Time            `json:"rotten_time"`
		LastIncomingMailTime Time            `json:"last_incoming_mail_time"`
		LastOutgoingMailTime Time            `json:"last_outgoing_mail_time"`
		Label                json.RawMessage `json:"label"`
	}
	*d = V1Deal{}
	aux.plain = (*plain)(d)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}

	d.CreatorUserID, d.OwnerID, d.PersonID, d.OrgID = int64(aux.CreatorUserID), int64(aux.UserID), int64(aux.PersonID), int64(aux.OrgID)
	d.AddTime, d.FirstAddTime = aux.AddTime.Time, aux.FirstAddTime.Ptr()
	d.UpdateTime, d.StageChangeTime, d.CloseTime = aux.UpdateTime.Ptr(), aux.StageChangeTime.Ptr(), aux.CloseTime.Ptr()
	d.WonTime, d.FirstWonTime, d.LostTime = aux.WonTime.Ptr(), aux.FirstWonTime.Ptr(), aux.LostTime.Ptr()
	d.ArchiveTime, d.RottenTime = aux.ArchiveTime.Ptr(), aux.RottenTime.Ptr()
	d.LastIncomingMailTime, d.LastOutgoingMailTime = aux.LastIncomingMailTime.Ptr(), aux.LastOutgoingMailTime.Ptr()
	if l := bytes.TrimSpace(aux.Label); len(l) > 0 && !bytes.Equal(l, []byte("null")) {
		var s string
		if l[0] == '"' {
			if err := json.Unmarshal(l, &s); err != nil {
				return err
			}
		} else {
			s = string(l)
		}
		d.Label = s
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return err
	}
	for k, v := range all {
		if IsCustomFieldCode(k) {
			if d.CustomFields == nil {
				d.CustomFields = make(CustomFields)
			}
			d.CustomFields[k] = v
		}
	}
	return nil
}

// MarshalJSON implements json.Marshaler: v1's shape, custom fields at the
// top level under their codes.
func (d V1Deal) MarshalJSON() ([]byte, error) {
	type plain V1Deal
	b, err := json.Marshal(plain(d))
	if err != nil || len(d.CustomFields) == 0 {
		return b, err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, err
	}
	for k, v := range d.CustomFields {
		if _, taken := all[k]; !taken {
			all[k] = v
		}
	}
	return json.Marshal(all)
}
