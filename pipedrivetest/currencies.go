package pipedrivetest

import (
	"strings"

	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// seededCurrencies are the currencies every server offers, by id.
var seededCurrencies = []object{
	{"id": int64(1), "code": "USD", "name": "US Dollar", "decimal_points": 2, "symbol": "$"},
	{"id": int64(2), "code": "EUR", "name": "Euro", "decimal_points": 2, "symbol": "€"},
	{"id": int64(3), "code": "GBP", "name": "British Pound", "decimal_points": 2, "symbol": "£"},
	{"id": int64(4), "code": "JPY", "name": "Japanese Yen", "decimal_points": 0, "symbol": "¥"},
	{"id": int64(5), "code": "CHF", "name": "Swiss Franc", "decimal_points": 2, "symbol": "CHF"},
	{"id": int64(6), "code": "SEK", "name": "Swedish Krona", "decimal_points": 2, "symbol": "kr"},
	{"id": int64(7), "code": "CAD", "name": "Canadian Dollar", "decimal_points": 2, "symbol": "CA$"},
	{"id": int64(8), "code": "AUD", "name": "Australian Dollar", "decimal_points": 2, "symbol": "A$"},
	{"id": int64(9), "code": "INR", "name": "Indian Rupee", "decimal_points": 2, "symbol": "₹"},
	{"id": int64(10), "code": "KWD", "name": "Kuwaiti Dinar", "decimal_points": 3, "symbol": "KD"},
}

func (s *Server) currencyRoutes(op opRoute) {
	op(ops.V1GetCurrencies, s.listCurrencies)
}

// listCurrencies answers every currency, or those whose code or name
// contains the term (case-insensitive). Like Pipedrive, it does not page.
func (s *Server) listCurrencies(c *call) *reply {
	term := strings.ToLower(strings.TrimSpace(c.r.URL.Query().Get("term")))
	data := []object{}
	for _, cur := range seededCurrencies {
		code, name := cur["code"].(string), cur["name"].(string)
		if term != "" && !strings.Contains(strings.ToLower(code), term) && !strings.Contains(strings.ToLower(name), term) {
			continue
		}
		o := clone(cur)
		o["active_flag"], o["is_custom_flag"] = true, false
		data = append(data, o)
	}
	return v1OK(data, nil)
}
