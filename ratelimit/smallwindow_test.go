package ratelimit_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/ratelimit/ratelimittest"
)

// A window of one slot (a search limit of 1, as a test server may set)
// must still admit a request once the view of the server is stale: the
// stale view assumes others spent part of the window, but a probe must go,
// or the view is never refreshed and every later request waits forever.
func TestStaleViewOfOneSlotWindowStillProbes(t *testing.T) {
	clk := ratelimittest.NewClock(t0)
	l := newLimiter(t, clk)
	r := req(ratelimit.Search)
	tk := mustAdmit(t, l, r)
	l.Observe(r, tk, http.StatusOK, headers("X-Ratelimit-Limit", "1", "X-Ratelimit-Remaining", "0", "X-Ratelimit-Reset", "2"))
	// Well after the window, the view is stale; the next search must be
	// admitted at once.
	clk.Advance(5 * time.Second)
	if _, err := tryAdmit(l, r); err != nil {
		t.Fatalf("a search 5 s after the last one (limit 1) was refused: %v", err)
	}
}
