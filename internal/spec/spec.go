// Package spec holds facts derived from Pipedrive's OpenAPI specs (v1 and
// v2): for every operation its method, path, parameters, request body
// schemas and success response schema and example, with every prose
// description removed. The conformance test checks each request the SDK
// sends and each model it decodes into against them.
//
// The facts are generated from ../shared/pipedrive-api/openapi-v*.yaml by
// `go run ./internal/spec/gen` (make generate); CI checks that they are
// current whenever the specs are present.
package spec

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Schema is the subset of an OpenAPI schema the checks use.
type Schema struct {
	Type       string             `json:"type,omitempty"`
	Format     string             `json:"format,omitempty"`
	Nullable   bool               `json:"nullable,omitempty"`
	Enum       []any              `json:"enum,omitempty"`
	Properties map[string]*Schema `json:"properties,omitempty"`
	Required   []string           `json:"required,omitempty"`
	Items      *Schema            `json:"items,omitempty"`
	AllOf      []*Schema          `json:"allOf,omitempty"`
	OneOf      []*Schema          `json:"oneOf,omitempty"`
	AnyOf      []*Schema          `json:"anyOf,omitempty"`
	// Additional is additionalProperties: nil when absent, a schema, or
	// {"any":true}/{"none":true} for the boolean forms.
	Additional *Schema `json:"additionalProperties,omitempty"`
	AnyExtra   bool    `json:"anyExtra,omitempty"`
	NoExtra    bool    `json:"noExtra,omitempty"`
	Example    any     `json:"example,omitempty"`
	Default    any     `json:"default,omitempty"`
	Deprecated bool    `json:"deprecated,omitempty"`
	ReadOnly   bool    `json:"readOnly,omitempty"`
}

// Param is a path or query parameter.
type Param struct {
	Name       string  `json:"name"`
	In         string  `json:"in"`
	Required   bool    `json:"required,omitempty"`
	Deprecated bool    `json:"deprecated,omitempty"`
	Explode    *bool   `json:"explode,omitempty"`
	Style      string  `json:"style,omitempty"`
	Schema     *Schema `json:"schema,omitempty"`
}

// Op is one operation.
type Op struct {
	API        string   `json:"api"` // "v1" or "v2"
	ID         string   `json:"id"`
	Method     string   `json:"method"`
	Path       string   `json:"path"` // relative to the version prefix
	Tags       []string `json:"tags,omitempty"`
	Deprecated bool     `json:"deprecated,omitempty"`
	Params     []Param  `json:"params,omitempty"`
	// Bodies are the request body schemas by content type.
	Bodies       map[string]*Schema `json:"bodies,omitempty"`
	BodyRequired bool               `json:"bodyRequired,omitempty"`
	// Status is the success status; Response its JSON schema (the whole
	// envelope) and Example its JSON example, when the spec has them.
	Status   string          `json:"status,omitempty"`
	Response *Schema         `json:"response,omitempty"`
	Example  json.RawMessage `json:"example,omitempty"`
}

// Key is "v2 GET /deals/{id}".
func (o *Op) Key() string { return o.API + " " + o.Method + " " + o.Path }

// Prefix is the operation's path prefix ("/v1" or "/api/v2").
func (o *Op) Prefix() string {
	if o.API == "v2" {
		return "/api/v2"
	}
	return "/v1"
}

// Param returns the parameter named name in location in ("path", "query").
func (o *Op) Param(in, name string) *Param {
	for i := range o.Params {
		if o.Params[i].In == in && o.Params[i].Name == name {
			return &o.Params[i]
		}
	}
	return nil
}

// Facts are the operations of one spec.
type Facts struct {
	API string `json:"api"`
	Ops []*Op  `json:"ops"`
}

//go:embed facts/*.json
var factFiles embed.FS

var (
	loadOnce sync.Once
	loaded   []*Op
	loadErr  error
)

// Ops returns every operation of both specs, v1 first, each in the
// specs' order of paths and methods.
func Ops() ([]*Op, error) {
	loadOnce.Do(func() {
		for _, api := range []string{"v1", "v2"} {
			b, err := factFiles.ReadFile("facts/" + api + ".json")
			if err != nil {
				loadErr = err
				return
			}
			var f Facts
			if err := json.Unmarshal(b, &f); err != nil {
				loadErr = fmt.Errorf("spec: facts/%s.json: %w", api, err)
				return
			}
			loaded = append(loaded, f.Ops...)
		}
	})
	return loaded, loadErr
}

// Match finds the operation a request to method and path (version prefix
// included: "/api/v2/deals/12") reaches. A literal segment wins over a
// placeholder, as a router would choose.
func Match(method, path string) (*Op, map[string]string, error) {
	ops, err := Ops()
	if err != nil {
		return nil, nil, err
	}
	var best *Op
	var bestVars map[string]string
	bestLiterals := -1
	for _, o := range ops {
		if o.Method != method || !strings.HasPrefix(path, o.Prefix()+"/") {
			continue
		}
		vars, literals, ok := matchTemplate(o.Path, strings.TrimPrefix(path, o.Prefix()))
		if ok && literals > bestLiterals {
			best, bestVars, bestLiterals = o, vars, literals
		}
	}
	if best == nil {
		return nil, nil, fmt.Errorf("spec: no operation for %s %s", method, path)
	}
	return best, bestVars, nil
}

func matchTemplate(tmpl, path string) (map[string]string, int, bool) {
	ts := strings.Split(strings.Trim(tmpl, "/"), "/")
	ps := strings.Split(strings.Trim(path, "/"), "/")
	if len(ts) != len(ps) {
		return nil, 0, false
	}
	vars := map[string]string{}
	literals := 0
	for i, t := range ts {
		if strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") {
			if ps[i] == "" {
				return nil, 0, false
			}
			vars[t[1:len(t)-1]] = ps[i]
			continue
		}
		if t != ps[i] {
			return nil, 0, false
		}
		literals++
	}
	return vars, literals, true
}

// Flatten merges a schema's allOf members into one object schema (the
// properties and required names of all of them), recursively. oneOf and
// anyOf are left as they are.
func Flatten(s *Schema) *Schema {
	if s == nil || len(s.AllOf) == 0 {
		return s
	}
	out := *s
	out.AllOf = nil
	out.Properties = map[string]*Schema{}
	for k, v := range s.Properties {
		out.Properties[k] = v
	}
	req := map[string]bool{}
	for _, r := range s.Required {
		req[r] = true
	}
	for _, part := range s.AllOf {
		p := Flatten(part)
		if p.Type != "" && out.Type == "" {
			out.Type = p.Type
		}
		out.Nullable = out.Nullable || p.Nullable
		for k, v := range p.Properties {
			if old, ok := out.Properties[k]; ok {
				out.Properties[k] = Flatten(&Schema{AllOf: []*Schema{old, v}})
				continue
			}
			out.Properties[k] = v
		}
		for _, r := range p.Required {
			req[r] = true
		}
		if len(p.OneOf) > 0 {
			out.OneOf = append(out.OneOf, p.OneOf...)
		}
		if len(p.AnyOf) > 0 {
			out.AnyOf = append(out.AnyOf, p.AnyOf...)
		}
		if p.Items != nil && out.Items == nil {
			out.Items = p.Items
		}
		if len(p.Enum) > 0 && len(out.Enum) == 0 {
			out.Enum = p.Enum
		}
		if p.AnyExtra {
			out.AnyExtra = true
		}
		if p.Additional != nil && out.Additional == nil {
			out.Additional = p.Additional
		}
	}
	if len(out.Properties) == 0 {
		out.Properties = nil
	}
	out.Required = nil
	for r := range req {
		out.Required = append(out.Required, r)
	}
	sort.Strings(out.Required)
	if out.Type == "" && out.Properties != nil {
		out.Type = "object"
	}
	return &out
}

// DataSchema returns the schema of the "data" member of the operation's
// success response, flattened, or nil when the spec declares none.
func (o *Op) DataSchema() *Schema {
	r := Flatten(o.Response)
	if r == nil || r.Properties == nil {
		return nil
	}
	return Flatten(r.Properties["data"])
}

// Pagination shapes of a list's additional_data, as Paging reports them.
const (
	// PagingCursor: next_cursor (v2, and a few v1 lists).
	PagingCursor = "cursor"
	// PagingNested: v1's pagination object (start, limit,
	// more_items_in_collection, next_start).
	PagingNested = "pagination"
	// PagingFlat: v1's pagination members directly under
	// additional_data, which some v1 specs declare.
	PagingFlat = "flat"
	// PagingNone: no paging member (the list comes in one page).
	PagingNone = "none"
)

// Paging reports whether the operation lists (its data is an array, or a
// search's object holding an items array) and, if so, the shape of the
// additional_data its schema declares: one of the Paging constants, or a
// description of a shape that is none of them.
func (o *Op) Paging() (shape string, list bool) {
	r := Flatten(o.Response)
	if r == nil || r.Properties == nil {
		return "", false
	}
	data := Flatten(r.Properties["data"])
	switch {
	case data == nil:
		return "", false
	case data.Type == "array":
	case data.Properties != nil && Flatten(data.Properties["items"]) != nil && Flatten(data.Properties["items"]).Type == "array":
	default:
		return "", false
	}
	ad := Flatten(r.Properties["additional_data"])
	if ad == nil || len(ad.Properties) == 0 {
		return PagingNone, true
	}
	has := func(s *Schema, names ...string) bool {
		for _, n := range names {
			if _, ok := s.Properties[n]; !ok {
				return false
			}
		}
		return true
	}
	switch {
	case has(ad, "next_cursor"):
		return PagingCursor, true
	case has(ad, "pagination"):
		if pg := Flatten(ad.Properties["pagination"]); pg != nil && has(pg, "more_items_in_collection") {
			return PagingNested, true
		}
		return "pagination without more_items_in_collection", true
	case has(ad, "more_items_in_collection"):
		return PagingFlat, true
	}
	keys := make([]string, 0, len(ad.Properties))
	for k := range ad.Properties {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return "additional_data of " + strings.Join(keys, ", "), true
}

// ExamplePaging is Paging for the operation's example: the shape of the
// example's additional_data ("" when the example has none or it is
// empty).
func (o *Op) ExamplePaging() string {
	var ex struct {
		AdditionalData map[string]json.RawMessage `json:"additional_data"`
	}
	if len(o.Example) == 0 || json.Unmarshal(o.Example, &ex) != nil || len(ex.AdditionalData) == 0 {
		return ""
	}
	switch {
	case ex.AdditionalData["next_cursor"] != nil:
		return PagingCursor
	case ex.AdditionalData["pagination"] != nil:
		return PagingNested
	case ex.AdditionalData["more_items_in_collection"] != nil:
		return PagingFlat
	}
	return PagingNone
}
