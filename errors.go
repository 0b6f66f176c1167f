package pipedrive

import (
	"time"

	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// The error types below are documented twins of the client core's: the
// core returns its own values, and errors.As converts them into these (the
// same error, seen through its public type), so that
//
//	var apiErr *pipedrive.Error
//	if errors.As(err, &apiErr) { ... }
//
// works for every error the SDK returns. Match them with errors.As, not
// with a type switch or assertion, which sees only the core's type. Each
// twin has exactly its core type's fields (the conversions in its methods
// fail to compile otherwise) and delegates its methods to it.

// Error is an error response from the Pipedrive API, or from a proxy or
// firewall in front of it: status, Pipedrive's message, error_info and
// code, and the request's method and path (never a credential). Test for
// it with errors.As:
//
//	var apiErr *pipedrive.Error
//	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound { ... }
//
// It matches the sentinels that fit its status with errors.Is
// (ErrNotFound, ErrRateLimited, ...).
type Error struct {
	// StatusCode is the response's HTTP status.
	StatusCode int
	// Method is the request's HTTP method.
	Method string
	// Path is the request's path, e.g. "/api/v2/deals/42": no host, no
	// query.
	Path string
	// Message is Pipedrive's "error" (or "message") member.
	Message string
	// Info is Pipedrive's "error_info" member.
	Info string
	// Code is Pipedrive's "code" (e.g. feature_capping_deals_limit) or
	// "errorCode".
	Code string
	// FieldErrors are the per-parameter messages of an "errors" object
	// (e.g. {"subscription_url": ["invalid or non-reachable URL"]}).
	FieldErrors map[string][]string
	// ContentType is set when the body was not Pipedrive's JSON (an HTML
	// page from a firewall or proxy).
	ContentType string
	// Excerpt is then the start of the body's text, with tags and runs of
	// space removed and secrets redacted.
	Excerpt string
	// Redirect is set for a redirect answer, which the SDK refuses to
	// follow: the host (and port) it pointed to, never its path or query.
	// Such errors match ErrRedirect.
	Redirect string
	// OutcomeUnknown is true for a request that is not safe to repeat
	// (a create, a PATCH update, a merge) answered with a 5xx: the server
	// may have applied it. Such errors match ErrOutcomeUnknown.
	OutcomeUnknown bool
	// RateLimit holds the response's rate-limit headers, each -1 when
	// absent. For a 429 (ErrRateLimited), Reset and RetryAfter say when
	// the window frees and Limit how large it is; ratelimit.ServerWait
	// gives the wait the SDK itself would observe.
	RateLimit ratelimit.RateHeaders
}

// Error formats the error as "pipedrive: METHOD PATH: STATUS: message".
func (e *Error) Error() string { return (*core.Error)(e).Error() }

// Is reports whether the error matches one of the sentinels: ErrNotFound
// (404, 410), ErrUnauthorized, ErrForbidden, ErrBlocked, ErrRateLimited,
// ErrRedirect, ErrOutcomeUnknown.
func (e *Error) Is(target error) bool { return (*core.Error)(e).Is(target) }

// Temporary reports whether trying again later may succeed (429 and 5xx
// other than 501).
func (e *Error) Temporary() bool { return (*core.Error)(e).Temporary() }

// DecodeError reports a response that could not be decoded (malformed or
// truncated JSON, a value of the wrong type, a body that cannot be
// decompressed, no value where the call must return one: see ErrNoData),
// with the start of the body. The request may have succeeded (see
// StatusCode).
type DecodeError struct {
	// StatusCode is the response's HTTP status.
	StatusCode int
	// Method and Path are the request's, e.g. "GET", "/api/v2/deals/42".
	Method string
	Path   string
	// Excerpt is the start of the body, secrets redacted.
	Excerpt string
	// Err is the decoder's error (e.g. a *json.UnmarshalTypeError, or one
	// matching ErrNoData).
	Err error
}

// Error says what could not be decoded and where.
func (e *DecodeError) Error() string { return (*core.DecodeError)(e).Error() }

// Unwrap returns the decoder's error.
func (e *DecodeError) Unwrap() error { return e.Err }

// ParamsError is a call refused before anything was sent because of its
// params: a required field left empty (Missing names them as the API
// does), nil params where a body is needed, an id that cannot be one, or
// a value the params' own checks refuse (Reason, and Err when they gave
// one). Every ParamsError matches ErrInvalidParams.
type ParamsError struct {
	// Method and Path are the operation's ("POST", "/api/v2/deals").
	Method, Path string
	// Missing lists the required fields left empty, by their names on the
	// wire ("title").
	Missing []string
	// Reason is set for other refusals ("nil params").
	Reason string
	// Err is the params' own Validate error, if that refused the call.
	Err error
}

// Error says which call was refused and why.
func (e *ParamsError) Error() string { return (*core.ParamsError)(e).Error() }

// Is matches ErrInvalidParams.
func (e *ParamsError) Is(target error) bool { return (*core.ParamsError)(e).Is(target) }

// Unwrap returns the params' own Validate error, if any.
func (e *ParamsError) Unwrap() error { return e.Err }

// TimeoutError reports an attempt ended by one of the client's timeouts
// (see WithTimeouts): what it was waiting for, and how long. It matches
// ErrTimeout and context.DeadlineExceeded.
type TimeoutError struct {
	// Waiting says what the attempt was waiting for, e.g. "the response
	// headers", "the whole attempt".
	Waiting string
	// After is the timeout that expired; zero when the transport of a
	// caller's http.Client timed out with its own settings.
	After time.Duration
	// Err is the transport's error, when the transport timed out.
	Err error
}

// Error says what was waited for, and how long.
func (e *TimeoutError) Error() string { return (*core.TimeoutError)(e).Error() }

// Is matches ErrTimeout and context.DeadlineExceeded.
func (e *TimeoutError) Is(target error) bool { return (*core.TimeoutError)(e).Is(target) }

// Unwrap returns the transport's error, if any.
func (e *TimeoutError) Unwrap() error { return e.Err }

// Timeout reports true, as net.Error's Timeout does.
func (e *TimeoutError) Timeout() bool { return true }

// ResponseTooLargeError reports a successful response whose body,
// decompressed, exceeded the limit (see WithMaxResponseBytes), or a
// download whose content exceeded WithMaxDownloadBytes (Download is then
// true). It matches ErrResponseTooLarge. The request was answered and is
// not retried.
type ResponseTooLargeError struct {
	// StatusCode is the response's HTTP status.
	StatusCode int
	// Method and Path are the request's.
	Method string
	Path   string
	// Limit is the limit in bytes.
	Limit int64
	// Download is true for a download's content, whose limit is
	// WithMaxDownloadBytes; the content read before the limit was passed
	// has been delivered.
	Download bool
}

// Error says which response was too large and what the limit is.
func (e *ResponseTooLargeError) Error() string { return (*core.ResponseTooLargeError)(e).Error() }

// Is matches ErrResponseTooLarge.
func (e *ResponseTooLargeError) Is(target error) bool {
	return (*core.ResponseTooLargeError)(e).Is(target)
}

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
	// decompressed, exceeds the limit (WithMaxResponseBytes), and a
	// download larger than WithMaxDownloadBytes. It is not retried.
	ErrResponseTooLarge = core.ErrResponseTooLarge
	// ErrTimeout matches an attempt ended by one of the client's timeouts
	// (WithTimeouts), as a *TimeoutError.
	ErrTimeout = core.ErrTimeout
)

// ErrNoProgress ends a list iteration whose server answered twice with the
// same page continuation, which would otherwise loop forever.
var ErrNoProgress = core.ErrNoProgress
