package crm

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// organizationVariants are v2 organizations changed one member at a time
// into the other shapes Organization accepts, the edge values the twin
// post-processes, and shapes that fail.
var organizationVariants = []string{
	`"owner_id":0`, `"owner_id":null`, `"owner_id":"31"`, `"owner_id":31.0`, `"owner_id":{"id":31}`,
	`"update_time":"0001-01-01T00:00:00Z"`, `"update_time":""`, `"update_time":"2026-03-10 16:42:05"`,
	`"update_time":"2026-03-10T16:42:05+02:00"`, `"update_time":null`, `"add_time":null`, `"add_time":""`,
	`"label_ids":[]`, `"label_ids":null`, `"label_ids":[0,null]`, `"label_ids":[4.0]`, `"label_ids":["4"]`,
	`"label_ids":[{"id":4,"label":"Customer"}]`, `"labels":[{"id":4,"label":"Customer"}]`,
	`"address":null`, `"address":""`, `"address":"1 Main St"`, `"address":"1 Main St","address_locality":"Tallinn"`,
	`"address":{"value":"1 Main St","locality":"Tallinn","country":"Estonia"}`, `"address":{}`, `"address":[]`,
	`"active_flag":false`, `"active_flag":true`, `"is_deleted":"true"`,
	`"custom_fields":null`, `"custom_fields":{}`, `"custom_fields":{"k":null}`, `"visible_to":"3"`, `"visible_to":null`,
	`"website":null`, `"industry":"5"`, `"annual_revenue":1000000`, `"employee_count":"12"`, `"people_count":3`,
	`"name":"a\"b\u00e9\ud83d\ude00"`,
}

// organizationInputs are the fixtures' objects and every variant of a v2
// organization.
func organizationInputs(t testing.TB) [][]byte {
	t.Helper()
	ins := jsonObjects(t, "organizations")
	base := `{"id":12,"name":"Acme","owner_id":31,"add_time":"2026-02-03T08:15:00Z","update_time":"2026-03-10T16:42:05Z",` +
		`"label_ids":[4,9],"custom_fields":{"k":1},"address":{"value":"1 Main St"},"visible_to":3,"website":"https://acme.example"}`
	ins = append(ins, []byte(base))
	for _, v := range organizationVariants {
		ins = append(ins, []byte(withMembers(base, v)))
	}
	return ins
}

func checkOrganizationTwin(t *testing.T, b []byte) bool { return checkTwin[Organization](t, b) }

func TestOrganizationTwinMatchesDecodeAny(t *testing.T) {
	fast := 0
	ins := organizationInputs(t)
	for _, b := range ins {
		if hasDuplicateNames(b) {
			t.Fatalf("input names a member twice: %s", b)
		}
		if checkOrganizationTwin(t, b) {
			fast++
		}
		o := Organization{ID: 9, Name: "old", Labels: []Label{{ID: 1, Label: "x"}}, CustomFields: CustomFields{"old": json.RawMessage("1")}}
		var want Organization
		errAny := want.decodeAny(b)
		if err := json.Unmarshal(b, &o); (err != nil) != (errAny != nil) || (err == nil && !reflect.DeepEqual(o, want)) {
			t.Fatalf("UnmarshalJSON differs from decodeAny on\n%s\n%v %+v\n%v %+v", b, err, o, errAny, want)
		}
	}
	if fast < 15 {
		t.Errorf("the twin took %d of %d inputs", fast, len(ins))
	}
	b, err := os.ReadFile(filepath.Join("..", "testdata", "organizations", "get.json"))
	if err != nil {
		t.Fatal(err)
	}
	var env struct{ Data json.RawMessage }
	if err := json.Unmarshal(b, &env); err != nil {
		t.Fatal(err)
	}
	if !checkOrganizationTwin(t, env.Data) {
		t.Error("get.json: the twin declined the v2 organization")
	}
}

func FuzzOrganizationTwin(f *testing.F) {
	for _, b := range organizationInputs(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if !json.Valid(b) || hasDuplicateNames(b) {
			return
		}
		checkOrganizationTwin(t, b)
	})
}
