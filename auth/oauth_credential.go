package auth

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/logctx"
)

// Defaults of the OAuth credential's options.
const (
	// DefaultRefreshSkew is how long before its expiry an access token is
	// renewed, so that a request never leaves with a token about to die.
	DefaultRefreshSkew = 60 * time.Second
	// DefaultRefreshTimeout bounds one refresh (store load, token request
	// and store save).
	DefaultRefreshTimeout = 30 * time.Second
	// unauthorizedGrace: a 401 within this time of a refresh, for a request
	// whose token is unknown, is taken as a request that left with the
	// previous token; it is retried without another refresh.
	unauthorizedGrace = 30 * time.Second
	// saveRetryInterval spaces the retries of a failed TokenStore.Save, so
	// that a store that is down does not slow every request.
	saveRetryInterval = 5 * time.Second
)

// ErrRevoked is returned by a credential whose grant was revoked with
// OAuthCredential.Revoke.
var ErrRevoked = errors.New("pipedrive/auth: the OAuth grant was revoked")

// OAuthOption configures a credential built by OAuth or LoadOAuth.
type OAuthOption func(*oauthOptions)

type oauthOptions struct {
	store          TokenStore
	storeKey       string
	skew           time.Duration
	refreshTimeout time.Duration
	logger         *slog.Logger
	now            func() time.Time
	rereadDelays   []time.Duration // pauses between store reads after invalid_grant
	company, user  int64           // WithIdentity's ids; 0 when not given
	err            error
}

// defaultRereadDelays space the store reads of a credential whose refresh
// token was refused: about two seconds in all, enough for the process
// that used it first to save its successor.
var defaultRereadDelays = []time.Duration{100 * time.Millisecond, 300 * time.Millisecond, 600 * time.Millisecond, time.Second}

// WithTokenStore makes the credential save every new token to store under
// key, and load the stored token before refreshing (so that several
// processes sharing the store follow each other's refreshes). A token given
// to OAuth is saved at the credential's first use, so that the store never
// lags behind the credential; to resume a grant from the store, use
// LoadOAuth, which does not write it back. The key also
// fixes the credential's LimitKey: every credential built for the same
// app and key, in any process, spends the same rate-limit budget.
func WithTokenStore(store TokenStore, key string) OAuthOption {
	return func(o *oauthOptions) {
		if store == nil {
			o.err = errors.New("pipedrive/auth: WithTokenStore: nil store")
			return
		}
		o.store, o.storeKey = store, key
	}
}

// WithIdentity tells the credential the ids of the Pipedrive company and
// user its grant is for, which the app knows when it stores the token
// (the TokenStore key "<company id>:<user id>"; GET /v1/users/me answers
// them). Its clients then spend that user's daily write budget and that
// company's token budget together with every other credential of the user
// (another app, another grant) or company (see IdentityProvider). Ids that
// are not positive make Validate fail.
func WithIdentity(companyID, userID int64) OAuthOption {
	return func(o *oauthOptions) {
		if companyID <= 0 || userID <= 0 {
			o.err = fmt.Errorf("%w: WithIdentity(%d, %d)", errBadIdentity, companyID, userID)
			return
		}
		o.company, o.user = companyID, userID
	}
}

// WithRefreshSkew sets how long before expiry the access token is renewed
// (DefaultRefreshSkew when not given). It must not be negative, nor longer
// than the token's 60-minute life.
func WithRefreshSkew(d time.Duration) OAuthOption {
	return func(o *oauthOptions) {
		if d < 0 || d >= time.Hour {
			o.err = fmt.Errorf("pipedrive/auth: WithRefreshSkew(%v): want 0 <= skew < 1h", d)
			return
		}
		o.skew = d
	}
}

// WithRefreshTimeout bounds one refresh (DefaultRefreshTimeout when not
// given). A refresh is not cancelled with the request that started it,
// because others may be waiting for it and a rotated refresh token must
// not be lost halfway; this timeout ends it instead.
func WithRefreshTimeout(d time.Duration) OAuthOption {
	return func(o *oauthOptions) {
		if d <= 0 {
			o.err = fmt.Errorf("pipedrive/auth: WithRefreshTimeout(%v): want a positive duration", d)
			return
		}
		o.refreshTimeout = d
	}
}

// WithLogger makes the credential log refreshes (debug), failed refreshes
// (warn) and failed saves (error) to l. Without it, the credential logs to
// the logger of the client whose request made it refresh
// (pipedrive.WithLogger), or nowhere. No secret is ever logged.
func WithLogger(l *slog.Logger) OAuthOption {
	return func(o *oauthOptions) {
		if l != nil {
			o.logger = l
		}
	}
}

// withClock replaces time.Now, for tests.
func withClock(now func() time.Time) OAuthOption {
	return func(o *oauthOptions) { o.now = now }
}

// OAuthCredential is a Credential for one OAuth grant (one app, company
// and user). It sends the access token as a Bearer token, gives the
// client the token's api_domain as base URL, renews the access token
// shortly before it expires and after a 401, and saves every new token to
// its TokenStore.
//
// It is safe for concurrent use and cheap to hold by the thousand: it owns
// no goroutine or timer. Refreshing is lazy, done by the first request that
// needs it; however many goroutines need a refresh at once, exactly one
// token request is sent and the others wait for its result.
type OAuthCredential struct {
	cfg      OAuthConfig
	opts     oauthOptions
	limitKey string

	saveMu sync.Mutex // serializes TokenStore.Save calls

	mu          sync.Mutex
	tok         Token
	authz       string    // "Bearer " + tok.AccessToken, built once per token
	gen         uint64    // incremented by every token change
	refreshedAt time.Time // when the current token was installed by a refresh
	flight      *flight   // the refresh in progress, if any
	dead        error     // permanent failure: no refresh is attempted any more
	unsaved     bool      // the current token has not reached the store
	saving      bool      // a save is running or about to run
	lastSaveTry time.Time // when Authenticate last tried to save
}

// flight is one refresh in progress; done is closed when err is set.
type flight struct {
	done chan struct{}
	err  error
}

// OAuth returns a credential for tok, a token obtained with cfg (from
// Exchange, or loaded from storage). cfg is copied. Problems with cfg, tok
// or opts are reported by Validate, which pipedrive.NewClient calls.
func OAuth(cfg *OAuthConfig, tok *Token, opts ...OAuthOption) *OAuthCredential {
	c := &OAuthCredential{opts: oauthOptions{
		skew:           DefaultRefreshSkew,
		refreshTimeout: DefaultRefreshTimeout,
		rereadDelays:   defaultRereadDelays,
	}}
	for _, o := range opts {
		if o != nil {
			o(&c.opts)
		}
	}
	if c.opts.now == nil {
		c.opts.now = time.Now
	}
	if cfg != nil {
		c.cfg = *cfg
	} else if c.opts.err == nil {
		c.opts.err = fmt.Errorf("%w: nil config", ErrInvalidConfig)
	}
	if tok != nil {
		c.tok = *tok.clone()
		c.authz = "Bearer " + c.tok.AccessToken
	}
	// A token handed in with a store is saved at first use (LoadOAuth's
	// came from the store and is not).
	c.unsaved = c.opts.store != nil
	switch {
	case c.opts.store != nil:
		c.limitKey = HashKey(KindOAuth.String(), c.cfg.ClientID+"\x00store\x00"+c.opts.storeKey)
	case c.tok.RefreshToken != "":
		c.limitKey = HashKey(KindOAuth.String(), c.cfg.ClientID+"\x00refresh\x00"+c.tok.RefreshToken)
	default:
		c.limitKey = HashKey(KindOAuth.String(), c.cfg.ClientID+"\x00access\x00"+c.tok.AccessToken)
	}
	return c
}

// LoadOAuth returns a credential for the token stored under key, saving
// its future tokens there too (OAuth with WithTokenStore(store, key)).
// It is how a restarted backend resumes a grant.
func LoadOAuth(ctx context.Context, cfg *OAuthConfig, store TokenStore, key string, opts ...OAuthOption) (*OAuthCredential, error) {
	if store == nil {
		return nil, errors.New("pipedrive/auth: LoadOAuth: nil store")
	}
	if ctx == nil {
		return nil, errNilContext
	}
	tok, err := loadRecovered(ctx, store, key)
	if err != nil {
		return nil, fmt.Errorf("pipedrive/auth: load token: %w", err)
	}
	if tok == nil {
		return nil, fmt.Errorf("pipedrive/auth: load token: %w", ErrTokenNotFound)
	}
	c := OAuth(cfg, tok, append(append([]OAuthOption(nil), opts...), WithTokenStore(store, key))...)
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c.unsaved = false
	return c, nil
}

// loadRecovered is store.Load with a panic turned into a
// *StorePanicError (whose value cannot show a token it never saw).
func loadRecovered(ctx context.Context, store TokenStore, key string) (tok *Token, err error) {
	defer func() {
		if p := recover(); p != nil {
			tok, err = nil, &StorePanicError{Method: "TokenStore.Load", Value: truncate(fmt.Sprint(p), 300)}
		}
	}()
	return store.Load(ctx, key)
}

// errNotBuilt is returned by an OAuthCredential that was not built by OAuth
// or LoadOAuth (its zero value).
var errNotBuilt = errors.New("pipedrive/auth: OAuthCredential must be created with auth.OAuth or auth.LoadOAuth")

// errNilContext is returned for a nil context, which would otherwise
// panic (possibly with the credential's lock held).
var errNilContext = errors.New("pipedrive/auth: nil context")

// usable reports a credential that cannot work at all.
func (c *OAuthCredential) usable() error {
	if c == nil || c.opts.now == nil {
		return errNotBuilt
	}
	return c.opts.err
}

// Kind returns KindOAuth: the OAuth column of the rate-limit plan table
// applies.
func (c *OAuthCredential) Kind() Kind { return KindOAuth }

// LimitKey identifies the credential's rate-limit budget. It is fixed at
// construction and survives every refresh: a hash of the app's client id
// and the store key when the credential has a store, otherwise a hash of
// the first refresh token. It never contains a secret.
func (c *OAuthCredential) LimitKey() string { return c.limitKey }

// Identity returns the ids given with WithIdentity; ok is false without
// it.
func (c *OAuthCredential) Identity() (companyID, userID int64, ok bool) {
	if c == nil || c.opts.company <= 0 {
		return 0, 0, false
	}
	return c.opts.company, c.opts.user, true
}

// Validate reports whether the credential can be used: a config with
// client credentials, a token with an access or refresh token, an
// api_domain the config trusts (see OAuthConfig.AllowedAPIDomains; else
// an error matching ErrUntrustedAPIDomain) and valid options.
// pipedrive.NewClient calls it before sending anything.
func (c *OAuthCredential) Validate() error {
	if err := c.usable(); err != nil {
		return err
	}
	if err := c.cfg.validate(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tok.AccessToken == "" && c.tok.RefreshToken == "" {
		return ErrEmptyToken
	}
	return c.cfg.checkAPIDomain(c.tok.APIDomain, c.tok.AccessToken, c.tok.RefreshToken)
}

// BaseURL returns the token's api_domain, the company's own API server,
// which a client built without an explicit base URL talks to. It is empty
// when the token endpoint sent no api_domain.
func (c *OAuthCredential) BaseURL() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tok.APIDomain
}

// Token returns a copy of the current token (for example to store it
// yourself).
func (c *OAuthCredential) Token() *Token {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tok.clone()
}

// Authenticate sets the Authorization header to the current access token,
// renewing it first when it expires within the refresh skew. When a
// renewal fails but the current access token has not actually expired
// yet, that token is used and the error is only logged.
func (c *OAuthCredential) Authenticate(ctx context.Context, h http.Header) error {
	if ctx == nil {
		return errNilContext
	}
	if err := c.usable(); err != nil {
		return err
	}
	c.mu.Lock()
	now := c.opts.now()
	if !c.tok.expiresWithin(now, c.opts.skew) {
		authz := c.authz
		var pending *Token
		if c.unsaved && !c.saving && (c.lastSaveTry.IsZero() || now.Sub(c.lastSaveTry) >= saveRetryInterval) {
			c.saving = true
			c.lastSaveTry = now
			pending = c.tok.clone()
		}
		gen := c.gen
		c.mu.Unlock()
		if pending != nil {
			_ = c.save(ctx, pending, gen) // logged; retried later
		}
		h["Authorization"] = []string{authz}
		return nil
	}
	gen := c.gen
	c.mu.Unlock()

	tok, err := c.refreshFrom(ctx, gen)
	if err == nil {
		setBearer(h, tok.AccessToken)
		return nil
	}
	if ctx.Err() == nil {
		c.mu.Lock()
		access, stillValid := c.tok.AccessToken, !c.tok.expiresWithin(c.opts.now(), 0)
		c.mu.Unlock()
		if stillValid {
			setBearer(h, access)
			return nil
		}
	}
	return err
}

func setBearer(h http.Header, access string) {
	h.Set("Authorization", "Bearer "+access)
}

// HandleUnauthorized renews the access token after the API answered 401,
// unless a renewal is not the cure: a refresh is already running (its
// result is awaited instead), or the token was renewed within the last 30
// seconds, in which case the rejected request most likely left with the
// previous token and is simply sent again. It returns nil when the request
// should be sent again, and a permanent error (matching ErrInvalidGrant,
// ErrNoRefreshToken or ErrRevoked) when the grant is gone.
func (c *OAuthCredential) HandleUnauthorized(ctx context.Context) error {
	if ctx == nil {
		return errNilContext
	}
	if err := c.usable(); err != nil {
		return err
	}
	c.mu.Lock()
	gen := c.gen
	if c.flight == nil && c.dead == nil && !c.refreshedAt.IsZero() &&
		c.opts.now().Sub(c.refreshedAt) < unauthorizedGrace {
		c.mu.Unlock()
		return nil
	}
	c.mu.Unlock()
	_, err := c.refreshFrom(ctx, gen)
	return err
}

// HandleUnauthorizedRequest is the exact form of HandleUnauthorized, for
// clients that pass the header the rejected request was sent with: when
// that request carried an access token that was already replaced, it
// returns nil at once (send again with the new token); when it carried the
// current token, that token is renewed, once however many requests were
// rejected with it.
func (c *OAuthCredential) HandleUnauthorizedRequest(ctx context.Context, sent http.Header) error {
	if ctx == nil {
		return errNilContext
	}
	if err := c.usable(); err != nil {
		return err
	}
	used, ok := bearerToken(sent)
	if !ok {
		return c.HandleUnauthorized(ctx)
	}
	c.mu.Lock()
	gen := c.gen
	current := subtle.ConstantTimeCompare([]byte(used), []byte(c.tok.AccessToken)) == 1
	c.mu.Unlock()
	if !current {
		return nil
	}
	_, err := c.refreshFrom(ctx, gen)
	return err
}

func bearerToken(h http.Header) (string, bool) {
	v := h.Get("Authorization")
	if len(v) < 7 || !strings.EqualFold(v[:7], "bearer ") {
		return "", false
	}
	return v[7:], true
}

// refreshFrom returns a token newer than generation seen: the current one
// if a refresh already replaced it, else the result of the refresh in
// progress, else of a refresh it starts. The refresh runs detached from
// ctx (bounded by the refresh timeout); ctx only bounds the wait.
func (c *OAuthCredential) refreshFrom(ctx context.Context, seen uint64) (Token, error) {
	c.mu.Lock()
	if c.gen != seen {
		t := c.tok
		c.mu.Unlock()
		return t, nil
	}
	f := c.flight
	if f == nil {
		if c.dead != nil {
			err := c.dead
			c.mu.Unlock()
			return Token{}, err
		}
		f = &flight{done: make(chan struct{})}
		c.flight = f
		base := c.tok.clone()
		consultStore := c.opts.store != nil && !c.unsaved
		go c.runRefresh(context.WithoutCancel(ctx), f, base, consultStore)
	}
	c.mu.Unlock()

	select {
	case <-f.done:
	case <-ctx.Done():
		return Token{}, fmt.Errorf("pipedrive/auth: waiting for the token refresh: %w", ctx.Err())
	}
	if f.err != nil {
		return Token{}, f.err
	}
	c.mu.Lock()
	t := c.tok
	c.mu.Unlock()
	return t, nil
}

// runRefresh performs one refresh and releases its waiters. A panic
// anywhere in it (a TokenStore, an HTTP transport) ends the refresh with
// an error instead of the process; the credential stays usable.
func (c *OAuthCredential) runRefresh(ctx context.Context, f *flight, base *Token, consultStore bool) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.refreshTimeout)
	defer cancel()
	log := logctx.Or(ctx, c.opts.logger).With(slog.String("limit_key", c.limitKey))
	err := func() (err error) {
		defer func() {
			if p := recover(); p != nil {
				err = c.panicError("the token refresh", p, base)
			}
		}()
		return c.refresh(ctx, base, consultStore, log)
	}()
	var pe *StorePanicError
	switch {
	case errors.As(err, &pe):
		log.Error("pipedrive/auth: the token refresh failed: the TokenStore panicked", slog.String("error", err.Error()))
	case err != nil && permanent(err):
		log.Error("pipedrive/auth: token refresh failed for good; the user must authorize the app again",
			slog.String("error", err.Error()))
	case err != nil:
		log.Warn("pipedrive/auth: token refresh failed", slog.String("error", err.Error()))
	}
	c.mu.Lock()
	if err != nil && permanent(err) {
		c.dead = err
	}
	f.err = err
	c.flight = nil
	c.mu.Unlock()
	close(f.done)
}

// refresh obtains a newer token than base, installs it and saves it: it
// adopts a newer token from the store when there is one, else asks the
// token endpoint. With a store that implements TokenLocker, all of it
// runs under the store's lock for the grant, so that processes sharing
// the store refresh one at a time and each finds the others' token.
//
// The store is consulted first only when it holds everything this
// credential knows (consultStore: no token of ours is waiting to be
// saved), and a stored token is taken only when it is not older than
// ours, so that a stale row (say, of a grant the user has since replaced)
// never overrides the credential's own token. When the token endpoint
// rejects the refresh token as invalid_grant, the store is read again
// (a few times, briefly) before the grant is declared dead: another
// process may have used the same refresh token first, and its rotated
// successor is then in the store, alive.
func (c *OAuthCredential) refresh(ctx context.Context, base *Token, consultStore bool, log *slog.Logger) error {
	store := c.opts.store
	if lk, ok := store.(TokenLocker); ok {
		unlock, err := c.lock(ctx, lk, base)
		if err != nil {
			var pe *StorePanicError
			if errors.As(err, &pe) {
				return err
			}
			log.Warn("pipedrive/auth: locking the stored token failed; refreshing without the lock",
				slog.String("error", c.cfg.redact(err.Error(), base.AccessToken, base.RefreshToken)))
		} else {
			defer unlock()
		}
	}

	var next *Token
	fromStore := false
	if store != nil && consultStore {
		st, err := c.load(ctx, base)
		switch {
		case err == nil:
			switch c.newer(st, base, log) {
			case useStored:
				next, fromStore = st.clone(), true // another process refreshed
			case refreshStored:
				base.RefreshToken = st.RefreshToken // newer, though due: refresh with it
			}
		case isStorePanic(err):
			return err
		case !errors.Is(err, ErrTokenNotFound):
			log.Warn("pipedrive/auth: loading the stored token failed; refreshing with the token in memory",
				slog.String("error", c.cfg.redact(err.Error(), base.AccessToken, base.RefreshToken)))
		}
	}
	if next == nil {
		var err error
		next, err = c.refreshWith(ctx, base)
		if err != nil && store != nil && errors.Is(err, ErrInvalidGrant) {
			// Another process may have spent this refresh token first.
			st, how, rerr := c.reread(ctx, base, log)
			switch {
			case rerr != nil:
				return rerr // a panicking store
			case how == useStored:
				log.Info("pipedrive/auth: the refresh token was already used; adopted the newer token from the store")
				next, fromStore, err = st.clone(), true, nil
			case how == refreshStored:
				log.Info("pipedrive/auth: the refresh token was already used; refreshing with the newer one from the store")
				retry := base.clone()
				retry.RefreshToken = st.RefreshToken
				next, err = c.refreshWith(ctx, retry)
			}
		}
		if err != nil {
			return err
		}
	}

	c.mu.Lock()
	c.tok = *next
	c.authz = "Bearer " + next.AccessToken
	c.gen++
	gen := c.gen
	c.refreshedAt = c.opts.now()
	c.dead = nil
	c.unsaved = store != nil && !fromStore
	c.saving = c.unsaved
	c.mu.Unlock()

	if fromStore {
		log.Debug("pipedrive/auth: adopted a newer token from the store", slog.Time("expiry", next.Expiry))
		return nil
	}
	log.Debug("pipedrive/auth: access token refreshed", slog.Time("expiry", next.Expiry))
	if store != nil {
		// Saved before the waiters (and the lock) are released, so that
		// the next process to refresh finds it.
		if err := c.save(ctx, next.clone(), gen); isStorePanic(err) {
			return err // the new token stays in memory; the save is retried
		}
	}
	return nil
}

// refreshWith asks the token endpoint for a token with base's refresh
// token, keeping base's api_domain and scopes when the answer has none.
func (c *OAuthCredential) refreshWith(ctx context.Context, base *Token) (*Token, error) {
	if base.RefreshToken == "" {
		return nil, ErrNoRefreshToken
	}
	next, err := c.cfg.refresh(ctx, base.RefreshToken, c.opts.now)
	if err != nil {
		return nil, err
	}
	if next.APIDomain == "" {
		next.APIDomain = base.APIDomain
	}
	if next.Scopes == nil {
		next.Scopes = base.Scopes
	}
	return next, nil
}

// What a stored token is good for, compared with the credential's.
type storedUse uint8

const (
	ignoreStored  storedUse = iota // ours, older than ours, or untrusted
	useStored                      // newer and valid: adopt it
	refreshStored                  // newer but due: refresh with its refresh token
)

// newer tells what st, the stored token, is good for against base.
func (c *OAuthCredential) newer(st, base *Token, log *slog.Logger) storedUse {
	if st == nil || st.AccessToken == base.AccessToken || st.Expiry.Before(base.Expiry) {
		return ignoreStored // ours, or older than ours
	}
	if err := c.cfg.checkAPIDomain(st.APIDomain, st.AccessToken, st.RefreshToken); err != nil {
		log.Warn("pipedrive/auth: ignoring the stored token", slog.String("error", err.Error()))
		return ignoreStored
	}
	if !st.expiresWithin(c.opts.now(), c.opts.skew) {
		return useStored
	}
	if st.RefreshToken != "" && st.RefreshToken != base.RefreshToken {
		return refreshStored
	}
	return ignoreStored
}

// reread looks in the store for a token newer than base after base's
// refresh token was refused, reading again after short pauses
// (opts.rereadDelays): the process that used the refresh token first may
// still be saving its successor. It returns what it found and what it is
// good for (ignoreStored: nothing newer came).
func (c *OAuthCredential) reread(ctx context.Context, base *Token, log *slog.Logger) (*Token, storedUse, error) {
	for i := 0; ; i++ {
		st, err := c.load(ctx, base)
		switch {
		case err == nil:
			if how := c.newer(st, base, log); how != ignoreStored {
				return st, how, nil
			}
		case isStorePanic(err):
			return nil, ignoreStored, err
		}
		if i >= len(c.opts.rereadDelays) {
			return nil, ignoreStored, nil
		}
		t := time.NewTimer(c.opts.rereadDelays[i])
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, ignoreStored, nil
		}
	}
}

// load calls the store's Load, turning a panic into a *StorePanicError.
func (c *OAuthCredential) load(ctx context.Context, base *Token) (tok *Token, err error) {
	defer func() {
		if p := recover(); p != nil {
			tok, err = nil, c.panicError("TokenStore.Load", p, base)
		}
	}()
	tok, err = c.opts.store.Load(ctx, c.opts.storeKey)
	if err != nil {
		return nil, err // logged redacted
	}
	if tok == nil {
		return nil, ErrTokenNotFound
	}
	return tok, nil
}

// lock takes the store's refresh lock of the grant for at most the
// refresh timeout, turning a panic into a *StorePanicError; the returned
// unlock never panics either.
func (c *OAuthCredential) lock(ctx context.Context, lk TokenLocker, base *Token) (unlock func(), err error) {
	defer func() {
		if p := recover(); p != nil {
			unlock, err = nil, c.panicError("TokenLocker.LockToken", p, base)
		}
	}()
	u, err := lk.LockToken(ctx, c.opts.storeKey, c.opts.refreshTimeout)
	if err != nil {
		return nil, err // logged redacted
	}
	if u == nil {
		return func() {}, nil
	}
	return func() {
		defer func() {
			if p := recover(); p != nil {
				logctx.Or(ctx, c.opts.logger).Error("pipedrive/auth: unlocking the stored token panicked",
					slog.String("limit_key", c.limitKey), slog.String("error", c.panicError("unlock", p, base).Error()))
			}
		}()
		u()
	}, nil
}

// ErrStorePanic is matched by the error of a request whose token refresh
// failed because the credential's TokenStore (or TokenLocker) panicked.
// The panic is recovered: the process goes on, the credential stays
// usable, and the next request that needs a token tries again.
var ErrStorePanic = errors.New("pipedrive/auth: the TokenStore panicked")

// StorePanicError reports a recovered panic of a TokenStore method, or of
// anything else in a token refresh. It matches ErrStorePanic.
type StorePanicError struct {
	// Method is what panicked, e.g. "TokenStore.Load".
	Method string
	// Value is the panic value, printed with the credential's secrets
	// removed.
	Value string
}

// Error names what panicked and with what.
func (e *StorePanicError) Error() string {
	return "pipedrive/auth: " + e.Method + " panicked: " + e.Value
}

// Is makes errors.Is(err, ErrStorePanic) true.
func (e *StorePanicError) Is(target error) bool { return target == ErrStorePanic }

func (c *OAuthCredential) panicError(method string, p any, base *Token) *StorePanicError {
	secrets := []string{}
	if base != nil {
		secrets = append(secrets, base.AccessToken, base.RefreshToken)
	}
	c.mu.Lock()
	secrets = append(secrets, c.tok.AccessToken, c.tok.RefreshToken)
	c.mu.Unlock()
	return &StorePanicError{Method: method, Value: truncate(c.cfg.redact(fmt.Sprint(p), secrets...), 300)}
}

func isStorePanic(err error) bool {
	var pe *StorePanicError
	return errors.As(err, &pe)
}

// save stores tok, the token of generation gen, unless a newer token
// exists by then (its own save follows). Saves are serialized, so the
// store always ends with the newest token. A failed save is logged and
// retried by the next Authenticate, so that the newest refresh token
// eventually reaches the store (at most every saveRetryInterval). The
// caller has set c.saving. A panic of the store comes back as a
// *StorePanicError (and is handled as a failed save).
func (c *OAuthCredential) save(ctx context.Context, tok *Token, gen uint64) (err error) {
	c.saveMu.Lock()
	defer c.saveMu.Unlock()
	c.mu.Lock()
	stale := c.gen != gen
	c.mu.Unlock()
	if !stale {
		err = func() (err error) {
			defer func() {
				if p := recover(); p != nil {
					err = c.panicError("TokenStore.Save", p, tok)
				}
			}()
			return c.opts.store.Save(ctx, c.opts.storeKey, tok)
		}()
	}
	c.mu.Lock()
	c.saving = false
	c.lastSaveTry = c.opts.now()
	if !stale && err == nil && c.gen == gen {
		c.unsaved = false
	}
	c.mu.Unlock()
	if err != nil {
		logctx.Or(ctx, c.opts.logger).Error("pipedrive/auth: saving the refreshed token failed; will retry",
			slog.String("limit_key", c.limitKey),
			slog.String("error", c.cfg.redact(err.Error(), tok.AccessToken, tok.RefreshToken)))
	}
	return err
}

// permanent reports whether a refresh error ends the grant.
func permanent(err error) bool {
	if errors.Is(err, ErrNoRefreshToken) {
		return true
	}
	var te *TokenError
	return errors.As(err, &te) && te.Permanent()
}

// Revoke ends the grant at Pipedrive (see OAuthConfig.Revoke) and makes
// the credential unusable: later requests fail with ErrRevoked. The token
// stays in the store, if any; delete it there.
func (c *OAuthCredential) Revoke(ctx context.Context) error {
	if ctx == nil {
		return errNilContext
	}
	if err := c.usable(); err != nil {
		return err
	}
	c.mu.Lock()
	tok := c.tok.clone()
	c.mu.Unlock()
	if err := c.cfg.Revoke(ctx, tok); err != nil {
		return err
	}
	c.mu.Lock()
	c.tok.AccessToken, c.tok.RefreshToken = "", ""
	c.authz = ""
	c.gen++
	c.dead = ErrRevoked
	c.unsaved = false
	c.mu.Unlock()
	return nil
}

// String identifies the credential by its limit key; no secret.
func (c *OAuthCredential) String() string { return "auth.OAuth(" + c.limitKey + ")" }

// GoString is String.
func (c *OAuthCredential) GoString() string { return c.String() }

// Format prints String for every fmt verb.
func (c *OAuthCredential) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// LogValue makes log/slog print the limit key only.
func (c *OAuthCredential) LogValue() slog.Value {
	return slog.GroupValue(slog.String("kind", KindOAuth.String()), slog.String("limit_key", c.limitKey))
}
