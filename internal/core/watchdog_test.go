package core

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The watchdog's one timer is set for the earliest moment a timeout can
// be due and rearms when it fires early: a body that keeps moving for
// several BodyIdle periods is read whole, and a wait that begins late is
// given its whole BodyIdle from when it began.
func TestWatchdogRearms(t *testing.T) {
	const idle = 200 * time.Millisecond
	t.Run("a body that keeps moving", func(t *testing.T) {
		c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"success":true,"data":{"title":"`)
			for range 12 { // 600 ms in all, never 200 ms silent
				_, _ = io.WriteString(w, "a")
				w.(http.Flusher).Flush()
				time.Sleep(idle / 4)
			}
			_, _ = io.WriteString(w, `"}}`)
		}), func(c *Config) { c.Timeouts = Timeouts{BodyIdle: idle, Attempt: 10 * time.Second} })
		got, err := Fetch[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
		require.NoError(t, err)
		assert.Equal(t, strings.Repeat("a", 12), got.Title)
	})
	t.Run("a wait that begins late", func(t *testing.T) {
		release := make(chan struct{})
		t.Cleanup(func() { close(release) })
		const headersAfter = 150 * time.Millisecond
		c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(headersAfter)
			stall(w, r, release)
		}), func(c *Config) { c.Timeouts = Timeouts{BodyIdle: idle, Attempt: 10 * time.Second} })
		start := time.Now()
		_, err := Fetch[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
		took := time.Since(start)
		var te *TimeoutError
		require.ErrorAs(t, err, &te)
		assert.Equal(t, "the next part of the response body", te.Waiting)
		// The timer first fired at BodyIdle after the start, when the wait
		// was 50 ms old: it must have slept on, not ended the attempt.
		assert.GreaterOrEqual(t, took, headersAfter+idle, "the body wait was not given its whole BodyIdle")
	})
	t.Run("the whole attempt ends a moving body", func(t *testing.T) {
		release := make(chan struct{})
		t.Cleanup(func() { close(release) })
		c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			trickle(w, r, release, idle/4)
		}), func(c *Config) { c.Timeouts = Timeouts{BodyIdle: idle, Attempt: 3 * idle} })
		start := time.Now()
		_, err := Fetch[item](context.Background(), c, &Call{Op: ops.V2GetDeal, PathArgs: []any{int64(1)}})
		var te *TimeoutError
		require.ErrorAs(t, err, &te)
		assert.Equal(t, "the whole attempt", te.Waiting)
		assert.GreaterOrEqual(t, time.Since(start), 3*idle)
	})
}

// A finished attempt's watchdog never fires: its timer is stopped and a
// late firing does nothing.
func TestWatchdogStopped(t *testing.T) {
	var ex exchange
	ctx, cancel := context.WithCancelCause(context.Background())
	ex.ctx, ex.cancel = ctx, cancel
	ex.startWatch(time.Millisecond, time.Millisecond)
	ex.stopWatch()
	ex.fire() // as a firing that raced the stop would
	time.Sleep(5 * time.Millisecond)
	assert.NoError(t, context.Cause(ctx))
	cancel(nil)
}
