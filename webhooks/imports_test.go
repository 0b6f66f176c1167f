package webhooks_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const modulePath = "github.com/pipedrive-go/pipedrive"

// TestReceiverLinksNeitherCoreNorLimiter walks the import graph of package
// webhooks (every non-test file, whatever its build tags) and fails if it
// reaches the client core, the limiter, the root package or any module
// outside the standard library: a binary that only receives webhooks must
// not contain the machinery that counts and delays API calls.
func TestReceiverLinksNeitherCoreNorLimiter(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found: %v", err)
	}
	forbidden := []string{modulePath + "/internal/core", modulePath + "/ratelimit", modulePath + "/auth", modulePath}

	var (
		seen  = map[string]bool{}
		via   = map[string]string{}
		queue = []string{modulePath + "/webhooks"}
		reach []string
	)
	for len(queue) > 0 {
		pkg := queue[0]
		queue = queue[1:]
		if seen[pkg] {
			continue
		}
		seen[pkg] = true
		reach = append(reach, pkg)
		dir := filepath.Join(root, filepath.FromSlash(strings.TrimPrefix(strings.TrimPrefix(pkg, modulePath), "/")))
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatalf("reading %s: %v", dir, err)
		}
		files := 0
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
				continue
			}
			files++
			f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, name), nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				if path == "C" {
					t.Errorf("%s/%s uses cgo", pkg, name)
					continue
				}
				if !seen[path] {
					if _, ok := via[path]; !ok {
						via[path] = pkg
					}
				}
				switch {
				case path == modulePath || strings.HasPrefix(path, modulePath+"/"):
					queue = append(queue, path)
				case strings.Contains(strings.SplitN(path, "/", 2)[0], "."):
					t.Errorf("%s imports %s, a module outside the standard library", pkg, path)
				}
			}
		}
		if files == 0 {
			t.Fatalf("no Go files in %s", dir)
		}
	}
	for _, bad := range forbidden {
		if slices.Contains(reach, bad) {
			chain := []string{bad}
			for p := bad; via[p] != ""; p = via[p] {
				chain = append([]string{via[p]}, chain...)
			}
			t.Errorf("package webhooks reaches %s: %s", bad, strings.Join(chain, " -> "))
		}
	}
	t.Logf("module packages linked by webhooks: %v", reach)
}
