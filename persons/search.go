package persons

import (
	"encoding/json"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// SearchItem is a person as a search returns it: the matching fields
// only, not a full Person (Get it by ID for that).
type SearchItem struct {
	ID     int64    `json:"id"`
	Type   string   `json:"type"` // "person"
	Name   string   `json:"name"`
	Phones []string `json:"phones,omitempty"`
	Emails []string `json:"emails,omitempty"`
	// VisibleTo is who can see the person.
	VisibleTo crm.VisibleTo `json:"visible_to,omitempty"`
	// OwnerID is the user who owns the person (the API's owner.id).
	OwnerID int64 `json:"-"`
	// Organization is the person's organization, nil when none.
	Organization *SearchOrganization `json:"organization,omitempty"`
	// CustomFields and Notes are the custom field values and notes that
	// matched the term.
	CustomFields []string `json:"custom_fields,omitempty"`
	Notes        []string `json:"notes,omitempty"`
	// Picture is the person's picture, when asked for with
	// SearchParams.IncludePicture and the person has one.
	Picture *Picture `json:"picture,omitempty"`
}

// SearchOrganization is the organization of a person found by a search.
type SearchOrganization struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Address string `json:"address,omitempty"`
}

// MarshalJSON implements json.Marshaler: the API's shape, the owner as
// {"id": ...}.
func (it SearchItem) MarshalJSON() ([]byte, error) {
	type plain SearchItem
	return json.Marshal(struct {
		plain
		Owner *crm.IDName `json:"owner,omitempty"`
	}{plain(it), ownerRef(it.OwnerID)})
}

// ownerRef is the owner object of a search item, nil for none.
func ownerRef(id int64) *crm.IDName {
	if id == 0 {
		return nil
	}
	return &crm.IDName{ID: id}
}

// UnmarshalJSON decodes a search item, flattening its owner object.
func (it *SearchItem) UnmarshalJSON(b []byte) error {
	type plain SearchItem
	var w struct {
		plain
		Owner *struct {
			ID int64 `json:"id"`
		} `json:"owner"`
		Organization *struct {
			ID      int64   `json:"id"`
			Name    string  `json:"name"`
			Address *string `json:"address"`
		} `json:"organization"`
	}
	if err := jsonx.Unmarshal(b, &w); err != nil {
		return err
	}
	*it = SearchItem(w.plain)
	if w.Owner != nil {
		it.OwnerID = w.Owner.ID
	}
	if w.Organization != nil {
		it.Organization = &SearchOrganization{ID: w.Organization.ID, Name: w.Organization.Name}
		if w.Organization.Address != nil {
			it.Organization.Address = *w.Organization.Address
		}
	}
	return nil
}
