package ratelimit

import "time"

// Clock is the limiter's source of time. Tests pass a fake one
// (ratelimittest.Clock) so that waits are exact and instant; the default
// is the system clock.
//
// The signature of Timer uses only standard types so that a fake clock can
// live in any package without importing this one.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// Timer returns a channel that receives once, when d has passed, and a
	// stop function that cancels the timer and reports whether it was
	// still pending.
	Timer(d time.Duration) (c <-chan time.Time, stop func() bool)
}

// SystemClock is the real clock: time.Now and time.NewTimer.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// Timer starts a time.Timer.
func (SystemClock) Timer(d time.Duration) (<-chan time.Time, func() bool) {
	t := time.NewTimer(d)
	return t.C, t.Stop
}
