package currencies

import "github.com/pipedrive-go/pipedrive/crm"

// Currency is a currency the company can record monetary values in. See
// crm.Currency; the types are identical.
type Currency = crm.Currency

// ListParams filter List. The zero value (or nil) lists every currency.
type ListParams struct {
	// Term keeps the currencies whose name or code contains it.
	Term string `url:"term,omitempty"`
}
