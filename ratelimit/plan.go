package ratelimit

import (
	"fmt"
	"time"

	"github.com/pipedrive-go/pipedrive/auth"
)

// Plan is a Pipedrive subscription plan. It selects the size of the rolling
// 2-second window (per credential kind) and the multiplier of the daily
// token budget. The zero value, PlanUnknown, means "not told": the limiter
// then assumes the lowest plan until the server's x-ratelimit-limit header
// reveals the real window.
type Plan uint8

// The plans, by their current and former names. Pairs such as Essential and
// Lite are the same plan under two names.
const (
	// PlanUnknown means the plan was not configured.
	PlanUnknown Plan = iota
	// Essential is the entry plan (20 requests per 2 s for an API token,
	// 80 for OAuth).
	Essential
	// Advanced is the second plan (40 per 2 s for an API token, 160 for
	// OAuth).
	Advanced
	// Professional is the third plan (80 per 2 s for an API token, 320 for
	// OAuth).
	Professional
	// Premium, formerly Power, is the fourth plan (100 per 2 s for an API
	// token, 400 for OAuth).
	Premium
	// Enterprise is the top plan (120 per 2 s for an API token, 480 for
	// OAuth).
	Enterprise
)

// Current names of the plans above.
const (
	// Lite is the current name of Essential.
	Lite = Essential
	// Growth is the current name of Advanced.
	Growth = Advanced
	// Power is the former name of Premium.
	Power = Premium
	// Ultimate is the current name of Enterprise.
	Ultimate = Enterprise
)

// planLimits holds the window sizes: [plan][0] for API tokens, [plan][1]
// for OAuth access tokens.
var planLimits = [...][2]int{
	PlanUnknown:  {20, 80},
	Essential:    {20, 80},
	Advanced:     {40, 160},
	Professional: {80, 320},
	Premium:      {100, 400},
	Enterprise:   {120, 480},
}

// String returns the plan's name, using the current name where the plan
// was renamed ("lite", "growth", "professional", "premium", "ultimate").
func (p Plan) String() string {
	switch p {
	case PlanUnknown:
		return "unknown"
	case Essential:
		return "lite"
	case Advanced:
		return "growth"
	case Professional:
		return "professional"
	case Premium:
		return "premium"
	case Enterprise:
		return "ultimate"
	default:
		return fmt.Sprintf("Plan(%d)", uint8(p))
	}
}

// Valid reports whether p is one of the known plans (PlanUnknown included).
func (p Plan) Valid() bool { return int(p) < len(planLimits) }

// Limit returns how many requests the plan allows in any rolling 2-second
// window for a credential of the given kind. PlanUnknown and invalid plans
// give the lowest plan's limit; an unknown kind is treated as an API token,
// the stricter column.
func (p Plan) Limit(kind auth.Kind) int {
	if !p.Valid() {
		p = PlanUnknown
	}
	if kind == auth.KindOAuth {
		return planLimits[p][1]
	}
	return planLimits[p][0]
}

// TokenMultiplier returns the plan's multiplier of the daily token budget
// (Lite 1, Growth 2, Premium 5, Ultimate 7). It reports false for plans
// whose multiplier Pipedrive does not publish (Professional, PlanUnknown):
// configure the budget directly for those.
func (p Plan) TokenMultiplier() (int, bool) {
	switch p {
	case Essential:
		return 1, true
	case Advanced:
		return 2, true
	case Premium:
		return 5, true
	case Enterprise:
		return 7, true
	default:
		return 0, false
	}
}

// BaseDailyTokens is the daily token budget of one seat on a plan with
// multiplier 1.
const BaseDailyTokens = 30_000

// DailyTokenBudget returns a company's daily token budget: 30,000 × the
// plan's multiplier × seats (top-ups not included). It fails for a plan
// without a published multiplier or a seat count below 1.
func DailyTokenBudget(p Plan, seats int) (int64, error) {
	m, ok := p.TokenMultiplier()
	if !ok {
		return 0, fmt.Errorf("ratelimit: no published token multiplier for plan %s; set the budget directly", p)
	}
	if seats < 1 {
		return 0, fmt.Errorf("ratelimit: seats must be at least 1, got %d", seats)
	}
	return int64(BaseDailyTokens) * int64(m) * int64(seats), nil
}

// SearchLimit is the size of the separate search window: 10 requests per
// 2 seconds on every plan.
const SearchLimit = 10

// Window is the span of Pipedrive's rolling rate-limit window.
const Window time.Duration = 2 * time.Second

// DefaultDailyWriteLimit is Pipedrive's fair-usage budget of POST/PUT (and
// here PATCH) requests per user per UTC day.
const DefaultDailyWriteLimit = 10_000
