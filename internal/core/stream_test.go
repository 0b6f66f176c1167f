package core

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

type formParams struct {
	Name     string `url:"name" pipedrive:"required"`
	Archived *bool  `url:"archived_flag,omitempty,int"`
	DealID   int64  `url:"deal_id,omitempty"`
}

func TestFormBody(t *testing.T) {
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "application/x-www-form-urlencoded", r.Header.Get("Content-Type"))
		b, _ := io.ReadAll(r.Body)
		got, err := url.ParseQuery(string(b))
		require.NoError(t, err)
		assert.Equal(t, url.Values{"name": {"Q&A notes"}, "archived_flag": {"0"}}, got)
		writeJSON(w, 200, `{"success":true,"data":{"id":5}}`)
	}))
	off := false
	got, err := Fetch[item](context.Background(), c, &Call{Op: ops.V1UpdateFile, PathArgs: []any{int64(5)}, Form: &formParams{Name: "Q&A notes", Archived: &off}})
	require.NoError(t, err)
	assert.Equal(t, int64(5), got.ID)

	// Form params are checked like a JSON body's.
	_, err = Fetch[item](context.Background(), c, &Call{Op: ops.V1UpdateFile, PathArgs: []any{int64(5)}, Form: (*formParams)(nil)})
	assert.ErrorIs(t, err, ErrInvalidParams)
	_, err = Fetch[item](context.Background(), c, &Call{Op: ops.V1UpdateFile, PathArgs: []any{int64(5)}, Form: &formParams{DealID: 1}})
	assert.ErrorIs(t, err, ErrInvalidParams)
	assert.Contains(t, err.Error(), "name is required")
}

// upload is a streamed multipart call of one file.
func uploadCall(content io.Reader, size int64) *Call {
	return &Call{Op: ops.V1AddFile, Multipart: &Multipart{
		Stream: true,
		Fields: []FormField{{"deal_id", "7"}},
		Files:  []FormFile{{Field: "file", FileName: "a.bin", ContentType: "application/pdf", Content: content, Size: size}},
	}}
}

// readUpload parses a multipart request: its fields and its file's bytes.
func readUpload(t *testing.T, r *http.Request) (map[string]string, []byte) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	require.NoError(t, err)
	require.Equal(t, "multipart/form-data", mt)
	mr := multipart.NewReader(r.Body, params["boundary"])
	fields := map[string]string{}
	var file []byte
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		b, err := io.ReadAll(p)
		require.NoError(t, err)
		if p.FileName() != "" {
			assert.Equal(t, "a.bin", p.FileName())
			assert.Equal(t, "application/pdf", p.Header.Get("Content-Type"))
			file = b
			continue
		}
		fields[p.FormName()] = string(b)
	}
	return fields, file
}

// onlyReader hides every method of a reader but Read (no Seek, no Len).
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

func TestStreamedUploadLength(t *testing.T) {
	content := bytes.Repeat([]byte("pipedrive "), 10000)
	type seen struct {
		length  int64
		chunked bool
	}
	got := make(chan seen, 1)
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fields, file := readUpload(t, r)
		assert.Equal(t, map[string]string{"deal_id": "7"}, fields)
		assert.Equal(t, content, file)
		got <- seen{r.ContentLength, len(r.TransferEncoding) > 0 && r.TransferEncoding[0] == "chunked"}
		writeJSON(w, 200, `{"success":true,"data":{"id":1}}`)
	}))
	// The length the same body has when it is buffered.
	buffered, _, err := encodeMultipart(&Multipart{Fields: []FormField{{"deal_id", "7"}},
		Files: []FormFile{{Field: "file", FileName: "a.bin", ContentType: "application/pdf", Content: bytes.NewReader(content)}}})
	require.NoError(t, err)
	want := int64(len(buffered))

	for name, tc := range map[string]struct {
		content io.Reader
		size    int64
		chunked bool
	}{
		"a reader with Len":      {bytes.NewReader(content), 0, false},
		"a seeker":               {io.NewSectionReader(bytes.NewReader(content), 0, int64(len(content))), 0, false},
		"a size the caller gave": {onlyReader{bytes.NewReader(content)}, int64(len(content)), false},
		"an unknown size":        {onlyReader{bytes.NewReader(content)}, 0, true},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Fetch[item](context.Background(), c, uploadCall(tc.content, tc.size))
			require.NoError(t, err)
			s := <-got
			assert.Equal(t, tc.chunked, s.chunked)
			if !tc.chunked {
				assert.Equal(t, want, s.length, "the computed length is the body's")
			}
		})
	}
}

// The body is written while the server reads it: a content that waits
// for the server to have received its first part would never finish if
// the client read it whole before sending.
func TestStreamedUploadIsNotBuffered(t *testing.T) {
	const part = 1 << 20
	serverHasFirstPart := make(chan struct{})
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		buf := make([]byte, part)
		_, err := io.ReadFull(r.Body, buf) // the framing and most of the first part
		require.NoError(t, err)
		close(serverHasFirstPart)
		_, _ = io.Copy(io.Discard, r.Body)
		writeJSON(w, 200, `{"success":true,"data":{"id":1}}`)
	}))
	content := io.MultiReader(
		bytes.NewReader(make([]byte, 2*part)),
		readerFunc(func(p []byte) (int, error) {
			select {
			case <-serverHasFirstPart:
				return 0, io.EOF
			case <-time.After(20 * time.Second):
				return 0, errors.New("the server never got the first part: the body was not streamed")
			}
		}),
	)
	_, err := Fetch[item](context.Background(), c, uploadCall(content, 0))
	require.NoError(t, err)
}

type readerFunc func(p []byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

func TestStreamedUploadAfter429(t *testing.T) {
	content := []byte("the offer, version 2")
	var n atomic.Int32
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, file := readUpload(t, r)
		assert.Equal(t, content, file, "every attempt sends the whole file")
		if n.Add(1) == 1 {
			w.Header().Set("X-Ratelimit-Reset", "0")
			writeJSON(w, 429, `{"success":false,"error":"request over limit","errorCode":429}`)
			return
		}
		writeJSON(w, 200, `{"success":true,"data":{"id":2}}`)
	}))

	t.Run("a seeker is rewound and sent again", func(t *testing.T) {
		n.Store(0)
		r := bytes.NewReader(content)
		got, err := Fetch[item](context.Background(), c, uploadCall(r, 0))
		require.NoError(t, err)
		assert.Equal(t, int64(2), got.ID)
		assert.Equal(t, int32(2), n.Load())
	})
	t.Run("a seeker is rewound to where it started", func(t *testing.T) {
		n.Store(0)
		r := strings.NewReader("skip:" + string(content))
		_, err := r.Seek(5, io.SeekStart)
		require.NoError(t, err)
		_, err = Fetch[item](context.Background(), c, uploadCall(r, 0))
		require.NoError(t, err)
		assert.Equal(t, int32(2), n.Load())
	})
	t.Run("a reader that cannot be rewound gets the 429", func(t *testing.T) {
		n.Store(0)
		_, err := Fetch[item](context.Background(), c, uploadCall(onlyReader{bytes.NewReader(content)}, 0))
		require.Error(t, err)
		assert.ErrorIs(t, err, ErrRateLimited)
		assert.ErrorIs(t, err, errNotRewindable)
		assert.NotErrorIs(t, err, ErrOutcomeUnknown, "a 429 was not executed")
		assert.Equal(t, int32(1), n.Load())
	})
}

func TestStreamedUploadAfter401(t *testing.T) {
	var n atomic.Int32
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, file := readUpload(t, r)
		assert.Equal(t, "audio", string(file))
		n.Add(1)
		if r.Header.Get("Authorization") != "Bearer fresh-access-token" {
			writeJSON(w, 401, `{"success":false,"error":"unauthorized access","errorCode":401}`)
			return
		}
		writeJSON(w, 200, `{"success":true,"data":{"id":3}}`)
	}), func(cfg *Config) { cfg.Credential = &refreshingCred{token: "expired"} })
	_, err := Fetch[item](context.Background(), c, uploadCall(strings.NewReader("audio"), 0))
	require.NoError(t, err)
	assert.Equal(t, int32(2), n.Load())
}

func TestStreamedUploadIsNotResentWhenItsOutcomeIsUnknown(t *testing.T) {
	for name, h := range map[string]http.HandlerFunc{
		"dropped connection": hangUp,
		"5xx": func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			writeJSON(w, 503, `{"success":false,"error":"unavailable"}`)
		},
	} {
		t.Run(name, func(t *testing.T) {
			var n atomic.Int32
			c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				h(w, r)
			}))
			_, err := Fetch[item](context.Background(), c, uploadCall(bytes.NewReader([]byte("x")), 0))
			assert.ErrorIs(t, err, ErrOutcomeUnknown)
			assert.Equal(t, int32(1), n.Load())
		})
	}
}

func TestStreamedUploadReaderFailure(t *testing.T) {
	// Attempts are counted by the limiter's admissions: the server may
	// see a cut request after the call returned.
	client := func() (*Client, *recordingLimiter) {
		lim := &recordingLimiter{}
		return newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			writeJSON(w, 200, `{"success":true,"data":{"id":1}}`)
		}), func(cfg *Config) { cfg.Limiter = lim }), lim
	}
	attempts := func(l *recordingLimiter) int {
		l.mu.Lock()
		defer l.mu.Unlock()
		return len(l.admitted)
	}

	c, lim := client()
	broken := errors.New("disk on fire")
	content := io.MultiReader(strings.NewReader("first part"), readerFunc(func([]byte) (int, error) { return 0, broken }))
	_, err := Fetch[item](context.Background(), c, uploadCall(content, 0))
	require.Error(t, err)
	assert.ErrorIs(t, err, broken)
	assert.Contains(t, err.Error(), `reading the upload: reading file "a.bin"`)
	assert.Equal(t, 1, attempts(lim), "not sent again")

	// A size larger than the content is the same failure, said plainly.
	c, lim = client()
	_, err = Fetch[item](context.Background(), c, uploadCall(onlyReader{strings.NewReader("short")}, 100))
	require.Error(t, err)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Contains(t, err.Error(), "ended after 5 of its 100 bytes")
	assert.Equal(t, 1, attempts(lim))

	// And a file without content is refused before anything is sent.
	c, lim = client()
	_, err = Fetch[item](context.Background(), c, uploadCall(nil, 0))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "has no content")
	assert.Zero(t, attempts(lim))
}

// A long upload is bounded by its idleness, not its length: the
// whole-attempt timeout pauses while the body is sent, and the idle
// timeout ends an upload the connection stops taking.
func TestStreamedUploadTimeouts(t *testing.T) {
	t.Run("a slow upload outlasts the attempt timeout", func(t *testing.T) {
		// The server takes the first half slowly (the connection's
		// buffers fill up, and the client waits on them for about twice
		// the attempt timeout), then the rest, more than the buffers
		// hold, at once.
		const size = 32 << 20
		c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			buf := make([]byte, 256<<10)
			for read := 0; read < size/2; read += len(buf) {
				if _, err := io.ReadFull(r.Body, buf); err != nil {
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
			_, _ = io.Copy(io.Discard, r.Body)
			writeJSON(w, 200, `{"success":true,"data":{"id":1}}`)
		}), func(cfg *Config) { cfg.Timeouts = Timeouts{Attempt: 300 * time.Millisecond, BodyIdle: 5 * time.Second} })
		_, err := Fetch[item](context.Background(), c, uploadCall(io.LimitReader(zeros{}, size), size))
		require.NoError(t, err)
	})
	t.Run("an upload the connection stops taking ends", func(t *testing.T) {
		release := make(chan struct{})
		defer close(release)
		var n atomic.Int32
		c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n.Add(1)
			select { // never reads the body
			case <-release:
			case <-r.Context().Done():
			}
		}), func(cfg *Config) { cfg.Timeouts = Timeouts{BodyIdle: 200 * time.Millisecond} })
		// More than the connection's buffers hold.
		big := io.LimitReader(zeros{}, 256<<20)
		_, err := Fetch[item](context.Background(), c, uploadCall(big, 256<<20))
		require.Error(t, err)
		assert.ErrorIs(t, err, ErrTimeout)
		assert.ErrorIs(t, err, ErrOutcomeUnknown, "part of the upload was sent")
		var te *TimeoutError
		require.ErrorAs(t, err, &te)
		assert.Equal(t, "the connection to take more of the upload", te.Waiting)
		assert.Equal(t, int32(1), n.Load())
	})
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func downloadCall() *Call { return &Call{Op: ops.V1DownloadFile, PathArgs: []any{int64(9)}} }

func TestDownload(t *testing.T) {
	content := bytes.Repeat([]byte{0, 1, 2, 0xff}, 5000)
	lim := &recordingLimiter{}
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "*/*", r.Header.Get("Accept"))
		assert.Equal(t, testToken, r.Header.Get("X-Api-Token"))
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", `attachment; filename="offer.pdf"`)
		w.Header().Set("X-Ratelimit-Limit", "40")
		_, _ = w.Write(content)
	}), func(cfg *Config) { cfg.Limiter = lim; cfg.MaxResponseBytes = 1024 })
	body, meta, err := Download(context.Background(), c, downloadCall())
	require.NoError(t, err)
	assert.Equal(t, 200, meta.StatusCode)
	assert.Equal(t, "application/pdf", meta.Header.Get("Content-Type"))
	got, err := io.ReadAll(body)
	require.NoError(t, err, "the download limit replaces the JSON one")
	assert.Equal(t, content, got)
	require.NoError(t, body.Close())
	require.NoError(t, body.Close(), "closing twice is fine")
	_, err = body.Read(make([]byte, 1))
	assert.Error(t, err)

	// The limiter admitted it as a read and observed its answer.
	require.Len(t, lim.admitted, 1)
	assert.Equal(t, ratelimit.Read, lim.admitted[0].Class)
	assert.Equal(t, 20, lim.admitted[0].Cost)
	require.Len(t, lim.observed, 1)
	assert.Equal(t, 200, lim.observed[0].status)
	assert.Equal(t, "40", lim.observed[0].limit)
}

func TestDownloadLimit(t *testing.T) {
	const limit = 1000
	for name, announce := range map[string]bool{"announced": true, "chunked": false} {
		t.Run(name, func(t *testing.T) {
			var n atomic.Int32
			c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				if announce {
					w.Header().Set("Content-Length", strconv.Itoa(limit+1))
				} else {
					w.(http.Flusher).Flush() // no length: chunked
				}
				_, _ = w.Write(make([]byte, limit+1))
			}), func(cfg *Config) { cfg.MaxDownloadBytes = limit })
			body, _, err := Download(context.Background(), c, downloadCall())
			if announce {
				require.Error(t, err, "refused before a byte is read")
				assert.ErrorIs(t, err, ErrResponseTooLarge)
				assert.Contains(t, err.Error(), "MaxDownloadBytes")
				assert.Equal(t, int32(1), n.Load(), "not retried")
				return
			}
			require.NoError(t, err)
			defer body.Close()
			got, err := io.ReadAll(body)
			assert.Len(t, got, limit, "everything up to the limit is delivered")
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrResponseTooLarge)
			var tl *ResponseTooLargeError
			require.ErrorAs(t, err, &tl)
			assert.True(t, tl.Download)
			assert.Equal(t, int64(limit), tl.Limit)
			_, again := body.Read(make([]byte, 10))
			assert.ErrorIs(t, again, ErrResponseTooLarge, "the failure sticks")
		})
	}
}

func TestDownloadRetriesBeforeItsBody(t *testing.T) {
	for name, first := range map[string]http.HandlerFunc{
		"429": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Ratelimit-Reset", "0")
			writeJSON(w, 429, `{"success":false,"error":"request over limit","errorCode":429}`)
		},
		"503":                func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 503, `{"success":false}`) },
		"dropped connection": hangUp,
	} {
		t.Run(name, func(t *testing.T) {
			var n atomic.Int32
			c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if n.Add(1) == 1 {
					first(w, r)
					return
				}
				_, _ = io.WriteString(w, "content")
			}))
			body, _, err := Download(context.Background(), c, downloadCall())
			require.NoError(t, err)
			defer body.Close()
			got, err := io.ReadAll(body)
			require.NoError(t, err)
			assert.Equal(t, "content", string(got))
			assert.Equal(t, int32(2), n.Load())
		})
	}
	t.Run("an error answer is Pipedrive's error", func(t *testing.T) {
		c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 404, `{"success":false,"error":"File not found"}`)
		}))
		_, _, err := Download(context.Background(), c, downloadCall())
		assert.ErrorIs(t, err, ErrNotFound)
		var apiErr *Error
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, "File not found", apiErr.Message)
	})
}

func TestDownloadIsNotRetriedOnceItsBodyStarted(t *testing.T) {
	var n atomic.Int32
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Length", "100")
		_, _ = io.WriteString(w, "only part of it")
		w.(http.Flusher).Flush()
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			_ = conn.Close()
		}
	}))
	body, _, err := Download(context.Background(), c, downloadCall())
	require.NoError(t, err)
	defer body.Close()
	_, err = io.ReadAll(body)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "reading the download")
	assert.Equal(t, int32(1), n.Load())
}

func TestDownloadTimeouts(t *testing.T) {
	t.Run("a long download outlasts the attempt timeout", func(t *testing.T) {
		c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for i := 0; i < 15; i++ {
				_, _ = w.Write(bytes.Repeat([]byte{'x'}, 1000))
				w.(http.Flusher).Flush()
				time.Sleep(20 * time.Millisecond)
			}
		}), func(cfg *Config) { cfg.Timeouts = Timeouts{Attempt: 100 * time.Millisecond, BodyIdle: 5 * time.Second} })
		body, _, err := Download(context.Background(), c, downloadCall())
		require.NoError(t, err)
		defer body.Close()
		got, err := io.ReadAll(body)
		require.NoError(t, err)
		assert.Len(t, got, 15000)
	})
	t.Run("a silent download ends", func(t *testing.T) {
		release := make(chan struct{})
		defer close(release)
		c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, "the start")
			w.(http.Flusher).Flush()
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}), func(cfg *Config) { cfg.Timeouts = Timeouts{BodyIdle: 200 * time.Millisecond} })
		body, _, err := Download(context.Background(), c, downloadCall())
		require.NoError(t, err)
		defer body.Close()
		got, err := io.ReadAll(body)
		assert.Equal(t, "the start", string(got))
		require.Error(t, err)
		assert.ErrorIs(t, err, ErrTimeout)
		var te *TimeoutError
		require.ErrorAs(t, err, &te)
		assert.Equal(t, "the next part of the download", te.Waiting)
	})
	t.Run("the context bounds the whole download", func(t *testing.T) {
		release := make(chan struct{})
		defer close(release)
		c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, "the start")
			w.(http.Flusher).Flush()
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}))
		ctx, cancel := context.WithCancel(context.Background())
		body, _, err := Download(ctx, c, downloadCall())
		require.NoError(t, err)
		defer body.Close()
		buf := make([]byte, 9)
		_, err = io.ReadFull(body, buf)
		require.NoError(t, err)
		cancel()
		_, err = body.Read(buf)
		assert.ErrorIs(t, err, context.Canceled)
	})
}
