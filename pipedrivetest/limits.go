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

func (s *Server) userLocked(id int64) *user {
	u := s.users[id]
	if u == nil {
		u = &user{id: id}
		s.users[id] = u
	}
	return u
}

func (s *Server) newKeyLocked(kind string, u *user) *keyState {
	k := &keyState{kind: kind, user: u}
	k.limit = s.cfg.apiLimit
	if kind == kindOAuth {
		k.limit = s.cfg.oauthLimit
	}
	k.window.limit = k.limit
	k.search.limit = s.cfg.searchLimit
	s.keys = append(s.keys, k)
	return k
}

func (s *Server) addAPITokenLocked(userID int64, token string) {
	if _, dup := s.apiTokens[token]; dup {
		return
	}
	s.apiTokens[token] = s.newKeyLocked(kindAPIToken, s.userLocked(userID))
}

// authenticateLocked finds the key a request spends, or explains why there
// is none.
func (s *Server) authenticateLocked(r *http.Request, now time.Time) (*keyState, string) {
	if t := r.Header.Get("X-Api-Token"); t != "" {
		if k := s.apiTokens[t]; k != nil {
			return k, ""
		}
		return nil, "The x-api-token header does not carry a valid API token."
	}
	if a := r.Header.Get("Authorization"); a != "" {
		scheme, tok, _ := strings.Cut(a, " ")
		if !strings.EqualFold(scheme, "Bearer") || tok == "" {
			return nil, "The Authorization header must be \"Bearer <access token>\"."
		}
		at := s.access[tok]
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
		if !s.cfg.allowQuery {
			return nil, "pipedrivetest refuses api_token in the query string (a secret in a URL leaks into logs); send the x-api-token header."
		}
		if k := s.apiTokens[t]; k != nil {
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
func (s *Server) admitLocked(k *keyState, rt *route, now time.Time) (*reply, http.Header) {
	day := utcDay(now)
	u := k.user
	if u.writesDay != day {
		u.writesDay, u.writes = day, 0
	}
	if s.budget.limit > 0 && s.budget.day != day {
		s.budget.day, s.budget.spent = day, 0
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
	case s.budget.limit > 0 && s.budget.limit-s.budget.spent < rt.cost:
		refused = true
	case k.window.full(now):
		refused = true
	case rt.class == classSearch && k.search.full(now):
		refused = true
	case rt.class == classWrite && u.writes >= s.cfg.dailyWrites:
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
			s.stats.writes++
		}
		s.budget.spent += rt.cost
		k.peak.add(now)
		if k.peak.peak > k.count.MaxInWindow {
			k.count.MaxInWindow = k.peak.peak
		}
		if k.count.MaxInWindow > s.stats.maxInWindow {
			s.stats.maxInWindow = k.count.MaxInWindow
		}
		k.count.Admitted++
		s.stats.admitted++
	}

	h := http.Header{}
	h.Set("X-Ratelimit-Limit", strconv.Itoa(win.limit))
	h.Set("X-Ratelimit-Remaining", strconv.Itoa(win.remaining(now)))
	h.Set("X-Ratelimit-Reset", strconv.FormatInt(ceilSeconds(win.resetIn(now)), 10))
	if k.kind == kindAPIToken {
		h.Set("X-Daily-Requests-Left", strconv.Itoa(max(0, s.cfg.dailyWrites-u.writes)))
	}
	if s.budget.limit > 0 {
		h.Set("X-Daily-Ratelimit-Token-Limit", strconv.Itoa(s.budget.limit))
		h.Set("X-Daily-Ratelimit-Token-Remaining", strconv.Itoa(max(0, s.budget.limit-s.budget.spent)))
	}
	if !refused {
		return nil, h
	}

	k.count.TooManyRequests++
	s.stats.tooMany++
	k.strikes++
	if s.cfg.blockAfter > 0 && k.strikes >= s.cfg.blockAfter && !k.blocked {
		k.blocked = true
		if s.cfg.blockFor > 0 {
			k.blockedUntil = now.Add(s.cfg.blockFor)
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
func (s *Server) backgroundLoad(perSecond int) {
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
