package crm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// VisibleTo says who can see a record. The API sends it as a number, and
// webhooks as a numeric string ("3"); both decode.
type VisibleTo int

// Visibility levels. Which ones a company can use depends on its plan.
const (
	// VisibleToOwner: the owner and followers only.
	VisibleToOwner VisibleTo = 1
	// VisibleToCompany: everyone in the company.
	VisibleToCompany VisibleTo = 3
	// VisibleToOwnerGroup: the owner's visibility group.
	VisibleToOwnerGroup VisibleTo = 5
	// VisibleToOwnerGroupAndSubgroups: the owner's visibility group and its
	// sub-groups.
	VisibleToOwnerGroupAndSubgroups VisibleTo = 7
)

// String names the level ("owner", "company", ...), or gives its number.
func (v VisibleTo) String() string {
	switch v {
	case VisibleToOwner:
		return "owner"
	case VisibleToCompany:
		return "company"
	case VisibleToOwnerGroup:
		return "owner group"
	case VisibleToOwnerGroupAndSubgroups:
		return "owner group and subgroups"
	}
	return strconv.Itoa(int(v))
}

// UnmarshalJSON implements json.Unmarshaler: a number, a numeric string,
// null or "" (zero).
func (v *VisibleTo) UnmarshalJSON(b []byte) error {
	n, err := decodeFlexInt(b)
	if err != nil {
		return fmt.Errorf("crm: visible_to: %w", err)
	}
	*v = VisibleTo(n)
	return nil
}

// decodeFlexInt reads an integer sent as a JSON number or a numeric
// string; null and "" read as 0.
func decodeFlexInt(b []byte) (int64, error) {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		return 0, nil
	}
	if len(b) > 0 && b[0] == '"' {
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
		// Accept integral floats such as 3.0.
		f, ferr := strconv.ParseFloat(string(b), 64)
		if ferr != nil || f != float64(int64(f)) {
			return 0, fmt.Errorf("%.40q is not an integer", b)
		}
		n = int64(f)
	}
	return n, nil
}
