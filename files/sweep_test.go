package files_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// TestServicesNeverPanic calls every exported method of the family's
// services (client.Files, Mailbox, CallLogs, Channels and Meetings) with
// zero arguments (nil params, zero ids, empty strings, nil readers) and
// with a nil context, against servers answering oddly, and requires each
// call to return without panicking.
func TestServicesNeverPanic(t *testing.T) {
	bodies := map[string]string{
		"null-data":  `{"success":true,"data":null}`,
		"empty":      ``,
		"truncated":  `{"success":true,"data":{"id":1`,
		"wrong-type": `{"success":true,"data":"x","additional_data":[]}`,
		"list-nulls": `{"success":true,"data":[null,{}],"additional_data":{"pagination":{"more_items_in_collection":false}}}`,
		"odd-values": `{"success":true,"data":{"id":"1","duration":"x","parties":[],"message_time":"x","folders":"inbox"}}`,
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(body))
			}))
			defer srv.Close()
			c, err := pipedrive.NewClient(auth.APIToken("sweep-token"), pipedrive.WithBaseURL(srv.URL),
				pipedrive.WithLimiter(ratelimit.Unlimited{}), pipedrive.WithMaxRetries(-1, -1))
			if err != nil {
				t.Fatal(err)
			}
			services := map[string]any{"Files": c.Files, "Mailbox": c.Mailbox, "CallLogs": c.CallLogs, "Channels": c.Channels, "Meetings": c.Meetings}
			for sname, svc := range services {
				v := reflect.ValueOf(svc)
				for i := 0; i < v.NumMethod(); i++ {
					for _, ctx := range []context.Context{context.Background(), nil} {
						for _, id := range []int64{0, 1} {
							sweep(t, fmt.Sprintf("%s.%s(ctx=%v,id=%d)", sname, v.Type().Method(i).Name, ctx != nil, id), v.Method(i), ctx, id)
						}
					}
				}
			}
		})
	}
}

func sweep(t *testing.T, label string, m reflect.Value, ctx context.Context, id int64) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s panicked: %v", label, r)
		}
	}()
	mt := m.Type()
	args := make([]reflect.Value, mt.NumIn())
	ctxType := reflect.TypeFor[context.Context]()
	for i := range args {
		in := mt.In(i)
		switch {
		case in == ctxType && ctx != nil:
			args[i] = reflect.ValueOf(ctx)
		case in.Kind() == reflect.Int64:
			args[i] = reflect.ValueOf(id).Convert(in)
		case in.Kind() == reflect.String && id != 0:
			args[i] = reflect.ValueOf("x").Convert(in)
		case in.Kind() == reflect.Pointer && id != 0:
			args[i] = reflect.New(in.Elem()) // empty params
		default:
			args[i] = reflect.Zero(in)
		}
	}
	outs := m.Call(args)
	for _, o := range outs {
		if c, ok := o.Interface().(io.Closer); ok && o.Kind() == reflect.Pointer && !o.IsNil() {
			_, _ = io.Copy(io.Discard, o.Interface().(io.Reader))
			_ = c.Close()
			continue
		}
		// Range over iterators, a few items at most.
		if o.Kind() != reflect.Func || o.IsNil() || o.Type().NumIn() != 1 {
			continue
		}
		n := 0
		o.Call([]reflect.Value{reflect.MakeFunc(o.Type().In(0), func([]reflect.Value) []reflect.Value {
			n++
			return []reflect.Value{reflect.ValueOf(n < 5)}
		})})
	}
}
