package crm

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"
)

// dealVariants are v2 deals changed one member at a time into the other
// shapes Deal accepts, the edge values decodeV2 post-processes, and shapes
// that fail.
var dealVariants = []string{
	`"person_id":0`, `"org_id":0`, `"person_id":null`, `"person_id":"77"`, `"person_id":{"value":77,"name":"M"}`,
	`"owner_id":0`, `"owner_id":null`, `"owner_id":"31"`, `"owner_id":31.0`, `"owner_id":{"id":31}`,
	`"creator_user_id":"31"`, `"creator_user_id":null`, `"user_id":44`, `"owner_id":0,"user_id":44`, `"user_id":null`,
	`"update_time":"0001-01-01T00:00:00Z"`, `"update_time":""`, `"update_time":"2026-03-10 16:42:05"`,
	`"update_time":"2026-03-10T16:42:05+02:00"`, `"update_time":"2026-03-10T16:42:05.123456789-07:00"`,
	`"update_time":" 2026-03-10T16:42:05Z"`, `"update_time":"0000-00-00 00:00:00"`, `"update_time":"2026-03-10T16:42:05\u005a"`,
	`"update_time":null`, `"update_time":5`, `"add_time":null`, `"add_time":"0001-01-01T00:00:00Z"`, `"add_time":""`,
	`"won_time":"2026-11-29T10:30:00Z"`, `"first_won_time":"2026-11-29T10:30:00Z"`, `"last_incoming_mail_time":"2026-11-29T10:30:00Z"`,
	`"label_ids":[]`, `"label_ids":null`, `"label_ids":[0,null]`, `"label_ids":[4.0]`, `"label_ids":["4"]`,
	`"label_ids":[{"id":4,"label":"Hot"}]`, `"label_ids":[4],"labels":[{"id":4,"label":"Hot"}]`, `"labels":[{"id":4,"label":"Hot"}]`,
	`"label":"7,9"`, `"deleted":true`, `"deleted":false`,
	`"custom_fields":null`, `"custom_fields":{}`, `"custom_fields":[]`, `"custom_fields":{"k":null}`,
	`"visible_to":"3"`, `"visible_to":null`, `"probability":"60"`, `"value":"10.5"`, `"is_deleted":"true"`,
	`"expected_close_date":""`, `"expected_close_date":"2026-06-30T10:00:00Z"`, `"expected_close_date":"June"`,
	`"title":"a\"b\u00e9\ud83d\ude00"`,
}

// dealInputs are the fixtures' objects and every variant of the v2 deal.
func dealInputs(t testing.TB) [][]byte {
	t.Helper()
	ins := jsonObjects(t, "deals")
	base := `{"id":501,"title":"T","owner_id":31,"person_id":77,"org_id":12,"add_time":"2026-02-03T08:15:00Z",` +
		`"update_time":"2026-03-10T16:42:05Z","label_ids":[4,9],"custom_fields":{"k":1},"status":"open"`
	ins = append(ins, []byte(base+"}"), []byte(strings.Replace(base, `,"custom_fields":{"k":1}`, "", 1)+
		`,"a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0":"x"}`),
		// Names as encoding/json matches them, whatever their case.
		[]byte(strings.NewReplacer(`"custom_fields"`, `"Custom_Fields"`, `"id"`, `"ID"`, `"update_time"`, `"UPDATE_TIME"`).Replace(base)+"}"))
	for _, v := range dealVariants {
		ins = append(ins, []byte(withMembers(base+"}", v)))
	}
	return ins
}

// withMembers returns the object obj with the members in members (`"a":1,
// "b":2`) set: replaced where obj has them, appended where not.
func withMembers(obj, members string) string {
	var add map[string]json.RawMessage
	if err := json.Unmarshal([]byte("{"+members+"}"), &add); err != nil {
		panic(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(obj), &m); err != nil {
		panic(err)
	}
	for k, v := range add {
		m[k] = v
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// hasDuplicateNames reports whether the object b names a member twice, as
// encoding/json matches names: without regard to case (Unicode simple
// folding).
func hasDuplicateNames(b []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return false
	}
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return false
		}
		k := foldName(t.(string))
		if seen[k] {
			return true
		}
		seen[k] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return false
		}
	}
	return false
}

// foldName maps every rune of s to the smallest of its simple case folds.
func foldName(s string) string {
	var out []rune
	for _, r := range s {
		m := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			m = min(m, f)
		}
		out = append(out, m)
	}
	return string(out)
}

// checkDealDecodeV2 fails unless decodeV2 either declines b or decodes it
// exactly as decodeAny does.
func checkDealDecodeV2(t *testing.T, b []byte) (fast bool) {
	t.Helper()
	var got Deal
	if !got.decodeV2(b) {
		return false
	}
	var want Deal
	if err := want.decodeAny(b); err != nil {
		t.Fatalf("decodeV2 took what decodeAny refuses (%v):\n%s", err, b)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeV2 and decodeAny differ on\n%s\nv2:  %+v\nany: %+v", b, got, want)
	}
	return true
}

func TestDealDecodeV2MatchesDecodeAny(t *testing.T) {
	fast := 0
	ins := dealInputs(t)
	for _, b := range ins {
		if hasDuplicateNames(b) {
			t.Fatalf("input names a member twice: %s", b)
		}
		if checkDealDecodeV2(t, b) {
			fast++
		}
		// And through UnmarshalJSON, on a Deal holding a previous value.
		d := Deal{ID: 9, Title: "old", Labels: []Label{{ID: 1, Label: "x"}}, CustomFields: CustomFields{"old": json.RawMessage("1")}}
		var want Deal
		errAny := want.decodeAny(b)
		if err := json.Unmarshal(b, &d); (err != nil) != (errAny != nil) || (err == nil && !reflect.DeepEqual(d, want)) {
			t.Fatalf("UnmarshalJSON differs from decodeAny on\n%s\n%v %+v\n%v %+v", b, err, d, errAny, want)
		}
	}
	// The fixture's v2 deals and the plain variants take the one-pass way.
	if fast < 20 {
		t.Errorf("decodeV2 took %d of %d inputs", fast, len(ins))
	}
	for _, name := range []string{"deal.json", "webhook_v2_create_deal.json"} {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "deals", name))
		if err != nil {
			t.Fatal(err)
		}
		var env struct{ Data json.RawMessage }
		if err := json.Unmarshal(b, &env); err != nil {
			t.Fatal(err)
		}
		if !checkDealDecodeV2(t, env.Data) {
			t.Errorf("%s: decodeV2 declined the v2 deal", name)
		}
	}
}

func FuzzDealDecodeV2(f *testing.F) {
	for _, b := range dealInputs(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if !json.Valid(b) || hasDuplicateNames(b) {
			// encoding/json never hands UnmarshalJSON invalid JSON; and
			// a name given twice is decoded differently (see decodeV2).
			return
		}
		checkDealDecodeV2(t, b)
	})
}

// plainString reads what json.Unmarshal reads, or declines.
func FuzzPlainString(f *testing.F) {
	for _, s := range []string{`"2026-06-30"`, `""`, `"a\"b"`, `"\u00e9"`, `"é"`, "\"\x7f\"", `"a`, `a"`, `"`, `null`, `12`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, ok := plainString(b)
		if !ok {
			return
		}
		var want string
		if err := json.Unmarshal(b, &want); err != nil || got != want {
			t.Fatalf("plainString(%q) = %q; json.Unmarshal: %q, %v", b, got, want, err)
		}
	})
}

// quotedISODate reads what ParseDate reads, or declines.
func FuzzQuotedISODate(f *testing.F) {
	for _, s := range []string{`"2026-06-30"`, `"2024-02-29"`, `"2023-02-29"`, `"2026-04-31"`, `"0000-01-01"`,
		`"2026-13-01"`, `"2026-00-10"`, `"2026-01-00"`, `"2026-1-010"`, `"+026-01-01"`, `"2026-06-30T00:00:00Z"`, `null`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, ok := quotedISODate(b)
		if !ok {
			return
		}
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatalf("quotedISODate(%q) took what is not a JSON string: %v", b, err)
		}
		want, err := ParseDate(s)
		if err != nil || got != want {
			t.Fatalf("quotedISODate(%q) = %v; ParseDate: %v, %v", b, got, want, err)
		}
	})
}

func TestQuotedISODate(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{`"2026-06-30"`, true}, {`"2024-02-29"`, true}, {`"2023-02-29"`, false}, {`"2026-04-31"`, false},
		{`"0000-01-01"`, false}, {`"2026-13-01"`, false}, {`"2026-06-3x"`, false}, {` "2026-06-30"`, false},
	} {
		got, ok := quotedISODate([]byte(tc.in))
		if ok != tc.ok {
			t.Errorf("quotedISODate(%s) reports %v, want %v", tc.in, ok, tc.ok)
			continue
		}
		if ok {
			want, err := ParseDate(strings.Trim(tc.in, `"`))
			if err != nil || got != want {
				t.Errorf("quotedISODate(%s) = %v; ParseDate: %v, %v", tc.in, got, want, err)
			}
		}
	}
}
