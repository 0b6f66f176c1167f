package core

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/go-querystring/query"
	"github.com/sethvargo/go-retry"

	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/internal/jsonx"
	"github.com/pipedrive-go/pipedrive/internal/logctx"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/sdkerr"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// Call describes one API request of a service.
type Call struct {
	// Op is the operation (version, method, path template, token cost).
	Op ops.Op
	// PathArgs fill the {placeholders} of Op.Path in order. int, int64,
	// and string values are accepted; strings are path-escaped.
	PathArgs []any
	// Query is a struct with `url:"..."` tags (encoded with go-querystring),
	// a url.Values, or nil.
	Query any
	// Body is encoded as JSON when non-nil.
	Body any
	// Form, when set, is sent instead of Body as an
	// application/x-www-form-urlencoded body: a struct with `url:"..."`
	// tags (encoded with go-querystring, like Query) or a url.Values. Its
	// required fields and Validate are checked as Body's are.
	Form any
	// Multipart, when set, is sent instead of Body as multipart/form-data.
	Multipart *Multipart
	// ItemsWrapped says that a list's data is an object holding the list
	// under "items" (v2 search responses) rather than the list itself.
	ItemsWrapped bool
	// SkipAdmission sends the request without asking the limiter first;
	// the response is still observed. Webhook subscription calls use it.
	SkipAdmission bool
	// Class, when set, is what the limiter counts the request as, instead
	// of what Op's method and path say (raw calls of operations the table
	// does not know).
	Class *ratelimit.Class

	need     dataNeed // set by Fetch: what the envelope's data must hold
	fresh    bool     // set by Fetch: out is a new zero value
	download bool     // set by Download: the success body is content, not JSON
}

// dataNeed says what a call requires of a successful response's data.
type dataNeed uint8

const (
	needNothing dataNeed = iota // Do, Exec, lists: absent or null data is fine
	needObject                  // Fetch of one object: data must be present and not null
	needList                    // Fetch of a slice or map: data must be present; null is empty (v1 answers an empty list with null)
)

// CheckPath reports whether the call's path arguments fill its path
// (ids > 0, no empty strings), the check Do makes before sending. Services
// use it to refuse a bad id before work that would otherwise be wasted,
// such as fetching field definitions.
func (call *Call) CheckPath() error {
	if _, err := expandPath(call.Op.Path, call.PathArgs); err != nil {
		return &ParamsError{Method: call.Op.Method, Path: call.Op.Version.Prefix() + call.Op.Path, Reason: err.Error()}
	}
	return nil
}

// Multipart is a multipart/form-data body: form fields and files.
type Multipart struct {
	Fields []FormField
	Files  []FormFile
	// Stream sends the body as the files are read, during each attempt,
	// instead of reading them into memory before the first: a file of any
	// size then costs a few buffers. The body carries a Content-Length
	// when every file's size is known (FormFile.Size, or a Content that
	// can tell it), and is sent chunked otherwise. Another attempt (after
	// a 429, a 401 the credential recovered from, or a failure that sent
	// nothing) needs the files read again: each is rewound to where it
	// started, which needs an io.Seeker; when one cannot be, the call ends
	// with the error that would have been retried. When the call returns,
	// the files are no longer read.
	Stream bool
}

// FormField is one text field of a multipart body.
type FormField struct{ Name, Value string }

// FormFile is one file of a multipart body.
type FormFile struct {
	Field       string    // form field name
	FileName    string    // file name sent to the server
	ContentType string    // e.g. "image/png"; default application/octet-stream
	Content     io.Reader // read once, before the first attempt (streamed: during each)
	// Size is Content's length in bytes when the caller knows it and
	// Content cannot tell it (a Len method, or seeking to its end, wins):
	// exactly Size bytes are then sent. 0: unknown. Only a streamed body
	// uses it.
	Size int64
}

// Meta is what a response says besides its data.
type Meta struct {
	StatusCode int
	Header     http.Header
	// AdditionalData is the raw additional_data object (nil when absent).
	AdditionalData json.RawMessage
	// RelatedObjects is the raw related_objects object of v1 responses.
	RelatedObjects json.RawMessage
	// Paging, decoded from additional_data.
	More       bool
	NextCursor string
	NextStart  int

	body io.ReadCloser // a download's content (Download)
}

// prepared is a Call resolved once, before its attempts.
type prepared struct {
	method      string
	path        string // prefix + expanded path, no query
	url         string
	body        []byte
	contentType string
	req         ratelimit.Request
	idempotent  bool
	need        dataNeed
	fresh       bool // out is a new zero value
	skipAdmit   bool
	upload      *upload // a streamed multipart body, written during each attempt
	download    bool    // the success body is handed to the caller unread
}

// prepare resolves call into p.
func (c *Client) prepare(p *prepared, call *Call, q url.Values) error {
	p.method = call.Op.Method
	path, err := call.checkParams()
	if err != nil {
		return err
	}
	// One string for both: the path is the URL's end.
	p.url = c.base + call.Op.Version.Prefix() + path
	p.path = p.url[len(c.base):]
	if len(q) > 0 {
		p.url += "?" + q.Encode()
	}
	switch {
	case call.Multipart != nil && call.Multipart.Stream:
		p.upload, err = newUpload(call.Multipart)
		if err == nil {
			p.contentType = p.upload.contentType
		}
	case call.Multipart != nil:
		p.body, p.contentType, err = encodeMultipart(call.Multipart)
	case !isNilPointer(call.Form):
		var vals url.Values
		if vals, err = EncodeQuery(call.Form); err == nil {
			p.body, p.contentType = []byte(vals.Encode()), "application/x-www-form-urlencoded"
		}
	case !isNilPointer(call.Body):
		p.body, err = json.Marshal(call.Body)
		p.contentType = "application/json"
	}
	if err != nil {
		return sdkerr.Errorf("pipedrive: %s %s: encoding body: %w", p.method, p.path, err)
	}
	class := ratelimit.Read
	switch {
	case call.Class != nil:
		class = *call.Class
	case call.Op.Search():
		class = ratelimit.Search
	case call.Op.Write():
		class = ratelimit.Write
	}
	p.req = ratelimit.Request{Key: c.key, Kind: c.kind, Class: class, Method: p.method, Cost: call.Op.Cost,
		Plan: c.plan, TokenBudget: c.budget, MaxWait: c.maxWait, Logger: c.ownLog}
	// Whether a request may be sent again when its outcome is unknown is
	// the operation's property (ops.Op.Idempotent), not its method's.
	p.idempotent = call.Op.Idempotent
	p.need, p.fresh = call.need, call.fresh
	p.skipAdmit = call.SkipAdmission
	p.download = call.download
	return nil
}

// EncodeQuery turns a Call's Query into url.Values.
func EncodeQuery(q any) (url.Values, error) {
	switch v := q.(type) {
	case nil:
		return nil, nil
	case url.Values:
		return v, nil
	}
	if isNilPointer(q) {
		return nil, nil
	}
	vals, err := query.Values(q)
	if err != nil {
		return nil, sdkerr.Errorf("pipedrive: encoding query: %w", err)
	}
	return vals, nil
}

// Do sends call, decoding the envelope's data into out (a pointer, or nil
// to discard it), and returns what else the response said.
func (c *Client) Do(ctx context.Context, call *Call, out any) (*Meta, error) {
	q, err := EncodeQuery(call.Query)
	if err != nil {
		return nil, err
	}
	return c.do(ctx, call, q, out)
}

func (c *Client) do(ctx context.Context, call *Call, q url.Values, out any) (*Meta, error) {
	if c == nil {
		// A service the user declared instead of taking it from the root
		// client has no core.
		return nil, ErrNoClient
	}
	if ctx == nil {
		return nil, errors.New("pipedrive: nil context")
	}
	// The run holds the call's state, its prepared request and what the
	// first attempt needs, in one allocation.
	r := &run{c: c, out: out}
	p := &r.prep
	r.p = p
	err := c.prepare(p, call, q)
	if err != nil {
		return nil, err
	}
	// The credential (an OAuth refresh) logs where the client does.
	err = retry.Do(logctx.With(ctx, c.ownLog), r, r.attempt)
	p.upload.close() // the caller's files are not read after the call
	c.fillResponse(ctx, r, r.meta)
	if err != nil {
		// go-retry returns the bare context error when ctx ends during a
		// wait between attempts: say which failure was being retried.
		if cause := context.Cause(ctx); cause != nil && err == cause {
			if r.last != nil {
				err = sdkerr.Errorf("pipedrive: %s %s: %w (while waiting to retry after: %w)", p.method, p.path, err, r.last)
			} else {
				err = sdkerr.Errorf("pipedrive: %s %s: %w", p.method, p.path, err)
			}
		}
		return nil, err
	}
	if r.body != nil {
		r.meta.body = r.body
	}
	return r.meta, nil
}

// run is the state of one call across its attempts. It is also the
// go-retry Backoff: each failed attempt sets how long to wait before the
// next one.
type run struct {
	c          *Client
	p          *prepared
	out        any
	meta       *Meta
	status     int         // the last attempt's response status, 0 when it got none
	header     http.Header // and its headers
	attempts   int
	n429, n5xx int
	refreshed  bool
	wait       time.Duration
	last       error
	body       *download // a download's body, handed to the caller

	prep     prepared        // what p points to
	firstEx  exchange        // the first attempt's exchange (later ones get their own)
	metaBuf  Meta            // what meta points to on success
	envelope onePassEnvelope // decodeOnePass's scratch
}

// Next implements retry.Backoff.
func (r *run) Next() (time.Duration, bool) { return r.wait, false }

func (r *run) attempt(ctx context.Context) error {
	c, p := r.c, r.p
	r.attempts++
	r.status, r.header = 0, nil
	// Authenticate first: a credential that cannot produce a header (e.g.
	// a revoked refresh token) fails the call at once, spending no slot
	// and waiting for no retry.
	reqHdr, err := c.newHeader(ctx, p)
	if err != nil {
		return sdkerr.Errorf("pipedrive: %s %s: not sent: %w", p.method, p.path, err)
	}
	var up *uploadBody
	if p.upload != nil {
		up, err = p.upload.open()
		if err != nil {
			if r.last != nil {
				return fmt.Errorf("pipedrive: %s %s: not sent again: %w (after: %w)", p.method, p.path, err, r.last)
			}
			return fmt.Errorf("pipedrive: %s %s: not sent: %w", p.method, p.path, err)
		}
		reqHdr.Set("Content-Type", p.contentType)
	}
	var ticket ratelimit.Ticket
	if !p.skipAdmit {
		t, err := c.lim.Admit(ctx, p.req)
		if err != nil {
			return sdkerr.Errorf("pipedrive: %s %s: not sent: %w", p.method, p.path, err)
		}
		ticket = t
	}

	start := time.Now()
	ex := &r.firstEx
	if r.attempts > 1 {
		// A timer of an earlier attempt may still fire: it must find
		// that attempt's exchange, not this one.
		ex = &exchange{}
	}
	err = c.roundTrip(ctx, ex, reqHdr, p, up)
	if err != nil {
		if ferr := p.upload.fileErr(); ferr != nil {
			// The caller's file failed: the body was cut short, and
			// sending it again would read the same file.
			return fmt.Errorf("pipedrive: %s %s: reading the upload: %w", p.method, p.path, ferr)
		}
		return r.transportFailure(ctx, err, ex)
	}
	defer func() {
		if r.body == nil || r.body.ex != ex {
			ex.close()
		}
	}()
	status := ex.resp.StatusCode
	hdr := ex.resp.Header
	r.status, r.header = status, hdr
	c.lim.Observe(p.req, ticket, status, hdr)

	success := status >= 200 && status < 300
	if success && p.download {
		// The content is the caller's to read, unbuffered and bounded by
		// the download limit instead of the JSON one; it is not retried
		// once handed over.
		c.logDebug(ctx, "pipedrive request", p, slog.Int("status", status), slog.Int("attempt", r.attempts), slog.Duration("took", time.Since(start)))
		d, err := ex.startDownload(p, c.maxDownload)
		if err != nil {
			return err
		}
		r.meta, r.body = &Meta{StatusCode: status, Header: hdr}, d
		return nil
	}
	limit := int64(errorBodyLimit) // an error's body is only excerpted
	if success {
		limit = c.maxBody
	}
	body, over, err := ex.readBody(limit, !success)
	if err != nil {
		return r.transportFailure(ctx, err, ex)
	}
	c.logDebug(ctx, "pipedrive request", p, slog.Int("status", status), slog.Int("attempt", r.attempts), slog.Duration("took", time.Since(start)))
	if over && success {
		// Never retried: the same request would only bring the same body.
		return &ResponseTooLargeError{StatusCode: status, Method: p.method, Path: p.path, Limit: c.maxBody}
	}

	switch {
	case success:
		meta, err := decodeSuccess(body, r.out, p.need, &r.metaBuf, &r.envelope, p.fresh)
		if err != nil {
			return &DecodeError{StatusCode: status, Method: p.method, Path: p.path, Excerpt: excerpt([]byte(redact(string(body), reqHdr))), Err: err}
		}
		meta.StatusCode, meta.Header = status, hdr
		r.meta = meta
		return nil
	case status >= 300 && status < 400 && status != http.StatusNotModified:
		e := c.apiError(p, status, hdr, body, reqHdr)
		e.Redirect = redirectHost(ex.resp)
		return e
	case status == http.StatusTooManyRequests:
		apiErr := c.apiError(p, status, hdr, body, reqHdr)
		if r.n429 >= c.max429 {
			return apiErr
		}
		r.n429++
		// The one reading of a 429's wait, the limiter's (it blocks the
		// key as long, up to ratelimit.MaxServerBlock).
		r.wait = ratelimit.ServerWait(ratelimit.ParseHeaders(hdr, time.Now()))
		if c.maxWait > 0 && r.wait > c.maxWait {
			// A reset this far away is a spent daily budget or a penalty,
			// not a busy window: sleeping inside one call would only hide
			// it.
			return sdkerr.Errorf("%w; not retried: %w", apiErr,
				&ratelimit.WaitError{Wait: r.wait, Max: c.maxWait, Reason: ratelimit.ReasonServer})
		}
		if dl, ok := ctx.Deadline(); ok {
			// Sleeping until the deadline would only end in a bare
			// context error: refuse now, as the limiter does.
			if left := time.Until(dl); r.wait > left {
				return sdkerr.Errorf("%w; not retried: %w", apiErr,
					&ratelimit.WaitError{Wait: r.wait, Left: max(left, 0), Reason: ratelimit.ReasonServer})
			}
		}
		if err := r.cannotResend(apiErr); err != nil {
			return err
		}
		r.last = apiErr
		c.logWarn(ctx, "pipedrive rate limited; retrying after reset", p, slog.Duration("wait", r.wait), slog.Int("retry", r.n429))
		return retry.RetryableError(apiErr)
	case status == http.StatusUnauthorized && c.unauth != nil && !r.refreshed:
		r.refreshed = true
		if herr := c.handleUnauthorized(ctx, reqHdr); herr != nil {
			return sdkerr.Errorf("%w; refreshing the credential failed: %w", c.apiError(p, status, hdr, body, reqHdr), herr)
		}
		r.wait = 0
		apiErr := c.apiError(p, status, hdr, body, reqHdr)
		if err := r.cannotResend(apiErr); err != nil {
			return err
		}
		r.last = apiErr
		return retry.RetryableError(apiErr)
	case status >= 500 && status != http.StatusNotImplemented:
		apiErr := c.apiError(p, status, hdr, body, reqHdr)
		if !p.idempotent {
			apiErr.OutcomeUnknown = true
			return apiErr
		}
		if r.n5xx >= c.max5xx {
			return apiErr
		}
		r.n5xx++
		r.wait = r.backoff()
		if outlastsDeadline(ctx, r.wait) {
			return apiErr // waiting would only end in a bare context error
		}
		if err := r.cannotResend(apiErr); err != nil {
			return err
		}
		r.last = apiErr
		c.logWarn(ctx, "pipedrive server error; retrying", p, slog.Int("status", status), slog.Duration("wait", r.wait), slog.Int("retry", r.n5xx))
		return retry.RetryableError(apiErr)
	default:
		return c.apiError(p, status, hdr, body, reqHdr)
	}
}

// handleUnauthorized lets the credential recover from a 401. A credential
// that can compare the rejected request's token with its current one is
// given the request's header, so that a request that left before a refresh
// is sent again without a second refresh.
func (c *Client) handleUnauthorized(ctx context.Context, sent http.Header) error {
	if h, ok := c.unauth.(auth.UnauthorizedRequestHandler); ok {
		return h.HandleUnauthorizedRequest(ctx, sent)
	}
	return c.unauth.HandleUnauthorized(ctx)
}

// transportFailure decides what a failed round trip (or body read) means.
// An attempt that timed out after its request was written is not sent
// again; otherwise an idempotent request is retried with backoff, and so
// is any request that never wrote a byte; a request that is not safe to
// repeat and may have reached the server is not.
func (r *run) transportFailure(ctx context.Context, err error, ex *exchange) error {
	c, p := r.c, r.p
	if ctx.Err() != nil {
		return sdkerr.Errorf("pipedrive: %s %s: %w", p.method, p.path, err)
	}
	var de *DecodeError
	if errors.As(err, &de) {
		return err // a body that cannot be decompressed: the same next time
	}
	wrote := ex.wrote(err)
	if te := ex.timeout(err); te != nil && wrote {
		if !p.idempotent {
			return sdkerr.Errorf("pipedrive: %s %s: %w: %w", p.method, p.path, ErrOutcomeUnknown, te)
		}
		return sdkerr.Errorf("pipedrive: %s %s: %w", p.method, p.path, te)
	}
	if !p.idempotent && wrote {
		return sdkerr.Errorf("pipedrive: %s %s: %w: %w", p.method, p.path, ErrOutcomeUnknown, err)
	}
	wrapped := sdkerr.Errorf("pipedrive: %s %s: %w", p.method, p.path, err)
	if r.n5xx >= c.max5xx {
		return wrapped
	}
	r.n5xx++
	r.wait = r.backoff()
	if outlastsDeadline(ctx, r.wait) {
		return wrapped
	}
	if err := r.cannotResend(wrapped); err != nil {
		return err
	}
	r.last = wrapped
	c.logWarn(ctx, "pipedrive transport error; retrying", p, slog.String("error", err.Error()), slog.Duration("wait", r.wait), slog.Int("retry", r.n5xx))
	return retry.RetryableError(wrapped)
}

// cannotResend returns err, noted, when the call's streamed upload cannot
// be sent again (its files were read and cannot be rewound), so that the
// error that would have been retried ends the call; nil when a retry may
// go ahead.
func (r *run) cannotResend(err error) error {
	if u := r.p.upload; u != nil && !u.resendable() {
		return fmt.Errorf("%w (not sent again: %w)", err, errNotRewindable)
	}
	return nil
}

// outlastsDeadline reports whether a wait of d would end after ctx's
// deadline.
func outlastsDeadline(ctx context.Context, d time.Duration) bool {
	dl, ok := ctx.Deadline()
	return ok && d > time.Until(dl)
}

// backoff is the exponential, jittered delay before the n-th retry of a
// server or transport failure.
func (r *run) backoff() time.Duration {
	b := retry.WithJitterPercent(20, retry.WithCappedDuration(30*time.Second, retry.NewExponential(r.c.baseWait)))
	var d time.Duration
	for i := 0; i < r.n5xx; i++ {
		d, _ = b.Next()
	}
	return d
}

// newHeader builds one attempt's request header and authenticates it.
func (c *Client) newHeader(ctx context.Context, p *prepared) (http.Header, error) {
	h := make(http.Header, 4)
	// The values are the client's own, shared by its requests: nothing
	// changes a header value in place (Set, Add and Del replace slices).
	h["User-Agent"] = c.hdrUA
	if p.download {
		h["Accept"] = c.hdrAcceptAny // the content's type is the file's
	} else {
		h["Accept"] = c.hdrAcceptJSON
	}
	if err := c.cred.Authenticate(ctx, h); err != nil {
		return nil, sdkerr.Errorf("authenticating: %w", err)
	}
	if p.body != nil {
		h.Set("Content-Type", p.contentType)
	}
	return h, nil
}

// exchange is one attempt's round trip: the response whose body is still
// to be read, and what bounds the attempt.
type exchange struct {
	c        *Client
	resp     *http.Response
	cancel   context.CancelCauseFunc
	ctx      context.Context // the attempt's context; its cause tells a timeout
	watch    watchdog        // Timeouts.Attempt and Timeouts.BodyIdle (see watchdog)
	wroteAny atomic.Bool     // a byte of the request reached the connection (traced requests)
	bodyR    movingReader    // the body's reader under the idle timeout (readBody)
	traced   bool            // wroteAny is tracked
}

// roundTrip sends the request of p, with the header hdr and the body of p
// (or the streamed upload up), under the attempt's timeouts, and returns
// the exchange, whose body the caller reads and closes (ex.close). On
// error, the exchange still tells whether the request was written and
// whether a timeout ended it.
//
// The request goes straight to the http.Client: the core builds it,
// reads every body itself (bounded, see readBody) and never follows a
// redirect, so a client library's request object, middleware and
// response wrapper would only be allocated and walked through on every
// attempt.
func (c *Client) roundTrip(ctx context.Context, ex *exchange, hdr http.Header, p *prepared, up *uploadBody) error {
	ex.c = c
	ex.ctx, ex.cancel = context.WithCancelCause(ctx)
	ex.startWatch(c.timeouts.Attempt, c.timeouts.BodyIdle)
	// Whether any of a request that is not safe to repeat was written
	// decides whether a failure leaves its outcome unknown. For the
	// others, only a failure to connect tells that nothing was sent.
	tctx := ex.ctx
	if !p.idempotent {
		tctx = httptrace.WithClientTrace(ex.ctx, &httptrace.ClientTrace{
			WroteHeaderField: func(string, []string) { ex.wroteAny.Store(true) },
		})
	}
	ex.traced = !p.idempotent
	var body io.Reader
	switch {
	case up != nil:
		// Streamed: written as the files are read, during the attempt.
		up.watch(ex) // a long upload is bounded by its idleness, not its length
		body = up
	case p.body != nil:
		body = bytes.NewReader(p.body) // a Content-Length, and GetBody
	}
	req, err := http.NewRequestWithContext(tctx, p.method, p.url, body)
	if err == nil {
		req.Header = hdr
		if up != nil {
			req.ContentLength = up.size // -1: unknown, sent chunked
		}
		ex.resp, err = c.hc.Do(req)
	}
	if err != nil {
		if ex.resp != nil && ex.resp.Body != nil {
			ex.resp.Body.Close()
		}
		ex.resp = nil
		ex.stop()
		// The request carries no secret in its URL, but make sure the
		// error text cannot echo a header value either.
		return redactErr(err, hdr)
	}
	return nil
}

// wrote reports whether the request may have reached the server after
// err. A traced request knows; for the others (safe to repeat), only a
// failure to connect proves that nothing was sent.
func (ex *exchange) wrote(err error) bool {
	if ex == nil {
		return false
	}
	if ex.traced {
		return ex.wroteAny.Load()
	}
	var op *net.OpError
	return !(errors.As(err, &op) && op.Op == "dial")
}

// stop ends the attempt's timers and context.
func (ex *exchange) stop() {
	ex.stopWatch()
	ex.cancel(nil)
}

// close releases the response and the attempt's timers.
func (ex *exchange) close() {
	if ex.resp != nil && ex.resp.Body != nil {
		ex.resp.Body.Close()
	}
	ex.stop()
}

// timeout returns the *TimeoutError behind err, if a timeout ended the
// attempt: one of the core's (whole attempt, body idle) or the
// transport's (dial, TLS handshake, response headers).
func (ex *exchange) timeout(err error) *TimeoutError {
	if ex != nil {
		var te *TimeoutError
		if errors.As(context.Cause(ex.ctx), &te) {
			return te
		}
	}
	var ne interface{ Timeout() bool }
	if errors.As(err, &ne) && ne.Timeout() {
		te := &TimeoutError{Waiting: "the response", Err: err}
		if ex != nil && ex.c.ownTransport {
			// Once the request is written, the SDK's transport times
			// out only waiting for the headers.
			te.Waiting, te.After = "the response headers", ex.c.timeouts.ResponseHeader
		}
		return te
	}
	return nil
}

// readBody reads the response body, decompressed when the transport left
// it compressed, under the idle timeout. It reads at most limit bytes
// after decompression: over reports a longer body, which is then dropped
// unless keepPrefix asks for its first limit bytes (an error page).
func (ex *exchange) readBody(limit int64, keepPrefix bool) (body []byte, over bool, err error) {
	if st := ex.resp.StatusCode; st == http.StatusNoContent || st == http.StatusNotModified ||
		(ex.resp.Request != nil && ex.resp.Request.Method == http.MethodHead) {
		return nil, false, nil // no body, whatever Content-Length says
	}
	var r io.Reader = ex.resp.Body
	if ex.c.timeouts.BodyIdle > 0 {
		ex.beginWait(waitBody)
		ex.bodyR = movingReader{r: r, ex: ex}
		r = &ex.bodyR
	}
	size := ex.resp.ContentLength
	if !ex.resp.Uncompressed && strings.EqualFold(ex.resp.Header.Get("Content-Encoding"), "gzip") {
		// The transport decompresses by itself when it asked for gzip;
		// a client that did not ask can still be sent gzip.
		zr, err := gzip.NewReader(r)
		if err != nil {
			if err == io.EOF {
				return nil, false, nil
			}
			return nil, false, ex.decodeErr(err)
		}
		defer zr.Close()
		r, size = zr, -1
	}
	body, over, err = readBounded(r, size, limit, keepPrefix)
	if err != nil {
		if errors.Is(err, gzip.ErrHeader) || errors.Is(err, gzip.ErrChecksum) {
			return nil, false, ex.decodeErr(err)
		}
		if te := ex.timeout(err); te != nil {
			return nil, false, te
		}
		return nil, false, sdkerr.Errorf("reading the response body: %w", err)
	}
	return body, over, nil
}

func (ex *exchange) decodeErr(err error) error {
	req := ex.resp.Request
	de := &DecodeError{StatusCode: ex.resp.StatusCode, Err: sdkerr.Errorf("decompressing: %w", err)}
	if req != nil {
		de.Method, de.Path = req.Method, req.URL.Path
	}
	return de
}

// movingReader tells the attempt's watchdog whenever a read brings data.
type movingReader struct {
	r  io.Reader
	ex *exchange
}

func (m *movingReader) Read(p []byte) (int, error) {
	n, err := m.r.Read(p)
	if n > 0 {
		m.ex.touch()
	}
	return n, err
}

// Chunk sizes of readBounded, for bodies of unknown length.
const (
	firstChunk = 8 << 10
	maxChunk   = 1 << 20
)

// readBounded reads r to its end, or until more than limit bytes came.
// size is the announced length (-1: unknown): a known length within
// limit is read into one buffer of exactly that size; a longer one is
// refused before a byte is read. An unknown length is read in chunks that
// grow to 1 MiB, so that a body over the limit never holds more than
// about limit bytes, and is joined once at the end (a body that fits the
// first chunk is not copied at all). keepPrefix returns the first limit
// bytes of a longer body instead of nothing.
func readBounded(r io.Reader, size, limit int64, keepPrefix bool) ([]byte, bool, error) {
	if size > limit && !keepPrefix {
		return nil, true, nil
	}
	if size >= 0 && size <= limit {
		buf := make([]byte, size)
		n, err := io.ReadFull(r, buf)
		if err == io.ErrUnexpectedEOF || err == io.EOF {
			err = io.ErrUnexpectedEOF // shorter than announced
		}
		if err != nil && !(size == 0 && n == 0) {
			return nil, false, err
		}
		return buf, false, nil
	}
	var chunks [][]byte
	var total int64
	next := int64(firstChunk)
	over := false
	for {
		b := make([]byte, min(next, limit+1-total))
		n, err := io.ReadFull(r, b)
		total += int64(n)
		chunks = append(chunks, b[:n])
		if total > limit {
			over = true
			break
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return nil, false, err
		}
		next = min(next*2, maxChunk)
	}
	if over {
		if !keepPrefix {
			return nil, true, nil
		}
		total = limit
	}
	if len(chunks) == 1 {
		return chunks[0][:total], over, nil
	}
	out := make([]byte, 0, total)
	for _, b := range chunks {
		out = append(out, b[:min(int64(len(b)), total-int64(len(out)))]...)
	}
	return out, over, nil
}

// redirectHost is the host (and port) a redirect answer points to; never
// its path or query, which may carry anything.
func redirectHost(resp *http.Response) string {
	loc := resp.Header.Get("Location")
	if loc == "" {
		return ""
	}
	base := &url.URL{}
	if resp.Request != nil && resp.Request.URL != nil {
		base = resp.Request.URL
	}
	u, err := base.Parse(loc)
	if err != nil || u.Host == "" {
		return "an unreadable location"
	}
	return u.Host
}

func (c *Client) apiError(p *prepared, status int, h http.Header, body []byte, reqHdr http.Header) *Error {
	e := &Error{StatusCode: status, Method: p.method, Path: p.path, RateLimit: ratelimit.ParseHeaders(h, time.Now())}
	var env errorEnvelope
	if isJSON(h.Get("Content-Type"), body) && json.Unmarshal(body, &env) == nil && (env.Error != "" || env.ErrorInfo != "" || env.Message != "" || env.Success != nil) {
		e.Message = env.Error
		if e.Message == "" {
			e.Message = env.Message
		}
		e.Info = env.ErrorInfo
		e.FieldErrors = fieldErrors(env.Errors)
		if e.Message == "" && len(e.FieldErrors) > 0 {
			e.Message = "invalid parameters"
		}
		e.Code = firstCode(env.Code, env.ErrorCode)
		e.Message, e.Info = redact(e.Message, reqHdr), redact(e.Info, reqHdr)
		return e
	}
	e.ContentType = h.Get("Content-Type")
	e.Excerpt = excerpt([]byte(redact(string(body), reqHdr)))
	if e.ContentType == "" && e.Excerpt == "" {
		e.ContentType = "empty body"
	}
	return e
}

// redact removes from s every credential value the request carried, in
// case a server or proxy echoed it back.
func redact(s string, reqHdr http.Header) string {
	for _, name := range []string{"X-Api-Token", "Authorization"} {
		for _, v := range reqHdr.Values(name) {
			v = strings.TrimPrefix(v, "Bearer ")
			if len(v) >= 4 && strings.Contains(s, v) {
				s = strings.ReplaceAll(s, v, "[REDACTED]")
			}
		}
	}
	return s
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

func redactErr(err error, reqHdr http.Header) error {
	msg := err.Error()
	clean := redact(msg, reqHdr)
	if clean == msg {
		return err
	}
	return &redactedError{msg: clean, err: errors.Unwrap(err)}
}

func isJSON(contentType string, body []byte) bool {
	if strings.Contains(contentType, "json") {
		return true
	}
	b := bytes.TrimSpace(body)
	return len(b) > 0 && b[0] == '{'
}

// fieldErrors reads an "errors" object of field names to messages (a
// string or a list of strings), as some v1 endpoints send on 400.
func fieldErrors(raw json.RawMessage) map[string][]string {
	if len(raw) == 0 || raw[0] != '{' {
		return nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil || len(m) == 0 {
		return nil
	}
	out := make(map[string][]string, len(m))
	for k, v := range m {
		var list []string
		var one string
		switch {
		case json.Unmarshal(v, &list) == nil:
			out[k] = list
		case json.Unmarshal(v, &one) == nil:
			out[k] = []string{one}
		default:
			out[k] = []string{string(v)}
		}
	}
	return out
}

func firstCode(raws ...json.RawMessage) string {
	for _, raw := range raws {
		s := strings.Trim(strings.TrimSpace(string(raw)), `"`)
		if s != "" && s != "null" {
			return s
		}
	}
	return ""
}

type errorEnvelope struct {
	Success   *bool           `json:"success"`
	Error     string          `json:"error"`
	Message   string          `json:"message"`
	Errors    json.RawMessage `json:"errors"`
	ErrorInfo string          `json:"error_info"`
	Code      json.RawMessage `json:"code"`
	ErrorCode json.RawMessage `json:"errorCode"`
}

// envelope is the v1 and v2 success shape; Data decodes into the
// caller's value.
type envelope struct {
	Success        *bool           `json:"success"`
	Data           dataSink        `json:"data"`
	AdditionalData json.RawMessage `json:"additional_data"`
	RelatedObjects json.RawMessage `json:"related_objects"`
}

// What a response's data member was.
const (
	dataAbsent uint8 = iota
	dataNull
	dataValue
)

// dataSink decodes the envelope's data into out (straight from the body,
// no copy) and records whether the member was there and whether it was
// null, which a value decoded in place cannot tell.
type dataSink struct {
	out   any
	state uint8
}

// UnmarshalJSON implements json.Unmarshaler.
func (d *dataSink) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		d.state = dataNull
		return nil
	}
	d.state = dataValue
	if d.out == nil {
		return nil // nobody wants it: not even decoded
	}
	return json.Unmarshal(b, d.out)
}

// decodeUsual decodes body's envelope, handing the data member's bytes to
// dataSink.
func decodeUsual(body []byte, out any) (envelope, error) {
	env := envelope{Data: dataSink{out: out}}
	err := json.Unmarshal(body, &env)
	return env, err
}

// onePassEnvelope is envelope with the caller's value in place of the
// sink: encoding/json then decodes the data member as part of the
// envelope, instead of handing its bytes to dataSink, which scans them
// again to find their end and once more to validate them (for a
// model with its own UnmarshalJSON, such as crm.Deal, that is two scans
// of the data out of three).
type onePassEnvelope struct {
	Success        *bool           `json:"success"`
	Data           any             `json:"data"`
	AdditionalData json.RawMessage `json:"additional_data"`
	RelatedObjects json.RawMessage `json:"related_objects"`
}

// decodeOnePass decodes body into out through onePassEnvelope. It
// reports false when the envelope must be decoded the usual way instead
// (decodeUsual), which then decides: a body that does not decode (its
// error is then the usual one), an out that is not a pointer to a value
// encoding/json replaces by null (nil, a pointer to a pointer or an
// interface: null would not show), data a model's twin does not take, or,
// when the call needs data, data left at its zero value, which cannot tell
// an absent member from a present one. When it reports true, out and the
// envelope are what decodeUsual would have made of body
// (FuzzDecodeOnePass), unless the envelope names a member twice, which
// RFC 8259 leaves to the implementation and Pipedrive does not do (a
// second data member is decoded into the first; after a null one, it is
// dropped).
func decodeOnePass(body []byte, out any, need dataNeed, scratch *onePassEnvelope, fresh bool) (envelope, bool) {
	rv := reflect.ValueOf(out)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return envelope{}, false
	}
	if k := rv.Elem().Kind(); k == reflect.Pointer || k == reflect.Interface {
		return envelope{}, false
	}
	if scratch == nil {
		scratch = new(onePassEnvelope)
	}
	target := out
	var twin jsonx.Twin
	if m, ok := out.(jsonx.Twinned); ok && (fresh || rv.Elem().IsZero()) {
		// A model with a twin (crm.Deal, crm.Person, crm.Organization) is decoded through it, as part
		// of the envelope, instead of by its UnmarshalJSON. Only a zero
		// model (fresh spares the check, which walks every field of a
		// zero struct): taking the twin resets it, which null data must
		// not do.
		twin = m.JSONTwin()
		target = twin
	}
	*scratch = onePassEnvelope{Data: target}
	err := json.Unmarshal(body, scratch)
	env := *scratch
	*scratch = onePassEnvelope{} // it keeps no reference to out or the body
	if err != nil {
		return envelope{}, false
	}
	state := dataValue // for needNothing, also an absent member: it does not matter
	switch {
	case env.Data == nil:
		state = dataNull // encoding/json clears the interface for null
	case twin != nil && !twin.Finish():
		return envelope{}, false // not the twin's shape: the model's UnmarshalJSON decides
	case need != needNothing && rv.Elem().IsZero():
		return envelope{}, false // absent, or a zero value: the usual way tells
	}
	return envelope{Success: env.Success, Data: dataSink{out: out, state: state},
		AdditionalData: env.AdditionalData, RelatedObjects: env.RelatedObjects}, true
}

// paging holds the pagination fields of additional_data in either style
// (and the spec's flat variant of v1's).
type paging struct {
	NextCursor *string `json:"next_cursor"`
	Pagination *struct {
		MoreItems *bool `json:"more_items_in_collection"`
		NextStart *int  `json:"next_start"`
	} `json:"pagination"`
	MoreItems *bool `json:"more_items_in_collection"`
	NextStart *int  `json:"next_start"`
}

// decodeSuccess decodes a 2xx body's envelope, its data into out. need
// says what the call requires of the data: a call that must yield an
// object gets ErrNoData for an empty body, an envelope without data, or
// null data (a slice or map, for null data, gets its empty value).
//
// meta and scratch are where it writes the Meta it returns, and its
// envelope (nil: allocated); fresh says that out is a new zero value.
func decodeSuccess(body []byte, out any, need dataNeed, meta *Meta, scratch *onePassEnvelope, fresh bool) (*Meta, error) {
	if meta == nil {
		meta = &Meta{}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		if need != needNothing {
			return nil, sdkerr.Errorf("%w: the body is empty", ErrNoData)
		}
		return meta, nil // 204, or an empty 200
	}
	env, ok := decodeOnePass(body, out, need, scratch, fresh)
	if !ok {
		var err error
		if env, err = decodeUsual(body, out); err != nil {
			return nil, err
		}
	}
	if env.Success != nil && !*env.Success {
		return nil, errors.New(`"success" is false in a 2xx response`)
	}
	switch {
	case need == needNothing:
	case env.Data.state == dataAbsent:
		return nil, sdkerr.Errorf("%w: the envelope has no data member", ErrNoData)
	case env.Data.state == dataNull && need == needObject:
		return nil, sdkerr.Errorf("%w: data is null", ErrNoData)
	}
	if len(env.AdditionalData) > 0 && !bytes.Equal(env.AdditionalData, []byte("null")) {
		meta.AdditionalData = env.AdditionalData
		var pg paging
		if json.Unmarshal(env.AdditionalData, &pg) == nil {
			switch {
			case pg.NextCursor != nil && *pg.NextCursor != "":
				meta.NextCursor, meta.More = *pg.NextCursor, true
			case pg.Pagination != nil:
				meta.More = pg.Pagination.MoreItems != nil && *pg.Pagination.MoreItems
				if pg.Pagination.NextStart != nil {
					meta.NextStart = *pg.Pagination.NextStart
				}
			case pg.MoreItems != nil:
				meta.More = *pg.MoreItems
				if pg.NextStart != nil {
					meta.NextStart = *pg.NextStart
				}
			}
		}
	}
	if len(env.RelatedObjects) > 0 && !bytes.Equal(env.RelatedObjects, []byte("null")) {
		meta.RelatedObjects = env.RelatedObjects
	}
	return meta, nil
}

func expandPath(tmpl string, args []any) (string, error) {
	if !strings.Contains(tmpl, "{") {
		if len(args) > 0 {
			return "", sdkerr.Errorf("%d path arguments for a path without placeholders", len(args))
		}
		return tmpl, nil
	}
	var b strings.Builder
	b.Grow(len(tmpl) + 16)
	i := 0
	for {
		open := strings.IndexByte(tmpl, '{')
		if open < 0 {
			b.WriteString(tmpl)
			break
		}
		end := strings.IndexByte(tmpl[open:], '}')
		if end < 0 {
			return "", errors.New("unterminated placeholder")
		}
		if i >= len(args) {
			return "", sdkerr.Errorf("missing path argument for %s", tmpl[open:open+end+1])
		}
		b.WriteString(tmpl[:open])
		switch v := args[i].(type) {
		case int64:
			if v <= 0 {
				return "", sdkerr.Errorf("invalid id %d for %s", v, tmpl[open:open+end+1])
			}
			b.WriteString(strconv.FormatInt(v, 10))
		case int:
			if v <= 0 {
				return "", sdkerr.Errorf("invalid id %d for %s", v, tmpl[open:open+end+1])
			}
			b.WriteString(strconv.Itoa(v))
		case string:
			if v == "" {
				return "", sdkerr.Errorf("empty value for %s", tmpl[open:open+end+1])
			}
			b.WriteString(url.PathEscape(v))
		default:
			return "", sdkerr.Errorf("unsupported path argument type %T", v)
		}
		i++
		tmpl = tmpl[open+end+1:]
	}
	if i != len(args) {
		return "", sdkerr.Errorf("%d path arguments for %d placeholders", len(args), i)
	}
	return b.String(), nil
}

func encodeMultipart(m *Multipart) ([]byte, string, error) {
	for _, f := range m.Files {
		if f.Content == nil {
			return nil, "", sdkerr.Errorf("file %q has no content", f.Field)
		}
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	err := writeParts(w, m, func(i int, dst io.Writer) error {
		if _, err := io.Copy(dst, m.Files[i].Content); err != nil {
			return fmt.Errorf("reading file %q: %w", m.Files[i].FileName, err)
		}
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return buf.Bytes(), w.FormDataContentType(), nil
}

func (c *Client) logDebug(ctx context.Context, msg string, p *prepared, attrs ...slog.Attr) {
	if !c.log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	c.log.LogAttrs(ctx, slog.LevelDebug, msg, append(attrs, slog.String("method", p.method), slog.String("path", p.path))...)
}

func (c *Client) logWarn(ctx context.Context, msg string, p *prepared, attrs ...slog.Attr) {
	if !c.log.Enabled(ctx, slog.LevelWarn) {
		return
	}
	c.log.LogAttrs(ctx, slog.LevelWarn, msg, append(attrs, slog.String("method", p.method), slog.String("path", p.path))...)
}
