package ops

//go:generate go run ./gen -in operations.tsv -retry retry.tsv -out zz_operations.go

// Version is the Pipedrive API version an operation belongs to.
type Version uint8

const (
	// V1 operations live under /v1.
	V1 Version = 1
	// V2 operations live under /api/v2.
	V2 Version = 2
)

// Prefix returns the path prefix of the version: "/v1" or "/api/v2".
func (v Version) Prefix() string {
	if v == V2 {
		return "/api/v2"
	}
	return "/v1"
}

// String returns "v1" or "v2".
func (v Version) String() string {
	if v == V2 {
		return "v2"
	}
	return "v1"
}

// Op is one API operation.
type Op struct {
	Version Version
	Tag     string // the spec's tag, e.g. "Deals"
	Method  string // HTTP method
	Path    string // path template relative to the version prefix, e.g. "/deals/{id}"
	ID      string // the spec's operationId
	Cost    int    // token cost (x-token-cost)
	// Idempotent says whether the operation may be sent again after a 5xx
	// answer or a connection lost once the request was written: whether
	// a second send leaves the same state as one. It is a property of the
	// operation, not of its method: the method gives the default
	// (GET, HEAD, DELETE and PUT yes; POST and PATCH no) and retry.tsv
	// lists the exceptions (merges and field updates are PUTs whose
	// repeat does more). A request that is not idempotent and whose
	// outcome is unknown is never re-sent.
	Idempotent bool
}

// Search reports whether the operation is a search endpoint, which spends
// a slot of Pipedrive's separate search window.
func (o Op) Search() bool {
	return o.Method == "GET" && (hasSuffix(o.Path, "/search") || hasPrefix(o.Path, "/itemSearch"))
}

// Write reports whether the operation counts against the daily POST/PUT
// budget (PATCH included).
func (o Op) Write() bool {
	return o.Method == "POST" || o.Method == "PUT" || o.Method == "PATCH"
}

func hasSuffix(s, suf string) bool { return len(s) >= len(suf) && s[len(s)-len(suf):] == suf }
func hasPrefix(s, pre string) bool { return len(s) >= len(pre) && s[:len(pre)] == pre }

// All returns every known operation, in the order of operations.tsv.
func All() []Op {
	out := make([]Op, len(all))
	copy(out, all[:])
	return out
}
