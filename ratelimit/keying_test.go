package ratelimit_test

import (
	"testing"

	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/ratelimit/ratelimittest"
)

// TestDailyBudgetsKeyedByUserAndCompany runs the store keying checks on
// the memory store (the Redis store runs them in its own package).
func TestDailyBudgetsKeyedByUserAndCompany(t *testing.T) {
	ratelimittest.TestKeyedBudgets(t, func(*testing.T) ratelimit.Store { return ratelimit.NewMemoryStore(0) })
}
