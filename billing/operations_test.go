package billing_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/billing"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
)

var cases = []resourcetest.Case{
	{
		Op:      ops.V1GetCompanyAddons,
		Path:    "/v1/billing/subscriptions/addons",
		Fixture: "billing/addons.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Billing.AddonsPage(ctx)
			require.NoError(t, err)
			assert.Equal(t, []billing.Addon{{Code: "leadbooster_v2"}, {Code: "prospector"}, {Code: "smart_docs_v2"}}, page.Items)
		},
	},
	{
		Op:      ops.V1GetCompanyAddons,
		Path:    "/v1/billing/subscriptions/addons",
		Fixture: "billing/addons.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			ok, err := c.Billing.HasAddon(ctx, "prospector")
			require.NoError(t, err)
			assert.True(t, ok)
		},
	},
	{
		Op:      ops.V1GetCompanyAddons,
		Path:    "/v1/billing/subscriptions/addons",
		Fixture: "billing/addons.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			ok, err := c.Billing.HasAddon(ctx, "campaigns")
			require.NoError(t, err)
			assert.False(t, ok)
		},
	},
}

func TestOperations(t *testing.T) {
	covered := resourcetest.Run(t, cases)
	t.Run("coverage", func(t *testing.T) {
		resourcetest.CheckCoverage(t, covered, nil, "Billing")
	})
}

func TestModelsKeepEveryField(t *testing.T) {
	var list []json.RawMessage
	require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, "billing/addons.json"), &list))
	for _, item := range list {
		resourcetest.AssertNoFieldLost(t, item, new(billing.Addon))
	}
}
