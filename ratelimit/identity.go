package ratelimit

import (
	"slices"
	"sync"
	"sync/atomic"
)

// Identifier is implemented by Admitters that can be told whom a
// credential acts for (Limiter does). The client tells it what the
// credential says (auth.IdentityProvider) when it is built, and what
// Users.Me answers when it is called.
type Identifier interface {
	// Identify records that the credential whose LimitKey is key acts
	// for the Pipedrive user user of the company company (UserKey and
	// CompanyKey), so that its requests spend that user's daily write
	// budget and that company's token budget.
	Identify(key, user, company string)
}

// maxIdentities bounds how many keys' identities a Limiter remembers.
// Beyond it the least recently used are forgotten (an eighth at a time);
// a forgotten key's budgets are kept under the key again until it is
// identified anew.
const maxIdentities = 1 << 16

// identity is what the limiter knows of whom one key acts for.
type identity struct {
	user, company string
	used          atomic.Int64 // last lookup, by the limiter's clock (Unix ns)
}

// identities is a Limiter's bounded registry of key -> identity.
type identities struct {
	m  sync.Map     // key -> *identity; entries are replaced, never changed but for used
	n  atomic.Int64 // entries in m
	mu sync.Mutex   // serializes Identify (merge, count, eviction)
}

// Identify records that the credential whose LimitKey is key acts for
// user of company (UserKey(companyID, userID), CompanyKey(companyID)):
// from then on, requests of key that carry no Request.User or
// Request.Company get these, so that every credential of one user spends
// one daily write budget, and every user of one company one token budget,
// in whatever Store the limiter keeps. An empty user or company leaves
// what is known of it unchanged. It is shared by every client that uses
// this Limiter; identities are held for at most 65,536 keys, the least
// recently used forgotten first.
func (l *Limiter) Identify(key, user, company string) {
	if key == "" || (user == "" && company == "") {
		return
	}
	r := &l.idents
	r.mu.Lock()
	defer r.mu.Unlock()
	e := &identity{user: user, company: company}
	e.used.Store(l.clock.Now().UnixNano())
	if v, ok := r.m.Load(key); ok {
		old := v.(*identity)
		if e.user == "" {
			e.user = old.user
		}
		if e.company == "" {
			e.company = old.company
		}
		r.m.Store(key, e)
		return
	}
	r.m.Store(key, e)
	if r.n.Add(1) > maxIdentities {
		r.evictLocked()
	}
}

// Identity returns the user and company keys the limiter knows for key
// (see Identify); empty when it knows none.
func (l *Limiter) Identity(key string) (user, company string) {
	v, ok := l.idents.m.Load(key)
	if !ok {
		return "", ""
	}
	e := v.(*identity)
	return e.user, e.company
}

// identified fills r.User and r.Company, where empty, from what the
// limiter knows of r.Key.
func (l *Limiter) identified(r Request) Request {
	if r.User != "" && r.Company != "" {
		return r
	}
	v, ok := l.idents.m.Load(r.Key)
	if !ok {
		return r
	}
	e := v.(*identity)
	e.used.Store(l.clock.Now().UnixNano())
	if r.User == "" {
		r.User = e.user
	}
	if r.Company == "" {
		r.Company = e.company
	}
	return r
}

// evictLocked forgets the least recently used eighth of the registry.
// r.mu must be held.
func (r *identities) evictLocked() {
	type aged struct {
		key  any
		used int64
	}
	var all []aged
	r.m.Range(func(k, v any) bool {
		all = append(all, aged{k, v.(*identity).used.Load()})
		return true
	})
	slices.SortFunc(all, func(a, b aged) int {
		switch {
		case a.used < b.used:
			return -1
		case a.used > b.used:
			return 1
		}
		return 0
	})
	drop := len(all) - maxIdentities*7/8
	for _, a := range all[:max(drop, 0)] {
		r.m.Delete(a.key)
	}
	r.n.Store(int64(len(all) - max(drop, 0)))
}
