package files_test

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/files"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
)

const leadID = "adf21080-0e10-11eb-879b-05d71fb426ec"

func utc(y int, m time.Month, d, h, min, s int) time.Time {
	return time.Date(y, m, d, h, min, s, 0, time.UTC)
}

// example is the file of the spec's get example.
func example() files.File {
	return files.File{
		ID: 123, UserID: 456, DealID: 1, PersonID: 789, OrgID: 1, ProductID: 1, ActivityID: 1, LeadID: leadID, ProjectID: 1,
		AddTime: utc(2020, 2, 20, 14, 36, 35), UpdateTime: utc(2020, 2, 20, 14, 57, 33),
		FileName: "IMG_8189_52233498214699de9579e7b304a81b157b2eb2137e8062.jpg", FileType: "img", FileSize: 7801780,
		Active: true, RemoteLocation: "googledocs", RemoteID: "1mT6jshiv6537IirwOExXJuG1jdR4F0FQ",
		PersonName: "Person", LeadName: "Test lead name", ProjectName: "My project",
		URL: "https://2a7f.pipedrive.com/v1/files/123/download", Name: "test file name", Description: "test file description",
	}
}

// multipartForm parses a multipart request body into its fields and its
// one file part.
func multipartForm(t *testing.T, r *http.Request, body []byte) (fields map[string]string, file *multipart.Part, content []byte) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	require.NoError(t, err)
	require.Equal(t, "multipart/form-data", mt)
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	fields = map[string]string{}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		b, err := io.ReadAll(part)
		require.NoError(t, err)
		if part.FileName() != "" {
			require.Nil(t, file, "one file part")
			file, content = part, b
			continue
		}
		fields[part.FormName()] = string(b)
	}
	require.NotNil(t, file, "a file part")
	return fields, file, content
}

var cases = []resourcetest.Case{
	{
		Op:      ops.V1GetFiles,
		Path:    "/v1/files",
		Query:   url.Values{"start": {"100"}, "limit": {"50"}, "sort": {"update_time DESC"}},
		Fixture: "files/list.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Files.ListPage(ctx, &files.ListParams{Start: 100, Limit: 50, Sort: files.SortByUpdateTime + " DESC"})
			require.NoError(t, err)
			require.Len(t, page.Items, 2)
			assert.True(t, page.More)
			assert.Equal(t, 100, page.NextStart)
			assert.Equal(t, example(), page.Items[0])
			assert.Equal(t, int64(123321), page.Items[1].ID)
		},
	},
	{
		Op:      ops.V1GetFile,
		Path:    "/v1/files/123",
		Fixture: "files/get.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			f, err := c.Files.Get(ctx, 123)
			require.NoError(t, err)
			assert.Equal(t, example(), *f)
		},
	},
	{
		Op:      ops.V1DeleteFile,
		Path:    "/v1/files/123",
		Fixture: "files/delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Files.Delete(ctx, 123))
		},
	},
	{
		Op:   ops.V1AddFile,
		Path: "/v1/files",
		Check: func(t *testing.T, r *http.Request, body []byte) {
			fields, part, content := multipartForm(t, r, body)
			assert.Equal(t, map[string]string{"deal_id": "1", "person_id": "789", "org_id": "2", "product_id": "3",
				"activity_id": "4", "lead_id": leadID, "project_id": "5"}, fields)
			assert.Equal(t, "file", part.FormName())
			assert.Equal(t, "IMG_8189.jpg", part.FileName())
			assert.Equal(t, "image/jpeg", part.Header.Get("Content-Type"))
			assert.Equal(t, "JFIF bytes", string(content))
		},
		Fixture: "files/upload.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			f, err := c.Files.Upload(ctx, &files.UploadParams{
				Content: bytes.NewReader([]byte("JFIF bytes")), FileName: "IMG_8189.jpg",
				DealID: 1, PersonID: 789, OrgID: 2, ProductID: 3, ActivityID: 4, LeadID: leadID, ProjectID: 5,
			})
			require.NoError(t, err)
			assert.Equal(t, int64(123), f.ID)
			assert.Equal(t, "IMG_8189.jpg", f.Name)
			assert.Equal(t, utc(2020, 2, 20, 14, 36, 31), f.UpdateTime)
		},
	},
	{
		Op:   ops.V1UpdateFile,
		Path: "/v1/files/123",
		Check: func(t *testing.T, r *http.Request, body []byte) {
			assertForm(t, r, body, url.Values{"name": {"test file name"}, "description": {"test file description"}})
		},
		Fixture: "files/update.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			f, err := c.Files.Update(ctx, 123, &files.UpdateParams{Name: "test file name", Description: "test file description"})
			require.NoError(t, err)
			assert.Equal(t, int64(123), f.ID)
		},
	},
	{
		Op:   ops.V1AddFileAndLinkIt,
		Path: "/v1/files/remote",
		Check: func(t *testing.T, r *http.Request, body []byte) {
			assertForm(t, r, body, url.Values{"file_type": {"gdoc"}, "title": {"Test title for remote file"},
				"item_type": {"deal"}, "item_id": {"36"}, "remote_location": {"googledrive"}})
		},
		Fixture: "files/remote.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			params := &files.RemoteParams{FileType: files.RemoteDocument, Title: "Test title for remote file", ItemType: files.ItemDeal, ItemID: 36}
			f, err := c.Files.CreateRemote(ctx, params)
			require.NoError(t, err)
			assert.Empty(t, params.RemoteLocation, "the caller's params are left as they were")
			assert.Equal(t, int64(7195), f.ID)
			assert.Equal(t, "gdoc", f.FileType)
			assert.Equal(t, "googledocs", f.RemoteLocation)
			assert.Equal(t, "1gzyh6ExBxIb4RBZbAZxsrrBp45yuXhZWq3Zash5b75c", f.RemoteID)
			assert.Equal(t, "test deal", f.DealName)
		},
	},
	{
		Op:   ops.V1LinkFileToItem,
		Path: "/v1/files/remoteLink",
		Check: func(t *testing.T, r *http.Request, body []byte) {
			assertForm(t, r, body, url.Values{"item_type": {"person"}, "item_id": {"35"},
				"remote_id": {"1gzyh6ExBxIb4RBZbAZxsrrBp45yuXhZWq3Zash5b75c"}, "remote_location": {"googledrive"}})
		},
		Fixture: "files/remote_link.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			f, err := c.Files.LinkRemote(ctx, &files.RemoteLinkParams{ItemType: files.ItemPerson, ItemID: 35,
				RemoteID: "1gzyh6ExBxIb4RBZbAZxsrrBp45yuXhZWq3Zash5b75c", RemoteLocation: files.RemoteGoogleDrive})
			require.NoError(t, err)
			assert.Equal(t, int64(7196), f.ID)
			assert.Equal(t, "Test title to remote file", f.FileName)
		},
	},
	{
		Op:      ops.V1DownloadFile,
		Path:    "/v1/files/123/download",
		Fixture: "files/download.txt",
		Check: func(t *testing.T, r *http.Request, body []byte) {
			assert.Equal(t, "*/*", r.Header.Get("Accept"))
			assert.Empty(t, body)
		},
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			d, err := c.Files.Download(ctx, 123)
			require.NoError(t, err)
			defer d.Close()
			b, err := io.ReadAll(d)
			require.NoError(t, err)
			assert.Equal(t, "pipedrive file content\n", string(b), "the content as served, not decoded")
			assert.Equal(t, int64(len(b)), d.Size)
		},
	},
}

// assertForm checks a form-encoded request body.
func assertForm(t *testing.T, r *http.Request, body []byte, want url.Values) {
	t.Helper()
	assert.Equal(t, "application/x-www-form-urlencoded", r.Header.Get("Content-Type"))
	got, err := url.ParseQuery(string(body))
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

func TestOperations(t *testing.T) {
	covered := resourcetest.Run(t, cases)
	t.Run("coverage", func(t *testing.T) {
		resourcetest.CheckCoverage(t, covered, nil, "Files")
	})
}
