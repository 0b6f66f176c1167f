package core

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"strings"
	"sync"
	"sync/atomic"
)

// Streamed bodies: uploads written to the connection as their files are
// read (Multipart.Stream), and downloads handed to the caller unread
// (Download). Neither passes through memory whole.

// DefaultMaxDownloadBytes caps a download's content unless
// Config.MaxDownloadBytes says otherwise: 1 GiB.
const DefaultMaxDownloadBytes int64 = 1 << 30

// Download sends call, a read whose successful answer is content (a
// file) rather than Pipedrive's JSON, and returns the content unread with
// what the response said (status and headers). The caller reads the body
// and must close it.
//
// The request is admitted and observed by the limiter like any other of
// its operation, and retried (429, 5xx, failures before the response
// headers) only until the content starts: a body handed over is never
// fetched again. The content is never decoded nor buffered; it is bounded
// by Config.MaxDownloadBytes instead of MaxResponseBytes (content
// announced larger fails the call; content that turns out larger fails
// the read that passes the limit, with an error matching
// ErrResponseTooLarge). The attempt's whole-attempt timeout stops once the
// headers arrived, so that a long download is not cut; the body-idle
// timeout bounds each wait for more of it, and ctx bounds the whole
// download.
func Download(ctx context.Context, c *Client, call *Call) (io.ReadCloser, *Meta, error) {
	cc := *call
	cc.download = true
	cc.need = needNothing
	meta, err := c.Do(ctx, &cc, nil)
	if err != nil {
		return nil, nil, err
	}
	if meta.body == nil {
		// Not possible: a successful download always carries its body.
		return nil, nil, fmt.Errorf("pipedrive: %s %s: no content", call.Op.Method, call.Op.Path)
	}
	return meta.body, meta, nil
}

// upload is a streamed multipart body (Multipart.Stream), resolved once
// before the call's attempts: its boundary, its length when every file's
// size is known, and where each file starts, to rewind it for another
// attempt.
type upload struct {
	m           *Multipart
	boundary    string
	contentType string
	size        int64   // the whole body's length; -1 when a file's is unknown
	starts      []int64 // each file's offset at the start (-1: not an io.Seeker)
	exact       []int64 // the bytes to copy of each file: FormFile.Size when Content cannot tell its length, else -1 (to its end)
	last        *uploadBody
}

func newUpload(m *Multipart) (*upload, error) {
	u := &upload{m: m}
	for _, f := range m.Files {
		if f.Content == nil {
			return nil, fmt.Errorf("file %q has no content", f.Field)
		}
		if f.Size < 0 {
			return nil, fmt.Errorf("file %q has a negative size", f.Field)
		}
		start := int64(-1)
		if s, ok := f.Content.(io.Seeker); ok {
			if off, err := s.Seek(0, io.SeekCurrent); err == nil {
				start = off
			}
		}
		u.starts = append(u.starts, start)
	}
	// The framing (fields, part headers, boundaries) is the body without
	// the files' bytes: its length plus theirs is the body's.
	var frame bytes.Buffer
	w := multipart.NewWriter(&frame)
	u.boundary = w.Boundary()
	if err := writeParts(w, m, func(int, io.Writer) error { return nil }); err != nil {
		return nil, err
	}
	u.contentType = w.FormDataContentType()
	u.size = int64(frame.Len())
	for i, f := range m.Files {
		n, exact := contentSize(f.Content, u.starts[i]), int64(-1)
		if n < 0 && f.Size > 0 {
			n, exact = f.Size, f.Size
		}
		u.exact = append(u.exact, exact)
		if n < 0 || u.size < 0 {
			u.size = -1
			continue
		}
		u.size += n
	}
	return u, nil
}

// contentSize is the length a file's content can tell from where it
// starts (a Len method, or seeking to its end and back), else -1.
func contentSize(content io.Reader, start int64) int64 {
	switch r := content.(type) {
	case interface{ Len() int }:
		return int64(r.Len())
	case io.Seeker:
		if start < 0 {
			return -1
		}
		end, err := r.Seek(0, io.SeekEnd)
		if _, serr := r.Seek(start, io.SeekStart); err != nil || serr != nil || end < start {
			return -1
		}
		return end - start
	}
	return -1
}

// writeParts writes m's fields and file parts to w, each file's content
// by content, and closes w. It is the same framing as encodeMultipart's.
func writeParts(w *multipart.Writer, m *Multipart, content func(i int, dst io.Writer) error) error {
	for _, f := range m.Fields {
		if err := w.WriteField(f.Name, f.Value); err != nil {
			return err
		}
	}
	for i, f := range m.Files {
		ct := f.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		h := make(map[string][]string)
		h["Content-Disposition"] = []string{fmt.Sprintf(`form-data; name=%q; filename=%q`, f.Field, f.FileName)}
		h["Content-Type"] = []string{ct}
		part, err := w.CreatePart(h)
		if err != nil {
			return err
		}
		if err := content(i, part); err != nil {
			return err
		}
	}
	return w.Close()
}

// errNotRewindable says why a streamed upload was not sent again.
var errNotRewindable = errors.New("the upload's content was read and cannot be rewound (it is not an io.Seeker)")

// resendable reports whether another attempt can send the body again:
// when no attempt read the files yet, or when every one can be rewound.
func (u *upload) resendable() bool {
	if u.last == nil || !u.last.consumed.Load() {
		return true
	}
	for _, s := range u.starts {
		if s < 0 {
			return false
		}
	}
	return true
}

// open returns the body of one attempt, rewinding the files when an
// earlier attempt read them. Nothing is read until the transport reads
// the body.
func (u *upload) open() (*uploadBody, error) {
	if u.last != nil {
		u.last.Close() // the earlier attempt's writer is done with the files
		if !u.resendable() {
			return nil, errNotRewindable
		}
		if u.last.consumed.Load() {
			for i, f := range u.m.Files {
				if _, err := f.Content.(io.Seeker).Seek(u.starts[i], io.SeekStart); err != nil {
					return nil, fmt.Errorf("rewinding file %q: %w", f.FileName, err)
				}
			}
		}
	}
	pr, pw := io.Pipe()
	b := &uploadBody{u: u, pr: pr, pw: pw, size: u.size, done: make(chan struct{})}
	u.last = b
	return b, nil
}

// close ends the last attempt's writer; after it the files are not read.
func (u *upload) close() {
	if u != nil && u.last != nil {
		u.last.Close()
	}
}

// fileErr returns the error reading a file gave in the last attempt.
func (u *upload) fileErr() error {
	if u == nil || u.last == nil {
		return nil
	}
	if p := u.last.readErr.Load(); p != nil {
		return *p
	}
	return nil
}

// uploadBody is one attempt's request body: the read end of a pipe that a
// goroutine, started by the first read, writes the multipart body into.
type uploadBody struct {
	u        *upload
	pr       *io.PipeReader
	pw       *io.PipeWriter
	size     int64
	start    sync.Once
	started  atomic.Bool
	done     chan struct{}
	closing  sync.Once
	consumed atomic.Bool           // a file's content was read
	readErr  atomic.Pointer[error] // reading a file failed

	// The attempt's timeouts: while the body is being sent, BodyIdle bounds
	// each wait for the connection to take more, and the whole attempt's
	// clock is paused.
	ex  *exchange
	eof bool
}

// watch ties the body to its attempt's timers.
func (b *uploadBody) watch(ex *exchange) { b.ex = ex }

// Read is the transport's: the first call starts the writer.
func (b *uploadBody) Read(p []byte) (int, error) {
	b.start.Do(b.begin)
	n, err := b.pr.Read(p)
	if ex := b.ex; ex != nil {
		switch {
		case err == io.EOF && !b.eof:
			// Sent: the wait for the answer is the attempt's again.
			b.eof = true
			ex.endWait(waitUpload)
			ex.restartAttempt()
		case n > 0:
			ex.touch()
		}
	}
	return n, err
}

// begin starts writing the body, and the upload's idle timer.
func (b *uploadBody) begin() {
	b.started.Store(true)
	if ex := b.ex; ex != nil {
		ex.pauseAttempt()
		ex.beginWait(waitUpload)
	}
	go func() {
		defer close(b.done)
		m := b.u.m
		w := multipart.NewWriter(b.pw)
		_ = w.SetBoundary(b.u.boundary)
		err := writeParts(w, m, func(i int, dst io.Writer) error {
			f := m.Files[i]
			src := &markRead{r: f.Content, read: &b.consumed}
			var n int64
			var err error
			if size := b.u.exact[i]; size >= 0 {
				n, err = io.CopyN(dst, src, size)
				if err == io.EOF {
					err = fmt.Errorf("file %q ended after %d of its %d bytes: %w", f.FileName, n, size, io.ErrUnexpectedEOF)
				}
			} else {
				_, err = io.Copy(dst, src)
			}
			if err != nil && !errors.Is(err, io.ErrClosedPipe) {
				if src.failed {
					err = fmt.Errorf("reading file %q: %w", f.FileName, err)
				}
				if src.failed || errors.Is(err, io.ErrUnexpectedEOF) {
					b.readErr.Store(&err)
				}
			}
			return err
		})
		_ = b.pw.CloseWithError(err)
	}()
}

// Close stops the writer and waits until it no longer reads the files.
func (b *uploadBody) Close() error {
	b.closing.Do(func() {
		_ = b.pr.Close()
		b.start.Do(func() { close(b.done) }) // never started: nothing to wait for
		<-b.done
		if ex := b.ex; ex != nil {
			ex.endWait(waitUpload)
		}
	})
	return nil
}

// markRead notes that its reader gave bytes, and whether it failed.
type markRead struct {
	r      io.Reader
	read   *atomic.Bool
	failed bool
}

func (m *markRead) Read(p []byte) (int, error) {
	n, err := m.r.Read(p)
	if n > 0 {
		m.read.Store(true)
	}
	if err != nil && err != io.EOF {
		m.failed = true
	}
	return n, err
}

// download is the content of a successful download: the response's body,
// read as the caller reads, under the idle timeout and the size limit.
type download struct {
	ex     *exchange
	r      io.Reader
	left   int64 // bytes the limit still allows
	limit  int64
	method string
	path   string
	status int

	mu     sync.Mutex
	err    error // the first failure, returned again
	closed bool
}

// startDownload hands the exchange's body over: the whole-attempt timer
// stops (a long download is not cut), the idle timer bounds each wait for
// data, and at most limit bytes are read. A body announced larger than
// limit is refused before a byte is read.
func (ex *exchange) startDownload(p *prepared, limit int64) (*download, error) {
	ex.pauseAttempt()
	status := ex.resp.StatusCode
	if size := ex.resp.ContentLength; size > limit {
		return nil, &ResponseTooLargeError{StatusCode: status, Method: p.method, Path: p.path, Limit: limit, Download: true}
	}
	var r io.Reader = ex.resp.Body
	if ex.c.timeouts.BodyIdle > 0 {
		ex.beginWait(waitDownload)
		r = &movingReader{r: r, ex: ex}
	}
	if !ex.resp.Uncompressed && strings.EqualFold(ex.resp.Header.Get("Content-Encoding"), "gzip") {
		// As for JSON bodies: content the transport left compressed is
		// decompressed, and the limit counts what comes out.
		zr, err := gzip.NewReader(r)
		switch {
		case err == io.EOF:
			r = strings.NewReader("")
		case err != nil:
			return nil, ex.decodeErr(err)
		default:
			r = zr
		}
	}
	return &download{ex: ex, r: r, left: limit, limit: limit, method: p.method, path: p.path, status: status}, nil
}

// Read reads the content. Past the limit it fails with a
// *ResponseTooLargeError; a stalled or broken connection fails it with
// the reason (a *TimeoutError after BodyIdle of silence).
func (d *download) Read(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	switch {
	case d.err != nil:
		return 0, d.err
	case d.closed:
		return 0, fmt.Errorf("pipedrive: %s %s: read of a closed download", d.method, d.path)
	}
	if int64(len(p)) > d.left+1 {
		p = p[:d.left+1] // one byte more tells a body longer than the limit
	}
	n, err := d.r.Read(p)
	if int64(n) > d.left {
		n, err = int(d.left), &ResponseTooLargeError{StatusCode: d.status, Method: d.method, Path: d.path, Limit: d.limit, Download: true}
	}
	d.left -= int64(n)
	switch {
	case err == nil || err == io.EOF:
	case errors.As(err, new(*ResponseTooLargeError)):
	default:
		why := err
		if te := d.ex.timeout(err); te != nil {
			why = te
		} else if errors.Is(err, gzip.ErrHeader) || errors.Is(err, gzip.ErrChecksum) {
			why = fmt.Errorf("decompressing: %w", err)
		}
		err = fmt.Errorf("pipedrive: %s %s: reading the download: %w", d.method, d.path, why)
	}
	if err != nil && err != io.EOF {
		d.err = err
	}
	return n, err
}

// Close releases the connection and the attempt's timers. It may be
// called more than once.
func (d *download) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.closed {
		d.closed = true
		d.ex.close()
	}
	return nil
}
