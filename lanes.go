package pipedrive

import (
	"context"

	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// Interactive returns a context whose calls are admitted ahead of Normal
// and Background calls of the same credential when its rate-limit window
// is full: for calls someone is waiting for, such as a user's page in a
// backend that also runs a sync on the same token. It never lets the
// token exceed its window, and background calls keep a bounded share
// (ratelimit.MaxPassOver). A call already at the head of the queue is not
// overtaken. Calls of a context not marked are Normal. A nil ctx is
// returned as it is.
func Interactive(ctx context.Context) context.Context {
	return ratelimit.WithPriority(ctx, ratelimit.Interactive)
}

// Background returns a context whose calls wait behind Interactive and
// Normal calls of the same credential when its window is full, for work
// nobody waits for (a sync, a nightly job). They keep at least one of
// every ratelimit.MaxPassOver+1 admissions while others wait, so they are
// never starved. A nil ctx is returned as it is.
func Background(ctx context.Context) context.Context {
	return ratelimit.WithPriority(ctx, ratelimit.Background)
}

// identify tells the client's limiter whom cred acts for, when cred says
// it (auth.IdentityProvider) and the limiter can be told
// (ratelimit.Identifier).
func identify(lim ratelimit.Admitter, key string, cred auth.Credential) {
	ip, ok := cred.(auth.IdentityProvider)
	if !ok {
		return
	}
	co, user, ok := ip.Identity()
	if !ok {
		return
	}
	if id, ok := lim.(ratelimit.Identifier); ok {
		id.Identify(key, ratelimit.UserKey(co, user), ratelimit.CompanyKey(co))
	}
}
