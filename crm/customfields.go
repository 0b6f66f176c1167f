package crm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/pipedrive-go/pipedrive/internal/paramerr"
)

// CustomFields is the custom_fields object of a record (deal, person,
// organization): each value keyed by its field code, the 40-character hash
// Pipedrive gives a custom field, which differs from company to company.
//
// Values are kept as the raw JSON the server sent, so a value of a shape
// this package does not know survives a read-modify-write unchanged. The
// typed accessors read the common shapes; they report ok=false when the
// field is absent, null, or holds another shape. To work with field names
// instead of codes, see FieldSet.
//
// The setters write values in the shape the API v2 expects, and never
// fail: a value the API cannot hold (NaN or an infinity, a value
// json.Marshal refuses, a json.RawMessage that is not JSON, an empty
// field code) is kept as a refusal instead, which Validate reports and
// which makes the params carrying it fail when they are sent, with an
// *InvalidValueError matching pipedrive.ErrInvalidParams: nothing is sent.
// The accessors read a refused value as absent.
//
// A nil CustomFields reads as empty; the setters allocate it.
type CustomFields map[string]json.RawMessage

// InvalidValueError reports a custom field value that a setter could not
// encode (see CustomFields): the field's code and why. It matches
// pipedrive.ErrInvalidParams, as every refusal of params before sending
// does.
type InvalidValueError struct {
	// Code is the field code the value was set under.
	Code string
	// Reason says why the value cannot be sent.
	Reason string
}

// Error implements error.
func (e *InvalidValueError) Error() string {
	if e.Code == "" {
		return "crm: custom field with an empty code: " + e.Reason
	}
	return fmt.Sprintf("crm: custom field %q: %s", e.Code, e.Reason)
}

// Is makes every InvalidValueError match pipedrive.ErrInvalidParams.
func (e *InvalidValueError) Is(target error) bool { return target == paramerr.ErrInvalidParams }

// refusedPrefix starts the raw form of a value a setter refused: no JSON
// text starts with it, and decoded values are always JSON, so it marks
// only values the setters kept as refusals.
const refusedPrefix = "!refused: "

func refusal(reason string) json.RawMessage { return json.RawMessage(refusedPrefix + reason) }

// refused returns why raw cannot be sent, or "" when it can.
func refused(raw json.RawMessage) string {
	if r, ok := strings.CutPrefix(string(raw), refusedPrefix); ok {
		return r
	}
	if !json.Valid(raw) {
		return "the raw value is not valid JSON"
	}
	return ""
}

// Validate reports the first value (by field code) that cannot be sent,
// as an *InvalidValueError, or nil when every value can. Params carrying
// c make the same check when they are sent; call Validate to find out
// earlier.
func (c CustomFields) Validate() error {
	codes := make([]string, 0, len(c))
	for code := range c {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		if code == "" {
			return &InvalidValueError{Reason: "the field code is empty"}
		}
		if r := refused(c[code]); r != "" {
			return &InvalidValueError{Code: code, Reason: r}
		}
	}
	return nil
}

// MarshalJSON implements json.Marshaler: the values keyed by field code,
// or the *InvalidValueError of Validate when one cannot be sent.
func (c CustomFields) MarshalJSON() ([]byte, error) {
	if c == nil {
		return []byte("null"), nil
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return json.Marshal(map[string]json.RawMessage(c))
}

// Monetary is a monetary custom field's value: an amount and its ISO 4217
// currency code.
type Monetary struct {
	Value    float64 `json:"value"`
	Currency string  `json:"currency"`
}

// Money returns the monetary value amount in currency:
// crm.Money(5000, "EUR").
func Money(amount float64, currency string) Monetary {
	return Monetary{Value: amount, Currency: currency}
}

// DateRange is a daterange custom field's value: a start and an end date.
type DateRange struct {
	Start Date `json:"value"`
	End   Date `json:"until"`
}

// TimeRange is a timerange custom field's value: a start and an end time
// of day, as "15:04:05" strings.
type TimeRange struct {
	Start string `json:"value"`
	End   string `json:"until"`
}

// Address is an address value (address custom fields, organization
// addresses): the full address as typed, and its parts as Pipedrive's
// geocoder split them.
type Address struct {
	// Value is the address as entered.
	Value string `json:"value,omitempty"`
	// FormattedAddress is the address as the geocoder formatted it.
	FormattedAddress string `json:"formatted_address,omitempty"`
	Subpremise       string `json:"subpremise,omitempty"`
	StreetNumber     string `json:"street_number,omitempty"`
	Route            string `json:"route,omitempty"`
	Sublocality      string `json:"sublocality,omitempty"`
	Locality         string `json:"locality,omitempty"`
	// AdminAreaLevel1 is e.g. the state; AdminAreaLevel2 e.g. the county.
	AdminAreaLevel1 string `json:"admin_area_level_1,omitempty"`
	AdminAreaLevel2 string `json:"admin_area_level_2,omitempty"`
	Country         string `json:"country,omitempty"`
	PostalCode      string `json:"postal_code,omitempty"`
}

// AddressParams is an address to send: a person's postal address or an
// organization's address in create and update params, or an address
// custom field's value. It is Address without FormattedAddress, which
// Pipedrive's geocoder fills in and the API does not take. Set Value (the
// address as typed) and the parts you know; empty parts are not sent.
type AddressParams struct {
	Value        string `json:"value,omitempty"`
	Subpremise   string `json:"subpremise,omitempty"`
	StreetNumber string `json:"street_number,omitempty"`
	Route        string `json:"route,omitempty"`
	Sublocality  string `json:"sublocality,omitempty"`
	Locality     string `json:"locality,omitempty"`
	// AdminAreaLevel1 is e.g. the state; AdminAreaLevel2 e.g. the county.
	AdminAreaLevel1 string `json:"admin_area_level_1,omitempty"`
	AdminAreaLevel2 string `json:"admin_area_level_2,omitempty"`
	Country         string `json:"country,omitempty"`
	PostalCode      string `json:"postal_code,omitempty"`
}

// Params returns the address as params to send back (an update that
// keeps it, or a copy to another record): a without FormattedAddress.
func (a Address) Params() AddressParams {
	return AddressParams{
		Value: a.Value, Subpremise: a.Subpremise, StreetNumber: a.StreetNumber, Route: a.Route,
		Sublocality: a.Sublocality, Locality: a.Locality, AdminAreaLevel1: a.AdminAreaLevel1,
		AdminAreaLevel2: a.AdminAreaLevel2, Country: a.Country, PostalCode: a.PostalCode,
	}
}

// Has reports whether the field is present with a non-null value (a value
// a setter refused is not one).
func (c CustomFields) Has(code string) bool {
	return c.value(code) != nil
}

// Raw returns the field's value as sent, or nil when absent.
func (c CustomFields) Raw(code string) json.RawMessage { return c[code] }

// Text returns a text-like value (varchar, text, phone, varchar_auto,
// time, ...). A number is returned in its JSON form.
func (c CustomFields) Text(code string) (string, bool) {
	raw := c.value(code)
	if raw == nil {
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, true
	}
	if raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9') {
		return string(raw), true
	}
	return "", false
}

// Number returns a numeric value (double, and int-like fields). A numeric
// string is accepted.
func (c CustomFields) Number(code string) (float64, bool) {
	raw := c.value(code)
	if raw == nil {
		return 0, false
	}
	return numberOf(raw)
}

// Money returns a monetary value: {value, currency}. A bare number (v1
// style, where the currency lives in a separate key) gives an empty
// Currency.
func (c CustomFields) Money(code string) (Monetary, bool) {
	raw := c.value(code)
	if raw == nil {
		return Monetary{}, false
	}
	if raw[0] != '{' {
		f, ok := numberOf(raw)
		return Monetary{Value: f}, ok
	}
	var m struct {
		Value    json.RawMessage `json:"value"`
		Currency string          `json:"currency"`
	}
	if json.Unmarshal(raw, &m) != nil {
		return Monetary{}, false
	}
	v := Monetary{Currency: m.Currency}
	if !isNull(m.Value) {
		f, ok := numberOf(m.Value)
		if !ok {
			return Monetary{}, false
		}
		v.Value = f
	}
	return v, true
}

// Date returns a date value.
func (c CustomFields) Date(code string) (Date, bool) {
	raw := c.value(code)
	if raw == nil {
		return Date{}, false
	}
	var d Date
	if json.Unmarshal(raw, &d) != nil || d.IsZero() {
		return Date{}, false
	}
	return d, true
}

// DateRange returns a daterange value: {value, until}.
func (c CustomFields) DateRange(code string) (DateRange, bool) {
	raw := c.value(code)
	if raw == nil || raw[0] != '{' {
		return DateRange{}, false
	}
	var r DateRange
	if json.Unmarshal(raw, &r) != nil {
		return DateRange{}, false
	}
	return r, true
}

// TimeRange returns a timerange value: {value, until}.
func (c CustomFields) TimeRange(code string) (TimeRange, bool) {
	raw := c.value(code)
	if raw == nil || raw[0] != '{' {
		return TimeRange{}, false
	}
	var r TimeRange
	if json.Unmarshal(raw, &r) != nil {
		return TimeRange{}, false
	}
	return r, true
}

// OptionID returns the option id of a single-option (enum) field. It
// reads a number, a numeric string, or an {id, label} object (what the API
// sends with include_option_labels=true). FieldReader.Option gives the
// option's label instead.
func (c CustomFields) OptionID(code string) (int64, bool) {
	raw := c.value(code)
	if raw == nil {
		return 0, false
	}
	return idOf(raw)
}

// OptionIDs returns the option ids of a multiple-options (set) field. It
// reads an array of numbers, numeric strings or {id, label} objects, or a
// comma-joined string of ids (API v1's form). FieldReader.Options gives
// the options' labels instead.
func (c CustomFields) OptionIDs(code string) ([]int64, bool) {
	raw := c.value(code)
	if raw == nil {
		return nil, false
	}
	switch raw[0] {
	case '[':
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return nil, false
		}
		ids := make([]int64, 0, len(items))
		for _, it := range items {
			id, ok := idOf(it)
			if !ok {
				return nil, false
			}
			ids = append(ids, id)
		}
		return ids, true
	case '"':
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return nil, false
		}
		var ids []int64
		for _, part := range strings.Split(s, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			id, err := strconv.ParseInt(part, 10, 64)
			if err != nil {
				return nil, false
			}
			ids = append(ids, id)
		}
		return ids, true
	}
	id, ok := idOf(raw)
	if !ok {
		return nil, false
	}
	return []int64{id}, true
}

// User returns the user id of a user field. Like Person and Org, it reads
// a number, a numeric string, or an object carrying "id" or "value".
func (c CustomFields) User(code string) (int64, bool) { return c.ref(code) }

// Person returns the person id of a person (people) field.
func (c CustomFields) Person(code string) (int64, bool) { return c.ref(code) }

// Org returns the organization id of an organization field.
func (c CustomFields) Org(code string) (int64, bool) { return c.ref(code) }

// Address returns an address value. A plain string (the address as typed)
// gives an Address with only Value set.
func (c CustomFields) Address(code string) (Address, bool) {
	raw := c.value(code)
	if raw == nil {
		return Address{}, false
	}
	var a Address
	if raw[0] == '"' {
		if json.Unmarshal(raw, &a.Value) != nil {
			return Address{}, false
		}
		return a, true
	}
	if raw[0] != '{' || json.Unmarshal(raw, &a) != nil {
		return Address{}, false
	}
	return a, true
}

// Decode decodes the field's value into v (a pointer), for shapes without
// an accessor. It returns an error when the field is absent.
func (c CustomFields) Decode(code string, v any) error {
	raw, ok := c[code]
	if !ok {
		return fmt.Errorf("crm: custom field %q is not set", code)
	}
	if r := refused(raw); r != "" {
		return &InvalidValueError{Code: code, Reason: r}
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("crm: custom field %q: %w", code, err)
	}
	return nil
}

// Set stores v, encoded as JSON, as the field's value. v may be any value
// json.Marshal accepts, including the shapes of this package (Monetary,
// Date, DateRange, Address) and a json.RawMessage sent as is. A nil v
// stores null, which clears the field on the server. A value json.Marshal
// refuses is kept as a refusal (see CustomFields).
func (c *CustomFields) Set(code string, v any) {
	raw, err := encodeValue(v)
	if err != nil {
		c.put(code, refusal(err.Error()))
		return
	}
	c.put(code, raw)
}

// SetText stores a text value.
func (c *CustomFields) SetText(code, s string) { c.put(code, mustJSON(s)) }

// SetNumber stores a numeric value. NaN and the infinities, which JSON
// cannot carry, are kept as a refusal (see CustomFields).
func (c *CustomFields) SetNumber(code string, f float64) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		c.put(code, refusal(fmt.Sprintf("%v is not a number JSON can carry", f)))
		return
	}
	c.put(code, mustJSON(f))
}

// SetMoney stores a monetary value. An amount of NaN or an infinity is
// kept as a refusal (see CustomFields).
func (c *CustomFields) SetMoney(code string, m Monetary) {
	if math.IsNaN(m.Value) || math.IsInf(m.Value, 0) {
		c.put(code, refusal(fmt.Sprintf("%v is not an amount JSON can carry", m.Value)))
		return
	}
	c.put(code, mustJSON(m))
}

// SetDate stores a date value; the zero Date stores null.
func (c *CustomFields) SetDate(code string, d Date) { c.put(code, mustJSON(d)) }

// SetDateRange stores a daterange value.
func (c *CustomFields) SetDateRange(code string, r DateRange) { c.put(code, mustJSON(r)) }

// SetTimeRange stores a timerange value.
func (c *CustomFields) SetTimeRange(code string, r TimeRange) { c.put(code, mustJSON(r)) }

// SetOptionID stores the option id of a single-option field (OptionID
// reads it back).
func (c *CustomFields) SetOptionID(code string, id int64) { c.put(code, mustJSON(id)) }

// SetOptionIDs stores the option ids of a multiple-options field
// (OptionIDs reads them back). With no ids it stores null: the API refuses
// an empty array and clears the selection on null.
func (c *CustomFields) SetOptionIDs(code string, ids ...int64) {
	if len(ids) == 0 {
		c.put(code, json.RawMessage("null"))
		return
	}
	c.put(code, mustJSON(ids))
}

// SetUser stores the user id of a user field.
func (c *CustomFields) SetUser(code string, id int64) { c.put(code, mustJSON(id)) }

// SetPerson stores the person id of a person field.
func (c *CustomFields) SetPerson(code string, id int64) { c.put(code, mustJSON(id)) }

// SetOrg stores the organization id of an organization field.
func (c *CustomFields) SetOrg(code string, id int64) { c.put(code, mustJSON(id)) }

// SetAddress stores an address value. FormattedAddress is not stored: the
// geocoder fills it in, and writes do not take it.
func (c *CustomFields) SetAddress(code string, a Address) { c.put(code, mustJSON(a.Params())) }

// Clear stores null, which empties the field on the server when sent.
func (c *CustomFields) Clear(code string) { c.put(code, json.RawMessage("null")) }

// Delete removes the field from c, so that it is not sent at all.
func (c CustomFields) Delete(code string) { delete(c, code) }

// Clone returns a copy of c that shares no memory with it.
func (c CustomFields) Clone() CustomFields {
	if c == nil {
		return nil
	}
	out := make(CustomFields, len(c))
	for k, v := range c {
		out[k] = append(json.RawMessage(nil), v...)
	}
	return out
}

func (c *CustomFields) put(code string, raw json.RawMessage) {
	if *c == nil {
		*c = make(CustomFields)
	}
	(*c)[code] = raw
}

// value returns the trimmed raw value, or nil when absent, null or
// refused.
func (c CustomFields) value(code string) json.RawMessage {
	raw := bytes.TrimSpace(c[code])
	if len(raw) == 0 || isNull(raw) || refused(raw) != "" {
		return nil
	}
	return raw
}

func (c CustomFields) ref(code string) (int64, bool) {
	raw := c.value(code)
	if raw == nil {
		return 0, false
	}
	if raw[0] == '{' {
		var o struct {
			ID    json.RawMessage `json:"id"`
			Value json.RawMessage `json:"value"`
		}
		if json.Unmarshal(raw, &o) != nil {
			return 0, false
		}
		if len(o.ID) > 0 && !isNull(o.ID) {
			return idOf(o.ID)
		}
		if len(o.Value) > 0 && !isNull(o.Value) {
			return idOf(o.Value)
		}
		return 0, false
	}
	return idOf(raw)
}

func isNull(raw json.RawMessage) bool {
	return bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}

// numberOf reads a JSON number or a numeric string.
func numberOf(raw json.RawMessage) (float64, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return 0, false
		}
		raw = []byte(strings.TrimSpace(s))
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// idOf reads an id: a number, a numeric string, or an object with "id".
func idOf(raw json.RawMessage) (int64, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '{' {
		var o struct {
			ID json.RawMessage `json:"id"`
		}
		if json.Unmarshal(raw, &o) != nil || len(o.ID) == 0 {
			return 0, false
		}
		raw = o.ID
	}
	n, err := decodeFlexInt(raw)
	if err != nil || n == 0 && isNull(raw) {
		return 0, false
	}
	return n, true
}

func encodeValue(v any) (json.RawMessage, error) {
	switch x := v.(type) {
	case nil:
		return json.RawMessage("null"), nil
	case json.RawMessage:
		if !json.Valid(x) {
			return nil, fmt.Errorf("raw value is not valid JSON")
		}
		return append(json.RawMessage(nil), x...), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// mustJSON encodes values whose encoding cannot fail (strings, ints,
// finite floats, this package's structs).
func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage("null")
	}
	return b
}
