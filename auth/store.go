package auth

import (
	"context"
	"errors"
	"fmt"
	"sync"
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
// meanwhile). Implementations must be safe for concurrent use and should
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

// MemoryTokenStore is a TokenStore in a map, for tests and for
// single-process programs that can afford to lose their tokens on exit.
// The zero value is ready to use.
type MemoryTokenStore struct {
	mu sync.RWMutex
	m  map[string]*Token
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

// Len returns the number of stored tokens.
func (s *MemoryTokenStore) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.m)
}
