package crm_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
)

func TestDealDecodesV1WebhookObject(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "testdata", "deals", "webhook_v1_update_deal.json"))
	if err != nil {
		t.Fatal(err)
	}
	var env struct {
		Current, Previous crm.Deal
	}
	if err := json.Unmarshal(b, &env); err != nil {
		t.Fatal(err)
	}
	d := env.Current
	if d.ID != 57 || d.OwnerID != 3300441 || *d.PersonID != 12 || *d.OrgID != 5 || d.Status != crm.DealStatusWon || d.VisibleTo != crm.VisibleToCompany || d.Value != 12500.5 {
		t.Errorf("current = %+v", d)
	}
	if !reflect.DeepEqual(d.LabelIDs, []int64{7, 9}) || d.WonTime == nil || !d.WonTime.Equal(time.Date(2026, 11, 29, 10, 30, 0, 0, time.UTC)) {
		t.Errorf("labels/won_time: %v %v", d.LabelIDs, d.WonTime)
	}
	if env.Previous.WonTime != nil || env.Previous.Status != crm.DealStatusOpen {
		t.Errorf("previous = %+v", env.Previous)
	}
}

func TestDealDecodesV1References(t *testing.T) {
	in := `{"id":1,"creator_user_id":{"id":31,"name":"Ana","value":31},"user_id":{"id":44,"value":44},
		"person_id":{"name":"Mira","value":77},"org_id":null,"deleted":true,"lost_time":"",
		"a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0":"hello","a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0_currency":"EUR"}`
	var d crm.Deal
	if err := json.Unmarshal([]byte(in), &d); err != nil {
		t.Fatal(err)
	}
	if d.CreatorUserID != 31 || d.OwnerID != 44 || d.PersonID == nil || *d.PersonID != 77 || d.OrgID != nil || !d.IsDeleted || d.LostTime != nil {
		t.Errorf("deal = %+v", d)
	}
	if s, ok := d.CustomFields.Text("a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0"); !ok || s != "hello" || len(d.CustomFields) != 1 {
		t.Errorf("custom fields = %v", d.CustomFields)
	}
	// A v2 object with custom_fields keeps them and ignores top-level keys.
	in = `{"id":2,"custom_fields":{"k":1},"a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0":"x"}`
	if err := json.Unmarshal([]byte(in), &d); err != nil || len(d.CustomFields) != 1 || d.CustomFields.Raw("k") == nil {
		t.Errorf("v2 custom fields = %v, %v", d.CustomFields, err)
	}
	for _, bad := range []string{`{"person_id":{"value":{"x":1}}}`, `{"label":"a,b"}`, `{"owner_id":"x"}`} {
		if err := json.Unmarshal([]byte(bad), &d); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	if !crm.IsCustomFieldCode("a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0") || crm.IsCustomFieldCode("title") || crm.IsCustomFieldCode("A1B2C3D4E5F6A7B8C9D0A1B2C3D4E5F6A7B8C9D0") {
		t.Error("IsCustomFieldCode")
	}
}
