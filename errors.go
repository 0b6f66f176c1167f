package pipedrive

import "github.com/pipedrive-go/pipedrive/internal/core"

// Error is an error response from the Pipedrive API, or from a proxy or
// firewall in front of it: status, Pipedrive's message, error_info and
// code, and the request's method and path (never a credential). Test for
// it with errors.As:
//
//	var apiErr *pipedrive.Error
//	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound { ... }
type Error = core.Error

// DecodeError reports a response that could not be decoded (malformed or
// truncated JSON, a value of the wrong type, no value where the call must
// return one: see ErrNoData), with the start of the body.
type DecodeError = core.DecodeError

// ParamsError is a call refused before anything was sent because of its
// params: a required field left empty (Missing names them as the API
// does), nil params where a body is needed, an id that cannot be one, or
// a value the params' own checks refuse (Reason, and Err when they gave
// one). Every ParamsError matches ErrInvalidParams.
type ParamsError = core.ParamsError

// TimeoutError reports an attempt ended by one of the client's timeouts
// (see WithTimeouts): what it was waiting for, and how long. It matches
// ErrTimeout and context.DeadlineExceeded.
type TimeoutError = core.TimeoutError

// ResponseTooLargeError reports a successful response whose body,
// decompressed, exceeded the limit (see WithMaxResponseBytes). It matches
// ErrResponseTooLarge.
type ResponseTooLargeError = core.ResponseTooLargeError

// Sentinel errors, matched with errors.Is.
var (
	// ErrOutcomeUnknown: a request that is not safe to repeat (a create,
	// a PATCH update, a merge) may or may not have been applied (the
	// connection broke or timed out after it was sent, or a 5xx came
	// back). The SDK never re-sends such a request; check before trying
	// again.
	ErrOutcomeUnknown = core.ErrOutcomeUnknown
	// ErrUnauthorized matches 401 responses.
	ErrUnauthorized = core.ErrUnauthorized
	// ErrForbidden matches 403 responses.
	ErrForbidden = core.ErrForbidden
	// ErrBlocked matches a 403 HTML page from the firewall in front of the
	// API, shown to clients that kept sending after 429s.
	ErrBlocked = core.ErrBlocked
	// ErrNotFound matches 404 and 410 responses.
	ErrNotFound = core.ErrNotFound
	// ErrRateLimited matches a 429 that persisted through the retries, or
	// whose reset is further away than the longest wait allowed (see
	// WithMaxRateLimitWait; the error's *ratelimit.WaitError says the
	// wait).
	ErrRateLimited = core.ErrRateLimited
	// ErrInvalidParams matches every call refused before anything was
	// sent because of its params (a *ParamsError, or the webhooks
	// package's own checks): nothing reached Pipedrive, no rate-limit
	// slot or daily write was spent, and the same params will be refused
	// again.
	ErrInvalidParams = core.ErrInvalidParams
	// ErrRedirect matches a redirect answer to an API request. Pipedrive
	// does not redirect API calls, and the SDK never follows a redirect:
	// the credential and the body never reach another host. The *Error's
	// Redirect field names the target's host (never its path or query).
	ErrRedirect = core.ErrRedirect
	// ErrNoData matches a successful response without the object the call
	// must return (an empty body, no data member, or null data), as a
	// *DecodeError: a Get never returns a zero object. Deletes, which
	// return nothing, accept any of these; lists read null data as empty.
	ErrNoData = core.ErrNoData
	// ErrResponseTooLarge matches a successful response whose body,
	// decompressed, exceeds the limit (WithMaxResponseBytes). It is not
	// retried.
	ErrResponseTooLarge = core.ErrResponseTooLarge
	// ErrTimeout matches an attempt ended by one of the client's timeouts
	// (WithTimeouts), as a *TimeoutError.
	ErrTimeout = core.ErrTimeout
)

// ErrNoProgress ends a list iteration whose server answered twice with the
// same page continuation, which would otherwise loop forever.
var ErrNoProgress = core.ErrNoProgress
