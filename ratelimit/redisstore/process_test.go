package redisstore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/ratelimit/redisstore"
	"github.com/redis/go-redis/v9"
)

// The tests start copies of their own binary as worker processes: with
// workerEnv set, TestMain runs one worker instead of the tests.
const workerEnv = "REDISSTORE_TEST_WORKER"

// workerToken is the credential every worker uses: one budget.
const workerToken = "shared-secret-token"

// quietRedis drops go-redis's own log lines (the dial failures the outage
// tests cause on purpose).
type quietRedis struct{}

func (quietRedis) Printf(context.Context, string, ...any) {}

func TestMain(m *testing.M) {
	redis.SetLogger(quietRedis{})
	if mode := os.Getenv(workerEnv); mode != "" {
		os.Exit(runWorker(mode))
	}
	os.Exit(m.Run())
}

// workerResult is what a worker prints as its one line of output.
type workerResult struct {
	Calls    int64    `json:"calls"`    // calls that succeeded
	Failures int64    `json:"failures"` // calls that failed for another reason
	Budget   int64    `json:"budget"`   // calls refused with ErrDailyWriteLimit
	Errors   []string `json:"errors"`   // the first few failures
}

// runWorker is one process of a multi-process test: a real client on the
// shared token, its limiter's state in Redis.
//
//	load:   RS_GOROUTINES goroutines call Deals.Get (every 5th call
//	        Deals.Create) from RS_START for RS_DURATION
//	writes: RS_WRITES calls of Deals.Create, one after another, under a
//	        daily write budget of RS_DAILY
func runWorker(mode string) int {
	env := func(k string) string { return os.Getenv(k) }
	num := func(k string) int64 { n, _ := strconv.ParseInt(env(k), 10, 64); return n }
	rdb := redis.NewClient(&redis.Options{Addr: env("RS_REDIS")})
	defer rdb.Close()
	store, err := redisstore.New(rdb, redisstore.WithPrefix(env("RS_PREFIX")))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	opts := []ratelimit.Option{ratelimit.WithStore(store)}
	if mode == "writes" {
		opts = append(opts, ratelimit.WithDailyWriteLimit(num("RS_DAILY")))
	}
	lim, err := ratelimit.New(opts...)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	client, err := pipedrive.NewClient(auth.APIToken(workerToken), pipedrive.WithBaseURL(env("RS_URL")),
		pipedrive.WithLimiter(lim))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}

	var res workerResult
	var mu sync.Mutex
	var calls, failures, budget atomic.Int64
	fail := func(err error) {
		failures.Add(1)
		mu.Lock()
		if len(res.Errors) < 5 {
			res.Errors = append(res.Errors, err.Error())
		}
		mu.Unlock()
	}
	switch mode {
	case "load":
		start := time.Unix(0, num("RS_START"))
		stop := start.Add(time.Duration(num("RS_DURATION")))
		time.Sleep(time.Until(start))
		var wg sync.WaitGroup
		for g := range int(num("RS_GOROUTINES")) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for n := 0; time.Now().Before(stop); n++ {
					ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
					var err error
					if (g+n)%5 == 0 {
						_, err = client.Deals.Create(ctx, &deals.CreateParams{Title: "load"})
					} else {
						_, err = client.Deals.Get(ctx, 1)
					}
					cancel()
					if err != nil {
						fail(err)
						return
					}
					calls.Add(1)
				}
			}()
		}
		wg.Wait()
	case "writes":
		for range num("RS_WRITES") {
			_, err := client.Deals.Create(context.Background(), &deals.CreateParams{Title: "write"})
			switch {
			case err == nil:
				calls.Add(1)
			case errors.Is(err, ratelimit.ErrDailyWriteLimit):
				budget.Add(1)
			default:
				fail(err)
			}
		}
	default:
		fmt.Fprintln(os.Stderr, "unknown worker mode", mode)
		return 2
	}
	res.Calls, res.Failures, res.Budget = calls.Load(), failures.Load(), budget.Load()
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		return 2
	}
	return 0
}

// runWorkers starts n worker processes with the given settings and
// returns their results once all have exited.
func runWorkers(t testing.TB, n int, mode string, env ...string) []workerResult {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	type proc struct {
		cmd    *exec.Cmd
		out    bytes.Buffer
		stderr bytes.Buffer
	}
	procs := make([]*proc, n)
	for i := range procs {
		p := &proc{cmd: exec.Command(exe, "-test.run=^$")}
		p.cmd.Env = append(append(os.Environ(), workerEnv+"="+mode), env...)
		p.cmd.Stdout, p.cmd.Stderr = &p.out, &p.stderr
		if err := p.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		procs[i] = p
	}
	res := make([]workerResult, n)
	for i, p := range procs {
		if err := p.cmd.Wait(); err != nil {
			t.Fatalf("worker %d: %v\n%s", i, err, p.stderr.String())
		}
		if err := json.Unmarshal(p.out.Bytes(), &res[i]); err != nil {
			t.Fatalf("worker %d: output %q: %v\n%s", i, p.out.String(), err, p.stderr.String())
		}
	}
	return res
}

// TestProcessesShareOneWindow is the exactness test: 4 OS processes, 8
// goroutines each, share one token through one Redis against a server
// that allows 40 requests per rolling 2 s. Over 10 s the server must never
// answer 429, never see more than 40 requests in any 2 s, and accept at
// least 95% of the 200 requests it allows in that time.
func TestProcessesShareOneWindow(t *testing.T) {
	rds := startRedis(t)
	srv := newWindowServer(t, 40)
	const d = 10 * time.Second
	start := time.Now().Add(1500 * time.Millisecond) // every process is up by then
	res := runWorkers(t, 4, "load", "RS_REDIS="+rds.Addr(), "RS_URL="+srv.URL, "RS_PREFIX=exact:",
		fmt.Sprint("RS_START=", start.UnixNano()), fmt.Sprint("RS_DURATION=", int64(d)), "RS_GOROUTINES=8")

	var calls int64
	per := make([]int64, len(res))
	for i, r := range res {
		calls += r.Calls
		per[i] = r.Calls
		if r.Failures != 0 {
			t.Errorf("worker %d: %d calls failed: %q", i, r.Failures, r.Errors)
		}
	}
	in, most, _, tooMany := srv.stats(start, start.Add(d))
	allowed := 40 * d.Seconds() / 2
	t.Logf("calls per process: %v", per)
	t.Logf("4 processes: %d calls; server accepted %d in the 10 s (%.3f of the %.0f allowed), most in any 2 s: %d, 429s: %d",
		calls, in, float64(in)/allowed, allowed, most, tooMany)
	for i, n := range per {
		// Processes compete for each freed slot; none may be starved.
		if n*10 < calls {
			t.Errorf("process %d made %d of the %d calls: starved", i, n, calls)
		}
	}
	if tooMany != 0 {
		t.Errorf("the server answered 429 %d times", tooMany)
	}
	if most > 40 {
		t.Errorf("the server saw %d requests within 2 s; the limit is 40", most)
	}
	if float64(in) < 0.95*allowed {
		t.Errorf("only %d requests in 10 s, below 95%% of the %.0f allowed", in, allowed)
	}
}

// TestDailyWritesAcrossProcessesAndRestarts spends one daily write budget
// of 150 from 4 processes, then from 4 new processes (a restart): the
// count survives in Redis, exactly 150 writes reach the server, and every
// write beyond them fails with ErrDailyWriteLimit without being sent.
func TestDailyWritesAcrossProcessesAndRestarts(t *testing.T) {
	rds := startRedis(t)
	srv := newWindowServer(t, 1000)
	env := []string{"RS_REDIS=" + rds.Addr(), "RS_URL=" + srv.URL, "RS_PREFIX=daily:", "RS_DAILY=150", "RS_WRITES=25"}
	store, err := redisstore.New(rds.client(t), redisstore.WithPrefix("daily:"))
	if err != nil {
		t.Fatal(err)
	}
	key := auth.APIToken(workerToken).LimitKey()
	sum := func(res []workerResult) (ok, refused int64) {
		for i, r := range res {
			ok, refused = ok+r.Calls, refused+r.Budget
			if r.Failures != 0 {
				t.Errorf("worker %d: %d calls failed: %q", i, r.Failures, r.Errors)
			}
		}
		return ok, refused
	}

	ok, refused := sum(runWorkers(t, 4, "writes", env...))
	st, known, err := store.State(context.Background(), key, time.Now())
	_, _, posts, _ := srv.stats(time.Time{}, time.Time{})
	t.Logf("first run: %d written, %d refused; server saw %d POSTs; Redis counts %d used, %d left", ok, refused, posts, st.DailyWritesUsed, st.DailyWritesLeft)
	if err != nil || !known || ok != 100 || refused != 0 || posts != 100 || st.DailyWritesUsed != 100 || st.DailyWritesLeft != 50 {
		t.Fatalf("first run: %d written, %d refused, %d POSTs, state %+v (known %v, %v); want 100 written, 50 left",
			ok, refused, posts, st, known, err)
	}

	ok, refused = sum(runWorkers(t, 4, "writes", env...))
	st, _, err = store.State(context.Background(), key, time.Now())
	_, _, posts, _ = srv.stats(time.Time{}, time.Time{})
	t.Logf("after the restart: %d written, %d refused; server saw %d POSTs; Redis counts %d used", ok, refused, posts, st.DailyWritesUsed)
	if err != nil || ok != 50 || refused != 50 || posts != 150 || st.DailyWritesUsed != 150 || st.DailyWritesLeft != 0 {
		t.Fatalf("second run: %d written, %d refused, %d POSTs, state %+v (%v); want 50 written, 50 refused, 150 POSTs",
			ok, refused, posts, st, err)
	}
}
