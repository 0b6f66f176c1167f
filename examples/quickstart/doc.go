// Command quickstart shows pipedrive-go at work in under a minute:
//
//	go run ./examples/quickstart
//
// Without PIPEDRIVE_API_TOKEN it starts an in-process fake Pipedrive
// (package pipedrivetest) and says so; with it, it talks to the real API,
// read-only unless -write is given. It creates an organization, a person
// and a deal with custom fields set by name, lists deals with the
// iterator, then fires a burst of requests from many goroutines and ends
// with a table: requests sent, the rate achieved against the rate allowed,
// the 429s received (none: the client paces itself) and the time spent
// waiting in the limiter.
package main
