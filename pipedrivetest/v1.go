package pipedrivetest

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// v1Time formats a time as v1 does: "2006-01-02 15:04:05" in UTC.
func v1Time(t time.Time) string { return t.UTC().Format(time.DateTime) }

// CompanyID is the id of the fake's default company (see WithCompany for
// more).
const CompanyID int64 = 7001

// DefaultCompanyName is the name of the fake's default company.
const DefaultCompanyName = "pipedrivetest"

// maxWebhooks is how many webhooks a user may have (more gets 422).
const maxWebhooks = 40

func userName(id int64) string {
	if id == DefaultUserID {
		return "Test User"
	}
	return "Test User " + strconv.FormatInt(id, 10)
}

func userJSON(id int64, co *company) map[string]any {
	email := "user" + strconv.FormatInt(id, 10) + "@example.com"
	return map[string]any{
		"id": id, "name": userName(id), "email": email, "default_currency": "USD",
		"locale": "en_US", "lang": 1, "phone": nil, "activated": true,
		"last_login": "2026-01-01 00:00:00", "created": "2025-01-01 00:00:00", "modified": "2025-01-01 00:00:00",
		"has_created_company": id == DefaultUserID,
		"access":              []any{map[string]any{"app": "sales", "admin": id == DefaultUserID, "permission_set_id": "pdt-sales"}},
		"active_flag":         true, "timezone_name": "UTC", "timezone_offset": "+00:00", "role_id": 1,
		"icon_url": nil, "is_you": true, "is_deleted": false, "is_admin": boolInt(id == DefaultUserID),
		"company_id": co.id, "company_name": co.name, "company_domain": companyDomain(co.name),
		"company_country": "EE", "company_industry": "Software",
		"language": map[string]any{"language_code": "en", "country_code": "US"},
	}
}

// companyDomain is the subdomain a company's name gives
// ("Acme Ltd" -> "acmeltd"), as Pipedrive's company_domain.
func companyDomain(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// webhook is a subscription made through /v1/webhooks.
type webhook struct {
	id               int64
	ownerID          int64
	userID           int64
	eventAction      string
	eventObject      string
	subscriptionURL  string
	version          string
	name             string
	httpAuthUser     string
	httpAuthPassword string // sent with deliveries, never echoed
	added            time.Time
	lastDelivery     time.Time // zero until the first attempt
	lastStatus       int       // of the latest attempt; 0 when it got none
}

func (h *webhook) json(companyID int64) map[string]any {
	var user, pass any
	if h.httpAuthUser != "" {
		user = h.httpAuthUser
	}
	if h.httpAuthPassword != "" {
		pass = "******" // never echoed back
	}
	var last, status any
	if !h.lastDelivery.IsZero() {
		last = h.lastDelivery.UTC().Format("2006-01-02T15:04:05.000Z")
	}
	if h.lastStatus != 0 {
		status = h.lastStatus
	}
	return map[string]any{
		"id": h.id, "company_id": companyID, "owner_id": h.ownerID, "user_id": h.userID,
		"event_action": h.eventAction, "event_object": h.eventObject, "subscription_url": h.subscriptionURL,
		"version": h.version, "is_active": 1, "add_time": h.added.UTC().Format("2006-01-02T15:04:05.000Z"),
		"remove_time": nil, "type": "general", "http_auth_user": user, "http_auth_password": pass,
		"remove_reason": nil, "last_delivery_time": last, "last_http_status": status, "admin_id": h.ownerID,
		"name": h.name,
	}
}

func (s *Server) listWebhooks(c *call) *reply {
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	var hooks []*webhook
	for _, h := range st.webhooks {
		if h.ownerID == c.user {
			hooks = append(hooks, h)
		}
	}
	sort.Slice(hooks, func(i, j int) bool { return hooks[i].id < hooks[j].id })
	data := make([]any, len(hooks))
	for i, h := range hooks {
		data[i] = h.json(s.company.id)
	}
	return jsonReply(http.StatusOK, map[string]any{"status": "ok", "success": true, "data": data})
}

var (
	webhookActions = []string{"create", "change", "delete", "*"}
	webhookObjects = []string{"activity", "deal", "lead", "note", "organization", "person", "pipeline",
		"product", "stage", "user", "*"}
)

func (s *Server) createWebhook(c *call) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	str := func(k string) (string, bool) {
		v, ok := body[k]
		if !ok || v == nil {
			return "", true
		}
		sv, ok := v.(string)
		return sv, ok
	}
	h := &webhook{ownerID: c.user, userID: c.user, version: "2.0", added: c.now}
	for k := range body {
		if !slices.Contains([]string{"subscription_url", "event_action", "event_object", "name", "user_id",
			"http_auth_user", "http_auth_password", "version"}, k) {
			return badRequest(k + " is not a property this endpoint accepts")
		}
	}
	var ok bool
	if h.subscriptionURL, ok = str("subscription_url"); !ok || h.subscriptionURL == "" {
		return badRequest("subscription_url is required")
	}
	if u, err := url.Parse(h.subscriptionURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return badRequest("subscription_url must be an absolute http or https URL")
	}
	if h.eventAction, ok = str("event_action"); !ok || !slices.Contains(webhookActions, h.eventAction) {
		return badRequest("event_action must be one of create, change, delete, *")
	}
	if h.eventObject, ok = str("event_object"); !ok || !slices.Contains(webhookObjects, h.eventObject) {
		return badRequest("event_object is missing or not a known object")
	}
	if h.name, ok = str("name"); !ok || h.name == "" {
		return badRequest("name is required")
	}
	if h.httpAuthUser, ok = str("http_auth_user"); !ok {
		return badRequest("http_auth_user expects a string")
	}
	if h.httpAuthPassword, ok = str("http_auth_password"); !ok {
		return badRequest("http_auth_password expects a string")
	}
	if v, ok := str("version"); !ok || (v != "" && v != "1.0" && v != "2.0") {
		return badRequest(`version must be "1.0" or "2.0"`)
	} else if v != "" {
		h.version = v
	}
	if v, present := body["user_id"]; present && v != nil {
		id, err := asInt(v)
		if err != nil || id <= 0 {
			return badRequest("user_id expects a positive integer")
		}
		h.userID = id
	}

	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	n := 0
	for _, w := range st.webhooks {
		if w.ownerID == c.user {
			n++
		}
	}
	if n >= maxWebhooks {
		return apiError(http.StatusUnprocessableEntity, "Webhooks limit reached",
			"A user can have at most 40 webhooks; delete one first.")
	}
	st.nextHook++
	h.id = st.nextHook
	st.webhooks[h.id] = h
	return jsonReply(http.StatusCreated, map[string]any{"status": "ok", "success": true, "data": h.json(s.company.id)})
}

func (s *Server) deleteWebhook(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	h := st.webhooks[id]
	if h == nil || h.ownerID != c.user {
		return notFound("Webhook")
	}
	delete(st.webhooks, id)
	return jsonReply(http.StatusOK, map[string]any{"status": "ok", "success": true})
}

// v1Paging reads start and limit: start from 0, limit default 100, at most 500.
func v1Paging(c *call) (start, limit int, rp *reply) {
	q := c.r.URL.Query()
	if v := q.Get("start"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, 0, badRequest("start must be a non-negative integer.")
		}
		start = n
	}
	limit, rp = queryLimit(c)
	return start, limit, rp
}

func (s *Server) participantJSON(st *store, dealID int64, p participant) map[string]any {
	deal := st.objects[Deal][dealID]
	person := st.objects[Person][p.personID]
	var name any
	emails, phones := []any{}, []any{}
	if person != nil {
		name = person["name"]
		emails, _ = person["emails"].([]any)
		phones, _ = person["phones"].([]any)
	}
	return map[string]any{
		"id": p.id,
		"person_id": map[string]any{
			"active_flag": person != nil, "name": name, "email": emails, "phone": phones, "value": p.personID,
		},
		"add_time":          v1Time(p.added),
		"active_flag":       true,
		"related_item_data": map[string]any{"deal_id": dealID, "title": deal["title"]},
		"person": map[string]any{
			"id": p.personID, "company_id": s.company.id, "name": name, "email": emails, "phone": phones,
			"active_flag": person != nil,
		},
		"added_by_user_id": map[string]any{
			"id": p.addedBy, "name": userName(p.addedBy), "value": p.addedBy,
		},
	}
}

func (s *Server) listParticipants(c *call) *reply {
	dealID, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	start, limit, rp := v1Paging(c)
	if rp != nil {
		return rp
	}
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.objects[Deal][dealID] == nil {
		return notFound("Deal")
	}
	all := st.parts[dealID]
	end := min(start+limit, len(all))
	data := []any{}
	for i := start; i < end; i++ {
		data = append(data, s.participantJSON(st, dealID, all[i]))
	}
	more := end < len(all)
	pg := map[string]any{"start": start, "limit": limit, "more_items_in_collection": more}
	if more {
		pg["next_start"] = end
	}
	var dataOut any = data
	if len(data) == 0 {
		dataOut = nil // v1 lists answer null when empty
	}
	return jsonReply(http.StatusOK, map[string]any{
		"success":         true,
		"data":            dataOut,
		"additional_data": map[string]any{"pagination": pg},
		"related_objects": map[string]any{},
	})
}

func (s *Server) addParticipant(c *call) *reply {
	dealID, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	for k := range body {
		if k != "person_id" {
			return badRequest(k + " is not a property this endpoint accepts")
		}
	}
	personID, err := asInt(body["person_id"])
	if err != nil || personID <= 0 {
		return badRequest("person_id is required and must be a positive integer")
	}
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.objects[Deal][dealID] == nil {
		return notFound("Deal")
	}
	if st.objects[Person][personID] == nil {
		return badRequest("person_id does not name an existing person")
	}
	for _, p := range st.parts[dealID] {
		if p.personID == personID {
			return badRequest("The person is already a participant of the deal")
		}
	}
	st.nextPart++
	p := participant{id: st.nextPart, personID: personID, added: c.now, addedBy: c.user}
	st.parts[dealID] = append(st.parts[dealID], p)
	st.hist.partChanges[dealID] = append(st.hist.partChanges[dealID], object{"action": "added", "actor_user_id": c.user,
		"person_id": personID, "time": v1Time(c.now)})
	return jsonReply(http.StatusOK, map[string]any{"success": true, "data": s.participantJSON(st, dealID, p)})
}
