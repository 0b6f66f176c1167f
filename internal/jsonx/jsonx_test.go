package jsonx

import (
	"encoding/json"
	"testing"
)

type inner struct {
	N int64   `json:"n"`
	F float64 `json:"f"`
}

type outer struct {
	ID    int64   `json:"id"`
	Name  string  `json:"name"`
	Items []inner `json:"items"`
	P     *int    `json:"p"`
}

func TestUnmarshalNumbersAsStrings(t *testing.T) {
	in := `{"id":"12","name":"7","items":[{"n":"1","f":"2.5"},{"n":3,"f":"4"}],"p":"9"}`
	var o outer
	if err := Unmarshal([]byte(in), &o); err != nil {
		t.Fatal(err)
	}
	if o.ID != 12 || o.Name != "7" || len(o.Items) != 2 || o.Items[0].N != 1 || o.Items[0].F != 2.5 || o.Items[1].F != 4 || o.P == nil || *o.P != 9 {
		t.Fatalf("got %+v", o)
	}
}

func TestUnmarshalKeepsOtherErrors(t *testing.T) {
	cases := []string{
		`{"id":"twelve"}`, // not numeric
		`{"id":true}`,     // not a string
		`{"name":5}`,      // number for a string: left alone
		`{"id":"0x10"}`,   // Go syntax, not JSON
		`{"id":" 1"}`,     // padded
		`{broken`,
	}
	for _, in := range cases {
		o := outer{Name: "before"}
		if err := Unmarshal([]byte(in), &o); err == nil {
			t.Errorf("%s: no error", in)
		}
	}
}

func TestUnmarshalMatchesStdlibOnGoodInput(t *testing.T) {
	in := `{"id":1,"name":"x","items":[{"n":2,"f":3}]}`
	var a, b outer
	if err := Unmarshal([]byte(in), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(in), &b); err != nil {
		t.Fatal(err)
	}
	if a.ID != b.ID || a.Items[0] != b.Items[0] {
		t.Fatalf("%+v vs %+v", a, b)
	}
}

func FuzzUnmarshal(f *testing.F) {
	f.Add([]byte(`{"id":"12","items":[{"n":"1"}]}`))
	f.Add([]byte(`{"id":12}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var o outer
		_ = Unmarshal(b, &o)
	})
}

func TestUnmarshalTopLevelString(t *testing.T) {
	var n int64
	if err := Unmarshal([]byte(`"42"`), &n); err != nil || n != 42 {
		t.Fatalf("%d %v", n, err)
	}
}

type withAlias struct {
	ID int64 `json:"id"`
}

func (w *withAlias) UnmarshalJSON(b []byte) error {
	type plain withAlias
	var aux struct {
		*plain
		Extra int `json:"extra"`
	}
	aux.plain = (*plain)(w)
	if err := Unmarshal(b, &aux); err != nil {
		return err
	}
	*w = withAlias(*aux.plain)
	return nil
}

func TestUnmarshalThroughEmbeddedAlias(t *testing.T) {
	var w withAlias
	if err := json.Unmarshal([]byte(`{"id":"5","extra":"6"}`), &w); err != nil || w.ID != 5 {
		t.Fatalf("%+v %v", w, err)
	}
}

func TestWithNulls(t *testing.T) {
	got, err := WithNulls([]byte(`{"title":"x","probability":5}`), []string{"probability", "lost_reason"})
	if err != nil || string(got) != `{"lost_reason":null,"probability":null,"title":"x"}` {
		t.Fatalf("got %s, %v", got, err)
	}
	if got, _ := WithNulls([]byte(`{"a":1}`), nil); string(got) != `{"a":1}` {
		t.Errorf("no keys: %s", got)
	}
	if _, err := WithNulls([]byte(`[1]`), []string{"a"}); err == nil {
		t.Error("not an object: no error")
	}
}
