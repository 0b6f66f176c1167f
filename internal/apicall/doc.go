// Package apicall lets a package send API requests through the client core
// without importing it.
//
// The webhooks package needs this: its receiver must not link the client
// core or the limiter, yet its subscription Service sends three API calls.
// The Service depends on the Doer interface below; the root package hands
// it an adapter over the core. Packages that have no such constraint use
// internal/core directly.
package apicall
