package pipedrive_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
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

// TestClearingFields: updates empty the standard fields API v2 declares
// nullable by sending null for those listed in Clear, and refuse before
// sending what v2 cannot clear, or a field both set and cleared.
func TestClearingFields(t *testing.T) {
	var (
		mu     sync.Mutex
		bodies []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, r.URL.Path+" "+string(b))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"success":true,"data":{"id":5}}`)
	}))
	defer srv.Close()
	c, err := pipedrive.NewClient(auth.APIToken("t"), pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(ratelimit.Unlimited{}))
	require.NoError(t, err)
	ctx := context.Background()

	_, err = c.Deals.Update(ctx, 5, &deals.UpdateParams{Title: "x", Clear: []deals.ClearableField{deals.ClearCloseTime, deals.ClearProbability}})
	require.NoError(t, err)
	_, err = c.Organizations.Update(ctx, 5, &organizations.UpdateParams{Clear: []organizations.ClearableField{organizations.ClearWebsite, organizations.ClearEmployeeCount}})
	require.NoError(t, err)
	mu.Lock()
	require.Len(t, bodies, 2)
	assert.JSONEq(t, `{"title":"x","close_time":null,"probability":null}`, strings.TrimPrefix(bodies[0], "/api/v2/deals/5 "))
	assert.JSONEq(t, `{"website":null,"employee_count":null}`, strings.TrimPrefix(bodies[1], "/api/v2/organizations/5 "))
	mu.Unlock()

	refused := map[string]error{}
	_, refused["deal expected_close_date"] = c.Deals.Update(ctx, 5, &deals.UpdateParams{ExpectedCloseDate: &crm.Date{}})
	_, refused["deal set and cleared"] = c.Deals.Update(ctx, 5, &deals.UpdateParams{LostReason: pipedrive.Ptr("price"), Clear: []deals.ClearableField{deals.ClearLostReason}})
	_, refused["organization set and cleared"] = c.Organizations.Update(ctx, 5, &organizations.UpdateParams{Website: pipedrive.Ptr("https://x.example"), Clear: []organizations.ClearableField{organizations.ClearWebsite}})
	_, refused["organization unknown field"] = c.Organizations.Update(ctx, 5, &organizations.UpdateParams{Clear: []organizations.ClearableField{"name"}})
	_, refused["person birthday"] = c.Persons.Update(ctx, 5, &persons.UpdateParams{Birthday: &crm.Date{}})
	for name, err := range refused {
		assert.ErrorIs(t, err, pipedrive.ErrInvalidParams, name)
	}
	assert.ErrorContains(t, refused["deal expected_close_date"], "v2 cannot clear expected_close_date")
	assert.ErrorContains(t, refused["person birthday"], "v2 cannot clear birthday")
	mu.Lock()
	assert.Len(t, bodies, 2, "refused updates sent nothing")
	mu.Unlock()
}
