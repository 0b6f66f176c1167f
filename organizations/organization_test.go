package organizations_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/organizations"
)

func TestOrganizationDecodeFixture(t *testing.T) {
	var o organizations.Organization
	require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, "organizations/get.json"), &o))
	assertEngines(t, &o)
}

func TestOrganizationDecodeEdgeCases(t *testing.T) {
	tests := []struct {
		name  string
		json  string
		check func(t *testing.T, o *organizations.Organization)
	}{
		{
			name: "webhook v2 data with numbers as strings",
			json: `{"id":"5","name":"Nordic Mills","owner_id":"3300441","visible_to":"3","label_ids":["7"],
				"annual_revenue":"125000","employee_count":"40","industry":"2","add_time":"2026-10-01T08:00:00Z",
				"update_time":null,"address":{"value":"Storgatan 1, Stockholm","country":"Sweden"},"custom_fields":{}}`,
			check: func(t *testing.T, o *organizations.Organization) {
				assert.Equal(t, int64(5), o.ID)
				assert.Equal(t, int64(3300441), o.OwnerID)
				assert.Equal(t, crm.VisibleToCompany, o.VisibleTo)
				assert.Equal(t, []int64{7}, o.LabelIDs)
				assert.Equal(t, pipedrive.Ptr(int64(125000)), o.AnnualRevenue)
				assert.Equal(t, pipedrive.Ptr(40), o.EmployeeCount)
				assert.Equal(t, pipedrive.Ptr(int64(2)), o.Industry)
				assert.Equal(t, &crm.Address{Value: "Storgatan 1, Stockholm", Country: "Sweden"}, o.Address)
				assert.Nil(t, o.UpdateTime)
			},
		},
		{
			name: "v1 shape: address string with parts, owner object, active_flag, v1 times",
			json: `{"id":6,"name":"Old Org","owner_id":{"id":9,"name":"Owner","email":"o@example.com","value":9},
				"active_flag":false,"visible_to":"7","add_time":"2024-02-12 09:14:35","update_time":"2024-02-13 10:00:00",
				"address":"Storgatan 1, 111 22 Stockholm, Sweden","address_route":"Storgatan","address_street_number":"1",
				"address_locality":"Stockholm","address_country":"Sweden","address_postal_code":"111 22",
				"address_formatted_address":"Storgatan 1, 111 22 Stockholm, Sweden","people_count":4}`,
			check: func(t *testing.T, o *organizations.Organization) {
				assert.Equal(t, int64(9), o.OwnerID)
				assert.True(t, o.IsDeleted)
				assert.Equal(t, crm.VisibleToOwnerGroupAndSubgroups, o.VisibleTo)
				assert.Equal(t, time.Date(2024, 2, 12, 9, 14, 35, 0, time.UTC), o.AddTime)
				assert.Equal(t, &crm.Address{
					Value: "Storgatan 1, 111 22 Stockholm, Sweden", FormattedAddress: "Storgatan 1, 111 22 Stockholm, Sweden",
					Route: "Storgatan", StreetNumber: "1", Locality: "Stockholm", Country: "Sweden", PostalCode: "111 22",
				}, o.Address)
				assert.Equal(t, pipedrive.Ptr(4), o.PeopleCount)
			},
		},
		{
			name: "v1 empty address string",
			json: `{"id":7,"address":"","address_country":"Sweden"}`,
			check: func(t *testing.T, o *organizations.Organization) {
				assert.Nil(t, o.Address)
			},
		},
		{
			name: "nulls everywhere",
			json: `{"id":8,"name":null,"owner_id":null,"add_time":null,"update_time":null,"visible_to":null,"address":null,
				"label_ids":null,"website":null,"linkedin":null,"industry":null,"annual_revenue":null,"employee_count":null,
				"custom_fields":null}`,
			check: func(t *testing.T, o *organizations.Organization) {
				assert.Equal(t, organizations.Organization{ID: 8}, *o)
			},
		},
		{
			name: "label_ids as label objects (include_labels)",
			json: `{"id":10,"label_ids":[{"id":21,"label":"Customer"}],"website":null}`,
			check: func(t *testing.T, o *organizations.Organization) {
				assert.Equal(t, []int64{21}, o.LabelIDs)
				assert.Equal(t, []crm.Label{{ID: 21, Label: "Customer"}}, o.Labels)
				assert.Nil(t, o.Website)
			},
		},
		{
			name: "unknown fields are ignored",
			json: `{"id":9,"name":"N","brand_new":{"x":[1]}}`,
			check: func(t *testing.T, o *organizations.Organization) {
				assert.Equal(t, organizations.Organization{ID: 9, Name: "N"}, *o)
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var o organizations.Organization
			require.NoError(t, json.Unmarshal([]byte(tc.json), &o))
			tc.check(t, &o)
		})
	}
}

func TestOrganizationDecodeErrors(t *testing.T) {
	for name, in := range map[string]string{
		"not an object":       `"org"`,
		"id not a number":     `{"id":"five"}`,
		"bad time":            `{"id":1,"update_time":"soon"}`,
		"address as a number": `{"id":1,"address":12}`,
		"visible_to as list":  `{"id":1,"visible_to":[3]}`,
		"truncated":           `{"id":1,"name":"Ana`,
	} {
		t.Run(name, func(t *testing.T) {
			var o organizations.Organization
			assert.Error(t, json.Unmarshal([]byte(in), &o))
		})
	}
}

func FuzzOrganizationDecode(f *testing.F) {
	f.Add(string(resourcetest.FixtureData(f, "organizations/get.json")))
	f.Add(`{"id":"6","address":"x","address_country":"y","owner_id":{"value":"9"},"active_flag":false}`)
	f.Add(`{"visible_to":"3","label_ids":["1"],"add_time":"2024-02-12 09:14:35"}`)
	f.Fuzz(func(t *testing.T, in string) {
		var o organizations.Organization
		if err := json.Unmarshal([]byte(in), &o); err != nil {
			return
		}
		b, err := json.Marshal(o)
		if err != nil {
			t.Fatalf("marshal after a successful decode: %v", err)
		}
		var again organizations.Organization
		if err := json.Unmarshal(b, &again); err != nil {
			t.Fatalf("re-decoding %s: %v", b, err)
		}
		b2, err := json.Marshal(again)
		if err != nil {
			t.Fatalf("marshal of the re-decoded organization: %v", err)
		}
		if !bytes.Equal(b, b2) {
			t.Fatalf("round trip changed the organization:\n%s\n%s", b, b2)
		}
	})
}
