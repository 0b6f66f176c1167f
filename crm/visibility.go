package crm

import (
	"fmt"
	"strconv"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
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
func decodeFlexInt(b []byte) (int64, error) { return jsonx.Int(b) }
