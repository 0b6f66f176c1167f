package redisstore_test

import (
	"testing"

	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/ratelimit/ratelimittest"
	"github.com/pipedrive-go/pipedrive/ratelimit/redisstore"
)

// TestDailyBudgetsKeyedByUserAndCompany runs the store keying checks
// through Redis, each on a prefix of its own.
func TestDailyBudgetsKeyedByUserAndCompany(t *testing.T) {
	srv := startRedis(t)
	rdb := srv.client(t)
	var n int
	ratelimittest.TestKeyedBudgets(t, func(t *testing.T) ratelimit.Store {
		n++
		s, err := redisstore.New(rdb, redisstore.WithCallerClock(), redisstore.WithPrefix("keying"+string(rune('a'+n))+":"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
