package deals

import "github.com/pipedrive-go/pipedrive/crm"

// Deal is a deal as API v2 returns it (and webhooks deliver it). The type
// lives in package crm, so that code which only reads deals, such as a
// webhook receiver, does not link the API client; see crm.Deal for its
// fields and the shapes it decodes.
type Deal = crm.Deal

// Label is a deal label: its id and, when asked for, its name (the
// shared crm.Label).
type Label = crm.Label

// Status is the state of a deal.
type Status = crm.DealStatus

// Deal statuses. StatusDeleted is only a list filter.
const (
	StatusOpen    = crm.DealStatusOpen
	StatusWon     = crm.DealStatusWon
	StatusLost    = crm.DealStatusLost
	StatusDeleted = crm.DealStatusDeleted
)
