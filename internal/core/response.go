package core

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// Response is what the last response of a call said besides its data,
// for callers who asked for it with WithResponse. pipedrive.Response is
// its documented twin (same fields, same order).
type Response struct {
	StatusCode     int
	Header         http.Header
	Attempts       int
	RateLimit      ratelimit.RateHeaders
	Limiter        ratelimit.KeyState
	AdditionalData json.RawMessage
	RelatedObjects json.RawMessage
}

type responseKey struct{}

// WithResponse returns a context that makes every call made with it fill
// r with what its last response said.
func WithResponse(ctx context.Context, r *Response) context.Context {
	if ctx == nil || r == nil {
		return ctx
	}
	return context.WithValue(ctx, responseKey{}, r)
}

// ResponseFrom returns the Response a call's context asks to fill, or nil.
func ResponseFrom(ctx context.Context) *Response {
	r, _ := ctx.Value(responseKey{}).(*Response)
	return r
}

// stateReader is implemented by limiters that keep a state per key
// (ratelimit.Limiter).
type stateReader interface {
	State(ctx context.Context, key string) (ratelimit.KeyState, error)
}

// RateLimit returns the limiter's state of the client's key. It fails
// with an error matching errors.ErrUnsupported when the client's limiter
// keeps none (ratelimit.Unlimited, an Admitter of the caller's own
// without a State method).
func (c *Client) RateLimit(ctx context.Context) (ratelimit.KeyState, error) {
	if c == nil {
		return ratelimit.KeyState{}, ErrNoClient
	}
	sr, ok := c.lim.(stateReader)
	if !ok {
		return ratelimit.KeyState{}, errNoState
	}
	return sr.State(ctx, c.key)
}

var errNoState = &noStateError{}

type noStateError struct{}

func (*noStateError) Error() string {
	return "pipedrive: the client's limiter keeps no state (it has no State method)"
}
func (*noStateError) Is(target error) bool { return target == errors.ErrUnsupported }

// fillResponse records the end of a call in the Response its context
// asked for, if any: the last attempt's response (none when it got no
// answer), the call's attempts, the response's rate headers and, for a
// limiter that keeps state, its view of the key after the response.
func (c *Client) fillResponse(ctx context.Context, r *run, meta *Meta) {
	rp := ResponseFrom(ctx)
	if rp == nil {
		return
	}
	*rp = Response{StatusCode: r.status, Header: r.header, Attempts: r.attempts, RateLimit: ratelimit.NoHeaders}
	if r.header != nil {
		rp.RateLimit = ratelimit.ParseHeaders(r.header, time.Now())
	}
	if meta != nil {
		rp.AdditionalData, rp.RelatedObjects = meta.AdditionalData, meta.RelatedObjects
	}
	if sr, ok := c.lim.(stateReader); ok {
		// The view after the call, even when its context was cancelled.
		if st, err := sr.State(context.WithoutCancel(ctx), c.key); err == nil {
			rp.Limiter = st
		}
	}
}
