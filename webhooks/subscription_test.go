package webhooks_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/webhooks"
)

const listBody = `{"status":"ok","success":true,"data":[
 {"id":4710827,"company_id":8087566,"owner_id":12094821,"user_id":12415231,"event_action":"change","event_object":"deal",
  "subscription_url":"https://hooks.example.com/pipedrive","version":"2.0","is_active":1,"add_time":"2026-11-02T08:25:27.000Z",
  "remove_time":null,"type":"general","http_auth_user":"pipedrive","http_auth_password":"s3cret-Pa55word","remove_reason":null,
  "last_delivery_time":"2026-11-29 10:31:02","last_http_status":200,"admin_id":12094821,"name":"deal updates"},
 {"id":"4710828","company_id":"8087566","owner_id":12094821,"user_id":12415231,"event_action":"*","event_object":"*",
  "subscription_url":"https://hooks.example.com/all","version":"1.0","is_active":0,"add_time":"2026-10-01 07:00:00",
  "remove_time":"2026-11-01T00:00:00Z","type":"application","http_auth_user":null,"http_auth_password":null,
  "remove_reason":"too many failed deliveries","last_delivery_time":null,"last_http_status":null,"admin_id":12094821,"name":"everything"}
]}`

type seenRequest struct {
	method, path, token string
	body                map[string]any
}

// newAPI starts a fake /v1/webhooks API and returns a client pointed at it.
func newAPI(t *testing.T, handle func(w http.ResponseWriter, r *http.Request)) (*pipedrive.Client, *[]seenRequest) {
	t.Helper()
	var seen []seenRequest
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := seenRequest{method: r.Method, path: r.URL.Path, token: r.Header.Get("X-Api-Token")}
		if b, _ := io.ReadAll(r.Body); len(b) > 0 {
			assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
			require.NoError(t, json.Unmarshal(b, &s.body))
		}
		seen = append(seen, s)
		w.Header().Set("Content-Type", "application/json")
		handle(w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := pipedrive.NewClient(auth.APIToken("test-token"), pipedrive.WithBaseURL(srv.URL), pipedrive.WithMaxRetries(-1, -1))
	require.NoError(t, err)
	return c, &seen
}

func TestList(t *testing.T) {
	c, seen := newAPI(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, listBody) })
	page, err := c.Webhooks.ListPage(context.Background())
	require.NoError(t, err)
	require.Len(t, *seen, 1)
	assert.False(t, page.More, "the v1 endpoint returns every subscription at once")
	list := page.Items
	assert.Equal(t, seenRequest{method: "GET", path: "/v1/webhooks", token: "test-token"}, (*seen)[0])

	require.Len(t, list, 2)
	w := list[0]
	assert.Equal(t, int64(4710827), w.ID)
	assert.Equal(t, "deal updates", w.Name)
	assert.Equal(t, webhooks.ActionChange, w.EventAction)
	assert.Equal(t, webhooks.ObjectDeal, w.EventObject)
	assert.Equal(t, webhooks.Version2, w.Version)
	assert.Equal(t, webhooks.TypeGeneral, w.Type)
	assert.True(t, w.Active)
	assert.Equal(t, int64(8087566), w.CompanyID)
	assert.Equal(t, int64(12094821), w.OwnerID)
	assert.Equal(t, int64(12415231), w.UserID)
	assert.Equal(t, int64(12094821), w.AdminID)
	assert.Equal(t, "https://hooks.example.com/pipedrive", w.SubscriptionURL)
	assert.Equal(t, "pipedrive", w.HTTPAuthUser)
	assert.Equal(t, testPass, w.HTTPAuthPassword)
	assert.Equal(t, time.Date(2026, 11, 2, 8, 25, 27, 0, time.UTC), w.AddTime)
	assert.Nil(t, w.RemoveTime)
	require.NotNil(t, w.LastDeliveryTime)
	assert.Equal(t, time.Date(2026, 11, 29, 10, 31, 2, 0, time.UTC), *w.LastDeliveryTime)
	require.NotNil(t, w.LastHTTPStatus)
	assert.Equal(t, 200, *w.LastHTTPStatus)

	w = list[1]
	assert.Equal(t, int64(4710828), w.ID, "string id")
	assert.Equal(t, webhooks.ActionAll, w.EventAction)
	assert.Equal(t, webhooks.ObjectAll, w.EventObject)
	assert.False(t, w.Active)
	assert.Equal(t, "too many failed deliveries", w.RemoveReason)
	require.NotNil(t, w.RemoveTime)
	assert.Equal(t, time.Date(2026, 10, 1, 7, 0, 0, 0, time.UTC), w.AddTime, "v1 time format")
	assert.Empty(t, w.HTTPAuthPassword)
	assert.Nil(t, w.LastHTTPStatus)

	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d"} {
		assert.NotContains(t, fmt.Sprintf(verb, list[0]), testPass, verb)
		assert.NotContains(t, fmt.Sprintf(verb, list), testPass, verb)
	}
	assert.Contains(t, list[0].String(), "HTTPAuthPassword:[REDACTED]")
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("hook", "webhook", list[0])
	assert.NotContains(t, logs.String(), testPass)
}

// TestListIterates checks that List, like every list of the SDK, is an
// iterator: one request yields the single page, breaking out early
// fetches nothing more, and an error comes once, as the last pair.
func TestListIterates(t *testing.T) {
	c, seen := newAPI(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, listBody) })
	var ids []int64
	for w, err := range c.Webhooks.List(context.Background()) {
		require.NoError(t, err)
		ids = append(ids, w.ID)
	}
	assert.Equal(t, []int64{4710827, 4710828}, ids)
	assert.Len(t, *seen, 1)

	for range c.Webhooks.List(context.Background()) {
		break
	}
	assert.Len(t, *seen, 2, "one request per iteration, however early the loop stops")

	failing, _ := newAPI(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"success":false,"error":"Scope and URL mismatch","errorCode":403}`)
	})
	var errs []error
	for w, err := range failing.Webhooks.List(context.Background()) {
		assert.Nil(t, w)
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	var apiErr *pipedrive.Error
	require.ErrorAs(t, errs[0], &apiErr)
	assert.Equal(t, http.StatusForbidden, apiErr.StatusCode)
}

func validParams() *webhooks.CreateParams {
	return &webhooks.CreateParams{
		SubscriptionURL:  "https://hooks.example.com/pipedrive",
		EventAction:      webhooks.ActionChange,
		EventObject:      webhooks.ObjectDeal,
		Name:             "deal updates",
		HTTPAuthUser:     testUser,
		HTTPAuthPassword: testPass,
	}
}

func TestCreate(t *testing.T) {
	c, seen := newAPI(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"status":"ok","success":true,"data":{"id":4710829,"event_action":"change","event_object":"deal","subscription_url":"https://hooks.example.com/pipedrive","version":"2.0","is_active":1,"add_time":"2026-11-29T11:00:00.000Z","type":"general","http_auth_user":"pipedrive","http_auth_password":"s3cret-Pa55word","name":"deal updates","user_id":12415231}}`)
	})
	p := validParams()
	wh, err := c.Webhooks.Create(context.Background(), p)
	require.NoError(t, err)
	assert.Equal(t, int64(4710829), wh.ID)
	assert.True(t, wh.Active)
	assert.Empty(t, p.Version, "the caller's params are not modified")

	require.Len(t, *seen, 1)
	got := (*seen)[0]
	assert.Equal(t, "POST", got.method)
	assert.Equal(t, "/v1/webhooks", got.path)
	assert.Equal(t, map[string]any{
		"subscription_url":   "https://hooks.example.com/pipedrive",
		"event_action":       "change",
		"event_object":       "deal",
		"name":               "deal updates",
		"http_auth_user":     testUser,
		"http_auth_password": testPass,
		"version":            "2.0",
	}, got.body, "version defaults to 2.0; the password travels in the body only")

	p = validParams()
	p.Version, p.UserID, p.HTTPAuthUser, p.HTTPAuthPassword = webhooks.Version1, 77, "", ""
	_, err = c.Webhooks.Create(context.Background(), p)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{
		"subscription_url": "https://hooks.example.com/pipedrive",
		"event_action":     "change",
		"event_object":     "deal",
		"name":             "deal updates",
		"user_id":          77.0,
		"version":          "1.0",
	}, (*seen)[1].body)
}

func TestCreateRefusesInvalidParams(t *testing.T) {
	c, seen := newAPI(t, func(w http.ResponseWriter, r *http.Request) { t.Error("nothing may be sent") })
	tests := map[string]func(p *webhooks.CreateParams){
		"no URL":            func(p *webhooks.CreateParams) { p.SubscriptionURL = "" },
		"relative URL":      func(p *webhooks.CreateParams) { p.SubscriptionURL = "/hooks" },
		"ftp URL":           func(p *webhooks.CreateParams) { p.SubscriptionURL = "ftp://example.com/x" },
		"URL with creds":    func(p *webhooks.CreateParams) { p.SubscriptionURL = "https://u:" + testPass + "@example.com/x" },
		"no action":         func(p *webhooks.CreateParams) { p.EventAction = "" },
		"v1 action name":    func(p *webhooks.CreateParams) { p.EventAction = "updated" },
		"merge action":      func(p *webhooks.CreateParams) { p.EventAction = webhooks.ActionMerge },
		"no object":         func(p *webhooks.CreateParams) { p.EventObject = "" },
		"plural object":     func(p *webhooks.CreateParams) { p.EventObject = "deals" },
		"no name":           func(p *webhooks.CreateParams) { p.Name = "  " },
		"long name":         func(p *webhooks.CreateParams) { p.Name = string(bytes.Repeat([]byte("n"), 256)) },
		"negative user":     func(p *webhooks.CreateParams) { p.UserID = -1 },
		"colon in user":     func(p *webhooks.CreateParams) { p.HTTPAuthUser = "a:b" },
		"password, no user": func(p *webhooks.CreateParams) { p.HTTPAuthUser = "" },
		"bad version":       func(p *webhooks.CreateParams) { p.Version = "3.0" },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			p := validParams()
			mutate(p)
			wh, err := c.Webhooks.Create(context.Background(), p)
			assert.Nil(t, wh)
			assert.ErrorIs(t, err, webhooks.ErrInvalidParams)
			assert.NotContains(t, err.Error(), testPass)
		})
	}
	_, err := c.Webhooks.Create(context.Background(), nil)
	assert.ErrorIs(t, err, webhooks.ErrInvalidParams)
	assert.Empty(t, *seen)
}

func TestCreateAtTheLimit(t *testing.T) {
	c, _ := newAPI(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnprocessableEntity)
		// A server that echoes the request must not leak the password.
		io.WriteString(w, `{"success":false,"error":"You have reached the maximum number of webhooks (40)","error_info":"request had http_auth_password=`+testPass+`"}`)
	})
	_, err := c.Webhooks.Create(context.Background(), validParams())
	require.Error(t, err)
	assert.ErrorIs(t, err, webhooks.ErrWebhookLimit)
	var apiErr *pipedrive.Error
	require.True(t, errors.As(err, &apiErr))
	assert.Equal(t, http.StatusUnprocessableEntity, apiErr.StatusCode)
	assert.Contains(t, err.Error(), "maximum number of webhooks")
	assert.NotContains(t, err.Error(), testPass)
}

func TestCreateOtherErrorsAreNotTheLimit(t *testing.T) {
	c, _ := newAPI(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"status":"error","success":false,"errors":{"subscription_url":["invalid or non-reachable URL"]}}`)
	})
	_, err := c.Webhooks.Create(context.Background(), validParams())
	var apiErr *pipedrive.Error
	require.True(t, errors.As(err, &apiErr))
	assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
	assert.NotErrorIs(t, err, webhooks.ErrWebhookLimit)
}

func TestDelete(t *testing.T) {
	var status atomic.Int32
	status.Store(http.StatusOK)
	c, seen := newAPI(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(int(status.Load()))
		if status.Load() == http.StatusOK {
			io.WriteString(w, `{"status":"ok","success":true}`)
		} else {
			io.WriteString(w, `{"status":"error","success":false,"error":"Webhook not found"}`)
		}
	})
	require.NoError(t, c.Webhooks.Delete(context.Background(), 4710827))
	require.Len(t, *seen, 1)
	assert.Equal(t, seenRequest{method: "DELETE", path: "/v1/webhooks/4710827", token: "test-token"}, (*seen)[0])

	status.Store(http.StatusNotFound)
	err := c.Webhooks.Delete(context.Background(), 5)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)

	assert.Error(t, c.Webhooks.Delete(context.Background(), 0), "invalid id")
	assert.Len(t, *seen, 2, "an invalid id sends nothing")
}

func TestCreateParamsRedactsPassword(t *testing.T) {
	p := validParams()
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
		assert.NotContains(t, fmt.Sprintf(verb, p), testPass, verb)
		assert.NotContains(t, fmt.Sprintf(verb, *p), testPass, verb)
		assert.NotContains(t, fmt.Sprintf(verb, *p), fmt.Sprintf("%x", testPass), verb)
	}
	assert.Contains(t, p.String(), "HTTPAuthPassword:[REDACTED]")
	assert.Contains(t, fmt.Sprintf("%#v", *p), "webhooks.CreateParams{")
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("create", "params", *p)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("create", "params", p)
	assert.NotContains(t, logs.String(), testPass)
	// Empty stays empty: no [REDACTED] for a password that is not set.
	assert.Contains(t, webhooks.CreateParams{}.String(), "HTTPAuthPassword: ")
}
