package pipedrive

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// Response is what the last response of a call said besides its data:
// status, headers, how many requests the call sent, the rate-limit headers
// and the limiter's view of the credential's budget afterwards. Ask for it
// with WithResponse; every method of every service fills it.
type Response struct {
	// StatusCode is the HTTP status of the last response; 0 when the
	// call's last attempt got none (refused before sending, or a
	// connection that failed).
	StatusCode int
	// Header holds the last response's headers (nil when there was none).
	Header http.Header
	// Attempts is how many requests the call sent or tried to send: 1,
	// plus one per retry (a 429 waited out, a 5xx or a connection failure
	// of a request safe to repeat, a refreshed credential).
	Attempts int
	// RateLimit holds the last response's rate-limit headers (limit,
	// remaining, reset, daily requests left, daily token limit and
	// remaining), each -1 when absent.
	RateLimit ratelimit.RateHeaders
	// Limiter is the limiter's state of the client's credential after the
	// response (window size, remaining, reset, daily writes left, tokens
	// spent, ...), as Client.RateLimit returns it. Its Known is false
	// when the limiter keeps no state (ratelimit.Unlimited) or holds
	// nothing for the key. With a shared store (ratelimit/redisstore)
	// reading it costs a round trip to the store.
	Limiter ratelimit.KeyState
	// AdditionalData is the envelope's raw additional_data object (paging,
	// summaries), nil when absent or when the call failed.
	AdditionalData json.RawMessage
	// RelatedObjects is the raw related_objects object of a v1 response,
	// nil when absent or when the call failed.
	RelatedObjects json.RawMessage
}

// WithResponse returns a copy of ctx that makes every call made with it
// fill *r when it returns, whatever the method: with the call's last
// response (for a list iterator, the last page fetched; for a call that
// failed, the failed response, or no status when none came back, as when
// the limiter refused it). Each call overwrites *r; give concurrent calls
// a Response each. A call refused for its params (an error matching
// ErrInvalidParams), or one that needs no request (ResolveCustomFields
// with cached definitions), sends nothing and leaves *r as it was.
//
//	var resp pipedrive.Response
//	d, err := client.Deals.Get(pipedrive.WithResponse(ctx, &resp), 42)
//	fmt.Println(resp.StatusCode, resp.RateLimit.Remaining, resp.Limiter.DailyWritesLeft)
func WithResponse(ctx context.Context, r *Response) context.Context {
	return core.WithResponse(ctx, (*core.Response)(r))
}

// RateLimit returns the limiter's state of the client's credential: the
// window size in force, the slots remaining and when the oldest frees, a
// server block, the daily writes used and left, the tokens spent and the
// budget, and the last response's rate headers. No request is sent. It
// fails with an error matching errors.ErrUnsupported when the client's
// limiter keeps no state (ratelimit.Unlimited, or an Admitter of your own
// without a State(ctx, key) method).
func (c *Client) RateLimit(ctx context.Context) (ratelimit.KeyState, error) {
	return c.core.RateLimit(ctx)
}
