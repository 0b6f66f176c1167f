package ratelimit_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/ratelimit"
)

func TestParseHeaders(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		h    http.Header
		want ratelimit.RateHeaders
	}{
		{"nil", nil, ratelimit.NoHeaders},
		{"empty", http.Header{}, ratelimit.NoHeaders},
		{"documented example", headers("x-ratelimit-limit", "40", "x-ratelimit-remaining", "39", "x-ratelimit-reset", "2", "x-daily-requests-left", "9999"),
			ratelimit.RateHeaders{Limit: 40, Remaining: 39, Reset: 2 * time.Second, RetryAfter: -1, DailyRequestsLeft: 9999, TokenLimit: -1, TokenRemaining: -1}},
		{"429 with penalty", headers("X-RateLimit-Limit", "10", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "10", "Retry-After", "10"),
			ratelimit.RateHeaders{Limit: 10, Remaining: 0, Reset: 10 * time.Second, RetryAfter: 10 * time.Second, DailyRequestsLeft: -1, TokenLimit: -1, TokenRemaining: -1}},
		{"decimal reset and tokens", headers("x-ratelimit-reset", " 0.25 ", "x-daily-ratelimit-token-limit", "90000", "x-daily-ratelimit-token-remaining", "0"),
			ratelimit.RateHeaders{Limit: -1, Remaining: -1, Reset: 250 * time.Millisecond, RetryAfter: -1, DailyRequestsLeft: -1, TokenLimit: 90000, TokenRemaining: 0}},
		{"retry-after date", headers("Retry-After", now.Add(7*time.Second).Format(http.TimeFormat)),
			ratelimit.RateHeaders{Limit: -1, Remaining: -1, Reset: -1, RetryAfter: 7 * time.Second, DailyRequestsLeft: -1, TokenLimit: -1, TokenRemaining: -1}},
		{"retry-after date in the past", headers("Retry-After", now.Add(-time.Hour).Format(http.TimeFormat)),
			ratelimit.RateHeaders{Limit: -1, Remaining: -1, Reset: -1, RetryAfter: 0, DailyRequestsLeft: -1, TokenLimit: -1, TokenRemaining: -1}},
		{"garbage", headers("x-ratelimit-limit", "forty", "x-ratelimit-remaining", "-3", "x-ratelimit-reset", "NaN", "Retry-After", "soon", "x-daily-requests-left", "1e3"),
			ratelimit.NoHeaders},
		{"far reset read as it is", headers("x-ratelimit-reset", "999999"),
			ratelimit.RateHeaders{Limit: -1, Remaining: -1, Reset: 999999 * time.Second, RetryAfter: -1, DailyRequestsLeft: -1, TokenLimit: -1, TokenRemaining: -1}},
		{"huge values are capped", headers("x-ratelimit-limit", "99999999999", "x-ratelimit-reset", "1e12"),
			ratelimit.RateHeaders{Limit: 2147483647, Remaining: -1, Reset: 366 * 24 * time.Hour, RetryAfter: -1, DailyRequestsLeft: -1, TokenLimit: -1, TokenRemaining: -1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ratelimit.ParseHeaders(tc.h, now); got != tc.want {
				t.Fatalf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func FuzzParseHeaders(f *testing.F) {
	for _, s := range []string{"2", "0.5", "-1", "NaN", "Inf", "1e400", "", " 7 ", "Mon, 02 Jan 2006 15:04:05 GMT", "99999999999999999999"} {
		f.Add(s, s, s)
	}
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, a, b, c string) {
		h := http.Header{}
		h.Set(ratelimit.HeaderLimit, a)
		h.Set(ratelimit.HeaderRemaining, b)
		h.Set(ratelimit.HeaderReset, c)
		h.Set(ratelimit.HeaderRetryAfter, a)
		h.Set(ratelimit.HeaderDailyLeft, c)
		h.Set(ratelimit.HeaderTokenLimit, b)
		r := ratelimit.ParseHeaders(h, now)
		if r.Limit < -1 || r.Remaining < -1 || r.DailyRequestsLeft < -1 || r.TokenLimit < -1 {
			t.Fatalf("negative count: %+v", r)
		}
		for _, d := range []time.Duration{r.Reset, r.RetryAfter} {
			if d < -1 || d > 366*24*time.Hour {
				t.Fatalf("duration out of range: %+v", r)
			}
		}
	})
}

func TestServerWait(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		h    http.Header
		want time.Duration
	}{
		{nil, ratelimit.Window},
		{headers("x-ratelimit-reset", "0"), ratelimit.Window},
		{headers("x-ratelimit-reset", "0.5"), 500 * time.Millisecond},
		{headers("x-ratelimit-reset", "7200"), 2 * time.Hour},
		{headers("x-ratelimit-reset", "999999"), 999999 * time.Second},
		{headers("Retry-After", "3", "x-ratelimit-reset", "1"), 3 * time.Second},
		{headers("x-ratelimit-reset", "junk", "Retry-After", "1"), time.Second},
		{headers("Retry-After", now.Add(-time.Hour).Format(http.TimeFormat)), ratelimit.Window},
	} {
		if got := ratelimit.ServerWait(ratelimit.ParseHeaders(tc.h, now)); got != tc.want {
			t.Errorf("%v: %v, want %v", tc.h, got, tc.want)
		}
	}
}

func TestPlanLimits(t *testing.T) {
	want := map[ratelimit.Plan][2]int{
		ratelimit.PlanUnknown:  {20, 80},
		ratelimit.Essential:    {20, 80},
		ratelimit.Advanced:     {40, 160},
		ratelimit.Professional: {80, 320},
		ratelimit.Premium:      {100, 400},
		ratelimit.Enterprise:   {120, 480},
		ratelimit.Plan(99):     {20, 80},
	}
	for p, w := range want {
		if got := p.Limit(1); got != w[0] {
			t.Errorf("%v api token: %d, want %d", p, got, w[0])
		}
		if got := p.Limit(2); got != w[1] {
			t.Errorf("%v oauth: %d, want %d", p, got, w[1])
		}
	}
	if ratelimit.Lite != ratelimit.Essential || ratelimit.Growth != ratelimit.Advanced ||
		ratelimit.Power != ratelimit.Premium || ratelimit.Ultimate != ratelimit.Enterprise {
		t.Fatal("plan aliases")
	}
	if ratelimit.Growth.String() != "growth" || ratelimit.Plan(99).String() != "Plan(99)" || ratelimit.Plan(99).Valid() {
		t.Fatal("plan names")
	}
	if _, err := ratelimit.New(ratelimit.WithPlan(ratelimit.Plan(42))); err == nil {
		t.Fatal("WithPlan accepted an unknown plan")
	}
}

func TestOptionErrors(t *testing.T) {
	for name, o := range map[string]ratelimit.Option{
		"nil store":       ratelimit.WithStore(nil),
		"nil clock":       ratelimit.WithClock(nil),
		"zero limit":      ratelimit.WithLimit(0),
		"negative margin": ratelimit.WithMargin(-time.Second),
		"huge margin":     ratelimit.WithMargin(time.Minute),
		"negative writes": ratelimit.WithDailyWriteLimit(-1),
		"negative tokens": ratelimit.WithDailyTokenBudget(-1),
		"zero ttl":        ratelimit.WithIdleTTL(0),
	} {
		if l, err := ratelimit.New(o); err == nil || l != nil {
			t.Errorf("%s: New accepted it", name)
		}
	}
	first, second := ratelimit.Default(), ratelimit.Default()
	if first != second || first == nil {
		t.Fatal("Default must return one shared limiter")
	}
}
