package spec

import (
	"regexp"
	"strings"
)

// Fault is a known disagreement between a spec and the API (or between a
// spec's parts) that the checks accept, with the reason.
type Fault struct {
	// Op matches operations by Key ("v2 GET /deals"); a regexp.
	Op string
	// Where and Name match a Violation's ("query", "include_fields"); Name
	// is a regexp.
	Where, Name string
	// What is a substring of the violation's problem; "" matches any.
	What string
	// Reason says why the SDK is right and the spec is not.
	Reason string
}

func (f Fault) explains(v Violation) bool {
	return (f.Where == "" || f.Where == v.Where) &&
		regexp.MustCompile("^(?:"+f.Op+")$").MatchString(v.Op) &&
		regexp.MustCompile("^(?:"+f.Name+")$").MatchString(v.Name) &&
		strings.Contains(v.What, f.What)
}

// Explain returns the fault that explains v, if any.
func Explain(faults []Fault, v Violation) (Fault, bool) {
	for _, f := range faults {
		if f.explains(v) {
			return f, true
		}
	}
	return Fault{}, false
}

// CommaList is the What of a fault that accepts, for the operations and
// query parameters it names, a comma-separated list of the values the
// spec types the parameter as one of (CheckQueryLists reports such a list
// as "comma-list of N").
const CommaList = "comma-list"

// CommaLists returns the test of parameter names that CheckQueryLists
// takes for op: the query parameters that a fault of faults whose What is
// CommaList accepts as comma-joined lists in op. The lists the checks
// split are thus exactly the ones the known faults explain.
func CommaLists(faults []Fault, op *Op) func(name string) bool {
	return func(name string) bool {
		v := Violation{Op: op.Key(), Where: "query", Name: name, What: CommaList}
		for _, f := range faults {
			if f.What == CommaList && f.explains(v) {
				return true
			}
		}
		return false
	}
}
