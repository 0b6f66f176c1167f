package pipedrivetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// route is one endpoint the server serves.
type route struct {
	key   string // "METHOD pattern"
	api   bool   // authenticated and rate limited (false: OAuth endpoints)
	class class
	cost  int // token cost, x-token-cost in Pipedrive's specs
}

// call is one admitted request as a handler sees it.
type call struct {
	r    *http.Request
	now  time.Time
	user int64
	kind string // kindAPIToken or kindOAuth; "" on OAuth endpoints
}

type handlerFunc func(c *call) *reply

// routes registers every endpoint of the view's company on mux; the
// default company's (main) also gets the OAuth endpoints and lists the
// routes for tests. Token costs are those of Pipedrive's OpenAPI specs
// (x-token-cost); routes_test.go checks them against the operations
// table.
func (s *Server) routes(mux *http.ServeMux, main bool) {
	// ambiguous holds the routes ServeMux refused because they overlap an
	// earlier one with neither more specific (GET /v1/projects/boards/{id}
	// beside GET /v1/projects/{id}/plan); the catch-all handler serves them.
	var ambiguous []patternRoute
	// register serves the route key (the operation's "METHOD path") at the
	// ServeMux pattern, which differs from the key only for the operations
	// of muxPatterns.
	register := func(key, pattern string, cost int, cl class, h handlerFunc) {
		rt := &route{key: key, api: true, class: cl, cost: cost}
		if main {
			s.routeList = append(s.routeList, rt)
		}
		serve := func(w http.ResponseWriter, r *http.Request) { s.serve(w, r, rt, h) }
		if !handleUnambiguous(mux, pattern, serve) {
			method, path, _ := strings.Cut(pattern, " ")
			ambiguous = append(ambiguous, patternRoute{method: method, segs: strings.Split(path, "/"), serve: serve})
		}
	}
	api := func(method, pattern string, cost int, cl class, h handlerFunc) {
		register(method+" "+pattern, method+" "+pattern, cost, cl, h)
	}
	write := func(method string) class {
		switch method {
		case http.MethodPost, http.MethodPut, http.MethodPatch:
			return classWrite
		}
		return classRead
	}
	for _, e := range entityOrder {
		info := entityInfo[e]
		base := "/api/v2/" + info.plural
		api("GET", base, 10, classRead, func(c *call) *reply { return s.listObjects(c, e) })
		api("POST", base, 5, classWrite, func(c *call) *reply { return s.createObject(c, e) })
		api("GET", base+"/{id}", 1, classRead, func(c *call) *reply { return s.getObject(c, e) })
		api("PATCH", base+"/{id}", 5, classWrite, func(c *call) *reply { return s.updateObject(c, e) })
		api("DELETE", base+"/{id}", 3, write("DELETE"), func(c *call) *reply { return s.deleteObject(c, e) })
		api("GET", base+"/search", 20, classSearch, func(c *call) *reply { return s.searchObjects(c, e) })
		api("GET", "/api/v2/"+info.fieldsPath, 10, classRead, func(c *call) *reply { return s.listFields(c, e) })
	}
	op := func(o ops.Op, h handlerFunc) {
		register(o.Method+" "+opPattern(o), o.Method+" "+muxPattern(o), o.Cost, opClass(o), h)
	}
	s.resourceRoutes(op)
	api("GET", "/v1/webhooks", 10, classRead, s.listWebhooks)
	api("POST", "/v1/webhooks", 10, classWrite, s.createWebhook)
	api("DELETE", "/v1/webhooks/{id}", 6, classRead, s.deleteWebhook)
	api("GET", "/v1/deals/{id}/participants", 10, classRead, s.listParticipants)
	api("POST", "/v1/deals/{id}/participants", 10, classWrite, s.addParticipant)
	// Anything else: authenticated, limited, 404.
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		for _, pr := range ambiguous {
			if pr.match(r) {
				pr.serve(w, r)
				return
			}
		}
		rt := &route{key: r.Method + " /unknown", api: true, class: write(r.Method)}
		s.serve(w, r, rt, func(*call) *reply {
			return apiError(http.StatusNotFound, "Unknown method .", "pipedrivetest does not serve "+r.Method+" "+r.URL.Path+".")
		})
	})

	if !main {
		return
	}
	oauth := func(method, pattern string, h handlerFunc) {
		rt := &route{key: method + " " + pattern}
		mux.HandleFunc(rt.key, func(w http.ResponseWriter, r *http.Request) { s.serve(w, r, rt, h) })
	}
	oauth("GET", "/oauth/authorize", s.oauthAuthorize)
	oauth("POST", "/oauth/token", s.oauthToken)
	oauth("POST", "/oauth/revoke", s.oauthRevoke)
}

// handleUnambiguous registers serve for pattern on mux, and reports false
// instead when ServeMux refuses the pattern as conflicting with one it
// has (it panics on such a pattern).
func handleUnambiguous(mux *http.ServeMux, pattern string, serve http.HandlerFunc) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if strings.Contains(fmt.Sprint(r), "conflicts with pattern") {
				ok = false
				return
			}
			panic(r)
		}
	}()
	mux.HandleFunc(pattern, serve)
	return true
}

// patternRoute is a route matched by hand: its method and path segments,
// "{name}" segments being wildcards.
type patternRoute struct {
	method string
	segs   []string
	serve  http.HandlerFunc
}

// match reports whether r is for the route, and sets r's path values.
func (pr patternRoute) match(r *http.Request) bool {
	if r.Method != pr.method {
		return false
	}
	segs := strings.Split(r.URL.Path, "/")
	if len(segs) != len(pr.segs) {
		return false
	}
	values := map[string]string{}
	for i, p := range pr.segs {
		switch {
		case strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}"):
			if segs[i] == "" {
				return false
			}
			values[p[1:len(p)-1]] = segs[i]
		case p != segs[i]:
			return false
		}
	}
	for k, v := range values {
		r.SetPathValue(k, v)
	}
	return true
}

// serve runs one request through faults, authentication and limits, then
// the handler, and records what happened.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, rt *route, h handlerFunc) {
	limit := int64(1 << 20)
	if n, ok := s.bodyLimits[rt.key]; ok {
		limit = n
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	arrived := s.clock.Now()
	rec := RecordedRequest{Time: arrived, Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Route: rt.key}
	s.mu.Lock()
	s.stats.requests++
	s.stats.routes[rt.key]++
	s.mu.Unlock()

	faults, delay := s.takeFaults(r.Method, r.URL.Path)
	var rp *reply
	switch {
	case slices.Contains(faults, BadGateway):
		rp = &reply{status: http.StatusBadGateway, html: badGatewayPage}
	case slices.Contains(faults, Block):
		rp = &reply{status: http.StatusForbidden, html: blockedPage}
		s.mu.Lock()
		s.stats.blocked++
		s.mu.Unlock()
	}
	if rp == nil && delay > 0 && !s.sleep(r.Context(), delay) {
		s.finish(&rec, 0)
		return
	}
	if rp == nil {
		rp = s.dispatch(r, rt, h, &rec)
	}
	if slices.Contains(faults, DropConnection) {
		s.finish(&rec, 0)
		dropConnection(w)
		return
	}
	rp.write(w)
	s.finish(&rec, rp.status)
}

func (s *Server) finish(rec *RecordedRequest, status int) {
	rec.Status = status
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.record(*rec)
}

// dispatch authenticates and admits an API request and runs its handler.
func (s *Server) dispatch(r *http.Request, rt *route, h handlerFunc, rec *RecordedRequest) *reply {
	now := s.clock.Now()
	c := &call{r: r, now: now}
	if !rt.api {
		return h(c)
	}
	s.mu.Lock()
	k, why := s.authenticateLocked(r, now)
	if k == nil {
		s.stats.unauthorized++
		s.mu.Unlock()
		return unauthorized(why)
	}
	if k.user.co != s.company {
		// A company's own URL serves its tokens only; the main URL routes
		// each token to its company (see shared.route).
		s.stats.unauthorized++
		s.mu.Unlock()
		return unauthorized("The token belongs to another company: send it to that company's api_domain, or to the API's main URL.")
	}
	rec.Auth = k.kind
	k.count.Requests++
	if k.blockedAt(now) {
		k.count.Blocked++
		s.stats.blocked++
		s.mu.Unlock()
		return &reply{status: http.StatusForbidden, html: blockedPage}
	}
	refusal, hdr := s.admitLocked(k, rt, now)
	c.user, c.kind = k.user.id, k.kind
	s.mu.Unlock()
	rp := refusal
	if rp == nil {
		rp = h(c)
	}
	if rp.header == nil {
		rp.header = hdr
	} else {
		for name, v := range hdr {
			rp.header[name] = v
		}
	}
	return rp
}

// dropConnection closes the client's connection without a response.
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		// Not possible with httptest's HTTP/1.1 server; fail loudly rather
		// than pretend the response was lost.
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// decodeBody reads a JSON object body into a map, keeping numbers exact.
func decodeBody(r *http.Request) (map[string]any, *reply) {
	ct := r.Header.Get("Content-Type")
	if ct != "" && !strings.HasPrefix(strings.ToLower(ct), "application/json") {
		return nil, apiError(http.StatusUnsupportedMediaType, "Unsupported Media Type", "Send a JSON body with Content-Type: application/json.")
	}
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	var body map[string]any
	if err := dec.Decode(&body); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, apiError(http.StatusRequestEntityTooLarge, "Request body too large", "Send at most 1 MiB.")
		}
		if errors.Is(err, io.EOF) {
			return nil, badRequest("The request body must be a JSON object.")
		}
		return nil, badRequest("The request body is not valid JSON: " + err.Error())
	}
	if dec.More() {
		return nil, badRequest("The request body must hold one JSON object.")
	}
	if body == nil {
		return nil, badRequest("The request body must be a JSON object.")
	}
	return body, nil
}

// pathID parses the {id} path value.
func pathID(c *call, name string) (int64, *reply) {
	id, err := strconv.ParseInt(c.r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, badRequest("The id in the path must be a positive integer.")
	}
	return id, nil
}

// queryLimit reads the limit parameter: default 100, at most 500.
func queryLimit(c *call) (int, *reply) {
	v := c.r.URL.Query().Get("limit")
	if v == "" {
		return 100, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 500 {
		return 0, badRequest("limit must be an integer from 1 to 500.")
	}
	return n, nil
}
