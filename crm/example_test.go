package crm_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/crm"
)

// The field definitions of a company, as client.Deals.CustomFields(ctx)
// returns them; built by hand here so the examples run on their own.
func exampleFields() *crm.FieldSet {
	return crm.NewFieldSet([]crm.Field{
		{Code: "title", Name: "Title", Type: crm.FieldTypeVarchar},
		{Code: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", Name: "Budget", Type: crm.FieldTypeMonetary, IsCustom: true},
		{Code: "b2c3d4e5f60718293a4b5c6d7e8f901234567890", Name: "Tier", Type: crm.FieldTypeEnum, IsCustom: true,
			Options: []crm.FieldOption{{ID: 11, Label: "Starter"}, {ID: 12, Label: "Enterprise"}}},
		{Code: "c3d4e5f60718293a4b5c6d7e8f90123456789012", Name: "Renewal date", Type: crm.FieldTypeDate, IsCustom: true},
	})
}

// Custom fields are set by name: names become the company's field codes
// and option labels become option ids, checked against the definitions
// before anything is sent. Create and Update params take the same map as
// CustomFieldsByName.
func ExampleFieldSet_Encode() {
	fs := exampleFields()
	cf, err := fs.Encode(crm.FieldValues{
		"Budget":       crm.Money(5000, "EUR"),
		"Tier":         "Enterprise",
		"Renewal date": crm.NewDate(2027, time.March, 31),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := json.Marshal(cf)
	fmt.Println(string(b))
	// Output:
	// {"a1b2c3d4e5f60718293a4b5c6d7e8f9012345678":{"value":5000,"currency":"EUR"},"b2c3d4e5f60718293a4b5c6d7e8f901234567890":12,"c3d4e5f60718293a4b5c6d7e8f90123456789012":"2027-03-31"}
}

// A name that is not a custom field fails before anything is sent, and
// the error lists the closest names.
func ExampleFieldSet_Encode_unknownName() {
	_, err := exampleFields().Encode(crm.FieldValues{"Budgte": 10})
	fmt.Println(errors.Is(err, crm.ErrUnknownField))
	fmt.Println(err)
	// Output:
	// true
	// crm: no field named "Budgte"; closest: "Budget"
}

// Read custom fields of a record by name, typed: the option's label comes
// back, not its id.
func ExampleFieldSet_Read() {
	fs := exampleFields()
	var deal struct {
		CustomFields crm.CustomFields `json:"custom_fields"`
	}
	_ = json.Unmarshal([]byte(`{"custom_fields":{
		"a1b2c3d4e5f60718293a4b5c6d7e8f9012345678":{"value":5000,"currency":"EUR"},
		"b2c3d4e5f60718293a4b5c6d7e8f901234567890":12,
		"c3d4e5f60718293a4b5c6d7e8f90123456789012":"2027-03-31"}}`), &deal)

	r := fs.Read(deal.CustomFields)
	budget, _ := r.Money("Budget")
	tier, _ := r.Option("Tier")
	renewal, _ := r.Date("Renewal date")
	fmt.Println(budget.Value, budget.Currency, tier, renewal)
	_, err := r.Money("Tier")
	fmt.Println(err != nil)
	// Output:
	// 5000 EUR Enterprise 2027-03-31
	// true
}

// CustomFields holds custom field values by code; its typed setters and
// getters read and write the shapes API v2 uses.
func ExampleCustomFields() {
	cf := crm.CustomFields{}
	cf.SetOptionID("b2c3d4e5f60718293a4b5c6d7e8f901234567890", 11)
	cf.SetMoney("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", crm.Money(99.5, "USD"))
	cf.Clear("c3d4e5f60718293a4b5c6d7e8f90123456789012") // sent as null: clears the value

	id, ok := cf.OptionID("b2c3d4e5f60718293a4b5c6d7e8f901234567890")
	m, _ := cf.Money("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678")
	fmt.Println(id, ok, m.Value, m.Currency, cf.Has("c3d4e5f60718293a4b5c6d7e8f90123456789012"))
	// Output:
	// 11 true 99.5 USD false
}

// Setters never fail: a value the API cannot hold is kept as a refusal,
// which Validate reports and which refuses the call carrying it before
// anything is sent, with an error matching pipedrive.ErrInvalidParams.
func ExampleCustomFields_Validate() {
	cf := crm.CustomFields{}
	cf.SetText("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", "fine")
	cf.SetNumber("b2c3d4e5f60718293a4b5c6d7e8f901234567890", math.NaN())

	err := cf.Validate()
	var bad *crm.InvalidValueError
	fmt.Println(errors.As(err, &bad), bad.Code == "b2c3d4e5f60718293a4b5c6d7e8f901234567890")
	fmt.Println(errors.Is(err, pipedrive.ErrInvalidParams))
	fmt.Println(cf.Has("b2c3d4e5f60718293a4b5c6d7e8f901234567890")) // a refused value reads as absent
	_, err = json.Marshal(cf)
	fmt.Println(err != nil)
	// Output:
	// true true
	// true
	// false
	// true
}

// Dates without a time of day, as Pipedrive's date fields hold them.
func ExampleDate() {
	d, _ := crm.ParseDate("2026-06-30")
	b, _ := json.Marshal(d)
	fmt.Println(d.Year, d.Month, d.Day, string(b), crm.Date{}.IsZero())
	// Output:
	// 2026 June 30 "2026-06-30" true
}

// Both of Pipedrive's timestamp forms decode into a time.Time in UTC.
func ExampleParseTime() {
	v1, _ := crm.ParseTime("2026-01-02 03:04:05")
	v2, _ := crm.ParseTime("2026-01-02T03:04:05Z")
	fmt.Println(v1.Equal(v2), v1.Location())
	// Output:
	// true UTC
}

// JSONTwin is how the SDK's client core decodes a deal as part of the
// response envelope around it, in one pass; the twin's Finish says whether
// the deal had API v2's usual shape, and otherwise the deal is decoded
// again with json.Unmarshal, which accepts every shape. Code of your own
// decodes a Deal with json.Unmarshal.
func ExampleDeal_JSONTwin() {
	body := []byte(`{"success":true,"data":{"id":501,"title":"Renewal","person_id":0,"custom_fields":{}}}`)
	var d crm.Deal
	env := struct {
		Data any `json:"data"`
	}{Data: d.JSONTwin()}
	if err := json.Unmarshal(body, &env); err != nil {
		fmt.Println(err)
		return
	}
	usual := env.Data.(interface{ Finish() bool }).Finish()
	fmt.Println(usual, d.ID, d.Title, d.PersonID == nil)
	// Output: true 501 Renewal true
}

// A v1 person (email as v1 names it) is not the twin's shape: Finish
// reports false, and the person is decoded again with json.Unmarshal.
func ExamplePerson_JSONTwin() {
	data := []byte(`{"id":42,"name":"Ada","org_id":{"value":12,"name":"Acme"},"email":["ada@example.com"]}`)
	var p crm.Person
	twin := p.JSONTwin()
	if json.Unmarshal(data, twin) != nil || !twin.Finish() {
		if err := json.Unmarshal(data, &p); err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println(p.ID, p.Name, *p.OrgID, p.PrimaryEmail())
	// Output: 42 Ada 12 ada@example.com
}

func ExampleOrganization_JSONTwin() {
	data := []byte(`{"id":12,"name":"Acme","owner_id":31,"update_time":"2026-03-10T16:42:05Z","address":{"value":"1 Main St"}}`)
	var o crm.Organization
	twin := o.JSONTwin()
	usual := json.Unmarshal(data, twin) == nil && twin.Finish()
	fmt.Println(usual, o.Name, o.OwnerID, o.Address.Value, o.UpdateTime.Format(time.DateOnly))
	// Output: true Acme 31 1 Main St 2026-03-10
}
