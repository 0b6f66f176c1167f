package pipedrive_test

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/persons"
	"github.com/pipedrive-go/pipedrive/webhooks"
)

// TestNoExportedNameTakesAnInternalType: no exported function or method
// of a public package takes or returns a type of an internal package,
// which users could not name (deals.NewService(*core.Client) was one).
func TestNoExportedNameTakesAnInternalType(t *testing.T) {
	fset := token.NewFileSet()
	checked := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch {
			case path == ".":
			case d.Name() == "internal" || d.Name() == "testdata" || d.Name() == "examples" || strings.HasPrefix(d.Name(), "."):
				return filepath.SkipDir
			case path != "." && fileExists(filepath.Join(path, "go.mod")):
				return filepath.SkipDir // a nested module
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		internal := map[string]bool{} // local names of imported internal packages
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if !strings.Contains(p, "/internal/") {
				continue
			}
			name := p[strings.LastIndex(p, "/")+1:]
			if imp.Name != nil {
				name = imp.Name.Name
			}
			internal[name] = true
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || !fn.Name.IsExported() {
				continue
			}
			if fn.Recv != nil && !exportedRecv(fn.Recv.List[0].Type) {
				continue
			}
			checked++
			var fields []*ast.Field
			fields = append(fields, fn.Type.Params.List...)
			if fn.Type.Results != nil {
				fields = append(fields, fn.Type.Results.List...)
			}
			for _, fld := range fields {
				ast.Inspect(fld.Type, func(n ast.Node) bool {
					if sel, ok := n.(*ast.SelectorExpr); ok {
						if id, ok := sel.X.(*ast.Ident); ok && internal[id.Name] {
							t.Errorf("%s: %s takes or returns %s.%s, an internal type", fset.Position(fn.Pos()), fn.Name.Name, id.Name, sel.Sel.Name)
						}
					}
					return true
				})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 500 {
		t.Fatalf("checked %d exported functions; the walk is broken", checked)
	}
}

func exportedRecv(e ast.Expr) bool {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.IsExported()
		default:
			return false
		}
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// TestZeroServiceFails: a Service declared by the user instead of taken
// from the client has no core: its calls fail with an error that says so,
// and nothing panics.
func TestZeroServiceFails(t *testing.T) {
	ctx := context.Background()
	var d deals.Service
	if _, err := d.Get(ctx, 1); err == nil || !strings.Contains(err.Error(), "not built by pipedrive.NewClient") {
		t.Errorf("zero deals.Service Get: %v", err)
	}
	if _, err := d.CustomFields(ctx); err == nil {
		t.Error("zero deals.Service CustomFields: no error")
	}
	if _, err := d.Merge(ctx, 1, 2); err == nil {
		t.Error("zero deals.Service Merge: no error")
	}
	for _, err := range d.Followers(ctx, 1, nil) {
		if err == nil {
			t.Error("zero deals.Service Followers: no error")
		}
	}
	var p *persons.Service
	if _, err := p.Get(ctx, 1); err == nil {
		t.Error("nil persons.Service Get: no error")
	}
	var w webhooks.Service
	if _, err := w.ListPage(ctx); err == nil || !strings.Contains(err.Error(), "not built by pipedrive.NewClient") {
		t.Errorf("zero webhooks.Service List: %v", err)
	}
}
