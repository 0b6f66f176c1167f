package core

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pipedrive-go/pipedrive/internal/sdkerr"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// Sentinel errors. An *Error matches the ones that fit its status with
// errors.Is, so callers can test for a kind of failure without looking at
// status codes.
var (
	// ErrOutcomeUnknown marks a POST or PATCH that may or may not have been
	// applied by Pipedrive: the connection failed after the request was
	// written, or a 5xx came back. The SDK never re-sends such a request;
	// the caller must check (e.g. search for the object) before trying again.
	ErrOutcomeUnknown = errors.New("pipedrive: outcome unknown: the request may have been applied")
	// ErrUnauthorized matches 401 responses.
	ErrUnauthorized = errors.New("pipedrive: unauthorized")
	// ErrForbidden matches 403 responses, JSON or not.
	ErrForbidden = errors.New("pipedrive: forbidden")
	// ErrBlocked matches a 403 whose body is not Pipedrive's JSON: the block
	// page a firewall in front of the API shows to clients that kept sending
	// after rate-limit errors.
	ErrBlocked = errors.New("pipedrive: blocked by the API's firewall")
	// ErrNotFound matches 404 and 410 responses.
	ErrNotFound = errors.New("pipedrive: not found")
	// ErrRateLimited matches 429 responses that were still 429 after the
	// retries the client allows, or whose reset was too far away to wait
	// for.
	ErrRateLimited = errors.New("pipedrive: rate limited")
	// ErrRedirect matches a redirect answer (3xx) to an API request. The
	// SDK never follows one: Pipedrive does not redirect API calls, and
	// following would hand the credential and the body to whatever the
	// answer points to. The *Error's Redirect field names the target's
	// host.
	ErrRedirect = errors.New("pipedrive: redirect refused")
	// ErrNoData matches a successful response that carries no value for a
	// call that must yield one (an empty body, an envelope without data,
	// or null data): it comes as a *DecodeError, never as a zero object.
	ErrNoData = errors.New("pipedrive: the response carries no data")
	// ErrResponseTooLarge matches a successful response whose body,
	// decompressed, exceeds the client's limit (see
	// Config.MaxResponseBytes). The body is dropped and the request is not
	// retried.
	ErrResponseTooLarge = errors.New("pipedrive: response body too large")
	// ErrTimeout matches an attempt ended by one of the client's timeouts
	// (see Timeouts). It comes as a *TimeoutError, which also matches
	// context.DeadlineExceeded.
	ErrTimeout = errors.New("pipedrive: timed out")
)

// Error is an error response from the Pipedrive API (or from a proxy in
// front of it). It never holds a credential: Path has no host and no query.
//
// pipedrive.Error is its documented twin, with the same fields in the same
// order (the root package's conversions fail to compile otherwise): As
// converts to it. Keep the two in step.
type Error struct {
	StatusCode int    // HTTP status
	Method     string // HTTP method of the request
	Path       string // request path, e.g. "/api/v2/deals/42"
	Message    string // Pipedrive's "error" field
	Info       string // Pipedrive's "error_info" field
	Code       string // Pipedrive's "code" (e.g. feature_capping_deals_limit) or "errorCode"
	// FieldErrors are per-parameter messages from an "errors" object
	// (e.g. {"subscription_url": ["invalid or non-reachable URL"]}).
	FieldErrors map[string][]string
	// ContentType and Excerpt are set when the body was not Pipedrive's
	// JSON (an HTML page from a firewall or proxy): Excerpt is the start of
	// its text, with tags and runs of space removed.
	ContentType string
	Excerpt     string
	// Redirect is set for a redirect answer, which the SDK refuses to
	// follow: the host (and port) it pointed to, never its path or query.
	// Such errors match ErrRedirect.
	Redirect string
	// OutcomeUnknown is true for a request that is not safe to repeat
	// (a POST, a PATCH, a merge) answered with a 5xx: the server may have
	// applied it. Such errors match ErrOutcomeUnknown.
	OutcomeUnknown bool
	// RateLimit holds the response's rate-limit headers (-1 where one was
	// absent): a 429's Reset, RetryAfter and Limit say when to try again
	// and what the window is.
	RateLimit ratelimit.RateHeaders
}

// As converts e into its documented twin, pipedrive.Error.
func (e *Error) As(target any) bool { return sdkerr.AsPublic(e, target) }

// Error formats the error as "pipedrive: METHOD PATH: STATUS: message".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("pipedrive: ")
	b.WriteString(e.Method)
	b.WriteByte(' ')
	b.WriteString(e.Path)
	b.WriteString(": ")
	b.WriteString(strconv.Itoa(e.StatusCode))
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteByte(' ')
		b.WriteString(t)
	}
	if e.Redirect != "" {
		b.WriteString(": redirect to ")
		b.WriteString(e.Redirect)
		b.WriteString(" refused (Pipedrive does not redirect API calls; nothing was sent there)")
		return b.String()
	}
	switch {
	case e.Message != "":
		b.WriteString(": ")
		b.WriteString(e.Message)
		if e.Info != "" && e.Info != e.Message {
			b.WriteString(" (")
			b.WriteString(e.Info)
			b.WriteByte(')')
		}
		if e.Code != "" {
			b.WriteString(" [code ")
			b.WriteString(e.Code)
			b.WriteByte(']')
		}
		if len(e.FieldErrors) > 0 {
			keys := make([]string, 0, len(e.FieldErrors))
			for k := range e.FieldErrors {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for i, k := range keys {
				if i == 0 {
					b.WriteString(": ")
				} else {
					b.WriteString("; ")
				}
				b.WriteString(k)
				b.WriteString(": ")
				b.WriteString(strings.Join(e.FieldErrors[k], ", "))
			}
		}
	case e.Excerpt != "" || e.ContentType != "":
		fmt.Fprintf(&b, ": non-JSON response (%s)", orUnknown(e.ContentType))
		if e.Excerpt != "" {
			fmt.Fprintf(&b, ": %q", e.Excerpt)
		}
	}
	if e.StatusCode == http.StatusTooManyRequests {
		writeRate(&b, e.RateLimit)
	}
	if e.OutcomeUnknown {
		b.WriteString(" (outcome unknown: not re-sent)")
	}
	return b.String()
}

// writeRate adds what a 429's headers say: the window, and when it resets.
func writeRate(b *strings.Builder, h ratelimit.RateHeaders) {
	var parts []string
	if h.Limit >= 0 {
		parts = append(parts, fmt.Sprintf("limit %d per %s", h.Limit, ratelimit.Window))
	}
	if h.Remaining >= 0 {
		parts = append(parts, fmt.Sprintf("%d remaining", h.Remaining))
	}
	if w := max(h.Reset, h.RetryAfter); w >= 0 {
		parts = append(parts, "resets in "+w.String())
	}
	if h.DailyRequestsLeft >= 0 {
		parts = append(parts, fmt.Sprintf("%d daily writes left", h.DailyRequestsLeft))
	}
	if h.TokenRemaining >= 0 {
		parts = append(parts, fmt.Sprintf("%d daily tokens left", h.TokenRemaining))
	}
	if len(parts) > 0 {
		b.WriteString(" (")
		b.WriteString(strings.Join(parts, ", "))
		b.WriteByte(')')
	}
}

// Is reports whether the error matches one of the package's sentinels.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrBlocked:
		return e.StatusCode == http.StatusForbidden && e.Message == "" && (e.Excerpt != "" || e.ContentType != "")
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound || e.StatusCode == http.StatusGone
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrOutcomeUnknown:
		return e.OutcomeUnknown
	case ErrRedirect:
		return e.StatusCode >= 300 && e.StatusCode < 400
	}
	return false
}

// Temporary reports whether trying again later may succeed (429 and 5xx
// other than 501).
func (e *Error) Temporary() bool {
	return e.StatusCode == http.StatusTooManyRequests ||
		(e.StatusCode >= 500 && e.StatusCode != http.StatusNotImplemented)
}

// DecodeError reports a response that could not be decoded: malformed or
// truncated JSON, a value of the wrong type, a body that cannot be
// decompressed, or no value where the call must yield one (matching
// ErrNoData). Excerpt holds the start of the body; the request may have
// succeeded (see StatusCode). pipedrive.DecodeError is its documented
// twin (As converts to it).
type DecodeError struct {
	StatusCode int
	Method     string
	Path       string
	Excerpt    string
	Err        error
}

// Error describes what could not be decoded and where.
func (e *DecodeError) Error() string {
	msg := fmt.Sprintf("pipedrive: %s %s: %d: decoding response: %s", e.Method, e.Path, e.StatusCode, sdkerr.Bare(e.Err))
	if e.Excerpt != "" {
		msg += fmt.Sprintf(" (body starts %q)", e.Excerpt)
	}
	return msg
}

// Unwrap returns the decoder's error (e.g. *json.UnmarshalTypeError).
func (e *DecodeError) Unwrap() error { return e.Err }

// As converts e into its documented twin, pipedrive.DecodeError.
func (e *DecodeError) As(target any) bool { return sdkerr.AsPublic(e, target) }

// ResponseTooLargeError reports a successful response whose body,
// decompressed, exceeded the client's limit. It matches
// ErrResponseTooLarge. The request was answered (see StatusCode) and is
// not retried. pipedrive.ResponseTooLargeError is its documented twin (As
// converts to it).
type ResponseTooLargeError struct {
	StatusCode int
	Method     string
	Path       string
	Limit      int64 // the limit in bytes
	// Download is true for a download's content, whose limit is
	// MaxDownloadBytes; the content read before the limit was passed has
	// been delivered.
	Download bool
}

// Error says which response was too large and what the limit is.
func (e *ResponseTooLargeError) Error() string {
	if e.Download {
		return fmt.Sprintf("pipedrive: %s %s: %d: the download exceeds the limit of %s (the limit is set with MaxDownloadBytes)",
			e.Method, e.Path, e.StatusCode, byteSize(e.Limit))
	}
	return fmt.Sprintf("pipedrive: %s %s: %d: response body exceeds the limit of %s (not retried; the limit is set with MaxResponseBytes)",
		e.Method, e.Path, e.StatusCode, byteSize(e.Limit))
}

// Is matches ErrResponseTooLarge.
func (e *ResponseTooLargeError) Is(target error) bool { return target == ErrResponseTooLarge }

// As converts e into its documented twin, pipedrive.ResponseTooLargeError.
func (e *ResponseTooLargeError) As(target any) bool { return sdkerr.AsPublic(e, target) }

func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// TimeoutError reports an attempt ended by one of the client's timeouts:
// what it was waiting for and for how long (After is zero when the
// transport of a caller's http.Client timed out, with its own settings).
// It matches ErrTimeout and context.DeadlineExceeded.
// pipedrive.TimeoutError is its documented twin (As converts to it).
type TimeoutError struct {
	Waiting string        // e.g. "the response headers", "the whole attempt"
	After   time.Duration // the timeout that expired
	Err     error         // the transport's error, if it was the transport's timeout
}

// As converts e into its documented twin, pipedrive.TimeoutError.
func (e *TimeoutError) As(target any) bool { return sdkerr.AsPublic(e, target) }

// Error says what was waited for, and how long.
func (e *TimeoutError) Error() string {
	if e.After > 0 {
		return fmt.Sprintf("timed out after %s waiting for %s", e.After, e.Waiting)
	}
	return "timed out waiting for " + e.Waiting
}

// Is matches ErrTimeout and context.DeadlineExceeded.
func (e *TimeoutError) Is(target error) bool {
	return target == ErrTimeout || target == context.DeadlineExceeded
}

// Unwrap returns the transport's timeout error, if any.
func (e *TimeoutError) Unwrap() error { return e.Err }

// Timeout reports true, as net.Error's Timeout does.
func (e *TimeoutError) Timeout() bool { return true }

func orUnknown(s string) string {
	if s == "" {
		return "no content type"
	}
	return s
}

const excerptLen = 200

// excerpt returns up to excerptLen bytes of printable text from body. HTML
// tags, scripts and styles are dropped and white space is folded, so a
// firewall page reads as its message.
func excerpt(body []byte) string {
	s := scrubSecretFields(string(body))
	if strings.Contains(strings.ToLower(s[:min(len(s), 512)]), "<") {
		s = stripTags(s)
	}
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > excerptLen {
		cut := excerptLen
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return strings.ToValidUTF8(s, "")
}

// secretField matches a JSON member whose name says it holds a secret
// (http_auth_password, access_token, refresh_token, client_secret, ...)
// and its string value, which may be cut short by a truncated body.
var secretField = regexp.MustCompile(`(?i)("[^"]*(?:password|secret|token)[^"]*"\s*:\s*)"(?:[^"\\]|\\.)*"?`)

// scrubSecretFields replaces the values of secret-looking JSON members:
// responses such as GET /v1/webhooks carry passwords in their own data,
// which must not reach an error's excerpt.
func scrubSecretFields(s string) string {
	return secretField.ReplaceAllString(s, `${1}"[REDACTED]"`)
}

// asciiLower lower-cases the ASCII letters of s and keeps every other
// byte, so that indices into the result are indices into s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + ('a' - 'A')
		}
	}
	return string(b)
}

func stripTags(s string) string {
	var b strings.Builder
	// Lower-cased byte for byte: strings.ToLower replaces invalid UTF-8
	// with longer runes, and its indices would not be s's.
	lower := asciiLower(s)
	for i := 0; i < len(s); {
		if s[i] != '<' {
			b.WriteByte(s[i])
			i++
			continue
		}
		// Skip script and style elements whole.
		skipped := false
		for _, el := range []string{"script", "style"} {
			if strings.HasPrefix(lower[i+1:], el) {
				end := strings.Index(lower[i:], "</"+el)
				if end < 0 {
					return b.String()
				}
				i += end + len(el) + 2
				skipped = true
				break
			}
		}
		if skipped {
			if j := strings.IndexByte(s[i:], '>'); j >= 0 {
				i += j + 1
			}
			continue
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		b.WriteByte(' ')
		i += j + 1
	}
	return b.String()
}
