package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/spec"
)

// TestGeneratedFilesCurrent fails when a service table changed without its
// zz_service.go (or the root zz_client.go) being regenerated.
func TestGeneratedFilesCurrent(t *testing.T) {
	files, err := Generate(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 2 {
		t.Fatalf("generated %d files; want the service tables and the root client", len(files))
	}
	for _, f := range files {
		old, err := os.ReadFile(f.Path)
		if err != nil {
			t.Errorf("%s: %v (run go run ./internal/svcgen)", f.Path, err)
			continue
		}
		if !bytes.Equal(old, f.Src) {
			t.Errorf("%s is stale: run go run ./internal/svcgen", f.Path)
		}
	}
}

func TestTableErrors(t *testing.T) {
	for name, tc := range map[string]struct{ table, want string }{
		"unknown op":            {"get\tGet\tV2GetNothing\tid int64\t-\tX\tfetches.", "unknown operation V2GetNothing"},
		"args mismatch":         {"get\tGet\tV2GetDeal\t-\t-\tX\tfetches.", "0 path arguments"},
		"no doc":                {"get\tGet\tV2GetDeal\tid int64\t-\tX\t", "no doc"},
		"delete result":         {"delete\tDelete\tV2DeleteDeal\tid int64\t-\tX\tdeletes.", "delete returns only an error"},
		"params value":          {"list\tList\tV2GetDeals\t-\tListParams\tX\tlists.", "pointer type"},
		"duplicate method":      {"get\tGet\tV2GetDeal\tid int64\t-\tX\ta.\nget\tGet\tV2GetDeal\tid int64\t-\tX\tb.", "defined 2 times"},
		"sendcf no fields":      {"sendcf\tCreate\tV2AddDeal\t-\t*P\tX\tcreates.", "no \"use fields\""},
		"bad mixin key":         {"use\tfollowers\tdeal\tNope=V2GetDeal", "bad pair"},
		"bad kind":              {"fetch\tGet\tV2GetDeal\tid int64\t-\tX\tfetches.", "unknown row kind"},
		"list and lookup":       {"use\tfields\tdeal\tList=V2GetDealFields Lookup=V2GetDealFields", "exclusive"},
		"merge no model":        {"use\tmerge\tdeal\tMerge=V1MergeDeals Get=V2GetDeal", "needs Model=<type>"},
		"merge no get":          {"use\tmerge\tdeal\tMerge=V1MergeDeals Model=Deal", "needs Get=<operation>"},
		"merge bad model":       {"use\tmerge\tdeal\tMerge=V1MergeDeals Get=V2GetDeal Model=*Deal", "not a type name"},
		"fields no includes":    {"use\tfields\tdeal\tList=V2GetDealFields", "needs Includes=<values> or Includes=none"},
		"fields bad include":    {"use\tfields\tdeal\tList=V2GetDealFields Includes=ui_visibility,notes", `unknown value "notes"`},
		"fields include twice":  {"use\tfields\tdeal\tList=V2GetDealFields Includes=ui_visibility,ui_visibility", `"ui_visibility" twice`},
		"fields includes twice": {"use\tfields\tdeal\tList=V2GetDealFields Includes=none Includes=none", "Includes given twice"},
		"lookup includes":       {"use\tfields\tdeal\tLookup=V2GetDealFields Includes=none", "constrains the shape's List and Get"},
		"fields flag value":     {"use\tfields\tdeal\tList=V2GetDealFields Includes=none Importance=false", "takes only =true"},
		"changes columns":       {"changes\tChanges\tV2GetDeals\tupdate\tChange=Deal\tdeals", "want 7 columns"},
		"changes order":         {"changes\tChanges\tV2GetDeals\tname\tChange=Deal\tdeals\tx.", `order "name"`},
		"changes id v1":         {"changes\tChanges\tV1GetNotes\tid\tChange=Note\tnotes\tx.", "order id is for v2 lists"},
		"changes not a list":    {"changes\tChanges\tV2GetDeal\tupdate\tChange=Deal\tdeals\tx.", "not a list without path arguments"},
		"changes alias":         {"changes\tChanges\tV2GetDeals\tupdate\tDeal\tdeals\tx.", "is not Alias=Model"},
		"changes twice":         {"changes\tChanges\tV2GetDeals\tupdate\tChange=Deal\tdeals\tx.\nchanges\tChanges\tV2GetDeals\tupdate\tChange=Deal\tdeals\tx.", "defined 2 times"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			pkg := filepath.Join(dir, "thing")
			if err := os.Mkdir(pkg, 0o755); err != nil {
				t.Fatal(err)
			}
			table := "field\tThings\treaches things.\ndoc\tService reaches things.\n" + tc.table + "\n"
			if err := os.WriteFile(filepath.Join(pkg, tableName), []byte(table), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Generate(dir)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// A fields mixin keyed Lookup generates the lookups by name (and allows
// sendcf) but leaves Fields to the table.
func TestLookupMixin(t *testing.T) {
	dir := t.TempDir()
	pkg := filepath.Join(dir, "thing")
	if err := os.Mkdir(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	table := "field\tThings\treaches things.\ndoc\tService reaches things.\n" +
		"use\tfields\tdeal\tLookup=V2GetDealFields\n" +
		"sendcf\tCreate\tV2AddDeal\t-\t*P\tX\tcreates.\n" +
		"list\tFields\tV2GetDealFields\t-\t-\tX\tlists the thing fields.\n"
	if err := os.WriteFile(filepath.Join(pkg, tableName), []byte(table), 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := Generate(dir)
	if err != nil {
		t.Fatal(err)
	}
	src := string(files[0].Src) + string(files[1].Src)
	for _, want := range []string{"List: ops.V2GetDealFields", "func (s *Service) CustomFields(", "func (s *Service) ResolveCustomFields(", "s.fields().Prepare(ctx, call)"} {
		if !strings.Contains(src, want) {
			t.Errorf("generated service lacks %q", want)
		}
	}
	if strings.Count(src, "func (s *Service) Fields(") != 1 || strings.Contains(src, "s.fields().List(") {
		t.Errorf("the lookup mixin must not generate Fields:\n%s", src)
	}
}

// TestMergeShape: "use merge" writes a Merge that returns the model named
// by Model, through the generic resource.Merger.
func TestMergeShape(t *testing.T) {
	dir := t.TempDir()
	pkg := filepath.Join(dir, "thing")
	if err := os.Mkdir(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	table := "field\tThings\treaches things.\ndoc\tService reaches things.\nuse\tmerge\tthing\tMerge=V1MergeDeals Get=V2GetDeal Model=Thing\n"
	if err := os.WriteFile(filepath.Join(pkg, tableName), []byte(table), 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := Generate(dir)
	if err != nil {
		t.Fatal(err)
	}
	src := string(files[0].Src) + string(files[1].Src)
	for _, want := range []string{
		"type Service resource.Handle",
		"c.Things = (*thing.Service)(resource.NewHandle(cc, &thingShapes))",
		"var thingShapes = resource.Shapes{",
		"Merge: &resource.MergeOps{",
		`Noun:  "thing",`,
		"Merge: ops.V1MergeDeals,",
		"Get:   ops.V2GetDeal,",
		"func (s *Service) Merge(ctx context.Context, id, intoID int64) (*Thing, error) {",
		"return resource.MergerOf[Thing]((*resource.Handle)(s)).Merge(ctx, id, intoID)",
		"// Merge merges the thing id into the thing intoID, which survives",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("generated source lacks %q:\n%s", want, src)
		}
	}
}

// TestFieldCapabilities: the options of a fields row reach the generated
// FieldOps, and the docs of the methods they constrain say what is
// refused.
func TestFieldCapabilities(t *testing.T) {
	gen := func(options string) string {
		t.Helper()
		dir := t.TempDir()
		pkg := filepath.Join(dir, "thing")
		if err := os.Mkdir(pkg, 0o755); err != nil {
			t.Fatal(err)
		}
		table := "field\tThings\treaches things.\ndoc\tService reaches things.\n" +
			"use\tfields\tthing\tList=V2GetDealFields Get=V2GetDealField Add=V2AddDealField Update=V2UpdateDealField " + options + "\n"
		if err := os.WriteFile(filepath.Join(pkg, tableName), []byte(table), 0o644); err != nil {
			t.Fatal(err)
		}
		files, err := Generate(dir)
		if err != nil {
			t.Fatal(err)
		}
		return string(files[0].Src) + string(files[1].Src) // the service, and the root client that builds it
	}
	for name, tc := range map[string]struct {
		options   string
		want, not []string
	}{
		"everything": {
			options: "Importance=true Includes=ui_visibility,important_fields,required_fields Descriptions=true",
			want: []string{
				"Includes:     []crm.FieldInclude{crm.IncludeUIVisibility, crm.IncludeImportantFields, crm.IncludeRequiredFields},",
				"Descriptions: true,\n\t\tImportance:   true,",
			},
			not: []string{"refused before sending"},
		},
		"some includes": {
			options: "Includes=ui_visibility",
			want: []string{
				"Includes: []crm.FieldInclude{crm.IncludeUIVisibility},",
				"// Fields iterates over the thing field definitions, standard and custom.\n// params may be nil. Of params.IncludeFields these definitions take only\n// crm.IncludeUIVisibility; the other parts are refused before sending",
				"// CreateField creates a custom thing field. These definitions take no\n// Description, Important or Required: params that set them are refused",
			},
			not: []string{"Descriptions:", "Importance:"},
		},
		"no includes": {
			options: "Includes=none Importance=true",
			want: []string{
				"Importance: true,",
				"These definitions take no params.IncludeFields: setting",
				"take no\n// Description: params that set it are refused",
			},
			not: []string{"Includes:"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			src := gen(tc.options)
			for _, w := range tc.want {
				if !strings.Contains(src, w) {
					t.Errorf("generated source lacks %q:\n%s", w, src)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(src, n) {
					t.Errorf("generated source has %q:\n%s", n, src)
				}
			}
		})
	}
}

// TestFieldCapabilitiesMatchTheSpecs: what every fields row of the
// repository's tables says its resource's definitions take is what the
// specs declare: the include_fields values of its list and get (the
// spec's enum lists combinations comma-joined), and the description,
// important_fields and required_fields members of its create and update
// bodies.
func TestFieldCapabilitiesMatchTheSpecs(t *testing.T) {
	root := filepath.Join("..", "..")
	opsByName := map[string]ops.Op{}
	for _, o := range ops.All() {
		opsByName[strings.ToUpper(o.Version.String())+goName(o.ID)] = o
	}
	specOps, err := spec.Ops()
	if err != nil {
		t.Fatal(err)
	}
	specOp := func(o ops.Op) *spec.Op {
		for _, so := range specOps {
			if so.API == o.Version.String() && so.ID == o.ID {
				return so
			}
		}
		t.Fatalf("no spec operation %s %s", o.Version, o.ID)
		return nil
	}
	tables, _ := filepath.Glob(filepath.Join(root, "*", tableName))
	checked := 0
	for _, path := range tables {
		svc, err := parseTable(path, filepath.Base(filepath.Dir(path)), opsByName)
		if err != nil {
			t.Fatal(err)
		}
		for _, mx := range svc.mixins {
			if mx.kind != "fields" || !mx.needsLists() {
				continue
			}
			checked++
			var got []string
			for _, expr := range mx.lists["Includes"] {
				for wire, e := range mixinLists["fields"]["Includes"] {
					if e == expr {
						got = append(got, wire)
					}
				}
			}
			sort.Strings(got)
			for _, key := range []string{"List", "Get"} {
				o, ok := mx.op[key]
				if !ok {
					continue
				}
				var want []string
				if p := specOp(o).Param("query", "include_fields"); p != nil && p.Schema != nil {
					for _, e := range spec.Flatten(p.Schema).Enum {
						for _, part := range strings.Split(e.(string), ",") {
							if !slices.Contains(want, part) {
								want = append(want, part)
							}
						}
					}
				}
				sort.Strings(want)
				if !slices.Equal(got, want) {
					t.Errorf("%s: Includes says %v, the spec's %s (%s) takes %v", path, got, key, o.ID, want)
				}
			}
			for _, key := range []string{"Add", "Update"} {
				o, ok := mx.op[key]
				if !ok {
					continue
				}
				body := spec.Flatten(specOp(o).Bodies["application/json"])
				has := func(name string) bool { _, ok := body.Properties[name]; return ok }
				if got, want := mx.has("Descriptions"), has("description"); got != want {
					t.Errorf("%s: Descriptions=%v, but the spec's %s body has description: %v", path, got, o.ID, want)
				}
				for _, member := range []string{"important_fields", "required_fields"} {
					if got, want := mx.has("Importance"), has(member); got != want {
						t.Errorf("%s: Importance=%v, but the spec's %s body has %s: %v", path, got, o.ID, member, want)
					}
				}
			}
		}
	}
	if checked < 6 {
		t.Fatalf("checked %d fields rows; the walk over the tables is broken", checked)
	}
}
