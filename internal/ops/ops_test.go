package ops

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTableMatchesData checks the generated variables against the rows of
// operations.tsv, so a regenerated table that drifted is caught.
func TestTableMatchesData(t *testing.T) {
	f, err := os.Open("operations.tsv")
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	var rows int
	got := All()
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		require.Len(t, cols, 6)
		require.Less(t, rows, len(got))
		op := got[rows]
		assert.Equal(t, cols[0], op.Version.String())
		assert.Equal(t, cols[2], op.Method)
		assert.Equal(t, cols[3], op.Path)
		assert.Equal(t, cols[4], op.ID)
		rows++
	}
	assert.Equal(t, rows, len(got))
}

func TestClassification(t *testing.T) {
	assert.True(t, V2SearchDeals.Search())
	assert.True(t, V2SearchItem.Search())
	assert.True(t, V2SearchItemByField.Search())
	assert.True(t, V1SearchLeads.Search())
	assert.False(t, V2GetDeals.Search())
	assert.True(t, V2AddDeal.Write())
	assert.True(t, V2UpdateDeal.Write())
	assert.True(t, V1MergeDeals.Write())
	assert.False(t, V2DeleteDeal.Write(), "DELETE does not count against the daily POST/PUT budget")
	assert.False(t, V2GetDeal.Write())
	assert.Equal(t, "/api/v2", V2.Prefix())
	assert.Equal(t, "/v1", V1.Prefix())
	assert.Equal(t, 20, V2SearchDeals.Cost)
	assert.Equal(t, 1, V2GetDeal.Cost)
}

// TestIdempotent checks the repeat-safety of the operations the SDK
// relies on: the method's default, and retry.tsv's exceptions.
func TestIdempotent(t *testing.T) {
	for _, tc := range []struct {
		op   Op
		want bool
	}{
		{V2GetDeal, true},
		{V2DeleteDeal, true},
		{V1UpdateNote, true},
		{V2AddDeal, false},
		{V2UpdateDeal, false},
		{V1MergeDeals, false},
		{V1MergePersons, false},
		{V1MergeOrganizations, false},
		{V1UpdateDealField, false},
		{V2UpdateProductImage, false},
	} {
		assert.Equal(t, tc.want, tc.op.Idempotent, "%s %s %s", tc.op.Version, tc.op.Method, tc.op.ID)
	}
	// Every PUT not listed in retry.tsv is idempotent, every POST is not.
	for _, op := range All() {
		switch op.Method {
		case "POST", "PATCH":
			assert.False(t, op.Idempotent, op.ID)
		case "GET", "DELETE":
			assert.True(t, op.Idempotent, op.ID)
		}
	}
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		method, path, id string
		v                Version
	}{
		{"GET", "/api/v2/deals/42", "getDeal", V2},
		{"GET", "/api/v2/deals/search", "searchDeals", V2},
		{"GET", "/api/v2/deals", "getDeals", V2},
		{"POST", "/api/v2/deals", "addDeal", V2},
		{"PATCH", "/api/v2/deals/7", "updateDeal", V2},
		{"GET", "/v1/deals/42/flow", "getDealUpdates", V1},
		{"PUT", "/v1/deals/1/merge", "mergeDeals", V1},
		{"GET", "/v1/deals/summary", "getDealsSummary", V1},
	} {
		op, ok := Match(tc.method, tc.path)
		if !ok || op.ID != tc.id || op.Version != tc.v {
			t.Errorf("Match(%s %s) = %s %s, %v; want %s", tc.method, tc.path, op.Version, op.ID, ok, tc.id)
		}
	}
	for _, tc := range [][2]string{
		{"GET", "/api/v2/nothing"},
		{"DELETE", "/api/v2/deals"},
		{"GET", "/api/v2/deals/42/nothing"},
		{"GET", "/api/v2/deals//followers"},
		{"GET", "/api/v3/deals"},
		{"GET", "/deals"},
	} {
		if op, ok := Match(tc[0], tc[1]); ok {
			t.Errorf("Match(%s %s) = %s; want none", tc[0], tc[1], op.ID)
		}
	}
	// Every template matches itself, filled.
	for _, o := range All() {
		path := o.Version.Prefix() + o.Path
		for strings.Contains(path, "{") {
			i, j := strings.Index(path, "{"), strings.Index(path, "}")
			path = path[:i] + "1" + path[j+1:]
		}
		got, ok := Match(o.Method, path)
		if !ok {
			t.Errorf("%s %s: no match", o.Method, path)
			continue
		}
		if got != o && strings.Count(got.Path, "{") >= strings.Count(o.Path, "{") {
			t.Errorf("%s %s matched %s, not %s", o.Method, path, got.ID, o.ID)
		}
	}
}
