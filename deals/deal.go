package deals

import (
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// Status is the state of a deal.
type Status string

// Deal statuses. StatusDeleted is only a list filter.
const (
	StatusOpen    Status = "open"
	StatusWon     Status = "won"
	StatusLost    Status = "lost"
	StatusDeleted Status = "deleted"
)

// Deal is a deal as API v2 (and webhooks v2) represent it. Nullable values
// are pointers; the fields marked "include_fields" are only filled when
// asked for with GetParams.Include or ListParams.Include.
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
	ExpectedCloseDate crm.Date `json:"expected_close_date"`
	// LocalWonDate, LocalLostDate and LocalCloseDate are the dates of
	// those events in the company's time zone.
	LocalWonDate   crm.Date `json:"local_won_date,omitempty"`
	LocalLostDate  crm.Date `json:"local_lost_date,omitempty"`
	LocalCloseDate crm.Date `json:"local_close_date,omitempty"`

	Status      Status        `json:"status"`
	IsDeleted   bool          `json:"is_deleted"`
	IsArchived  bool          `json:"is_archived"`
	Probability *float64      `json:"probability"`
	LostReason  *string       `json:"lost_reason"`
	VisibleTo   crm.VisibleTo `json:"visible_to"`
	LabelIDs    []int64       `json:"label_ids"`
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
	CustomFields crm.CustomFields `json:"custom_fields"`

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

// Label is a deal label: its id and name (the shared crm.Label).
type Label = crm.Label

// UnmarshalJSON implements json.Unmarshaler. Besides the API's own
// format it accepts what webhooks and older endpoints send: numbers as
// strings ("visible_to": "3"), v1 timestamps, "" for an empty time, and
// label_ids as {id, label} objects.
func (d *Deal) UnmarshalJSON(b []byte) error {
	type plain Deal
	var aux struct {
		*plain
		AddTime              crm.Time    `json:"add_time"`
		UpdateTime           crm.Time    `json:"update_time"`
		StageChangeTime      crm.Time    `json:"stage_change_time"`
		CloseTime            crm.Time    `json:"close_time"`
		WonTime              crm.Time    `json:"won_time"`
		LostTime             crm.Time    `json:"lost_time"`
		ArchiveTime          crm.Time    `json:"archive_time"`
		FirstWonTime         crm.Time    `json:"first_won_time"`
		LastIncomingMailTime crm.Time    `json:"last_incoming_mail_time"`
		LastOutgoingMailTime crm.Time    `json:"last_outgoing_mail_time"`
		LabelIDs             []crm.Label `json:"label_ids"`
	}
	*d = Deal{}
	aux.plain = (*plain)(d)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}

	d.AddTime = aux.AddTime.Time
	d.UpdateTime, d.StageChangeTime = aux.UpdateTime.Ptr(), aux.StageChangeTime.Ptr()
	d.CloseTime, d.WonTime, d.LostTime = aux.CloseTime.Ptr(), aux.WonTime.Ptr(), aux.LostTime.Ptr()
	d.ArchiveTime, d.FirstWonTime = aux.ArchiveTime.Ptr(), aux.FirstWonTime.Ptr()
	d.LastIncomingMailTime, d.LastOutgoingMailTime = aux.LastIncomingMailTime.Ptr(), aux.LastOutgoingMailTime.Ptr()
	ids, labels := crm.SplitLabels(aux.LabelIDs)
	d.LabelIDs = ids
	if len(labels) > 0 {
		d.Labels = labels
	}
	return nil
}
