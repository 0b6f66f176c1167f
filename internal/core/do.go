package core

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"
	"github.com/google/go-querystring/query"
	"github.com/sethvargo/go-retry"

	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/internal/ops"
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
	// Multipart, when set, is sent instead of Body as multipart/form-data.
	Multipart *Multipart
	// ItemsWrapped says that a list's data is an object holding the list
	// under "items" (v2 search responses) rather than the list itself.
	ItemsWrapped bool
	// SkipAdmission sends the request without asking the limiter first;
	// the response is still observed. Webhook subscription calls use it.
	SkipAdmission bool
}

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
}

// FormField is one text field of a multipart body.
type FormField struct{ Name, Value string }

// FormFile is one file of a multipart body.
type FormFile struct {
	Field       string    // form field name
	FileName    string    // file name sent to the server
	ContentType string    // e.g. "image/png"; default application/octet-stream
	Content     io.Reader // read once, before the first attempt
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
	skipAdmit   bool
}

func (c *Client) prepare(call *Call, q url.Values) (*prepared, error) {
	p := &prepared{method: call.Op.Method}
	if err := call.CheckParams(); err != nil {
		return nil, err
	}
	path, err := expandPath(call.Op.Path, call.PathArgs)
	if err != nil {
		return nil, err
	}
	p.path = call.Op.Version.Prefix() + path
	p.url = c.base + p.path
	if len(q) > 0 {
		p.url += "?" + q.Encode()
	}
	switch {
	case call.Multipart != nil:
		p.body, p.contentType, err = encodeMultipart(call.Multipart)
	case !isNilPointer(call.Body):
		p.body, err = json.Marshal(call.Body)
		p.contentType = "application/json"
	}
	if err != nil {
		return nil, fmt.Errorf("pipedrive: %s %s: encoding body: %w", p.method, p.path, err)
	}
	class := ratelimit.Read
	switch {
	case call.Op.Search():
		class = ratelimit.Search
	case call.Op.Write():
		class = ratelimit.Write
	}
	p.req = ratelimit.Request{Key: c.key, Kind: c.kind, Class: class, Method: p.method, Cost: call.Op.Cost, Plan: c.plan, TokenBudget: c.budget}
	switch p.method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		p.idempotent = true
	}
	p.skipAdmit = call.SkipAdmission
	return p, nil
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
		return nil, fmt.Errorf("pipedrive: encoding query: %w", err)
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
	if ctx == nil {
		return nil, errors.New("pipedrive: nil context")
	}
	p, err := c.prepare(call, q)
	if err != nil {
		return nil, err
	}
	r := &run{c: c, p: p, out: out}
	err = retry.Do(ctx, r, r.attempt)
	if err != nil {
		// go-retry returns the bare context error when ctx ends during a
		// wait between attempts: say which failure was being retried.
		if cause := context.Cause(ctx); cause != nil && err == cause {
			if r.last != nil {
				err = fmt.Errorf("pipedrive: %s %s: %w (while waiting to retry after: %w)", p.method, p.path, err, r.last)
			} else {
				err = fmt.Errorf("pipedrive: %s %s: %w", p.method, p.path, err)
			}
		}
		return nil, err
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
	attempts   int
	n429, n5xx int
	refreshed  bool
	wait       time.Duration
	last       error
}

// Next implements retry.Backoff.
func (r *run) Next() (time.Duration, bool) { return r.wait, false }

func (r *run) attempt(ctx context.Context) error {
	c, p := r.c, r.p
	r.attempts++
	// Authenticate first: a credential that cannot produce a header (e.g.
	// a revoked refresh token) fails the call at once, spending no slot
	// and waiting for no retry.
	req, err := c.newRequest(ctx, p)
	if err != nil {
		return fmt.Errorf("pipedrive: %s %s: not sent: %w", p.method, p.path, err)
	}
	var ticket ratelimit.Ticket
	if !p.skipAdmit {
		t, err := c.lim.Admit(ctx, p.req)
		if err != nil {
			return fmt.Errorf("pipedrive: %s %s: not sent: %w", p.method, p.path, err)
		}
		ticket = t
	}

	start := time.Now()
	resp, wrote, err := c.send(req, p)
	if err != nil {
		return r.transportFailure(ctx, err, wrote)
	}
	status := resp.StatusCode()
	hdr := resp.Header()
	c.lim.Observe(p.req, ticket, status, hdr)
	c.logDebug(ctx, "pipedrive request", p, slog.Int("status", status), slog.Int("attempt", r.attempts), slog.Duration("took", time.Since(start)))

	body := resp.Body()
	switch {
	case status >= 200 && status < 300:
		meta, err := decodeSuccess(body, r.out)
		if err != nil {
			return &DecodeError{StatusCode: status, Method: p.method, Path: p.path, Excerpt: excerpt([]byte(redact(string(body), resp.Request.Header))), Err: err}
		}
		meta.StatusCode, meta.Header = status, hdr
		r.meta = meta
		return nil
	case status == http.StatusTooManyRequests:
		apiErr := c.apiError(p, status, hdr, body, resp.Request.Header)
		if r.n429 >= c.max429 {
			return apiErr
		}
		r.n429++
		r.wait = resetWait(hdr)
		if r.wait > MaxRateLimitWait {
			// A reset this far away is a spent daily budget, not a busy
			// window: sleeping inside one call would only hide it.
			return fmt.Errorf("%w; not retried: the server's reset is %v away", apiErr, r.wait.Round(time.Second))
		}
		if dl, ok := ctx.Deadline(); ok {
			// Sleeping until the deadline would only end in a bare
			// context error: refuse now, as the limiter does.
			if left := time.Until(dl); r.wait > left {
				return fmt.Errorf("%w; not retried: %w", apiErr,
					&ratelimit.WaitError{Wait: r.wait, Left: max(left, 0), Reason: ratelimit.ReasonServer})
			}
		}
		r.last = apiErr
		c.logWarn(ctx, "pipedrive rate limited; retrying after reset", p, slog.Duration("wait", r.wait), slog.Int("retry", r.n429))
		return retry.RetryableError(apiErr)
	case status == http.StatusUnauthorized && c.unauth != nil && !r.refreshed:
		r.refreshed = true
		if herr := c.handleUnauthorized(ctx, resp.Request.Header); herr != nil {
			return fmt.Errorf("%w; refreshing the credential failed: %w", c.apiError(p, status, hdr, body, resp.Request.Header), herr)
		}
		r.wait = 0
		return retry.RetryableError(c.apiError(p, status, hdr, body, resp.Request.Header))
	case status >= 500 && status != http.StatusNotImplemented:
		apiErr := c.apiError(p, status, hdr, body, resp.Request.Header)
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
		r.last = apiErr
		c.logWarn(ctx, "pipedrive server error; retrying", p, slog.Int("status", status), slog.Duration("wait", r.wait), slog.Int("retry", r.n5xx))
		return retry.RetryableError(apiErr)
	default:
		return c.apiError(p, status, hdr, body, resp.Request.Header)
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

// transportFailure decides what a failed round trip means: an idempotent
// request is retried with backoff, and so is any request that never wrote a
// byte; a POST or PATCH that may have reached the server is not.
func (r *run) transportFailure(ctx context.Context, err error, wrote bool) error {
	c, p := r.c, r.p
	if ctx.Err() != nil {
		return fmt.Errorf("pipedrive: %s %s: %w", p.method, p.path, err)
	}
	if !p.idempotent && wrote {
		return fmt.Errorf("pipedrive: %s %s: %w: %w", p.method, p.path, ErrOutcomeUnknown, err)
	}
	wrapped := fmt.Errorf("pipedrive: %s %s: %w", p.method, p.path, err)
	if r.n5xx >= c.max5xx {
		return wrapped
	}
	r.n5xx++
	r.wait = r.backoff()
	if outlastsDeadline(ctx, r.wait) {
		return wrapped
	}
	r.last = wrapped
	c.logWarn(ctx, "pipedrive transport error; retrying", p, slog.String("error", err.Error()), slog.Duration("wait", r.wait), slog.Int("retry", r.n5xx))
	return retry.RetryableError(wrapped)
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

// MaxRateLimitWait is the longest server reset a 429 retry waits for
// within one call; a longer one (a spent daily token budget resets at
// midnight) is returned as the 429 error at once.
const MaxRateLimitWait = 10 * time.Minute

// resetWait reads how long to wait after a 429: x-ratelimit-reset
// (seconds), else Retry-After (seconds or an HTTP date), else 2 s.
func resetWait(h http.Header) time.Duration {
	if v := h.Get("X-Ratelimit-Reset"); v != "" {
		if f, err := strconv.ParseFloat(v, 64); err == nil && f >= 0 && f < 86400*2 {
			return time.Duration(f * float64(time.Second))
		}
	}
	if v := h.Get("Retry-After"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 && n < 86400*2 {
			return time.Duration(n) * time.Second
		}
		if t, err := http.ParseTime(v); err == nil {
			return max(time.Until(t), 0)
		}
	}
	return 2 * time.Second
}

type tracked struct{ wrote bool }

// newRequest builds one attempt's request and authenticates it.
func (c *Client) newRequest(ctx context.Context, p *prepared) (*resty.Request, error) {
	req := c.rc.R().SetContext(ctx)
	req.Header.Set("User-Agent", c.ua)
	req.Header.Set("Accept", "application/json")
	if err := c.cred.Authenticate(ctx, req.Header); err != nil {
		return nil, fmt.Errorf("authenticating: %w", err)
	}
	if p.body != nil {
		req.Header.Set("Content-Type", p.contentType)
		req.SetBody(p.body)
	}
	return req, nil
}

// send executes req. wrote reports whether any of a non-idempotent
// request reached the connection, which decides whether a failure leaves
// its outcome unknown.
func (c *Client) send(req *resty.Request, p *prepared) (resp *resty.Response, wrote bool, err error) {
	tr := &tracked{}
	if !p.idempotent {
		req.SetContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
			WroteHeaderField: func(string, []string) { tr.wrote = true },
		}))
	}
	rr, err := req.Execute(p.method, p.url)
	if err != nil {
		// The request carries no secret in its URL, but make sure the
		// error text cannot echo a header value either.
		return nil, tr.wrote, redactErr(err, req.Header)
	}
	return rr, tr.wrote, nil
}

func (c *Client) apiError(p *prepared, status int, h http.Header, body []byte, reqHdr http.Header) *Error {
	e := &Error{StatusCode: status, Method: p.method, Path: p.path}
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

// envelope is the v1 and v2 success shape; Data points at the caller's value.
type envelope struct {
	Success        *bool           `json:"success"`
	Data           any             `json:"data"`
	AdditionalData json.RawMessage `json:"additional_data"`
	RelatedObjects json.RawMessage `json:"related_objects"`
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

func decodeSuccess(body []byte, out any) (*Meta, error) {
	meta := &Meta{}
	if len(bytes.TrimSpace(body)) == 0 {
		return meta, nil // 204, or an empty 200
	}
	env := envelope{Data: out}
	if out == nil {
		env.Data = &json.RawMessage{}
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, err
	}
	if env.Success != nil && !*env.Success {
		return nil, errors.New(`"success" is false in a 2xx response`)
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
			return "", fmt.Errorf("%d path arguments for a path without placeholders", len(args))
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
			return "", fmt.Errorf("missing path argument for %s", tmpl[open:open+end+1])
		}
		b.WriteString(tmpl[:open])
		switch v := args[i].(type) {
		case int64:
			if v <= 0 {
				return "", fmt.Errorf("invalid id %d for %s", v, tmpl[open:open+end+1])
			}
			b.WriteString(strconv.FormatInt(v, 10))
		case int:
			if v <= 0 {
				return "", fmt.Errorf("invalid id %d for %s", v, tmpl[open:open+end+1])
			}
			b.WriteString(strconv.Itoa(v))
		case string:
			if v == "" {
				return "", fmt.Errorf("empty value for %s", tmpl[open:open+end+1])
			}
			b.WriteString(url.PathEscape(v))
		default:
			return "", fmt.Errorf("unsupported path argument type %T", v)
		}
		i++
		tmpl = tmpl[open+end+1:]
	}
	if i != len(args) {
		return "", fmt.Errorf("%d path arguments for %d placeholders", len(args), i)
	}
	return b.String(), nil
}

func encodeMultipart(m *Multipart) ([]byte, string, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, f := range m.Fields {
		if err := w.WriteField(f.Name, f.Value); err != nil {
			return nil, "", err
		}
	}
	for _, f := range m.Files {
		if f.Content == nil {
			return nil, "", fmt.Errorf("file %q has no content", f.Field)
		}
		ct := f.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		h := make(map[string][]string)
		h["Content-Disposition"] = []string{fmt.Sprintf(`form-data; name=%q; filename=%q`, f.Field, f.FileName)}
		h["Content-Type"] = []string{ct}
		part, err := w.CreatePart(h)
		if err != nil {
			return nil, "", err
		}
		if _, err := io.Copy(part, f.Content); err != nil {
			return nil, "", fmt.Errorf("reading file %q: %w", f.FileName, err)
		}
	}
	if err := w.Close(); err != nil {
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
