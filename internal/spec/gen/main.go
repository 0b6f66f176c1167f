// Command gen derives internal/spec/facts/*.json from Pipedrive's OpenAPI
// specs: operations, parameters, request and response schemas and response
// examples, with every description, summary and title left out (the specs'
// prose stays outside the repository).
//
//	go run ./internal/spec/gen -specs ../shared/pipedrive-api
//
// With -check it writes nothing and fails when the facts are stale.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/pipedrive-go/pipedrive/internal/spec"
)

func main() {
	specs := flag.String("specs", filepath.Join("..", "shared", "pipedrive-api"), "folder holding openapi-v1.yaml and openapi-v2.yaml")
	out := flag.String("out", filepath.Join("internal", "spec", "facts"), "output folder")
	check := flag.Bool("check", false, "fail if the facts are stale instead of writing them")
	flag.Parse()
	var stale []string
	for _, api := range []string{"v1", "v2"} {
		b, err := Generate(filepath.Join(*specs, "openapi-"+api+".yaml"), api)
		if err != nil {
			log.Fatal(err)
		}
		path := filepath.Join(*out, api+".json")
		old, _ := os.ReadFile(path)
		if bytes.Equal(old, b) {
			continue
		}
		if *check {
			stale = append(stale, path)
			continue
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	if len(stale) > 0 {
		log.Fatalf("stale spec facts (run go run ./internal/spec/gen): %s", strings.Join(stale, ", "))
	}
}

var methods = []string{"get", "post", "put", "patch", "delete"}

// Generate reads one spec and returns its facts as indented JSON.
func Generate(path, api string) ([]byte, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	paths, _ := doc["paths"].(map[string]any)
	keys := make([]string, 0, len(paths))
	for k := range paths {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	facts := spec.Facts{API: api}
	for _, p := range keys {
		item, _ := paths[p].(map[string]any)
		common := params(item["parameters"])
		for _, m := range methods {
			opv, ok := item[m].(map[string]any)
			if !ok {
				continue
			}
			op := &spec.Op{API: api, Method: strings.ToUpper(m), Path: p}
			op.ID, _ = opv["operationId"].(string)
			for _, t := range list(opv["tags"]) {
				if s, ok := t.(string); ok {
					op.Tags = append(op.Tags, s)
				}
			}
			op.Deprecated, _ = opv["deprecated"].(bool)
			op.Params = mergeParams(common, params(opv["parameters"]))
			if rb, ok := opv["requestBody"].(map[string]any); ok {
				op.BodyRequired, _ = rb["required"].(bool)
				if content, ok := rb["content"].(map[string]any); ok {
					op.Bodies = map[string]*spec.Schema{}
					for ct, v := range content {
						mt, _ := v.(map[string]any)
						op.Bodies[ct] = schema(mt["schema"])
					}
				}
			}
			if err := response(op, opv["responses"]); err != nil {
				return nil, fmt.Errorf("%s %s %s: %w", api, op.Method, p, err)
			}
			facts.Ops = append(facts.Ops, op)
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(facts); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func list(v any) []any { l, _ := v.([]any); return l }

func params(v any) []spec.Param {
	var out []spec.Param
	for _, pv := range list(v) {
		m, ok := pv.(map[string]any)
		if !ok {
			continue
		}
		p := spec.Param{}
		p.Name, _ = m["name"].(string)
		p.In, _ = m["in"].(string)
		if p.In != "path" && p.In != "query" {
			continue
		}
		p.Required, _ = m["required"].(bool)
		p.Deprecated, _ = m["deprecated"].(bool)
		p.Style, _ = m["style"].(string)
		if e, ok := m["explode"].(bool); ok {
			p.Explode = &e
		}
		p.Schema = schema(m["schema"])
		out = append(out, p)
	}
	return out
}

// mergeParams lets an operation's parameters override the path item's.
func mergeParams(common, own []spec.Param) []spec.Param {
	out := append([]spec.Param(nil), own...)
	for _, c := range common {
		dup := false
		for _, o := range own {
			if o.Name == c.Name && o.In == c.In {
				dup = true
			}
		}
		if !dup {
			out = append(out, c)
		}
	}
	return out
}

func response(op *spec.Op, v any) error {
	rs, _ := v.(map[string]any)
	codes := make([]string, 0, len(rs))
	for code := range rs {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		if !strings.HasPrefix(code, "2") {
			continue
		}
		r, _ := rs[code].(map[string]any)
		op.Status = code
		content, _ := r["content"].(map[string]any)
		for ct, cv := range content {
			if !strings.Contains(ct, "json") {
				continue
			}
			mt, _ := cv.(map[string]any)
			op.Response = schema(mt["schema"])
			ex := mt["example"]
			if ex == nil {
				if exs, ok := mt["examples"].(map[string]any); ok {
					names := make([]string, 0, len(exs))
					for n := range exs {
						names = append(names, n)
					}
					sort.Strings(names)
					if len(names) > 0 {
						if e, ok := exs[names[0]].(map[string]any); ok {
							ex = e["value"]
						}
					}
				}
			}
			if ex != nil {
				b, err := json.Marshal(jsonable(ex))
				if err != nil {
					return fmt.Errorf("example: %w", err)
				}
				op.Example = b
			}
			break
		}
		return nil
	}
	return nil
}

// schema converts a YAML schema node, keeping structure, types and
// constraints and dropping prose.
func schema(v any) *spec.Schema {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	s := &spec.Schema{}
	s.Type, _ = m["type"].(string)
	s.Format, _ = m["format"].(string)
	s.Nullable, _ = m["nullable"].(bool)
	s.Deprecated, _ = m["deprecated"].(bool)
	s.ReadOnly, _ = m["readOnly"].(bool)
	for _, e := range list(m["enum"]) {
		s.Enum = append(s.Enum, jsonable(e))
	}
	if props, ok := m["properties"].(map[string]any); ok {
		s.Properties = map[string]*spec.Schema{}
		for k, pv := range props {
			if ps := schema(pv); ps != nil {
				s.Properties[k] = ps
			} else {
				s.Properties[k] = &spec.Schema{}
			}
		}
	}
	for _, r := range list(m["required"]) {
		if rs, ok := r.(string); ok {
			s.Required = append(s.Required, rs)
		}
	}
	sort.Strings(s.Required)
	s.Items = schema(m["items"])
	for _, k := range []struct {
		key string
		dst *[]*spec.Schema
	}{{"allOf", &s.AllOf}, {"oneOf", &s.OneOf}, {"anyOf", &s.AnyOf}} {
		for _, e := range list(m[k.key]) {
			if es := schema(e); es != nil {
				*k.dst = append(*k.dst, es)
			}
		}
	}
	switch ap := m["additionalProperties"].(type) {
	case bool:
		s.AnyExtra, s.NoExtra = ap, !ap
	case map[string]any:
		if len(ap) == 0 {
			s.AnyExtra = true
		} else {
			s.Additional = schema(ap)
		}
	}
	if ex, ok := m["example"]; ok {
		s.Example = jsonable(ex)
	}
	if d, ok := m["default"]; ok {
		s.Default = jsonable(d)
	}
	return s
}

// jsonable turns YAML-decoded values into ones encoding/json accepts
// (map[any]any never occurs with yaml.v3, but keys may be non-strings).
func jsonable(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonable(e)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[fmt.Sprint(k)] = jsonable(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonable(e)
		}
		return out
	}
	return v
}
