package pipedrivetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"syscall"
	"time"
)

// Delivery is one attempt of a webhook delivery: the first, or a retry
// of one that failed.
type Delivery struct {
	// CompanyID is the company whose change the delivery reports.
	CompanyID int64
	WebhookID int64
	URL       string
	Action    string // create, change or delete
	Entity    Entity
	EntityID  int64
	// Attempt counts the attempts of one delivery: 1, then up to 4 (as
	// the body's meta.attempt does).
	Attempt int
	// ID is the delivery's meta.id, the same on every attempt.
	ID     string
	Body   []byte // the JSON sent
	Status int    // the receiver's status; 0 when it could not be reached or did not answer in time
	Err    error  // why the attempt failed before a status, if it did
}

// OK reports whether the receiver answered with a 2xx status.
func (d Delivery) OK() bool { return d.Status >= 200 && d.Status < 300 }

// pendingDelivery is a delivery prepared under the store's lock and sent
// after it is released.
type pendingDelivery struct {
	hook     webhook
	password string
	meta     map[string]any // meta.attempt is set per attempt
	data     json.RawMessage
	previous json.RawMessage
	d        Delivery
}

// body is the delivery's JSON for one attempt.
func (p *pendingDelivery) body(attempt int) []byte {
	meta := make(map[string]any, len(p.meta))
	for k, v := range p.meta {
		meta[k] = v
	}
	meta["attempt"] = attempt
	raw, err := json.Marshal(map[string]any{"meta": meta, "data": p.data, "previous": p.previous})
	if err != nil {
		return nil // every value here is JSON-encodable
	}
	return raw
}

// eventsLocked prepares the webhook deliveries for one change of an
// object. Callers hold the store's lock and send the result with deliver.
func (s *Server) eventsLocked(st *store, e Entity, action string, userID int64, cur, prev object, now time.Time) []pendingDelivery {
	if len(st.webhooks) == 0 {
		return nil
	}
	var id int64
	switch {
	case cur != nil:
		id = cur["id"].(int64)
	case prev != nil:
		id = prev["id"].(int64)
	}
	var data, previous any
	if cur != nil {
		data = webhookObject(cur)
	}
	switch action {
	case "change":
		previous = changedFields(prev, cur)
	case "delete":
		previous = webhookObject(prev)
	}
	// Encoded now, under the store's lock: the objects change later.
	rawData, err1 := json.Marshal(data)
	rawPrev, err2 := json.Marshal(previous)
	if err1 != nil || err2 != nil {
		return nil // every value here is JSON-encodable
	}
	host := ""
	if u, err := url.Parse(s.URL); err == nil {
		host = u.Host
	}
	correlation := uuid()
	var out []pendingDelivery
	for _, hid := range sortedHookIDs(st) {
		h := st.webhooks[hid]
		if h.version != "2.0" ||
			(h.eventAction != "*" && h.eventAction != action) ||
			(h.eventObject != "*" && h.eventObject != string(e)) {
			continue
		}
		deliveryID := uuid()
		meta := map[string]any{
			"action": action, "entity": string(e), "entity_id": strconv.FormatInt(id, 10),
			"id": deliveryID, "correlation_id": correlation, "company_id": strconv.FormatInt(s.company.id, 10),
			"user_id": strconv.FormatInt(userID, 10), "timestamp": now.UTC().Format("2006-01-02T15:04:05.000Z"),
			"type": "general", "version": "2.0", "webhook_id": strconv.FormatInt(h.id, 10),
			"webhook_owner_id": strconv.FormatInt(h.ownerID, 10), "attempt": 1,
			"change_source": "api", "is_bulk_edit": false, "host": host,
		}
		out = append(out, pendingDelivery{hook: *h, password: h.httpAuthPassword, meta: meta, data: rawData, previous: rawPrev,
			d: Delivery{CompanyID: s.company.id, WebhookID: h.id, URL: h.subscriptionURL, Action: action, Entity: e, EntityID: id, ID: deliveryID}})
	}
	return out
}

func sortedHookIDs(st *store) []int64 {
	ids := make([]int64, 0, len(st.webhooks))
	for id := range st.webhooks {
		ids = append(ids, id)
	}
	for i := 1; i < len(ids); i++ {
		for j := i; j > 0 && ids[j] < ids[j-1]; j-- {
			ids[j], ids[j-1] = ids[j-1], ids[j]
		}
	}
	return ids
}

// webhookObject renders an object as webhook v2 bodies carry it, with the
// quirks of the real ones: visible_to is a string.
func webhookObject(o object) map[string]any {
	c := clone(o)
	if v, ok := c["visible_to"].(int64); ok {
		c["visible_to"] = strconv.FormatInt(v, 10)
	}
	return c
}

// changedFields returns the previous values of the fields that changed.
func changedFields(prev, cur object) map[string]any {
	out := map[string]any{}
	for k, pv := range prev {
		if k == "update_time" {
			continue
		}
		if k == "custom_fields" {
			pc, _ := pv.(map[string]any)
			cc, _ := cur[k].(map[string]any)
			changed := map[string]any{}
			for fk, fv := range pc {
				if !reflect.DeepEqual(fv, cc[fk]) {
					changed[fk] = fv
				}
			}
			if len(changed) > 0 {
				out[k] = changed
			}
			continue
		}
		if !reflect.DeepEqual(pv, cur[k]) {
			out[k] = pv
		}
	}
	if v, ok := out["visible_to"].(int64); ok {
		out["visible_to"] = strconv.FormatInt(v, 10)
	}
	return out
}

// deliver sends prepared deliveries in the background, each retried on
// the schedule (see WithDeliverySchedule) until an attempt succeeds, the
// attempts run out or the server closes.
func (s *Server) deliver(ps []pendingDelivery) {
	for _, p := range ps {
		s.deliveries.Add(1)
		go func() {
			defer s.deliveries.Done()
			s.attempt(&p)
		}()
	}
}

// attempt sends p's attempts in turn.
func (s *Server) attempt(p *pendingDelivery) {
	for n := 1; ; n++ {
		d := p.d
		d.Attempt, d.Body = n, p.body(n)
		d.Status, d.Err = s.send(p, d.Body)
		s.recordAttempt(d)
		// A delivery refused because it would leave the machine is a
		// mistake in the test, not a receiver's failure: not retried.
		if d.OK() || errors.Is(d.Err, errNotLoopback) || n > len(s.cfg.retries) {
			return
		}
		if !s.sleep(context.Background(), s.cfg.retries[n-1]) {
			return // the server is closing
		}
	}
}

// recordAttempt keeps an attempt for Deliveries and on its subscription,
// whose last_delivery_time and last_http_status GET /v1/webhooks shows.
func (s *Server) recordAttempt(d Delivery) {
	st := s.data
	st.mu.Lock()
	if h := st.webhooks[d.WebhookID]; h != nil {
		h.lastDelivery = s.clock.Now()
		h.lastStatus = d.Status
	}
	st.mu.Unlock()
	s.mu.Lock()
	s.delivered = append(s.delivered, d)
	s.mu.Unlock()
}

// errNotLoopback refuses deliveries to anything but this machine: the fake
// never sends traffic off the host.
var errNotLoopback = fmt.Errorf("pipedrivetest: webhook deliveries go only to loopback addresses")

func (s *Server) send(p *pendingDelivery, body []byte) (int, error) {
	// Refuse before any name lookup: even DNS would leave the host.
	u, err := url.Parse(p.hook.subscriptionURL)
	if err != nil {
		return 0, err
	}
	if h := u.Hostname(); h != "localhost" {
		if ip := net.ParseIP(h); ip == nil || !ip.IsLoopback() {
			return 0, errNotLoopback
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.hookTimeout)
	defer cancel()
	go func() {
		select {
		case <-s.stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.hook.subscriptionURL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Pipedrive Webhooks (pipedrivetest)")
	if p.hook.httpAuthUser != "" || p.password != "" {
		req.SetBasicAuth(p.hook.httpAuthUser, p.password)
	}
	res, err := s.hookClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	return res.StatusCode, nil
}

// newHookClient returns the HTTP client for deliveries: it can only
// connect to loopback addresses.
func newHookClient(timeout time.Duration) *http.Client {
	dialer := &net.Dialer{
		Timeout: timeout,
		Control: func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
				return errNotLoopback
			}
			return nil
		},
	}
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			DialContext:       dialer.DialContext,
			Proxy:             nil, // never through a proxy: that would leave the host
			DisableKeepAlives: true,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Deliveries waits until every webhook delivery started so far has
// finished, retries included, and returns every attempt made, in the
// order they finished.
//
// The server sends webhook v2 deliveries (subscriptions with version
// "2.0") for the deals, persons and organizations created, changed and
// deleted through its API, only to loopback addresses. An attempt fails
// when the receiver answers with a status other than 2xx or not within
// the timeout (DeliveryTimeout, 10 s); a failed delivery is attempted
// again 3, 30 and 150 s later (four attempts in all, meta.attempt
// counting them), so with a failing receiver Deliveries waits minutes
// unless WithDeliverySchedule scales the schedule down. Closing the
// server abandons the retries still waiting. A delivery to an address
// that is not loopback is refused (Err says so) and not retried.
func (s *Server) Deliveries() []Delivery {
	s.deliveries.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Delivery, len(s.delivered))
	copy(out, s.delivered)
	return out
}

func uuid() string {
	b := []byte(randomHex(16))
	// Version 4, variant 10.
	b[12] = '4'
	b[16] = "89ab"[b[16]%4]
	return string(b[0:8]) + "-" + string(b[8:12]) + "-" + string(b[12:16]) + "-" + string(b[16:20]) + "-" + string(b[20:32])
}
