package jsonx

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
)

// maxFixes bounds how many distinct fields Unmarshal converts before it
// gives up and reports the error.
const maxFixes = 32

// Unmarshal decodes b into v like json.Unmarshal, tolerating one known
// server habit: numbers sent as JSON strings ("3" where the field is a
// number, as in webhook payloads). When decoding fails only because of
// such strings, they are turned into numbers and b is decoded again into
// v; every value the failed attempt stored came from the same document,
// so the second pass leaves v as a clean decode would. Any other error is
// returned as json.Unmarshal reports it.
func Unmarshal(b []byte, v any) error {
	err := json.Unmarshal(b, v)
	if err == nil {
		return nil
	}
	orig := err
	for range maxFixes {
		var te *json.UnmarshalTypeError
		if !errors.As(err, &te) || te.Value != "string" || !isNumberKind(te.Type) {
			return orig
		}
		fixed, ok := unquoteNumbersAt(b, te.Field)
		if !ok {
			return orig
		}
		b = fixed
		if err = json.Unmarshal(b, v); err == nil {
			return nil
		}
	}
	return orig
}

func isNumberKind(t reflect.Type) bool {
	if t == nil {
		return false
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// unquoteNumbersAt rewrites, in the JSON document b, every numeric string
// found at the dotted path (arrays along the way are walked element by
// element) into a JSON number. It reports whether anything changed.
func unquoteNumbersAt(b []byte, path string) ([]byte, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, false
	}
	changed := false
	var walk func(node any, segs []string) any
	walk = func(node any, segs []string) any {
		switch n := node.(type) {
		case []any:
			for i := range n {
				n[i] = walk(n[i], segs)
			}
			return n
		case map[string]any:
			if len(segs) == 0 {
				return n
			}
			if child, ok := n[segs[0]]; ok {
				n[segs[0]] = walk(child, segs[1:])
				return n
			}
			// The error's path also names embedded Go structs (e.g. the
			// alias of a custom UnmarshalJSON), which have no JSON key:
			// skip such a segment.
			return walk(n, segs[1:])
		case string:
			if len(segs) == 0 && isJSONNumber(n) {
				changed = true
				return json.Number(n)
			}
		}
		return node
	}
	var segs []string
	for _, seg := range strings.Split(path, ".") {
		if seg != "" {
			segs = append(segs, seg)
		}
	}
	doc = walk(doc, segs)
	if !changed {
		return nil, false
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return nil, false
	}
	return out, true
}

func isJSONNumber(s string) bool {
	if s == "" || strings.TrimSpace(s) != s {
		return false
	}
	if _, err := strconv.ParseFloat(s, 64); err != nil {
		return false
	}
	// ParseFloat also takes forms JSON does not ("0x10", "Inf", "1_0").
	return json.Valid([]byte(s)) && (s[0] == '-' || (s[0] >= '0' && s[0] <= '9'))
}

// WithNulls returns the JSON object obj with each of keys set to null
// (added, or replacing the member of that name): the body of an update
// that clears those fields.
func WithNulls(obj []byte, keys []string) ([]byte, error) {
	if len(keys) == 0 {
		return obj, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(obj, &m); err != nil {
		return nil, err
	}
	if m == nil {
		m = make(map[string]json.RawMessage, len(keys))
	}
	for _, k := range keys {
		m[k] = json.RawMessage("null")
	}
	return json.Marshal(m)
}
