package spec

import (
	"encoding/json"
	"fmt"
	"math"
	"mime"
	"mime/multipart"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Violation is one way a request (or a model) disagrees with the spec.
type Violation struct {
	Op    string // the operation's Key
	Where string // "path", "query", "body" or "model"
	Name  string // the parameter or the property's path ("custom_fields.x", "items[0].id")
	What  string // the problem
}

func (v Violation) String() string {
	return fmt.Sprintf("%s: %s %s: %s", v.Op, v.Where, v.Name, v.What)
}

// CheckPath checks the values of the path's placeholders.
func CheckPath(op *Op, vars map[string]string) []Violation {
	var out []Violation
	for name, val := range vars {
		p := op.Param("path", name)
		if p == nil {
			out = append(out, Violation{op.Key(), "path", name, "not a declared path parameter"})
			continue
		}
		if msg := checkScalar(p.Schema, val); msg != "" {
			out = append(out, Violation{op.Key(), "path", name, msg})
		}
	}
	return out
}

// CheckQuery checks a request's query: every parameter declared, of the
// declared type and enum, every required one present.
func CheckQuery(op *Op, q url.Values) []Violation {
	var out []Violation
	names := make([]string, 0, len(q))
	for name := range q {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		vals := q[name]
		p := op.Param("query", name)
		if p == nil {
			out = append(out, Violation{op.Key(), "query", name, "not a parameter of this operation"})
			continue
		}
		s := Flatten(p.Schema)
		if s != nil && s.Type == "array" {
			var items []string
			explode := p.Explode == nil || *p.Explode
			for _, v := range vals {
				if explode {
					items = append(items, v)
				} else {
					items = append(items, strings.Split(v, ",")...)
				}
			}
			for _, it := range items {
				if msg := checkScalar(s.Items, it); msg != "" {
					out = append(out, Violation{op.Key(), "query", name, msg})
				}
			}
			continue
		}
		if len(vals) > 1 {
			out = append(out, Violation{op.Key(), "query", name, fmt.Sprintf("sent %d times, but it is not an array", len(vals))})
		}
		for _, v := range vals {
			if msg := checkScalar(s, v); msg != "" {
				out = append(out, Violation{op.Key(), "query", name, msg})
			}
		}
	}
	for _, p := range op.Params {
		if p.In == "query" && p.Required && len(q[p.Name]) == 0 {
			out = append(out, Violation{op.Key(), "query", p.Name, "required, but not sent"})
		}
	}
	return out
}

// checkScalar checks one textual value (a path or query parameter)
// against a scalar schema; "" means it fits.
func checkScalar(s *Schema, v string) string {
	s = Flatten(s)
	if s == nil {
		return ""
	}
	if len(s.OneOf)+len(s.AnyOf) > 0 {
		for _, alt := range append(append([]*Schema(nil), s.OneOf...), s.AnyOf...) {
			if checkScalar(alt, v) == "" {
				return ""
			}
		}
		return fmt.Sprintf("%q fits none of the alternatives", v)
	}
	switch s.Type {
	case "integer":
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return fmt.Sprintf("%q is not an integer", v)
		}
	case "number":
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return fmt.Sprintf("%q is not a number", v)
		}
	case "boolean":
		if v != "true" && v != "false" {
			return fmt.Sprintf("%q is not a boolean (true or false)", v)
		}
	case "string":
		if msg := checkFormat(s.Format, v); msg != "" {
			return msg
		}
	}
	if len(s.Enum) > 0 && !enumHas(s.Enum, v) {
		return fmt.Sprintf("%q is not one of %v", v, s.Enum)
	}
	return ""
}

func checkFormat(format, v string) string {
	switch format {
	case "date":
		if _, err := time.Parse("2006-01-02", v); err != nil {
			return fmt.Sprintf("%q is not a date (YYYY-MM-DD)", v)
		}
	case "date-time":
		if _, err := time.Parse(time.RFC3339, v); err != nil {
			return fmt.Sprintf("%q is not an RFC 3339 date-time", v)
		}
	}
	return ""
}

func enumHas(enum []any, v string) bool {
	for _, e := range enum {
		switch x := e.(type) {
		case string:
			if x == v {
				return true
			}
		case float64, int, int64, json.Number:
			f, err := strconv.ParseFloat(v, 64)
			if err == nil && f == toFloat(x) {
				return true
			}
		case bool:
			if strconv.FormatBool(x) == v {
				return true
			}
		case nil:
		}
	}
	return false
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case json.Number:
		f, _ := x.Float64()
		return f
	}
	return math.NaN()
}

// DecodeJSON decodes a JSON document keeping numbers as json.Number, as
// CheckValue wants them.
func DecodeJSON(b []byte) (any, error) {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// CheckBody checks a JSON request body (decoded with DecodeJSON) against
// the operation's application/json body schema.
func CheckBody(op *Op, body any) []Violation {
	s := op.Bodies["application/json"]
	if s == nil {
		return []Violation{{op.Key(), "body", "", "a JSON body was sent, but the operation declares none"}}
	}
	var out []Violation
	CheckValue(s, body, "", true, func(name, what string) {
		out = append(out, Violation{op.Key(), "body", name, what})
	})
	return out
}

// CheckMultipart checks a multipart/form-data body's part names against
// the operation's multipart schema.
func CheckMultipart(op *Op, contentType string, body []byte) []Violation {
	s := Flatten(op.Bodies["multipart/form-data"])
	if s == nil {
		return []Violation{{op.Key(), "body", "", "a multipart body was sent, but the operation declares none"}}
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return []Violation{{op.Key(), "body", "", "bad multipart content type: " + err.Error()}}
	}
	r := multipart.NewReader(strings.NewReader(string(body)), params["boundary"])
	form, err := r.ReadForm(32 << 20)
	if err != nil {
		return []Violation{{op.Key(), "body", "", "unreadable multipart body: " + err.Error()}}
	}
	defer func() { _ = form.RemoveAll() }()
	var out []Violation
	seen := map[string]bool{}
	for name, vals := range form.Value {
		seen[name] = true
		ps, ok := s.Properties[name]
		if !ok {
			out = append(out, Violation{op.Key(), "body", name, "not a property of the multipart body"})
			continue
		}
		for _, v := range vals {
			if msg := checkScalar(ps, v); msg != "" {
				out = append(out, Violation{op.Key(), "body", name, msg})
			}
		}
	}
	for name := range form.File {
		seen[name] = true
		if _, ok := s.Properties[name]; !ok {
			out = append(out, Violation{op.Key(), "body", name, "not a property of the multipart body"})
		}
	}
	for _, req := range s.Required {
		if !seen[req] {
			out = append(out, Violation{op.Key(), "body", req, "required, but not sent"})
		}
	}
	return out
}

// CheckForm checks an application/x-www-form-urlencoded body against the
// operation's form schema: every name a property, every value of its
// type, the required ones present.
func CheckForm(op *Op, body []byte) []Violation {
	s := Flatten(op.Bodies["application/x-www-form-urlencoded"])
	if s == nil {
		return []Violation{{op.Key(), "body", "", "a form body was sent, but the operation declares none"}}
	}
	vals, err := url.ParseQuery(string(body))
	if err != nil {
		return []Violation{{op.Key(), "body", "", "unreadable form body: " + err.Error()}}
	}
	var out []Violation
	for name, vs := range vals {
		ps, ok := s.Properties[name]
		if !ok {
			out = append(out, Violation{op.Key(), "body", name, "not a property of the form body"})
			continue
		}
		if len(vs) > 1 {
			out = append(out, Violation{op.Key(), "body", name, fmt.Sprintf("sent %d times", len(vs))})
		}
		for _, v := range vs {
			if msg := checkScalar(ps, v); msg != "" {
				out = append(out, Violation{op.Key(), "body", name, msg})
			}
		}
	}
	for _, req := range s.Required {
		if !vals.Has(req) {
			out = append(out, Violation{op.Key(), "body", req, "required, but not sent"})
		}
	}
	return out
}

// CheckValue checks a decoded JSON value against s, reporting each
// problem to report with the value's path. With closed set, an object
// schema that declares properties accepts no others (OpenAPI would allow
// them, but a request that sends a property the spec does not know is a
// mistake in the SDK).
func CheckValue(s *Schema, v any, path string, closed bool, report func(name, what string)) {
	s = Flatten(s)
	if s == nil {
		return
	}
	if v == nil {
		if s.Nullable || nullableAlt(s) || len(s.Enum) > 0 && enumHasNull(s.Enum) {
			return
		}
		report(path, "null, but the schema is not nullable")
		return
	}
	if alts := append(append([]*Schema(nil), s.OneOf...), s.AnyOf...); len(alts) > 0 {
		if probs := bestAlternative(alts, v, path, closed); probs != nil {
			report(path, "fits none of the alternatives (closest: "+strings.Join(probs, "; ")+")")
			return
		}
	}
	switch s.Type {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			report(path, fmt.Sprintf("a %s, but the schema says object", kind(v)))
			return
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := join(path, k)
			if ps, ok := s.Properties[k]; ok {
				CheckValue(ps, m[k], p, closed, report)
				continue
			}
			switch {
			case s.Additional != nil:
				CheckValue(s.Additional, m[k], p, closed, report)
			case s.AnyExtra, len(s.Properties) == 0, !closed:
			default:
				report(p, "not a property of the schema")
			}
		}
		for _, r := range s.Required {
			if _, ok := m[r]; !ok {
				report(join(path, r), "required, but not sent")
			}
		}
	case "array":
		l, ok := v.([]any)
		if !ok {
			report(path, fmt.Sprintf("a %s, but the schema says array", kind(v)))
			return
		}
		for i, e := range l {
			CheckValue(s.Items, e, fmt.Sprintf("%s[%d]", path, i), closed, report)
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			report(path, fmt.Sprintf("a %s, but the schema says string", kind(v)))
			return
		}
		if msg := checkFormat(s.Format, str); msg != "" {
			report(path, msg)
		}
		if len(s.Enum) > 0 && !enumHas(s.Enum, str) {
			report(path, fmt.Sprintf("%q is not one of %v", str, s.Enum))
		}
	case "integer", "number":
		n, ok := v.(json.Number)
		if !ok {
			report(path, fmt.Sprintf("a %s, but the schema says %s", kind(v), s.Type))
			return
		}
		if s.Type == "integer" {
			if _, err := n.Int64(); err != nil {
				report(path, fmt.Sprintf("%s is not an integer", n))
			}
		}
		if len(s.Enum) > 0 && !enumHas(s.Enum, n.String()) {
			report(path, fmt.Sprintf("%s is not one of %v", n, s.Enum))
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			report(path, fmt.Sprintf("a %s, but the schema says boolean", kind(v)))
		}
	}
}

// bestAlternative returns nil when v fits one of alts, else the problems
// of the alternative it comes closest to.
func bestAlternative(alts []*Schema, v any, path string, closed bool) []string {
	var best []string
	for _, alt := range alts {
		var probs []string
		CheckValue(alt, v, path, closed, func(name, what string) { probs = append(probs, name+": "+what) })
		if len(probs) == 0 {
			return nil
		}
		if best == nil || len(probs) < len(best) {
			best = probs
		}
	}
	return best
}

func nullableAlt(s *Schema) bool {
	for _, alt := range append(append([]*Schema(nil), s.OneOf...), s.AnyOf...) {
		if f := Flatten(alt); f != nil && f.Nullable {
			return true
		}
	}
	return false
}

func enumHasNull(enum []any) bool {
	for _, e := range enum {
		if e == nil {
			return true
		}
	}
	return false
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

func kind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

// CheckQueryLists is CheckQuery for an API that takes some parameters the
// spec types as one scalar (an enum value) as comma-separated lists of
// them: the values of the parameters whose names lists matches are split
// at commas and each part is checked against the parameter's schema. A
// list of more than one part is also reported, with the What "comma-list
// of N", so that a Fault can accept it where the spec is known to be wrong
// and nowhere else.
func CheckQueryLists(op *Op, q url.Values, lists func(name string) bool) []Violation {
	split := url.Values{}
	var out []Violation
	for name, vals := range q {
		p := op.Param("query", name)
		if p == nil || !lists(name) || !scalarString(p.Schema) {
			split[name] = vals
			continue
		}
		one := &Op{API: op.API, Method: op.Method, Path: op.Path, Params: []Param{*p}}
		for _, v := range vals {
			parts := strings.Split(v, ",")
			if len(parts) > 1 {
				out = append(out, Violation{op.Key(), "query", name, "comma-list of " + strconv.Itoa(len(parts))})
			}
			for _, part := range parts {
				out = append(out, CheckQuery(one, url.Values{name: {part}})...)
			}
		}
	}
	rest := *op
	rest.Params = nil
	for _, p := range op.Params {
		if p.In == "query" && q.Has(p.Name) && lists(p.Name) && scalarString(p.Schema) {
			continue // checked part by part above
		}
		rest.Params = append(rest.Params, p)
	}
	out = append(out, CheckQuery(&rest, split)...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func scalarString(s *Schema) bool {
	s = Flatten(s)
	return s != nil && s.Type == "string"
}
