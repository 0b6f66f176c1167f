package crm_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/pipedrive-go/pipedrive/crm"
)

// A custom_fields object with one value of every shape the API sends.
const allShapes = `{
	"text": "Gold customer",
	"num": 12.5,
	"numstr": "42",
	"money": {"value": 5000, "currency": "EUR"},
	"moneynull": {"value": null, "currency": "USD"},
	"date": "2026-03-31",
	"range": {"value": "2026-01-01", "until": "2026-12-31"},
	"trange": {"value": "09:00:00", "until": "17:30:00"},
	"opt": 7,
	"optlabel": {"id": 8, "label": "Enterprise"},
	"opts": [1, 2, 3],
	"optslabels": [{"id": 4, "label": "A"}, {"id": 5, "label": "B"}],
	"optsv1": "10,11",
	"user": 101,
	"person": {"id": 202, "name": "Ada"},
	"org": {"value": 303, "name": "Acme"},
	"addr": {"value": "1 Main St, Springfield", "route": "Main St", "street_number": "1", "locality": "Springfield", "country": "USA", "postal_code": "12345", "formatted_address": "1 Main St, Springfield, USA"},
	"addrstr": "Somewhere 5",
	"null": null,
	"weird": {"nested": [1, {"x": true}], "z": "keep me"}
}`

func decodeAll(t *testing.T) crm.CustomFields {
	t.Helper()
	var cf crm.CustomFields
	if err := json.Unmarshal([]byte(allShapes), &cf); err != nil {
		t.Fatal(err)
	}
	return cf
}

func TestCustomFieldsAccessors(t *testing.T) {
	cf := decodeAll(t)
	check := func(name string, got, want any, ok bool) {
		t.Helper()
		if !ok {
			t.Errorf("%s: ok=false", name)
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", name, got, want)
		}
	}
	s, ok := cf.Text("text")
	check("Text", s, "Gold customer", ok)
	n, ok := cf.Number("num")
	check("Number", n, 12.5, ok)
	n, ok = cf.Number("numstr")
	check("Number(string)", n, 42.0, ok)
	m, ok := cf.Money("money")
	check("Money", m, crm.Money(5000, "EUR"), ok)
	m, ok = cf.Money("moneynull")
	check("Money(null value)", m, crm.Monetary{Currency: "USD"}, ok)
	d, ok := cf.Date("date")
	check("Date", d, crm.NewDate(2026, 3, 31), ok)
	r, ok := cf.DateRange("range")
	check("DateRange", r, crm.DateRange{Start: crm.NewDate(2026, 1, 1), End: crm.NewDate(2026, 12, 31)}, ok)
	tr, ok := cf.TimeRange("trange")
	check("TimeRange", tr, crm.TimeRange{Start: "09:00:00", End: "17:30:00"}, ok)
	id, ok := cf.Option("opt")
	check("Option", id, int64(7), ok)
	id, ok = cf.Option("optlabel")
	check("Option(object)", id, int64(8), ok)
	ids, ok := cf.Options("opts")
	check("Options", ids, []int64{1, 2, 3}, ok)
	ids, ok = cf.Options("optslabels")
	check("Options(objects)", ids, []int64{4, 5}, ok)
	ids, ok = cf.Options("optsv1")
	check("Options(v1 string)", ids, []int64{10, 11}, ok)
	id, ok = cf.User("user")
	check("User", id, int64(101), ok)
	id, ok = cf.Person("person")
	check("Person", id, int64(202), ok)
	id, ok = cf.Org("org")
	check("Org", id, int64(303), ok)
	a, ok := cf.Address("addr")
	check("Address", a, crm.Address{Value: "1 Main St, Springfield", Route: "Main St", StreetNumber: "1", Locality: "Springfield", Country: "USA", PostalCode: "12345", FormattedAddress: "1 Main St, Springfield, USA"}, ok)
	a, ok = cf.Address("addrstr")
	check("Address(string)", a, crm.Address{Value: "Somewhere 5"}, ok)

	// Absent, null and mismatched shapes report ok=false.
	for name, fn := range map[string]func() bool{
		"absent text":     func() bool { _, ok := cf.Text("nope"); return ok },
		"null text":       func() bool { _, ok := cf.Text("null"); return ok },
		"money from text": func() bool { _, ok := cf.Money("text"); return ok },
		"number of text":  func() bool { _, ok := cf.Number("text"); return ok },
		"date of number":  func() bool { _, ok := cf.Date("num"); return ok },
		"option of text":  func() bool { _, ok := cf.Option("text"); return ok },
		"options of addr": func() bool { _, ok := cf.Options("addr"); return ok },
		"range of text":   func() bool { _, ok := cf.DateRange("text"); return ok },
		"user of null":    func() bool { _, ok := cf.User("null"); return ok },
		"address of num":  func() bool { _, ok := cf.Address("num"); return ok },
	} {
		if fn() {
			t.Errorf("%s: ok=true, want false", name)
		}
	}
	if cf.Has("null") || cf.Has("nope") || !cf.Has("weird") {
		t.Error("Has is wrong for null, absent or present values")
	}
}

func TestCustomFieldsRoundTripUnknownShapes(t *testing.T) {
	cf := decodeAll(t)
	out, err := json.Marshal(cf)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	var orig map[string]any
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(allShapes), &orig); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, orig) {
		t.Errorf("round trip changed values:\n got %v\nwant %v", back, orig)
	}
	if _, present := back["null"]; !present {
		t.Error("a null value was dropped; it must be sent to clear the field")
	}
}

func TestCustomFieldsSetters(t *testing.T) {
	var cf crm.CustomFields // nil: setters allocate
	cf.SetText("a", "x")
	if err := cf.SetNumber("b", 1.5); err != nil {
		t.Fatal(err)
	}
	if err := cf.SetMoney("c", crm.Money(10, "USD")); err != nil {
		t.Fatal(err)
	}
	cf.SetDate("d", crm.NewDate(2026, 1, 2))
	cf.SetDateRange("e", crm.DateRange{Start: crm.NewDate(2026, 1, 1), End: crm.NewDate(2026, 2, 1)})
	cf.SetOption("f", 3)
	cf.SetOptions("g", 4, 5)
	cf.SetOptions("h")
	cf.SetUser("i", 9)
	cf.SetAddress("j", crm.Address{Value: "Main 1"})
	cf.Clear("k")
	if err := cf.Set("l", map[string]int{"q": 1}); err != nil {
		t.Fatal(err)
	}
	if err := cf.Set("m", json.RawMessage(`{"keep":[1,2]}`)); err != nil {
		t.Fatal(err)
	}
	want := `{"a":"x","b":1.5,"c":{"value":10,"currency":"USD"},"d":"2026-01-02","e":{"value":"2026-01-01","until":"2026-02-01"},"f":3,"g":[4,5],"h":null,"i":9,"j":{"value":"Main 1"},"k":null,"l":{"q":1},"m":{"keep":[1,2]}}`
	got, err := json.Marshal(cf)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("encoded\n got %s\nwant %s", got, want)
	}
}

func TestCustomFieldsBadInput(t *testing.T) {
	var cf crm.CustomFields
	nan := 0.0
	nan = nan / nan
	if err := cf.SetNumber("a", nan); err == nil {
		t.Error("NaN accepted")
	}
	if err := cf.SetMoney("a", crm.Money(nan, "EUR")); err == nil {
		t.Error("NaN money accepted")
	}
	if err := cf.Set("a", json.RawMessage(`{broken`)); err == nil {
		t.Error("invalid raw JSON accepted")
	}
	if err := cf.Set("", 1); err == nil {
		t.Error("empty code accepted")
	}
	if err := cf.Set("a", make(chan int)); err == nil {
		t.Error("unencodable value accepted")
	}
	if len(cf) != 0 {
		t.Errorf("failed setters stored values: %v", cf)
	}
}

func FuzzCustomFieldsDecode(f *testing.F) {
	f.Add([]byte(allShapes))
	f.Add([]byte(`{"a":null}`))
	f.Add([]byte(`{"a":"1,2,x"}`))
	f.Add([]byte(`{"a":{"id":"7"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var cf crm.CustomFields
		if json.Unmarshal(b, &cf) != nil {
			return
		}
		for k := range cf {
			cf.Text(k)
			cf.Number(k)
			cf.Money(k)
			cf.Date(k)
			cf.DateRange(k)
			cf.TimeRange(k)
			cf.Option(k)
			cf.Options(k)
			cf.User(k)
			cf.Address(k)
		}
		if _, err := json.Marshal(cf); err != nil {
			t.Fatalf("re-encoding decoded custom fields failed: %v", err)
		}
	})
}

// TestAddressParamsLeaveOutTheGeocodersPart: params and address custom
// field writes never send formatted_address, which the geocoder fills in
// and the v2 request schemas do not take.
func TestAddressParamsLeaveOutTheGeocodersPart(t *testing.T) {
	a := crm.Address{Value: "1 Main St", Locality: "Springfield", FormattedAddress: "1 Main St, Springfield, USA"}
	b, err := json.Marshal(a.Params())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"value":"1 Main St","locality":"Springfield"}`; got != want {
		t.Errorf("Params() = %s, want %s", got, want)
	}
	var cf crm.CustomFields
	cf.SetAddress("j", a)
	if got := string(cf.Raw("j")); strings.Contains(got, "formatted_address") {
		t.Errorf("SetAddress stored %s", got)
	}
}
