package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
		"unknown op":       {"get\tGet\tV2GetNothing\tid int64\t-\tX\tfetches.", "unknown operation V2GetNothing"},
		"args mismatch":    {"get\tGet\tV2GetDeal\t-\t-\tX\tfetches.", "0 path arguments"},
		"no doc":           {"get\tGet\tV2GetDeal\tid int64\t-\tX\t", "no doc"},
		"delete result":    {"delete\tDelete\tV2DeleteDeal\tid int64\t-\tX\tdeletes.", "delete returns only an error"},
		"params value":     {"list\tList\tV2GetDeals\t-\tListParams\tX\tlists.", "pointer type"},
		"duplicate method": {"get\tGet\tV2GetDeal\tid int64\t-\tX\ta.\nget\tGet\tV2GetDeal\tid int64\t-\tX\tb.", "defined 2 times"},
		"sendcf no fields": {"sendcf\tCreate\tV2AddDeal\t-\t*P\tX\tcreates.", "no \"use fields\""},
		"bad mixin key":    {"use\tfollowers\tdeal\tNope=V2GetDeal", "bad pair"},
		"bad kind":         {"fetch\tGet\tV2GetDeal\tid int64\t-\tX\tfetches.", "unknown row kind"},
		"list and lookup":  {"use\tfields\tdeal\tList=V2GetDealFields Lookup=V2GetDealFields", "exclusive"},
		"merge no model":   {"use\tmerge\tdeal\tMerge=V1MergeDeals Get=V2GetDeal", "needs Model=<type>"},
		"merge no get":     {"use\tmerge\tdeal\tMerge=V1MergeDeals Model=Deal", "needs Get=<operation>"},
		"merge bad model":  {"use\tmerge\tdeal\tMerge=V1MergeDeals Get=V2GetDeal Model=*Deal", "not a type name"},
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
	src := string(files[0].Src)
	for _, want := range []string{"List: ops.V2GetDealFields", "func (s *Service) CustomFields(", "func (s *Service) ResolveCustomFields(", "s.fields.Prepare(ctx, call)"} {
		if !strings.Contains(src, want) {
			t.Errorf("generated service lacks %q", want)
		}
	}
	if strings.Count(src, "func (s *Service) Fields(") != 1 || strings.Contains(src, "s.fields.List(") {
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
	src := string(files[0].Src)
	for _, want := range []string{
		"merge *resource.Merger[Thing]",
		"merge: resource.NewMerger[Thing](c, resource.MergeOps{",
		`Noun:  "thing",`,
		"Merge: ops.V1MergeDeals,",
		"Get:   ops.V2GetDeal,",
		"func (s *Service) Merge(ctx context.Context, id, intoID int64) (*Thing, error) {",
		"return s.merge.Merge(ctx, id, intoID)",
		"// Merge merges the thing id into the thing intoID, which survives",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("generated source lacks %q:\n%s", want, src)
		}
	}
}
