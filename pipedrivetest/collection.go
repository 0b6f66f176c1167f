package pipedrivetest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// opRoute registers h for an operation of the op table: its method, its
// path (version prefix included, placeholders as wildcards), its token
// cost and its limiter class. Resource files register their routes with it,
// so that every route the fake serves has the real API's shape and cost.
type opRoute func(op ops.Op, h handlerFunc)

// opPattern turns an operation's path into a ServeMux pattern:
// "/v1/channels/{channel-id}" becomes "/v1/channels/{channel_id}".
func opPattern(op ops.Op) string {
	p := op.Version.Prefix() + op.Path
	return strings.ReplaceAll(p, "-", "_")
}

// muxPatterns gives the ServeMux pattern of the operations whose path the
// mux cannot tell from another's: GET /v1/legacyTeams/{id}/users and GET
// /v1/legacyTeams/user/{id} both match /v1/legacyTeams/user/users, and
// neither pattern is more specific, so the mux refuses to hold both. The
// first is served at a pattern whose last segment is a wildcard; its
// handler checks the segment (see wildcardSegment).
var muxPatterns = map[ops.Op]string{
	ops.V1GetTeamUsers: "/v1/legacyTeams/{id}/{users}",
}

// muxPattern returns the ServeMux pattern of an operation: opPattern, or
// its muxPatterns entry.
func muxPattern(op ops.Op) string {
	if p, ok := muxPatterns[op]; ok {
		return p
	}
	return opPattern(op)
}

// wildcardSegment reports whether the path segment that muxPatterns made
// a wildcard holds the literal it stands for.
func wildcardSegment(c *call, name string) bool { return c.r.PathValue(name) == name }

func opClass(op ops.Op) class {
	switch {
	case op.Search():
		return classSearch
	case op.Write():
		return classWrite
	}
	return classRead
}

// collection stores the records of one resource whose fake needs generic
// create, get, update, delete and list, in the resource's own JSON shape.
// A resource file builds one with newCollection, registers the generic
// handlers for its operations, and writes handlers of its own where the
// API does more. Records are map[string]any in the API's JSON shape; ids
// are int64.
type collection struct {
	// label names the resource in errors: "Activity not found".
	label string
	// v1 selects the v1 envelope (offset pagination under
	// additional_data.pagination) and v1 timestamps; else v2 (cursor).
	v1 bool
	// defaults returns a new record's members before the create body is
	// merged in; id, add_time and update_time are set by the collection.
	defaults func(id, userID int64, now time.Time) object
	// required lists the members a create body must carry.
	required []string
	// filters are the list query parameters that keep records whose member
	// of the same name equals the value ("owner_id=3").
	filters []string
	// readOnly lists members a body may not set (beyond id).
	readOnly []string

	mu      sync.Mutex
	next    int64
	objects map[int64]object
}

func newCollection(c *collection) *collection {
	c.objects = map[int64]object{}
	return c
}

// stamp formats now as the collection's API version does.
func (c *collection) stamp(now time.Time) string {
	if c.v1 {
		return v1Time(now)
	}
	return v2Time(now)
}

// ok wraps data in the collection's envelope.
func (c *collection) ok(data any) *reply {
	if c.v1 {
		return v1OK(data, nil)
	}
	return v2OK(data, nil)
}

// v1OK wraps data in the v1 envelope; page, when set, is its pagination.
func v1OK(data any, page map[string]any) *reply {
	env := map[string]any{"success": true, "data": data}
	if page != nil {
		env["additional_data"] = map[string]any{"pagination": page}
	}
	return jsonReply(http.StatusOK, env)
}

// Insert stores a record as given (an id is assigned when it has none)
// and returns its id: for seeding and for handlers that build records
// themselves.
func (c *collection) insert(o object) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.insertLocked(o)
}

func (c *collection) insertLocked(o object) int64 {
	id, _ := toInt64(o["id"])
	if id <= 0 {
		c.next++
		id = c.next
	} else if id > c.next {
		c.next = id
	}
	o["id"] = id
	c.objects[id] = o
	return id
}

// find returns a copy of record id.
func (c *collection) find(id int64) (object, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	o, ok := c.objects[id]
	if !ok {
		return nil, false
	}
	return clone(o), true
}

// all returns copies of every record, by id.
func (c *collection) all() []object {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]object, 0, len(c.objects))
	for _, o := range c.objects {
		out = append(out, clone(o))
	}
	sort.Slice(out, func(i, j int) bool { return out[i]["id"].(int64) < out[j]["id"].(int64) })
	return out
}

// mutate runs f on record id under the collection's lock.
func (c *collection) mutate(id int64, f func(o object) *reply) *reply {
	c.mu.Lock()
	defer c.mu.Unlock()
	o, ok := c.objects[id]
	if !ok {
		return notFound(c.label)
	}
	return f(o)
}

// merge copies body's members into o, refusing read-only ones.
func (c *collection) merge(o object, body map[string]any) *reply {
	for k, v := range body {
		if k == "id" || slices.Contains(c.readOnly, k) {
			return badRequest(fmt.Sprintf("%s cannot be set.", k))
		}
		o[k] = plainJSON(v)
	}
	return nil
}

// plainJSON turns decoded json.Numbers into int64 or float64, so that
// stored records compare and filter as the API's values do.
func plainJSON(v any) any {
	switch x := v.(type) {
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n
		}
		f, _ := x.Float64()
		return f
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = plainJSON(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plainJSON(e)
		}
		return out
	}
	return v
}

func toInt64(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int:
		return int64(x), true
	case float64:
		return int64(x), x == float64(int64(x))
	case json.Number:
		n, err := x.Int64()
		return n, err == nil
	case string:
		n, err := strconv.ParseInt(x, 10, 64)
		return n, err == nil
	}
	return 0, false
}

// create is the generic create handler: defaults, then the body.
func (c *collection) create(c2 *call) *reply {
	body, rp := decodeBody(c2.r)
	if rp != nil {
		return rp
	}
	for _, k := range c.required {
		if v, ok := body[k]; !ok || v == nil || v == "" {
			return badRequest(k + " is required.")
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	o := object{}
	if c.defaults != nil {
		o = c.defaults(c.next+1, c2.user, c2.now)
	}
	now := c.stamp(c2.now)
	o["add_time"], o["update_time"] = now, now
	if rp := c.merge(o, body); rp != nil {
		return rp
	}
	delete(o, "id")
	c.insertLocked(o)
	return c.ok(clone(o))
}

// get is the generic get handler for /{id}.
func (c *collection) get(c2 *call) *reply {
	id, rp := pathID(c2, "id")
	if rp != nil {
		return rp
	}
	o, ok := c.find(id)
	if !ok {
		return notFound(c.label)
	}
	return c.ok(o)
}

// update is the generic PATCH or PUT handler for /{id}: the body's members
// replace the record's.
func (c *collection) update(c2 *call) *reply {
	id, rp := pathID(c2, "id")
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c2.r)
	if rp != nil {
		return rp
	}
	return c.mutate(id, func(o object) *reply {
		next := clone(o)
		if rp := c.merge(next, body); rp != nil {
			return rp
		}
		next["update_time"] = c.stamp(c2.now)
		c.objects[id] = next
		return c.ok(clone(next))
	})
}

// delete is the generic delete handler for /{id}; it answers {"id": id}.
func (c *collection) delete(c2 *call) *reply {
	id, rp := pathID(c2, "id")
	if rp != nil {
		return rp
	}
	return c.mutate(id, func(object) *reply {
		delete(c.objects, id)
		return c.ok(map[string]any{"id": id})
	})
}

// list is the generic list handler: the collection's equality filters,
// then a page by id (v2: cursor and limit; v1: start and limit).
func (c *collection) list(c2 *call) *reply {
	return c.listWhere(c2, nil)
}

// listWhere is list with an extra predicate (nil keeps every record).
func (c *collection) listWhere(c2 *call, keep func(object) bool) *reply {
	q := c2.r.URL.Query()
	var out []object
	for _, o := range c.all() {
		if keep != nil && !keep(o) {
			continue
		}
		if matches(o, q, c.filters) {
			out = append(out, o)
		}
	}
	return c.page(c2, out)
}

// matches reports whether o's members equal the query's values for each
// filter present in q.
func matches(o object, q map[string][]string, filters []string) bool {
	for _, f := range filters {
		want, ok := q[f]
		if !ok || len(want) == 0 || want[0] == "" {
			continue
		}
		if fmt.Sprint(o[f]) != want[0] {
			return false
		}
	}
	return true
}

// page answers one page of list in the collection's pagination style.
func (c *collection) page(c2 *call, list []object) *reply {
	if c.v1 {
		return pageV1(c2, list)
	}
	return pageV2(c2, list)
}

// pageV1 answers one offset page of list in the v1 envelope.
func pageV1(c2 *call, list []object) *reply {
	start, limit, rp := v1Paging(c2)
	if rp != nil {
		return rp
	}
	end := min(start+limit, len(list))
	items := []object{}
	if start < len(list) {
		items = list[start:end]
	}
	more := end < len(list)
	page := map[string]any{"start": start, "limit": limit, "more_items_in_collection": more}
	if more {
		page["next_start"] = end
	}
	return v1OK(items, page)
}

// pageV2 answers one cursor page of list in the v2 envelope. The cursor
// is the offset of the next item, encoded.
func pageV2(c2 *call, list []object) *reply {
	limit, rp := queryLimit(c2)
	if rp != nil {
		return rp
	}
	start := 0
	if cs := c2.r.URL.Query().Get("cursor"); cs != "" {
		var off struct {
			O int `json:"o"`
		}
		if !decodeCursor(cs, &off) || off.O < 0 {
			return badRequest("The cursor is not valid for this request.")
		}
		start = off.O
	}
	items := []object{}
	if start < len(list) {
		items = list[start:min(start+limit, len(list))]
	}
	var next *string
	if start+limit < len(list) {
		nc := encodeCursor(struct {
			O int `json:"o"`
		}{start + limit})
		next = &nc
	}
	return v2OK(items, next)
}
