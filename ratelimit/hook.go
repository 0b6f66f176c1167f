package ratelimit

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/pipedrive-go/pipedrive/auth"
)

// Class is what kind of budget a request spends besides its window slot.
type Class uint8

const (
	// Read is a request that takes one slot of the rolling window and
	// nothing else: GET, HEAD and DELETE (Pipedrive's daily write budget
	// counts POST and PUT, and this SDK counts v2's PATCH too).
	Read Class = iota
	// Write is a POST, PUT or PATCH: a window slot and a daily write slot.
	Write
	// Search is a search endpoint: a window slot and a slot of the separate
	// search window.
	Search
)

// String returns "read", "write" or "search".
func (c Class) String() string {
	switch c {
	case Read:
		return "read"
	case Write:
		return "write"
	case Search:
		return "search"
	default:
		return "unknown"
	}
}

// Request describes one outgoing API request to the limiter. It never
// carries a secret: Key is the credential's hashed LimitKey.
type Request struct {
	Key string // the credential's LimitKey: the 2-second windows are kept under it
	// User and Company name the Pipedrive user and company the credential
	// acts for, as opaque keys (see UserKey and CompanyKey). The daily
	// write budget is kept under User and the daily token budget under
	// Company, so that every credential of one user (or of one company)
	// shares them, as Pipedrive counts. Empty means not known: the budget
	// is then kept under Key.
	User    string
	Company string
	Kind    auth.Kind // selects the plan column (API token or OAuth)
	Class   Class
	Method  string // HTTP method
	Cost    int    // token cost of the operation (x-token-cost)

	// Plan is the client's plan (pipedrive.WithPlan). PlanUnknown means
	// "not told": the limiter assumes its own default (the lowest plan for
	// Kind unless configured) until x-ratelimit-limit reveals the window.
	Plan Plan
	// TokenBudget is the client's daily token budget, when configured per
	// client; 0 leaves it to the limiter's configuration and the server's
	// headers.
	TokenBudget int64
	// MaxWait is the longest the request may wait for a block ordered by
	// the server (a 429's reset, see MaxServerBlock). A longer wait is
	// refused at once with a *WaitError matching ErrWaitExceedsMax, so that
	// a call without a deadline does not sit through it. Zero means no
	// maximum. The client core sets it (pipedrive.WithMaxRateLimitWait).
	MaxWait time.Duration
	// Priority is the lane the request waits in when the key's window is
	// full (see Priority). Zero (Normal) takes the priority of Admit's
	// context (WithPriority; pipedrive.Interactive, pipedrive.Background),
	// so the client core leaves it zero.
	Priority Priority
	// Logger is where a Limiter without a logger of its own (WithLogger)
	// writes its lines about this request; nil for nowhere. The client
	// core sets the client's (pipedrive.WithLogger), so that clients
	// sharing the default limiter each hear about their own requests.
	Logger *slog.Logger
}

// UserKey is the Request.User of the Pipedrive user userID of company
// companyID. It holds no secret.
func UserKey(companyID, userID int64) string {
	return "user:" + strconv.FormatInt(companyID, 10) + ":" + strconv.FormatInt(userID, 10)
}

// CompanyKey is the Request.Company of the Pipedrive company companyID.
func CompanyKey(companyID int64) string {
	return "company:" + strconv.FormatInt(companyID, 10)
}

// Ticket is what an admission hands back; the core passes it to Observe
// with the response, so that the limiter can tell an early response from a
// late one when several are in flight.
type Ticket struct {
	Seq      uint64    // admission sequence number within the key, from 1
	Admitted time.Time // when the slot was granted, by the limiter's clock
}

// Admitter is the hook the client core calls around every API request:
// Admit before sending (it may wait, honouring ctx, or refuse without
// anything being sent) and Observe after each response with its status and
// headers. Implementations must be safe for concurrent use.
type Admitter interface {
	Admit(ctx context.Context, r Request) (Ticket, error)
	Observe(r Request, t Ticket, status int, h http.Header)
}

// Unlimited is an Admitter that admits everything at once and ignores what
// it observes. It is meant for tests and for callers who pace themselves.
type Unlimited struct{}

// Admit returns at once with a zero Ticket.
func (Unlimited) Admit(context.Context, Request) (Ticket, error) { return Ticket{}, nil }

// Observe does nothing.
func (Unlimited) Observe(Request, Ticket, int, http.Header) {}
