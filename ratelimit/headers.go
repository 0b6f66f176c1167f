package ratelimit

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The response headers the limiter reads.
const (
	HeaderLimit          = "X-Ratelimit-Limit"                 // window size N
	HeaderRemaining      = "X-Ratelimit-Remaining"             // slots left in the window
	HeaderReset          = "X-Ratelimit-Reset"                 // seconds until the window resets
	HeaderDailyLeft      = "X-Daily-Requests-Left"             // POST/PUT left today (API tokens)
	HeaderTokenLimit     = "X-Daily-Ratelimit-Token-Limit"     // daily token budget, when sent
	HeaderTokenRemaining = "X-Daily-Ratelimit-Token-Remaining" // tokens left today, when sent
	HeaderRetryAfter     = "Retry-After"                       // seconds or an HTTP date
)

// RateHeaders holds the rate-limit headers of one response. A field is -1
// when its header was absent or unreadable.
type RateHeaders struct {
	Limit             int           // x-ratelimit-limit
	Remaining         int           // x-ratelimit-remaining
	Reset             time.Duration // x-ratelimit-reset
	RetryAfter        time.Duration // Retry-After (seconds form or HTTP date)
	DailyRequestsLeft int           // x-daily-requests-left
	TokenLimit        int64         // x-daily-ratelimit-token-limit
	TokenRemaining    int64         // x-daily-ratelimit-token-remaining
}

// NoHeaders is a RateHeaders with every field absent.
var NoHeaders = RateHeaders{Limit: -1, Remaining: -1, Reset: -1, RetryAfter: -1,
	DailyRequestsLeft: -1, TokenLimit: -1, TokenRemaining: -1}

// Any reports whether at least one header was present.
func (h RateHeaders) Any() bool { return h != NoHeaders }

// maxHeaderWait bounds a reset or Retry-After value only so that no
// value, however large, overflows time.Duration arithmetic. Below it a
// header reads as what it says: deciding what a long wait means is left
// to the caller (see ServerWait, MaxServerBlock and Request.MaxWait).
const maxHeaderWait = 366 * 24 * time.Hour

// MaxServerBlock is the longest a 429 blocks its key in a Limiter,
// whatever reset the server announced: a garbled or far reset (a spent
// daily token budget resets at midnight) must not silence a key for
// days. When the block ends, the next request probes the server again.
// Requests that would wait longer than their Request.MaxWait for a block
// are refused at once instead of waiting.
const MaxServerBlock = 10 * time.Minute

// ParseHeaders reads the rate-limit headers of a response. It never fails:
// absent, negative or malformed values come back as -1. now is used only
// to turn a Retry-After date into a duration. It is the one reader of
// these headers in the SDK: the limiter and the client core both use it.
func ParseHeaders(h http.Header, now time.Time) RateHeaders {
	r := NoHeaders
	if h == nil {
		return r
	}
	r.Limit = headerInt(h, HeaderLimit)
	r.Remaining = headerInt(h, HeaderRemaining)
	r.Reset = headerSeconds(h.Get(HeaderReset))
	r.DailyRequestsLeft = headerInt(h, HeaderDailyLeft)
	r.TokenLimit = headerInt64(h, HeaderTokenLimit)
	r.TokenRemaining = headerInt64(h, HeaderTokenRemaining)
	if v := strings.TrimSpace(h.Get(HeaderRetryAfter)); v != "" {
		if d := headerSeconds(v); d >= 0 {
			r.RetryAfter = d
		} else if t, err := http.ParseTime(v); err == nil {
			d := t.Sub(now)
			r.RetryAfter = min(max(d, 0), maxHeaderWait)
		}
	}
	return r
}

// ServerWait is how long the server asks a refused (429) request to wait
// before it is sent again: the larger of Retry-After and
// x-ratelimit-reset, or one Window when neither says more than zero. The
// limiter blocks the key for as long (up to MaxServerBlock), and the
// client core waits as long before its retry.
func ServerWait(h RateHeaders) time.Duration {
	if d := max(h.RetryAfter, h.Reset); d > 0 {
		return d
	}
	return Window
}

func headerInt(h http.Header, name string) int {
	v := headerInt64(h, name)
	if v > math.MaxInt32 {
		return math.MaxInt32
	}
	return int(v)
}

func headerInt64(h http.Header, name string) int64 {
	v := strings.TrimSpace(h.Get(name))
	if v == "" {
		return -1
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// headerSeconds reads a non-negative number of seconds, integer or
// decimal, capped at maxHeaderWait; -1 when absent or malformed.
func headerSeconds(v string) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return -1
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || math.IsNaN(f) {
		return -1
	}
	if f >= maxHeaderWait.Seconds() {
		return maxHeaderWait
	}
	return time.Duration(f * float64(time.Second))
}
