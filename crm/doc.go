// Package crm holds the types that every Pipedrive resource shares: list
// pages, custom fields and their definitions, and the shapes that deals,
// persons and organizations have in common (followers, changelog entries,
// files, mail messages, flow items, permitted users).
//
// Resource packages (deals, persons, organizations) use these types in
// their models and results, so code that handles custom fields or followers
// works the same for every resource.
//
// Checkpoint and Change are the vocabulary of the incremental syncs every
// resource that lists by update time offers (client.Deals.Changes, ...):
// where a sync stands, kept by the caller between runs, and what it
// delivers.
//
// The records themselves (Deal, Person, Organization) are defined here too
// and aliased by their packages (deals.Deal is crm.Deal): crm does not
// import the API client, so code that only reads records, such as a
// webhook receiver, links neither the client core nor the rate limiter.
package crm
