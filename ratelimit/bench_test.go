package ratelimit_test

import (
	"context"
	"fmt"
	"net/http"
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

// BenchmarkSaturation drives 32 goroutines for 20 s against the loopback
// rolling-window server (40 per 2 s) and reports achieved ÷ allowed: the
// requests the server accepted in the 20 s over the most it would have
// accepted (40 per 2 s, minus what the simulated UI user spent). Run it
// with -benchtime=1x; every iteration takes 20 s.
func BenchmarkSaturation(b *testing.B) {
	for _, ui := range []int{0, 5} {
		b.Run(fmt.Sprintf("ui=%d/s", ui), func(b *testing.B) {
			for range b.N {
				saturate(b, ui, 20*time.Second)
			}
		})
	}
}

func saturate(b *testing.B, uiPerSecond int, d time.Duration) {
	srv := newWindowServer(b, 40)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	l, err := ratelimit.New(ratelimit.WithPlan(ratelimit.Growth))
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	srv.measure(start, start.Add(d))
	go srv.clickUI(ctx, uiPerSecond)
	res := runLoad(b, l, srv, 32, d+2*time.Second)
	cancel()
	allowed := float64(srv.limit)*d.Seconds()/srv.window.Seconds() - float64(srv.uiSpent.Load())
	b.ReportMetric(float64(srv.inInterval.Load())/allowed, "achieved/allowed")
	b.ReportMetric(float64(srv.inInterval.Load())/d.Seconds(), "req/s")
	b.ReportMetric(float64(srv.tooMany.Load()), "429s")
	b.ReportMetric(float64(res.failures), "failures")
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
