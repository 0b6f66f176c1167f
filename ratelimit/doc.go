// Package ratelimit paces requests to Pipedrive's limits.
//
// The client core calls an Admitter before every request and reports every
// response back to it. This file set defines that contract; the limiter
// proper (rolling 2-second windows per token, the search window, the daily
// write budget and the daily token budget) implements it.
package ratelimit
