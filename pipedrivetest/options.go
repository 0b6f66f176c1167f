package pipedrivetest

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// Clock tells the server what time it is. The rolling windows, the daily
// budgets, token lifetimes and the recorded admissions all read it, so a
// test that drives a manual Clock gets exact, repeatable limits. Delays of
// injected faults and background load still run on real time.
type Clock interface {
	Now() time.Time
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

// Default limits, the lowest plan's (Essential / Lite).
const (
	// DefaultAPITokenLimit is the default number of requests an API token may
	// make in any rolling 2-second window.
	DefaultAPITokenLimit = 20
	// DefaultOAuthLimit is the default number of requests an OAuth access
	// token (more exactly, one OAuth authorization) may make in any rolling
	// 2-second window.
	DefaultOAuthLimit = 80
	// DefaultSearchLimit is the number of search requests allowed in any
	// rolling 2-second window, on every plan.
	DefaultSearchLimit = 10
	// DefaultDailyWriteLimit is the number of POST, PUT and PATCH requests a
	// user may make per UTC day.
	DefaultDailyWriteLimit = 10000
	// DefaultAccessTokenTTL is how long an issued OAuth access token is valid.
	DefaultAccessTokenTTL = time.Hour
	// DeliveryTimeout is how long a webhook receiver has to answer a
	// delivery, as at Pipedrive; a slower answer counts as a failure.
	DeliveryTimeout = 10 * time.Second
)

// deliveryRetries is Pipedrive's schedule of webhook redeliveries: a
// delivery that fails (a status other than 2xx, or no answer within
// DeliveryTimeout) is attempted again 3, 30 and 150 seconds after the
// attempt before it, four attempts in all.
var deliveryRetries = [...]time.Duration{3 * time.Second, 30 * time.Second, 150 * time.Second}

// Option configures a Server.
type Option func(*config) error

// config is the server's configuration: what applies to the whole
// server, and one companyConfig per company.
type config struct {
	clock         Clock
	background    int
	blockAfter    int
	blockFor      time.Duration
	accessTTL     time.Duration
	allowQuery    bool
	staticRefresh bool
	clients       []oauthClient
	faults        []Fault
	retries       []time.Duration // after a failed webhook delivery attempt
	hookTimeout   time.Duration   // how long a receiver has to answer

	// companies are the companies, the default one first; cur is the one
	// company options apply to (the default, or the one of WithCompany).
	companies []*companyConfig
	cur       *companyConfig
}

// companyConfig is what company options set: the company's identity, its
// plan's limits, its tokens and its field definitions.
type companyConfig struct {
	id             int64
	name           string
	apiLimit       int
	oauthLimit     int
	searchLimit    int
	dailyWrites    int
	tokenBudget    int
	noDefaultField bool
	apiTokens      []userToken
	oauthTokens    []userToken
	fields         map[Entity][]Field
}

func defaultCompanyConfig(id int64, name string) *companyConfig {
	return &companyConfig{
		id:          id,
		name:        name,
		apiLimit:    DefaultAPITokenLimit,
		oauthLimit:  DefaultOAuthLimit,
		searchLimit: DefaultSearchLimit,
		dailyWrites: DefaultDailyWriteLimit,
		fields:      map[Entity][]Field{},
	}
}

// serverWide refuses an option that applies to the whole server when it
// is given inside WithCompany.
func (cfg *config) serverWide(name string) error {
	if cfg.cur != cfg.companies[0] {
		return fmt.Errorf("%w: %s applies to the whole server, not to one company: give it to Start or NewServer", errBadOption, name)
	}
	return nil
}

type userToken struct {
	userID int64
	token  string
}

type oauthClient struct {
	id, secret, redirect string
}

func defaultConfig() *config {
	def := defaultCompanyConfig(CompanyID, DefaultCompanyName)
	return &config{
		clock:       realClock{},
		accessTTL:   DefaultAccessTokenTTL,
		retries:     append([]time.Duration(nil), deliveryRetries[:]...),
		hookTimeout: DeliveryTimeout,
		companies:   []*companyConfig{def},
		cur:         def,
	}
}

var errBadOption = errors.New("pipedrivetest: invalid option")

// WithClock makes the server read time from c instead of the system clock.
func WithClock(c Clock) Option {
	return func(cfg *config) error {
		if err := cfg.serverWide("WithClock"); err != nil {
			return err
		}
		if c == nil {
			return fmt.Errorf("%w: nil clock", errBadOption)
		}
		cfg.clock = c
		return nil
	}
}

// WithRateLimit sets how many requests fit in any rolling 2-second window:
// apiToken for each API token, oauth for each OAuth authorization. A zero
// keeps that kind's default (the lowest plan: 20 and 80). Pipedrive's plans
// use 20/80, 40/160, 80/320, 100/400 and 120/480.
func WithRateLimit(apiToken, oauth int) Option {
	return func(cfg *config) error {
		if apiToken < 0 || oauth < 0 {
			return fmt.Errorf("%w: negative rate limit", errBadOption)
		}
		if apiToken > 0 {
			cfg.cur.apiLimit = apiToken
		}
		if oauth > 0 {
			cfg.cur.oauthLimit = oauth
		}
		return nil
	}
}

// WithSearchLimit sets how many search requests each token may make in any
// rolling 2-second window (default 10). Search requests also take a slot of
// the general window.
func WithSearchLimit(n int) Option {
	return func(cfg *config) error {
		if n <= 0 {
			return fmt.Errorf("%w: search limit must be positive", errBadOption)
		}
		cfg.cur.searchLimit = n
		return nil
	}
}

// WithDailyWriteLimit sets how many POST, PUT and PATCH requests each user
// may make per UTC day (default 10,000). Beyond it writes get 429 until
// midnight UTC; reads are unaffected.
func WithDailyWriteLimit(n int) Option {
	return func(cfg *config) error {
		if n <= 0 {
			return fmt.Errorf("%w: daily write limit must be positive", errBadOption)
		}
		cfg.cur.dailyWrites = n
		return nil
	}
}

// WithTokenBudget turns on the company's daily token budget: every admitted
// request spends its endpoint's token cost, and once fewer tokens are left
// than a request costs, every request gets 429 until midnight UTC. Responses
// then carry x-daily-ratelimit-token-limit and -remaining. Off by default.
func WithTokenBudget(tokens int) Option {
	return func(cfg *config) error {
		if tokens <= 0 {
			return fmt.Errorf("%w: token budget must be positive", errBadOption)
		}
		cfg.cur.tokenBudget = tokens
		return nil
	}
}

// WithBackgroundLoad makes the server spend perSecond window slots per
// second of every token on its own, as a user clicking around Pipedrive's
// web app does, so that a client must trust the rate-limit headers rather
// than its own count. Slots are spent only while the window has room.
func WithBackgroundLoad(perSecond int) Option {
	return func(cfg *config) error {
		if err := cfg.serverWide("WithBackgroundLoad"); err != nil {
			return err
		}
		if perSecond < 0 {
			return fmt.Errorf("%w: negative background load", errBadOption)
		}
		cfg.background = perSecond
		return nil
	}
}

// WithBlockAfter makes the server behave like Pipedrive's edge towards a
// client that keeps sending after being told to stop: once a token has
// received k responses with status 429 (in total), every request with it is
// answered with a 403 HTML page for the duration d (zero: for the rest of
// the server's life, or until Unblock).
func WithBlockAfter(k int, d time.Duration) Option {
	return func(cfg *config) error {
		if err := cfg.serverWide("WithBlockAfter"); err != nil {
			return err
		}
		if k <= 0 || d < 0 {
			return fmt.Errorf("%w: block-after needs k > 0 and d >= 0", errBadOption)
		}
		cfg.blockAfter, cfg.blockFor = k, d
		return nil
	}
}

// WithAPIToken registers another API token, acting as the default user.
func WithAPIToken(token string) Option {
	return WithUserAPIToken(DefaultUserID, token)
}

// WithUserAPIToken registers an API token acting as the user userID. Users
// are created on first mention; each has its own daily write budget.
func WithUserAPIToken(userID int64, token string) Option {
	return func(cfg *config) error {
		if token == "" || userID <= 0 {
			return fmt.Errorf("%w: API token needs a token and a positive user id", errBadOption)
		}
		cfg.cur.apiTokens = append(cfg.cur.apiTokens, userToken{userID, token})
		return nil
	}
}

// WithOAuthToken registers an OAuth access token that never expires, acting
// as the default user, for tests that want Bearer authentication without
// the authorization dance. It is its own authorization for rate limiting.
func WithOAuthToken(token string) Option {
	return func(cfg *config) error {
		if token == "" {
			return fmt.Errorf("%w: empty OAuth token", errBadOption)
		}
		cfg.cur.oauthTokens = append(cfg.cur.oauthTokens, userToken{DefaultUserID, token})
		return nil
	}
}

// WithOAuthClient registers an OAuth app. When redirectURI is not empty,
// authorization requests must name exactly that redirect URI.
func WithOAuthClient(clientID, clientSecret, redirectURI string) Option {
	return func(cfg *config) error {
		if err := cfg.serverWide("WithOAuthClient"); err != nil {
			return err
		}
		if clientID == "" || clientSecret == "" {
			return fmt.Errorf("%w: OAuth client needs an id and a secret", errBadOption)
		}
		cfg.clients = append(cfg.clients, oauthClient{clientID, clientSecret, redirectURI})
		return nil
	}
}

// WithAccessTokenTTL sets how long issued OAuth access tokens are valid
// (default one hour, as Pipedrive's). Expired tokens get 401.
func WithAccessTokenTTL(d time.Duration) Option {
	return func(cfg *config) error {
		if err := cfg.serverWide("WithAccessTokenTTL"); err != nil {
			return err
		}
		if d <= 0 {
			return fmt.Errorf("%w: access token TTL must be positive", errBadOption)
		}
		cfg.accessTTL = d
		return nil
	}
}

// WithStaticRefreshTokens makes the OAuth token endpoint keep one refresh
// token per authorization, handed back and accepted again on every
// refresh. By default it rotates them, as OAuth servers commonly do:
// every refresh answers with a new refresh token, and one already used
// gets invalid_grant. Rotation is what makes processes sharing a token
// store race; the SDK's credentials survive it (see auth.TokenLocker).
func WithStaticRefreshTokens() Option {
	return func(cfg *config) error {
		if err := cfg.serverWide("WithStaticRefreshTokens"); err != nil {
			return err
		}
		cfg.staticRefresh = true
		return nil
	}
}

// WithQueryTokenAuth makes the server accept the legacy api_token query
// parameter. By default it is refused with 401, so that tests catch a
// client that would put a secret in a URL.
func WithQueryTokenAuth() Option {
	return func(cfg *config) error {
		if err := cfg.serverWide("WithQueryTokenAuth"); err != nil {
			return err
		}
		cfg.allowQuery = true
		return nil
	}
}

// WithCustomFields adds custom fields to an entity's field definitions, next
// to the preconfigured ones.
func WithCustomFields(e Entity, fields ...Field) Option {
	return func(cfg *config) error {
		if _, ok := entityInfo[e]; !ok {
			return fmt.Errorf("%w: unknown entity %q", errBadOption, e)
		}
		for _, f := range fields {
			if err := f.validate(); err != nil {
				return err
			}
		}
		cfg.cur.fields[e] = append(cfg.cur.fields[e], fields...)
		return nil
	}
}

// WithoutDefaultCustomFields drops the preconfigured custom fields, leaving
// only those added with WithCustomFields.
func WithoutDefaultCustomFields() Option {
	return func(cfg *config) error {
		cfg.cur.noDefaultField = true
		return nil
	}
}

// WithCompany adds a company to the server: one more tenant with its own
// id, name, users, data (every family's records, field definitions and
// webhooks), API tokens, OAuth grants, plan limits, daily budgets and
// api_domain. opts configure it as they configure the default company:
// WithUserAPIToken, WithAPIToken and WithOAuthToken give its tokens (each
// acting as one of its users, who are created on first mention besides
// the seeded users 1, 2 and 3), WithRateLimit, WithSearchLimit,
// WithDailyWriteLimit and WithTokenBudget its plan, WithCustomFields and
// WithoutDefaultCustomFields its fields. Options that apply to the whole
// server (WithClock, WithFault, ...) are refused inside it.
//
// Every company is served by the same process on a loopback port of its
// own: Server.Company(id).URL, its api_domain. A token works there and at
// the default company's URL (as any company's token works at
// api.pipedrive.com), and sees only its company's data; at another
// company's URL it gets 401. The company gets a default API token acting
// as user 1 (Server.Company(id).Token()).
func WithCompany(id int64, name string, opts ...Option) Option {
	return func(cfg *config) error {
		if err := cfg.serverWide("WithCompany"); err != nil {
			return err
		}
		if id <= 0 || strings.TrimSpace(name) == "" {
			return fmt.Errorf("%w: a company needs a positive id and a name", errBadOption)
		}
		for _, c := range cfg.companies {
			if c.id == id {
				return fmt.Errorf("%w: two companies with id %d", errBadOption, id)
			}
		}
		co := defaultCompanyConfig(id, name)
		cfg.companies = append(cfg.companies, co)
		cfg.cur = co
		defer func() { cfg.cur = cfg.companies[0] }()
		for _, o := range opts {
			if o == nil {
				continue
			}
			if err := o(cfg); err != nil {
				return fmt.Errorf("company %d: %w", id, err)
			}
		}
		return nil
	}
}

// WithDeliverySchedule scales the webhook redelivery schedule by factor.
// Like Pipedrive, the server attempts a delivery again 3, 30 and 150
// seconds after an attempt that failed (a status other than 2xx, or no
// answer within the timeout), four attempts in all. A factor of 0.001
// makes that 3, 30 and 150 ms, so that a test of a receiver that fails
// sees every attempt without waiting minutes; zero retries at once. The
// receivers' timeout is not scaled (a receiver of a busy test machine may
// need more than a scaled-down one): set it with WithDeliveryTimeout.
func WithDeliverySchedule(factor float64) Option {
	return func(cfg *config) error {
		if err := cfg.serverWide("WithDeliverySchedule"); err != nil {
			return err
		}
		if factor < 0 || math.IsNaN(factor) || math.IsInf(factor, 0) {
			return fmt.Errorf("%w: delivery schedule factor must be zero or positive", errBadOption)
		}
		for i, d := range deliveryRetries {
			cfg.retries[i] = time.Duration(float64(d) * factor)
		}
		return nil
	}
}

// WithDeliveryTimeout sets how long a webhook receiver has to answer a
// delivery before the attempt counts as failed (default DeliveryTimeout,
// 10 s, as at Pipedrive).
func WithDeliveryTimeout(d time.Duration) Option {
	return func(cfg *config) error {
		if err := cfg.serverWide("WithDeliveryTimeout"); err != nil {
			return err
		}
		if d <= 0 {
			return fmt.Errorf("%w: delivery timeout must be positive", errBadOption)
		}
		cfg.hookTimeout = d
		return nil
	}
}

// WithFault injects a fault from the start; see Server.InjectFault.
func WithFault(f Fault) Option {
	return func(cfg *config) error {
		if err := cfg.serverWide("WithFault"); err != nil {
			return err
		}
		if err := f.validate(); err != nil {
			return err
		}
		cfg.faults = append(cfg.faults, f)
		return nil
	}
}
