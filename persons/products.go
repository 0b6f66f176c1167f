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
// Service.Products lists them: the deal and the product, both in brief.
type DealProduct struct {
	// DealID is the deal the product is attached to.
	DealID  int64        `json:"deal_id"`
	Deal    DealBrief    `json:"deal"`
	Product ProductBrief `json:"product"`
}

// DealBrief is the part of a deal that Service.Products reports.
type DealBrief struct {
	ID            int64         `json:"id"`
	Title         string        `json:"title"`
	Value         float64       `json:"value"`
	Currency      string        `json:"currency,omitempty"`
	Status        string        `json:"status,omitempty"` // open, won, lost or deleted
	StageID       int64         `json:"stage_id,omitempty"`
	PipelineID    int64         `json:"pipeline_id,omitempty"`
	PersonID      int64         `json:"person_id,omitempty"`
	OrgID         int64         `json:"org_id,omitempty"`
	OwnerID       int64         `json:"user_id,omitempty"`
	VisibleTo     crm.VisibleTo `json:"visible_to,omitempty"`
	ProductsCount int           `json:"products_count,omitempty"`
	AddTime       time.Time     `json:"add_time,omitzero"`
	UpdateTime    time.Time     `json:"update_time,omitzero"`
}

// ProductBrief is the part of a product that Service.Products reports.
type ProductBrief struct {
	ID         int64         `json:"id"`
	Name       string        `json:"name"`
	Code       string        `json:"code,omitempty"`
	Unit       string        `json:"unit,omitempty"`
	Tax        float64       `json:"tax,omitempty"`
	Category   string        `json:"category,omitempty"`
	Active     bool          `json:"active_flag"`
	Selectable bool          `json:"selectable"`
	VisibleTo  crm.VisibleTo `json:"visible_to,omitempty"`
	OwnerID    int64         `json:"owner_id,omitempty"`
	AddTime    time.Time     `json:"add_time,omitzero"`
	UpdateTime time.Time     `json:"update_time,omitzero"`
}

// UnmarshalJSON decodes one entry of the v1 list, an object keyed by the
// deal's id: {"77": {"deal": {...}, "product": {...}}}.
func (d *DealProduct) UnmarshalJSON(b []byte) error {
	var keyed map[string]json.RawMessage
	if err := json.Unmarshal(b, &keyed); err != nil {
		return err
	}
	type pair struct {
		Deal    DealBrief    `json:"deal"`
		Product ProductBrief `json:"product"`
	}
	// Accept the flat form too ({"deal": ..., "product": ...}).
	if _, ok := keyed["deal"]; ok {
		keyed = map[string]json.RawMessage{"": b}
	}
	if len(keyed) != 1 {
		return fmt.Errorf("deal product: want one deal per entry, got %d", len(keyed))
	}
	*d = DealProduct{}
	for key, raw := range keyed {
		var p pair
		if err := json.Unmarshal(raw, &p); err != nil {
			return err
		}
		d.Deal, d.Product = p.Deal, p.Product
		d.DealID = d.Deal.ID
		if d.DealID == 0 && key != "" {
			d.DealID, _ = strconv.ParseInt(key, 10, 64)
		}
	}
	return nil
}

// UnmarshalJSON decodes the v1 deal, whose times are v1 timestamps and
// whose ids may be wrapped in objects.
func (d *DealBrief) UnmarshalJSON(b []byte) error {
	type plain DealBrief
	var w struct {
		plain
		PersonID   jsonx.ID `json:"person_id"`
		OrgID      jsonx.ID `json:"org_id"`
		OwnerID    jsonx.ID `json:"user_id"`
		AddTime    crm.Time `json:"add_time"`
		UpdateTime crm.Time `json:"update_time"`
	}
	if err := jsonx.Unmarshal(b, &w); err != nil {
		return err
	}
	*d = DealBrief(w.plain)
	d.PersonID, d.OrgID, d.OwnerID = int64(w.PersonID), int64(w.OrgID), int64(w.OwnerID)
	d.AddTime, d.UpdateTime = w.AddTime.Time, w.UpdateTime.Time
	return nil
}

// UnmarshalJSON decodes the v1 product, whose times are v1 timestamps.
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
