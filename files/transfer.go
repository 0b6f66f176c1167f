package files

import (
	"context"
	"io"
	"mime"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// Upload uploads a file and attaches it to the records params names, and
// returns its details as stored. The content is streamed from
// params.Content as a multipart body, never held in memory: with a known
// size (params.Size, or a Content such as an *os.File that can tell it)
// the request carries a Content-Length, otherwise it is sent chunked.
//
// The upload is a POST: if the connection breaks once the body was sent,
// or a 5xx comes back, it is not sent again, and the error matches
// pipedrive.ErrOutcomeUnknown. After a 429 (which Pipedrive did not
// execute) it is sent again only when params.Content is an io.Seeker that
// can be rewound; otherwise the 429 is returned. When Upload returns,
// params.Content is no longer read; closing it is the caller's business.
func (s *Service) Upload(ctx context.Context, params *UploadParams) (*File, error) {
	op := ops.V1AddFile
	if err := core.CheckFields(op, params); err != nil {
		return nil, err
	}
	ct := params.ContentType
	if ct == "" {
		ct = mime.TypeByExtension(strings.ToLower(filepath.Ext(params.FileName)))
	}
	mp := &core.Multipart{Stream: true, Files: []core.FormFile{{
		Field: "file", FileName: params.FileName, ContentType: ct, Content: params.Content, Size: params.Size,
	}}}
	for _, f := range []struct {
		name string
		id   int64
	}{{"deal_id", params.DealID}, {"person_id", params.PersonID}, {"org_id", params.OrgID},
		{"product_id", params.ProductID}, {"activity_id", params.ActivityID}, {"project_id", params.ProjectID}} {
		if f.id != 0 {
			mp.Fields = append(mp.Fields, core.FormField{Name: f.name, Value: strconv.FormatInt(f.id, 10)})
		}
	}
	if params.LeadID != "" {
		mp.Fields = append(mp.Fields, core.FormField{Name: "lead_id", Value: params.LeadID})
	}
	return core.Fetch[File](ctx, s.c(), &core.Call{Op: op, Multipart: mp})
}

// Download is a file's content as Pipedrive serves it. It is an
// io.ReadCloser: read the content, then close it (closing early drops the
// rest). Reads pass the content through as it arrives, unbuffered.
type Download struct {
	// ContentType is the content's media type, as the response gives it.
	ContentType string
	// Size is the content's length in bytes, or -1 when the response does
	// not say.
	Size int64
	// FileName is the file's name from the response's
	// Content-Disposition, "" when it gives none.
	FileName string

	body io.ReadCloser
}

// Read reads the content. A read past the client's download limit
// (pipedrive.WithMaxDownloadBytes) fails with an error matching
// pipedrive.ErrResponseTooLarge; one that waits longer than the body-idle
// timeout fails with one matching pipedrive.ErrTimeout.
func (d *Download) Read(p []byte) (int, error) {
	if d == nil || d.body == nil {
		return 0, io.EOF
	}
	return d.body.Read(p)
}

// Close releases the connection. It may be called more than once.
func (d *Download) Close() error {
	if d == nil || d.body == nil {
		return nil
	}
	return d.body.Close()
}

// Download fetches the content of the file with the given id. The
// returned Download streams it: the caller reads it and must close it.
// ctx bounds the whole download, reads included.
//
// The download is paced and counted as a read. It is retried (after a
// 429, a 5xx or a broken connection) only until its content starts: once
// Download has returned, a failed read is returned to the caller, who may
// call Download again. Content announced larger than the client's
// download limit (pipedrive.WithMaxDownloadBytes, 1 GiB by default) fails
// the call at once with an error matching pipedrive.ErrResponseTooLarge;
// the JSON response limit does not apply.
func (s *Service) Download(ctx context.Context, id int64) (*Download, error) {
	body, meta, err := core.Download(ctx, s.c(), &core.Call{Op: ops.V1DownloadFile, PathArgs: []any{id}})
	if err != nil {
		return nil, err
	}
	d := &Download{ContentType: meta.Header.Get("Content-Type"), Size: -1, body: body}
	if n, err := strconv.ParseInt(meta.Header.Get("Content-Length"), 10, 64); err == nil && n >= 0 {
		d.Size = n
	}
	if _, p, err := mime.ParseMediaType(meta.Header.Get("Content-Disposition")); err == nil {
		d.FileName = filepath.Base(p["filename"])
		if d.FileName == "." || d.FileName == "/" {
			d.FileName = ""
		}
	}
	return d, nil
}
