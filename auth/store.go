package auth

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrTokenNotFound is returned by TokenStore.Load when the store holds no
// token under the key.
var ErrTokenNotFound = errors.New("pipedrive/auth: no token stored under this key")

// TokenStore persists OAuth tokens under keys of the caller's choosing, so
// that a restarted backend carries on with the latest refresh token.
// A good key names the grant: Pipedrive grants one token per app, company
// and user, so "<company id>:<user id>" is a natural choice.
//
// A credential built with WithTokenStore calls Save after every refresh,
// and Load before refreshing (to pick up a token another process refreshed
// meanwhile) and again when the token endpoint refused its refresh token
// (another process may have used it first). A store shared by several
// processes should also implement TokenLocker. A panic in a store method
// is recovered and reported as an error matching ErrStorePanic. Implementations must be safe for concurrent use and should
// keep the token as JSON (json.Marshal keeps the secrets; see Token).
// Stored refresh tokens are as sensitive as passwords: encrypt them at
// rest where the database does not.
//
// Backing the store with a database takes two statements; see the example
// of TokenStore.
type TokenStore interface {
	// Load returns the token stored under key, or an error matching
	// ErrTokenNotFound when there is none.
	Load(ctx context.Context, key string) (*Token, error)
	// Save stores tok under key, replacing any previous token.
	Save(ctx context.Context, key string, tok *Token) error
}

// TokenLocker is an optional interface of a TokenStore that several
// processes share. A credential whose store implements it takes the lock
// of its key for the whole of a refresh (read the store, ask the token
// endpoint, save the new token), so that processes refresh one at a time
// and each finds the token the previous one saved, instead of spending
// the same refresh token twice. Token endpoints that rotate refresh
// tokens reject the second use with invalid_grant; a credential that
// gets it reads the store again before declaring the grant dead, so the
// lock makes the race rare, and the re-read makes a lost race harmless.
//
// LockToken blocks until the caller holds key's lock or ctx ends, and
// returns the function that releases it. The lock must be a lease that
// expires by itself after ttl (the credential's refresh timeout), so that
// a process that dies while holding it blocks nobody for long; unlock
// after expiry must not release a lock someone else took since.
//
// On Redis, a lease is one command to take and a compare-and-delete to
// release:
//
//	SET pipedrive:lock:<key> <random id> NX PX <ttl in ms>      (retry until OK, or ctx ends)
//	EVAL "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0" 1 pipedrive:lock:<key> <random id>
//
// On SQL, a lease row (PostgreSQL shown):
//
//	CREATE TABLE pipedrive_token_locks (key TEXT PRIMARY KEY, holder TEXT NOT NULL, until TIMESTAMPTZ NOT NULL)
//	-- take (retry while it affects no row):
//	INSERT INTO pipedrive_token_locks VALUES ($1, $2, now() + $3 * interval '1 millisecond')
//	  ON CONFLICT (key) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until
//	  WHERE pipedrive_token_locks.until < now()
//	-- release:
//	DELETE FROM pipedrive_token_locks WHERE key = $1 AND holder = $2
//
// (pg_advisory_lock on a dedicated connection works too, but does not
// expire while the connection lives.)
type TokenLocker interface {
	LockToken(ctx context.Context, key string, ttl time.Duration) (unlock func(), err error)
}

// MemoryTokenStore is a TokenStore in a map, for tests and for
// single-process programs that can afford to lose their tokens on exit.
// It implements TokenLocker, so that credentials sharing it (as processes
// would share a database) refresh one at a time. The zero value is ready
// to use.
type MemoryTokenStore struct {
	mu    sync.RWMutex
	m     map[string]*Token
	locks map[string]chan struct{} // one token per key: held while locked
}

// NewMemoryTokenStore returns an empty MemoryTokenStore.
func NewMemoryTokenStore() *MemoryTokenStore { return &MemoryTokenStore{} }

// Load returns a copy of the token stored under key.
func (s *MemoryTokenStore) Load(_ context.Context, key string) (*Token, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, ok := s.m[key]
	if !ok {
		return nil, fmt.Errorf("%w (key %q)", ErrTokenNotFound, key)
	}
	return t.clone(), nil
}

// Save stores a copy of tok under key. A nil token is an error.
func (s *MemoryTokenStore) Save(_ context.Context, key string, tok *Token) error {
	if tok == nil {
		return errors.New("pipedrive/auth: MemoryTokenStore.Save: nil token")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = make(map[string]*Token)
	}
	s.m[key] = tok.clone()
	return nil
}

// LockToken takes key's refresh lock, waiting while another credential
// holds it (or until ctx ends). The lock is released by the returned
// function, or after ttl at the latest.
func (s *MemoryTokenStore) LockToken(ctx context.Context, key string, ttl time.Duration) (func(), error) {
	if ctx == nil {
		return nil, errors.New("pipedrive/auth: MemoryTokenStore.LockToken: nil context")
	}
	s.mu.Lock()
	if s.locks == nil {
		s.locks = make(map[string]chan struct{})
	}
	ch := s.locks[key]
	if ch == nil {
		ch = make(chan struct{}, 1)
		s.locks[key] = ch
	}
	s.mu.Unlock()
	select {
	case ch <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("pipedrive/auth: waiting for the token lock: %w", ctx.Err())
	}
	var once sync.Once
	release := func() { once.Do(func() { <-ch }) }
	var lease *time.Timer
	if ttl > 0 {
		lease = time.AfterFunc(ttl, release)
	}
	return func() {
		if lease != nil {
			lease.Stop()
		}
		release()
	}, nil
}

// Len returns the number of stored tokens.
func (s *MemoryTokenStore) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.m)
}
