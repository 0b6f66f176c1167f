package crm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// TimeOfDay is a wall-clock time without a date or zone, as Pipedrive's
// time fields hold it ("14:30" or "14:30:00"): activity due times, time
// custom fields. Valid reports whether it was set; the zero TimeOfDay
// encodes as null.
type TimeOfDay struct {
	Hour, Minute, Second int
	// Valid is true for a time that was given or decoded; the zero value
	// means "no time".
	Valid bool
}

// NewTimeOfDay returns the time h:m:s.
func NewTimeOfDay(h, m, s int) TimeOfDay {
	return TimeOfDay{Hour: h, Minute: m, Second: s, Valid: true}
}

// ParseTimeOfDay reads "15:04" or "15:04:05".
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"15:04:05", "15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return NewTimeOfDay(t.Hour(), t.Minute(), t.Second()), nil
		}
	}
	return TimeOfDay{}, fmt.Errorf("crm: %q is not a time of day (HH:MM or HH:MM:SS)", s)
}

// IsZero reports whether t holds no time.
func (t TimeOfDay) IsZero() bool { return !t.Valid }

// String returns "15:04", or "15:04:05" when there are seconds, or "" for
// no time.
func (t TimeOfDay) String() string {
	switch {
	case !t.Valid:
		return ""
	case t.Second != 0:
		return fmt.Sprintf("%02d:%02d:%02d", t.Hour, t.Minute, t.Second)
	}
	return fmt.Sprintf("%02d:%02d", t.Hour, t.Minute)
}

// MarshalJSON implements json.Marshaler: "15:04" (or "15:04:05"), or null.
func (t TimeOfDay) MarshalJSON() ([]byte, error) {
	if !t.Valid {
		return []byte("null"), nil
	}
	return []byte(strconv.Quote(t.String())), nil
}

// UnmarshalJSON implements json.Unmarshaler; null and "" give no time.
func (t *TimeOfDay) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*t = TimeOfDay{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("crm: time of day must be a JSON string, got %.40s", b)
	}
	if strings.TrimSpace(s) == "" {
		*t = TimeOfDay{}
		return nil
	}
	v, err := ParseTimeOfDay(s)
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// EncodeValues lets a TimeOfDay be a query parameter: it is added as
// "15:04" (or "15:04:05"), and left out when unset.
func (t TimeOfDay) EncodeValues(key string, v *url.Values) error {
	if t.Valid {
		v.Add(key, t.String())
	}
	return nil
}
