package pipedrive_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/webhooks"
)

// TestReadmeSnippets runs the calls README.md shows, so the README stays true.
func TestReadmeSnippets(t *testing.T) {
	ctx := context.Background()
	srv := pipedrivetest.NewServer(t)
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL), pipedrive.WithPlan(ratelimit.Growth))
	require.NoError(t, err)
	d, err := client.Deals.Create(ctx, &deals.CreateParams{
		Title:              "Renewal",
		Value:              pipedrive.Ptr(5000.0),
		CustomFieldsByName: crm.FieldValues{"Budget": crm.Money(5000, "EUR"), "Tier": "Enterprise"},
	})
	require.NoError(t, err)
	d, err = client.Deals.Update(ctx, d.ID, &deals.UpdateParams{Status: deals.StatusWon})
	require.NoError(t, err)
	for d, err := range client.Deals.List(ctx, &deals.ListParams{Status: deals.StatusOpen}) {
		require.NoError(t, err)
		_ = d.Title
	}
	// Sync jobs.
	var cp crm.Checkpoint
	synced := 0
	for ch, err := range client.Deals.Changes(ctx, &cp, nil) {
		require.NoError(t, err)
		_, _ = ch.Record, ch.Deleted
		synced++
	}
	require.NotZero(t, synced)
	text, err := cp.MarshalText()
	require.NoError(t, err)
	require.NotEmpty(t, text)
	fs, err := client.Deals.CustomFields(ctx)
	require.NoError(t, err)
	budget, err := fs.Read(d.CustomFields).Money("Budget")
	require.NoError(t, err)
	tier, err := fs.Read(d.CustomFields).Option("Tier")
	require.NoError(t, err)
	require.Equal(t, 5000.0, budget.Value)
	require.Equal(t, "Enterprise", tier)
	var apiErr *pipedrive.Error
	_ = errors.As(err, &apiErr)
	st := srv.Stats()
	require.Zero(t, st.TooManyRequests)
	require.LessOrEqual(t, st.MaxInWindow, 20)
	lim := ratelimit.Default()
	_, _ = lim.State(ctx, auth.APIToken(srv.Token()).LimitKey())
	_, _ = ratelimit.DailyTokenBudget(ratelimit.Growth, 3)
	h := webhooks.NewHandler(webhooks.HandlerConfig{Username: "u", Password: "p", DedupSize: 1024},
		func(ctx context.Context, ev *webhooks.Event) error {
			if ev.Entity == webhooks.ObjectDeal && ev.Action == webhooks.ActionChange {
				_, err := ev.Deal()
				return err
			}
			return nil
		})
	http.NewServeMux().Handle("/pipedrive/webhooks", h)
	cfg := &auth.OAuthConfig{ClientID: "id", ClientSecret: "secret", RedirectURL: "https://app.example/callback"}
	_ = cfg.AuthCodeURL("state")
	var r *http.Request
	_ = func() {
		tok, _ := cfg.ExchangeCallback(ctx, r, "state")
		_, _ = pipedrive.NewClient(auth.OAuth(cfg, tok, auth.WithTokenStore(auth.NewMemoryTokenStore(), "k")))
	}
	_ = auth.ErrUserDenied
	_ = ratelimit.ErrDailyWriteLimit
	_ = ratelimit.ErrTokenBudget
}
