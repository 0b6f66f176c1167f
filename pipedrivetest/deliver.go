package pipedrivetest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"syscall"
	"time"
)

// deliveryTimeout is how long a webhook receiver has to answer, as at
// Pipedrive.
const deliveryTimeout = 10 * time.Second

// Delivery is one webhook delivery the server attempted.
type Delivery struct {
	WebhookID int64
	URL       string
	Action    string // create, change or delete
	Entity    Entity
	EntityID  int64
	Body      []byte // the JSON sent
	Status    int    // the receiver's status; 0 when it could not be reached
	Err       error  // why the delivery failed before a status, if it did
}

// OK reports whether the receiver answered with a 2xx status.
func (d Delivery) OK() bool { return d.Status >= 200 && d.Status < 300 }

// pendingDelivery is a delivery prepared under the store's lock and sent
// after it is released.
type pendingDelivery struct {
	hook     webhook
	password string
	body     []byte
	d        Delivery
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
		body := map[string]any{
			"data":     data,
			"previous": previous,
			"meta": map[string]any{
				"action": action, "entity": string(e), "entity_id": strconv.FormatInt(id, 10),
				"id": uuid(), "correlation_id": correlation, "company_id": strconv.FormatInt(CompanyID, 10),
				"user_id": strconv.FormatInt(userID, 10), "timestamp": now.UTC().Format("2006-01-02T15:04:05.000Z"),
				"type": "general", "version": "2.0", "webhook_id": strconv.FormatInt(h.id, 10),
				"webhook_owner_id": strconv.FormatInt(h.ownerID, 10), "attempt": 1,
				"change_source": "api", "is_bulk_edit": false, "host": host,
			},
		}
		raw, err := json.Marshal(body)
		if err != nil {
			continue // every value here is JSON-encodable
		}
		out = append(out, pendingDelivery{hook: *h, password: h.httpAuthPassword, body: raw,
			d: Delivery{WebhookID: h.id, URL: h.subscriptionURL, Action: action, Entity: e, EntityID: id, Body: raw}})
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

// deliver sends prepared deliveries in the background.
func (s *Server) deliver(ps []pendingDelivery) {
	for _, p := range ps {
		s.deliveries.Add(1)
		go func() {
			defer s.deliveries.Done()
			d := p.d
			d.Status, d.Err = s.send(p)
			s.mu.Lock()
			s.delivered = append(s.delivered, d)
			s.mu.Unlock()
		}()
	}
}

// errNotLoopback refuses deliveries to anything but this machine: the fake
// never sends traffic off the host.
var errNotLoopback = fmt.Errorf("pipedrivetest: webhook deliveries go only to loopback addresses")

func (s *Server) send(p pendingDelivery) (int, error) {
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
	ctx, cancel := context.WithTimeout(context.Background(), deliveryTimeout)
	defer cancel()
	go func() {
		select {
		case <-s.stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.hook.subscriptionURL, bytes.NewReader(p.body))
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
func newHookClient() *http.Client {
	dialer := &net.Dialer{
		Timeout: deliveryTimeout,
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
		Timeout: deliveryTimeout,
		Transport: &http.Transport{
			DialContext:       dialer.DialContext,
			Proxy:             nil, // never through a proxy: that would leave the host
			DisableKeepAlives: true,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Deliveries waits until every webhook delivery started so far has
// finished (each gives up after 10 seconds, as Pipedrive's do) and returns
// all deliveries made, in the order they finished.
//
// The server sends webhook v2 deliveries (subscriptions with version
// "2.0") for the deals, persons and organizations created, changed and
// deleted through its API, one attempt each, and only to loopback
// addresses.
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
