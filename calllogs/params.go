package calllogs

import (
	"encoding/json"
	"errors"
	"io"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
)

// ListParams page List. The zero value (or nil) lists from the start.
type ListParams struct {
	// Start is the offset of the first call log: a previous page's
	// NextStart.
	Start int `url:"start,omitempty"`
	// Limit is the page size (at most 50).
	Limit int `url:"limit,omitempty"`
}

// CreateParams is a call to log. ToPhoneNumber, Outcome, StartTime and
// EndTime are required. A call may be linked to a deal or to a lead, not
// both (Pipedrive refuses both with a 400).
type CreateParams struct {
	// ToPhoneNumber is the number called; FromPhoneNumber the number that
	// called.
	ToPhoneNumber   string  `json:"to_phone_number" pipedrive:"required"`
	FromPhoneNumber string  `json:"from_phone_number,omitempty"`
	Outcome         Outcome `json:"outcome" pipedrive:"required"`
	// StartTime and EndTime bound the call; they are sent in UTC.
	StartTime time.Time `json:"start_time" pipedrive:"required"`
	EndTime   time.Time `json:"end_time" pipedrive:"required"`
	// Duration is how long the call lasted (sent in whole seconds); nil
	// leaves it to Pipedrive.
	Duration *time.Duration `json:"duration,omitempty"`
	// Subject names the call's activity.
	Subject string `json:"subject,omitempty"`
	// UserID makes another user the call log's owner (needs the account
	// settings permission); by default it is the authorized user.
	UserID int64 `json:"user_id,omitempty"`
	// ActivityID turns an existing call activity into this call log; its
	// deal, person and organization are then used, and those below are
	// ignored.
	ActivityID int64 `json:"activity_id,omitempty"`
	// The records to link the call to.
	PersonID int64  `json:"person_id,omitempty"`
	OrgID    int64  `json:"org_id,omitempty"`
	DealID   int64  `json:"deal_id,omitempty"`
	LeadID   string `json:"lead_id,omitempty"`
	// Note is a note on the call, as HTML.
	Note string `json:"note,omitempty"`
}

// Validate refuses a call that ends before it starts, or lasts a negative
// time.
func (p *CreateParams) Validate() error {
	switch {
	case !p.StartTime.IsZero() && !p.EndTime.IsZero() && p.EndTime.Before(p.StartTime):
		return errors.New("end_time is before start_time")
	case p.Duration != nil && *p.Duration < 0:
		return errors.New("negative duration")
	}
	return nil
}

// MarshalJSON implements json.Marshaler: the times in UTC (RFC 3339, to
// the second) and the duration as a string of seconds, as the API takes
// them.
func (p CreateParams) MarshalJSON() ([]byte, error) {
	type plain CreateParams
	var d *crm.CallSeconds
	if p.Duration != nil {
		v := crm.CallSeconds(*p.Duration)
		d = &v
	}
	return json.Marshal(struct {
		plain
		StartTime string           `json:"start_time"`
		EndTime   string           `json:"end_time"`
		Duration  *crm.CallSeconds `json:"duration,omitempty"`
	}{plain(p), utc(p.StartTime), utc(p.EndTime), d})
}

func utc(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// RecordingParams is an audio recording to attach to a call log. Content
// and FileName are required.
type RecordingParams struct {
	// Content is the audio, in a format HTML5 audio plays (MP3, WAV,
	// Ogg...). It is streamed, never held in memory. An io.Seeker (an
	// *os.File) lets the upload be sent again after a 429; anything else
	// is read once.
	Content io.Reader `json:"-" pipedrive:"required"`
	// FileName is the name the file is uploaded with ("call.mp3").
	FileName string `json:"-" pipedrive:"required"`
	// ContentType is the audio's media type; by default it is guessed
	// from FileName's extension.
	ContentType string `json:"-"`
	// Size is Content's length in bytes, for a Content that cannot tell
	// its own (a pipe, a network stream); exactly Size bytes are then
	// sent. A Content that can (*os.File, *bytes.Reader, *strings.Reader)
	// needs none: its own length wins. With a known length the upload
	// carries a Content-Length; otherwise it is sent chunked.
	Size int64 `json:"-"`
}

// Validate refuses a negative size.
func (p *RecordingParams) Validate() error {
	if p.Size < 0 {
		return errors.New("negative size")
	}
	return nil
}
