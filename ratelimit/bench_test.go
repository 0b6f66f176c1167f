package ratelimit_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// stepClock advances by step on every reading, so that a benchmark can
// admit millions of requests without the window ever filling.
type stepClock struct {
	ns   atomic.Int64
	step int64
}

func newStepClock(step time.Duration) *stepClock {
	c := &stepClock{step: int64(step)}
	c.ns.Store(t0.UnixNano())
	return c
}

func (c *stepClock) Now() time.Time { return time.Unix(0, c.ns.Add(c.step)) }

func (c *stepClock) Timer(d time.Duration) (<-chan time.Time, func() bool) {
	ch := make(chan time.Time, 1)
	ch <- time.Unix(0, c.ns.Add(int64(d)))
	return ch, func() bool { return false }
}

// BenchmarkAdmit measures admission when the budget is free: the clock
// moves 10% more than the window's pace on every reading, so no request
// ever waits.
func BenchmarkAdmit(b *testing.B) {
	const limit = 480 // OAuth, Ultimate
	step := ratelimit.Window * 11 / 10 / limit
	r := ratelimit.Request{Key: auth.HashKey("oauth", "bench"), Kind: auth.KindOAuth, Plan: ratelimit.Ultimate,
		Class: ratelimit.Read, Method: http.MethodGet, Cost: 1}
	ctx := context.Background()

	b.Run("serial", func(b *testing.B) {
		l, _ := ratelimit.New(ratelimit.WithClock(newStepClock(step)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := l.Admit(ctx, r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("serial+observe", func(b *testing.B) {
		l, _ := ratelimit.New(ratelimit.WithClock(newStepClock(step)))
		h := headers("x-ratelimit-limit", "480", "x-ratelimit-remaining", "400", "x-ratelimit-reset", "2")
		b.ReportAllocs()
		for b.Loop() {
			tk, err := l.Admit(ctx, r)
			if err != nil {
				b.Fatal(err)
			}
			l.Observe(r, tk, 200, h)
		}
	})
	b.Run("parallel/same-key", func(b *testing.B) {
		l, _ := ratelimit.New(ratelimit.WithClock(newStepClock(step)))
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := l.Admit(ctx, r); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("parallel/key-per-goroutine", func(b *testing.B) {
		l, _ := ratelimit.New(ratelimit.WithClock(newStepClock(step / 64)))
		var id atomic.Int64
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			r := r
			r.Key = auth.HashKey("oauth", fmt.Sprint("bench-", id.Add(1)))
			for pb.Next() {
				if _, err := l.Admit(ctx, r); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// BenchmarkSaturation drives 32 goroutines (every 5th call a POST)
// against the loopback rolling-window server (40 per 2 s, counted at
// arrival) and reports, in one run:
//
//	of-allowed: the share of the server's window the API client held,
//	            averaged over the measured 8 s (each accepted request holds
//	            a slot for 2 s from its arrival; 1 = 40 of 40 slots all
//	            the time, i.e. the whole allowed rate), over the share the
//	            simulated UI user left;
//	steady-of-allowed: the same without the measured span's first 2 s
//	            (not in the ui case): the window's first turnover, where
//	            the view of the server has gone stale while the first
//	            burst held every slot, and the stale-view probes hold the
//	            refill back for a round trip;
//	429s:       the server's 429 answers to the API client;
//	ui-on-full: UI clicks that found the window already full (ui case);
//	ui-clicks:  UI clicks in the measured span.
//
// The average is taken over time rather than counted in the span because
// a saturated window is refilled in bursts: a count would depend on how
// many bursts the span happens to catch.
//
// The cases: plain loopback; 50 ms plus up to 200 ms of jitter added to
// every response after the server counted the request; a user in the web
// app clicking 5 times a second; and the same user starting to click 4 s
// in, when the limiter has known for 2 s that it spends the token alone
// and keeps nothing back (its 429s are the cost of that: the first click
// lands on a full window, and the limiter learns of it from the next
// count or 429). Each iteration takes 11 s of real
// time (2 s of warm-up, 8 s measured, 1 s of drain); run it with
// -benchtime=1x.
func BenchmarkSaturation(b *testing.B) {
	for _, tc := range []struct {
		name    string
		ui      int
		uiAfter time.Duration
		latency bool
	}{
		{"loopback", 0, 0, false},
		{"latency=50ms+200ms", 0, 0, true},
		{"ui=5/s", 5, 0, false},
		{"ui=5/s-joining", 5, 4 * time.Second, false},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for range b.N {
				saturate(b, tc.ui, tc.uiAfter, tc.latency, 2*time.Second, 8*time.Second)
			}
		})
	}
}

// benchServer is a windowServer that records when it accepted each API
// request and, with latency, holds every answer back by 50 ms plus a
// random 0-200 ms after the server has counted the request (a slow
// response path: the request is in the window from its arrival).
type benchServer struct {
	*windowServer
	mu       sync.Mutex
	accepted []time.Time
}

func newBenchServer(t testing.TB, limit int, latency bool) *benchServer {
	bs := &benchServer{windowServer: &windowServer{limit: limit, window: 2 * time.Second, writesLeft: 10_000}}
	s := bs.windowServer
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		at := time.Now()
		s.serve(rec, r)
		if rec.Code < 300 {
			bs.mu.Lock()
			bs.accepted = append(bs.accepted, at)
			bs.mu.Unlock()
		}
		if latency {
			time.Sleep(50*time.Millisecond + rand.N(200*time.Millisecond))
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	}))
	t.Cleanup(s.Close)
	return bs
}

// held returns the slot-time the accepted requests held within
// [start, end): each holds a slot for the window from its arrival.
func (bs *benchServer) held(start, end time.Time) time.Duration {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	var sum time.Duration
	for _, a := range bs.accepted {
		from, to := later(a, start), earlier(a.Add(bs.window), end)
		if to.After(from) {
			sum += to.Sub(from)
		}
	}
	return sum
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func saturate(b *testing.B, uiPerSecond int, uiAfter time.Duration, latency bool, warmup, d time.Duration) {
	srv := newBenchServer(b, 40, latency)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	l, err := ratelimit.New(ratelimit.WithPlan(ratelimit.Growth))
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now().Add(warmup)
	end := start.Add(d)
	srv.measure(start, end)
	// The UI clicks that found the window full within the measured span.
	onFullc := make(chan int64, 1)
	go func() {
		time.Sleep(time.Until(start))
		before := srv.uiOverLimit.Load()
		time.Sleep(time.Until(end))
		onFullc <- srv.uiOverLimit.Load() - before
	}()
	go func() {
		select {
		case <-ctx.Done():
			return
		case <-time.After(uiAfter):
		}
		srv.clickUI(ctx, uiPerSecond)
	}()
	// A 429 blocks the token for the server's 2 s, on top of the queue.
	res := runLoadWait(b, l, srv.windowServer, 32, warmup+d+time.Second, 10*time.Second)
	cancel()
	onFull := <-onFullc
	// The slot-time there was, less what the UI's clicks held.
	allowed := float64(srv.limit)*d.Seconds() - float64(srv.uiSpent.Load())*srv.window.Seconds()
	b.ReportMetric(srv.held(start, end).Seconds()/allowed, "of-allowed")
	if uiPerSecond == 0 {
		// The same after the window's first turnover (see above).
		from := start.Add(srv.window)
		b.ReportMetric(srv.held(from, end).Seconds()/(float64(srv.limit)*end.Sub(from).Seconds()), "steady-of-allowed")
	}
	b.ReportMetric(float64(srv.tooMany.Load()), "429s")
	b.ReportMetric(float64(res.failures), "failures")
	if uiPerSecond > 0 {
		b.ReportMetric(float64(onFull), "ui-on-full")
		b.ReportMetric(float64(srv.uiSpent.Load()), "ui-clicks")
	}
}

// BenchmarkIdleKeys reports the heap cost of one idle key, measured over
// 10,000 keys that each made a read, a write and a search on the top OAuth
// plan and then went quiet.
func BenchmarkIdleKeys(b *testing.B) {
	var per float64
	for range b.N {
		per = idleKeyBytes(b, 10_000)
	}
	b.ReportMetric(per, "B/idle-key")
}
