package files_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/files"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
)

// Every model decodes the spec's example for its operations with no
// member lost.
func TestModelsKeepEveryMember(t *testing.T) {
	for _, name := range []string{"get", "upload", "update", "remote", "remote_link"} {
		t.Run(name, func(t *testing.T) {
			resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, "files/"+name+".json"), &files.File{})
		})
	}
	var items []json.RawMessage
	require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, "files/list.json"), &items))
	require.Len(t, items, 2)
	for _, it := range items {
		resourcetest.AssertNoFieldLost(t, it, &files.File{})
	}
}

// A download says what the response said of its content.
func TestDownloadDescribesItsContent(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", `attachment; filename="../../etc/offer 2.pdf"`)
		_, _ = io.WriteString(w, "%PDF-1.7")
	}))
	defer srv.Close()
	c := resourcetest.NewClient(t, srv.URL)
	d, err := c.Files.Download(context.Background(), 5)
	require.NoError(t, err)
	defer d.Close()
	assert.Equal(t, "application/pdf", d.ContentType)
	assert.Equal(t, int64(8), d.Size)
	assert.Equal(t, "offer 2.pdf", d.FileName, "a name, never a path")
	b, err := io.ReadAll(d)
	require.NoError(t, err)
	assert.Equal(t, "%PDF-1.7", string(b))
	require.NoError(t, d.Close())

	var zero files.Download
	n, err := zero.Read(make([]byte, 1))
	assert.Zero(t, n)
	assert.ErrorIs(t, err, io.EOF)
	assert.NoError(t, zero.Close())
}

// The download limit is the client's own, not the JSON response limit.
func TestDownloadLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, strings.Repeat("x", 100))
	}))
	defer srv.Close()
	c, err := pipedrive.NewClient(auth.APIToken("t"), pipedrive.WithBaseURL(srv.URL), pipedrive.WithMaxResponseBytes(10))
	require.NoError(t, err)
	d, err := c.Files.Download(context.Background(), 5)
	require.NoError(t, err)
	b, err := io.ReadAll(d)
	require.NoError(t, err)
	assert.Len(t, b, 100)
	require.NoError(t, d.Close())

	c, err = pipedrive.NewClient(auth.APIToken("t"), pipedrive.WithBaseURL(srv.URL), pipedrive.WithMaxDownloadBytes(50))
	require.NoError(t, err)
	_, err = c.Files.Download(context.Background(), 5)
	assert.ErrorIs(t, err, pipedrive.ErrResponseTooLarge, "the announced length is over the limit")
}

// Bad input is refused before anything is sent, with an error matching
// pipedrive.ErrInvalidParams.
func TestInvalidParamsAreRefusedBeforeSending(t *testing.T) {
	var sent atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer srv.Close()
	c := resourcetest.NewClient(t, srv.URL).Files
	ctx := context.Background()
	calls := map[string]func() error{
		"Upload nil":        func() error { _, err := c.Upload(ctx, nil); return err },
		"Upload no content": func() error { _, err := c.Upload(ctx, &files.UploadParams{FileName: "a.pdf"}); return err },
		"Upload no name": func() error {
			_, err := c.Upload(ctx, &files.UploadParams{Content: strings.NewReader("x")})
			return err
		},
		"Upload negative size": func() error {
			_, err := c.Upload(ctx, &files.UploadParams{Content: strings.NewReader("x"), FileName: "a", Size: -1})
			return err
		},
		"Upload negative deal": func() error {
			_, err := c.Upload(ctx, &files.UploadParams{Content: strings.NewReader("x"), FileName: "a", DealID: -4})
			return err
		},
		"Get zero id":      func() error { _, err := c.Get(ctx, 0); return err },
		"Download zero id": func() error { _, err := c.Download(ctx, 0); return err },
		"Update nil":       func() error { _, err := c.Update(ctx, 1, nil); return err },
		"Update zero id":   func() error { _, err := c.Update(ctx, 0, &files.UpdateParams{Name: "x"}); return err },
		"Delete zero id":   func() error { return c.Delete(ctx, 0) },
		"CreateRemote nil": func() error { _, err := c.CreateRemote(ctx, nil); return err },
		"CreateRemote no title": func() error {
			_, err := c.CreateRemote(ctx, &files.RemoteParams{FileType: files.RemoteDocument, ItemType: files.ItemDeal, ItemID: 1})
			return err
		},
		"LinkRemote nil": func() error { _, err := c.LinkRemote(ctx, nil); return err },
		"LinkRemote no remote id": func() error {
			_, err := c.LinkRemote(ctx, &files.RemoteLinkParams{ItemType: files.ItemDeal, ItemID: 1})
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			err := call()
			require.Error(t, err)
			assert.ErrorIs(t, err, pipedrive.ErrInvalidParams)
		})
	}
	assert.Zero(t, sent.Load(), "requests sent")
}
