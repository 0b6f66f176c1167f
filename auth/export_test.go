package auth

import "time"

// WithClock replaces time.Now in a credential, for tests in auth_test.
func WithClock(now func() time.Time) OAuthOption { return withClock(now) }

// UnauthorizedGrace exposes the grace period of HandleUnauthorized.
const UnauthorizedGrace = unauthorizedGrace

// WithRereadDelays replaces the pauses between the store reads that
// follow an invalid_grant.
func WithRereadDelays(d ...time.Duration) OAuthOption {
	return func(o *oauthOptions) { o.rereadDelays = d }
}
