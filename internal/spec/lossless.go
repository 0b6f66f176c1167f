package spec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
)

// LostFields returns the paths ("data.owner.name", "items[0].id") of the
// non-empty members of orig that round is missing.
func LostFields(orig, round []byte) ([]string, error) {
	var a, b any
	if err := decodeNumbers(orig, &a); err != nil {
		return nil, fmt.Errorf("original: %w", err)
	}
	if err := decodeNumbers(round, &b); err != nil {
		return nil, fmt.Errorf("round trip: %w", err)
	}
	var lost []string
	walkLost("", a, b, &lost)
	sort.Strings(lost)
	return lost, nil
}

func decodeNumbers(b []byte, v *any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return dec.Decode(v)
}

// emptyJSON reports whether a JSON value may be dropped by omitempty.
func emptyJSON(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		// v1 writes an unset timestamp or date as zeros.
		return x == "" || x == "0000-00-00 00:00:00" || x == "0000-00-00"
	case bool:
		return !x
	case json.Number:
		f, err := x.Float64()
		return err == nil && f == 0
	case []any:
		return len(x) == 0
	case map[string]any:
		for _, e := range x {
			if !emptyJSON(e) {
				return false
			}
		}
		return true
	}
	return false
}

func walkLost(path string, a, b any, lost *[]string) {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			// A model that encodes the object in another shape (a string,
			// a number) keeps it; only a missing one is lost.
			if b == nil && !emptyJSON(x) {
				*lost = append(*lost, path)
			}
			return
		}
		for k, av := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			bv, ok := y[k]
			if !ok {
				if !emptyJSON(av) {
					*lost = append(*lost, p)
				}
				continue
			}
			walkLost(p, av, bv, lost)
		}
	case []any:
		y, ok := b.([]any)
		if !ok {
			if len(x) > 0 && b == nil {
				*lost = append(*lost, path)
			}
			return
		}
		for i, av := range x {
			p := fmt.Sprintf("%s[%d]", path, i)
			if i >= len(y) {
				if !emptyJSON(av) {
					*lost = append(*lost, p)
				}
				continue
			}
			walkLost(p, av, y[i], lost)
		}
	}
}
