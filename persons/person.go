package persons

import "github.com/pipedrive-go/pipedrive/crm"

// The person model is defined in package crm, which does not import the
// API client, so that code that only reads persons (a webhook receiver)
// does not link the client core or the rate limiter. These aliases are the
// names this package's API uses; the types are identical.

// Person is a contact in Pipedrive: a person with emails, phones, an
// organization and custom fields. See crm.Person.
type Person = crm.Person

// ContactDetail is one email address, phone number or instant-messaging
// account of a person. See crm.ContactDetail.
type ContactDetail = crm.ContactDetail

// MarketingStatus is a person's consent to marketing emails (needs the
// Campaigns add-on).
type MarketingStatus = crm.MarketingStatus

// Marketing statuses.
const (
	MarketingNoConsent    = crm.MarketingNoConsent
	MarketingUnsubscribed = crm.MarketingUnsubscribed
	MarketingSubscribed   = crm.MarketingSubscribed
	MarketingArchived     = crm.MarketingArchived
)
