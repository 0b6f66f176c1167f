package deals

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/jsonx"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// The operations in this file exist only in API v1.

// SummaryParams filter a deals summary.
type SummaryParams struct {
	// Status is open, won or lost (StatusDeleted is refused before
	// sending: it is only a list filter).
	Status     Status `url:"status,omitempty"`
	FilterID   int64  `url:"filter_id,omitempty"`
	UserID     int64  `url:"user_id,omitempty"`
	PipelineID int64  `url:"pipeline_id,omitempty"`
	StageID    int64  `url:"stage_id,omitempty"`
}

// Validate refuses StatusDeleted before anything is sent (the core calls
// it).
func (p *SummaryParams) Validate() error {
	if p.Status == StatusDeleted {
		return errDeletedFilter
	}
	return nil
}

// CurrencyTotal is the total of deals in one currency.
type CurrencyTotal struct {
	Count int     `json:"count"`
	Value float64 `json:"value"`
	// ValueConverted is Value in the company's default currency.
	ValueConverted          float64 `json:"value_converted,omitempty"`
	ValueFormatted          string  `json:"value_formatted"`
	ValueConvertedFormatted string  `json:"value_converted_formatted,omitempty"`
}

// Summary totals deals: by currency, weighted by probability, and
// converted to the company's default currency.
type Summary struct {
	TotalCount int `json:"total_count"`
	// ValuesTotal and WeightedValuesTotal are keyed by currency code.
	ValuesTotal                                  map[string]CurrencyTotal `json:"values_total"`
	WeightedValuesTotal                          map[string]CurrencyTotal `json:"weighted_values_total"`
	TotalCurrencyConvertedValue                  float64                  `json:"total_currency_converted_value"`
	TotalWeightedCurrencyConvertedValue          float64                  `json:"total_weighted_currency_converted_value"`
	TotalCurrencyConvertedValueFormatted         string                   `json:"total_currency_converted_value_formatted"`
	TotalWeightedCurrencyConvertedValueFormatted string                   `json:"total_weighted_currency_converted_value_formatted"`
}

// Interval is the length of a timeline period.
type Interval string

// Timeline intervals.
const (
	IntervalDay     Interval = "day"
	IntervalWeek    Interval = "week"
	IntervalMonth   Interval = "month"
	IntervalQuarter Interval = "quarter"
)

// TimelineParams describe a deals timeline: Amount periods of Interval
// from StartDate, grouping deals by the date field FieldKey (e.g.
// "add_time", "won_time", "expected_close_date" or a custom date field's
// code). StartDate, Interval, Amount (positive) and FieldKey are required.
type TimelineParams struct {
	StartDate  crm.Date `url:"start_date" pipedrive:"required"`
	Interval   Interval `url:"interval" pipedrive:"required"`
	Amount     int      `url:"amount" pipedrive:"required"`
	FieldKey   string   `url:"field_key" pipedrive:"required"`
	UserID     int64    `url:"user_id,omitempty"`
	PipelineID int64    `url:"pipeline_id,omitempty"`
	FilterID   int64    `url:"filter_id,omitempty"`
	// ExcludeDeals leaves the deals out, keeping the totals.
	ExcludeDeals bool `url:"exclude_deals,omitempty,int"`
	// TotalsConvertCurrency adds totals converted to this currency code.
	TotalsConvertCurrency string `url:"totals_convert_currency,omitempty"`
}

// Validate refuses a negative Amount before anything is sent (the core
// calls it after checking the required fields).
func (p *TimelineParams) Validate() error {
	if p.Amount < 0 {
		return fmt.Errorf("amount must be positive, not %d", p.Amount)
	}
	return nil
}

// TimelinePeriod is one period of a deals timeline.
type TimelinePeriod struct {
	PeriodStart time.Time      `json:"period_start"`
	PeriodEnd   time.Time      `json:"period_end"`
	Deals       []V1Deal       `json:"deals"`
	Totals      TimelineTotals `json:"totals"`
}

// UnmarshalJSON implements json.Unmarshaler (v1 timestamps).
func (p *TimelinePeriod) UnmarshalJSON(b []byte) error {
	type plain TimelinePeriod
	var aux struct {
		*plain
		PeriodStart crm.Time `json:"period_start"`
		PeriodEnd   crm.Time `json:"period_end"`
	}
	aux.plain = (*plain)(p)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	p.PeriodStart, p.PeriodEnd = aux.PeriodStart.Time, aux.PeriodEnd.Time
	return nil
}

// TimelineTotals are a period's counts and values, by currency code.
type TimelineTotals struct {
	Count              int                `json:"count"`
	Values             map[string]float64 `json:"values"`
	WeightedValues     map[string]float64 `json:"weighted_values"`
	OpenCount          int                `json:"open_count"`
	OpenValues         map[string]float64 `json:"open_values"`
	WeightedOpenValues map[string]float64 `json:"weighted_open_values"`
	WonCount           int                `json:"won_count"`
	WonValues          map[string]float64 `json:"won_values"`
}

// timeline decodes the timeline's data, which the spec documents as one
// period and the API sends as a list of them.
type timeline []TimelinePeriod

// UnmarshalJSON implements json.Unmarshaler: one period or a list.
func (t *timeline) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*t = nil
		return nil
	case len(b) > 0 && b[0] == '{':
		var p TimelinePeriod
		if err := json.Unmarshal(b, &p); err != nil {
			return err
		}
		*t = timeline{p}
		return nil
	}
	var ps []TimelinePeriod
	if err := json.Unmarshal(b, &ps); err != nil {
		return err
	}
	*t = ps
	return nil
}

// Timeline iterates over the periods of a deals timeline: open and won
// deals grouped into params.Amount periods by a date field. The API
// answers every period at once, so the iterator makes one request when
// iteration starts and yields that page; an error is yielded once, as the
// last pair.
func (s *Service) Timeline(ctx context.Context, params *TimelineParams) iter.Seq2[*TimelinePeriod, error] {
	return onePage(func() (*crm.Page[TimelinePeriod], error) { return s.TimelinePage(ctx, params) })
}

// TimelinePage returns every period of a deals timeline as one page, the
// only one: its More is false.
func (s *Service) TimelinePage(ctx context.Context, params *TimelineParams) (*crm.Page[TimelinePeriod], error) {
	return s.timeline(ctx, ops.V1GetDealsTimeline, params)
}

// ArchivedTimeline is Timeline for archived deals.
func (s *Service) ArchivedTimeline(ctx context.Context, params *TimelineParams) iter.Seq2[*TimelinePeriod, error] {
	return onePage(func() (*crm.Page[TimelinePeriod], error) { return s.ArchivedTimelinePage(ctx, params) })
}

// ArchivedTimelinePage is TimelinePage for archived deals.
func (s *Service) ArchivedTimelinePage(ctx context.Context, params *TimelineParams) (*crm.Page[TimelinePeriod], error) {
	return s.timeline(ctx, ops.V1GetArchivedDealsTimeline, params)
}

func (s *Service) timeline(ctx context.Context, op ops.Op, params *TimelineParams) (*crm.Page[TimelinePeriod], error) {
	out, err := core.Fetch[timeline](ctx, s.c(), &core.Call{Op: op, Query: params})
	if err != nil {
		return nil, err
	}
	return &crm.Page[TimelinePeriod]{Items: *out}, nil
}

// onePage is the iterator over a list the API answers in one response:
// fetch runs when iteration starts; its items are yielded, or its error
// once.
func onePage[T any](fetch func() (*crm.Page[T], error)) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		page, err := fetch()
		if err != nil {
			yield(nil, err)
			return
		}
		for i := range page.Items {
			if !yield(&page.Items[i], nil) {
				return
			}
		}
	}
}

// V1Deal is a deal in API v1's shape, as the v1-only endpoints (timeline,
// duplicate) return it. See crm.V1Deal.
type V1Deal = crm.V1Deal

// Contact is an email address or phone number of a person.
type Contact struct {
	Value   string `json:"value"`
	Label   string `json:"label,omitempty"`
	Primary bool   `json:"primary"`
}

// ParticipantPerson is the person behind a deal participant.
type ParticipantPerson struct {
	ID        int64         `json:"id"`
	Name      string        `json:"name"`
	FirstName string        `json:"first_name,omitempty"`
	LastName  string        `json:"last_name,omitempty"`
	Emails    []Contact     `json:"email"`
	Phones    []Contact     `json:"phone"`
	CompanyID int64         `json:"company_id,omitempty"`
	OwnerID   int64         `json:"owner_id,omitempty"`
	OwnerName string        `json:"owner_name,omitempty"`
	OrgID     int64         `json:"org_id,omitempty"`
	OrgName   string        `json:"org_name,omitempty"`
	Active    bool          `json:"active_flag"`
	VisibleTo crm.VisibleTo `json:"visible_to"`
	LabelIDs  []int64       `json:"label_ids,omitempty"`
	// Label is the person's single label id of older accounts.
	Label     *int64    `json:"label,omitempty"`
	CCEmail   string    `json:"cc_email,omitempty"`
	FirstChar string    `json:"first_char,omitempty"`
	PictureID *int64    `json:"picture_id,omitempty"`
	AddTime   time.Time `json:"add_time"`
	// UpdateTime is the person's last change.
	UpdateTime           time.Time  `json:"update_time"`
	LastIncomingMailTime *time.Time `json:"last_incoming_mail_time,omitempty"`
	LastOutgoingMailTime *time.Time `json:"last_outgoing_mail_time,omitempty"`

	NextActivityID   *int64        `json:"next_activity_id,omitempty"`
	NextActivityDate crm.Date      `json:"next_activity_date"`
	NextActivityTime crm.TimeOfDay `json:"next_activity_time"`
	LastActivityID   *int64        `json:"last_activity_id,omitempty"`
	LastActivityDate crm.Date      `json:"last_activity_date"`

	OpenDealsCount        int `json:"open_deals_count,omitempty"`
	RelatedOpenDealsCount int `json:"related_open_deals_count,omitempty"`
	ClosedDealsCount      int `json:"closed_deals_count,omitempty"`
	WonDealsCount         int `json:"won_deals_count,omitempty"`
	LostDealsCount        int `json:"lost_deals_count,omitempty"`
	ActivitiesCount       int `json:"activities_count,omitempty"`
	DoneActivitiesCount   int `json:"done_activities_count,omitempty"`
	UndoneActivitiesCount int `json:"undone_activities_count,omitempty"`
	FilesCount            int `json:"files_count,omitempty"`
	NotesCount            int `json:"notes_count,omitempty"`
	FollowersCount        int `json:"followers_count,omitempty"`
	EmailMessagesCount    int `json:"email_messages_count,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler (v1 references and times).
func (p *ParticipantPerson) UnmarshalJSON(b []byte) error {
	type plain ParticipantPerson
	var aux struct {
		*plain
		OwnerID              jsonx.ID `json:"owner_id"`
		OrgID                jsonx.ID `json:"org_id"`
		PictureID            jsonx.ID `json:"picture_id"`
		AddTime              crm.Time `json:"add_time"`
		UpdateTime           crm.Time `json:"update_time"`
		LastIncomingMailTime crm.Time `json:"last_incoming_mail_time"`
		LastOutgoingMailTime crm.Time `json:"last_outgoing_mail_time"`
		CCEmail              *string  `json:"cc_email"`
	}
	*p = ParticipantPerson{}
	aux.plain = (*plain)(p)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}

	p.OwnerID, p.OrgID = int64(aux.OwnerID), int64(aux.OrgID)
	if aux.PictureID != 0 {
		id := int64(aux.PictureID)
		p.PictureID = &id
	}
	p.LastIncomingMailTime, p.LastOutgoingMailTime = aux.LastIncomingMailTime.Ptr(), aux.LastOutgoingMailTime.Ptr()
	if aux.CCEmail != nil {
		p.CCEmail = *aux.CCEmail
	}
	p.AddTime, p.UpdateTime = aux.AddTime.Time, aux.UpdateTime.Time
	return nil
}

// Participant is a person taking part in a deal.
type Participant struct {
	// ID identifies the participation (use it to remove the participant).
	ID       int64 `json:"id"`
	PersonID int64 `json:"person_id"`
	// Person is the participant's person record.
	Person        *ParticipantPerson `json:"person,omitempty"`
	DealID        int64              `json:"-"`
	DealTitle     string             `json:"-"`
	AddedByUserID int64              `json:"added_by_user_id"`
	Active        bool               `json:"active_flag"`
	AddTime       time.Time          `json:"add_time"`
	// RelatedItemType and RelatedItemID name what the person takes part
	// in ("deal" and the deal's id); RelatedItemData holds that item's id
	// and title (DealID and DealTitle, decoded).
	RelatedItemType string                `json:"related_item_type,omitempty"`
	RelatedItemID   int64                 `json:"related_item_id,omitempty"`
	RelatedItemData *ParticipantRelatedTo `json:"related_item_data,omitempty"`
}

// ParticipantRelatedTo is the deal a participant takes part in.
type ParticipantRelatedTo struct {
	DealID int64  `json:"deal_id"`
	Title  string `json:"title"`
}

// UnmarshalJSON implements json.Unmarshaler.
func (p *Participant) UnmarshalJSON(b []byte) error {
	type plain Participant
	var aux struct {
		*plain
		PersonID jsonx.ID `json:"person_id"`
		AddedBy  jsonx.ID `json:"added_by_user_id"`
		AddTime  crm.Time `json:"add_time"`
	}
	*p = Participant{}
	aux.plain = (*plain)(p)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}

	p.PersonID, p.AddedByUserID, p.AddTime = int64(aux.PersonID), int64(aux.AddedBy), aux.AddTime.Time
	if p.PersonID == 0 && p.Person != nil {
		p.PersonID = p.Person.ID
	}
	if p.RelatedItemData != nil {
		p.DealID, p.DealTitle = p.RelatedItemData.DealID, p.RelatedItemData.Title
	}
	if p.DealID == 0 && p.RelatedItemType == "deal" {
		p.DealID = p.RelatedItemID
	}
	return nil
}

// AddParticipant adds person personID as a participant of deal id.
func (s *Service) AddParticipant(ctx context.Context, id, personID int64) (*Participant, error) {
	if personID <= 0 {
		return nil, core.Refuse(ops.V1AddDealParticipant, "person id must be positive, not %d", personID)
	}
	body := struct {
		PersonID int64 `json:"person_id"`
	}{personID}
	return core.Fetch[Participant](ctx, s.c(), &core.Call{Op: ops.V1AddDealParticipant, PathArgs: []any{id}, Body: body})
}

// ParticipantChange is one entry of a deal's participants changelog.
type ParticipantChange struct {
	// Action is "added" or "removed".
	Action      string    `json:"action"`
	ActorUserID int64     `json:"actor_user_id"`
	PersonID    int64     `json:"person_id"`
	Time        time.Time `json:"time"`
}

// UnmarshalJSON implements json.Unmarshaler (v1 timestamps).
func (c *ParticipantChange) UnmarshalJSON(b []byte) error {
	type plain ParticipantChange
	var aux struct {
		*plain
		Time crm.Time `json:"time"`
	}
	aux.plain = (*plain)(c)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	c.Time = aux.Time.Time
	return nil
}
