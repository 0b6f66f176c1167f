package persons_test

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
	"github.com/pipedrive-go/pipedrive/persons"
)

func TestPersonDecodeFixture(t *testing.T) {
	var p persons.Person
	require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, "persons/get.json"), &p))
	assertAda(t, &p)
}

func TestPersonDecodeEdgeCases(t *testing.T) {
	tests := []struct {
		name  string
		json  string
		check func(t *testing.T, p *persons.Person)
	}{
		{
			name: "webhook v2 data with numbers as strings",
			json: `{"id":"12","name":"Mara Lindqvist","owner_id":"3300441","org_id":"5","visible_to":"3",
				"label_ids":["4","5"],"picture_id":"","add_time":"2026-10-01T08:00:00Z","update_time":"2026-11-29T10:31:02.512Z",
				"emails":[{"value":"mara@example.com","primary":true,"label":"work"}],"custom_fields":{}}`,
			check: func(t *testing.T, p *persons.Person) {
				assert.Equal(t, int64(12), p.ID)
				assert.Equal(t, int64(3300441), p.OwnerID)
				assert.Equal(t, pipedrive.Ptr(int64(5)), p.OrgID)
				assert.Equal(t, crm.VisibleToCompany, p.VisibleTo)
				assert.Equal(t, []int64{4, 5}, p.LabelIDs)
				assert.Nil(t, p.PictureID)
				assert.Equal(t, pipedrive.Ptr(time.Date(2026, 11, 29, 10, 31, 2, 512e6, time.UTC)), p.UpdateTime)
				assert.Equal(t, "mara@example.com", p.PrimaryEmail())
			},
		},
		{
			name: "v1 shape: objects for ids, email and phone, active_flag",
			json: `{"id":7,"name":"Old Contact","owner_id":{"id":9,"name":"Owner","value":9},"org_id":{"name":"Org","value":33},
				"email":[{"value":"a@example.com","primary":false,"label":"work"},{"value":"b@example.com","primary":true,"label":"home"}],
				"phone":[{"value":"","primary":true}],"active_flag":false,"visible_to":"1",
				"add_time":"2024-02-12 09:14:35","update_time":"0000-00-00 00:00:00"}`,
			check: func(t *testing.T, p *persons.Person) {
				assert.Equal(t, int64(9), p.OwnerID)
				assert.Equal(t, pipedrive.Ptr(int64(33)), p.OrgID)
				assert.Equal(t, "b@example.com", p.PrimaryEmail())
				assert.Equal(t, "", p.PrimaryPhone())
				assert.True(t, p.IsDeleted, "active_flag false means deleted")
				assert.Equal(t, crm.VisibleToOwner, p.VisibleTo)
				assert.Equal(t, time.Date(2024, 2, 12, 9, 14, 35, 0, time.UTC), p.AddTime)
				assert.Nil(t, p.UpdateTime)
			},
		},
		{
			name: "v1 email as plain strings",
			json: `{"id":8,"name":"X","email":["x@example.com","y@example.com"],"phone":"+1 555 0100"}`,
			check: func(t *testing.T, p *persons.Person) {
				assert.Equal(t, []persons.ContactDetail{{Value: "x@example.com", Primary: true}, {Value: "y@example.com"}}, p.Emails)
				assert.Equal(t, []persons.ContactDetail{{Value: "+1 555 0100", Primary: true}}, p.Phones)
			},
		},
		{
			name: "nulls everywhere",
			json: `{"id":9,"name":null,"owner_id":null,"org_id":null,"add_time":null,"update_time":null,"emails":null,
				"phones":null,"im":null,"visible_to":null,"label_ids":null,"picture_id":null,"postal_address":null,
				"notes":null,"birthday":null,"job_title":null,"custom_fields":null,"marketing_status":null}`,
			check: func(t *testing.T, p *persons.Person) {
				assert.Equal(t, persons.Person{ID: 9}, *p)
			},
		},
		{
			name: "label_ids as label objects (include_labels)",
			json: `{"id":12,"label_ids":[{"id":11,"label":"VIP"},{"id":"12","label":"Hot lead"}]}`,
			check: func(t *testing.T, p *persons.Person) {
				assert.Equal(t, []int64{11, 12}, p.LabelIDs)
				assert.Equal(t, []crm.Label{{ID: 11, Label: "VIP"}, {ID: 12, Label: "Hot lead"}}, p.Labels)
			},
		},
		{
			name: "unknown fields are ignored",
			json: `{"id":10,"name":"N","brand_new_field":{"nested":[1,2,3]},"another":"x"}`,
			check: func(t *testing.T, p *persons.Person) {
				assert.Equal(t, persons.Person{ID: 10, Name: "N"}, *p)
			},
		},
		{
			name: "empty birthday and no primary entry",
			json: `{"id":11,"birthday":"","emails":[{"value":"first@example.com","primary":false},{"value":"second@example.com","primary":false}]}`,
			check: func(t *testing.T, p *persons.Person) {
				assert.True(t, p.Birthday.IsZero())
				assert.Equal(t, "first@example.com", p.PrimaryEmail(), "the first entry stands in for a missing primary")
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var p persons.Person
			require.NoError(t, json.Unmarshal([]byte(tc.json), &p))
			tc.check(t, &p)
		})
	}
}

func TestPersonDecodeErrors(t *testing.T) {
	for name, in := range map[string]string{
		"not an object":        `[1,2]`,
		"id not a number":      `{"id":"twelve"}`,
		"bad time":             `{"id":1,"add_time":"yesterday"}`,
		"emails not a list":    `{"id":1,"emails":"a@example.com"}`,
		"visible_to as bool":   `{"id":1,"visible_to":true}`,
		"owner object no id":   `{"id":1,"owner_id":{"name":"x","value":"abc"}}`,
		"truncated":            `{"id":1,"name":"Ad`,
		"label_ids not a list": `{"id":1,"label_ids":{"a":1}}`,
	} {
		t.Run(name, func(t *testing.T) {
			var p persons.Person
			assert.Error(t, json.Unmarshal([]byte(in), &p))
		})
	}
}

func TestPersonRoundTrip(t *testing.T) {
	var p persons.Person
	require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, "persons/get.json"), &p))
	b, err := json.Marshal(p)
	require.NoError(t, err)
	var again persons.Person
	require.NoError(t, json.Unmarshal(b, &again))
	// Custom field values are kept as raw JSON, re-encoded compactly:
	// compare them as JSON.
	require.Len(t, again.CustomFields, len(p.CustomFields))
	for code, raw := range p.CustomFields {
		assert.JSONEq(t, string(raw), string(again.CustomFields[code]), code)
	}
	p.CustomFields, again.CustomFields = nil, nil
	assert.Equal(t, p, again)
}

func TestPictureDecodeKeyedByID(t *testing.T) {
	// The v1 spec documents the upload answer as an object keyed by the
	// picture's id; the live API sends the picture itself. Both decode.
	var pic persons.Picture
	require.NoError(t, json.Unmarshal([]byte(`{"9002":{"id":9002,"item_id":42,"pictures":{"128":"u128"}}}`), &pic))
	assert.Equal(t, persons.Picture{ID: 9002, ItemID: 42, URLs: persons.PictureURLs{Size128: "u128"}}, pic)
}

func TestDealProductDecode(t *testing.T) {
	var dp persons.DealProduct
	require.NoError(t, json.Unmarshal([]byte(`{"deal":{"id":5,"title":"T","value":"12.5"},"product":{"id":6,"name":"P"}}`), &dp))
	assert.Equal(t, int64(5), dp.DealID)
	assert.Equal(t, 12.5, dp.Deal.Value)
	assert.Error(t, json.Unmarshal([]byte(`{"1":{},"2":{}}`), &dp), "two deals in one entry")
	assert.Error(t, json.Unmarshal([]byte(`[]`), &dp))
}

func FuzzPersonDecode(f *testing.F) {
	f.Add(string(resourcetest.FixtureData(f, "persons/get.json")))
	f.Add(string(resourcetest.FixtureData(f, "persons/merge.json")))
	f.Add(`{"id":"12","visible_to":"3","email":["a"],"org_id":{"value":"5"}}`)
	f.Add(`{"add_time":"0000-00-00 00:00:00","label_ids":["1",2]}`)
	f.Fuzz(func(t *testing.T, in string) {
		var p persons.Person
		if err := json.Unmarshal([]byte(in), &p); err != nil {
			return
		}
		// Whatever decoded must encode and decode again to the same value.
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("marshal after a successful decode: %v", err)
		}
		var again persons.Person
		if err := json.Unmarshal(b, &again); err != nil {
			t.Fatalf("re-decoding %s: %v", b, err)
		}
		// And decode to the same person: encoding it again gives the same
		// document.
		b2, err := json.Marshal(again)
		if err != nil {
			t.Fatalf("marshal of the re-decoded person: %v", err)
		}
		if !bytes.Equal(b, b2) {
			t.Fatalf("round trip changed the person:\n%s\n%s", b, b2)
		}
	})
}
