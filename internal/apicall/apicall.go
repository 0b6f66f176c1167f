package apicall

import (
	"context"
	"errors"

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

// Handle is the state of the webhooks Service: the Doer its calls go
// through. Package webhooks declares `type Service apicall.Handle` and the
// root package builds it with NewHandle and a conversion, so that no
// exported constructor takes an internal type (the resource packages do
// the same over internal/resource.Handle).
type Handle struct{ d Doer }

// NewHandle returns a Handle whose calls go through d.
func NewHandle(d Doer) *Handle { return &Handle{d: d} }

// Doer returns the handle's Doer. A zero Handle (a Service the user
// declared instead of taking it from the root client) gets one whose
// calls fail.
func (h *Handle) Doer() Doer {
	if h == nil || h.d == nil {
		return noDoer{}
	}
	return h.d
}

// errNoClient is the error of a call made through a service that was not
// built by the root package's NewClient.
var errNoClient = errors.New("pipedrive: the service was not built by pipedrive.NewClient (use client.Webhooks, not a Service of your own)")

type noDoer struct{}

func (noDoer) Do(context.Context, *Request, any) (int, error) { return 0, errNoClient }
