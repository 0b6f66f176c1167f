package persons

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// DealProduct is a product attached to one of a person's deals, as
// Service.Products lists them: the deal (in API v1's shape) and the
// product. The API sends each entry as an object keyed by the deal's id,
// {"77": {"deal": {...}, "product": {...}}}; a DealProduct decodes that
// and encodes back to it.
type DealProduct struct {
	// DealID is the deal the product is attached to (the entry's key).
	DealID  int64        `json:"-"`
	Deal    crm.V1Deal   `json:"deal"`
	Product ProductBrief `json:"product"`
}

// ProductBrief is a product as Service.Products reports it: API v1's
// short product record (no prices or custom fields).
type ProductBrief struct {
	ID          int64   `json:"id"`
	Name        string  `json:"name"`
	Code        string  `json:"code,omitempty"`
	Description string  `json:"description,omitempty"`
	Unit        string  `json:"unit,omitempty"`
	Tax         float64 `json:"tax,omitempty"`
	// Category is the id of an option of the product category field.
	Category   string        `json:"category,omitempty"`
	Active     bool          `json:"active_flag"`
	Selectable bool          `json:"selectable"`
	VisibleTo  crm.VisibleTo `json:"visible_to,omitempty"`
	OwnerID    int64         `json:"owner_id,omitempty"`
	CompanyID  int64         `json:"company_id,omitempty"`
	// DealID is the deal the entry attaches the product to.
	DealID int64 `json:"deal_id,omitempty"`
	// FilesCount is the number of files attached to the product, nil when
	// the API does not count them.
	FilesCount *int `json:"files_count,omitempty"`
	// FirstChar is the first character of the name, for alphabetical
	// grouping.
	FirstChar  string    `json:"first_char,omitempty"`
	AddTime    time.Time `json:"add_time,omitzero"`
	UpdateTime time.Time `json:"update_time,omitzero"`
}

// dealProductEntry is an entry's value: the deal and the product.
type dealProductEntry struct {
	Deal    crm.V1Deal   `json:"deal"`
	Product ProductBrief `json:"product"`
}

// UnmarshalJSON decodes one entry of the v1 list, an object keyed by the
// deal's id: {"77": {"deal": {...}, "product": {...}}}. The unkeyed form
// ({"deal": ..., "product": ...}) is accepted too.
func (d *DealProduct) UnmarshalJSON(b []byte) error {
	var keyed map[string]json.RawMessage
	if err := json.Unmarshal(b, &keyed); err != nil {
		return err
	}
	if _, ok := keyed["deal"]; ok {
		keyed = map[string]json.RawMessage{"": b}
	}
	if len(keyed) != 1 {
		return fmt.Errorf("deal product: want one deal per entry, got %d", len(keyed))
	}
	*d = DealProduct{}
	for key, raw := range keyed {
		var e dealProductEntry
		if err := json.Unmarshal(raw, &e); err != nil {
			return err
		}
		d.Deal, d.Product = e.Deal, e.Product
		d.DealID = d.Deal.ID
		if d.DealID == 0 && key != "" {
			d.DealID, _ = strconv.ParseInt(key, 10, 64)
		}
	}
	return nil
}

// MarshalJSON implements json.Marshaler: the API's shape, keyed by the
// deal's id.
func (d DealProduct) MarshalJSON() ([]byte, error) {
	id := d.DealID
	if id == 0 {
		id = d.Deal.ID
	}
	return json.Marshal(map[string]dealProductEntry{strconv.FormatInt(id, 10): {Deal: d.Deal, Product: d.Product}})
}

// UnmarshalJSON decodes the v1 product, whose times are v1 timestamps and
// whose owner may be wrapped in an object.
func (p *ProductBrief) UnmarshalJSON(b []byte) error {
	type plain ProductBrief
	var w struct {
		plain
		OwnerID    jsonx.ID `json:"owner_id"`
		AddTime    crm.Time `json:"add_time"`
		UpdateTime crm.Time `json:"update_time"`
	}
	if err := jsonx.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = ProductBrief(w.plain)
	p.OwnerID = int64(w.OwnerID)
	p.AddTime, p.UpdateTime = w.AddTime.Time, w.UpdateTime.Time
	return nil
}
