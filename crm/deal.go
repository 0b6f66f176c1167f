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

// DealStatus is the state of a deal (deals.Status is the same type).
type DealStatus string

// Deal statuses (also named deals.StatusOpen, ...). DealStatusDeleted is
// only a list filter.
const (
	DealStatusOpen    DealStatus = "open"
	DealStatusWon     DealStatus = "won"
	DealStatusLost    DealStatus = "lost"
	DealStatusDeleted DealStatus = "deleted"
)

// Deal is a deal as API v2 (and webhooks v2) represent it. Nullable values
// are pointers; the fields marked "include_fields" are only filled when
// asked for with deals.GetParams.IncludeFields or ListParams.IncludeFields.
//
// Besides v2 objects it decodes what webhooks and v1 send: numbers as
// strings (visible_to "3"), ids wrapped in objects ({"value": 77, ...}),
// v1's user_id for the owner, v1 timestamps ("2006-01-02 15:04:05", and
// "" for none), label_ids as {id, label} objects, and v1's top-level
// custom fields (40-character keys) when there is no custom_fields object.
//
// It is defined here and aliased as deals.Deal, so that code that only
// reads deals, such as a webhook receiver, does not link the API client or
// the rate limiter.
type Deal struct {
	ID            int64  `json:"id"`
	Title         string `json:"title"`
	CreatorUserID int64  `json:"creator_user_id,omitempty"`
	OwnerID       int64  `json:"owner_id"`
	PersonID      *int64 `json:"person_id"`
	OrgID         *int64 `json:"org_id"`
	PipelineID    int64  `json:"pipeline_id"`
	StageID       int64  `json:"stage_id"`
	// Value is the deal's amount in Currency (ISO 4217).
	Value    float64 `json:"value"`
	Currency string  `json:"currency"`

	AddTime         time.Time  `json:"add_time"`
	UpdateTime      *time.Time `json:"update_time"`
	StageChangeTime *time.Time `json:"stage_change_time"`
	CloseTime       *time.Time `json:"close_time"`
	WonTime         *time.Time `json:"won_time"`
	LostTime        *time.Time `json:"lost_time"`
	ArchiveTime     *time.Time `json:"archive_time,omitempty"`
	// FirstWonTime is filled on request (include_fields).
	FirstWonTime *time.Time `json:"first_won_time,omitempty"`
	// ExpectedCloseDate is the zero Date when not set.
	ExpectedCloseDate Date `json:"expected_close_date"`
	// LocalWonDate, LocalLostDate and LocalCloseDate are the dates of
	// those events in the company's time zone.
	LocalWonDate   Date `json:"local_won_date,omitempty"`
	LocalLostDate  Date `json:"local_lost_date,omitempty"`
	LocalCloseDate Date `json:"local_close_date,omitempty"`

	Status      DealStatus `json:"status"`
	IsDeleted   bool       `json:"is_deleted"`
	IsArchived  bool       `json:"is_archived"`
	Probability *float64   `json:"probability"`
	LostReason  *string    `json:"lost_reason"`
	VisibleTo   VisibleTo  `json:"visible_to"`
	LabelIDs    []int64    `json:"label_ids"`
	// Labels holds the labels' names when asked for (include_labels).
	Labels []Label `json:"labels,omitempty"`

	// Origin says how the deal was created (e.g. "ManuallyCreated",
	// "API"); OriginID refines it. Both are set by Pipedrive.
	Origin   string  `json:"origin,omitempty"`
	OriginID *string `json:"origin_id"`
	// Channel is the marketing channel's id; ChannelID refines it.
	Channel      *int64  `json:"channel"`
	ChannelID    *string `json:"channel_id"`
	SourceLeadID *string `json:"source_lead_id,omitempty"`
	// ARR, MRR and ACV (Growth plans and above) are the annual recurring
	// revenue, monthly recurring revenue and annual contract value.
	ARR *float64 `json:"arr,omitempty"`
	MRR *float64 `json:"mrr,omitempty"`
	ACV *float64 `json:"acv,omitempty"`

	// CustomFields holds the company's custom fields, keyed by field code.
	// Read them by name with the FieldSet from Service.CustomFields.
	CustomFields CustomFields `json:"custom_fields"`

	// Filled on request (include_fields).
	NextActivityID        *int64     `json:"next_activity_id,omitempty"`
	LastActivityID        *int64     `json:"last_activity_id,omitempty"`
	ProductsCount         *int       `json:"products_count,omitempty"`
	FilesCount            *int       `json:"files_count,omitempty"`
	NotesCount            *int       `json:"notes_count,omitempty"`
	FollowersCount        *int       `json:"followers_count,omitempty"`
	EmailMessagesCount    *int       `json:"email_messages_count,omitempty"`
	ActivitiesCount       *int       `json:"activities_count,omitempty"`
	DoneActivitiesCount   *int       `json:"done_activities_count,omitempty"`
	UndoneActivitiesCount *int       `json:"undone_activities_count,omitempty"`
	ParticipantsCount     *int       `json:"participants_count,omitempty"`
	LastIncomingMailTime  *time.Time `json:"last_incoming_mail_time,omitempty"`
	LastOutgoingMailTime  *time.Time `json:"last_outgoing_mail_time,omitempty"`
	SmartBCCEmail         string     `json:"smart_bcc_email,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler (see Deal for the shapes it
// accepts).
func (d *Deal) UnmarshalJSON(b []byte) error {
	if d.decodeV2(b) {
		return nil
	}
	return d.decodeAny(b)
}

// dealPlain is Deal without its UnmarshalJSON method.
type dealPlain Deal

// present records that a JSON member was there, whatever its value.
type present bool

// UnmarshalJSON implements json.Unmarshaler.
func (p *present) UnmarshalJSON([]byte) error { *p = true; return nil }

// decodeV2 decodes the shape API v2 sends, with encoding/json alone and in
// one pass (see dealTwin). It reports false, leaving d to be decoded again
// from scratch by decodeAny, for anything else.
func (d *Deal) decodeV2(b []byte) bool {
	t := newDealTwin(d)
	return json.Unmarshal(b, t) == nil && t.Finish()
}

// JSONTwin returns the value the SDK's client core decodes a deal into
// when it reads one from a response, in the same pass as the envelope
// around it, instead of calling UnmarshalJSON (which costs two more scans
// of the deal's bytes); d is reset to its zero value. Finish completes d
// and reports whether the deal had API v2's usual shape; if not, d must
// be decoded again with json.Unmarshal, which takes every shape. Code of
// your own decodes a Deal with json.Unmarshal.
func (d *Deal) JSONTwin() interface{ Finish() bool } { return newDealTwin(d) }

// dealTwin is what API v2's shape of a deal decodes into with
// encoding/json alone: numbers as numbers, RFC 3339 timestamps, label_ids
// as ids, a custom_fields object, no v1 names. Finish reports false for
// anything else (or a member only decodeAny reads); when it reports true,
// the deal holds what decodeAny would have decoded
// (TestDealDecodeV2MatchesDecodeAny and FuzzDealDecodeV2 hold it to that).
// The one exception is an object that names a member twice, which RFC
// 8259 leaves to the implementation and Pipedrive does not send:
// decodeAny keeps the last value of the members it reads itself, the twin
// decodes the second into the first as encoding/json does (a null keeps a
// time, a shorter list overwrites the start of a longer one).
type dealTwin struct {
	*dealPlain
	// Members only decodeAny reads (v1).
	UserID  present `json:"user_id"`
	Label   present `json:"label"`
	Deleted present `json:"deleted"`
}

// newDealTwin resets d and returns its twin.
func newDealTwin(d *Deal) *dealTwin {
	*d = Deal{}
	return &dealTwin{dealPlain: (*dealPlain)(d)}
}

// Finish implements jsonx.Twin.
func (t *dealTwin) Finish() bool {
	d := (*Deal)(t.dealPlain)
	if t.UserID || t.Label || t.Deleted || d.CustomFields == nil {
		// A null custom_fields is as rare as an absent one (v1's top-level
		// custom fields): decodeAny tells them apart.
		return false
	}
	// What decodeAny does besides: a 0 reference is none, a zero time is
	// none, and label_ids (numbers only here) carry no names.
	d.PersonID, d.OrgID = nonZeroID(d.PersonID), nonZeroID(d.OrgID)
	for _, t := range []**time.Time{&d.UpdateTime, &d.StageChangeTime, &d.CloseTime, &d.WonTime, &d.LostTime,
		&d.ArchiveTime, &d.FirstWonTime, &d.LastIncomingMailTime, &d.LastOutgoingMailTime} {
		if *t != nil && (*t).IsZero() {
			*t = nil
		}
	}
	if d.LabelIDs != nil {
		d.Labels = nil
	}
	return true
}

// nonZeroID is id, or nil when it points to 0.
func nonZeroID(id *int64) *int64 {
	if id != nil && *id == 0 {
		return nil
	}
	return id
}

// decodeAny decodes every shape Deal accepts (see Deal).
func (d *Deal) decodeAny(b []byte) error {
	type plain Deal
	var aux struct {
		*plain
		CreatorUserID        jsonx.ID        `json:"creator_user_id"`
		OwnerID              json.RawMessage `json:"owner_id"`
		UserID               jsonx.ID        `json:"user_id"`
		PersonID             json.RawMessage `json:"person_id"`
		OrgID                json.RawMessage `json:"org_id"`
		AddTime              Time            `json:"add_time"`
		UpdateTime           Time            `json:"update_time"`
		StageChangeTime      Time            `json:"stage_change_time"`
		CloseTime            Time            `json:"close_time"`
		WonTime              Time            `json:"won_time"`
		LostTime             Time            `json:"lost_time"`
		ArchiveTime          Time            `json:"archive_time"`
		FirstWonTime         Time            `json:"first_won_time"`
		LastIncomingMailTime Time            `json:"last_incoming_mail_time"`
		LastOutgoingMailTime Time            `json:"last_outgoing_mail_time"`
		LabelIDs             json.RawMessage `json:"label_ids"`
		CustomFields         json.RawMessage `json:"custom_fields"`
		// v1 names.
		Label   *string `json:"label"`
		Deleted *bool   `json:"deleted"`
	}
	*d = Deal{}
	aux.plain = (*plain)(d)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	var err error
	d.CreatorUserID = int64(aux.CreatorUserID)
	if d.OwnerID, err = idOrZero(aux.OwnerID); err != nil {
		return fmt.Errorf("owner_id: %w", err)
	}
	if d.OwnerID == 0 {
		d.OwnerID = int64(aux.UserID)
	}
	if d.PersonID, err = optionalID(aux.PersonID); err != nil {
		return fmt.Errorf("person_id: %w", err)
	}
	if d.OrgID, err = optionalID(aux.OrgID); err != nil {
		return fmt.Errorf("org_id: %w", err)
	}
	d.AddTime = aux.AddTime.Time
	d.UpdateTime, d.StageChangeTime = aux.UpdateTime.Ptr(), aux.StageChangeTime.Ptr()
	d.CloseTime, d.WonTime, d.LostTime = aux.CloseTime.Ptr(), aux.WonTime.Ptr(), aux.LostTime.Ptr()
	d.ArchiveTime, d.FirstWonTime = aux.ArchiveTime.Ptr(), aux.FirstWonTime.Ptr()
	d.LastIncomingMailTime, d.LastOutgoingMailTime = aux.LastIncomingMailTime.Ptr(), aux.LastOutgoingMailTime.Ptr()
	if l := bytes.TrimSpace(aux.LabelIDs); len(l) > 0 && !bytes.Equal(l, []byte("null")) {
		var labels []Label
		if err := json.Unmarshal(l, &labels); err != nil {
			return fmt.Errorf("label_ids: %w", err)
		}
		d.LabelIDs, d.Labels = SplitLabels(labels)
	}
	if len(aux.LabelIDs) == 0 && aux.Label != nil {
		// v1: "label": "7,9".
		if d.LabelIDs, err = commaIDs(*aux.Label); err != nil {
			return fmt.Errorf("label: %w", err)
		}
	}
	if aux.Deleted != nil && *aux.Deleted {
		d.IsDeleted = true
	}
	switch cf := bytes.TrimSpace(aux.CustomFields); {
	case len(cf) > 0 && !bytes.Equal(cf, []byte("null")):
		if err := json.Unmarshal(cf, &d.CustomFields); err != nil {
			return fmt.Errorf("custom_fields: %w", err)
		}
	case len(cf) == 0:
		// v1 puts custom fields at the top level, under their codes.
		d.CustomFields, err = topLevelCustomFields(b)
		if err != nil {
			return err
		}
	}
	return nil
}

// commaIDs reads v1's comma-joined ids ("7,9").
func commaIDs(s string) ([]int64, error) {
	var ids []int64
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		n, err := strconv.ParseInt(part, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a list of ids", s)
		}
		ids = append(ids, n)
	}
	return ids, nil
}

// idOrZero reads an id in any form jsonx.ID takes; absent and null give 0.
func idOrZero(raw json.RawMessage) (int64, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return 0, nil
	}
	var id jsonx.ID
	if err := json.Unmarshal(raw, &id); err != nil {
		return 0, err
	}
	return int64(id), nil
}

// optionalID is idOrZero for nullable references: nil for absent, null
// or 0.
func optionalID(raw json.RawMessage) (*int64, error) {
	n, err := idOrZero(raw)
	if err != nil || n == 0 {
		return nil, err
	}
	return &n, nil
}

// topLevelCustomFields gathers the keys of a v1 object that are custom
// field codes (40 lowercase hex characters).
func topLevelCustomFields(b []byte) (CustomFields, error) {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, err
	}
	var out CustomFields
	for k, v := range all {
		if IsCustomFieldCode(k) {
			if out == nil {
				out = make(CustomFields)
			}
			out[k] = v
		}
	}
	return out, nil
}

// IsCustomFieldCode reports whether key has the form of a custom field's
// code: 40 lowercase hexadecimal characters.
func IsCustomFieldCode(key string) bool {
	if len(key) != 40 {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
