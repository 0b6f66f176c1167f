// Command svcgen writes the thin, mechanical methods of every resource
// Service from a table beside it, so that forty resources do not mean forty
// hand-copied sets of one-line wrappers.
//
// Each resource package holds a service.tsv; svcgen turns it into
// zz_service.go in the same package, and writes the root package's
// zz_client.go (the Client struct with one field per Service, and the code
// that builds each). A Service is a defined type over resource.Handle
// (`type Service resource.Handle`): the root client builds it as
// (*deals.Service)(resource.NewHandle(cc, resource.Shapes{...})), with the
// operations of the table's use rows, so that no resource package exports
// a constructor taking an internal type. The service's methods, generated
// or written by hand, reach its state through the generated accessors
// s.c() (the client core) and s.fields(), s.followers(), s.history() (the
// shapes its use rows name). Run it from the repository root:
//
//	go run ./internal/svcgen
//
// `make generate` runs it and CI checks that the output is current. With
// -check it writes nothing and fails when a generated file is stale.
//
// # The table
//
// Tab-separated rows; blank lines and lines starting with # are skipped.
// The first column says what a row is:
//
//	field   <Name>  <doc>                      the root Client field (client.<Name>) and its doc
//	doc     <text>                             a line of the Service type's doc comment (empty: a blank line)
//	use     fields|followers|history|merge  <noun>  <Key=Op ...> [<option> ...]
//	                                           shared shapes, written once in internal/resource
//	                                           (fields takes the options below; merge needs
//	                                           Model=<type>, the resource's main model)
//	get     <Method> <Op> <args> <params> <result> <doc>
//	list    <Method> <Op> <args> <params> <item>   <doc>[ || <page doc>]
//	search  <Method> <Op> <args> <params> <item>   <doc>[ || <page doc>]
//	send    <Method> <Op> <args> <params> <result> <doc>
//	sendcf  <Method> <Op> <args> <params> <result> <doc>
//	delete  <Method> <Op> <args> <params> -        <doc>
//	changes <Method> <Op> update|id <Alias>=<Model> <noun> <doc>
//
// <Op> is a variable of internal/ops (V2GetDeal). <args> are the path
// arguments as Go parameters ("id int64", "id int64, userID int64", or -),
// one per placeholder of the operation's path. <params> is the params type
// ("*ListParams", "*crm.PageParams", or -): a query for get, list, search
// and delete, the JSON body for send and sendcf. <result> is the decoded
// type (a pointer to it is returned; a slice type is returned as is), or -
// for none. sendcf resolves the body's CustomFieldsByName against the
// resource's field definitions first (it needs "use fields").
//
// A fields mixin keyed Lookup=<Op> instead of List=<Op> borrows another
// resource's field definitions for custom fields by name (leads use the
// deal fields): it generates CustomFields, RefreshCustomFields and
// ResolveCustomFields and enables sendcf rows, but not Fields and
// FieldsPage, which the table may then define for the resource's own
// field list.
//
// # What a resource's field definitions take
//
// The field-definition params are shared (crm.FieldListParams,
// crm.FieldGetParams, crm.CreateFieldParams, crm.UpdateFieldParams), but
// each resource's API takes only some of their members. A fields row says
// which, and resource.Fields refuses the rest before sending, with an
// error matching pipedrive.ErrInvalidParams; the generated methods' docs
// say what is refused where it matters:
//
//	Includes=<a,b,...>|none  the include_fields values its list and get take
//	                         (ui_visibility, important_fields, required_fields);
//	                         required when the row has List or Get
//	Descriptions=true        create and update take a description (deal fields)
//	Importance=true          create and update take important_fields and required_fields
//
// Without a flag the resource does not take that member: a new resource
// says what it takes rather than inheriting the deals' capabilities. For
// example the deal fields row ends "Includes=ui_visibility,important_fields,
// required_fields Descriptions=true Importance=true", the product fields row
// "Includes=ui_visibility", and the project fields row "Includes=none
// Importance=true".
//
// The merge shape (use merge deal Merge=V1MergeDeals Get=V2GetDeal
// Model=Deal) writes Merge(ctx, id, intoID) (*Deal, error): the v1 merge,
// then the survivor fetched with the v2 get, so that every resource's
// Merge returns its main model whatever its v1 merge answers.
//
// # Incremental syncs
//
// A changes row writes a resumable sync of the list <Op> (see
// resource.Changes): Method(ctx, cp *crm.Checkpoint, params
// *crm.ChangesParams) iter.Seq2[*Alias, error], and the type alias
// Alias = crm.Change[Model]. "update" is a list that takes updated_since
// and sorts by update time (v2's sort_by, or v1's sort); "id" is a v2
// list read whole each run, sorted by id. The model must have ID (int64
// or string) and UpdateTime (*time.Time). <noun> names the records in the
// doc and in the checkpoints ("activities"); <doc> ends the method's doc
// comment with what is particular to the resource (deletions, archives).
// A sync that needs more (deals report deletions through a status
// filter) is written by hand on resource.Changes.
//
// A doc starts with the verb that follows the method's name ("fetches the
// activity with the given id."); \n starts a new paragraph. Operations that
// Pipedrive marks beta get a sentence saying so, in the methods of shared
// shapes (use rows) too.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/pipedrive-go/pipedrive/internal/ops"
)

const (
	modulePath = "github.com/pipedrive-go/pipedrive"
	tableName  = "service.tsv"
	outName    = "zz_service.go"
	rootTable  = "client.tsv"
	rootOut    = "zz_client.go"
)

func main() {
	root := flag.String("root", ".", "repository root")
	check := flag.Bool("check", false, "fail if a generated file is stale instead of writing it")
	flag.Parse()
	files, err := Generate(*root)
	if err != nil {
		log.Fatal(err)
	}
	var stale []string
	for _, f := range files {
		old, _ := os.ReadFile(f.Path)
		if bytes.Equal(old, f.Src) {
			continue
		}
		if *check {
			stale = append(stale, f.Path)
			continue
		}
		if err := os.WriteFile(f.Path, f.Src, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	if len(stale) > 0 {
		log.Fatalf("stale generated files (run go run ./internal/svcgen): %s", strings.Join(stale, ", "))
	}
}

// File is one generated file.
type File struct {
	Path string
	Src  []byte
}

// Generate reads every resource table below root and returns the files to
// write: one zz_service.go per table and the root zz_client.go.
func Generate(root string) ([]File, error) {
	opsByName := map[string]ops.Op{}
	for _, o := range ops.All() {
		opsByName[strings.ToUpper(o.Version.String())+goName(o.ID)] = o
	}
	dirs, err := os.ReadDir(root)
	if err != nil {
		return nil, err
	}
	var (
		out    []File
		fields []clientField
	)
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		path := filepath.Join(root, d.Name(), tableName)
		if _, err := os.Stat(path); err != nil {
			continue
		}
		svc, err := parseTable(path, d.Name(), opsByName)
		if err != nil {
			return nil, err
		}
		src, err := svc.render()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, File{Path: filepath.Join(root, d.Name(), outName), Src: src})
		if svc.field.Name == "" {
			return nil, fmt.Errorf("%s: no field row (the root Client's field for this service)", path)
		}
		svc.field.Imports = map[string]bool{modulePath + "/internal/resource": true}
		shapes := "nil"
		if len(svc.mixins) > 0 {
			shapes = "&" + svc.pkg + "Shapes"
			svc.field.Var = fmt.Sprintf("// %sShapes are the shared shapes of client.%s, one for the process.\nvar %sShapes = %s\n",
				svc.pkg, svc.field.Name, svc.pkg, svc.shapes(svc.field.Imports))
		}
		svc.field.Ctor = fmt.Sprintf("(*%s.Service)(resource.NewHandle(cc, %s))", svc.pkg, shapes)
		fields = append(fields, svc.field)
	}
	extra, err := parseRootTable(filepath.Join(root, rootTable))
	if err != nil {
		return nil, err
	}
	fields = append(fields, extra...)
	src, err := renderClient(fields)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rootOut, err)
	}
	out = append(out, File{Path: filepath.Join(root, rootOut), Src: src})
	return out, nil
}

// clientField is one service field of the root Client.
type clientField struct {
	Name, Type, Ctor, Doc, Pkg string
	// Imports are the packages Ctor and Var need besides Pkg.
	Imports map[string]bool
	// Var is a package-level declaration Ctor refers to, or "".
	Var string
}

type method struct {
	line         int
	kind         string
	name         string
	op           ops.Op
	opName       string
	args         []arg
	params       string
	result       string
	doc, pageDoc string
}

type arg struct{ name, typ string }

// changesRow is a changes row: a resumable sync of a list.
type changesRow struct {
	line                    int
	name, opName, order     string
	op                      ops.Op
	alias, model, noun, doc string
}

type mixin struct {
	kind   string
	noun   string
	ops    map[string]string   // key -> op variable name
	op     map[string]ops.Op   // key -> the operation
	flags  []string            // boolean options set to true
	values map[string]string   // typed options (Model=Deal)
	lists  map[string][]string // list options (Includes=ui_visibility), as Go expressions; empty for none
	line   int
}

// has reports whether the boolean option flag is set.
func (mx mixin) has(flag string) bool { return slicesContains(mx.flags, flag) }

// needsLists reports whether the mixin generates methods that its list
// options constrain: the fields shape's own list or get (a Lookup row
// only borrows another resource's definitions).
func (mx mixin) needsLists() bool {
	_, list := mx.ops["List"]
	_, get := mx.ops["Get"]
	return list || get
}

// parseList reads a list option's value: wire names separated by commas,
// each one of names (mapped to its Go expression), or "none".
func parseList(v string, names map[string]string) ([]string, error) {
	if v == "none" {
		return []string{}, nil
	}
	var out []string
	for _, w := range strings.Split(v, ",") {
		expr, ok := names[w]
		if !ok {
			known := make([]string, 0, len(names))
			for k := range names {
				known = append(known, k)
			}
			sort.Strings(known)
			return nil, fmt.Errorf("unknown value %q (known: %s, or none)", w, strings.Join(known, ", "))
		}
		if slicesContains(out, expr) {
			return nil, fmt.Errorf("%q twice", w)
		}
		out = append(out, expr)
	}
	return out, nil
}

type service struct {
	pkg     string
	path    string
	field   clientField
	doc     []string
	mixins  []mixin
	methods []method
	changes []changesRow
}

var validKinds = map[string]bool{"get": true, "list": true, "search": true, "send": true, "sendcf": true, "delete": true}

func parseTable(path, pkg string, opsByName map[string]ops.Op) (*service, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s := &service{pkg: pkg, path: path}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	n := 0
	names := map[string]int{}
	fail := func(format string, a ...any) error {
		return fmt.Errorf("%s:%d: %s", path, n, fmt.Sprintf(format, a...))
	}
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		for i := range cols {
			cols[i] = strings.TrimSpace(cols[i])
		}
		switch cols[0] {
		case "field":
			if len(cols) != 3 {
				return nil, fail("field: want 3 columns (field, Name, doc), got %d", len(cols))
			}
			s.field = clientField{Name: cols[1], Doc: cols[2], Type: "*" + pkg + ".Service", Pkg: pkg}
		case "doc":
			if len(cols) > 2 {
				return nil, fail("doc: want at most 2 columns")
			}
			text := ""
			if len(cols) == 2 {
				text = cols[1]
			}
			s.doc = append(s.doc, text)
		case "changes":
			if len(cols) != 7 {
				return nil, fail("changes: want 7 columns (changes, Method, Op, update|id, Alias=Model, noun, doc), got %d", len(cols))
			}
			c := changesRow{line: n, name: cols[1], opName: cols[2], order: cols[3], noun: cols[5], doc: cols[6]}
			op, ok := opsByName[c.opName]
			if !ok {
				return nil, fail("unknown operation %s", c.opName)
			}
			c.op = op
			if op.Method != "GET" || strings.Contains(op.Path, "{") {
				return nil, fail("changes %s: %s %s is not a list without path arguments", c.name, op.Method, op.Path)
			}
			switch c.order {
			case "update":
			case "id":
				if op.Version != ops.V2 {
					return nil, fail("changes %s: order id is for v2 lists", c.name)
				}
			default:
				return nil, fail("changes %s: order %q (update or id)", c.name, c.order)
			}
			var cut bool
			c.alias, c.model, cut = strings.Cut(cols[4], "=")
			if !cut || !goIdent.MatchString(c.alias) || !goIdent.MatchString(c.model) {
				return nil, fail("changes %s: %q is not Alias=Model", c.name, cols[4])
			}
			if c.noun == "" || c.doc == "" {
				return nil, fail("changes %s: needs a noun and a doc", c.name)
			}
			names[c.name]++
			names[c.alias]++
			s.changes = append(s.changes, c)
		case "use":
			if len(cols) < 4 {
				return nil, fail("use: want use, kind, noun, Key=Op...")
			}
			m := mixin{kind: cols[1], noun: cols[2], ops: map[string]string{}, op: map[string]ops.Op{}, values: map[string]string{}, lists: map[string][]string{}, line: n}
			keys, ok := mixinKeys[m.kind]
			if !ok {
				return nil, fail("use: unknown shape %q (fields, followers, history, merge)", m.kind)
			}
			for _, kv := range strings.Fields(strings.Join(cols[3:], " ")) {
				k, v, ok := strings.Cut(kv, "=")
				if ok && slicesContains(mixinFlags[m.kind], k) {
					if v != "true" {
						return nil, fail("use %s: flag %s takes only =true", m.kind, k)
					}
					m.flags = append(m.flags, k)
					continue
				}
				if names, list := mixinLists[m.kind][k]; ok && list {
					if _, dup := m.lists[k]; dup {
						return nil, fail("use %s: %s given twice", m.kind, k)
					}
					vals, err := parseList(v, names)
					if err != nil {
						return nil, fail("use %s: %s=%s: %v", m.kind, k, v, err)
					}
					m.lists[k] = vals
					continue
				}
				if ok && slicesContains(mixinValues[m.kind], k) {
					if !goIdent.MatchString(v) {
						return nil, fail("use %s: %s=%q is not a type name of the package", m.kind, k, v)
					}
					m.values[k] = v
					continue
				}
				if !ok || !slicesContains(keys, k) {
					return nil, fail("use %s: bad pair %q (keys: %s)", m.kind, kv, strings.Join(keys, ", "))
				}
				if _, ok := opsByName[v]; !ok {
					return nil, fail("use %s: unknown operation %s", m.kind, v)
				}
				m.ops[k] = v
				m.op[k] = opsByName[v]
			}
			for _, other := range s.mixins {
				if other.kind == m.kind {
					return nil, fail("use %s twice", m.kind)
				}
			}
			if _, list := m.ops["List"]; list {
				if _, lookup := m.ops["Lookup"]; lookup {
					return nil, fail("use %s: List and Lookup are exclusive (Lookup borrows another resource's definitions)", m.kind)
				}
			}
			for k := range mixinLists[m.kind] {
				if _, set := m.lists[k]; set && !m.needsLists() {
					return nil, fail("use %s: %s constrains the shape's List and Get, which this row does not have", m.kind, k)
				}
				if _, set := m.lists[k]; !set && m.needsLists() {
					return nil, fail("use %s: needs %s=<values> or %s=none (what the resource's definitions take)", m.kind, k, k)
				}
			}
			for _, k := range mixinValues[m.kind] {
				if m.values[k] == "" {
					return nil, fail("use %s: needs %s=<type>", m.kind, k)
				}
			}
			for _, k := range mixinNeeds[m.kind] {
				if m.ops[k] == "" {
					return nil, fail("use %s: needs %s=<operation>", m.kind, k)
				}
			}
			s.mixins = append(s.mixins, m)
		default:
			if !validKinds[cols[0]] {
				return nil, fail("unknown row kind %q", cols[0])
			}
			if len(cols) != 7 {
				return nil, fail("%s: want 7 columns (kind, Method, Op, args, params, result, doc), got %d", cols[0], len(cols))
			}
			m := method{line: n, kind: cols[0], name: cols[1], opName: cols[2], params: dash(cols[4]), result: dash(cols[5])}
			op, ok := opsByName[m.opName]
			if !ok {
				return nil, fail("unknown operation %s", m.opName)
			}
			m.op = op
			m.doc, m.pageDoc, _ = strings.Cut(cols[6], "||")
			m.doc, m.pageDoc = strings.TrimSpace(m.doc), strings.TrimSpace(m.pageDoc)
			if m.doc == "" {
				return nil, fail("%s: no doc", m.name)
			}
			if m.pageDoc != "" && m.kind != "list" && m.kind != "search" {
				return nil, fail("%s: a page doc (after ||) is for list and search rows only", m.name)
			}
			if a := dash(cols[3]); a != "" {
				for _, part := range strings.Split(a, ",") {
					nt := strings.Fields(part)
					if len(nt) != 2 {
						return nil, fail("%s: argument %q is not \"name type\"", m.name, part)
					}
					if nt[1] != "int64" && nt[1] != "string" {
						return nil, fail("%s: path argument %s has type %s (int64 or string)", m.name, nt[0], nt[1])
					}
					m.args = append(m.args, arg{nt[0], nt[1]})
				}
			}
			if got, want := len(m.args), strings.Count(op.Path, "{"); got != want {
				return nil, fail("%s: %d path arguments for %s %s", m.name, got, op.Method, op.Path)
			}
			switch m.kind {
			case "list", "search", "get", "send", "sendcf":
				if m.result == "" && m.kind != "send" {
					return nil, fail("%s: %s needs a result type", m.name, m.kind)
				}
			case "delete":
				if m.result != "" {
					return nil, fail("%s: delete returns only an error; result must be -", m.name)
				}
			}
			if m.params != "" && !strings.HasPrefix(m.params, "*") {
				return nil, fail("%s: params must be a pointer type, got %s", m.name, m.params)
			}
			if (m.kind == "send" || m.kind == "sendcf") && m.params == "" && m.op.Method != "POST" && m.op.Method != "PUT" && m.op.Method != "PATCH" {
				return nil, fail("%s: send of a %s", m.name, m.op.Method)
			}
			if m.kind == "sendcf" && m.params == "" {
				return nil, fail("%s: sendcf needs a params type", m.name)
			}
			names[m.name]++
			if m.kind == "list" || m.kind == "search" {
				names[m.name+"Page"]++
			}
			s.methods = append(s.methods, m)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for _, mx := range s.mixins {
		for _, name := range mixinMethods(mx) {
			names[name]++
		}
	}
	for name, c := range names {
		if c > 1 {
			return nil, fmt.Errorf("%s: method %s defined %d times", path, name, c)
		}
	}
	for _, m := range s.methods {
		if m.kind == "sendcf" && !s.has("fields") {
			return nil, fmt.Errorf("%s:%d: %s is sendcf but the table has no \"use fields\"", path, m.line, m.name)
		}
	}
	return s, nil
}

func parseRootTable(path string) ([]clientField, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	defer f.Close()
	var out []clientField
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 6 || cols[0] != "field" {
			return nil, fmt.Errorf("%s:%d: want field, Name, Type, constructor, import path (or -), doc", path, n)
		}
		cf := clientField{Name: cols[1], Type: cols[2], Ctor: cols[3], Doc: cols[5]}
		if cols[4] != "-" {
			cf.Pkg = cols[4]
		}
		out = append(out, cf)
	}
	return out, sc.Err()
}

func (s *service) has(kind string) bool {
	for _, m := range s.mixins {
		if m.kind == kind {
			return true
		}
	}
	return false
}

func dash(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

func slicesContains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// goName turns an operationId into the Go name internal/ops/gen gives it
// (without the version prefix).
func goName(id string) string {
	var sb strings.Builder
	up := true
	for _, r := range id {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			up = true
			continue
		}
		if up {
			sb.WriteRune(unicode.ToUpper(r))
			up = false
		} else {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// writeImports writes the import block: the standard library first, then
// the module's packages.
func (w *writer) writeImports() {
	var std, mod []string
	for imp, ok := range w.imports {
		switch {
		case !ok:
		case strings.Contains(strings.Split(imp, "/")[0], "."):
			mod = append(mod, imp)
		default:
			std = append(std, imp)
		}
	}
	sort.Strings(std)
	sort.Strings(mod)
	w.p("import (\n")
	for _, imp := range std {
		w.p("\t%q\n", imp)
	}
	if len(std) > 0 && len(mod) > 0 {
		w.p("\n")
	}
	for _, imp := range mod {
		w.p("\t%q\n", imp)
	}
	w.p(")\n\n")
}

// writer accumulates Go source.
type writer struct {
	bytes.Buffer
	imports map[string]bool
}

func (w *writer) p(format string, a ...any) { fmt.Fprintf(&w.Buffer, format, a...) }

// comment writes text as a doc comment wrapped at 76 columns; "\n" in
// text starts a new paragraph.
func (w *writer) comment(indent, text string) {
	paras := strings.Split(text, `\n`)
	for i, para := range paras {
		if i > 0 {
			w.p("%s//\n", indent)
		}
		para = strings.TrimSpace(para)
		line := ""
		for _, word := range strings.Fields(para) {
			if line != "" && len(line)+1+len(word) > 76-len(indent) {
				w.p("%s// %s\n", indent, line)
				line = word
				continue
			}
			if line == "" {
				line = word
			} else {
				line += " " + word
			}
		}
		if line != "" {
			w.p("%s// %s\n", indent, line)
		}
	}
}

var qualified = regexp.MustCompile(`\b([a-z][a-z0-9]*)\.[A-Z]`)

// note records the imports a type expression needs.
func (w *writer) note(typ string) {
	for _, m := range qualified.FindAllStringSubmatch(typ, -1) {
		switch m[1] {
		case "crm":
			w.imports[modulePath+"/crm"] = true
		case "time":
			w.imports["time"] = true
		case "io":
			w.imports["io"] = true
		}
	}
}

func (s *service) render() ([]byte, error) {
	// A table with no method rows (every method written by hand) still
	// gets the Service type and its core accessor.
	hasMethods := len(s.methods) > 0 || len(s.mixins) > 0 || len(s.changes) > 0
	w := &writer{imports: map[string]bool{
		"context":                         hasMethods,
		modulePath + "/internal/core":     true,
		modulePath + "/internal/ops":      len(s.methods) > 0 || len(s.changes) > 0, // the use rows' operations are in the root's zz_client.go
		modulePath + "/internal/resource": true,
	}}
	var body writer
	body.imports = w.imports

	// The Service type and its accessors.
	if len(s.doc) == 0 {
		return nil, errors.New("no doc rows (the Service type's doc comment)")
	}
	for _, d := range s.doc {
		if d == "" {
			body.p("//\n")
		} else {
			body.p("// %s\n", d)
		}
	}
	// The Service is a defined type over resource.Handle, which the root
	// client builds (see renderClient): no constructor is exported, and
	// the methods reach the state through the accessors below.
	body.p("type Service resource.Handle\n\n")
	body.p("// c returns the client core the service sends its requests through.\n")
	body.p("func (s *Service) c() *core.Client { return (*resource.Handle)(s).Core() }\n\n")
	for _, mx := range s.mixins {
		if mx.kind == "merge" {
			continue // only the generated Merge uses it, through resource.MergerOf
		}
		body.p("// %s returns the service's %s shape (internal/resource).\n", mx.kind, mx.kind)
		body.p("func (s *Service) %s() *resource.%s { return (*resource.Handle)(s).%s() }\n\n", mx.kind, mixinType[mx.kind], mixinShape[mx.kind])
	}

	for _, mx := range s.mixins {
		if err := body.renderMixin(mx); err != nil {
			return nil, err
		}
	}
	for _, m := range s.methods {
		if err := body.renderMethod(m); err != nil {
			return nil, fmt.Errorf("%s: %w", m.name, err)
		}
	}
	for _, c := range s.changes {
		body.renderChanges(c)
	}

	w.p("// Code generated by internal/svcgen from %s; DO NOT EDIT.\n\npackage %s\n\n", tableName, s.pkg)
	w.writeImports()
	w.Write(body.Bytes())
	src, err := format.Source(w.Bytes())
	if err != nil {
		return nil, fmt.Errorf("formatting: %w\n%s", err, w.Bytes())
	}
	return src, nil
}

// shapes returns the resource.Shapes literal of the service's use rows,
// the second argument of the resource.NewHandle call that the root client
// makes for it, and records the imports it needs in imports.
func (s *service) shapes(imports map[string]bool) string {
	var b strings.Builder
	b.WriteString("resource.Shapes{")
	for _, mx := range s.mixins {
		imports[modulePath+"/internal/ops"] = true
		fmt.Fprintf(&b, "\n\t%s: &resource.%s{\n", mixinShape[mx.kind], mixinOpsType[mx.kind])
		keys := make([]string, 0, len(mx.ops))
		for k := range mx.ops {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return keyOrder(mx.kind, keys[i]) < keyOrder(mx.kind, keys[j]) })
		if mixinNoun[mx.kind] {
			fmt.Fprintf(&b, "\t\tNoun: %q,\n", mx.noun)
		}
		for _, k := range keys {
			fmt.Fprintf(&b, "\t\t%s: ops.%s,\n", opsField(k), mx.ops[k])
		}
		lists := make([]string, 0, len(mx.lists))
		for k := range mx.lists {
			lists = append(lists, k)
		}
		sort.Strings(lists)
		for _, k := range lists {
			if len(mx.lists[k]) > 0 {
				imports[modulePath+"/crm"] = true
				fmt.Fprintf(&b, "\t\t%s: %s{%s},\n", k, mixinListTypes[mx.kind][k], strings.Join(mx.lists[k], ", "))
			}
		}
		for _, f := range mixinFlags[mx.kind] {
			if mx.has(f) {
				fmt.Fprintf(&b, "\t\t%s: true,\n", f)
			}
		}
		b.WriteString("\t},")
	}
	if len(s.mixins) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("}")
	return b.String()
}

func betaNote(op ops.Op) string {
	if strings.Contains(op.Tag, "Beta") {
		return `\nPipedrive marks this operation as beta: it may change or go away without the usual notice.`
	}
	return ""
}

// sig returns the parameter list after ctx, and the PathArgs and params
// parts of the core.Call literal.
func (m method) sig(w *writer) (params, callArgs string) {
	var ps []string
	var names []string
	for _, a := range m.args {
		ps = append(ps, a.name+" "+a.typ)
		names = append(names, a.name)
	}
	if len(names) > 0 {
		callArgs = ", PathArgs: []any{" + strings.Join(names, ", ") + "}"
	}
	if m.params != "" {
		w.note(m.params)
		ps = append(ps, "params "+m.params)
		if m.kind == "send" || m.kind == "sendcf" {
			callArgs += ", Body: params"
		} else {
			callArgs += ", Query: params"
		}
	}
	params = "ctx context.Context"
	if len(ps) > 0 {
		params += ", " + strings.Join(ps, ", ")
	}
	return params, callArgs
}

func (w *writer) renderMethod(m method) error {
	params, callArgs := m.sig(w)
	call := fmt.Sprintf("&core.Call{Op: ops.%s%s}", m.opName, callArgs)
	if m.result != "" {
		w.note(m.result)
	}
	doc := m.name + " " + m.doc + betaNote(m.op)
	switch m.kind {
	case "get", "send", "sendcf":
		w.comment("", doc)
		switch {
		case m.result == "":
			w.p("func (s *Service) %s(%s) error {\n\treturn core.Exec(ctx, s.c(), %s)\n}\n\n", m.name, params, call)
		case strings.HasPrefix(m.result, "[]"):
			w.p("func (s *Service) %s(%s) (%s, error) {\n", m.name, params, m.result)
			if m.kind == "sendcf" {
				w.p("\tcall := %s\n\tif err := s.fields().Prepare(ctx, call); err != nil {\n\t\treturn nil, err\n\t}\n", call)
				call = "call"
			}
			w.p("\tv, err := core.Fetch[%s](ctx, s.c(), %s)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\treturn *v, nil\n}\n\n", m.result, call)
		default:
			w.p("func (s *Service) %s(%s) (*%s, error) {\n", m.name, params, m.result)
			if m.kind == "sendcf" {
				w.p("\tcall := %s\n\tif err := s.fields().Prepare(ctx, call); err != nil {\n\t\treturn nil, err\n\t}\n", call)
				call = "call"
			}
			w.p("\treturn core.Fetch[%s](ctx, s.c(), %s)\n}\n\n", m.result, call)
		}
	case "delete":
		w.comment("", doc)
		w.p("func (s *Service) %s(%s) error {\n\treturn core.Exec(ctx, s.c(), %s)\n}\n\n", m.name, params, call)
	case "list", "search":
		w.imports["iter"] = true
		w.imports[modulePath+"/crm"] = true
		item := m.result
		list, page := "core.List["+item+"]", "core.ListPage["+item+"]"
		if m.kind == "search" {
			item = "crm.SearchResult[" + m.result + "]"
			list, page = "resource.Search["+m.result+"]", "resource.SearchPage["+m.result+"]"
		}
		w.comment("", doc)
		w.p("func (s *Service) %s(%s) iter.Seq2[*%s, error] {\n\treturn %s(ctx, s.c(), %s)\n}\n\n", m.name, params, item, list, call)
		pd := m.pageDoc
		if pd == "" {
			pd = defaultPageDoc(m.name, m.op, m.params != "")
		}
		w.comment("", m.name+"Page "+pd+betaNote(m.op))
		w.p("func (s *Service) %sPage(%s) (*crm.Page[%s], error) {\n\treturn %s(ctx, s.c(), %s)\n}\n\n", m.name, params, item, page, call)
	}
	return nil
}

// renderChanges writes a changes row: the alias of what it delivers and
// the sync on resource.Changes.
func (w *writer) renderChanges(c changesRow) {
	w.imports["iter"] = true
	w.imports["time"] = true
	w.imports[modulePath+"/crm"] = true
	w.comment("", fmt.Sprintf("%s is what %s delivers: one of the %s changed, as listed (crm.Change).", c.alias, c.name, c.noun))
	w.p("type %s = crm.Change[%s]\n\n", c.alias, c.model)
	doc := fmt.Sprintf("%s iterates over the %s changed since checkpoint cp, oldest change first, and advances cp past each one before yielding it: persist cp once the change is applied, and a later run resumes from it. The zero crm.Checkpoint starts at the beginning, crm.CheckpointSince at a time; a checkpoint of another resource is refused before sending (pipedrive.ErrInvalidParams). params may be nil.", c.name, c.noun)
	query, since := "resource.ByIDV2()", ""
	if c.order == "update" {
		doc += fmt.Sprintf(`\nNo change is missed, and none repeats forever: the checkpoint holds the last second read and the %s already delivered in it, each in the state delivered (Pipedrive's update times have whole seconds), so the next run reads that second again and skips exactly those. One that changes while the sync runs is delivered in this run or the next; one that changes again may be delivered twice, its latest state last. The run ends when it has read up to the present.\nWhen one second holds more than a page, the sync reads that second twice alike before it moves past it, so that a record changing meanwhile cannot shift another out of its pages; if they keep changing, the run ends with crm.ErrUnsettled, the checkpoint still before them.`, c.noun)
		query, since = "resource.ByUpdateTimeV2()", " Since: true,"
		if c.op.Version == ops.V1 {
			w.imports["net/url"] = true
			query = `url.Values{"sort": {"update_time"}}`
		}
	} else {
		doc += fmt.Sprintf(`\nThe list takes no updated_since, so every run reads the whole of it and delivers what cp does not cover; a list of several pages is read twice alike before anything is delivered, so that one of the %s deleted meanwhile cannot hide another.`, c.noun)
	}
	w.comment("", doc+`\n`+c.doc+betaNote(c.op))
	w.p("func (s *Service) %s(ctx context.Context, cp *crm.Checkpoint, params *crm.ChangesParams) iter.Seq2[*%s, error] {\n", c.name, c.alias)
	w.p("\treturn resource.Changes(ctx, s.c(), resource.ChangeOps[%s]{\n\t\tNoun: %q, List: ops.%s, Query: %s,%s\n", c.model, c.noun, c.opName, query, since)
	w.p("\t\tKey: func(r *%s) (string, *time.Time) { return resource.IDKey(r.ID), r.UpdateTime },\n\t}, cp, params)\n}\n\n", c.model)
}

func defaultPageDoc(name string, op ops.Op, hasParams bool) string {
	if !hasParams {
		return "fetches the first page of what " + name + " iterates over, for callers who page by hand."
	}
	if op.Version == ops.V2 {
		return "fetches one page of what " + name + " iterates over; pass the page's NextCursor as params.Cursor to fetch the next."
	}
	return "fetches one page of what " + name + " iterates over; pass the page's NextStart as params.Start (or NextCursor as params.Cursor, for cursor-paged lists) to fetch the next."
}

// The shared shapes.

var mixinKeys = map[string][]string{
	"fields":    {"List", "Get", "Add", "Update", "Delete", "AddOptions", "UpdateOptions", "DeleteOptions", "BulkDelete", "Lookup"},
	"followers": {"List", "Add", "Changelog", "Delete"},
	"history":   {"Changelog", "Files", "Flow", "MailMessages", "PermittedUsers"},
	"merge":     {"Merge", "Get"},
}

// mixinFlags are the boolean options of each shape (Key=true).
var mixinFlags = map[string][]string{"fields": {"Descriptions", "Importance"}}

// mixinLists are the list options of each shape (Key=a,b or Key=none),
// required when the shape generates what they constrain: the wire names
// each takes, mapped to their Go constants.
var mixinLists = map[string]map[string]map[string]string{
	"fields": {"Includes": {
		"ui_visibility":    "crm.IncludeUIVisibility",
		"important_fields": "crm.IncludeImportantFields",
		"required_fields":  "crm.IncludeRequiredFields",
	}},
}

// mixinListTypes are the Go slice types of the list options.
var mixinListTypes = map[string]map[string]string{"fields": {"Includes": "[]crm.FieldInclude"}}

// mixinValues are the typed options of each shape (Key=TypeName), all
// required: Model is the type parameter of a generic shape.
var mixinValues = map[string][]string{"merge": {"Model"}}

// mixinNeeds are the operations a shape cannot do without.
var mixinNeeds = map[string][]string{"merge": {"Merge", "Get"}}

// mixinNoun marks the shapes whose ops struct carries the noun (for
// their errors).
var mixinNoun = map[string]bool{"merge": true}

var mixinType = map[string]string{"fields": "Fields", "followers": "Followers", "history": "History", "merge": "Merger"}

// mixinShape is the resource.Shapes field of each shape, and the name of
// its resource.Handle accessor.
var mixinShape = map[string]string{"fields": "Fields", "followers": "Followers", "history": "History", "merge": "Merge"}

var mixinOpsType = map[string]string{"fields": "FieldOps", "followers": "FollowerOps", "history": "HistoryOps", "merge": "MergeOps"}

var goIdent = regexp.MustCompile(`^[A-Z][A-Za-z0-9_]*$`)

// opsField is the resource.*Ops field a mixin key sets: Lookup is the
// List operation of the borrowed definitions.
func opsField(key string) string {
	if key == "Lookup" {
		return "List"
	}
	return key
}

// provides reports whether the mixin generates row r: its key is set, or
// r is a lookup row and the mixin borrows definitions (Lookup).
func (mx mixin) provides(r mixinRow) bool {
	if _, ok := mx.ops[r.key]; ok {
		return true
	}
	_, ok := mx.ops["Lookup"]
	return ok && lookupRows[r.name]
}

// lookupRows are the fields rows a mixin keyed Lookup generates.
var lookupRows = map[string]bool{"CustomFields": true, "RefreshCustomFields": true, "ResolveCustomFields": true}

func keyOrder(kind, key string) int {
	for i, k := range mixinKeys[kind] {
		if k == key {
			return i
		}
	}
	return 99
}

func mixinMethods(mx mixin) []string {
	var out []string
	for _, r := range mixinRows[mx.kind] {
		if mx.provides(r) {
			out = append(out, r.name)
		}
	}
	return out
}

// mixinRow is one generated method of a shared shape. %[1]s in doc stands
// for the noun ("deal"); {Model} in sig for the shape's Model type.
type mixinRow struct {
	key  string // the operation it needs
	name string
	doc  string
	sig  string // parameters and results
	body string
}

var mixinRows = map[string][]mixinRow{
	"fields": {
		{"List", "CustomFields", "returns the company's %[1]s field definitions, indexed for lookups by name. They are fetched on first use and cached for the life of the client (concurrent first callers share one fetch); field changes made through this service drop the cache. Read custom fields by name with them: fs.Read(record.CustomFields).Money(\"Budget\").",
			"(ctx context.Context) (*crm.FieldSet, error)", "return s.fields().Set(ctx)"},
		{"List", "RefreshCustomFields", "fetches the %[1]s field definitions again, e.g. after someone changed them in Pipedrive, and caches the result.",
			"(ctx context.Context) (*crm.FieldSet, error)", "return s.fields().Refresh(ctx)"},
		{"List", "ResolveCustomFields", "turns values by field name into custom fields by code, resolving option labels, with the cached %[1]s field definitions.",
			"(ctx context.Context, values crm.FieldValues) (crm.CustomFields, error)", "return s.fields().Resolve(ctx, nil, values)"},
		{"List", "Fields", "iterates over the %[1]s field definitions, standard and custom. params may be nil.",
			"(ctx context.Context, params *crm.FieldListParams) iter.Seq2[*crm.Field, error]", "return s.fields().List(ctx, params)"},
		{"List", "FieldsPage", "fetches one page of %[1]s field definitions.",
			"(ctx context.Context, params *crm.FieldListParams) (*crm.Page[crm.Field], error)", "return s.fields().ListPage(ctx, params)"},
		{"Get", "Field", "fetches one %[1]s field definition by its code. params may be nil.",
			"(ctx context.Context, code string, params *crm.FieldGetParams) (*crm.Field, error)", "return s.fields().Get(ctx, code, params)"},
		{"Add", "CreateField", "creates a custom %[1]s field.",
			"(ctx context.Context, params *crm.CreateFieldParams) (*crm.Field, error)", "return s.fields().Create(ctx, params)"},
		{"Update", "UpdateField", "changes a %[1]s field's name, options or visibility.",
			"(ctx context.Context, code string, params *crm.UpdateFieldParams) (*crm.Field, error)", "return s.fields().Update(ctx, code, params)"},
		{"Delete", "DeleteField", "deletes a custom %[1]s field.",
			"(ctx context.Context, code string) error", "return s.fields().Delete(ctx, code)"},
		{"BulkDelete", "DeleteFields", "deletes several custom %[1]s fields at once, by their numeric ids (API v1).",
			"(ctx context.Context, ids ...int64) error", "return s.fields().BulkDelete(ctx, ids...)"},
		{"AddOptions", "AddFieldOptions", "adds options, by label, to an enum or set %[1]s field, and returns them with their new ids.",
			"(ctx context.Context, code string, labels ...string) ([]crm.FieldOption, error)", "return s.fields().AddOptions(ctx, code, labels...)"},
		{"UpdateOptions", "UpdateFieldOptions", "relabels options of an enum or set %[1]s field.",
			"(ctx context.Context, code string, changes ...crm.FieldOptionChange) ([]crm.FieldOption, error)", "return s.fields().UpdateOptions(ctx, code, changes...)"},
		{"DeleteOptions", "DeleteFieldOptions", "deletes options, by id, of an enum or set %[1]s field.",
			"(ctx context.Context, code string, ids ...int64) ([]crm.FieldOption, error)", "return s.fields().DeleteOptions(ctx, code, ids...)"},
	},
	"followers": {
		{"List", "Followers", "iterates over the users following the %[1]s with the given id. params may be nil.",
			"(ctx context.Context, id int64, params *crm.PageParams) iter.Seq2[*crm.Follower, error]", "return s.followers().List(ctx, id, params)"},
		{"List", "FollowersPage", "fetches one page of the users following the %[1]s.",
			"(ctx context.Context, id int64, params *crm.PageParams) (*crm.Page[crm.Follower], error)", "return s.followers().ListPage(ctx, id, params)"},
		{"Add", "AddFollower", "makes the user userID follow the %[1]s.",
			"(ctx context.Context, id, userID int64) (*crm.Follower, error)", "return s.followers().Add(ctx, id, userID)"},
		{"Delete", "DeleteFollower", "stops the user userID from following the %[1]s.",
			"(ctx context.Context, id, userID int64) error", "return s.followers().Delete(ctx, id, userID)"},
		{"Changelog", "FollowersChangelog", "iterates over the changes to the %[1]s's followers: who started or stopped following it, and who made the change.",
			"(ctx context.Context, id int64, params *crm.PageParams) iter.Seq2[*crm.FollowerChange, error]", "return s.followers().Changelog(ctx, id, params)"},
		{"Changelog", "FollowersChangelogPage", "fetches one page of the changes to the %[1]s's followers.",
			"(ctx context.Context, id int64, params *crm.PageParams) (*crm.Page[crm.FollowerChange], error)", "return s.followers().ChangelogPage(ctx, id, params)"},
	},
	"merge": {
		{"Merge", "Merge", "merges the %[1]s id into the %[1]s intoID, which survives (its values win where both have one), and returns the surviving %[1]s as it is after the merge: API v1's merge (there is no v2 one), then a v2 fetch of the survivor. A merge into itself or into a non-positive id is refused before sending (pipedrive.ErrInvalidParams). The merge is never sent again when its outcome is unknown (it fails with pipedrive.ErrOutcomeUnknown instead). If the merge was done but the fetch failed, the error says so and wraps the fetch's error.",
			"(ctx context.Context, id, intoID int64) (*{Model}, error)", "return resource.MergerOf[{Model}]((*resource.Handle)(s)).Merge(ctx, id, intoID)"},
	},
	"history": {
		{"Changelog", "Changelog", "iterates over the changes to the %[1]s's field values, newest first. params may be nil.",
			"(ctx context.Context, id int64, params *crm.PageParams) iter.Seq2[*crm.ChangelogEntry, error]", "return s.history().Changelog(ctx, id, params)"},
		{"Changelog", "ChangelogPage", "fetches one page of the changes to the %[1]s's field values.",
			"(ctx context.Context, id int64, params *crm.PageParams) (*crm.Page[crm.ChangelogEntry], error)", "return s.history().ChangelogPage(ctx, id, params)"},
		{"Files", "Files", "iterates over the files attached to the %[1]s. params may be nil.",
			"(ctx context.Context, id int64, params *crm.FilesParams) iter.Seq2[*crm.File, error]", "return s.history().Files(ctx, id, params)"},
		{"Files", "FilesPage", "fetches one page of the files attached to the %[1]s.",
			"(ctx context.Context, id int64, params *crm.FilesParams) (*crm.Page[crm.File], error)", "return s.history().FilesPage(ctx, id, params)"},
		{"Flow", "Flow", "iterates over the %[1]s's updates flow (notes, activities, files, mails and field changes), newest first. params may be nil.",
			"(ctx context.Context, id int64, params *crm.FlowParams) iter.Seq2[*crm.FlowItem, error]", "return s.history().Flow(ctx, id, params)"},
		{"Flow", "FlowPage", "fetches one page of the %[1]s's updates flow.",
			"(ctx context.Context, id int64, params *crm.FlowParams) (*crm.Page[crm.FlowItem], error)", "return s.history().FlowPage(ctx, id, params)"},
		{"MailMessages", "MailMessages", "iterates over the mail messages linked to the %[1]s. params may be nil.",
			"(ctx context.Context, id int64, params *crm.MailMessagesParams) iter.Seq2[*crm.MailMessageItem, error]", "return s.history().MailMessages(ctx, id, params)"},
		{"MailMessages", "MailMessagesPage", "fetches one page of the mail messages linked to the %[1]s.",
			"(ctx context.Context, id int64, params *crm.MailMessagesParams) (*crm.Page[crm.MailMessageItem], error)", "return s.history().MailMessagesPage(ctx, id, params)"},
		{"PermittedUsers", "PermittedUsers", "returns the ids of the users allowed to see the %[1]s.",
			"(ctx context.Context, id int64) ([]int64, error)", "return s.history().PermittedUsers(ctx, id)"},
	},
}

func (w *writer) renderMixin(mx mixin) error {
	for _, r := range mixinRows[mx.kind] {
		if !mx.provides(r) {
			continue
		}
		if strings.Contains(r.sig, "iter.") {
			w.imports["iter"] = true
		}
		if strings.Contains(r.sig, "crm.") {
			w.imports[modulePath+"/crm"] = true
		}
		w.comment("", r.name+" "+fmt.Sprintf(r.doc, mx.noun)+capabilityNote(mx, r.name)+betaNote(mx.op[r.key]))
		w.p("func (s *Service) %s%s {\n\t%s\n}\n\n", r.name, strings.ReplaceAll(r.sig, "{Model}", mx.values["Model"]), strings.ReplaceAll(r.body, "{Model}", mx.values["Model"]))
	}
	return nil
}

// capabilityNote is the sentence the doc of a fields method adds when the
// resource's definitions do not take every member of the shared params
// (the Includes list, the Descriptions and Importance flags), or "".
func capabilityNote(mx mixin, method string) string {
	if mx.kind != "fields" {
		return ""
	}
	switch method {
	case "Fields", "FieldsPage", "Field":
		inc := mx.lists["Includes"]
		all := len(mixinLists["fields"]["Includes"])
		switch {
		case len(inc) == all:
			return ""
		case len(inc) == 0:
			return " These definitions take no params.IncludeFields: setting it is refused before sending (pipedrive.ErrInvalidParams)."
		}
		return fmt.Sprintf(" Of params.IncludeFields these definitions take only %s; the other parts are refused before sending (pipedrive.ErrInvalidParams).", joinWords(inc, "and"))
	case "CreateField", "UpdateField":
		var no []string
		if !mx.has("Descriptions") {
			no = append(no, "Description")
		}
		if !mx.has("Importance") {
			no = append(no, "Important", "Required")
		}
		if len(no) == 0 {
			return ""
		}
		return fmt.Sprintf(" These definitions take no %s: params that set %s are refused before sending (pipedrive.ErrInvalidParams).",
			joinWords(no, "or"), map[bool]string{true: "it", false: "them"}[len(no) == 1])
	}
	return ""
}

// joinWords joins words as prose with the conjunction and: "a", "a and
// b", "a, b and c".
func joinWords(words []string, and string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + and + " " + words[len(words)-1]
}

func renderClient(fields []clientField) ([]byte, error) {
	sort.Slice(fields, func(i, j int) bool { return fields[i].Name < fields[j].Name })
	w := &writer{imports: map[string]bool{modulePath + "/internal/core": true}}
	for _, f := range fields {
		if f.Pkg == "" {
			continue
		}
		if strings.Contains(f.Pkg, "/") {
			w.imports[f.Pkg] = true
		} else {
			w.imports[modulePath+"/"+f.Pkg] = true
		}
		for imp := range f.Imports {
			w.imports[imp] = true
		}
	}
	w.p("// Code generated by internal/svcgen from the service.tsv tables and %s; DO NOT EDIT.\n\npackage pipedrive\n\n", rootTable)
	w.writeImports()
	w.p("// Client is a Pipedrive API client: one service per resource, all sharing\n")
	w.p("// one core that authenticates, paces, retries and decodes every request.\n")
	w.p("// A Client is safe for concurrent use; build one per credential and share it.\n")
	w.p("type Client struct {\n\tcore *core.Client\n\n")
	for i, f := range fields {
		if i > 0 {
			w.p("\n")
		}
		w.comment("\t", f.Name+" "+f.Doc)
		w.p("\t%s %s\n", f.Name, f.Type)
	}
	w.p("}\n\n")
	w.p("// initServices builds every service on the client core cc.\n")
	w.p("func (c *Client) initServices(cc *core.Client) {\n")
	for _, f := range fields {
		w.p("\tc.%s = %s\n", f.Name, f.Ctor)
	}
	w.p("}\n")
	for _, f := range fields {
		if f.Var != "" {
			w.p("\n%s", f.Var)
		}
	}
	src, err := format.Source(w.Bytes())
	if err != nil {
		return nil, fmt.Errorf("formatting: %w\n%s", err, w.Bytes())
	}
	return src, nil
}
