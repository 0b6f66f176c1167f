package organizations

import "github.com/pipedrive-go/pipedrive/crm"

// Organization is a company or other body that persons and deals belong
// to. See crm.Organization.
//
// The model is defined in package crm, which does not import the API
// client, so that code that only reads organizations (a webhook receiver)
// does not link the client core or the rate limiter. The types are
// identical.
type Organization = crm.Organization
