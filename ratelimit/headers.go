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

// maxReset bounds a reset or Retry-After value so that a garbled header
// cannot block a key for days.
const maxReset = 10 * time.Minute

// ParseHeaders reads the rate-limit headers of a response. It never fails:
// absent, negative or malformed values come back as -1. now is used only
// to turn a Retry-After date into a duration.
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
			r.RetryAfter = min(max(d, 0), maxReset)
		}
	}
	return r
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
// decimal, capped at maxReset; -1 when absent or malformed.
func headerSeconds(v string) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return -1
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || math.IsNaN(f) {
		return -1
	}
	if f >= maxReset.Seconds() {
		return maxReset
	}
	return time.Duration(f * float64(time.Second))
}
