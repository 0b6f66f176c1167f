package crm

import (
	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// Currency is a currency a company can record monetary values in: the
// ISO 4217 currencies and the company's own custom ones.
type Currency struct {
	ID int64 `json:"id"`
	// Code is the ISO 4217 code ("EUR") of a standard currency, or the
	// code the company gave a custom one. Monetary values are saved with
	// it.
	Code string `json:"code"`
	Name string `json:"name"`
	// DecimalPoints is how many digits follow the decimal point.
	DecimalPoints int    `json:"decimal_points"`
	Symbol        string `json:"symbol"`
	Active        bool   `json:"active_flag"`
	IsCustom      bool   `json:"is_custom_flag"`
}

// UnmarshalJSON implements json.Unmarshaler (flags as booleans or 0/1,
// numbers as strings).
func (c *Currency) UnmarshalJSON(b []byte) error {
	type plain Currency
	var aux struct {
		*plain
		Active   flag `json:"active_flag"`
		IsCustom flag `json:"is_custom_flag"`
	}
	*c = Currency{}
	aux.plain = (*plain)(c)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	c.Active, c.IsCustom = bool(aux.Active), bool(aux.IsCustom)
	return nil
}
