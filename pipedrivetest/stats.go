package pipedrivetest

import (
	"maps"
	"time"
)

// maxLog bounds the request log kept for Requests; older entries are
// dropped first. Counters are never dropped.
const maxLog = 100_000

// Stats is a snapshot of what the server saw, for assertions.
type Stats struct {
	// Requests is every request received, including refused and faulted ones.
	Requests int
	// Admitted is the API requests that passed authentication and every limit.
	Admitted int
	// TooManyRequests is the responses sent with status 429.
	TooManyRequests int
	// Unauthorized is the responses sent with status 401.
	Unauthorized int
	// Blocked is the 403 HTML block pages sent, by WithBlockAfter or a fault.
	Blocked int
	// Writes is the admitted POST, PUT and PATCH API requests.
	Writes int
	// Faults is how many times an injected fault hit a request.
	Faults int
	// MaxInWindow is the most requests admitted for one token in any span of
	// 2 seconds, computed exactly from the admission times.
	MaxInWindow int
	// Routes counts requests per route, keyed by method and path pattern as
	// in "POST /api/v2/deals" or "GET /api/v2/deals/{id}". Requests to
	// unknown paths are keyed "GET /unknown".
	Routes map[string]int
}

// TokenStats is what the server saw of one token (for OAuth, of one
// authorization and all its access tokens).
type TokenStats struct {
	// Requests is every authenticated request made with the token.
	Requests int
	// Admitted is the requests that passed every limit.
	Admitted int
	// TooManyRequests is the 429 responses sent to the token.
	TooManyRequests int
	// Blocked is the 403 HTML block pages sent to the token.
	Blocked int
	// Writes is the admitted POST, PUT and PATCH requests.
	Writes int
	// Searches is the admitted search requests.
	Searches int
	// MaxInWindow is the most requests admitted in any span of 2 seconds.
	MaxInWindow int
}

// RecordedRequest is one entry of the request log.
type RecordedRequest struct {
	Time     time.Time // by the server's clock, when the request arrived
	Method   string
	Path     string // URL path
	RawQuery string // as sent: a token a client put in the query appears here
	Route    string // the route's key in Stats.Routes
	Auth     string // "api_token", "oauth" or "" when not authenticated
	Status   int    // status sent; 0 when the connection was dropped
}

type statsState struct {
	requests, admitted, tooMany, unauthorized, blocked, writes, faults int
	maxInWindow                                                        int
	routes                                                             map[string]int
	log                                                                []RecordedRequest
}

func (st *statsState) init() { st.routes = map[string]int{} }

func (st *statsState) record(rr RecordedRequest) {
	if len(st.log) >= maxLog {
		n := copy(st.log, st.log[len(st.log)/10:])
		st.log = st.log[:n]
	}
	st.log = append(st.log, rr)
}

// Stats returns a snapshot of the server's counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Stats{
		Requests:        s.stats.requests,
		Admitted:        s.stats.admitted,
		TooManyRequests: s.stats.tooMany,
		Unauthorized:    s.stats.unauthorized,
		Blocked:         s.stats.blocked,
		Writes:          s.stats.writes,
		Faults:          s.stats.faults,
		MaxInWindow:     s.stats.maxInWindow,
		Routes:          maps.Clone(s.stats.routes),
	}
}

// TokenStats returns what the server saw of token: an API token, or an
// OAuth access or refresh token (all of one authorization's tokens share
// their counters). An unknown token reports zeros.
func (s *Server) TokenStats(token string) TokenStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k := s.keyForTokenLocked(token); k != nil {
		return k.count
	}
	return TokenStats{}
}

// Requests returns the request log, oldest first (at most the last 100,000
// requests are kept).
func (s *Server) Requests() []RecordedRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]RecordedRequest, len(s.stats.log))
	copy(out, s.stats.log)
	return out
}

// ResetStats zeroes every counter and empties the request log. Rate-limit
// state (windows, daily budgets, blocks) is left alone.
func (s *Server) ResetStats() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats = statsState{}
	s.stats.init()
	for _, k := range s.keys {
		k.count = TokenStats{}
		k.peak = peakCounter{}
	}
}
