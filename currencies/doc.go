// Package currencies is the typed client of Pipedrive's currencies: the
// standard (ISO 4217) and custom currencies a company can record deal
// values, products and monetary custom fields in.
//
// Reach it through a pipedrive.Client:
//
//	for cur, err := range client.Currencies.List(ctx, &currencies.ListParams{Term: "eur"}) {
//		if err != nil { ... }
//		fmt.Println(cur.Code, cur.Symbol, cur.DecimalPoints)
//	}
//
// Monetary values are saved with a currency's Code; DecimalPoints says how
// to format them.
package currencies
