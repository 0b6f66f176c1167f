package deals

import "github.com/pipedrive-go/pipedrive/crm"

// The deal model is defined in package crm, which does not import the API
// client, so that code that only reads deals (a webhook receiver) does not
// link the client core or the rate limiter. These aliases are the names
// this package's API uses; the types are identical.

// Deal is a deal as API v2 (and webhooks v2) represent it. See crm.Deal.
type Deal = crm.Deal

// Status is the state of a deal.
type Status = crm.DealStatus

// Deal statuses. StatusDeleted is only a list filter.
const (
	StatusOpen    = crm.DealStatusOpen
	StatusWon     = crm.DealStatusWon
	StatusLost    = crm.DealStatusLost
	StatusDeleted = crm.DealStatusDeleted
)

// Label is a deal label: its id and name.
type Label = crm.DealLabel
