package pipedrive_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/paramerr"
	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/webhooks"
)

// TestErrorTwinsShareLayout: each documented error type of the root
// package has exactly the fields of the core type it stands for, in the
// same order, with the same types (the conversions of its methods need
// it; this says which field differs when they stop compiling).
func TestErrorTwinsShareLayout(t *testing.T) {
	for _, pair := range [][2]reflect.Type{
		{reflect.TypeFor[pipedrive.Error](), reflect.TypeFor[core.Error]()},
		{reflect.TypeFor[pipedrive.DecodeError](), reflect.TypeFor[core.DecodeError]()},
		{reflect.TypeFor[pipedrive.ParamsError](), reflect.TypeFor[paramerr.ParamsError]()},
		{reflect.TypeFor[pipedrive.TimeoutError](), reflect.TypeFor[core.TimeoutError]()},
		{reflect.TypeFor[pipedrive.ResponseTooLargeError](), reflect.TypeFor[core.ResponseTooLargeError]()},
	} {
		pub, in := pair[0], pair[1]
		if pub.NumField() != in.NumField() {
			t.Errorf("%s has %d fields, %s %d", pub, pub.NumField(), in, in.NumField())
			continue
		}
		for i := 0; i < pub.NumField(); i++ {
			a, b := pub.Field(i), in.Field(i)
			if a.Name != b.Name || a.Type != b.Type || !a.IsExported() {
				t.Errorf("%s field %d is %s %s, %s's is %s %s", pub, i, a.Name, a.Type, in, b.Name, b.Type)
			}
		}
		if !reflect.PointerTo(in).ConvertibleTo(reflect.PointerTo(pub)) {
			t.Errorf("*%s does not convert to *%s", in, pub)
		}
	}
}

// errServer answers every request with h.
func errClient(t *testing.T, h http.HandlerFunc, opts ...pipedrive.Option) *pipedrive.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	opts = append([]pipedrive.Option{pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(ratelimit.Unlimited{}),
		pipedrive.WithMaxRetries(-1, -1)}, opts...)
	c, err := pipedrive.NewClient(auth.APIToken("secret-token"), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestErrorsAsPublicTypes: every error type the SDK returns is found by
// errors.As with its documented root type, with its fields set, and the
// sentinels still match.
func TestErrorsAsPublicTypes(t *testing.T) {
	ctx := context.Background()

	t.Run("Error", func(t *testing.T) {
		c := errClient(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"success":false,"error":"Deal not found","error_info":"Please check the id","code":"not_found"}`)
		})
		_, err := c.Deals.Get(ctx, 42)
		var apiErr *pipedrive.Error
		if !errors.As(err, &apiErr) {
			t.Fatalf("errors.As(%v, *pipedrive.Error) = false", err)
		}
		if apiErr.StatusCode != 404 || apiErr.Method != "GET" || apiErr.Path != "/api/v2/deals/42" ||
			apiErr.Message != "Deal not found" || apiErr.Info != "Please check the id" || apiErr.Code != "not_found" {
			t.Errorf("apiErr = %+v", apiErr)
		}
		if !errors.Is(err, pipedrive.ErrNotFound) || !errors.Is(apiErr, pipedrive.ErrNotFound) || apiErr.Temporary() {
			t.Error("a 404 must match ErrNotFound, through the chain and on the public type, and not be temporary")
		}
		if apiErr.Error() != err.Error() {
			t.Errorf("the public type reads %q, the error %q", apiErr.Error(), err.Error())
		}
		var coreErr *core.Error // the core's type is still what the chain holds
		if !errors.As(err, &coreErr) || (*pipedrive.Error)(coreErr) != apiErr {
			t.Error("the public error must be the same error as the core's")
		}
	})

	t.Run("429", func(t *testing.T) {
		c := errClient(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("X-Ratelimit-Limit", "80")
			w.Header().Set("X-Ratelimit-Remaining", "0")
			w.Header().Set("X-Ratelimit-Reset", "2")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"success":false,"error":"Rate limit exceeded"}`)
		})
		_, err := c.Deals.Get(ctx, 1)
		var apiErr *pipedrive.Error
		if !errors.As(err, &apiErr) || !errors.Is(err, pipedrive.ErrRateLimited) {
			t.Fatalf("err = %v", err)
		}
		if rl := apiErr.RateLimit; rl.Limit != 80 || rl.Remaining != 0 || rl.Reset != 2*time.Second || rl.DailyRequestsLeft != -1 {
			t.Errorf("RateLimit = %+v", rl)
		}
		if want := "429 Too Many Requests: Rate limit exceeded (limit 80 per 2s, 0 remaining, resets in 2s)"; !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	})

	t.Run("DecodeError", func(t *testing.T) {
		c := errClient(t, func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"success":true,"data":null}`)
		})
		_, err := c.Deals.Get(ctx, 1)
		var de *pipedrive.DecodeError
		if !errors.As(err, &de) || !errors.Is(err, pipedrive.ErrNoData) || de.StatusCode != 200 || de.Path != "/api/v2/deals/1" {
			t.Fatalf("err = %v, DecodeError %+v", err, de)
		}
	})

	t.Run("ResponseTooLargeError", func(t *testing.T) {
		c := errClient(t, func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, `{"success":true,"data":{"id":1,"title":%q}}`, strings.Repeat("x", 2000))
		}, pipedrive.WithMaxResponseBytes(1000))
		_, err := c.Deals.Get(ctx, 1)
		var tl *pipedrive.ResponseTooLargeError
		if !errors.As(err, &tl) || !errors.Is(err, pipedrive.ErrResponseTooLarge) || tl.Limit != 1000 {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("TimeoutError", func(t *testing.T) {
		c := errClient(t, func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done() // never answers
		}, pipedrive.WithTimeouts(pipedrive.Timeouts{Attempt: 20 * time.Millisecond}))
		_, err := c.Deals.Get(ctx, 1)
		var te *pipedrive.TimeoutError
		if !errors.As(err, &te) || !errors.Is(err, pipedrive.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) || te.Waiting != "the whole attempt" {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("ParamsError", func(t *testing.T) {
		c := errClient(t, func(w http.ResponseWriter, r *http.Request) { t.Error("nothing may be sent") })
		_, err := c.Deals.Create(ctx, &deals.CreateParams{})
		var pe *pipedrive.ParamsError
		if !errors.As(err, &pe) || !errors.Is(pe, pipedrive.ErrInvalidParams) || len(pe.Missing) != 1 || pe.Missing[0] != "title" {
			t.Fatalf("err = %v, %+v", err, pe)
		}
	})

	// A user's own *pipedrive.Error (a fake in their tests) matches the
	// sentinels as the SDK's do.
	mine := &pipedrive.Error{StatusCode: 410, Method: "GET", Path: "/v1/x"}
	if !errors.Is(fmt.Errorf("wrapped: %w", mine), pipedrive.ErrNotFound) || mine.Error() != "pipedrive: GET /v1/x: 410 Gone" {
		t.Errorf("a user-built Error: %q", mine.Error())
	}
}

// sdkPrefix matches a package prefix at the start of a message or of one
// of its parts.
var sdkPrefix = regexp.MustCompile(`(?:^|: |; |\()(?:pipedrive|pipedrive/auth|ratelimit|redisstore|crm|webhooks): `)

// TestOnePrefixPerMessage: an error the SDK returns names the SDK once,
// at its start, however many layers made it (the core's retry and
// refusal paths, the limiter, the field definitions, the webhooks
// service).
func TestOnePrefixPerMessage(t *testing.T) {
	ctx := context.Background()
	check := func(t *testing.T, err error) {
		t.Helper()
		if err == nil {
			t.Fatal("no error")
		}
		msg := err.Error()
		if n := len(sdkPrefix.FindAllString(msg, -1)); n != 1 || !strings.HasPrefix(msg, "pipedrive: ") {
			t.Errorf("%d prefixes in %q", n, msg)
		}
		if strings.Contains(msg, "secret-token") {
			t.Errorf("the token leaked: %q", msg)
		}
	}

	t.Run("outcome unknown", func(t *testing.T) {
		c := errClient(t, func(w http.ResponseWriter, r *http.Request) {
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
		})
		_, err := c.Deals.Create(ctx, &deals.CreateParams{Title: "x"})
		if !errors.Is(err, pipedrive.ErrOutcomeUnknown) {
			t.Fatalf("err = %v", err)
		}
		check(t, err)
	})

	t.Run("daily write limit", func(t *testing.T) {
		lim, err := ratelimit.New(ratelimit.WithDailyWriteLimit(1))
		if err != nil {
			t.Fatal(err)
		}
		c := errClient(t, func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"success":true,"data":{"id":1}}`)
		}, pipedrive.WithLimiter(lim))
		if _, err := c.Deals.Create(ctx, &deals.CreateParams{Title: "x"}); err != nil {
			t.Fatal(err)
		}
		_, err = c.Deals.Create(ctx, &deals.CreateParams{Title: "y"})
		if !errors.Is(err, ratelimit.ErrDailyWriteLimit) {
			t.Fatalf("err = %v", err)
		}
		check(t, err)
	})

	t.Run("429 too far away", func(t *testing.T) {
		c := errClient(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Ratelimit-Reset", "3600")
			w.WriteHeader(http.StatusTooManyRequests)
		}, pipedrive.WithMaxRetries(2, -1))
		_, err := c.Deals.Get(ctx, 1)
		if !errors.Is(err, pipedrive.ErrRateLimited) || !errors.Is(err, ratelimit.ErrWaitExceedsMax) {
			t.Fatalf("err = %v", err)
		}
		check(t, err)
	})

	t.Run("cancelled while waiting to retry", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		c := errClient(t, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusServiceUnavailable)
			cancel()
		}, pipedrive.WithMaxRetries(-1, 3))
		_, err := c.Deals.Get(cctx, 1)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
		check(t, err)
	})

	t.Run("field definitions", func(t *testing.T) {
		c := errClient(t, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusInternalServerError)
		})
		_, err := c.Deals.Create(ctx, &deals.CreateParams{Title: "x", CustomFieldsByName: crm.FieldValues{"Budget": 1}})
		var apiErr *pipedrive.Error
		if !errors.As(err, &apiErr) || apiErr.Path != "/api/v2/dealFields" {
			t.Fatalf("err = %v", err)
		}
		check(t, err)
	})

	t.Run("decode", func(t *testing.T) {
		c := errClient(t, func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"success":true}`)
		})
		_, err := c.Deals.Get(ctx, 1)
		check(t, err)
	})

	t.Run("webhook limit", func(t *testing.T) {
		c := errClient(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnprocessableEntity)
			fmt.Fprint(w, `{"success":false,"error":"Webhooks limit reached"}`)
		})
		_, err := c.Webhooks.Create(ctx, &webhooks.CreateParams{SubscriptionURL: "https://example.com/hook",
			Name: "n", EventAction: webhooks.ActionCreate, EventObject: webhooks.ObjectDeal})
		if !errors.Is(err, webhooks.ErrWebhookLimit) {
			t.Fatalf("err = %v", err)
		}
		var apiErr *pipedrive.Error
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 422 {
			t.Fatalf("err = %v", err)
		}
		check(t, err)
	})
}
