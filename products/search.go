package products

import (
	"bytes"
	"encoding/json"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// SearchItem is a product as a search returns it: the matching fields
// only, not a full Product (Get it by ID for that).
type SearchItem struct {
	ID   int64  `json:"id"`
	Type string `json:"type"` // "product"
	Name string `json:"name"`
	// Code is the product code (the API may send it as a number).
	Code string `json:"code,omitempty"`
	// VisibleTo is who can see the product.
	VisibleTo crm.VisibleTo `json:"visible_to,omitempty"`
	// OwnerID is the user who owns the product.
	OwnerID int64 `json:"-"`
	// CustomFields are the custom field values that matched the term.
	CustomFields []string `json:"custom_fields,omitempty"`
	// Prices are the product's prices, when asked for with
	// SearchParams.IncludeFields (IncludePrices) and sent in the products'
	// price shape.
	Prices []Price `json:"prices,omitempty"`
}

// UnmarshalJSON decodes a search item: the owner object flattened into
// OwnerID, a numeric code as text.
func (it *SearchItem) UnmarshalJSON(b []byte) error {
	type plain SearchItem
	var w struct {
		plain
		Code  json.RawMessage `json:"code"`
		Owner *struct {
			ID jsonx.ID `json:"id"`
		} `json:"owner"`
		Prices json.RawMessage `json:"prices"`
	}
	if err := jsonx.Unmarshal(b, &w); err != nil {
		return err
	}
	*it = SearchItem(w.plain)
	if c := bytes.TrimSpace(w.Code); len(c) > 0 && string(c) != "null" {
		var s string
		if c[0] == '"' {
			if err := json.Unmarshal(c, &s); err != nil {
				return err
			}
		} else {
			s = string(c)
		}
		it.Code = s
	}
	if w.Owner != nil {
		it.OwnerID = int64(w.Owner.ID)
	}
	// The shape of included prices is not documented: keep them when they
	// read as product prices, and ignore them otherwise rather than fail
	// the whole search.
	var prices []Price
	if len(w.Prices) > 0 && json.Unmarshal(w.Prices, &prices) == nil {
		it.Prices = prices
	}
	return nil
}

// MarshalJSON implements json.Marshaler, in the API's shape (the owner
// as an object).
func (it SearchItem) MarshalJSON() ([]byte, error) {
	type plain SearchItem
	type owner struct {
		ID int64 `json:"id"`
	}
	var o *owner
	if it.OwnerID != 0 {
		o = &owner{it.OwnerID}
	}
	return json.Marshal(struct {
		plain
		Owner *owner `json:"owner,omitempty"`
	}{plain(it), o})
}
