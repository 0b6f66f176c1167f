package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const table = "api\ttag\tmethod\tpath\toperation_id\ttoken_cost\n" +
	"v1\tDeals\tPUT\t/deals/{id}/merge\tmergeDeals\t40\n" +
	"v1\tNotes\tPUT\t/notes/{id}\tupdateNote\t10\n" +
	"v2\tDeals\tPOST\t/deals\taddDeal\t5\n"

func write(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestGenerateOverlay(t *testing.T) {
	in := write(t, "operations.tsv", table)
	ok := write(t, "retry.tsv", "api\toperation_id\trepeat\treason\nv1\tmergeDeals\tunsafe\ta repeat merges again\n")
	src, err := Generate(in, ok)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`ID: "mergeDeals", Cost: 40, Idempotent: false}`,
		`ID: "updateNote", Cost: 10, Idempotent: true}`,
		`ID: "addDeal", Cost: 5, Idempotent: false}`,
		"// Not sent again after a 5xx or a lost connection: a repeat merges again.",
	} {
		if !strings.Contains(string(src), want) {
			t.Errorf("generated code lacks %q", want)
		}
	}

	for _, tc := range []struct{ name, overlay, want string }{
		{"unknown operation", "v1\tmergeDael\tunsafe\ttypo\n", "unknown operationId v1 mergeDael"},
		{"wrong api", "v2\tmergeDeals\tunsafe\tv1 only\n", "unknown operationId v2 mergeDeals"},
		{"same as the default", "v1\tupdateNote\tsafe\tPUT\n", "drop the row"},
		{"no reason", "v1\tmergeDeals\tunsafe\t \n", "say why"},
		{"bad value", "v1\tmergeDeals\tmaybe\tx\n", "safe or unsafe"},
		{"listed twice", "v1\tmergeDeals\tunsafe\tx\nv1\tmergeDeals\tunsafe\ty\n", "listed twice"},
		{"bad api", "v3\tmergeDeals\tunsafe\tx\n", "api must be v1 or v2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ov := write(t, "retry.tsv", "api\toperation_id\trepeat\treason\n"+tc.overlay)
			_, err := Generate(in, ov)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one saying %q", err, tc.want)
			}
		})
	}
}
