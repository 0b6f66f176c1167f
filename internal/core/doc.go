// Package core is the one client core that every service of the SDK shares:
// request building (paths, go-querystring query parameters, JSON and
// multipart bodies), authentication, the rate limiter's admission and
// observation hooks, retries, envelope decoding, errors and pagination.
//
// A service describes an operation as a Call (the ops table supplies its
// method, path, version and token cost) and hands it to Fetch, Exec, List
// or ListPage. Nothing else in the SDK builds HTTP requests to the API.
package core
