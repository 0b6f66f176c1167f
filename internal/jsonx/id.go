package jsonx

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// ID decodes a reference to another record in any form Pipedrive sends
// it: a number (API v2), a numeric string (webhook payloads), or, in API
// v1, an object carrying the id as "value" (e.g. "org_id": {"name": ...,
// "value": 501}) or "id" (e.g. "owner_id": {"id": 7, "name": ...}). null,
// "" and an object without an id decode to 0.
type ID int64

// UnmarshalJSON implements json.Unmarshaler.
func (id *ID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '{' {
		var o struct {
			Value json.RawMessage `json:"value"`
			ID    json.RawMessage `json:"id"`
		}
		if err := json.Unmarshal(b, &o); err != nil {
			return err
		}
		raw := o.Value
		if len(raw) == 0 || string(raw) == "null" {
			raw = o.ID
		}
		if len(raw) == 0 {
			*id = 0
			return nil
		}
		if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '{' {
			return fmt.Errorf("jsonx: nested object where an id was expected")
		}
		return id.UnmarshalJSON(raw)
	}
	n, err := Int(b)
	if err != nil {
		return err
	}
	*id = ID(n)
	return nil
}

// Ptr returns the id as a pointer, nil for 0 (no reference).
func (id ID) Ptr() *int64 {
	if id == 0 {
		return nil
	}
	v := int64(id)
	return &v
}

// Int reads an integer sent as a JSON number or a numeric string (as
// webhooks send them); integral floats such as 3.0 are accepted, and null
// and "" read as 0.
func Int(b []byte) (int64, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return 0, nil
	}
	if b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return 0, err
		}
		if s == "" {
			return 0, nil
		}
		b = []byte(s)
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(string(b), 64)
		if ferr != nil || f != float64(int64(f)) {
			return 0, fmt.Errorf("%.40q is not an integer", b)
		}
		n = int64(f)
	}
	return n, nil
}
