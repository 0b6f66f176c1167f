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

// LayoutV1 is the timestamp layout of API v1 ("2024-02-12 09:14:35"),
// always in UTC.
const LayoutV1 = "2006-01-02 15:04:05"

// ParseTime reads a Pipedrive timestamp in any of the forms the API
// uses: RFC 3339 (API v2, webhooks), "2006-01-02 15:04:05" in UTC (API v1),
// the same with a "T" separator, or a bare date "2006-01-02" (midnight UTC).
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{LayoutV1, "2006-01-02T15:04:05", "2006-01-02 15:04:05.999999999", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("crm: %q is not a Pipedrive timestamp (RFC 3339 or %q)", s, LayoutV1)
}

// isZeroV1 reports whether s is v1's "no time" value, "0000-00-00
// 00:00:00" (or its date part), which some v1 objects (pictures) send for
// a time never set.
func isZeroV1(s string) bool {
	return s == "0000-00-00 00:00:00" || s == "0000-00-00"
}

// Time is a time.Time that decodes every timestamp form Pipedrive sends
// (see ParseTime); JSON null, "" and v1's "0000-00-00 00:00:00" decode to
// the zero time. It encodes as
// RFC 3339, or null when zero. Resource types expose plain time.Time
// fields and use Time only while decoding; it is exported for callers who
// decode Pipedrive payloads of their own.
type Time struct{ time.Time }

// UnmarshalJSON implements json.Unmarshaler.
func (t *Time) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		t.Time = time.Time{}
		return nil
	}
	s, ok := plainString(b)
	if !ok {
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("crm: timestamp must be a JSON string, got %.40s", b)
		}
	}
	if s = strings.TrimSpace(s); s == "" || isZeroV1(s) {
		t.Time = time.Time{}
		return nil
	}
	v, err := ParseTime(s)
	if err != nil {
		return err
	}
	t.Time = v
	return nil
}

// MarshalJSON implements json.Marshaler.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(t.Time.Format(time.RFC3339Nano))
}

// Ptr returns a pointer to the time, or nil when it is zero: the shape of
// a nullable timestamp.
func (t Time) Ptr() *time.Time {
	if t.IsZero() {
		return nil
	}
	v := t.Time
	return &v
}

// Date is a calendar date without a time of day or zone, as Pipedrive's
// date fields hold it ("2024-03-31"): expected close dates, date custom
// fields, date ranges. The zero Date means "no date" and encodes as null.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date y-m-d.
func NewDate(y int, m time.Month, d int) Date { return Date{Year: y, Month: m, Day: d} }

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate reads "2006-01-02". A full timestamp (any form ParseTime
// accepts) is also taken, keeping its date part.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return DateOf(t), nil
	}
	t, err := ParseTime(s)
	if err != nil {
		return Date{}, fmt.Errorf("crm: %q is not a date (YYYY-MM-DD)", s)
	}
	return DateOf(t), nil
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String returns the date as "2006-01-02", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// In returns midnight of the date in loc (UTC when loc is nil).
func (d Date) In(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// MarshalJSON implements json.Marshaler: "2006-01-02", or null when zero.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(strconv.Quote(d.String())), nil
}

// UnmarshalJSON implements json.Unmarshaler; null and "" give the zero Date.
func (d *Date) UnmarshalJSON(b []byte) error {
	if v, ok := quotedISODate(b); ok {
		*d = v
		return nil
	}
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*d = Date{}
		return nil
	}
	s, ok := plainString(b)
	if !ok {
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("crm: date must be a JSON string, got %.40s", b)
		}
	}
	if strings.TrimSpace(s) == "" {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// EncodeValues lets a Date be a query parameter (go-querystring's Encoder):
// it is added as "2006-01-02", and left out when zero.
func (d Date) EncodeValues(key string, v *url.Values) error {
	if !d.IsZero() {
		v.Add(key, d.String())
	}
	return nil
}

// quotedISODate reads the JSON string "YYYY-MM-DD" of a real date (the
// form Pipedrive sends) without the string and the layout parsing of
// ParseDate, and gives the same Date; false for anything else, which
// ParseDate must read (FuzzQuotedISODate holds it to that).
func quotedISODate(b []byte) (Date, bool) {
	if len(b) != 12 || b[0] != '"' || b[5] != '-' || b[8] != '-' || b[11] != '"' {
		return Date{}, false
	}
	num := func(digits []byte) int {
		n := 0
		for _, c := range digits {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	y, m, day := num(b[1:5]), num(b[6:8]), num(b[9:11])
	if y < 1 || m < 1 || m > 12 || day < 1 {
		return Date{}, false
	}
	if t := time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC); t.Day() != day {
		return Date{}, false // past the month's end: ParseDate says why
	}
	return Date{Year: y, Month: time.Month(m), Day: day}, true
}

// plainString returns the text of the JSON string b when it needs no
// unescaping (printable ASCII, no quote or backslash inside), which is
// what json.Unmarshal makes of such a string, without its cost; false
// for anything else, which json.Unmarshal must read.
func plainString(b []byte) (string, bool) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return "", false
	}
	in := b[1 : len(b)-1]
	for _, c := range in {
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return "", false
		}
	}
	return string(in), true
}
