package pipedrive_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

func TestResponseLayout(t *testing.T) {
	pub, in := reflect.TypeFor[pipedrive.Response](), reflect.TypeFor[core.Response]()
	if pub.NumField() != in.NumField() {
		t.Fatalf("%d fields, the core's %d", pub.NumField(), in.NumField())
	}
	for i := 0; i < pub.NumField(); i++ {
		if a, b := pub.Field(i), in.Field(i); a.Name != b.Name || a.Type != b.Type {
			t.Errorf("field %d: %s %s, the core's %s %s", i, a.Name, a.Type, b.Name, b.Type)
		}
	}
}

// TestWithResponse: a call made with WithResponse fills it with its last
// response: status, headers, attempts, rate headers, the limiter's view.
func TestWithResponse(t *testing.T) {
	srv := pipedrivetest.NewServer(t)
	lim, err := ratelimit.New()
	if err != nil {
		t.Fatal(err)
	}
	c, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(lim))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var resp pipedrive.Response
	rctx := pipedrive.WithResponse(ctx, &resp)

	d, err := c.Deals.Create(rctx, &deals.CreateParams{Title: "one"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		t.Errorf("StatusCode = %d", resp.StatusCode)
	}
	if resp.Attempts != 1 || resp.Header == nil || resp.RateLimit.Limit <= 0 || resp.RateLimit.Remaining < 0 {
		t.Errorf("resp = %+v", resp)
	}
	if !resp.Limiter.Known || resp.Limiter.Limit != resp.RateLimit.Limit || resp.Limiter.DailyWritesUsed != 1 {
		t.Errorf("Limiter = %+v", resp.Limiter)
	}
	state, err := c.RateLimit(ctx)
	if err != nil || !state.Known || state.DailyWritesUsed != 1 || state.Limit != resp.RateLimit.Limit {
		t.Errorf("RateLimit = %+v, %v", state, err)
	}

	// An iterator: the last page.
	if _, err := c.Deals.Create(ctx, &deals.CreateParams{Title: "two"}); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, err := range c.Deals.List(rctx, &deals.ListParams{Limit: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n < 2 || resp.StatusCode != 200 || resp.AdditionalData == nil || strings.Contains(string(resp.AdditionalData), `"next_cursor":"`) {
		t.Errorf("after %d deals: resp = %d %s; want the last page's", n, resp.StatusCode, resp.AdditionalData)
	}

	// A failed call: the failed response.
	if _, err := c.Deals.Get(rctx, d.ID+1000); !errors.Is(err, pipedrive.ErrNotFound) {
		t.Fatalf("err = %v", err)
	}
	if resp.StatusCode != http.StatusNotFound || resp.AdditionalData != nil {
		t.Errorf("after a 404: %+v", resp)
	}

	// Refused for its params: nothing sent, the Response left alone.
	before := resp
	if _, err := c.Deals.Create(rctx, &deals.CreateParams{}); !errors.Is(err, pipedrive.ErrInvalidParams) {
		t.Fatalf("err = %v", err)
	}
	if resp.StatusCode != before.StatusCode || resp.Attempts != before.Attempts {
		t.Errorf("after a refusal: %+v", resp)
	}

	// The webhooks service (no core import) fills it too.
	if _, err := c.Webhooks.ListPage(rctx); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.Attempts != 1 {
		t.Errorf("after Webhooks.List: %+v", resp)
	}
}

// TestResponseAttempts: a 429 waited out counts as an attempt, and the
// response is the one that ended the call.
func TestResponseAttempts(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Ratelimit-Limit", "40")
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Header().Set("X-Ratelimit-Remaining", "39")
		fmt.Fprint(w, `{"success":true,"data":{"id":7,"title":"x"}}`)
	}))
	defer srv.Close()
	c, err := pipedrive.NewClient(auth.APIToken("t"), pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(ratelimit.Unlimited{}))
	if err != nil {
		t.Fatal(err)
	}
	var resp pipedrive.Response
	if _, err := c.Deals.Get(pipedrive.WithResponse(context.Background(), &resp), 7); err != nil {
		t.Fatal(err)
	}
	if resp.Attempts != 2 || resp.StatusCode != 200 || resp.RateLimit.Remaining != 39 || resp.RateLimit.Limit != 40 || resp.Limiter.Known {
		t.Errorf("resp = %+v", resp)
	}
	if _, err := c.RateLimit(context.Background()); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("RateLimit with ratelimit.Unlimited: %v, want errors.ErrUnsupported", err)
	}
}

// TestEveryMethodFillsResponse calls every exported method of every
// service of the client (with ids 1, strings "x" and empty params) and
// checks that each filled the Response, whatever came of the call.
func TestEveryMethodFillsResponse(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"success":true,"data":{"id":1}}`)
	}))
	defer srv.Close()
	c, err := pipedrive.NewClient(auth.APIToken("t"), pipedrive.WithBaseURL(srv.URL),
		pipedrive.WithLimiter(ratelimit.Unlimited{}), pipedrive.WithMaxRetries(-1, -1))
	if err != nil {
		t.Fatal(err)
	}
	ctxType := reflect.TypeFor[context.Context]()
	cv := reflect.ValueOf(c).Elem()
	methods := 0
	for i := 0; i < cv.NumField(); i++ {
		f := cv.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		svc := cv.Field(i)
		for j := 0; j < svc.NumMethod(); j++ {
			m := svc.Type().Method(j)
			mt := svc.Method(j).Type()
			if mt.NumIn() == 0 || mt.In(0) != ctxType {
				continue
			}
			resp := pipedrive.Response{Attempts: -1}
			args := []reflect.Value{reflect.ValueOf(pipedrive.WithResponse(context.Background(), &resp))}
			for k := 1; k < mt.NumIn(); k++ {
				in := mt.In(k)
				if mt.IsVariadic() && k == mt.NumIn()-1 {
					break
				}
				args = append(args, argFor(in))
			}
			out := svc.Method(j).Call(args)
			var err error
			if len(out) == 1 && out[0].Kind() == reflect.Func {
				err = drain(out[0].Interface())
			} else if e, ok := out[len(out)-1].Interface().(error); ok {
				err = e
			}
			methods++
			if resp.Attempts == -1 && !errors.Is(err, pipedrive.ErrInvalidParams) && m.Name != "ResolveCustomFields" {
				t.Errorf("%s.%s left the Response untouched (err %v)", f.Name, m.Name, err)
			}
		}
	}
	if methods < 300 {
		t.Fatalf("called %d methods; the walk is broken", methods)
	}
}

func argFor(t reflect.Type) reflect.Value {
	switch t.Kind() {
	case reflect.Int64, reflect.Int:
		return reflect.ValueOf(1).Convert(t)
	case reflect.String:
		return reflect.ValueOf("x").Convert(t)
	case reflect.Pointer:
		return reflect.New(t.Elem())
	}
	return reflect.Zero(t)
}

// drain runs an iter.Seq2 of any element type to its end, through
// reflection, and returns the error it yielded.
func drain(seq any) error {
	var err error
	v := reflect.ValueOf(seq)
	yield := reflect.MakeFunc(v.Type().In(0), func(in []reflect.Value) []reflect.Value {
		if e, ok := in[1].Interface().(error); ok && e != nil {
			err = e
		}
		return []reflect.Value{reflect.ValueOf(true)}
	})
	v.Call([]reflect.Value{yield})
	return err
}
