package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// options are the command line's settings.
type options struct {
	write   bool // create objects on the real API
	burst   int  // requests in the burst; 0 picks a default
	workers int  // goroutines firing the burst
	// fake configures the in-process server (tests use it to go faster).
	fake []pipedrivetest.Option
	// baseURL replaces the real API's address when a token is given
	// (tests point it at a pipedrivetest server playing the real API).
	baseURL string
	// started, when set, is handed the in-process server (for tests).
	started func(*pipedrivetest.Server)
}

// summary is what the closing table shows.
type summary struct {
	Requests  int64         // every HTTP request sent, retries included
	Burst     int           // requests in the burst
	BurstTime time.Duration // how long the burst took
	Allowed   int           // the window: requests per 2 s
	TooMany   int64         // 429 responses received
	Waited    time.Duration // total time requests waited for admission
	Longest   time.Duration // the longest single wait
	Waits     int           // admissions that had to wait
}

func main() {
	var o options
	flag.BoolVar(&o.write, "write", false, "with PIPEDRIVE_API_TOKEN: create an organization, a person and a deal (without it nothing is written)")
	flag.IntVar(&o.burst, "n", 0, "requests in the burst (default 300 on the fake, 60 on the real API)")
	flag.IntVar(&o.workers, "workers", 16, "goroutines firing the burst")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if _, err := run(ctx, o, os.Getenv("PIPEDRIVE_API_TOKEN"), os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run is the whole program; token empty means the fake.
func run(ctx context.Context, o options, token string, stdout, stderr io.Writer) (*summary, error) {
	if o.workers <= 0 {
		return nil, errors.New("-workers must be positive")
	}
	if o.burst < 0 {
		return nil, errors.New("-n must not be negative")
	}
	fake := token == ""
	baseURL := o.baseURL
	if fake {
		// A Growth-plan company: 40 requests per 2 s for an API token.
		srv, err := pipedrivetest.Start(append([]pipedrivetest.Option{pipedrivetest.WithRateLimit(40, 0)}, o.fake...)...)
		if err != nil {
			return nil, err
		}
		defer srv.Close()
		if o.started != nil {
			o.started(srv)
		}
		token, baseURL = srv.Token(), srv.URL
		fmt.Fprintf(stdout, "No PIPEDRIVE_API_TOKEN set: using pipedrivetest, an in-process fake Pipedrive at %s.\n", srv.URL)
		// A few deals already in the company, so that the list has pages.
		for i, title := range []string{"Website redesign", "Annual support", "Onboarding package", "Data migration", "Training days", "Pilot project"} {
			if _, err := srv.Seed(pipedrivetest.Deal, map[string]any{"title": title, "value": 1000 * (i + 1), "currency": "EUR"}); err != nil {
				return nil, err
			}
		}
		if o.burst == 0 {
			o.burst = 300
		}
	} else {
		mode := "read-only; pass -write to create objects"
		if o.write {
			mode = "writing: objects are created in your company"
		}
		fmt.Fprintf(stdout, "Using the Pipedrive API with PIPEDRIVE_API_TOKEN (%s).\n", mode)
		if o.burst == 0 {
			o.burst = 60
		}
	}

	// NewClient paces requests with the process-wide ratelimit.Default()
	// on its own. The quickstart passes its own limiter only to time how
	// long requests wait in it, and counts responses at the transport.
	m := &meter{next: http.DefaultTransport}
	lim, err := ratelimit.New()
	if err != nil {
		return nil, err
	}
	tl := &timedLimiter{Admitter: lim}
	copts := []pipedrive.Option{
		pipedrive.WithHTTPClient(&http.Client{Transport: m, Timeout: 30 * time.Second}),
		pipedrive.WithLimiter(tl),
	}
	if baseURL != "" {
		copts = append(copts, pipedrive.WithBaseURL(baseURL))
	}
	client, err := pipedrive.NewClient(auth.APIToken(token), copts...)
	if err != nil {
		return nil, err
	}

	me, err := client.Users.Me(ctx)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(stdout, "Signed in as %s (company %q).\n", me.Name, me.CompanyName)

	burstCall, cleanup, err := crmTour(ctx, client, fake || o.write, stdout)
	if err != nil {
		return nil, err
	}

	fmt.Fprintf(stdout, "Burst: %d requests from %d goroutines.\n", o.burst, o.workers)
	bar := newProgress(stderr, "burst", o.burst)
	start := time.Now()
	if err := burst(ctx, o.burst, o.workers, burstCall, bar.step); err != nil {
		return nil, errors.Join(err, cleanup(context.WithoutCancel(ctx)))
	}
	burstTime := time.Since(start)
	if err := cleanup(ctx); err != nil {
		return nil, fmt.Errorf("deleting what the quickstart created: %w", err)
	}
	s := &summary{Requests: m.requests.Load(), Burst: o.burst, BurstTime: burstTime,
		Allowed: int(m.limit.Load()), TooMany: m.tooMany.Load()}
	s.Waited, s.Longest, s.Waits = tl.totals()
	printSummary(stdout, s)
	return s, nil
}

// burst runs call n times from workers goroutines and returns the first
// error, if any (the others stop early).
func burst(ctx context.Context, n, workers int, call func(context.Context) error, step func()) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(n) {
				if err := call(ctx); err != nil {
					cancel(err)
					return
				}
				step()
			}
		}()
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return ctx.Err()
}

func printSummary(w io.Writer, s *summary) {
	rate := float64(s.Burst) / s.BurstTime.Seconds()
	allowed := "unknown (no x-ratelimit-limit seen)"
	if s.Allowed > 0 {
		allowed = fmt.Sprintf("%.1f req/s (%d per 2 s)", float64(s.Allowed)/2, s.Allowed)
	}
	avg := time.Duration(0)
	if s.Waits > 0 {
		avg = s.Waited / time.Duration(s.Waits)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw)
	fmt.Fprintf(tw, "requests sent\t%d\t(burst: %d)\n", s.Requests, s.Burst)
	fmt.Fprintf(tw, "achieved rate\t%.1f req/s\t(burst took %s)\n", rate, s.BurstTime.Round(time.Millisecond))
	fmt.Fprintf(tw, "allowed rate\t%s\t(a full window at once, then this)\n", allowed)
	fmt.Fprintf(tw, "429s received\t%d\t\n", s.TooMany)
	fmt.Fprintf(tw, "waited in limiter\t%s\t(summed over goroutines: %d requests waited, %s on average, %s at most)\n",
		s.Waited.Round(time.Millisecond), s.Waits, avg.Round(time.Millisecond), s.Longest.Round(time.Millisecond))
	_ = tw.Flush()
}
