package pipedrive

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// Request is a raw API request, for an endpoint the SDK has no method for
// (one Pipedrive added after this release, say): Client.Do sends it
// through the same code as every typed call, with the client's
// credential, limiter, retries, timeouts, body caps and redaction. Build
// it with Client.NewRequest, which fills Class, Cost and Idempotent.
type Request struct {
	// Method is the HTTP method: GET, POST, PUT, PATCH, DELETE or HEAD.
	Method string
	// Path is the request's path with its version prefix, escaped:
	// "/api/v2/deals/42" or "/v1/deals/42/duplicate". No host, query or
	// fragment, no empty, "." or ".." segments.
	Path string
	// Query is sent as the URL's query: a url.Values, a struct with
	// `url:"..."` tags (as the params of the typed methods), or nil.
	Query any
	// Body is sent as JSON when not nil.
	Body any

	// Class, Cost and Idempotent are what the limiter and the retries
	// need to know of the operation. For an operation of the SDK's
	// operation table (every method and path the SDK knows, typed or
	// not), NewRequest sets them from the table and Do uses the table's,
	// whatever the request says. For any other, NewRequest sets the
	// defaults below and Do uses what the request says: change them when
	// you know better.
	//
	// Class is the budget the request spends besides its window slot:
	// ratelimit.Write (a daily write) by default for POST, PUT and PATCH,
	// ratelimit.Search for a GET whose path ends in /search, else
	// ratelimit.Read.
	Class ratelimit.Class
	// Cost is the request's token cost (Pipedrive's x-token-cost),
	// spent from the daily token budget. The default is what most of
	// Pipedrive's operations of the method cost: 20 for GET and HEAD, 10
	// for POST, PUT and PATCH, 6 for DELETE.
	Cost int
	// Idempotent says whether the request may be sent again after a 5xx
	// or a connection lost once it was written: whether a second send
	// leaves the same state as one. By default only GET and HEAD are;
	// any other request whose outcome is unknown is never re-sent, and
	// its error matches ErrOutcomeUnknown. (A request that was never
	// written, and a 429, are retried whatever it is.)
	Idempotent bool

	// Operation is the operationId of Pipedrive's spec for a request the
	// table knows ("getDeal"), set by NewRequest; "" otherwise. Do does
	// not read it.
	Operation string
}

// rawMethods are the methods a raw request may use.
var rawMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true,
	http.MethodPut: true, http.MethodPatch: true, http.MethodDelete: true,
}

// NewRequest returns a raw request for method and path (with its version
// prefix, e.g. "/api/v2/deals/42"), with query (a url.Values, a struct
// with `url` tags, or nil) and body (sent as JSON; nil for none). Class,
// Cost and Idempotent come from the SDK's operation table when it knows
// the method and path, and are the documented defaults otherwise (see
// Request). A method or path that cannot be sent is refused with an error
// matching ErrInvalidParams.
//
//	req, err := client.NewRequest(http.MethodGet, "/api/v2/deals/42", nil, nil)
//	var d deals.Deal
//	resp, err := client.Do(ctx, req, &d)
func (c *Client) NewRequest(method, path string, query, body any) (*Request, error) {
	op, known, err := rawOp(method, path)
	if err != nil {
		return nil, err
	}
	req := &Request{Method: method, Path: op.Version.Prefix() + op.Path, Query: query, Body: body,
		Cost: op.Cost, Idempotent: op.Idempotent, Class: classOf(op)}
	if known {
		req.Operation = op.ID
	}
	return req, nil
}

// Do sends req, decoding the data member of the response's envelope into
// out (a pointer, or nil to discard it; absent or null data leaves it as
// it is), and returns what else the response said: status, headers,
// attempts, rate-limit headers, the limiter's state, additional_data and
// related_objects. The Response is returned with the error too, when a
// request was sent or admission was tried; nil when req was refused
// before that. Errors are those of typed calls (*Error, ErrRateLimited,
// ErrOutcomeUnknown, ...). A context made by WithResponse is filled as
// for any call.
func (c *Client) Do(ctx context.Context, req *Request, out any) (*Response, error) {
	if req == nil {
		return nil, &core.ParamsError{Reason: "nil request"}
	}
	op, known, err := rawOp(req.Method, req.Path)
	if err != nil {
		return nil, err
	}
	call := &core.Call{Op: op, Query: req.Query, Body: req.Body}
	if !known {
		class := req.Class
		call.Op.Cost, call.Op.Idempotent, call.Class = req.Cost, req.Idempotent, &class
	}
	var resp Response
	resp.Attempts = -1 // not filled: refused before sending
	rctx := ctx
	if ctx != nil {
		rctx = core.WithResponse(ctx, (*core.Response)(&resp))
	}
	_, err = c.core.Do(rctx, call, out)
	if resp.Attempts < 0 {
		return nil, err
	}
	if theirs := core.ResponseFrom(ctx); theirs != nil {
		*theirs = core.Response(resp)
	}
	return &resp, err
}

// rawOp checks a raw request's method and path and returns its operation:
// the table's when it knows them, else one with the defaults.
func rawOp(method, path string) (op ops.Op, known bool, err error) {
	refuse := func(reason string) (ops.Op, bool, error) {
		return ops.Op{}, false, &core.ParamsError{Method: method, Path: printablePath(path), Reason: reason}
	}
	if !rawMethods[method] {
		return refuse("the method must be one of GET, HEAD, POST, PUT, PATCH, DELETE")
	}
	var v ops.Version
	switch {
	case strings.HasPrefix(path, "/api/v2/"):
		v = ops.V2
	case strings.HasPrefix(path, "/v1/"):
		v = ops.V1
	default:
		return refuse(`the path must start with its version prefix, "/api/v2/" or "/v1/"`)
	}
	if strings.ContainsAny(path, "?#") {
		return refuse("the path must carry no query or fragment: pass the query as NewRequest's query")
	}
	u, err := url.Parse(path)
	if err != nil || u.Host != "" || u.Scheme != "" {
		return refuse("the path does not parse as a URL path")
	}
	escaped := u.EscapedPath()
	for _, seg := range strings.Split(escaped[1:], "/") {
		dec, _ := url.PathUnescape(seg)
		if seg == "" || dec == "." || dec == ".." {
			return refuse(`the path must have no empty, "." or ".." segment`)
		}
	}
	rel := strings.TrimPrefix(escaped, v.Prefix())
	if op, ok := ops.Match(method, escaped); ok {
		op.Path = rel // the table's class, cost and repeat-safety; the request's path
		return op, true, nil
	}
	op = ops.Op{Version: v, Method: method, Path: rel}
	switch method {
	case http.MethodGet, http.MethodHead:
		op.Cost, op.Idempotent = 20, true
	case http.MethodDelete:
		op.Cost = 6
	default:
		op.Cost = 10
	}
	return op, false, nil
}

// classOf is the budget the core counts op against.
func classOf(op ops.Op) ratelimit.Class {
	switch {
	case op.Search():
		return ratelimit.Search
	case op.Write():
		return ratelimit.Write
	}
	return ratelimit.Read
}

// printablePath is path for an error: at most 200 bytes, no query.
func printablePath(p string) string {
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if len(p) > 200 {
		p = p[:200] + "…"
	}
	return strings.ToValidUTF8(p, "")
}
