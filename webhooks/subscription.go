package webhooks

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/paramerr"
)

// Action is what happened to an object: the event_action of a
// subscription, and the action of a delivered Event.
type Action string

// Actions. A subscription takes ActionCreate, ActionChange, ActionDelete
// or ActionAll. Deliveries carry ActionCreate, ActionChange or ActionDelete,
// and ActionMerge for merges that webhooks v1 reports.
const (
	ActionCreate Action = "create"
	ActionChange Action = "change"
	ActionDelete Action = "delete"
	// ActionAll subscribes to every action ("*").
	ActionAll Action = "*"
	// ActionMerge is a v1 delivery's "merged" action (v2 reports a merge
	// as a change of the surviving object and a delete of the other).
	ActionMerge Action = "merge"
)

// Object is the kind of object an event is about: the event_object of a
// subscription, and the entity of a delivered Event. Deliveries may carry
// objects not listed here; they arrive unchanged.
type Object string

// Objects a subscription can name.
const (
	ObjectActivity     Object = "activity"
	ObjectDeal         Object = "deal"
	ObjectLead         Object = "lead"
	ObjectNote         Object = "note"
	ObjectOrganization Object = "organization"
	ObjectPerson       Object = "person"
	ObjectPipeline     Object = "pipeline"
	ObjectProduct      Object = "product"
	ObjectStage        Object = "stage"
	ObjectUser         Object = "user"
	// ObjectAll subscribes to every object ("*").
	ObjectAll Object = "*"
)

// Version is the format of the deliveries a subscription receives.
type Version string

// Delivery formats. Pipedrive and this package default to Version2.
const (
	Version1 Version = "1.0"
	Version2 Version = "2.0"
)

// Type is the kind of a subscription as Pipedrive reports it.
type Type string

// Subscription types.
const (
	TypeGeneral     Type = "general"
	TypeApplication Type = "application"
	TypeAutomation  Type = "automation"
)

var (
	subscribableActions = []Action{ActionCreate, ActionChange, ActionDelete, ActionAll}
	subscribableObjects = []Object{ObjectActivity, ObjectDeal, ObjectLead, ObjectNote, ObjectOrganization,
		ObjectPerson, ObjectPipeline, ObjectProduct, ObjectStage, ObjectUser, ObjectAll}
)

// MaxWebhooksPerUser is how many subscriptions Pipedrive allows one user.
const MaxWebhooksPerUser = 40

// ErrWebhookLimit matches the error of a Create that Pipedrive refused with
// 422 because the user already has MaxWebhooksPerUser subscriptions. The
// error also unwraps to the API's *pipedrive.Error.
var ErrWebhookLimit = errors.New("webhooks: Pipedrive's limit of 40 webhooks per user is reached (delete one first)")

// ErrInvalidParams matches the error of a Create whose parameters were
// refused before anything was sent. It is the same value as
// pipedrive.ErrInvalidParams (the error is a *pipedrive.ParamsError), so
// one errors.Is test covers every service.
var ErrInvalidParams = paramerr.ErrInvalidParams

// CreateParams describes a new subscription.
//
// HTTPAuthPassword is sent to Pipedrive in the request body and nowhere
// else: formatting CreateParams (fmt's %v, %+v, %#v, %s, slog) shows it as
// [REDACTED].
type CreateParams struct {
	// SubscriptionURL is where Pipedrive will POST deliveries: an absolute
	// http(s) URL, publicly reachable, that does not redirect. Put the
	// HTTP Basic credentials in HTTPAuthUser and HTTPAuthPassword, not in
	// the URL.
	SubscriptionURL string `json:"subscription_url" pipedrive:"required"`
	// EventAction and EventObject select the events (required); ActionAll
	// and ObjectAll are wildcards. ActionMerge is only ever delivered: a
	// subscription cannot name it, and Create refuses it before sending.
	EventAction Action `json:"event_action" pipedrive:"required"`
	EventObject Object `json:"event_object" pipedrive:"required"`
	// Name names the subscription (required, at most 255 characters).
	Name string `json:"name" pipedrive:"required"`
	// UserID is the user whose permissions filter the events; the
	// credential's user when zero.
	UserID int64 `json:"user_id,omitempty"`
	// HTTPAuthUser and HTTPAuthPassword are the HTTP Basic credentials
	// Pipedrive sends with each delivery (see HandlerConfig).
	HTTPAuthUser     string `json:"http_auth_user,omitempty"`
	HTTPAuthPassword string `json:"http_auth_password,omitempty"`
	// Version is the delivery format; Version2 when empty.
	Version Version `json:"version,omitempty"`
}

// validate checks p and returns the body to send (p with its defaults).
func (p *CreateParams) validate() (*CreateParams, error) {
	refuse := func(missing []string, problems []string) error {
		return &paramerr.ParamsError{Method: ops.V1AddWebhook.Method, Path: ops.V1AddWebhook.Version.Prefix() + ops.V1AddWebhook.Path,
			Missing: missing, Reason: strings.Join(problems, "; ")}
	}
	if p == nil {
		return nil, refuse(nil, []string{"nil params"})
	}
	// The fields tagged required, by their wire names (the client core
	// checks the same tags; this package must not import it).
	var missing, problems []string
	u, err := url.Parse(p.SubscriptionURL)
	switch {
	case p.SubscriptionURL == "":
		missing = append(missing, "subscription_url")
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		problems = append(problems, "SubscriptionURL must be an absolute http or https URL")
	case u.User != nil:
		problems = append(problems, "SubscriptionURL must not carry credentials: use HTTPAuthUser and HTTPAuthPassword")
	}
	switch {
	case p.EventAction == "":
		missing = append(missing, "event_action")
	case !contains(subscribableActions, p.EventAction):
		problems = append(problems, fmt.Sprintf("EventAction %q is not one of %s", p.EventAction, join(subscribableActions)))
	}
	switch {
	case p.EventObject == "":
		missing = append(missing, "event_object")
	case !contains(subscribableObjects, p.EventObject):
		problems = append(problems, fmt.Sprintf("EventObject %q is not one of %s", p.EventObject, join(subscribableObjects)))
	}
	switch n := len([]rune(p.Name)); {
	case strings.TrimSpace(p.Name) == "":
		missing = append(missing, "name")
	case n > 255:
		problems = append(problems, fmt.Sprintf("Name has %d characters, at most 255 are allowed", n))
	}
	if p.UserID < 0 {
		problems = append(problems, fmt.Sprintf("UserID %d is negative", p.UserID))
	}
	if strings.Contains(p.HTTPAuthUser, ":") {
		problems = append(problems, "HTTPAuthUser must not contain ':' (HTTP Basic forbids it)")
	}
	if p.HTTPAuthPassword != "" && p.HTTPAuthUser == "" {
		problems = append(problems, "HTTPAuthPassword is set but HTTPAuthUser is empty")
	}
	out := *p
	switch p.Version {
	case "":
		out.Version = Version2
	case Version1, Version2:
	default:
		problems = append(problems, fmt.Sprintf("Version %q is not %q or %q", p.Version, Version1, Version2))
	}
	if len(missing)+len(problems) > 0 {
		return nil, refuse(missing, problems)
	}
	return &out, nil
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func join[T ~string](list []T) string {
	s := make([]string, len(list))
	for i, v := range list {
		s[i] = fmt.Sprintf("%q", string(v))
	}
	return strings.Join(s, ", ")
}

// Webhook is a subscription as Pipedrive reports it.
//
// Pipedrive returns the subscription's HTTP Basic password; it is kept in
// HTTPAuthPassword for callers that need it, and shown as [REDACTED] when
// a Webhook is formatted or logged. It encodes to JSON in Pipedrive's own
// shape (password included), which UnmarshalJSON reads back.
type Webhook struct {
	ID              int64   `json:"id"`
	Name            string  `json:"name"`
	SubscriptionURL string  `json:"subscription_url"`
	EventAction     Action  `json:"event_action"`
	EventObject     Object  `json:"event_object"`
	Version         Version `json:"version"`
	Type            Type    `json:"type"`
	// Active is false once Pipedrive has disabled the subscription (see
	// RemoveReason).
	Active    bool  `json:"is_active"`
	CompanyID int64 `json:"company_id"`
	OwnerID   int64 `json:"owner_id"`
	UserID    int64 `json:"user_id"`
	AdminID   int64 `json:"admin_id"`
	// HTTPAuthUser and HTTPAuthPassword are the credentials Pipedrive
	// sends with deliveries; empty when none.
	HTTPAuthUser     string    `json:"http_auth_user"`
	HTTPAuthPassword string    `json:"http_auth_password"`
	AddTime          time.Time `json:"add_time"`
	// RemoveTime and RemoveReason are set when the subscription was removed.
	RemoveTime   *time.Time `json:"remove_time"`
	RemoveReason string     `json:"remove_reason"`
	// LastDeliveryTime and LastHTTPStatus describe the last delivery
	// attempt; nil before the first.
	LastDeliveryTime *time.Time `json:"last_delivery_time"`
	LastHTTPStatus   *int       `json:"last_http_status"`
}

// UnmarshalJSON decodes Pipedrive's webhook object, accepting numbers sent
// as strings, 0/1 booleans and both of Pipedrive's time formats.
func (w *Webhook) UnmarshalJSON(b []byte) error {
	var raw struct {
		ID               flexInt   `json:"id"`
		Name             flexStr   `json:"name"`
		SubscriptionURL  flexStr   `json:"subscription_url"`
		EventAction      flexStr   `json:"event_action"`
		EventObject      flexStr   `json:"event_object"`
		Version          flexStr   `json:"version"`
		Type             flexStr   `json:"type"`
		IsActive         *flexBool `json:"is_active"`
		CompanyID        flexInt   `json:"company_id"`
		OwnerID          flexInt   `json:"owner_id"`
		UserID           flexInt   `json:"user_id"`
		AdminID          flexInt   `json:"admin_id"`
		HTTPAuthUser     flexStr   `json:"http_auth_user"`
		HTTPAuthPassword flexStr   `json:"http_auth_password"`
		AddTime          flexTime  `json:"add_time"`
		RemoveTime       flexTime  `json:"remove_time"`
		RemoveReason     flexStr   `json:"remove_reason"`
		LastDeliveryTime flexTime  `json:"last_delivery_time"`
		LastHTTPStatus   *flexInt  `json:"last_http_status"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*w = Webhook{
		ID:               int64(raw.ID),
		Name:             string(raw.Name),
		SubscriptionURL:  string(raw.SubscriptionURL),
		EventAction:      Action(raw.EventAction),
		EventObject:      Object(raw.EventObject),
		Version:          Version(raw.Version),
		Type:             Type(raw.Type),
		Active:           raw.IsActive == nil || bool(*raw.IsActive),
		CompanyID:        int64(raw.CompanyID),
		OwnerID:          int64(raw.OwnerID),
		UserID:           int64(raw.UserID),
		AdminID:          int64(raw.AdminID),
		HTTPAuthUser:     string(raw.HTTPAuthUser),
		HTTPAuthPassword: string(raw.HTTPAuthPassword),
		AddTime:          time.Time(raw.AddTime),
		RemoveTime:       raw.RemoveTime.ptr(),
		RemoveReason:     string(raw.RemoveReason),
		LastDeliveryTime: raw.LastDeliveryTime.ptr(),
	}
	if raw.LastHTTPStatus != nil {
		s := int(*raw.LastHTTPStatus)
		w.LastHTTPStatus = &s
	}
	return nil
}

const redacted = "[REDACTED]"

func redact(s string) string {
	if s == "" {
		return ""
	}
	return redacted
}

// String describes the params with the password redacted.
func (p CreateParams) String() string { return fmt.Sprintf("%+v", p) }

// GoString is String for %#v.
func (p CreateParams) GoString() string { return fmt.Sprintf("%#v", p) }

// Format prints p like a plain struct, with HTTPAuthPassword redacted,
// whatever the verb.
func (p CreateParams) Format(f fmt.State, verb rune) {
	type createParams CreateParams
	c := createParams(p)
	c.HTTPAuthPassword = redact(c.HTTPAuthPassword)
	formatRedacted(f, verb, c, "createParams", "CreateParams")
}

// LogValue makes slog log p with HTTPAuthPassword redacted.
func (p CreateParams) LogValue() slog.Value { return slog.StringValue(p.String()) }

// String describes the subscription with the password redacted.
func (w Webhook) String() string { return fmt.Sprintf("%+v", w) }

// GoString is String for %#v.
func (w Webhook) GoString() string { return fmt.Sprintf("%#v", w) }

// Format prints w like a plain struct, with HTTPAuthPassword redacted,
// whatever the verb.
func (w Webhook) Format(f fmt.State, verb rune) {
	type webhook Webhook
	c := webhook(w)
	c.HTTPAuthPassword = redact(c.HTTPAuthPassword)
	formatRedacted(f, verb, c, "webhook", "Webhook")
}

// LogValue makes slog log w with HTTPAuthPassword redacted.
func (w Webhook) LogValue() slog.Value { return slog.StringValue(w.String()) }

// formatRedacted prints v (a method-less copy of a value whose secrets are
// already replaced) with the caller's verb and flags, naming the type as
// the caller's exported type under %#v.
func formatRedacted(f fmt.State, verb rune, v any, local, exported string) {
	out := fmt.Sprintf(fmt.FormatString(f, verb), v)
	if verb == 'v' && f.Flag('#') {
		out = strings.Replace(out, "webhooks."+local+"{", "webhooks."+exported+"{", 1)
	}
	_, _ = f.Write([]byte(out))
}

// isNull reports whether b is empty or JSON null.
func isNull(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) == 0 || bytes.Equal(b, []byte("null"))
}
