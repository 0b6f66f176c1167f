package crm

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// jsonObjects returns every JSON object found, at any depth, in the
// fixtures of testdata/<dir>.
func jsonObjects(t testing.TB, dir string) [][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "testdata", dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in %s: %v", dir, err)
	}
	var out [][]byte
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, b)
			for _, e := range v {
				walk(e)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		walk(v)
	}
	return out
}

// personVariants are v2 persons changed one member at a time into the
// other shapes Person accepts, the edge values the twin post-processes,
// and shapes that fail.
var personVariants = []string{
	`"org_id":0`, `"org_id":null`, `"org_id":"12"`, `"org_id":{"value":12,"name":"Acme"}`, `"picture_id":0`,
	`"picture_id":{"id":5}`, `"owner_id":0`, `"owner_id":null`, `"owner_id":"31"`, `"owner_id":31.0`, `"owner_id":{"id":31}`,
	`"update_time":"0001-01-01T00:00:00Z"`, `"update_time":""`, `"update_time":"2026-03-10 16:42:05"`,
	`"update_time":"2026-03-10T16:42:05+02:00"`, `"update_time":null`, `"update_time":5`, `"add_time":null`,
	`"add_time":""`, `"add_time":"2026-02-03 08:15:00"`, `"last_incoming_mail_time":"2026-11-29T10:30:00Z"`,
	`"last_outgoing_mail_time":"0001-01-01T00:00:00Z"`,
	`"label_ids":[]`, `"label_ids":null`, `"label_ids":[0,null]`, `"label_ids":[4.0]`, `"label_ids":["4"]`,
	`"label_ids":[{"id":4,"label":"VIP"}]`, `"labels":[{"id":4,"label":"VIP"}]`,
	`"email":[{"value":"a@b.example","primary":true}]`, `"phone":"555"`, `"active_flag":false`, `"active_flag":true`,
	`"emails":null`, `"emails":[]`, `"emails":"a@b.example"`, `"phones":[{"value":"555","primary":false,"label":"work"}]`,
	`"custom_fields":null`, `"custom_fields":{}`, `"custom_fields":{"k":null}`, `"visible_to":"3"`, `"visible_to":null`,
	`"birthday":"1990-05-17"`, `"birthday":""`, `"birthday":null`, `"postal_address":null`,
	`"postal_address":{"value":"1 Main St","locality":"Tallinn"}`, `"is_deleted":"true"`, `"open_deals_count":"2"`,
	`"name":"a\"b\u00e9\ud83d\ude00"`,
}

// personInputs are the fixtures' objects and every variant of a v2
// person.
func personInputs(t testing.TB) [][]byte {
	t.Helper()
	ins := jsonObjects(t, "persons")
	base := `{"id":42,"name":"Ada","owner_id":31,"org_id":12,"picture_id":5,"add_time":"2026-02-03T08:15:00Z",` +
		`"update_time":"2026-03-10T16:42:05Z","label_ids":[4,9],"custom_fields":{"k":1},` +
		`"emails":[{"value":"ada@example.com","primary":true,"label":"work"}],"phones":[],"visible_to":3}`
	ins = append(ins, []byte(base))
	for _, v := range personVariants {
		ins = append(ins, []byte(withMembers(base, v)))
	}
	return ins
}

// twinModel is a model with a twin and a tolerant decoding to hold it to.
type twinModel[T any] interface {
	*T
	JSONTwin() interface{ Finish() bool }
	decodeAny(b []byte) error
}

// checkTwin fails unless the model's twin either declines b or decodes
// it exactly as decodeAny does.
func checkTwin[T any, P twinModel[T]](t *testing.T, b []byte) (fast bool) {
	t.Helper()
	var got T
	tw := P(&got).JSONTwin()
	if json.Unmarshal(b, tw) != nil || !tw.Finish() {
		return false
	}
	var want T
	if err := P(&want).decodeAny(b); err != nil {
		t.Fatalf("the twin took what decodeAny refuses (%v):\n%s", err, b)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("the twin and decodeAny differ on\n%s\ntwin: %+v\nany:  %+v", b, got, want)
	}
	return true
}

func checkPersonTwin(t *testing.T, b []byte) bool { return checkTwin[Person](t, b) }

func TestPersonTwinMatchesDecodeAny(t *testing.T) {
	fast := 0
	ins := personInputs(t)
	for _, b := range ins {
		if hasDuplicateNames(b) {
			t.Fatalf("input names a member twice: %s", b)
		}
		if checkPersonTwin(t, b) {
			fast++
		}
		// And through UnmarshalJSON, on a Person holding a previous value.
		p := Person{ID: 9, Name: "old", Labels: []Label{{ID: 1, Label: "x"}}, CustomFields: CustomFields{"old": json.RawMessage("1")}}
		var want Person
		errAny := want.decodeAny(b)
		if err := json.Unmarshal(b, &p); (err != nil) != (errAny != nil) || (err == nil && !reflect.DeepEqual(p, want)) {
			t.Fatalf("UnmarshalJSON differs from decodeAny on\n%s\n%v %+v\n%v %+v", b, err, p, errAny, want)
		}
	}
	if fast < 15 {
		t.Errorf("the twin took %d of %d inputs", fast, len(ins))
	}
	b, err := os.ReadFile(filepath.Join("..", "testdata", "persons", "get.json"))
	if err != nil {
		t.Fatal(err)
	}
	var env struct{ Data json.RawMessage }
	if err := json.Unmarshal(b, &env); err != nil {
		t.Fatal(err)
	}
	if !checkPersonTwin(t, env.Data) {
		t.Error("get.json: the twin declined the v2 person")
	}
}

func FuzzPersonTwin(f *testing.F) {
	for _, b := range personInputs(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if !json.Valid(b) || hasDuplicateNames(b) {
			return
		}
		checkPersonTwin(t, b)
	})
}
