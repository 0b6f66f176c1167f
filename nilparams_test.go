package pipedrive_test

import (
	"context"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// sweepBodies are the responses every service method is called against:
// well-formed, empty, null data, and malformed or odd JSON.
var sweepBodies = map[string]string{
	"null-data":    `{"success":true,"data":null}`,
	"empty-object": `{"success":true,"data":{}}`,
	"empty-list":   `{"success":true,"data":[]}`,
	"empty-body":   ``,
	"truncated":    `{"success":true,"data":{"id":1`,
	"wrong-type":   `{"success":true,"data":"x","additional_data":[]}`,
	"items-null":   `{"success":true,"data":{"items":null},"additional_data":{"next_cursor":null}}`,
	"list-nulls":   `{"success":true,"data":[null,{}],"additional_data":{"pagination":{"more_items_in_collection":false}}}`,
	// Members of the wrong type or out of range, as a buggy server or a
	// future API change might send them.
	"odd-values": `{"success":true,"data":{"id":"1","due_time":"25:99","duration":7,"participants":"x","parties":[],"message_time":"x","folders":"inbox","update_time":"yesterday"}}`,
}

// TestServicesNilParams calls every exported method of every service with
// zero arguments (nil params pointers, zero ids, empty strings, nil
// readers), with empty params structs, and with a nil context, against
// servers answering oddly, and requires each call to return (an error or a
// value) without panicking. Downloads returned are read and closed.
func TestServicesNilParams(t *testing.T) {
	for name, body := range sweepBodies {
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
			// Every service of the client, found by reflection so that a new
			// one cannot escape the sweep.
			services := map[string]any{}
			cv := reflect.ValueOf(c).Elem()
			for i := 0; i < cv.NumField(); i++ {
				if f := cv.Type().Field(i); f.IsExported() && f.Type.Kind() == reflect.Pointer {
					services[f.Name] = cv.Field(i).Interface()
				}
			}
			if len(services) < 10 {
				t.Fatalf("found %d services", len(services))
			}
			for sname, svc := range services {
				v := reflect.ValueOf(svc)
				for i := 0; i < v.NumMethod(); i++ {
					m := v.Method(i)
					mname := v.Type().Method(i).Name
					for _, ctx := range []context.Context{context.Background(), nil} {
						for _, id := range []int64{0, 1} {
							label := fmt.Sprintf("%s.%s(ctx=%v,id=%d)", sname, mname, ctx != nil, id)
							callSwept(t, label, m, ctx, id)
						}
					}
				}
			}
		})
	}
}

func callSwept(t *testing.T, label string, m reflect.Value, ctx context.Context, id int64) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s panicked: %v", label, r)
		}
	}()
	mt := m.Type()
	args := make([]reflect.Value, mt.NumIn())
	ctxType := reflect.TypeOf((*context.Context)(nil)).Elem()
	for i := range args {
		in := mt.In(i)
		if mt.IsVariadic() && i == mt.NumIn()-1 {
			args[i] = reflect.Zero(in)
			continue
		}
		switch {
		case in == ctxType:
			if ctx == nil {
				args[i] = reflect.Zero(in)
			} else {
				args[i] = reflect.ValueOf(ctx)
			}
		case in.Kind() == reflect.Int64:
			args[i] = reflect.ValueOf(id).Convert(in)
		case in.Kind() == reflect.String && id != 0:
			args[i] = reflect.ValueOf("x").Convert(in)
		case in.Kind() == reflect.Pointer && in.Elem().Kind() == reflect.Struct && id != 0:
			args[i] = reflect.New(in.Elem()) // empty params
		default:
			args[i] = reflect.Zero(in)
		}
	}
	var outs []reflect.Value
	if mt.IsVariadic() {
		outs = m.CallSlice(args)
	} else {
		outs = m.Call(args)
	}
	for _, o := range outs {
		if (o.Kind() == reflect.Interface || o.Kind() == reflect.Pointer) && !o.IsNil() {
			if rc, ok := o.Interface().(io.ReadCloser); ok {
				_, _ = io.Copy(io.Discard, rc)
				_ = rc.Close()
				continue
			}
		}
		drainIfSeq(o)
	}
	if testing.Verbose() {
		t.Logf("%s -> %v", label, summarize(outs))
	}
}

// drainIfSeq ranges over an iter.Seq2 result, stopping after a few items
// so an iterator that never ends cannot hang the test.
func drainIfSeq(v reflect.Value) {
	if v.Kind() != reflect.Func || v.IsNil() || v.Type().NumIn() != 1 {
		return
	}
	yt := v.Type().In(0)
	if yt.Kind() != reflect.Func || yt.NumIn() != 2 || yt.NumOut() != 1 {
		return
	}
	n := 0
	yield := reflect.MakeFunc(yt, func([]reflect.Value) []reflect.Value {
		n++
		return []reflect.Value{reflect.ValueOf(n < 5)}
	})
	v.Call([]reflect.Value{yield})
}

var _ iter.Seq2[int, error] // iterators are what drainIfSeq ranges over

func summarize(outs []reflect.Value) []any {
	var r []any
	for _, o := range outs {
		if o.Kind() == reflect.Func {
			r = append(r, "seq")
			continue
		}
		if !o.IsValid() || ((o.Kind() == reflect.Pointer || o.Kind() == reflect.Interface || o.Kind() == reflect.Slice) && o.IsNil()) {
			r = append(r, nil)
			continue
		}
		r = append(r, o.Interface())
	}
	return r
}
