package webhooks

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// ErrDecode matches a failure to decode an event's object into the type a
// caller asked for, after the tolerant conversions were tried.
var ErrDecode = errors.New("webhooks: cannot decode the event's object")

// decodeTolerant decodes raw into v (a non-nil pointer). It first tries
// encoding/json as is; when a value has the wrong JSON type for its Go
// field (webhooks send "3" for a number, 1 for a boolean, v1 times, ...)
// it converts the document to the shapes v's type expects and decodes
// again. Fields that need no conversion are never touched.
func decodeTolerant(raw []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("%w: need a non-nil pointer, got %T", ErrDecode, v)
	}
	first := json.Unmarshal(raw, v)
	if first == nil {
		return nil
	}
	var tree any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&tree); err != nil {
		return fmt.Errorf("%w: %w", ErrDecode, err)
	}
	fixed, err := json.Marshal(coerce(tree, rv.Type().Elem(), 0))
	if err != nil {
		return fmt.Errorf("%w: %w", ErrDecode, err)
	}
	rv.Elem().SetZero()
	if err := json.Unmarshal(fixed, v); err != nil {
		return fmt.Errorf("%w into %T: %w", ErrDecode, v, err)
	}
	return nil
}

var (
	timeType        = reflect.TypeFor[time.Time]()
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// maxDepth bounds the recursion over hostile, deeply nested documents
// (encoding/json itself stops at 10,000 levels).
const maxDepth = 64

// coerce returns node (a tree from a UseNumber decoder) converted where
// its JSON type does not fit t.
func coerce(node any, t reflect.Type, depth int) any {
	if node == nil || depth > maxDepth {
		return node
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == timeType {
		return coerceTime(node)
	}
	if reflect.PointerTo(t).Implements(jsonUnmarshaler) || reflect.PointerTo(t).Implements(textUnmarshaler) {
		return node // the type decodes itself
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := node.(map[string]any)
		if !ok {
			return node
		}
		fields := jsonFields(t)
		for k, v := range obj {
			if ft, ok := lookupField(fields, k); ok {
				obj[k] = coerce(v, ft, depth+1)
			}
		}
		return obj
	case reflect.Map:
		obj, ok := node.(map[string]any)
		if !ok {
			return node
		}
		for k, v := range obj {
			obj[k] = coerce(v, t.Elem(), depth+1)
		}
		return obj
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return node // []byte is base64 text
		}
		switch n := node.(type) {
		case []any:
			for i := range n {
				n[i] = coerce(n[i], t.Elem(), depth+1)
			}
			return n
		case string: // v1 sends multi-option values as "1,2,3"
			if strings.TrimSpace(n) == "" {
				return []any{}
			}
			parts := strings.Split(n, ",")
			out := make([]any, len(parts))
			for i, p := range parts {
				out[i] = coerce(strings.TrimSpace(p), t.Elem(), depth+1)
			}
			return out
		}
		return node
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return coerceNumber(node, true)
	case reflect.Float32, reflect.Float64:
		return coerceNumber(node, false)
	case reflect.String:
		switch n := node.(type) {
		case json.Number:
			return string(n)
		case bool:
			return strconv.FormatBool(n)
		}
		return node
	case reflect.Bool:
		switch n := node.(type) {
		case json.Number:
			return n != "0"
		case string:
			switch strings.ToLower(strings.TrimSpace(n)) {
			case "true", "1":
				return true
			case "false", "0", "":
				return false
			}
		}
		return node
	}
	return node
}

// coerceNumber converts a numeric string, a boolean, or a v1 reference
// object ({"value": 5, "name": ...}) to a number. Empty strings become
// null.
func coerceNumber(node any, integer bool) any {
	switch n := node.(type) {
	case json.Number:
		if integer {
			return integral(string(n), node)
		}
		return n
	case string:
		s := strings.TrimSpace(n)
		if s == "" {
			return nil
		}
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return node
		}
		if integer {
			return integral(s, node)
		}
		return json.Number(s)
	case bool:
		if n {
			return json.Number("1")
		}
		return json.Number("0")
	case map[string]any:
		for _, k := range []string{"value", "id"} {
			if v, ok := n[k]; ok {
				if _, isObj := v.(map[string]any); !isObj {
					return coerceNumber(v, integer)
				}
			}
		}
	}
	return node
}

// integral returns s as an integer JSON number when it is one ("3",
// "3.0", "3e2"), else fallback.
func integral(s string, fallback any) any {
	if _, err := strconv.ParseInt(s, 10, 64); err == nil {
		return json.Number(s)
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<62 {
		return json.Number(strconv.FormatInt(int64(f), 10))
	}
	return fallback
}

// coerceTime rewrites v1 times and Unix timestamps as RFC 3339; empty
// strings become null.
func coerceTime(node any) any {
	var s string
	switch n := node.(type) {
	case string:
		s = n
		if strings.TrimSpace(s) == "" {
			return nil
		}
		if _, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return node
		}
	case json.Number:
		s = string(n)
	default:
		return node
	}
	if t, ok := parseTimeString(s); ok {
		return t.Format(time.RFC3339Nano)
	}
	return node
}

// jsonFields maps the JSON names of t's fields (with encoding/json's rules
// for tags, embedded structs and ignored fields) to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := make(map[string]reflect.Type)
	collectFields(t, out, 0)
	return out
}

func collectFields(t reflect.Type, out map[string]reflect.Type, depth int) {
	if depth > 8 {
		return
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := f.Type
		if f.Anonymous && name == "" {
			et := ft
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				collectFields(et, out, depth+1)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if _, dup := out[name]; !dup || depth == 0 {
			out[name] = ft
		}
	}
}

// lookupField finds a field by exact name, then case-insensitively, as
// encoding/json does.
func lookupField(fields map[string]reflect.Type, key string) (reflect.Type, bool) {
	if t, ok := fields[key]; ok {
		return t, true
	}
	for name, t := range fields {
		if strings.EqualFold(name, key) {
			return t, true
		}
	}
	return nil, false
}
