package redisstore_test

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/ratelimit/redisstore"
)

// stepClock advances by step on every reading, so that a benchmark can
// admit without the window ever filling.
type stepClock struct {
	ns   atomic.Int64
	step int64
}

func newStepClock(step time.Duration) *stepClock {
	c := &stepClock{step: int64(step)}
	c.ns.Store(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC).UnixNano())
	return c
}

func (c *stepClock) Now() time.Time { return time.Unix(0, c.ns.Add(c.step)) }

func (c *stepClock) Timer(d time.Duration) (<-chan time.Time, func() bool) {
	ch := make(chan time.Time, 1)
	ch <- time.Unix(0, c.ns.Add(int64(d)))
	return ch, func() bool { return false }
}

// BenchmarkAdmit measures one admission on the top OAuth plan (480 per
// 2 s) through the memory store and through Redis on loopback, in the same
// run. The clock moves 10% faster than the window's pace, so every request
// is admitted at once (the window holds its steady ~440 admissions).
//
//	store/*:   Store.Admit alone
//	limiter/*: Limiter.Admit and Limiter.Observe, as the client core calls them
//	redis-clock: Redis's TIME, admissions spread over 1024 keys
func BenchmarkAdmit(b *testing.B) {
	const limit = 480
	step := ratelimit.Window * 11 / 10 / limit
	rds := startRedis(b)
	rdb := rds.client(b)
	ctx := context.Background()
	key := auth.HashKey("oauth", "bench")
	a := ratelimit.Attempt{Class: ratelimit.Read, Cost: 1, Limit: limit, SearchLimit: ratelimit.SearchLimit,
		Window: ratelimit.Window, Margin: ratelimit.DefaultMargin, Headroom: 1, DailyWrites: ratelimit.DefaultDailyWriteLimit,
		StaleAfter: ratelimit.DefaultStaleAfter, Probes: 2}
	var prefix atomic.Int64
	newRedis := func(b *testing.B, opts ...redisstore.Option) *redisstore.Store {
		opts = append(opts, redisstore.WithPrefix(fmt.Sprintf("bench%d:", prefix.Add(1))))
		s, err := redisstore.New(rdb, opts...)
		if err != nil {
			b.Fatal(err)
		}
		return s
	}
	stores := []struct {
		name string
		new  func(b *testing.B) ratelimit.Store
	}{
		{"memory", func(*testing.B) ratelimit.Store { return ratelimit.NewMemoryStore(0) }},
		{"redis", func(b *testing.B) ratelimit.Store { return newRedis(b, redisstore.WithCallerClock()) }},
	}
	for _, st := range stores {
		b.Run("store/"+st.name, func(b *testing.B) {
			s, clk := st.new(b), newStepClock(step)
			b.ReportAllocs()
			for b.Loop() {
				if d, err := s.Admit(ctx, key, clk.Now(), a); err != nil || !d.Admitted {
					b.Fatalf("%+v %v", d, err)
				}
			}
		})
	}
	for _, st := range stores {
		b.Run("limiter/"+st.name, func(b *testing.B) {
			l, err := ratelimit.New(ratelimit.WithStore(st.new(b)), ratelimit.WithClock(newStepClock(step)))
			if err != nil {
				b.Fatal(err)
			}
			r := ratelimit.Request{Key: key, Kind: auth.KindOAuth, Plan: ratelimit.Ultimate, Class: ratelimit.Read,
				Method: http.MethodGet, Cost: 1}
			h := http.Header{}
			h.Set("X-Ratelimit-Limit", "480")
			h.Set("X-Ratelimit-Remaining", "400")
			h.Set("X-Ratelimit-Reset", "2")
			b.ReportAllocs()
			for b.Loop() {
				tk, err := l.Admit(ctx, r)
				if err != nil {
					b.Fatal(err)
				}
				l.Observe(r, tk, 200, h)
			}
		})
	}
	b.Run("store/redis-clock", func(b *testing.B) {
		s := newRedis(b)
		keys := make([]string, 1024)
		for i := range keys {
			keys[i] = auth.HashKey("oauth", fmt.Sprint("bench-", i))
		}
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Admit(ctx, keys[i%len(keys)], time.Time{}, a); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("store/redis-clock/parallel", func(b *testing.B) {
		s := newRedis(b)
		var id atomic.Int64
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			k := auth.HashKey("oauth", fmt.Sprint("bench-p-", id.Add(1)))
			for pb.Next() {
				if _, err := s.Admit(ctx, k, time.Time{}, a); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// BenchmarkProcesses runs 4 OS processes (4 Limiters, each on its own
// Redis connection, 8 goroutines each, every 5th call a POST) sharing one
// token through one Redis against the loopback server that allows 40
// requests per rolling 2 s, and reports, in one run:
//
//	of-allowed: the share of the server's window the processes held,
//	            averaged over the measured 6 s (each accepted request
//	            holds a slot for 2 s from its arrival; 1 = the whole
//	            allowed rate);
//	steady-of-allowed: the same without the measured span's first 2 s
//	            (the first window's reserve for people, kept until
//	            its counts have shown nobody else for a window, and
//	            its first turnover);
//	429s:       the server's 429 answers;
//	most-in-2s: the most requests the server accepted in any 2 s.
//
// Each iteration takes about 9 s of real time (the processes start, 1 s of
// warm-up, 6 s measured, 1 s of drain); run it with -benchtime=1x.
func BenchmarkProcesses(b *testing.B) {
	for range b.N {
		rds := startRedis(b)
		srv := newWindowServer(b, 40)
		const warmup, d = time.Second, 6 * time.Second
		start := time.Now().Add(1500 * time.Millisecond) // every process is up by then
		res := runWorkers(b, 4, "load", "RS_REDIS="+rds.Addr(), "RS_URL="+srv.URL, "RS_PREFIX=bench:",
			fmt.Sprint("RS_START=", start.UnixNano()), fmt.Sprint("RS_DURATION=", int64(warmup+d+time.Second)), "RS_GOROUTINES=8")
		for i, r := range res {
			if r.Failures != 0 {
				b.Errorf("worker %d: %d calls failed: %q", i, r.Failures, r.Errors)
			}
		}
		from, to := start.Add(warmup), start.Add(warmup+d)
		_, most, _, tooMany := srv.stats(time.Time{}, time.Now())
		share := func(from, to time.Time) float64 {
			srv.mu.Lock()
			defer srv.mu.Unlock()
			var held time.Duration
			for _, a := range srv.accepted {
				lo, hi := a, a.Add(srv.window)
				if lo.Before(from) {
					lo = from
				}
				if hi.After(to) {
					hi = to
				}
				if hi.After(lo) {
					held += hi.Sub(lo)
				}
			}
			return held.Seconds() / (float64(srv.limit) * to.Sub(from).Seconds())
		}
		b.ReportMetric(share(from, to), "of-allowed")
		// Without the measured span's first 2 s, which hold the first
		// window's reserve for people (kept until the counts have been
		// watched for a window) and its first turnover.
		b.ReportMetric(share(from.Add(ratelimit.Window), to), "steady-of-allowed")
		b.ReportMetric(float64(tooMany), "429s")
		b.ReportMetric(float64(most), "most-in-2s")
	}
}
