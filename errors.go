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
// truncated JSON, a value of the wrong type), with the start of the body.
type DecodeError = core.DecodeError

// ParamsError is a call refused before anything was sent because of its
// params: a required field left empty (Missing names them as the API
// does), nil params where a body is needed, an id that cannot be one, or
// a value the params' own checks refuse (Reason, and Err when they gave
// one). Every ParamsError matches ErrInvalidParams.
type ParamsError = core.ParamsError

// Sentinel errors, matched with errors.Is.
var (
	// ErrOutcomeUnknown: a POST or PATCH may or may not have been applied
	// (the connection broke after it was sent, or a 5xx came back). The SDK
	// never re-sends such a request; check before trying again.
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
	// ErrRateLimited matches a 429 that persisted through the retries.
	ErrRateLimited = core.ErrRateLimited
	// ErrInvalidParams matches every call refused before anything was
	// sent because of its params (a *ParamsError, or the webhooks
	// package's own checks): nothing reached Pipedrive, no rate-limit
	// slot or daily write was spent, and the same params will be refused
	// again.
	ErrInvalidParams = core.ErrInvalidParams
)

// ErrNoProgress ends a list iteration whose server answered twice with the
// same page continuation, which would otherwise loop forever.
var ErrNoProgress = core.ErrNoProgress
