package webhooks

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
)

// The flex types decode the loosely typed scalars of webhook payloads:
// Pipedrive sends many ids as strings ("8087566"), booleans as 0/1 and
// times in several formats. A value that cannot be read leaves the zero
// value rather than failing the whole delivery: the raw JSON is kept.

// flexInt is an integer sent as a JSON number or a numeric string.
type flexInt int64

func (n *flexInt) UnmarshalJSON(b []byte) error {
	*n = 0
	if v, ok := parseInt(b); ok {
		*n = flexInt(v)
	}
	return nil
}

func parseInt(b []byte) (int64, bool) {
	s := string(bytes.TrimSpace(b))
	if len(s) >= 2 && s[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return 0, false
		}
		s = strings.TrimSpace(s)
	}
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return v, true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<62 {
		return int64(f), true
	}
	return 0, false
}

// flexStr is a string sent as a JSON string, number or boolean.
type flexStr string

func (s *flexStr) UnmarshalJSON(b []byte) error {
	*s = ""
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || b[0] == 'n' || b[0] == '{' || b[0] == '[':
	case b[0] == '"':
		var v string
		if json.Unmarshal(b, &v) == nil {
			*s = flexStr(v)
		}
	default: // number or boolean: keep its text
		*s = flexStr(b)
	}
	return nil
}

// flexBool is a boolean sent as true/false, 0/1 or their string forms.
type flexBool bool

func (v *flexBool) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(bytes.TrimSpace(b)), `"`)
	switch strings.ToLower(s) {
	case "true", "1":
		*v = true
	default:
		*v = false
	}
	return nil
}

// flexTime is a time sent as RFC 3339, as v1's "2006-01-02 15:04:05" (UTC),
// or as a Unix timestamp in seconds, milliseconds or microseconds.
type flexTime time.Time

func (t *flexTime) UnmarshalJSON(b []byte) error {
	*t = flexTime(time.Time{})
	if v, ok := parseTime(b); ok {
		*t = flexTime(v)
	}
	return nil
}

func (t flexTime) ptr() *time.Time {
	if time.Time(t).IsZero() {
		return nil
	}
	v := time.Time(t)
	return &v
}

// v1TimeLayout is API v1's time format, always UTC.
const v1TimeLayout = "2006-01-02 15:04:05"

func parseTime(b []byte) (time.Time, bool) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] == 'n' {
		return time.Time{}, false
	}
	if b[0] == '"' {
		var s string
		if json.Unmarshal(b, &s) != nil {
			return time.Time{}, false
		}
		return parseTimeString(s)
	}
	return parseUnix(string(b))
}

func parseTimeString(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, true
	}
	if t, err := time.ParseInLocation(v1TimeLayout, s, time.UTC); err == nil {
		return t, true
	}
	if t, err := time.ParseInLocation("2006-01-02", s, time.UTC); err == nil {
		return t, true
	}
	return parseUnix(s)
}

// parseUnix reads a Unix timestamp, guessing its unit from its size.
func parseUnix(s string) (time.Time, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}, false
	}
	switch {
	case n >= 1e17:
		return time.Unix(0, n).UTC(), true
	case n >= 1e14:
		return time.UnixMicro(n).UTC(), true
	case n >= 1e11:
		return time.UnixMilli(n).UTC(), true
	default:
		return time.Unix(n, 0).UTC(), true
	}
}
