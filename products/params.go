package products

import (
	"encoding/json"
	"io"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
)

// SortByName sorts a product list by name; crm.SortByID (the default),
// crm.SortByAddTime and crm.SortByUpdateTime apply too.
const SortByName crm.SortField = "name"

// ListParams filter and page List. The zero value lists every product.
type ListParams struct {
	// OwnerID keeps the products this user owns.
	OwnerID int64 `url:"owner_id,omitempty"`
	// IDs fetches these products only (at most 100); ignored with
	// FilterID. Products that do not exist or are not visible are left out.
	IDs []int64 `url:"ids,omitempty,comma"`
	// FilterID applies a saved filter.
	FilterID int64 `url:"filter_id,omitempty"`
	// SortBy is crm.SortByID (default), SortByName, crm.SortByAddTime or
	// crm.SortByUpdateTime.
	SortBy        crm.SortField     `url:"sort_by,omitempty"`
	SortDirection crm.SortDirection `url:"sort_direction,omitempty"`
	// UpdatedSince keeps the products whose update_time is at or after it
	// (inclusive). Pipedrive keeps update_time to the second, in UTC. The
	// SDK sends it as RFC 3339, to the second and in the time's own UTC
	// offset: a fraction of a second is dropped (t.UTC() sends the "Z" form
	// of Pipedrive's examples); the zero time sends nothing. To fetch what
	// changed since a previous sync, pass the largest update_time that sync
	// saw: records of that second come again, none is missed.
	UpdatedSince time.Time `url:"updated_since,omitempty"`
	// CustomFields limits the custom fields returned to these field codes
	// (at most 15); empty returns them all.
	CustomFields []string `url:"custom_fields,omitempty,comma"`
	// Limit is the page size (default 100, at most 500).
	Limit int `url:"limit,omitempty"`
	// Cursor continues a list from a previous page's NextCursor.
	Cursor string `url:"cursor,omitempty"`
}

// PriceParams is a price of a product or variation in one currency. A
// product or variation has at most one price per currency.
type PriceParams struct {
	// Currency is an ISO 4217 code.
	Currency   string   `json:"currency"`
	Price      float64  `json:"price"`
	Cost       *float64 `json:"cost,omitempty"`
	DirectCost *float64 `json:"direct_cost,omitempty"`
	// Notes are kept with variation prices.
	Notes string `json:"notes,omitempty"`
}

// CreateParams is a new product. Name is required; nil pointers and empty
// values are not sent, so Pipedrive's defaults apply (without Prices, a
// price of 0 in the user's default currency).
type CreateParams struct {
	Name        string `json:"name" pipedrive:"required"`
	Code        string `json:"code,omitempty"`
	Description string `json:"description,omitempty"`
	// Unit is what the product is sold by ("kg", "seat", ...).
	Unit string `json:"unit,omitempty"`
	// Tax is the tax percentage (default 0).
	Tax *float64 `json:"tax,omitempty"`
	// Category is the id of an option of the "category" product field.
	Category *int64 `json:"category,omitempty"`
	// OwnerID is the owner; the authorized user when nil.
	OwnerID *int64 `json:"owner_id,omitempty"`
	// IsLinkable says whether the product can be added to deals (default
	// true).
	IsLinkable *bool         `json:"is_linkable,omitempty"`
	VisibleTo  crm.VisibleTo `json:"visible_to,omitempty"`
	Prices     []PriceParams `json:"prices,omitempty"`
	// BillingFrequency (Growth plans and above) defaults to one-time.
	BillingFrequency BillingFrequency `json:"billing_frequency,omitempty"`
	// BillingFrequencyCycles is how many times the billing repeats (1 to
	// 208); nil means indefinitely. It must be nil for one-time billing and
	// set for weekly billing.
	BillingFrequencyCycles *int `json:"billing_frequency_cycles,omitempty"`
	// CustomFields sets custom field values by field code.
	CustomFields crm.CustomFields `json:"custom_fields,omitempty"`
	// CustomFieldsByName sets custom field values by field name (and
	// option labels), e.g. {"Material": "Wood"}; see crm.FieldValues.
	// Create resolves them against the cached product field definitions;
	// they win over CustomFields for the same field.
	CustomFieldsByName crm.FieldValues `json:"-"`
}

// UpdateParams change a product (PATCH): only non-nil pointers and
// non-empty values are sent.
type UpdateParams struct {
	Name        string   `json:"name,omitempty"`
	Code        *string  `json:"code,omitempty"`
	Description *string  `json:"description,omitempty"`
	Unit        *string  `json:"unit,omitempty"`
	Tax         *float64 `json:"tax,omitempty"`
	// Category is the id of an option of the "category" product field.
	Category   *int64        `json:"category,omitempty"`
	OwnerID    *int64        `json:"owner_id,omitempty"`
	IsLinkable *bool         `json:"is_linkable,omitempty"`
	VisibleTo  crm.VisibleTo `json:"visible_to,omitempty"`
	// Prices, when non-empty, are sent as given (one per currency).
	Prices           []PriceParams    `json:"prices,omitempty"`
	BillingFrequency BillingFrequency `json:"billing_frequency,omitempty"`
	// BillingFrequencyCycles sets the number of billing cycles;
	// ClearBillingFrequencyCycles sends null instead (billed indefinitely,
	// and required when switching to one-time billing).
	BillingFrequencyCycles      *int `json:"billing_frequency_cycles,omitempty"`
	ClearBillingFrequencyCycles bool `json:"-"`
	// CustomFields sets custom field values by field code; a null value
	// (CustomFields.Clear) empties a field.
	CustomFields crm.CustomFields `json:"custom_fields,omitempty"`
	// CustomFieldsByName sets custom field values by field name, as for
	// CreateParams; a nil value empties the field.
	CustomFieldsByName crm.FieldValues `json:"-"`
}

// MarshalJSON implements json.Marshaler: billing_frequency_cycles is sent
// as null when ClearBillingFrequencyCycles is set.
func (p UpdateParams) MarshalJSON() ([]byte, error) {
	type plain UpdateParams
	if !p.ClearBillingFrequencyCycles {
		return json.Marshal(plain(p))
	}
	p.BillingFrequencyCycles = nil
	return json.Marshal(struct {
		plain
		Cycles *int `json:"billing_frequency_cycles"`
	}{plain: plain(p)})
}

// VariationParams is a new product variation. Name is required (at most
// 255 characters); without Prices the variation gets a price of 0 in the
// user's default currency.
type VariationParams struct {
	Name   string        `json:"name" pipedrive:"required"`
	Prices []PriceParams `json:"prices,omitempty"`
}

// VariationUpdateParams change a product variation: only what is set is
// sent.
type VariationUpdateParams struct {
	Name   string        `json:"name,omitempty"`
	Prices []PriceParams `json:"prices,omitempty"`
}

// SearchField is a product field a search looks in.
type SearchField string

// Searchable fields. Only custom fields of the types address, varchar,
// text, varchar_auto, double, monetary and phone are searched.
const (
	SearchName         SearchField = "name"
	SearchCode         SearchField = "code"
	SearchCustomFields SearchField = "custom_fields"
)

// SearchInclude names an optional part of search results.
type SearchInclude string

// IncludePrices adds the products' prices to search results.
const IncludePrices SearchInclude = "product.price"

// SearchParams describe a search. Term is required: at least 2
// characters, or 1 with ExactMatch.
type SearchParams struct {
	Term string `url:"term" pipedrive:"required"`
	// Fields limits the search to these fields (default: all).
	Fields []SearchField `url:"fields,omitempty,comma"`
	// ExactMatch returns only full, case-insensitive matches.
	ExactMatch bool `url:"exact_match,omitempty"`
	// IncludeFields asks for optional parts of the results.
	IncludeFields []SearchInclude `url:"include_fields,omitempty,comma"`
	Limit         int             `url:"limit,omitempty"`
	Cursor        string          `url:"cursor,omitempty"`
}

// DealStatus filters the deals of a product by state.
type DealStatus string

// Deal filters; the default is DealsAllNotDeleted. DealsDeleted includes
// deals deleted in the last 30 days.
const (
	DealsOpen          DealStatus = "open"
	DealsWon           DealStatus = "won"
	DealsLost          DealStatus = "lost"
	DealsDeleted       DealStatus = "deleted"
	DealsAllNotDeleted DealStatus = "all_not_deleted"
)

// DealsParams page and filter Deals (API v1, offset pagination).
type DealsParams struct {
	// Start is the offset of the first deal: a previous page's NextStart.
	Start int `url:"start,omitempty"`
	// Limit is the page size.
	Limit  int        `url:"limit,omitempty"`
	Status DealStatus `url:"status,omitempty"`
}

// ImageParams describe an image upload. Content and FileName are
// required.
type ImageParams struct {
	// Content is the image, read once.
	Content io.Reader `pipedrive:"required"`
	// FileName is the name sent with the image, e.g. "pencil.png".
	FileName string `pipedrive:"required"`
	// ContentType is the image's MIME type, e.g. "image/png"; when empty
	// it is guessed from FileName's extension.
	ContentType string
}
