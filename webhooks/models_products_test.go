package webhooks_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/products"
	"github.com/pipedrive-go/pipedrive/webhooks"
)

// A v2 delivery of a changed product, shaped like Pipedrive's: ids in meta
// as strings, visible_to as a string, previous holding the changed fields.
const v2ChangeProduct = `{
  "data": {
    "add_time": "2026-10-01T08:00:00Z", "billing_frequency": "monthly", "billing_frequency_cycles": 12,
    "category": "2", "code": "MPENCIL", "custom_fields": {"1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d": 104},
    "description": "Refillable", "id": 31, "is_deleted": false, "is_linkable": true, "name": "Mechanical pencil",
    "owner_id": 3300441, "prices": [{"cost": 2, "currency": "EUR", "direct_cost": null, "notes": "", "price": 5.5, "product_id": 31}],
    "tax": 20, "unit": "pcs", "update_time": "2026-11-29T10:31:02Z", "visible_to": "3"
  },
  "previous": {
    "prices": [{"cost": 2, "currency": "EUR", "direct_cost": null, "notes": "", "price": 5, "product_id": 31}],
    "name": "Pencil"
  },
  "meta": {
    "action": "change", "company_id": "7700112", "correlation_id": "1b8e3a8e-51f6-4a3e-9c8a-4f1f1f1f1f1f",
    "entity_id": "31", "entity": "product", "id": "5d1f7f0a-8c4e-4e0e-9c39-7a2a3b9c1d10", "is_bulk_edit": false,
    "timestamp": "2026-11-29T10:31:02.512Z", "type": "general", "user_id": "3300441", "version": "2.0",
    "webhook_id": "4710828", "webhook_owner_id": "3300441", "change_source": "api", "attempt": 1,
    "host": "acme.pipedrive.com"
  }
}`

func TestEventProduct(t *testing.T) {
	ev, err := webhooks.Decode([]byte(v2ChangeProduct))
	require.NoError(t, err)
	assert.Equal(t, webhooks.ObjectProduct, ev.Entity)
	assert.Equal(t, int64(31), ev.EntityID)

	var p *products.Product // the resource package's own type
	p, err = ev.Product()
	require.NoError(t, err)
	assert.Equal(t, int64(31), p.ID)
	assert.Equal(t, "Mechanical pencil", p.Name)
	assert.Equal(t, crm.VisibleToCompany, p.VisibleTo, `"visible_to": "3"`)
	assert.Equal(t, int64(3300441), p.OwnerID)
	assert.Equal(t, 20.0, p.Tax)
	assert.Equal(t, crm.BillingMonthly, p.BillingFrequency)
	require.NotNil(t, p.BillingFrequencyCycles)
	assert.Equal(t, 12, *p.BillingFrequencyCycles)
	eur, ok := p.Price("EUR")
	require.True(t, ok)
	assert.Equal(t, 5.5, eur.Price)
	assert.Nil(t, eur.DirectCost)
	assert.Equal(t, time.Date(2026, 11, 29, 10, 31, 2, 0, time.UTC), *p.UpdateTime)
	opt, ok := p.CustomFields.OptionID("1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d")
	assert.True(t, ok)
	assert.Equal(t, int64(104), opt)

	prev, err := ev.PreviousProduct()
	require.NoError(t, err)
	assert.Equal(t, "Pencil", prev.Name)
	require.Len(t, prev.Prices, 1)
	assert.Equal(t, 5.0, prev.Prices[0].Price)
	assert.Empty(t, prev.Code, "only changed fields")
	assert.ElementsMatch(t, []string{"prices", "name"}, ev.Changed())

	_, err = ev.Deal()
	assert.ErrorIs(t, err, webhooks.ErrWrongEntity)
}

// A v1 delivery of a deleted product: the v1 product shape (owner object,
// active_flag, selectable, overhead_cost, v1 times, top-level custom
// fields), and no current object.
func TestEventProductV1(t *testing.T) {
	body := `{"v":1,"matches_filters":{"current":[],"previous":[]},
	 "meta":{"v":1,"action":"deleted","object":"product","id":31,"company_id":7700112,"user_id":3300441,
	   "host":"acme.pipedrive.com","timestamp":1764412200,"permitted_user_ids":[3300441],"change_source":"app",
	   "webhook_id":"992","webhook_owner_id":"3300441"},
	 "current":null,
	 "previous":{"id":31,"company_id":7700112,"name":"Mechanical pencil","code":"MPENCIL","description":"Refillable",
	   "unit":"pcs","tax":"20","category":"2","active_flag":true,"selectable":true,"first_char":"m","visible_to":"3",
	   "owner_id":{"id":3300441,"name":"Ann","email":"ann@example.com","has_pic":0,"pic_hash":null,"active_flag":true,"value":3300441},
	   "files_count":null,"followers_count":1,"add_time":"2026-10-01 08:00:00","update_time":"2026-11-29 10:31:02",
	   "billing_frequency":"one-time","billing_frequency_cycles":null,
	   "prices":[{"id":61,"product_id":31,"price":5.5,"currency":"EUR","cost":2,"overhead_cost":0.5}],
	   "1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d":"104"},
	 "retry":0,"event":"deleted.product"}`
	ev, err := webhooks.Decode([]byte(body))
	require.NoError(t, err)
	assert.Equal(t, webhooks.ActionDelete, ev.Action)
	assert.Equal(t, webhooks.ObjectProduct, ev.Entity)
	_, err = ev.Product()
	assert.ErrorIs(t, err, webhooks.ErrNoData)

	p, err := ev.PreviousProduct()
	require.NoError(t, err)
	assert.Equal(t, int64(31), p.ID)
	assert.Equal(t, int64(3300441), p.OwnerID)
	assert.Equal(t, 20.0, p.Tax)
	assert.False(t, p.IsDeleted, "active_flag true")
	assert.True(t, p.IsLinkable, "selectable true")
	assert.Equal(t, crm.BillingOneTime, p.BillingFrequency)
	assert.Nil(t, p.BillingFrequencyCycles)
	assert.Equal(t, time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC), p.AddTime)
	require.Len(t, p.Prices, 1)
	require.NotNil(t, p.Prices[0].DirectCost)
	assert.Equal(t, 0.5, *p.Prices[0].DirectCost, "overhead_cost")
	s, ok := p.CustomFields.Text("1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d")
	assert.True(t, ok)
	assert.Equal(t, "104", s)

	_, err = ev.Person()
	assert.ErrorIs(t, err, webhooks.ErrWrongEntity)
}
