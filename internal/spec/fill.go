package spec

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

const modulePath = "github.com/pipedrive-go/pipedrive"

// Root returns the repository's root directory.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Enums maps a named type ("github.com/pipedrive-go/pipedrive/deals.Status")
// to the values of the constants declared with it, in source order: the
// values a params field of that type can take.
type Enums map[string][]any

var (
	enumsOnce sync.Once
	enums     Enums
	enumsErr  error
)

// LoadEnums reads the constants of every package of the module (tests
// and testdata left out).
func LoadEnums() (Enums, error) {
	enumsOnce.Do(func() { enums, enumsErr = loadEnums(Root()) })
	return enums, enumsErr
}

func loadEnums(root string) (Enums, error) {
	out := Enums{}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "examples") {
				return filepath.SkipDir
			}
			if path != root {
				if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
					return filepath.SkipDir // a nested module
				}
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		pkg := modulePath
		if rel != "." {
			pkg += "/" + filepath.ToSlash(rel)
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			var typ string
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				if id, ok := vs.Type.(*ast.Ident); ok {
					typ = id.Name
				} else if vs.Type != nil || len(vs.Values) > 0 {
					typ = ""
				}
				if typ == "" || len(vs.Values) == 0 {
					continue // iota runs and untyped constants are not enums here
				}
				for _, v := range vs.Values {
					lit, ok := v.(*ast.BasicLit)
					if !ok {
						continue
					}
					key := pkg + "." + typ
					switch lit.Kind {
					case token.STRING:
						s, err := strconv.Unquote(lit.Value)
						if err == nil {
							out[key] = append(out[key], s)
						}
					case token.INT:
						n, err := strconv.ParseInt(lit.Value, 0, 64)
						if err == nil {
							out[key] = append(out[key], n)
						}
					}
				}
			}
		}
		return nil
	})
	return out, err
}

// Values returns the constants of t, or nil.
func (e Enums) Values(t reflect.Type) []any {
	if t.Name() == "" || t.PkgPath() == "" {
		return nil
	}
	return e[t.PkgPath()+"."+t.Name()]
}

// EnumUse records that a params field of an enum type was filled: its wire
// name and every value the type can take.
type EnumUse struct {
	Name   string // wire name ("status")
	In     string // "query" or "body"
	Values []any
	Field  string // Go type and field, for messages ("deals.ListParams.Status")
	// Excepted are the type's values that Filler.Except keeps out of
	// Values for this field: the params refuse them before sending.
	Excepted []any
}

// Filler builds argument values for SDK methods: every field of a params
// struct set to a valid non-zero value (Full), or only the fields tagged
// pipedrive:"required" (Minimal).
type Filler struct {
	Enums   Enums
	Minimal bool
	// Clear also fills, in Minimal mode, the fields tagged
	// pipedrive:"clear" (lists of fields to send as null), which are
	// otherwise left empty: their values conflict with setting the
	// fields they name.
	Clear bool
	// Except maps a params field ("deals.SearchParams.Status") to the
	// values of its enum type that the filler must not pick: values the
	// params refuse before sending, on purpose.
	Except map[string][]any
	// Omit lists params fields ("crm.CreateFieldParams.Description") the
	// filler leaves at their zero value: fields of a shared params type
	// that this method refuses when set.
	Omit map[string]bool
	// Extra lists fields ("notes.CreateParams.DealID") that Minimal mode
	// fills although they are not tagged required: the minimum a method
	// needs beyond its required fields (one of several fields, or the
	// members of a required object; a member of an optional object needs
	// the object's field listed too).
	Extra map[string]bool
	// Used collects the enum fields filled.
	Used []EnumUse
	// Omitted collects the Omit fields met, Extras the Extra fields
	// filled; Cleared is set when a clear field was filled.
	Omitted []string
	Extras  []string
	Cleared bool
	next    int64
}

var (
	timeType     = reflect.TypeFor[time.Time]()
	readerType   = reflect.TypeFor[io.Reader]()
	rawType      = reflect.TypeFor[json.RawMessage]()
	stamp        = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	fieldValuesT = modulePath + "/crm.FieldValues"
)

// ID returns a fresh positive id.
func (f *Filler) ID() int64 {
	f.next++
	return 100 + f.next
}

// Value returns a filled value of type t; ok is false for types it cannot
// build (functions, channels, interfaces other than io.Reader).
func (f *Filler) Value(t reflect.Type) (reflect.Value, bool) {
	return f.value(t, 0, "", "")
}

func (f *Filler) value(t reflect.Type, depth int, in, owner string) (reflect.Value, bool) {
	v := reflect.New(t).Elem()
	if depth > 6 {
		return v, true
	}
	if t == readerType {
		return reflect.ValueOf(strings.NewReader("file content")), true
	}
	if vals := f.Enums.Values(t); len(vals) > 0 && (t.Kind() == reflect.String || isInt(t.Kind())) {
		setScalar(v, vals[0])
		return v, true
	}
	switch {
	case t == timeType:
		v.Set(reflect.ValueOf(stamp))
		return v, true
	case t == rawType:
		v.SetBytes([]byte(`"x"`))
		return v, true
	case t.PkgPath() == modulePath+"/crm" && t.Name() == "Date":
		setFields(v, map[string]any{"Year": 2026, "Month": time.January, "Day": 2})
		return v, true
	case t.PkgPath() == modulePath+"/crm" && t.Name() == "TimeOfDay":
		setFields(v, map[string]any{"Hour": 10, "Minute": 30, "Valid": true})
		return v, true
	}
	switch t.Kind() {
	case reflect.String:
		v.SetString(stringFor(owner))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(f.ID())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(f.ID()))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(2.5)
	case reflect.Pointer:
		e, ok := f.value(t.Elem(), depth+1, in, owner)
		if !ok {
			return v, false
		}
		p := reflect.New(t.Elem())
		p.Elem().Set(e)
		v.Set(p)
	case reflect.Slice:
		e, ok := f.value(t.Elem(), depth+1, in, owner)
		if !ok {
			return v, false
		}
		s := reflect.MakeSlice(t, 0, 1)
		v.Set(reflect.Append(s, e))
	case reflect.Map:
		// Maps (custom fields by code) are left empty: their keys are the
		// company's own.
	case reflect.Struct:
		f.fillStruct(v, depth, in)
	case reflect.Interface, reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return v, false
	}
	return v, true
}

// stringFor picks a plain string for a params field by what its Go name
// says it holds ("Params.SubscriptionURL").
func stringFor(field string) string {
	_, name, _ := strings.Cut(field, ".")
	switch n := strings.ToLower(name); {
	case strings.HasSuffix(n, "url"):
		return "https://example.com/hook"
	case strings.Contains(n, "email"):
		return "someone@example.com"
	case strings.HasSuffix(n, "currency"):
		return "EUR"
	}
	return "text"
}

func isInt(k reflect.Kind) bool {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return true
	}
	return false
}

func setScalar(v reflect.Value, val any) {
	switch x := val.(type) {
	case string:
		v.SetString(x)
	case int64:
		v.SetInt(x)
	}
}

func setFields(v reflect.Value, fields map[string]any) {
	for name, val := range fields {
		fv := v.FieldByName(name)
		if !fv.IsValid() || !fv.CanSet() {
			continue
		}
		rv := reflect.ValueOf(val)
		if rv.Type().ConvertibleTo(fv.Type()) {
			fv.Set(rv.Convert(fv.Type()))
		}
	}
}

func (f *Filler) fillStruct(v reflect.Value, depth int, in string) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		ft := sf.Type
		if ft.PkgPath()+"."+ft.Name() == fieldValuesT {
			continue // by-name values need the company's definitions
		}
		opts := strings.Split(sf.Tag.Get("pipedrive"), ",")
		required, clear := slices.Contains(opts, "required"), slices.Contains(opts, "clear")
		key := t.String() + "." + sf.Name
		switch {
		case f.Omit[key]:
			f.Omitted = append(f.Omitted, key)
			continue
		case clear && !f.Clear:
			continue
		case f.Minimal && f.Extra[key]:
			f.Extras = append(f.Extras, key)
		case f.Minimal && !required && !clear && !sf.Anonymous:
			continue
		}
		f.Cleared = f.Cleared || clear
		where := in
		if sf.Tag.Get("url") != "" {
			where = "query"
		} else if sf.Tag.Get("json") != "" {
			where = "body"
		}
		fv, ok := f.value(ft, depth+1, where, t.Name()+"."+sf.Name)
		if !ok {
			continue
		}
		v.Field(i).Set(fv)
		et := ft
		for et.Kind() == reflect.Pointer || et.Kind() == reflect.Slice {
			et = et.Elem()
		}
		vals, excepted := splitValues(f.Enums.Values(et), f.Except[key])
		if len(excepted) > 0 && len(vals) > 0 && (et.Kind() == reflect.String || isInt(et.Kind())) {
			// Fill an allowed value instead of the type's first one.
			e := reflect.New(et).Elem()
			setScalar(e, vals[0])
			v.Field(i).Set(wrap(e, ft))
		}
		if len(vals)+len(excepted) > 1 && depth <= 1 {
			f.Used = append(f.Used, EnumUse{Name: wireName(sf), In: where, Values: vals, Field: key, Excepted: excepted})
		}
		if et != ft && ft.Kind() == reflect.Slice {
			// A list of an enum type gets every allowed value, so each is
			// checked.
			if len(vals) > 1 && (et.Kind() == reflect.String || isInt(et.Kind())) {
				s := reflect.MakeSlice(ft, 0, len(vals))
				for _, val := range vals {
					e := reflect.New(et).Elem()
					setScalar(e, val)
					s = reflect.Append(s, e)
				}
				v.Field(i).Set(s)
			}
		}
	}
}

// splitValues separates an enum type's values into those not listed in
// except and those listed.
func splitValues(vals, except []any) (allowed, excepted []any) {
	for _, v := range vals {
		if slices.Contains(except, v) {
			excepted = append(excepted, v)
		} else {
			allowed = append(allowed, v)
		}
	}
	return allowed, excepted
}

// EnumValue returns val (a constant of an enum type, as Enums holds it)
// as a value of field type ft: the enum type itself, a pointer to it, or
// a slice of one element.
func EnumValue(ft reflect.Type, val any) reflect.Value {
	et := ft
	for et.Kind() == reflect.Pointer || et.Kind() == reflect.Slice {
		et = et.Elem()
	}
	e := reflect.New(et).Elem()
	setScalar(e, val)
	return wrap(e, ft)
}

// wrap turns e (of ft's innermost element type) into a value of type ft.
func wrap(e reflect.Value, ft reflect.Type) reflect.Value {
	switch ft.Kind() {
	case reflect.Pointer:
		p := reflect.New(ft.Elem())
		p.Elem().Set(wrap(e, ft.Elem()))
		return p
	case reflect.Slice:
		s := reflect.MakeSlice(ft, 0, 1)
		return reflect.Append(s, wrap(e, ft.Elem()))
	}
	return e
}

func wireName(f reflect.StructField) string {
	for _, key := range []string{"url", "json"} {
		if n, _, _ := strings.Cut(f.Tag.Get(key), ","); n != "" && n != "-" {
			return n
		}
	}
	return f.Name
}

// Synthesize returns a JSON value for s in which every declared property
// is present with a non-empty value of its type: served to a model, it
// shows which properties the model cannot hold. name is the property's
// name, which picks plausible strings for times and dates the schema
// types as plain strings.
func Synthesize(s *Schema, name string, v1 bool) any {
	return synth(s, name, v1, 0)
}

func synth(s *Schema, name string, v1 bool, depth int) any {
	s = Flatten(s)
	if s == nil {
		return "text"
	}
	if len(s.OneOf) > 0 {
		return synth(s.OneOf[0], name, v1, depth)
	}
	if len(s.AnyOf) > 0 {
		return synth(s.AnyOf[0], name, v1, depth)
	}
	if s.Example != nil && s.Type != "object" && s.Type != "array" && !empty(s.Example) {
		return s.Example
	}
	if len(s.Enum) > 0 {
		for _, e := range s.Enum {
			if e != nil && !empty(e) {
				return e
			}
		}
	}
	switch s.Type {
	case "object", "":
		if s.Type == "" && s.Properties == nil {
			return "text"
		}
		out := map[string]any{}
		if depth > 5 {
			return out
		}
		keys := make([]string, 0, len(s.Properties))
		for k := range s.Properties {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			out[k] = synth(s.Properties[k], k, v1, depth+1)
		}
		return out
	case "array":
		if depth > 5 {
			return []any{}
		}
		return []any{synth(s.Items, singular(name), v1, depth+1)}
	case "integer", "number":
		// Integral even for numbers: v1 types many ids as number.
		return 7
	case "boolean":
		return true
	case "string":
		return synthString(s.Format, name, v1)
	}
	return "text"
}

func singular(name string) string { return strings.TrimSuffix(name, "s") }

// IsPlaceholder reports whether a schema's property name is a placeholder
// for a key the response fills in (PICTURE_ID, DEAL_ID: upper case and
// underscores), not a member name: the API's keys are real ids.
func IsPlaceholder(name string) bool {
	if name == "" || name[0] < 'A' || name[0] > 'Z' {
		return false
	}
	for _, r := range name {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// placeholderProperty returns the schema of s's placeholder property when
// it is s's only property: s is then a map from real keys to entries of
// that schema.
func placeholderProperty(s *Schema) *Schema {
	if len(s.Properties) != 1 {
		return nil
	}
	for k, ps := range s.Properties {
		if IsPlaceholder(k) {
			return ps
		}
	}
	return nil
}

// isIDKey reports whether an example's key is an id (decimal digits), the
// kind of key a placeholder stands for.
func isIDKey(k string) bool {
	if k == "" {
		return false
	}
	for _, r := range k {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// SynthesizeOver is Synthesize that starts from an example value: the
// example's members stay as they are (realistic values decode best), and
// every property the schema declares that the example lacks, or holds as
// null or empty, is synthesized.
func SynthesizeOver(s *Schema, example any, name string, v1 bool) any {
	return synthOver(s, example, name, v1, 0)
}

func synthOver(s *Schema, ex any, name string, v1 bool, depth int) any {
	f := Flatten(s)
	if f == nil {
		if ex == nil {
			return "text"
		}
		return ex
	}
	if empty(ex) {
		return synth(f, name, v1, depth)
	}
	if len(f.OneOf)+len(f.AnyOf) > 0 {
		return ex // which alternative the example is, is not worth guessing
	}
	switch x := ex.(type) {
	case map[string]any:
		if f.Type != "object" && f.Properties == nil {
			return ex
		}
		entry := placeholderProperty(f)
		matched := false
		for k := range x {
			_, ok := f.Properties[k]
			matched = matched || ok || entry != nil && isIDKey(k)
		}
		if !matched {
			// The example is a map whose keys the schema does not name
			// (totals keyed by currency where the schema declares one
			// total, or an object the schema wraps under a placeholder):
			// inventing the schema's members beside them would serve a
			// shape neither the spec's example nor the API has.
			return ex
		}
		out := make(map[string]any, len(x)+len(f.Properties))
		for k, v := range x {
			switch ps, ok := f.Properties[k]; {
			case ok && depth < 6:
				out[k] = synthOver(ps, v, k, v1, depth+1)
			case !ok && entry != nil && isIDKey(k) && depth < 6:
				// A real key where the schema has a placeholder
				// ("123" for DEAL_ID): the placeholder's schema is
				// the entry's.
				out[k] = synthOver(entry, v, k, v1, depth+1)
			default:
				out[k] = v
			}
		}
		for k, ps := range f.Properties {
			if _, ok := out[k]; !ok && depth < 6 && !IsPlaceholder(k) {
				out[k] = synth(ps, k, v1, depth+1)
			}
		}
		return out
	case []any:
		if f.Type != "array" || depth >= 6 {
			return ex
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = synthOver(f.Items, e, singular(name), v1, depth+1)
		}
		return out
	}
	return ex
}

// synthString picks a string for a property typed as a plain string by
// what its name says it holds.
func synthString(format, name string, v1 bool) string {
	n := strings.ToLower(name)
	switch {
	case format == "date-time":
		return "2026-01-02T03:04:05Z"
	case format == "date" || strings.HasSuffix(n, "_date") || n == "date" || strings.HasSuffix(n, "date"):
		return "2026-01-02"
	case n == "due_time" || strings.HasSuffix(n, "_hour") || n == "duration" || strings.HasSuffix(n, "_duration"):
		return "01:30"
	case strings.HasSuffix(n, "activity_time"):
		// next_activity_time: the time of day of the activity, beside
		// its date.
		return "10:30:00"
	case strings.HasSuffix(n, "_time") || n == "time" || strings.HasSuffix(n, "timestamp") || strings.HasSuffix(n, "_at") ||
		n == "created" || n == "modified" || n == "updated" || n == "last_login" || strings.HasSuffix(n, "time"):
		if v1 {
			return "2026-01-02 03:04:05"
		}
		return "2026-01-02T03:04:05Z"
	case format == "uuid" || strings.HasSuffix(n, "uuid"):
		return "4f5a2d4e-8f1c-4b2a-9d3e-6c7b8a9e0f12"
	case strings.Contains(n, "email"):
		return "someone@example.com"
	case strings.Contains(n, "url") || strings.Contains(n, "link"):
		return "https://example.com/x"
	case strings.HasSuffix(n, "currency"):
		return "EUR"
	}
	return "text"
}

func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case bool:
		return !x
	case float64:
		return x == 0
	case int:
		return x == 0
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}
