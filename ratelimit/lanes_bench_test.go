package ratelimit_test

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// laneRun is what one phase of BenchmarkInteractiveLatency measured.
type laneRun struct {
	latencies   []time.Duration // of the interactive calls
	background  int64           // background calls completed within the d of measuring
	tooMany     int             // 429s the server answered
	maxInWindow int             // the most requests the server counted in one window
	failures    int64
}

// runLanes saturates one token of a fresh pipedrivetest server (limit
// per 2 s) with a background sync of syncers goroutines, then, for d, starts
// an interactive call every every (each in its own goroutine, as users'
// requests arrive) and records its latency. With lanes the sync's calls
// are marked pipedrive.Background and the interactive ones
// pipedrive.Interactive; without, nothing is marked (one FIFO).
func runLanes(b *testing.B, lanes bool, limit, syncers int, every, d time.Duration) laneRun {
	b.Helper()
	srv := pipedrivetest.NewServer(b, pipedrivetest.WithRateLimit(limit, 0))
	id, err := srv.Seed(pipedrivetest.Deal, map[string]any{"title": "synced"})
	if err != nil {
		b.Fatal(err)
	}
	lim, err := ratelimit.New()
	if err != nil {
		b.Fatal(err)
	}
	c, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(lim))
	if err != nil {
		b.Fatal(err)
	}
	bgCtx, fgCtx := context.Background(), context.Background()
	if lanes {
		bgCtx, fgCtx = pipedrive.Background(bgCtx), pipedrive.Interactive(fgCtx)
	}
	var (
		run       laneRun
		mu        sync.Mutex
		stop      = make(chan struct{})
		measuring atomic.Bool
		bg        atomic.Int64
		fails     atomic.Int64
		wg        sync.WaitGroup
	)
	for range syncers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := c.Deals.Get(bgCtx, id); err != nil {
					fails.Add(1)
					b.Errorf("background call: %v", err)
					return
				}
				if measuring.Load() {
					bg.Add(1)
				}
			}
		}()
	}
	time.Sleep(ratelimit.Window) // the sync saturates the token and its queue forms
	measuring.Store(true)
	tick := time.NewTicker(every)
	end := time.After(d)
	var fg sync.WaitGroup
loop:
	for {
		select {
		case <-end:
			break loop
		case <-tick.C:
			fg.Add(1)
			go func() {
				defer fg.Done()
				start := time.Now()
				if _, err := c.Deals.Get(fgCtx, id); err != nil {
					fails.Add(1)
					b.Errorf("interactive call: %v", err)
					return
				}
				mu.Lock()
				run.latencies = append(run.latencies, time.Since(start))
				mu.Unlock()
			}()
		}
	}
	measuring.Store(false)
	tick.Stop()
	fg.Wait()
	close(stop)
	wg.Wait()
	st := srv.Stats()
	run.background, run.tooMany, run.maxInWindow, run.failures = bg.Load(), st.TooManyRequests, st.MaxInWindow, fails.Load()
	return run
}

func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

// BenchmarkInteractiveLatency measures what priority lanes are for: the
// latency of interactive calls made while a background sync (32
// goroutines) saturates the same token (40 per 2 s on pipedrivetest), with
// lanes (sync marked Background, calls Interactive) and without (nothing
// marked: one FIFO queue), in one run. It reports the interactive p50 and
// p99 of both, their ratio, the sync's throughput in both, and the
// server's 429s and busiest window (which must stay 0 and at most 40).
//
//	go test -run '^$' -bench BenchmarkInteractiveLatency -benchtime=1x ./ratelimit/
func BenchmarkInteractiveLatency(b *testing.B) {
	const limit, syncers, every, d = 40, 32, 100 * time.Millisecond, 8 * time.Second
	for range b.N {
		fifo := runLanes(b, false, limit, syncers, every, d)
		lanes := runLanes(b, true, limit, syncers, every, d)
		ms := func(x time.Duration) float64 { return float64(x) / float64(time.Millisecond) }
		b.ReportMetric(ms(percentile(lanes.latencies, 0.50)), "lanes-p50-ms")
		b.ReportMetric(ms(percentile(lanes.latencies, 0.99)), "lanes-p99-ms")
		b.ReportMetric(ms(percentile(fifo.latencies, 0.50)), "fifo-p50-ms")
		b.ReportMetric(ms(percentile(fifo.latencies, 0.99)), "fifo-p99-ms")
		b.ReportMetric(float64(percentile(fifo.latencies, 0.50))/float64(max(percentile(lanes.latencies, 0.50), 1)), "p50-ratio")
		b.ReportMetric(float64(lanes.background)/d.Seconds(), "lanes-sync/s")
		b.ReportMetric(float64(fifo.background)/d.Seconds(), "fifo-sync/s")
		b.ReportMetric(float64(lanes.tooMany+fifo.tooMany), "429s")
		b.ReportMetric(float64(max(lanes.maxInWindow, fifo.maxInWindow)), "max-in-window")
		b.ReportMetric(float64(len(lanes.latencies)+len(fifo.latencies)), "interactive-calls")
		if lanes.failures+fifo.failures > 0 {
			b.Fatalf("%d calls failed", lanes.failures+fifo.failures)
		}
	}
}
