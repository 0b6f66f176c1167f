package ratelimit_test

import (
	"context"
	"net/http"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/ratelimit/ratelimittest"
)

// t0 is a Monday, well inside a UTC day.
var t0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

const testKey = "api_token:00112233445566778899aabbccddeeff"

func newLimiter(t testing.TB, clk *ratelimittest.Clock, opts ...ratelimit.Option) *ratelimit.Limiter {
	t.Helper()
	l, err := ratelimit.New(append([]ratelimit.Option{ratelimit.WithClock(clk)}, opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return l
}

func req(class ratelimit.Class) ratelimit.Request {
	m := http.MethodGet
	if class == ratelimit.Write {
		m = http.MethodPost
	}
	return ratelimit.Request{Key: testKey, Kind: auth.KindAPIToken, Class: class, Method: m, Cost: 1}
}

func headers(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return h
}

func itoa(n int) string { return strconv.Itoa(n) }

func mustAdmit(t *testing.T, l *ratelimit.Limiter, r ratelimit.Request) ratelimit.Ticket {
	t.Helper()
	tk, err := l.Admit(context.Background(), r)
	if err != nil {
		t.Fatalf("Admit: %v", err)
	}
	return tk
}

// tryAdmit admits r if that needs no wait. Otherwise it returns the
// error: a *WaitError when the limiter would make r wait.
func tryAdmit(l *ratelimit.Limiter, r ratelimit.Request) (ratelimit.Ticket, error) {
	return l.Admit(zeroWaitCtx{}, r)
}

// zeroWaitCtx is a context whose deadline is the distant past, so that
// any wait exceeds it: Admit either admits at once or refuses.
type zeroWaitCtx struct{ context.Context }

func (zeroWaitCtx) Deadline() (time.Time, bool) { return time.Time{}, true }
func (zeroWaitCtx) Done() <-chan struct{}       { return nil }
func (zeroWaitCtx) Err() error                  { return nil }
func (zeroWaitCtx) Value(any) any               { return nil }

// settle waits (in real time) until cond holds, yielding meanwhile.
func settle(t testing.TB, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("goroutines did not settle")
		}
		runtime.Gosched()
		time.Sleep(50 * time.Microsecond)
	}
}
