package crm

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Errors of name resolution, matched with errors.Is.
var (
	// ErrUnknownField: no field has the given name (or code).
	ErrUnknownField = errors.New("crm: unknown field")
	// ErrUnknownOption: an enum or set field has no option with the given
	// label (or id).
	ErrUnknownOption = errors.New("crm: unknown option")
	// ErrAmbiguousField: several fields share the given name; use a code.
	ErrAmbiguousField = errors.New("crm: ambiguous field name")
	// ErrNoValue: the record holds no value (absent or null) for the field.
	ErrNoValue = errors.New("crm: field has no value")
	// ErrFieldType: the value does not fit the field's type.
	ErrFieldType = errors.New("crm: value does not fit the field type")
)

// UnknownFieldError reports a field name that matches no field, with the
// closest names as suggestions. It matches ErrUnknownField.
type UnknownFieldError struct {
	Name        string
	Suggestions []string
}

// Error implements error.
func (e *UnknownFieldError) Error() string {
	return fmt.Sprintf("crm: no field named %q%s", e.Name, suggest(e.Suggestions))
}

// Is reports whether target is ErrUnknownField.
func (e *UnknownFieldError) Is(target error) bool { return target == ErrUnknownField }

// UnknownOptionError reports an option label that matches no option of a
// field, with the closest labels as suggestions. It matches
// ErrUnknownOption.
type UnknownOptionError struct {
	Field       string
	Label       string
	Suggestions []string
}

// Error implements error.
func (e *UnknownOptionError) Error() string {
	return fmt.Sprintf("crm: field %q has no option %q%s", e.Field, e.Label, suggest(e.Suggestions))
}

// Is reports whether target is ErrUnknownOption.
func (e *UnknownOptionError) Is(target error) bool { return target == ErrUnknownOption }

func suggest(s []string) string {
	if len(s) == 0 {
		return ""
	}
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	return "; closest: " + strings.Join(q, ", ")
}

// FieldSet is a resource's field definitions, indexed for lookups by code
// and by name (case-insensitive). It is immutable and safe for concurrent
// use. Services return one, cached per client, from their CustomFields
// method.
type FieldSet struct {
	fields []Field
	byCode map[string]int
	byName map[string][]int
}

// NewFieldSet indexes fields. The slice is copied.
func NewFieldSet(fields []Field) *FieldSet {
	s := &FieldSet{
		fields: append([]Field(nil), fields...),
		byCode: make(map[string]int, len(fields)),
		byName: make(map[string][]int, len(fields)),
	}
	for i, f := range s.fields {
		s.byCode[f.Code] = i
		k := normName(f.Name)
		s.byName[k] = append(s.byName[k], i)
	}
	return s
}

// Fields returns every definition, in the server's order.
func (s *FieldSet) Fields() []Field { return append([]Field(nil), s.fields...) }

// Len returns the number of fields.
func (s *FieldSet) Len() int { return len(s.fields) }

// ByCode returns the field whose code is code.
func (s *FieldSet) ByCode(code string) (*Field, bool) {
	i, ok := s.byCode[code]
	if !ok {
		return nil, false
	}
	f := s.fields[i]
	return &f, true
}

// Field returns the field named name, case-insensitively and ignoring
// surrounding spaces; a field code is accepted too. An unknown name gives
// an *UnknownFieldError listing the closest names; a name several fields
// share gives an error matching ErrAmbiguousField.
func (s *FieldSet) Field(name string) (*Field, error) {
	return s.lookup(name, false)
}

// CustomField is Field restricted to custom fields, so that a custom field
// named like a standard one ("Value") resolves to the custom field.
func (s *FieldSet) CustomField(name string) (*Field, error) {
	return s.lookup(name, true)
}

func (s *FieldSet) lookup(name string, customOnly bool) (*Field, error) {
	if i, ok := s.byCode[name]; ok && (!customOnly || s.fields[i].IsCustom) {
		f := s.fields[i]
		return &f, nil
	}
	var hits []int
	for _, i := range s.byName[normName(name)] {
		if !customOnly || s.fields[i].IsCustom {
			hits = append(hits, i)
		}
	}
	switch len(hits) {
	case 1:
		f := s.fields[hits[0]]
		return &f, nil
	case 0:
		var names []string
		for _, f := range s.fields {
			if !customOnly || f.IsCustom {
				names = append(names, f.Name)
			}
		}
		return nil, &UnknownFieldError{Name: name, Suggestions: closest(name, names, 3)}
	}
	codes := make([]string, len(hits))
	for j, i := range hits {
		codes[j] = s.fields[i].Code
	}
	return nil, fmt.Errorf("%w: %d fields are named %q; use one of the codes %s", ErrAmbiguousField, len(hits), name, strings.Join(codes, ", "))
}

// OptionID returns the id of the option labelled label
// (case-insensitively). An unknown label gives an *UnknownOptionError
// listing the closest labels.
func (f *Field) OptionID(label string) (int64, error) {
	k := normName(label)
	for _, o := range f.Options {
		if normName(o.Label) == k {
			return o.ID, nil
		}
	}
	labels := make([]string, len(f.Options))
	for i, o := range f.Options {
		labels[i] = o.Label
	}
	return 0, &UnknownOptionError{Field: f.Name, Label: label, Suggestions: closest(label, labels, 3)}
}

// OptionLabel returns the label of the option whose id is id.
func (f *Field) OptionLabel(id int64) (string, bool) {
	for _, o := range f.Options {
		if o.ID == id && o.Key == "" {
			return o.Label, true
		}
	}
	return "", false
}

// FieldValues are custom field values keyed by field name (or code), in
// Go terms: e.g. {"Budget": crm.Money(5000, "EUR"), "Tier": "Enterprise"}.
// FieldSet.Encode turns them into CustomFields. What each field type
// takes:
//
//   - varchar, text, phone, varchar_auto, time: string
//   - double: any Go number
//   - monetary: Monetary (crm.Money)
//   - date: Date, time.Time, or a "2006-01-02" string
//   - daterange: DateRange; timerange: TimeRange
//   - enum: the option's label (string) or id (integer)
//   - set: labels ([]string), ids ([]int64, []int), or one label
//   - user, people, org: the id (integer)
//   - address: Address, or a string (the address as typed)
//   - any type: nil to clear the field, or a json.RawMessage sent as is
type FieldValues map[string]any

// Encode resolves values against the definitions: names become codes,
// option labels become ids, and each value is checked against its field's
// type. Only custom fields can be set this way. All problems are reported
// together (errors.Join); on error the result is nil.
func (s *FieldSet) Encode(values FieldValues) (CustomFields, error) {
	out := make(CustomFields, len(values))
	var errs []error
	names := make([]string, 0, len(values))
	for n := range values {
		names = append(names, n)
	}
	sort.Strings(names) // stable error order
	for _, name := range names {
		f, err := s.CustomField(name)
		if err != nil {
			if errors.Is(err, ErrUnknownField) {
				if sf, serr := s.Field(name); serr == nil && !sf.IsCustom {
					err = fmt.Errorf("crm: %q is a standard field, not a custom field: set it with the params' own member", name)
				}
			}
			errs = append(errs, err)
			continue
		}
		raw, err := f.encode(values[name])
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out[f.Code] = raw
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// encode turns a Go value into the JSON the field's type takes.
func (f *Field) encode(v any) (json.RawMessage, error) {
	if v == nil {
		return json.RawMessage("null"), nil
	}
	if raw, ok := v.(json.RawMessage); ok {
		return encodeValue(raw)
	}
	bad := func() error {
		return fmt.Errorf("%w: field %q (%s) cannot take %T", ErrFieldType, f.Name, f.Type, v)
	}
	switch f.Type {
	case FieldTypeVarchar, FieldTypeText, FieldTypePhone, FieldTypeVarcharAuto, FieldTypeVarcharOptions, FieldTypeTime:
		if s, ok := v.(string); ok {
			return mustJSON(s), nil
		}
		return nil, bad()
	case FieldTypeDouble, FieldTypeInt:
		n, ok := toFloat(v)
		if !ok {
			return nil, bad()
		}
		if math.IsNaN(n) || math.IsInf(n, 0) {
			return nil, fmt.Errorf("%w: field %q: %v cannot be sent", ErrFieldType, f.Name, n)
		}
		return mustJSON(n), nil
	case FieldTypeMonetary:
		switch m := v.(type) {
		case Monetary:
			if math.IsNaN(m.Value) || math.IsInf(m.Value, 0) {
				return nil, fmt.Errorf("%w: field %q: %v cannot be sent", ErrFieldType, f.Name, m.Value)
			}
			return mustJSON(m), nil
		case *Monetary:
			if m != nil {
				return f.encode(*m)
			}
		}
		return nil, fmt.Errorf("%w: field %q is monetary: use crm.Money(amount, currency), not %T", ErrFieldType, f.Name, v)
	case FieldTypeDate:
		switch d := v.(type) {
		case Date:
			return mustJSON(d), nil
		case time.Time:
			return mustJSON(DateOf(d)), nil
		case string:
			pd, err := ParseDate(d)
			if err != nil {
				return nil, fmt.Errorf("%w: field %q: %w", ErrFieldType, f.Name, err)
			}
			return mustJSON(pd), nil
		}
		return nil, bad()
	case FieldTypeDateRange:
		if r, ok := v.(DateRange); ok {
			return mustJSON(r), nil
		}
		return nil, bad()
	case FieldTypeTimeRange:
		if r, ok := v.(TimeRange); ok {
			return mustJSON(r), nil
		}
		return nil, bad()
	case FieldTypeEnum:
		id, err := f.optionRef(v)
		if err != nil {
			return nil, err
		}
		return mustJSON(id), nil
	case FieldTypeSet:
		var ids []int64
		switch x := v.(type) {
		case []string:
			for _, l := range x {
				id, err := f.optionRef(l)
				if err != nil {
					return nil, err
				}
				ids = append(ids, id)
			}
		case []int64:
			for _, n := range x {
				id, err := f.optionRef(n)
				if err != nil {
					return nil, err
				}
				ids = append(ids, id)
			}
		case []int:
			for _, n := range x {
				id, err := f.optionRef(n)
				if err != nil {
					return nil, err
				}
				ids = append(ids, id)
			}
		default:
			id, err := f.optionRef(v)
			if err != nil {
				return nil, err
			}
			ids = []int64{id}
		}
		if len(ids) == 0 {
			// The API refuses [] and clears the selection on null.
			return json.RawMessage("null"), nil
		}
		return mustJSON(ids), nil
	case FieldTypeUser, FieldTypePeople, FieldTypeOrg, FieldTypeDeal, FieldTypeStage, FieldTypeProject, FieldTypeActivity:
		id, ok := toInt(v)
		if !ok || id <= 0 {
			return nil, fmt.Errorf("%w: field %q (%s) takes a positive id, not %v (%T)", ErrFieldType, f.Name, f.Type, v, v)
		}
		return mustJSON(id), nil
	case FieldTypeAddress:
		switch a := v.(type) {
		case Address:
			return mustJSON(a.Params()), nil
		case AddressParams:
			return mustJSON(a), nil
		case string:
			return mustJSON(Address{Value: a}), nil
		}
		return nil, bad()
	}
	// Types without a known write shape: send what json.Marshal makes.
	raw, err := encodeValue(v)
	if err != nil {
		return nil, fmt.Errorf("%w: field %q: %w", ErrFieldType, f.Name, err)
	}
	return raw, nil
}

// optionRef resolves a label or an id to an option id of f.
func (f *Field) optionRef(v any) (int64, error) {
	if s, ok := v.(string); ok {
		return f.OptionID(s)
	}
	id, ok := toInt(v)
	if !ok {
		return 0, fmt.Errorf("%w: field %q (%s) takes option labels or ids, not %T", ErrFieldType, f.Name, f.Type, v)
	}
	if _, known := f.OptionLabel(id); !known {
		return 0, fmt.Errorf("%w: field %q has no option with id %d", ErrUnknownOption, f.Name, id)
	}
	return id, nil
}

// Read returns a reader of cf's values by field name, resolved against s.
func (s *FieldSet) Read(cf CustomFields) FieldReader { return FieldReader{set: s, cf: cf} }

// FieldReader reads a record's custom fields by name. Each method
// resolves the name (an *UnknownFieldError when unknown), returns an error
// matching ErrNoValue when the record holds no value, and one matching
// ErrFieldType when the value has another shape.
type FieldReader struct {
	set *FieldSet
	cf  CustomFields
}

func (r FieldReader) field(name string, types ...FieldType) (*Field, error) {
	if r.set == nil {
		return nil, errors.New("crm: FieldReader has no field definitions")
	}
	f, err := r.set.CustomField(name)
	if err != nil {
		return nil, err
	}
	if len(types) > 0 && !slices.Contains(types, f.Type) {
		return nil, fmt.Errorf("%w: field %q is of type %s, not %s", ErrFieldType, f.Name, f.Type, types[0])
	}
	if !r.cf.Has(f.Code) {
		return nil, fmt.Errorf("%w: %q", ErrNoValue, f.Name)
	}
	return f, nil
}

var (
	textTypes = []FieldType{FieldTypeVarchar, FieldTypeText, FieldTypePhone, FieldTypeVarcharAuto, FieldTypeVarcharOptions, FieldTypeTime}
	refTypes  = []FieldType{FieldTypeUser, FieldTypePeople, FieldTypeOrg, FieldTypeDeal, FieldTypeStage, FieldTypeProject, FieldTypeActivity}
)

func typeErr(f *Field, want string) error {
	return fmt.Errorf("%w: field %q (%s) does not hold %s", ErrFieldType, f.Name, f.Type, want)
}

// Has reports whether the record holds a value for the field (false also
// when the name is unknown).
func (r FieldReader) Has(name string) bool {
	_, err := r.field(name)
	return err == nil
}

// Text returns a text-like value (varchar, text, phone, varchar_auto,
// time).
func (r FieldReader) Text(name string) (string, error) {
	f, err := r.field(name, textTypes...)
	if err != nil {
		return "", err
	}
	if v, ok := r.cf.Text(f.Code); ok {
		return v, nil
	}
	return "", typeErr(f, "text")
}

// Number returns a numeric value.
func (r FieldReader) Number(name string) (float64, error) {
	f, err := r.field(name, FieldTypeDouble, FieldTypeInt)
	if err != nil {
		return 0, err
	}
	if v, ok := r.cf.Number(f.Code); ok {
		return v, nil
	}
	return 0, typeErr(f, "a number")
}

// Money returns a monetary value.
func (r FieldReader) Money(name string) (Monetary, error) {
	f, err := r.field(name, FieldTypeMonetary)
	if err != nil {
		return Monetary{}, err
	}
	if v, ok := r.cf.Money(f.Code); ok {
		return v, nil
	}
	return Monetary{}, typeErr(f, "a monetary value")
}

// Date returns a date value.
func (r FieldReader) Date(name string) (Date, error) {
	f, err := r.field(name, FieldTypeDate)
	if err != nil {
		return Date{}, err
	}
	if v, ok := r.cf.Date(f.Code); ok {
		return v, nil
	}
	return Date{}, typeErr(f, "a date")
}

// DateRange returns a daterange value.
func (r FieldReader) DateRange(name string) (DateRange, error) {
	f, err := r.field(name, FieldTypeDateRange)
	if err != nil {
		return DateRange{}, err
	}
	if v, ok := r.cf.DateRange(f.Code); ok {
		return v, nil
	}
	return DateRange{}, typeErr(f, "a date range")
}

// Option returns the label of a single-option field's value
// (CustomFields.OptionID gives its id).
func (r FieldReader) Option(name string) (string, error) {
	f, err := r.field(name, FieldTypeEnum)
	if err != nil {
		return "", err
	}
	id, ok := r.cf.OptionID(f.Code)
	if !ok {
		return "", typeErr(f, "an option")
	}
	if l, ok := f.OptionLabel(id); ok {
		return l, nil
	}
	return "", fmt.Errorf("%w: field %q holds option id %d, which the definitions do not list (refresh them?)", ErrUnknownOption, f.Name, id)
}

// Options returns the labels of a multiple-options field's values
// (CustomFields.OptionIDs gives their ids).
func (r FieldReader) Options(name string) ([]string, error) {
	f, err := r.field(name, FieldTypeSet)
	if err != nil {
		return nil, err
	}
	ids, ok := r.cf.OptionIDs(f.Code)
	if !ok {
		return nil, typeErr(f, "options")
	}
	labels := make([]string, 0, len(ids))
	for _, id := range ids {
		l, ok := f.OptionLabel(id)
		if !ok {
			return nil, fmt.Errorf("%w: field %q holds option id %d, which the definitions do not list (refresh them?)", ErrUnknownOption, f.Name, id)
		}
		labels = append(labels, l)
	}
	return labels, nil
}

// ID returns the id a user, person, organization (or other reference)
// field refers to.
func (r FieldReader) ID(name string) (int64, error) {
	f, err := r.field(name, refTypes...)
	if err != nil {
		return 0, err
	}
	if v, ok := r.cf.ref(f.Code); ok {
		return v, nil
	}
	return 0, typeErr(f, "an id")
}

// Address returns an address value.
func (r FieldReader) Address(name string) (Address, error) {
	f, err := r.field(name, FieldTypeAddress)
	if err != nil {
		return Address{}, err
	}
	if v, ok := r.cf.Address(f.Code); ok {
		return v, nil
	}
	return Address{}, typeErr(f, "an address")
}

// Raw returns the value as sent.
func (r FieldReader) Raw(name string) (json.RawMessage, error) {
	f, err := r.field(name)
	if err != nil {
		return nil, err
	}
	return r.cf.Raw(f.Code), nil
}

func normName(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func toFloat(v any) (float64, bool) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Float32, reflect.Float64:
		return rv.Float(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(rv.Uint()), true
	}
	return 0, false
}

func toInt(v any) (int64, bool) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		u := rv.Uint()
		if u > math.MaxInt64 {
			return 0, false
		}
		return int64(u), true
	}
	return 0, false
}

// closest returns up to n of candidates nearest to name by edit distance
// (case-insensitive), nearest first: those within a few edits when there
// are any, else simply the nearest. Names containing name (or contained in
// it) rank as if one edit away.
func closest(name string, candidates []string, n int) []string {
	type scored struct {
		s string
		d int
	}
	q := normName(name)
	seen := make(map[string]bool, len(candidates))
	var all []scored
	for _, c := range candidates {
		if seen[c] {
			continue
		}
		seen[c] = true
		k := normName(c)
		d := levenshtein(q, k)
		if q != "" && (strings.Contains(k, q) || strings.Contains(q, k)) && d > 1 {
			d = 1
		}
		all = append(all, scored{c, d})
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].d != all[j].d {
			return all[i].d < all[j].d
		}
		return all[i].s < all[j].s
	})
	// Keep the near misses only (a typo or two, or a substring); when
	// nothing is that close, the nearest few still help.
	limit := max(2, utf8.RuneCountInString(q)/3)
	near := 0
	for near < len(all) && all[near].d <= limit {
		near++
	}
	if near > 0 {
		all = all[:near]
	}
	if len(all) > n {
		all = all[:n]
	}
	out := make([]string, len(all))
	for i, s := range all {
		out[i] = s.s
	}
	return out
}

// levenshtein is the edit distance between a and b, by runes.
func levenshtein(a, b string) int {
	if a == b {
		return 0
	}
	ra := []rune(a)
	rb := []rune(b)
	if len(ra) == 0 {
		return utf8.RuneCountInString(b)
	}
	if len(rb) == 0 {
		return len(ra)
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
