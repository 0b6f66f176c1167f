package crm_test

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/paramerr"
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
	id, ok := cf.OptionID("opt")
	check("Option", id, int64(7), ok)
	id, ok = cf.OptionID("optlabel")
	check("Option(object)", id, int64(8), ok)
	ids, ok := cf.OptionIDs("opts")
	check("Options", ids, []int64{1, 2, 3}, ok)
	ids, ok = cf.OptionIDs("optslabels")
	check("Options(objects)", ids, []int64{4, 5}, ok)
	ids, ok = cf.OptionIDs("optsv1")
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
		"option of text":  func() bool { _, ok := cf.OptionID("text"); return ok },
		"options of addr": func() bool { _, ok := cf.OptionIDs("addr"); return ok },
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
	cf.SetNumber("b", 1.5)
	cf.SetMoney("c", crm.Money(10, "USD"))
	cf.SetDate("d", crm.NewDate(2026, 1, 2))
	cf.SetDateRange("e", crm.DateRange{Start: crm.NewDate(2026, 1, 1), End: crm.NewDate(2026, 2, 1)})
	cf.SetOptionID("f", 3)
	cf.SetOptionIDs("g", 4, 5)
	cf.SetOptionIDs("h")
	cf.SetUser("i", 9)
	cf.SetAddress("j", crm.Address{Value: "Main 1"})
	cf.Clear("k")
	cf.Set("l", map[string]int{"q": 1})
	cf.Set("m", json.RawMessage(`{"keep":[1,2]}`))
	if err := cf.Validate(); err != nil {
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
	if id, ok := cf.OptionID("f"); !ok || id != 3 {
		t.Errorf("OptionID = %d, %v", id, ok)
	}
	if ids, ok := cf.OptionIDs("g"); !ok || len(ids) != 2 || ids[0] != 4 || ids[1] != 5 {
		t.Errorf("OptionIDs = %v, %v", ids, ok)
	}
}

// TestCustomFieldsBadInput: the setters never fail; a value the API cannot
// hold is kept as a refusal that Validate reports, that reads as absent,
// and that makes encoding (hence sending) fail with an *InvalidValueError
// matching pipedrive.ErrInvalidParams. Setting a valid value over it
// lifts the refusal.
func TestCustomFieldsBadInput(t *testing.T) {
	nan := math.NaN()
	cases := map[string]func(*crm.CustomFields){
		"NaN number":       func(cf *crm.CustomFields) { cf.SetNumber("a", nan) },
		"+Inf number":      func(cf *crm.CustomFields) { cf.SetNumber("a", math.Inf(1)) },
		"NaN money":        func(cf *crm.CustomFields) { cf.SetMoney("a", crm.Money(nan, "EUR")) },
		"-Inf money":       func(cf *crm.CustomFields) { cf.SetMoney("a", crm.Money(math.Inf(-1), "EUR")) },
		"invalid raw JSON": func(cf *crm.CustomFields) { cf.Set("a", json.RawMessage(`{broken`)) },
		"unencodable":      func(cf *crm.CustomFields) { cf.Set("a", make(chan int)) },
		"NaN through Set":  func(cf *crm.CustomFields) { cf.Set("a", nan) },
		"empty code":       func(cf *crm.CustomFields) { cf.SetText("", "x") },
	}
	for name, set := range cases {
		t.Run(name, func(t *testing.T) {
			var cf crm.CustomFields
			cf.SetText("ok", "fine")
			set(&cf)
			err := cf.Validate()
			var bad *crm.InvalidValueError
			if !errors.As(err, &bad) || !errors.Is(err, paramerr.ErrInvalidParams) {
				t.Fatalf("Validate = %v, want an *InvalidValueError matching ErrInvalidParams", err)
			}
			if name != "empty code" && (bad.Code != "a" || !strings.HasPrefix(err.Error(), `crm: custom field "a": `)) {
				t.Errorf("error %q names code %q", err, bad.Code)
			}
			if cf.Has("a") {
				t.Error("a refused value reads as present")
			}
			if _, ok := cf.Number("a"); ok {
				t.Error("a refused value reads as a number")
			}
			if err := cf.Decode("a", new(any)); name != "empty code" && !errors.As(err, &bad) {
				t.Errorf("Decode = %v", err)
			}
			_, err = json.Marshal(struct {
				CF crm.CustomFields `json:"custom_fields"`
			}{cf})
			if !errors.Is(err, paramerr.ErrInvalidParams) {
				t.Errorf("encoding = %v, want ErrInvalidParams", err)
			}
			if name != "empty code" {
				cf.SetNumber("a", 1)
				if err := cf.Validate(); err != nil {
					t.Errorf("a valid value set over the refusal: %v", err)
				}
			}
		})
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
			cf.OptionID(k)
			cf.OptionIDs(k)
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
