package crm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// CallOutcome is how a logged call ended.
type CallOutcome string

// Call outcomes.
const (
	CallOutcomeConnected     CallOutcome = "connected"
	CallOutcomeNoAnswer      CallOutcome = "no_answer"
	CallOutcomeLeftMessage   CallOutcome = "left_message"
	CallOutcomeLeftVoicemail CallOutcome = "left_voicemail"
	CallOutcomeWrongNumber   CallOutcome = "wrong_number"
	CallOutcomeBusy          CallOutcome = "busy"
)

// CallLog is a phone call logged by a telephony integration (the v1
// callLogs endpoints). Each call log is shown as a done call activity;
// it may carry an audio recording.
//
// It is defined here and aliased as calllogs.CallLog, so that code that
// only reads call logs links neither the API client nor the rate limiter.
type CallLog struct {
	// ID is the call log's id, a string such as
	// "CAd92b224eb4a39b5ad8fea92ff0e".
	ID string `json:"id"`
	// ActivityID is the call activity that shows the call.
	ActivityID int64 `json:"activity_id,omitempty"`
	// The records the call is linked to (0 or "" when none). A call is
	// linked to a deal or to a lead, never both.
	PersonID int64  `json:"person_id,omitempty"`
	OrgID    int64  `json:"org_id,omitempty"`
	DealID   int64  `json:"deal_id,omitempty"`
	LeadID   string `json:"lead_id,omitempty"`
	// Subject is the name of the call's activity.
	Subject string `json:"subject,omitempty"`
	// Duration is how long the call lasted, to the second (the API sends
	// a string of seconds).
	Duration        time.Duration `json:"duration"`
	Outcome         CallOutcome   `json:"outcome"`
	FromPhoneNumber string        `json:"from_phone_number,omitempty"`
	ToPhoneNumber   string        `json:"to_phone_number"`
	// HasRecording is true once an audio recording is attached.
	HasRecording bool      `json:"has_recording"`
	StartTime    time.Time `json:"start_time"`
	EndTime      time.Time `json:"end_time"`
	// UserID owns the call log; CompanyID is the owner's company.
	UserID    int64 `json:"user_id"`
	CompanyID int64 `json:"company_id,omitempty"`
	// Note is a note on the call, as HTML.
	Note string `json:"note,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler: the duration as seconds (a
// string or a number), either timestamp form, and ids sent as strings.
func (c *CallLog) UnmarshalJSON(b []byte) error {
	type plain CallLog
	var aux struct {
		*plain
		Duration     CallSeconds `json:"duration"`
		HasRecording flag        `json:"has_recording"`
		StartTime    Time        `json:"start_time"`
		EndTime      Time        `json:"end_time"`
	}
	aux.plain = (*plain)(c)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	c.Duration = time.Duration(aux.Duration)
	c.HasRecording = bool(aux.HasRecording)
	c.StartTime, c.EndTime = aux.StartTime.Time, aux.EndTime.Time
	return nil
}

// CallSeconds is a call's length as the call log API writes it: a string
// of whole seconds ("75"). It decodes from that, from a JSON number, or
// from "HH:MM:SS", and encodes as the string of seconds.
type CallSeconds time.Duration

// MarshalJSON implements json.Marshaler: the whole seconds as a string.
func (d CallSeconds) MarshalJSON() ([]byte, error) {
	return json.Marshal(strconv.FormatInt(int64(time.Duration(d)/time.Second), 10))
}

// UnmarshalJSON implements json.Unmarshaler.
func (d *CallSeconds) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if isNull(b) {
		*d = 0
		return nil
	}
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	}
	s = strings.TrimSpace(s)
	if s == "" {
		*d = 0
		return nil
	}
	if strings.Contains(s, ":") {
		v, err := ParseDuration(s)
		if err != nil {
			return err
		}
		*d = CallSeconds(v)
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) || f > 1e9 {
		return fmt.Errorf("crm: call duration %.40q is not a number of seconds", s)
	}
	*d = CallSeconds(time.Duration(f * float64(time.Second)).Round(time.Millisecond))
	return nil
}
