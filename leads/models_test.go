package leads_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/leads"
)

// Every model decodes its operation's spec example with no member lost.
func TestModelsKeepEveryMember(t *testing.T) {
	one := map[string]func() any{
		"leads/get.json":            func() any { return new(leads.Lead) },
		"leads/create.json":         func() any { return new(leads.Lead) },
		"leads/update.json":         func() any { return new(leads.Lead) },
		"leads/label_create.json":   func() any { return new(leads.Label) },
		"leads/label_update.json":   func() any { return new(leads.Label) },
		"leads/convert.json":        func() any { return new(leads.Conversion) },
		"leads/convert_status.json": func() any { return new(leads.ConversionStatus) },
	}
	for name, mk := range one {
		t.Run(name, func(t *testing.T) {
			resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, name), mk())
		})
	}
	lists := map[string]func() any{
		"leads/list.json":     func() any { return new(leads.Lead) },
		"leads/archived.json": func() any { return new(leads.Lead) },
		"leads/fields.json":   func() any { return new(leads.LeadField) },
		"leads/labels.json":   func() any { return new(leads.Label) },
		"leads/sources.json":  func() any { return new(leads.Source) },
	}
	for name, mk := range lists {
		t.Run(name, func(t *testing.T) {
			var items []json.RawMessage
			require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, name), &items))
			require.NotEmpty(t, items)
			for _, it := range items {
				resourcetest.AssertNoFieldLost(t, it, mk())
			}
		})
	}
	t.Run("leads/search.json", func(t *testing.T) {
		var data struct {
			Items []json.RawMessage `json:"items"`
		}
		require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, "leads/search.json"), &data))
		require.NotEmpty(t, data.Items)
		for _, it := range data.Items {
			resourcetest.AssertNoFieldLost(t, it, new(crm.SearchResult[leads.SearchItem]))
		}
	})
}

// v1 leads carry the deal custom fields at the top level, with
// companion members for monetary values, ranges and addresses.
func TestLeadCustomFields(t *testing.T) {
	const (
		money = "8f2d6c0e1a3b5d7f9e1c3a5b7d9f1e3c5a7b9d1f"
		enum  = "1a3c5e7f9b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a"
		set   = "2b4d6f8a0c2e4b6d8f0a1c3e5a7c9e1b3d5f7a9c"
		rng   = "4d6f8a0c2e4b6d8f0a1c3e5a7c9e1b3d5f7a9c1e"
		addr  = "5e7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a"
		empty = "6f8a0c2e4b6d8f0a1c3e5a7c9e1b3d5f7a9c1e3b"
	)
	body := `{"id":"adf21080-0e10-11eb-879b-05d71fb426ec","title":"With fields","owner_id":1,
		"` + money + `":5000,"` + money + `_currency":"EUR",
		"` + enum + `":"3","` + set + `":"21,23",
		"` + rng + `":"2026-01-01","` + rng + `_until":"2026-03-31",
		"` + addr + `":"Narva mnt 5, Tallinn","` + addr + `_locality":"Tallinn","` + addr + `_country":"Estonia","` + addr + `_route":null,
		"` + empty + `":null,"` + empty + `_currency":null}`
	var l leads.Lead
	require.NoError(t, json.Unmarshal([]byte(body), &l))
	m, ok := l.CustomFields.Money(money)
	require.True(t, ok)
	assert.Equal(t, crm.Money(5000, "EUR"), m)
	o, ok := l.CustomFields.OptionID(enum)
	require.True(t, ok)
	assert.Equal(t, int64(3), o)
	opts, ok := l.CustomFields.OptionIDs(set)
	require.True(t, ok)
	assert.Equal(t, []int64{21, 23}, opts)
	r, ok := l.CustomFields.DateRange(rng)
	require.True(t, ok)
	assert.Equal(t, crm.DateRange{Start: crm.NewDate(2026, time.January, 1), End: crm.NewDate(2026, time.March, 31)}, r)
	a, ok := l.CustomFields.Address(addr)
	require.True(t, ok)
	assert.Equal(t, crm.Address{Value: "Narva mnt 5, Tallinn", Locality: "Tallinn", Country: "Estonia"}, a)
	assert.False(t, l.CustomFields.Has(empty), "an empty monetary field stays null")
	assert.Len(t, l.CustomFields, 6)

	// MarshalJSON writes v1's form back: a decode of the encoding is the
	// same lead.
	again, err := json.Marshal(l)
	require.NoError(t, err)
	var round map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(again, &round))
	assert.JSONEq(t, `"EUR"`, string(round[money+"_currency"]))
	assert.JSONEq(t, `5000`, string(round[money]))
	assert.JSONEq(t, `"2026-03-31"`, string(round[rng+"_until"]))
	assert.JSONEq(t, `"Tallinn"`, string(round[addr+"_locality"]))
	var l2 leads.Lead
	require.NoError(t, json.Unmarshal(again, &l2))
	assert.Equal(t, l, l2)
	resourcetest.AssertNoFieldLost(t, []byte(body), new(leads.Lead))
}

// What webhooks deliver: v2 data with numbers as strings and a
// custom_fields object.
func TestLeadDecodeWebhookShapes(t *testing.T) {
	var l leads.Lead
	require.NoError(t, json.Unmarshal([]byte(`{"id":"1a2b","title":"T","owner_id":"7","creator_id":"7","person_id":"12",
		"organization_id":null,"value":{"amount":"800","currency":"EUR"},"is_archived":"0","was_seen":1,"visible_to":"3",
		"channel":"52","unknown_member":{"a":1},"add_time":"2026-11-29T11:10:00.000Z","update_time":null,"next_activity_id":null,
		"custom_fields":{"8f2d6c0e1a3b5d7f9e1c3a5b7d9f1e3c5a7b9d1f":{"value":10,"currency":"USD"}}}`), &l))
	assert.Equal(t, int64(7), l.OwnerID)
	assert.Equal(t, pipedrive.Ptr[int64](12), l.PersonID)
	assert.Nil(t, l.OrganizationID)
	assert.Equal(t, &leads.Value{Amount: 800, Currency: "EUR"}, l.Value)
	assert.False(t, l.IsArchived)
	assert.True(t, l.WasSeen)
	assert.Equal(t, pipedrive.Ptr[int64](52), l.Channel)
	assert.Nil(t, l.UpdateTime)
	m, ok := l.CustomFields.Money("8f2d6c0e1a3b5d7f9e1c3a5b7d9f1e3c5a7b9d1f")
	assert.True(t, ok)
	assert.Equal(t, crm.Money(10, "USD"), m)

	require.NoError(t, json.Unmarshal([]byte(`{"id":"x","value":null,"label_ids":null,"custom_fields":null}`), &l))
	assert.Equal(t, leads.Lead{ID: "x"}, l)
}
