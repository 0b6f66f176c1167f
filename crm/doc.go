// Package crm holds the types that every Pipedrive resource shares: list
// pages, custom fields and their definitions, and the shapes that deals,
// persons and organizations have in common (followers, changelog entries,
// files, mail messages, flow items, permitted users).
//
// Resource packages (deals, persons, organizations) use these types in
// their models and results, so code that handles custom fields or followers
// works the same for every resource.
package crm
