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
