package products

import "github.com/pipedrive-go/pipedrive/crm"

// The product models are defined in package crm, which does not import the
// API client, so that code that only reads products (a webhook receiver)
// does not link the client core or the rate limiter. These aliases are the
// names this package's API uses; the types are identical.

// Product is an item of the product catalogue. See crm.Product.
type Product = crm.Product

// Price is a product's price in one currency. See crm.ProductPrice.
type Price = crm.ProductPrice

// Variation is a variant of a product with prices of its own. See
// crm.ProductVariation.
type Variation = crm.ProductVariation

// VariationPrice is a variation's price in one currency. See
// crm.VariationPrice.
type VariationPrice = crm.VariationPrice

// Image is a product's image. See crm.ProductImage.
type Image = crm.ProductImage

// Deal is a deal a product is attached to, in API v1's shape, as
// Service.Deals lists them. See crm.ProductDeal.
type Deal = crm.ProductDeal

// DealUser, DealPerson and DealOrg are the creator or owner, the contact
// person and the organization of a Deal.
type (
	DealUser   = crm.ProductDealUser
	DealPerson = crm.ProductDealPerson
	DealOrg    = crm.ProductDealOrg
)

// BillingFrequency is how often a customer is billed for a product
// (Growth plans and above).
type BillingFrequency = crm.BillingFrequency

// Billing frequencies.
const (
	BillingOneTime      = crm.BillingOneTime
	BillingAnnually     = crm.BillingAnnually
	BillingSemiAnnually = crm.BillingSemiAnnually
	BillingQuarterly    = crm.BillingQuarterly
	BillingMonthly      = crm.BillingMonthly
	BillingWeekly       = crm.BillingWeekly
)
