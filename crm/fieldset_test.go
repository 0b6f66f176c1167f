package crm_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
)

const (
	budgetCode = "a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0"
	tierCode   = "b1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0"
	tagsCode   = "c1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0"
	startCode  = "d1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0"
	termCode   = "e1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0"
	ownerCode  = "f1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0"
	siteCode   = "01b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0"
	notesCode  = "11b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0"
	scoreCode  = "21b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0"
	valueCode  = "31b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0"
)

const definitionsJSON = `[
	{"field_code":"title","field_name":"Title","field_type":"varchar","is_custom_field":false},
	{"field_code":"value","field_name":"Value","field_type":"monetary","is_custom_field":false,
	 "subfields":[{"field_code":"value","field_name":"Amount","field_type":"double"},{"field_code":"currency","field_name":"Currency","field_type":"varchar"}]},
	{"field_code":"status","field_name":"Status","field_type":"status","is_custom_field":false,
	 "options":[{"id":"open","label":"Open"},{"id":"won","label":"Won"}]},
	{"field_code":"` + budgetCode + `","field_name":"Budget","field_type":"monetary","is_custom_field":true},
	{"field_code":"` + tierCode + `","field_name":"Tier","field_type":"enum","is_custom_field":true,
	 "options":[{"id":1,"label":"Starter","color":"green"},{"id":2,"label":"Growth"},{"id":3,"label":"Enterprise","add_time":"2026-01-02T03:04:05Z"}]},
	{"field_code":"` + tagsCode + `","field_name":"Tags","field_type":"set","is_custom_field":true,
	 "options":[{"id":10,"label":"Hot"},{"id":11,"label":"Partner"},{"id":12,"label":"Renewal"}]},
	{"field_code":"` + startCode + `","field_name":"Start date","field_type":"date","is_custom_field":true},
	{"field_code":"` + termCode + `","field_name":"Contract term","field_type":"daterange","is_custom_field":true},
	{"field_code":"` + ownerCode + `","field_name":"Account manager","field_type":"user","is_custom_field":true},
	{"field_code":"` + siteCode + `","field_name":"Site","field_type":"address","is_custom_field":true},
	{"field_code":"` + notesCode + `","field_name":"Notes","field_type":"text","is_custom_field":true},
	{"field_code":"` + scoreCode + `","field_name":"Score","field_type":"double","is_custom_field":true},
	{"field_code":"` + valueCode + `","field_name":"value","field_type":"varchar","is_custom_field":true}
]`

func testSet(t testing.TB) *crm.FieldSet {
	t.Helper()
	var fields []crm.Field
	if err := json.Unmarshal([]byte(definitionsJSON), &fields); err != nil {
		t.Fatal(err)
	}
	return crm.NewFieldSet(fields)
}

func TestFieldDecoding(t *testing.T) {
	s := testSet(t)
	tier, ok := s.ByCode(tierCode)
	if !ok || tier.Type != crm.FieldTypeEnum || !tier.IsCustom || len(tier.Options) != 3 {
		t.Fatalf("tier = %+v", tier)
	}
	if c := tier.Options[0].Color; c == nil || *c != "green" {
		t.Errorf("option color = %v", c)
	}
	if at := tier.Options[2].AddTime; at == nil || !at.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("option add_time = %v", at)
	}
	status, _ := s.ByCode("status")
	if status.Options[0].Key != "open" || status.Options[0].ID != 0 {
		t.Errorf("string option id: %+v", status.Options[0])
	}
	out, err := json.Marshal(status.Options[0])
	if err != nil || !strings.Contains(string(out), `"id":"open"`) {
		t.Errorf("string option id re-encoded as %s (%v)", out, err)
	}
	value, _ := s.ByCode("value")
	if len(value.Subfields) != 2 || value.Subfields[1].Code != "currency" {
		t.Errorf("subfields = %+v", value.Subfields)
	}
}

func TestFieldSetLookup(t *testing.T) {
	s := testSet(t)
	for _, name := range []string{"Budget", "budget", "  BUDGET ", budgetCode} {
		f, err := s.Field(name)
		if err != nil || f.Code != budgetCode {
			t.Errorf("Field(%q) = %v, %v", name, f, err)
		}
	}
	// "Value" names a standard and a custom field: ambiguous for Field,
	// the custom one for CustomField.
	if _, err := s.Field("Value"); !errors.Is(err, crm.ErrAmbiguousField) {
		t.Errorf("Field(Value) err = %v, want ErrAmbiguousField", err)
	}
	if f, err := s.CustomField("Value"); err != nil || f.Code != valueCode {
		t.Errorf("CustomField(Value) = %v, %v", f, err)
	}

	_, err := s.Field("Budgte")
	var ue *crm.UnknownFieldError
	if !errors.As(err, &ue) || !errors.Is(err, crm.ErrUnknownField) {
		t.Fatalf("err = %v, want *UnknownFieldError", err)
	}
	if len(ue.Suggestions) == 0 || ue.Suggestions[0] != "Budget" {
		t.Errorf("suggestions = %v, want Budget first", ue.Suggestions)
	}
	if !strings.Contains(err.Error(), `"Budget"`) {
		t.Errorf("message %q does not list the closest name", err)
	}
	_, err = s.Field("Contract")
	if !errors.As(err, &ue) || ue.Suggestions[0] != "Contract term" {
		t.Errorf("substring suggestion: %v", err)
	}
}

func TestOptionLookup(t *testing.T) {
	s := testSet(t)
	tier, _ := s.Field("Tier")
	if id, err := tier.OptionID("enterprise"); err != nil || id != 3 {
		t.Errorf("OptionID = %d, %v", id, err)
	}
	_, err := tier.OptionID("Enterprize")
	var oe *crm.UnknownOptionError
	if !errors.As(err, &oe) || !errors.Is(err, crm.ErrUnknownOption) || oe.Suggestions[0] != "Enterprise" {
		t.Errorf("err = %v", err)
	}
	if l, ok := tier.OptionLabel(2); !ok || l != "Growth" {
		t.Errorf("OptionLabel(2) = %q, %v", l, ok)
	}
}

func TestEncodeByName(t *testing.T) {
	s := testSet(t)
	cf, err := s.Encode(crm.FieldValues{
		"Budget":          crm.Money(5000, "EUR"),
		"Tier":            "Enterprise",
		"tags":            []string{"Hot", "renewal"},
		"Start date":      time.Date(2026, 4, 1, 15, 0, 0, 0, time.UTC),
		"Contract term":   crm.DateRange{Start: crm.NewDate(2026, 4, 1), End: crm.NewDate(2027, 3, 31)},
		"Account manager": int64(77),
		"Site":            "1 Main St",
		"Notes":           nil,
		"Score":           int32(9),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		budgetCode: `{"value":5000,"currency":"EUR"}`,
		tierCode:   `3`,
		tagsCode:   `[10,12]`,
		startCode:  `"2026-04-01"`,
		termCode:   `{"value":"2026-04-01","until":"2027-03-31"}`,
		ownerCode:  `77`,
		siteCode:   `{"value":"1 Main St"}`,
		notesCode:  `null`,
		scoreCode:  `9`,
	}
	if len(cf) != len(want) {
		t.Errorf("got %d values, want %d: %v", len(cf), len(want), cf)
	}
	for code, w := range want {
		if string(cf[code]) != w {
			t.Errorf("%s = %s, want %s", code, cf[code], w)
		}
	}

	// Reading back by name.
	r := s.Read(cf)
	if m, err := r.Money("budget"); err != nil || m != crm.Money(5000, "EUR") {
		t.Errorf("Money = %v, %v", m, err)
	}
	if l, err := r.Option("Tier"); err != nil || l != "Enterprise" {
		t.Errorf("Option = %q, %v", l, err)
	}
	if ls, err := r.Options("Tags"); err != nil || strings.Join(ls, ",") != "Hot,Renewal" {
		t.Errorf("Options = %v, %v", ls, err)
	}
	if d, err := r.Date("Start date"); err != nil || d != crm.NewDate(2026, 4, 1) {
		t.Errorf("Date = %v, %v", d, err)
	}
	if id, err := r.ID("Account manager"); err != nil || id != 77 {
		t.Errorf("ID = %v, %v", id, err)
	}
	if a, err := r.Address("Site"); err != nil || a.Value != "1 Main St" {
		t.Errorf("Address = %v, %v", a, err)
	}
	if n, err := r.Number("Score"); err != nil || n != 9 {
		t.Errorf("Number = %v, %v", n, err)
	}
	if _, err := r.Text("Notes"); !errors.Is(err, crm.ErrNoValue) {
		t.Errorf("null Notes: err = %v, want ErrNoValue", err)
	}
	if _, err := r.Money("Tier"); !errors.Is(err, crm.ErrFieldType) {
		t.Errorf("Money of an enum: err = %v, want ErrFieldType", err)
	}
	if _, err := r.Text("Nope"); !errors.Is(err, crm.ErrUnknownField) {
		t.Errorf("unknown name: err = %v", err)
	}
}

func TestEncodeErrors(t *testing.T) {
	s := testSet(t)
	cases := []struct {
		values crm.FieldValues
		is     error
		text   string
	}{
		{crm.FieldValues{"Budgte": crm.Money(1, "EUR")}, crm.ErrUnknownField, `closest: "Budget"`},
		{crm.FieldValues{"Tier": "Enterprize"}, crm.ErrUnknownOption, `"Enterprise"`},
		{crm.FieldValues{"Tier": 99}, crm.ErrUnknownOption, "id 99"},
		{crm.FieldValues{"Budget": 5000.0}, crm.ErrFieldType, "crm.Money"},
		{crm.FieldValues{"Start date": "next week"}, crm.ErrFieldType, "not a date"},
		{crm.FieldValues{"Account manager": "Ada"}, crm.ErrFieldType, "positive id"},
		{crm.FieldValues{"Notes": 12}, crm.ErrFieldType, "cannot take int"},
		{crm.FieldValues{"Title": "x"}, nil, "standard field"},
	}
	for _, c := range cases {
		cf, err := s.Encode(c.values)
		if err == nil || cf != nil {
			t.Errorf("%v: no error", c.values)
			continue
		}
		if c.is != nil && !errors.Is(err, c.is) {
			t.Errorf("%v: err = %v, want %v", c.values, err, c.is)
		}
		if !strings.Contains(err.Error(), c.text) {
			t.Errorf("%v: err %q lacks %q", c.values, err, c.text)
		}
	}
	// All problems are reported at once.
	_, err := s.Encode(crm.FieldValues{"A1": 1, "B2": 2})
	if err == nil || !strings.Contains(err.Error(), "A1") || !strings.Contains(err.Error(), "B2") {
		t.Errorf("joined errors: %v", err)
	}
}
