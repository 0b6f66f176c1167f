package deals

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// DiscountType says how a discount's amount applies.
type DiscountType string

// Discount types.
const (
	DiscountPercentage DiscountType = "percentage"
	DiscountAmount     DiscountType = "amount"
)

// TaxMethod says how a product's tax applies to its price.
type TaxMethod string

// Tax methods.
const (
	TaxExclusive TaxMethod = "exclusive"
	TaxInclusive TaxMethod = "inclusive"
	TaxNone      TaxMethod = "none"
)

// BillingFrequency is how often a product is billed (Growth plans and
// above).
type BillingFrequency string

// Billing frequencies.
const (
	BillingOneTime      BillingFrequency = "one-time"
	BillingAnnually     BillingFrequency = "annually"
	BillingSemiAnnually BillingFrequency = "semi-annually"
	BillingQuarterly    BillingFrequency = "quarterly"
	BillingMonthly      BillingFrequency = "monthly"
	BillingWeekly       BillingFrequency = "weekly"
)

// Product is a product attached to a deal.
type Product struct {
	// ID identifies the attachment (not the product): use it to update or
	// remove the product from the deal.
	ID                 int64   `json:"id"`
	DealID             int64   `json:"deal_id"`
	ProductID          int64   `json:"product_id"`
	ProductVariationID *int64  `json:"product_variation_id"`
	Name               string  `json:"name"`
	OrderNr            *int    `json:"order_nr"`
	ItemPrice          float64 `json:"item_price"`
	Quantity           float64 `json:"quantity"`
	// Sum is the line total after discount and tax.
	Sum                    float64          `json:"sum"`
	Tax                    float64          `json:"tax"`
	TaxMethod              TaxMethod        `json:"tax_method"`
	Discount               float64          `json:"discount"`
	DiscountType           DiscountType     `json:"discount_type"`
	Currency               string           `json:"currency"`
	Comments               string           `json:"comments"`
	IsEnabled              bool             `json:"is_enabled"`
	BillingFrequency       BillingFrequency `json:"billing_frequency,omitempty"`
	BillingFrequencyCycles *int             `json:"billing_frequency_cycles"`
	BillingStartDate       crm.Date         `json:"billing_start_date"`
	AddTime                time.Time        `json:"add_time"`
	UpdateTime             *time.Time       `json:"update_time"`
}

// UnmarshalJSON implements json.Unmarshaler (either timestamp form).
func (p *Product) UnmarshalJSON(b []byte) error {
	type plain Product
	var aux struct {
		*plain
		AddTime    crm.Time `json:"add_time"`
		UpdateTime crm.Time `json:"update_time"`
	}
	aux.plain = (*plain)(p)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	p.AddTime, p.UpdateTime = aux.AddTime.Time, aux.UpdateTime.Ptr()
	return nil
}

// ProductParams attach a product to a deal. ProductID, ItemPrice and
// Quantity are required.
type ProductParams struct {
	ProductID          int64            `json:"product_id" pipedrive:"required"`
	ItemPrice          float64          `json:"item_price"`
	Quantity           float64          `json:"quantity" pipedrive:"required"`
	Tax                *float64         `json:"tax,omitempty"`
	TaxMethod          TaxMethod        `json:"tax_method,omitempty"`
	Discount           *float64         `json:"discount,omitempty"`
	DiscountType       DiscountType     `json:"discount_type,omitempty"`
	Comments           string           `json:"comments,omitempty"`
	IsEnabled          *bool            `json:"is_enabled,omitempty"`
	ProductVariationID *int64           `json:"product_variation_id,omitempty"`
	BillingFrequency   BillingFrequency `json:"billing_frequency,omitempty"`
	// BillingFrequencyCycles is how many times the billing repeats.
	BillingFrequencyCycles *int      `json:"billing_frequency_cycles,omitempty"`
	BillingStartDate       *crm.Date `json:"billing_start_date,omitempty"`
}

// ProductUpdateParams change a deal's product; nil and empty values are
// left unchanged.
type ProductUpdateParams struct {
	ProductID              *int64           `json:"product_id,omitempty"`
	ItemPrice              *float64         `json:"item_price,omitempty"`
	Quantity               *float64         `json:"quantity,omitempty"`
	Tax                    *float64         `json:"tax,omitempty"`
	TaxMethod              TaxMethod        `json:"tax_method,omitempty"`
	Discount               *float64         `json:"discount,omitempty"`
	DiscountType           DiscountType     `json:"discount_type,omitempty"`
	Comments               *string          `json:"comments,omitempty"`
	IsEnabled              *bool            `json:"is_enabled,omitempty"`
	ProductVariationID     *int64           `json:"product_variation_id,omitempty"`
	BillingFrequency       BillingFrequency `json:"billing_frequency,omitempty"`
	BillingFrequencyCycles *int             `json:"billing_frequency_cycles,omitempty"`
	BillingStartDate       *crm.Date        `json:"billing_start_date,omitempty"`
}

// ProductSortField is what a deal product list is sorted by.
type ProductSortField string

// Deal product sort fields.
const (
	ProductSortByID         ProductSortField = "id"
	ProductSortByDealID     ProductSortField = "deal_id"
	ProductSortByAddTime    ProductSortField = "add_time"
	ProductSortByUpdateTime ProductSortField = "update_time"
	ProductSortByOrderNr    ProductSortField = "order_nr"
)

// ProductListParams page the products of one deal.
type ProductListParams struct {
	// SortBy cannot be ProductSortByDealID here (one deal's products all
	// have the same): that is refused before sending.
	SortBy        ProductSortField  `url:"sort_by,omitempty"`
	SortDirection crm.SortDirection `url:"sort_direction,omitempty"`
	Limit         int               `url:"limit,omitempty"`
	Cursor        string            `url:"cursor,omitempty"`
}

// Validate refuses ProductSortByDealID before anything is sent (the core
// calls it).
func (p *ProductListParams) Validate() error {
	if p.SortBy == ProductSortByDealID {
		return errors.New("one deal's products cannot be sorted by deal_id (ProductsOfDeals can)")
	}
	return nil
}

// ProductsOfDealsParams select the deals (up to 100) whose products to
// list.
type ProductsOfDealsParams struct {
	DealIDs       []int64           `url:"deal_ids,comma" pipedrive:"required"`
	SortBy        ProductSortField  `url:"sort_by,omitempty"`
	SortDirection crm.SortDirection `url:"sort_direction,omitempty"`
	Limit         int               `url:"limit,omitempty"`
	Cursor        string            `url:"cursor,omitempty"`
}

// DeletedProducts reports a bulk removal of products from a deal.
type DeletedProducts struct {
	// IDs are the attachment ids removed.
	IDs []int64 `json:"ids"`
	// More is true when the deal had more than the 100 products one call
	// removes: call again.
	More bool `json:"-"`
}

// AddProducts attaches several products to deal id in one request.
func (s *Service) AddProducts(ctx context.Context, id int64, products []ProductParams) ([]Product, error) {
	if len(products) == 0 {
		return nil, core.Refuse(ops.V2AddManyDealProducts, "no products")
	}
	for i := range products {
		// The core checks the body, not the products inside it.
		if err := core.CheckFields(ops.V2AddManyDealProducts, &products[i]); err != nil {
			var pe *core.ParamsError
			if errors.As(err, &pe) {
				pe.Reason = strings.TrimSuffix(fmt.Sprintf("product %d: %s", i, pe.Reason), ": ")
			}
			return nil, err
		}
	}
	body := struct {
		Data []ProductParams `json:"data"`
	}{products}
	out, err := core.Fetch[[]Product](ctx, s.c(), &core.Call{Op: ops.V2AddManyDealProducts, PathArgs: []any{id}, Body: body})
	if err != nil {
		return nil, err
	}
	return *out, nil
}

// DeleteProducts removes products from deal id: the given attachments, or
// (with none given) every product, up to 100 per call.
func (s *Service) DeleteProducts(ctx context.Context, id int64, attachmentIDs ...int64) (*DeletedProducts, error) {
	q := struct {
		IDs []int64 `url:"ids,omitempty,comma"`
	}{attachmentIDs}
	out, meta, err := core.FetchMeta[DeletedProducts](ctx, s.c(), &core.Call{Op: ops.V2DeleteManyDealProducts, PathArgs: []any{id}, Query: q})
	if err != nil {
		return nil, err
	}
	out.More = meta.More
	return out, nil
}

// Discount is an additional discount on a deal.
type Discount struct {
	// ID identifies the discount (a string id).
	ID          string       `json:"id"`
	DealID      int64        `json:"deal_id"`
	Description string       `json:"description"`
	Amount      float64      `json:"amount"`
	Type        DiscountType `json:"type"`
	CreatedAt   time.Time    `json:"created_at"`
	CreatedBy   int64        `json:"created_by"`
	UpdatedAt   time.Time    `json:"updated_at"`
	UpdatedBy   int64        `json:"updated_by"`
}

// DiscountParams add a discount; all three members are required and
// Amount must be positive.
type DiscountParams struct {
	Description string       `json:"description" pipedrive:"required"`
	Amount      float64      `json:"amount" pipedrive:"required"`
	Type        DiscountType `json:"type" pipedrive:"required"`
}

// DiscountUpdateParams change a discount; empty values are left unchanged.
type DiscountUpdateParams struct {
	Description string       `json:"description,omitempty"`
	Amount      *float64     `json:"amount,omitempty"`
	Type        DiscountType `json:"type,omitempty"`
}

// Installment is a scheduled payment of a deal.
type Installment struct {
	ID          int64    `json:"id"`
	DealID      int64    `json:"deal_id"`
	Description string   `json:"description"`
	Amount      float64  `json:"amount"`
	BillingDate crm.Date `json:"billing_date"`
}

// InstallmentParams add an installment; all members are required.
type InstallmentParams struct {
	Description string   `json:"description" pipedrive:"required"`
	Amount      float64  `json:"amount" pipedrive:"required"`
	BillingDate crm.Date `json:"billing_date" pipedrive:"required"`
}

// InstallmentUpdateParams change an installment; empty values are left
// unchanged.
type InstallmentUpdateParams struct {
	Description string    `json:"description,omitempty"`
	Amount      *float64  `json:"amount,omitempty"`
	BillingDate *crm.Date `json:"billing_date,omitempty"`
}

// InstallmentSortField is what an installment list is sorted by.
type InstallmentSortField string

// Installment sort fields.
const (
	InstallmentSortByID          InstallmentSortField = "id"
	InstallmentSortByBillingDate InstallmentSortField = "billing_date"
	InstallmentSortByDealID      InstallmentSortField = "deal_id"
)

// InstallmentListParams select the deals (up to 100) whose installments
// to list.
type InstallmentListParams struct {
	DealIDs       []int64              `url:"deal_ids" pipedrive:"required"`
	SortBy        InstallmentSortField `url:"sort_by,omitempty"`
	SortDirection crm.SortDirection    `url:"sort_direction,omitempty"`
	Limit         int                  `url:"limit,omitempty"`
	Cursor        string               `url:"cursor,omitempty"`
}

// ConversionState is the state of a deal-to-lead conversion job.
type ConversionState string

// Conversion job states.
const (
	ConversionNotStarted ConversionState = "not_started"
	ConversionRunning    ConversionState = "running"
	ConversionCompleted  ConversionState = "completed"
	ConversionFailed     ConversionState = "failed"
	ConversionRejected   ConversionState = "rejected"
)

// Conversion is a started deal-to-lead conversion job.
type Conversion struct {
	ConversionID string `json:"conversion_id"`
}

// ConversionStatus is the state of a conversion job; LeadID is set once
// it completed.
type ConversionStatus struct {
	ConversionID string          `json:"conversion_id"`
	Status       ConversionState `json:"status"`
	LeadID       string          `json:"lead_id,omitempty"`
	DealID       int64           `json:"deal_id,omitempty"`
}
