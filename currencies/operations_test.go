package currencies_test

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/currencies"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
)

var cases = []resourcetest.Case{
	{
		Op:      ops.V1GetCurrencies,
		Path:    "/v1/currencies",
		Query:   url.Values{"term": {"eu"}},
		Fixture: "currencies/list.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			var got []currencies.Currency
			for cur, err := range c.Currencies.List(ctx, &currencies.ListParams{Term: "eu"}) {
				require.NoError(t, err)
				got = append(got, *cur)
			}
			assert.Equal(t, []currencies.Currency{
				{ID: 1, Code: "EUR", Name: "Euro", DecimalPoints: 2, Symbol: "€", Active: true},
				{ID: 2, Code: "USD", Name: "US Dollar", DecimalPoints: 2, Symbol: "$", Active: true},
			}, got)
		},
	},
}

func TestOperations(t *testing.T) {
	covered := resourcetest.Run(t, cases)
	t.Run("coverage", func(t *testing.T) {
		resourcetest.CheckCoverage(t, covered, nil, "Currencies")
	})
}

func TestCurrencyKeepsEveryMember(t *testing.T) {
	var items []json.RawMessage
	require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, "currencies/list.json"), &items))
	require.NotEmpty(t, items)
	for _, it := range items {
		resourcetest.AssertNoFieldLost(t, it, new(currencies.Currency))
	}
}

func TestCurrencyDecodeTolerant(t *testing.T) {
	var cur currencies.Currency
	require.NoError(t, json.Unmarshal([]byte(`{"id":"7","code":"XBT","name":"Bitcoin","decimal_points":"8","symbol":"₿","active_flag":1,"is_custom_flag":"1","extra":true}`), &cur))
	assert.Equal(t, currencies.Currency{ID: 7, Code: "XBT", Name: "Bitcoin", DecimalPoints: 8, Symbol: "₿", Active: true, IsCustom: true}, cur)
}

// Nil params list every currency.
func TestListNilParams(t *testing.T) {
	srv := resourcetest.ServeFixtures(map[string]string{"GET /v1/currencies": "currencies/list.json"})
	defer srv.Close()
	c := resourcetest.NewClient(t, srv.URL)
	page, err := c.Currencies.ListPage(context.Background(), nil)
	require.NoError(t, err)
	assert.Len(t, page.Items, 2)
}
