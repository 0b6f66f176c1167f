package apicall

import (
	"context"

	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// Request is one API call, as the core's Call describes it.
type Request struct {
	// Op is the operation (version, method, path template, token cost).
	Op ops.Op
	// PathArgs fill the {placeholders} of Op.Path in order.
	PathArgs []any
	// Query is a struct with `url:"..."` tags, a url.Values, or nil.
	Query any
	// Body is encoded as JSON when non-nil.
	Body any
	// SkipAdmission sends the request without asking the limiter first;
	// the response is still observed.
	SkipAdmission bool
}

// Doer sends a Request through the client core and decodes the envelope's
// data into out (a pointer, or nil to discard it).
type Doer interface {
	// Do returns the HTTP status of the final response (0 when no
	// response came back) and the core's error, unchanged, if any.
	Do(ctx context.Context, r *Request, out any) (status int, err error)
}
