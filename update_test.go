package pipedrive_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/organizations"
	"github.com/pipedrive-go/pipedrive/persons"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// TestUpdateWithBadIDSendsNothing: an update by field name with an id that
// cannot be right fails before the field definitions are fetched.
func TestUpdateWithBadIDSendsNothing(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	c, err := pipedrive.NewClient(auth.APIToken("t"), pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(ratelimit.Unlimited{}))
	require.NoError(t, err)
	ctx := context.Background()
	byName := crm.FieldValues{"Budget": crm.Money(1, "EUR")}
	for _, id := range []int64{0, -1} {
		_, err = c.Deals.Update(ctx, id, &deals.UpdateParams{CustomFieldsByName: byName})
		assert.ErrorContains(t, err, "invalid id")
		_, err = c.Persons.Update(ctx, id, &persons.UpdateParams{CustomFieldsByName: byName})
		assert.ErrorContains(t, err, "invalid id")
		_, err = c.Organizations.Update(ctx, id, &organizations.UpdateParams{CustomFieldsByName: byName})
		assert.ErrorContains(t, err, "invalid id")
	}
	assert.Zero(t, hits.Load())
}
