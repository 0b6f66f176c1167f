package ops

import (
	"strings"
	"sync"
)

// Match returns the operation of the table that a request with method
// and path would perform: path is a request path with its version prefix
// ("/api/v2/deals/42", "/v1/deals/42/duplicate"), no query. A template's
// placeholder matches any one non-empty segment; where several templates
// match ("/deals/search" and "/deals/{id}"), the one with the most literal
// segments wins, as Pipedrive routes them.
func Match(method, path string) (Op, bool) {
	var v Version
	switch {
	case strings.HasPrefix(path, "/api/v2/"):
		v, path = V2, path[len("/api/v2"):]
	case strings.HasPrefix(path, "/v1/"):
		v, path = V1, path[len("/v1"):]
	default:
		return Op{}, false
	}
	segs := strings.Split(path[1:], "/")
	t := table()
	best, bestLit := -1, -1
	for _, i := range t.byKey[matchKey{v, method, len(segs)}] {
		lit, ok := matchSegments(t.segs[i], segs)
		if ok && lit > bestLit {
			best, bestLit = i, lit
		}
	}
	if best < 0 {
		return Op{}, false
	}
	return all[best], true
}

// matchSegments reports whether the segments of a concrete path fill a
// template's, and how many of the template's are literal.
func matchSegments(tmpl, segs []string) (literal int, ok bool) {
	for i, t := range tmpl {
		switch {
		case strings.HasPrefix(t, "{"):
			if segs[i] == "" {
				return 0, false
			}
		case t == segs[i]:
			literal++
		default:
			return 0, false
		}
	}
	return literal, true
}

type matchKey struct {
	v      Version
	method string
	n      int // segments
}

// matchTable is the operations by version, method and number of
// segments, and each one's segments, built on the first Match.
type matchTable struct {
	byKey map[matchKey][]int
	segs  [][]string
}

var table = sync.OnceValue(func() *matchTable {
	t := &matchTable{byKey: map[matchKey][]int{}, segs: make([][]string, len(all))}
	for i, o := range all {
		segs := strings.Split(o.Path[1:], "/")
		t.segs[i] = segs
		k := matchKey{o.Version, o.Method, len(segs)}
		t.byKey[k] = append(t.byKey[k], i)
	}
	return t
})
