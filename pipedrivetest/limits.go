package pipedrivetest

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// class is what a route spends besides a window slot.
type class uint8

const (
	classRead class = iota
	classWrite
	classSearch
)

// Auth kinds, as Pipedrive's limit table names them.
const (
	kindAPIToken = "api_token"
	kindOAuth    = "oauth"
)

// user is a Pipedrive user: tokens act as one, and the daily write budget
// is theirs.
type user struct {
	id        int64
	co        *company
	writesDay string // UTC date the count below belongs to
	writes    int
}

// keyState is the rate-limit state of one token (an API token, or an OAuth
// authorization whose access tokens all share it).
type keyState struct {
	kind   string
	limit  int
	user   *user
	window slidingLog
	search slidingLog
	peak   peakCounter
	count  TokenStats

	strikes      int // 429s counted towards WithBlockAfter
	blocked      bool
	blockedUntil time.Time // zero with blocked: for good
}

type budgetState struct {
	limit int
	day   string
	spent int
}

// userLocked returns the company's user id, created on first mention.
// Callers hold shared.mu.
func (co *company) userLocked(id int64) *user {
	u := co.users[id]
	if u == nil {
		u = &user{id: id, co: co}
		co.users[id] = u
	}
	return u
}

// newKeyLocked makes the limit state of a new token of user u, with the
// limits of u's company's plan.
func (sh *shared) newKeyLocked(kind string, u *user) *keyState {
	k := &keyState{kind: kind, user: u}
	k.limit = u.co.ccfg.apiLimit
	if kind == kindOAuth {
		k.limit = u.co.ccfg.oauthLimit
	}
	k.window.limit = k.limit
	k.search.limit = u.co.ccfg.searchLimit
	sh.keys = append(sh.keys, k)
	return k
}

func (sh *shared) addAPITokenLocked(co *company, userID int64, token string) {
	if _, dup := sh.apiTokens[token]; dup {
		return
	}
	sh.apiTokens[token] = sh.newKeyLocked(kindAPIToken, co.userLocked(userID))
}

// peekKey finds the key of the token a request carries, without checking
// or spending anything: the main listener routes requests by it.
func (sh *shared) peekKey(r *http.Request) *keyState {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if t := r.Header.Get("X-Api-Token"); t != "" {
		return sh.apiTokens[t]
	}
	if a := r.Header.Get("Authorization"); a != "" {
		if scheme, tok, _ := strings.Cut(a, " "); strings.EqualFold(scheme, "Bearer") {
			if at := sh.access[tok]; at != nil {
				return at.grant.key
			}
		}
		return nil
	}
	if t := r.URL.Query().Get("api_token"); t != "" && sh.cfg.allowQuery {
		return sh.apiTokens[t]
	}
	return nil
}

// authenticateLocked finds the key a request spends, or explains why there
// is none.
func (sh *shared) authenticateLocked(r *http.Request, now time.Time) (*keyState, string) {
	if t := r.Header.Get("X-Api-Token"); t != "" {
		if k := sh.apiTokens[t]; k != nil {
			return k, ""
		}
		return nil, "The x-api-token header does not carry a valid API token."
	}
	if a := r.Header.Get("Authorization"); a != "" {
		scheme, tok, _ := strings.Cut(a, " ")
		if !strings.EqualFold(scheme, "Bearer") || tok == "" {
			return nil, "The Authorization header must be \"Bearer <access token>\"."
		}
		at := sh.access[tok]
		switch {
		case at == nil:
			return nil, "The access token is not valid."
		case at.grant.revoked:
			return nil, "The access token was revoked."
		case !at.expires.IsZero() && !now.Before(at.expires):
			return nil, "The access token has expired; refresh it."
		}
		return at.grant.key, ""
	}
	if t := r.URL.Query().Get("api_token"); t != "" {
		if !sh.cfg.allowQuery {
			return nil, "pipedrivetest refuses api_token in the query string (a secret in a URL leaks into logs); send the x-api-token header."
		}
		if k := sh.apiTokens[t]; k != nil {
			return k, ""
		}
		return nil, "The api_token parameter does not carry a valid API token."
	}
	return nil, "No API token or OAuth access token was sent."
}

// limitError is the body of 401 and 429 responses, fields in Pipedrive's order.
type limitError struct {
	Success   bool   `json:"success"`
	Error     string `json:"error"`
	ErrorCode int    `json:"errorCode"`
	ErrorInfo string `json:"error_info,omitempty"`
}

func unauthorized(info string) *reply {
	return jsonReply(http.StatusUnauthorized, limitError{Error: "unauthorized access", ErrorCode: 401, ErrorInfo: info})
}

func overLimit() *reply {
	return jsonReply(http.StatusTooManyRequests, limitError{Error: "request over limit", ErrorCode: 429})
}

func utcDay(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// admitLocked decides whether a request of key k fits every limit at now,
// takes its slots when it does, and returns the rate-limit headers to send
// either way. A refusal comes back as a 429 reply.
func (sh *shared) admitLocked(k *keyState, rt *route, now time.Time) (*reply, http.Header) {
	day := utcDay(now)
	u := k.user
	if u.writesDay != day {
		u.writesDay, u.writes = day, 0
	}
	// The daily token budget is the company's, the write budget the user's.
	budget := &u.co.budget
	dailyWrites := u.co.ccfg.dailyWrites
	if budget.limit > 0 && budget.day != day {
		budget.day, budget.spent = day, 0
	}

	// Which limit, if any, refuses the request. The x-ratelimit-* headers of
	// search responses describe the search window (limit 10), those of every
	// other response the general window.
	win := &k.window
	if rt.class == classSearch {
		win = &k.search
	}
	refused := false
	switch {
	case budget.limit > 0 && budget.limit-budget.spent < rt.cost:
		refused = true
	case k.window.full(now):
		refused = true
	case rt.class == classSearch && k.search.full(now):
		refused = true
	case rt.class == classWrite && u.writes >= dailyWrites:
		refused = true
	}

	if !refused {
		k.window.take(now)
		if rt.class == classSearch {
			k.search.take(now)
			k.count.Searches++
		}
		if rt.class == classWrite {
			u.writes++
			k.count.Writes++
			sh.stats.writes++
		}
		budget.spent += rt.cost
		k.peak.add(now)
		if k.peak.peak > k.count.MaxInWindow {
			k.count.MaxInWindow = k.peak.peak
		}
		if k.count.MaxInWindow > sh.stats.maxInWindow {
			sh.stats.maxInWindow = k.count.MaxInWindow
		}
		k.count.Admitted++
		sh.stats.admitted++
	}

	h := http.Header{}
	h.Set("X-Ratelimit-Limit", strconv.Itoa(win.limit))
	h.Set("X-Ratelimit-Remaining", strconv.Itoa(win.remaining(now)))
	h.Set("X-Ratelimit-Reset", strconv.FormatInt(ceilSeconds(win.resetIn(now)), 10))
	if k.kind == kindAPIToken {
		h.Set("X-Daily-Requests-Left", strconv.Itoa(max(0, dailyWrites-u.writes)))
	}
	if budget.limit > 0 {
		h.Set("X-Daily-Ratelimit-Token-Limit", strconv.Itoa(budget.limit))
		h.Set("X-Daily-Ratelimit-Token-Remaining", strconv.Itoa(max(0, budget.limit-budget.spent)))
	}
	if !refused {
		return nil, h
	}

	k.count.TooManyRequests++
	sh.stats.tooMany++
	k.strikes++
	if sh.cfg.blockAfter > 0 && k.strikes >= sh.cfg.blockAfter && !k.blocked {
		k.blocked = true
		if sh.cfg.blockFor > 0 {
			k.blockedUntil = now.Add(sh.cfg.blockFor)
		}
	}
	return overLimit(), h
}

// blockedAt reports whether key k is under a 403 block at now, lifting
// a block whose time is up.
func (k *keyState) blockedAt(now time.Time) bool {
	if !k.blocked {
		return false
	}
	if !k.blockedUntil.IsZero() && !now.Before(k.blockedUntil) {
		k.blocked, k.blockedUntil, k.strikes = false, time.Time{}, 0
		return false
	}
	return true
}

// keyForTokenLocked finds the key of an API token or OAuth access or
// refresh token.
func (s *Server) keyForTokenLocked(token string) *keyState {
	if k := s.apiTokens[token]; k != nil {
		return k
	}
	if at := s.access[token]; at != nil {
		return at.grant.key
	}
	if g := s.grants[token]; g != nil {
		return g.key
	}
	return nil
}

// SpendWindow takes up to n slots of token's rolling window now, as requests
// made elsewhere (the web app, another integration) would, and returns how
// many it took: it stops when the window is full. token is an API token or
// an OAuth access or refresh token; an unknown token spends nothing.
func (s *Server) SpendWindow(token string, n int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := s.keyForTokenLocked(token)
	if k == nil {
		return 0
	}
	now := s.clock.Now()
	taken := 0
	for taken < n && !k.window.full(now) {
		k.window.take(now)
		taken++
	}
	return taken
}

// Unblock lifts a 403 block from token and forgets the 429s it received,
// so that WithBlockAfter counts afresh.
func (s *Server) Unblock(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k := s.keyForTokenLocked(token); k != nil {
		k.blocked, k.blockedUntil = false, time.Time{}
		k.strikes = 0
	}
}

// backgroundLoad spends perSecond slots per second of every key's window.
func (s *shared) backgroundLoad(perSecond int) {
	defer close(s.bgDone)
	t := time.NewTicker(time.Second / time.Duration(perSecond))
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.mu.Lock()
			now := s.clock.Now()
			for _, k := range s.keys {
				if !k.window.full(now) {
					k.window.take(now)
				}
			}
			s.mu.Unlock()
		}
	}
}
