package persons_test

import (
	"bytes"
	"context"
	"errors"
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
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/persons"
)

// retryingClient is a client with the default retry policy, so that a test
// can show a request is not retried because of what it is, not because
// retries are off.
func retryingClient(t *testing.T, url string) *pipedrive.Client {
	t.Helper()
	c, err := pipedrive.NewClient(auth.APIToken("test-token"), pipedrive.WithBaseURL(url))
	require.NoError(t, err)
	return c
}

func TestAddPictureNotRetriedAfterUpload(t *testing.T) {
	var requests, fullBodies atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		// Read the whole upload, then drop the connection without an
		// answer: the server may have stored the picture.
		body, err := io.ReadAll(r.Body)
		if err == nil && bytes.Contains(body, pngBytes) {
			fullBodies.Add(1)
		}
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		_ = conn.Close()
	}))
	defer srv.Close()

	_, err := retryingClient(t, srv.URL).Persons.AddPicture(context.Background(), 42, &persons.PictureParams{
		Content: bytes.NewReader(pngBytes), FileName: "ada.png",
	})
	require.Error(t, err)
	assert.True(t, errors.Is(err, pipedrive.ErrOutcomeUnknown), "error %v should say the outcome is unknown", err)
	assert.Equal(t, int32(1), requests.Load(), "the upload must be sent once")
	assert.Equal(t, int32(1), fullBodies.Load(), "the server received the whole file")
}

func TestAddPictureNotRetriedAfter5xx(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, `{"success":false,"error":"bad gateway"}`)
	}))
	defer srv.Close()

	_, err := retryingClient(t, srv.URL).Persons.AddPicture(context.Background(), 42, &persons.PictureParams{
		Content: strings.NewReader("img"), FileName: "a.jpg",
	})
	var apiErr *pipedrive.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusBadGateway, apiErr.StatusCode)
	assert.ErrorIs(t, err, pipedrive.ErrOutcomeUnknown)
	assert.Equal(t, int32(1), requests.Load())
}

func TestAddPictureContentTypeGuessed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form := parseMultipart(t, r, body)
		if assert.Len(t, form.File["file"], 1) {
			assert.Equal(t, "image/jpeg", form.File["file"][0].Header.Get("Content-Type"))
		}
		assert.Empty(t, form.Value, "no crop fields unless set")
		_, _ = w.Write(resourcetest.Fixture(t, "persons/picture_add.json"))
	}))
	defer srv.Close()
	_, err := retryingClient(t, srv.URL).Persons.AddPicture(context.Background(), 42, &persons.PictureParams{
		Content: strings.NewReader("jpeg bytes"), FileName: "photo.JPG",
	})
	require.NoError(t, err)
}

func TestAddPictureBadInputSendsNothing(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { requests.Add(1) }))
	defer srv.Close()
	c := retryingClient(t, srv.URL)
	ctx := context.Background()
	for name, tc := range map[string]struct {
		id     int64
		params *persons.PictureParams
	}{
		"nil params":    {42, nil},
		"no content":    {42, &persons.PictureParams{FileName: "a.png"}},
		"no file name":  {42, &persons.PictureParams{Content: strings.NewReader("x")}},
		"negative crop": {42, &persons.PictureParams{Content: strings.NewReader("x"), FileName: "a.png", CropX: pipedrive.Ptr(-1)}},
		"bad id":        {0, &persons.PictureParams{Content: strings.NewReader("x"), FileName: "a.png"}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := c.Persons.AddPicture(ctx, tc.id, tc.params)
			assert.Error(t, err)
		})
	}
	assert.Zero(t, requests.Load())
}
