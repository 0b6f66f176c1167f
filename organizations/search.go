package organizations

import (
	"encoding/json"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// SearchItem is an organization as a search returns it: the matching
// fields only, not a full Organization (Get it by ID for that).
type SearchItem struct {
	ID   int64  `json:"id"`
	Type string `json:"type"` // "organization"
	Name string `json:"name"`
	// Address is the formatted address.
	Address string `json:"address,omitempty"`
	// VisibleTo is who can see the organization.
	VisibleTo crm.VisibleTo `json:"visible_to,omitempty"`
	// OwnerID is the user who owns the organization (the API's owner.id).
	OwnerID int64 `json:"-"`
	// CustomFields and Notes are the custom field values and notes that
	// matched the term.
	CustomFields []string `json:"custom_fields,omitempty"`
	Notes        []string `json:"notes,omitempty"`
}

// MarshalJSON implements json.Marshaler: the API's shape, the owner as
// {"id": ...}.
func (it SearchItem) MarshalJSON() ([]byte, error) {
	type plain SearchItem
	var owner *crm.IDName
	if it.OwnerID != 0 {
		owner = &crm.IDName{ID: it.OwnerID}
	}
	return json.Marshal(struct {
		plain
		Owner *crm.IDName `json:"owner,omitempty"`
	}{plain(it), owner})
}

// UnmarshalJSON decodes a search item, flattening its owner object.
func (it *SearchItem) UnmarshalJSON(b []byte) error {
	type plain SearchItem
	var w struct {
		plain
		Address *string `json:"address"`
		Owner   *struct {
			ID int64 `json:"id"`
		} `json:"owner"`
	}
	if err := jsonx.Unmarshal(b, &w); err != nil {
		return err
	}
	*it = SearchItem(w.plain)
	if w.Address != nil {
		it.Address = *w.Address
	}
	if w.Owner != nil {
		it.OwnerID = w.Owner.ID
	}
	return nil
}
