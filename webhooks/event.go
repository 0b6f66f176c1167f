package webhooks

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrMalformed matches a delivery body that is not a Pipedrive webhook:
// not a JSON object, or without meta, action or entity.
var ErrMalformed = errors.New("webhooks: malformed delivery")

// ErrNoData is returned when an event carries no object to decode, e.g.
// the data of a v2 delete event.
var ErrNoData = errors.New("webhooks: the event carries no object")

// ErrWrongEntity is returned by the typed accessors (Deal, Person,
// Organization) when the event is about another kind of object.
var ErrWrongEntity = errors.New("webhooks: the event is about another entity")

// Event is one webhook delivery, v2 or v1, in a single shape.
//
// Scalars that Pipedrive sends as strings (ids in a v2 meta) are parsed;
// a value that cannot be parsed is left zero, and the original is still in
// Raw. Data and Previous keep the object as raw JSON; decode them with
// DecodeData and DecodePrevious, or the typed accessors.
type Event struct {
	// Version is the delivery format, "2.0" or "1.0".
	Version Version
	// Action is what happened. v1's added, updated, deleted and merged are
	// reported as ActionCreate, ActionChange, ActionDelete and ActionMerge.
	Action Action
	// Entity is the kind of object (v2 meta.entity, v1 meta.object).
	// Objects this package does not know arrive unchanged.
	Entity Object
	// EntityID is the object's id, or 0 when it is not a number (leads
	// have UUIDs); RawEntityID is the id as sent.
	EntityID    int64
	RawEntityID string
	// DeliveryID identifies the delivery across Pipedrive's retries: v2's
	// meta.id (a UUID). v1 has no delivery id; it is built from the
	// webhook id, event, object id and timestamp, which retries repeat.
	DeliveryID string
	// CorrelationID links the deliveries caused by one change (v2).
	CorrelationID string
	// Attempt counts deliveries of this event, from 1; Pipedrive retries
	// after 3, 30 and 150 seconds.
	Attempt int
	// Time is when the change happened.
	Time time.Time
	// CompanyID and UserID are the company and the user who made the
	// change; WebhookID and WebhookOwnerID the subscription and its owner.
	CompanyID      int64
	UserID         int64
	WebhookID      int64
	WebhookOwnerID int64
	// ChangeSource says where the change came from ("app", "api", ...).
	ChangeSource string
	// BulkEdit is true for changes made by a bulk edit.
	BulkEdit bool
	// Host is the company's Pipedrive host, e.g. "acme.pipedrive.com".
	Host string
	// Data is the object after the change (v2 data, v1 current); nil when
	// the delivery carries none (v2 deletes).
	Data json.RawMessage
	// Previous holds the changed fields only, with their values before the
	// change (for v1 deliveries, which send the whole previous object, the
	// fields whose values differ from Data). For a delete it holds the
	// object as it was. Nil when there is none (creates).
	Previous json.RawMessage
	// Raw is the whole delivery body.
	Raw json.RawMessage
}

// Changed returns the names of the fields in Previous, in the order
// Pipedrive sent them.
func (e *Event) Changed() []string {
	kvs, err := objectFields(e.Previous)
	if err != nil {
		return nil
	}
	out := make([]string, len(kvs))
	for i, kv := range kvs {
		out[i] = kv.key
	}
	return out
}

// DecodeData decodes Data into v (a pointer), tolerating numbers and ids
// sent as strings (and the reverse), 0/1 booleans, v1 times and
// comma-joined id lists where v expects those types. It returns ErrNoData
// when the event has no Data.
func (e *Event) DecodeData(v any) error {
	if isNull(e.Data) {
		return ErrNoData
	}
	return decodeTolerant(e.Data, v)
}

// DecodePrevious decodes Previous into v like DecodeData. Only the changed
// fields are set.
func (e *Event) DecodePrevious(v any) error {
	if isNull(e.Previous) {
		return ErrNoData
	}
	return decodeTolerant(e.Previous, v)
}

// String is a short description: "2.0 change deal 42 (delivery 71825ee0-...)".
func (e *Event) String() string {
	id := e.RawEntityID
	if id == "" {
		id = "?"
	}
	return fmt.Sprintf("%s %s %s %s (delivery %s, attempt %d)", e.Version, e.Action, e.Entity, id, e.DeliveryID, e.Attempt)
}

// delivery is the union of the v2 and v1 body shapes.
type delivery struct {
	Meta     json.RawMessage `json:"meta"`
	Data     json.RawMessage `json:"data"`
	Current  json.RawMessage `json:"current"`
	Previous json.RawMessage `json:"previous"`
	Retry    *flexInt        `json:"retry"`
	Event    flexStr         `json:"event"`
	V        flexStr         `json:"v"`
}

type metaV2 struct {
	Action         flexStr  `json:"action"`
	Entity         flexStr  `json:"entity"`
	EntityID       flexStr  `json:"entity_id"`
	ID             flexStr  `json:"id"`
	CorrelationID  flexStr  `json:"correlation_id"`
	CompanyID      flexInt  `json:"company_id"`
	UserID         flexInt  `json:"user_id"`
	WebhookID      flexInt  `json:"webhook_id"`
	WebhookOwnerID flexInt  `json:"webhook_owner_id"`
	Timestamp      flexTime `json:"timestamp"`
	Attempt        flexInt  `json:"attempt"`
	ChangeSource   flexStr  `json:"change_source"`
	IsBulkEdit     flexBool `json:"is_bulk_edit"`
	Host           flexStr  `json:"host"`
	Version        flexStr  `json:"version"`
	Object         flexStr  `json:"object"` // v1's name for entity
}

type metaV1 struct {
	Action         flexStr  `json:"action"`
	Object         flexStr  `json:"object"`
	ID             flexStr  `json:"id"`
	CompanyID      flexInt  `json:"company_id"`
	UserID         flexInt  `json:"user_id"`
	WebhookID      flexInt  `json:"webhook_id"`
	WebhookOwnerID flexInt  `json:"webhook_owner_id"`
	Timestamp      flexTime `json:"timestamp"`
	TimestampMicro flexStr  `json:"timestamp_micro"`
	ChangeSource   flexStr  `json:"change_source"`
	IsBulkUpdate   flexBool `json:"is_bulk_update"`
	Host           flexStr  `json:"host"`
	RequestID      flexStr  `json:"request_id"`
	CorrelationID  flexStr  `json:"correlation_id"`
}

var v1Actions = map[string]Action{
	"added": ActionCreate, "updated": ActionChange, "deleted": ActionDelete, "merged": ActionMerge,
}

// Decode decodes a delivery body, v2 or v1, into an Event. It fails with
// an error matching ErrMalformed when body is not a JSON object with a
// meta object that names an action and an entity.
func Decode(body []byte) (*Event, error) {
	var d delivery
	if err := json.Unmarshal(body, &d); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	if t := bytes.TrimSpace(d.Meta); len(t) == 0 || t[0] != '{' {
		return nil, fmt.Errorf("%w: no meta object", ErrMalformed)
	}
	ev := &Event{Raw: json.RawMessage(bytes.Clone(body))}
	if isV1(&d) {
		if err := decodeV1(ev, &d); err != nil {
			return nil, err
		}
	} else {
		decodeV2(ev, &d)
	}
	if ev.Action == "" || ev.Entity == "" {
		return nil, fmt.Errorf("%w: meta names no action or entity", ErrMalformed)
	}
	ev.EntityID, _ = parseInt([]byte(ev.RawEntityID))
	if ev.EntityID < 0 {
		ev.EntityID = 0
	}
	if ev.Attempt < 1 {
		ev.Attempt = 1
	}
	return ev, nil
}

// isV1 tells a v1 body from a v2 one: v1 has current, event or v at the
// top and names its entity "object"; v2 has data and "entity".
func isV1(d *delivery) bool {
	var probe struct {
		Entity  *json.RawMessage `json:"entity"`
		Object  *json.RawMessage `json:"object"`
		Version flexStr          `json:"version"`
		V       flexStr          `json:"v"`
	}
	_ = json.Unmarshal(d.Meta, &probe)
	switch {
	case probe.Version == "2.0" || probe.Entity != nil:
		return false
	case probe.Object != nil || probe.V == "1" || d.V == "1" || d.Current != nil || d.Event != "":
		return true
	}
	return false
}

func decodeV2(ev *Event, d *delivery) {
	var m metaV2
	_ = json.Unmarshal(d.Meta, &m) // a meta object always decodes: every field is a flex type
	ev.Version = Version2
	if m.Version != "" {
		ev.Version = Version(m.Version)
	}
	ev.Action = Action(m.Action)
	ev.Entity = Object(m.Entity)
	if ev.Entity == "" {
		ev.Entity = Object(m.Object)
	}
	ev.RawEntityID = string(m.EntityID)
	ev.DeliveryID = string(m.ID)
	ev.CorrelationID = string(m.CorrelationID)
	ev.Attempt = int(m.Attempt)
	ev.Time = time.Time(m.Timestamp)
	ev.CompanyID, ev.UserID = int64(m.CompanyID), int64(m.UserID)
	ev.WebhookID, ev.WebhookOwnerID = int64(m.WebhookID), int64(m.WebhookOwnerID)
	ev.ChangeSource, ev.BulkEdit, ev.Host = string(m.ChangeSource), bool(m.IsBulkEdit), string(m.Host)
	if !isNull(d.Data) {
		ev.Data = d.Data
	}
	if !isNull(d.Previous) {
		ev.Previous = d.Previous
	}
}

func decodeV1(ev *Event, d *delivery) error {
	var m metaV1
	_ = json.Unmarshal(d.Meta, &m)
	ev.Version = Version1
	action, object := string(m.Action), string(m.Object)
	// "event" is "updated.deal": it fills what meta lacks.
	if ea, eo, ok := strings.Cut(string(d.Event), "."); ok {
		if action == "" {
			action = ea
		}
		if object == "" {
			object = eo
		}
	}
	if a, ok := v1Actions[action]; ok {
		ev.Action = a
	} else {
		ev.Action = Action(action)
	}
	ev.Entity = Object(object)
	ev.RawEntityID = string(m.ID)
	ev.CorrelationID = string(m.CorrelationID)
	if d.Retry != nil {
		ev.Attempt = int(*d.Retry) + 1
	}
	ev.Time = time.Time(m.Timestamp)
	if t, ok := parseUnix(string(m.TimestampMicro)); ok {
		ev.Time = t
	}
	ev.CompanyID, ev.UserID = int64(m.CompanyID), int64(m.UserID)
	ev.WebhookID, ev.WebhookOwnerID = int64(m.WebhookID), int64(m.WebhookOwnerID)
	ev.ChangeSource, ev.BulkEdit, ev.Host = string(m.ChangeSource), bool(m.IsBulkUpdate), string(m.Host)
	ev.DeliveryID = string(m.RequestID)
	if ev.DeliveryID == "" {
		stamp := string(m.TimestampMicro)
		if stamp == "" && !ev.Time.IsZero() {
			stamp = strconv.FormatInt(ev.Time.UnixMicro(), 10)
		}
		ev.DeliveryID = fmt.Sprintf("v1:%d:%s.%s:%s:%s", ev.WebhookID, action, object, ev.RawEntityID, stamp)
	}
	if !isNull(d.Current) {
		ev.Data = d.Current
	}
	if !isNull(d.Previous) {
		prev, err := changedFields(d.Previous, ev.Data)
		if err != nil {
			return fmt.Errorf("%w: previous: %w", ErrMalformed, err)
		}
		ev.Previous = prev
	}
	return nil
}

type field struct {
	key string
	raw json.RawMessage
}

// objectFields lists the members of a JSON object in order.
func objectFields(b []byte) ([]field, error) {
	if isNull(b) {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if tok != json.Delim('{') {
		return nil, errors.New("not a JSON object")
	}
	var out []field
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, ok := tok.(string)
		if !ok {
			return nil, errors.New("not a JSON object")
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		out = append(out, field{key, raw})
	}
	return out, nil
}

// changedFields returns the members of prev whose values differ from the
// same member of cur (all of prev when cur is nil), as a JSON object.
func changedFields(prev, cur json.RawMessage) (json.RawMessage, error) {
	pf, err := objectFields(prev)
	if err != nil {
		return nil, err
	}
	if cur == nil {
		return prev, nil
	}
	cf, err := objectFields(cur)
	if err != nil {
		return nil, err
	}
	now := make(map[string]json.RawMessage, len(cf))
	for _, f := range cf {
		now[f.key] = f.raw
	}
	var buf bytes.Buffer
	buf.WriteByte('{')
	n := 0
	for _, f := range pf {
		if c, ok := now[f.key]; ok && sameJSON(c, f.raw) {
			continue
		}
		if n > 0 {
			buf.WriteByte(',')
		}
		k, _ := json.Marshal(f.key)
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(bytes.TrimSpace(f.raw))
		n++
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// sameJSON compares two JSON values ignoring insignificant white space.
func sameJSON(a, b json.RawMessage) bool {
	if bytes.Equal(bytes.TrimSpace(a), bytes.TrimSpace(b)) {
		return true
	}
	var ca, cb bytes.Buffer
	if json.Compact(&ca, a) != nil || json.Compact(&cb, b) != nil {
		return false
	}
	return bytes.Equal(ca.Bytes(), cb.Bytes())
}
