package redisstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/ratelimit/ratelimittest"
	"github.com/pipedrive-go/pipedrive/ratelimit/redisstore"
	"github.com/redis/go-redis/v9"
)

// ceilUs rounds a duration up to a whole microsecond: the Redis store
// keeps microseconds and never frees a slot earlier than the memory store.
func ceilUs(d time.Duration) time.Duration {
	if r := d % time.Microsecond; r > 0 {
		d += time.Microsecond - r
	}
	return d
}

func ceilTime(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return time.Unix(0, int64(ceilUs(time.Duration(t.UnixNano()))))
}

// sameWait compares waits; waits of "never" (centuries) count as equal.
func sameWait(mem, rds time.Duration) bool {
	const never = 100 * 365 * 24 * time.Hour
	if mem > never && rds > never {
		return true
	}
	return ceilUs(mem) == rds
}

type ticket struct {
	key   string
	seq   uint64
	at    time.Time
	class ratelimit.Class
	cost  int64
}

// TestMatchesMemoryStore drives the Redis store and the memory store (the
// reference semantics) through the same random sequences of admissions,
// responses (with and without rate headers, 429s, out of order) and state
// reads, on two keys and across a UTC midnight, and requires the same
// decisions and states at every step.
func TestMatchesMemoryStore(t *testing.T) {
	srv := startRedis(t)
	rdb := srv.client(t)
	for seed := range uint64(10) {
		t.Run(fmt.Sprint("small/seed=", seed), func(t *testing.T) {
			matchRun(t, rdb, seed, matchConfig{limits: []int{4, 6, 10}, classes: 3, p429: 8})
		})
	}
	// Larger windows, so that the logs' dead records pile up and are
	// trimmed. Every response comes within 1.5 s and none is a 429: the
	// memory store's sweep, which runs at times of its own, then changes
	// nothing the stores decide on.
	for seed := range uint64(3) {
		t.Run(fmt.Sprint("large/seed=", seed), func(t *testing.T) {
			matchRun(t, rdb, 100+seed, matchConfig{limits: []int{40, 60}, classes: 2, prompt: true, busy: true})
		})
	}
}

type matchConfig struct {
	limits  []int
	classes int  // 3: reads, writes and searches; 2: no searches
	p429    int  // one response in p429 is a 429; 0: none
	prompt  bool // answer every admission within 1.5 s
	busy    bool // steps of at most 10 ms
}

func matchRun(t *testing.T, rdb redis.Scripter, seed uint64, cfg matchConfig) {
	ctx := context.Background()
	{
		{
			rs, err := redisstore.New(rdb, redisstore.WithCallerClock(), redisstore.WithSyncPoll(0), redisstore.WithPrefix(fmt.Sprintf("match%d:", seed)))
			if err != nil {
				t.Fatal(err)
			}
			ms := ratelimit.NewMemoryStore(0)
			rng := rand.New(rand.NewPCG(seed, 42))
			now := time.Date(2026, 3, 2, 23, 59, 20, 0, time.UTC) // crosses midnight
			keys := []string{"api_token:aaaa", "oauth:bbbb"}
			var open []ticket
			seen := map[string]int{}
			defer func() { t.Logf("decisions: %v", seen) }()
			limits := cfg.limits
			budget := func(n int64) int64 { // busy runs spend no daily budget
				if cfg.busy {
					return 0
				}
				return n
			}
			pick := func(n int) int { return rng.IntN(n) }
			opt := func(p int, v int64) int64 { // v with probability p%, else -1
				if pick(100) < p {
					return v
				}
				return -1
			}
			for step := range 700 {
				switch pick(10) {
				case 0:
					// same instant
				case 1:
					now = now.Add(time.Duration(500+pick(2500)) * time.Millisecond)
				case 2, 3, 4, 5:
					if cfg.busy {
						now = now.Add(time.Duration(pick(10)) * time.Millisecond)
						break
					}
					fallthrough
				default:
					now = now.Add(time.Duration(pick(120)) * time.Millisecond)
				}
				key := keys[pick(len(keys))]
				where := func(op string) string {
					return fmt.Sprintf("step %d (%s, %s, %s)", step, op, key, now.Format("15:04:05.000"))
				}
				r := pick(100)
				if cfg.prompt && len(open) > 0 && now.Sub(open[0].at) > 1500*time.Millisecond {
					r = 80 // answer the oldest
				}
				switch {
				case r < 65:
					a := ratelimit.Attempt{
						Class: ratelimit.Class(pick(cfg.classes)), Cost: int64(pick(4)), Limit: limits[pick(len(limits))], SearchLimit: 3,
						Window: ratelimit.Window, Margin: ratelimit.DefaultMargin, Headroom: pick(2),
						DailyWrites: budget([]int64{0, 30}[pick(2)]), TokenBudget: budget([]int64{0, 200}[pick(2)]),
						StaleAfter: ratelimit.DefaultStaleAfter, Probes: 2,
					}
					if pick(8) == 0 {
						a.Queued = 1 + pick(5)
					}
					md, err1 := ms.Admit(ctx, key, now, a)
					rd, err2 := rs.Admit(ctx, key, now, a)
					if err1 != nil || err2 != nil {
						t.Fatalf("%s: errors %v, %v", where("admit"), err1, err2)
					}
					mw, rw := md.Wait, rd.Wait
					md.Wait, rd.Wait = 0, 0
					if md != rd || !sameWait(mw, rw) {
						t.Fatalf("%s %+v:\nmemory %+v wait %v\nredis  %+v wait %v", where("admit"), a, md, mw, rd, rw)
					}
					switch {
					case md.Admitted:
						seen["admitted"]++
					case md.Refused:
						seen["refused/"+md.Reason.String()]++
					case a.Queued > 0 && mw == 0:
						seen["queued-ok"]++
					default:
						seen["wait/"+md.Reason.String()]++
					}
					if md.Admitted {
						open = append(open, ticket{key, md.Seq, md.At, a.Class, a.Cost})
					}
				case r < 95:
					// Responses come within the window of their admission;
					// later ones are lost. (The memory store's periodic sweep
					// forgets expired admissions at times of its own, so a
					// response later than that is not comparable.)
					kept := open[:0]
					for _, tk := range open {
						if now.Sub(tk.at) < ratelimit.Window {
							kept = append(kept, tk)
						}
					}
					open = kept
					var tk ticket
					if len(open) > 0 && pick(10) > 0 {
						i := pick(len(open))
						if cfg.prompt && now.Sub(open[0].at) > 1500*time.Millisecond {
							i = 0
						}
						tk = open[i]
						open = append(open[:i], open[i+1:]...)
					} else {
						tk = ticket{key: key, class: ratelimit.Class(pick(cfg.classes)), cost: int64(pick(3))}
					}
					key = tk.key
					status := 200
					if cfg.p429 > 0 {
						switch pick(cfg.p429) {
						case 0:
							status = 429
						case 1:
							status = 401 // refused credential: refunded like a 429, no block
						}
					}
					h := ratelimit.RateHeaders{
						Limit:             int(opt(60, int64(limits[pick(len(limits))]))),
						Remaining:         int(opt(70, int64(pick(11)))),
						Reset:             time.Duration(opt(60, int64(pick(2500))*int64(time.Millisecond))),
						RetryAfter:        time.Duration(opt(20, int64(pick(3000))*int64(time.Millisecond)+int64(pick(1000)))),
						DailyRequestsLeft: int(opt(40, int64(pick(31)))),
						TokenLimit:        budget(opt(10, int64(150+pick(150)))),
						TokenRemaining:    opt(20, int64(pick(200))),
					}
					if tk.class == ratelimit.Search && h.Limit > 0 && pick(2) == 0 {
						h.Limit = 3
					}
					o := ratelimit.Observation{Seq: tk.seq, Admitted: tk.at, Class: tk.class, Status: status, Cost: tk.cost,
						Headers: h, Window: ratelimit.Window, Margin: ratelimit.DefaultMargin,
						DailyWrites: budget([]int64{0, 30}[pick(2)]), TokenBudget: budget([]int64{0, 200}[pick(2)])}
					if err := ms.Observe(ctx, key, now, o); err != nil {
						t.Fatal(err)
					}
					if err := rs.Observe(ctx, key, now, o); err != nil {
						t.Fatalf("%s: %v", where("observe"), err)
					}
				default:
					// only the state comparison below
				}
				for _, k := range keys {
					compareState(t, where("state of "+k), ms, rs, k, now)
				}
			}
		}
	}
}

func compareState(t *testing.T, where string, ms *ratelimit.MemoryStore, rs *redisstore.Store, key string, now time.Time) {
	t.Helper()
	ctx := context.Background()
	m, mok, err1 := ms.State(ctx, key, now)
	r, rok, err2 := rs.State(ctx, key, now)
	if err1 != nil || err2 != nil {
		t.Fatalf("%s: errors %v, %v", where, err1, err2)
	}
	m.ResetAt, m.BlockedUntil = ceilTime(m.ResetAt), ceilTime(m.BlockedUntil)
	if mok != rok || !equalState(m, r) {
		t.Fatalf("%s:\nmemory %v %+v\nredis  %v %+v", where, mok, m, rok, r)
	}
}

func equalState(a, b ratelimit.KeyState) bool {
	return a.ResetAt.Equal(b.ResetAt) && a.BlockedUntil.Equal(b.BlockedUntil) && a.LastSeen.Equal(b.LastSeen) &&
		func() bool {
			a.ResetAt, a.BlockedUntil, a.LastSeen = time.Time{}, time.Time{}, time.Time{}
			b.ResetAt, b.BlockedUntil, b.LastSeen = time.Time{}, time.Time{}, time.Time{}
			return a == b
		}()
}

// TestSettledMatches runs ratelimit's TestSettledByALowerCount on both
// stores: after a first turnover whose first count is taken whole, a
// count that exceeds the ours surely counted only by a request answered
// in between with a lower count is settled, in Lua as in Go.
func TestSettledMatches(t *testing.T) {
	rdb := startRedis(t).client(t)
	for _, mCount := range []int{3, 4} {
		t.Run(fmt.Sprint("count=", mCount), func(t *testing.T) {
			rs, err := redisstore.New(rdb, redisstore.WithCallerClock(), redisstore.WithPrefix(fmt.Sprintf("settled%d:", mCount)))
			if err != nil {
				t.Fatal(err)
			}
			var got [2][]int
			for i, st := range []ratelimit.Store{ratelimit.NewMemoryStore(0), rs} {
				got[i] = settledRun(t, st, mCount)
			}
			want := []int{0, 1, 1, mCount - 3}
			if fmt.Sprint(got[0]) != fmt.Sprint(want) || fmt.Sprint(got[1]) != fmt.Sprint(want) {
				t.Fatalf("others' usage after P, L, X and M: memory %v, redis %v, want %v", got[0], got[1], want)
			}
		})
	}
}

// settledRun drives a Limiter on st through the steps of
// TestSettledByALowerCount and returns others' usage after each answer.
func settledRun(t *testing.T, st ratelimit.Store, mCount int) []int {
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	clk := ratelimittest.NewClock(t0)
	l, err := ratelimit.New(ratelimit.WithStore(st), ratelimit.WithClock(clk), ratelimit.WithPlan(ratelimit.Growth))
	if err != nil {
		t.Fatal(err)
	}
	r := ratelimit.Request{Key: "api_token:settled", Kind: auth.KindAPIToken, Class: ratelimit.Read, Method: "GET", Cost: 1}
	ctx := context.Background()
	at := func(ms float64) { clk.Set(t0.Add(time.Duration(ms * float64(time.Millisecond)))) }
	admit := func() ratelimit.Ticket {
		t.Helper()
		tk, err := l.Admit(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		return tk
	}
	var foreign []int
	observe := func(tk ratelimit.Ticket, count int) {
		t.Helper()
		h := http.Header{}
		h.Set("X-Ratelimit-Limit", "40")
		h.Set("X-Ratelimit-Remaining", fmt.Sprint(40-count))
		h.Set("X-Ratelimit-Reset", "1")
		l.Observe(r, tk, 200, h)
		s, err := l.State(ctx, r.Key)
		if err != nil {
			t.Fatal(err)
		}
		foreign = append(foreign, s.Foreign)
	}
	p := admit()
	at(1)
	observe(p, 1)
	at(2000.2)
	lt := admit()
	at(2015)
	x := admit()
	at(2015.5)
	observe(lt, 2)
	at(2016)
	m := admit()
	at(2017)
	observe(x, 2)
	at(2018)
	observe(m, mCount)
	return foreign
}
