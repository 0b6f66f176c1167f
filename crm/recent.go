package crm

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// RecentItemType is a kind of record the recents list reports changes of.
type RecentItemType string

// The kinds of record of the recents list.
const (
	RecentItemActivity     RecentItemType = "activity"
	RecentItemActivityType RecentItemType = "activityType"
	RecentItemDeal         RecentItemType = "deal"
	RecentItemFile         RecentItemType = "file"
	RecentItemFilter       RecentItemType = "filter"
	RecentItemNote         RecentItemType = "note"
	RecentItemPerson       RecentItemType = "person"
	RecentItemOrganization RecentItemType = "organization"
	RecentItemPipeline     RecentItemType = "pipeline"
	RecentItemProduct      RecentItemType = "product"
	RecentItemStage        RecentItemType = "stage"
	RecentItemUser         RecentItemType = "user"
)

// RecentChange is one entry of the recents list: a record added or
// changed since a given time, in its v1 shape. Item says what kind of
// record it is; Data holds it as sent. The accessors (Deal, Person,
// Organization, User, File) decode the kinds this package types, checking
// Item first; Decode takes any other kind (an activity, a note, a
// product...) into the caller's model.
type RecentChange struct {
	Item RecentItemType `json:"item"`
	// ID is the record's id.
	ID int64 `json:"id"`
	// Data is the record as sent, in its v1 shape.
	Data json.RawMessage `json:"data"`
}

// UnmarshalJSON implements json.Unmarshaler (an id sent as a string
// too).
func (r *RecentChange) UnmarshalJSON(b []byte) error {
	type plain RecentChange
	var aux struct {
		*plain
		ID jsonx.ID `json:"id"`
	}
	*r = RecentChange{}
	aux.plain = (*plain)(r)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	r.ID = int64(aux.ID)
	return nil
}

// Deal decodes a deal entry.
func (r *RecentChange) Deal() (*Deal, error) { return decodeRecent[Deal](r, RecentItemDeal) }

// Person decodes a person entry.
func (r *RecentChange) Person() (*Person, error) { return decodeRecent[Person](r, RecentItemPerson) }

// Organization decodes an organization entry.
func (r *RecentChange) Organization() (*Organization, error) {
	return decodeRecent[Organization](r, RecentItemOrganization)
}

// User decodes a user entry.
func (r *RecentChange) User() (*User, error) { return decodeRecent[User](r, RecentItemUser) }

// File decodes a file entry.
func (r *RecentChange) File() (*File, error) { return decodeRecent[File](r, RecentItemFile) }

// Decode decodes Data into v, a pointer to the model of the entry's kind
// of record (for instance the activities package's Activity for an
// "activity" entry). It fails when the entry carries no data.
func (r *RecentChange) Decode(v any) error {
	if d := bytes.TrimSpace(r.Data); len(d) == 0 || bytes.Equal(d, []byte("null")) {
		return fmt.Errorf("crm: recent %s %d has no data", r.Item, r.ID)
	}
	if err := json.Unmarshal(r.Data, v); err != nil {
		return fmt.Errorf("crm: recent %s %d: %w", r.Item, r.ID, err)
	}
	return nil
}

func decodeRecent[T any](r *RecentChange, want RecentItemType) (*T, error) {
	if r.Item != want {
		return nil, fmt.Errorf("crm: recent entry is a %q, not a %q", r.Item, want)
	}
	v := new(T)
	if err := r.Decode(v); err != nil {
		return nil, err
	}
	return v, nil
}
