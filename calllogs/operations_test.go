package calllogs_test

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
	"github.com/pipedrive-go/pipedrive/calllogs"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
)

const callID = "CAd92b224eb4a39b5ad8fea92ff0e"

func utc(y int, m time.Month, d, h, min, s int) time.Time {
	return time.Date(y, m, d, h, min, s, 0, time.UTC)
}

// assertExample checks the call log of the spec's example.
func assertExample(t *testing.T, cl *calllogs.CallLog, end time.Time) {
	t.Helper()
	assert.Equal(t, calllogs.CallLog{
		ID: callID, ActivityID: 7007, PersonID: 333222111, OrgID: 123456789, DealID: 553229734,
		Subject: "Just call me maybe", Duration: 0, Outcome: calllogs.OutcomeBusy,
		FromPhoneNumber: "+37277774841", ToPhoneNumber: "+37249234343", HasRecording: false,
		StartTime: utc(2022, 12, 12, 1, 1, 1), EndTime: end,
		UserID: 777707777, CompanyID: 66660666, Note: "A note for the call log",
	}, *cl)
}

var cases = []resourcetest.Case{
	{
		Op:      ops.V1GetUserCallLogs,
		Path:    "/v1/callLogs",
		Query:   url.Values{"start": {"50"}, "limit": {"25"}},
		Fixture: "calllogs/list.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.CallLogs.ListPage(ctx, &calllogs.ListParams{Start: 50, Limit: 25})
			require.NoError(t, err)
			require.Len(t, page.Items, 2)
			assert.False(t, page.More)
			assertExample(t, &page.Items[0], utc(2022, 12, 12, 1, 1, 1))
			second := page.Items[1]
			assert.Equal(t, calllogs.OutcomeNoAnswer, second.Outcome)
			assert.True(t, second.HasRecording)
			assert.Empty(t, second.FromPhoneNumber)
		},
	},
	{
		Op:      ops.V1GetCallLog,
		Path:    "/v1/callLogs/" + callID,
		Fixture: "calllogs/get.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			cl, err := c.CallLogs.Get(ctx, callID)
			require.NoError(t, err)
			assertExample(t, cl, utc(2022, 12, 12, 1, 2, 1))
		},
	},
	{
		Op:   ops.V1AddCallLog,
		Path: "/v1/callLogs",
		Body: `{"to_phone_number":"+37249234343","from_phone_number":"+37277774841","outcome":"busy",
			"start_time":"2022-12-12T01:01:01Z","end_time":"2022-12-12T01:02:01Z","duration":"60",
			"subject":"Just call me maybe","user_id":777707777,"activity_id":7007,"person_id":333222111,
			"org_id":123456789,"deal_id":553229734,"note":"A note for the call log"}`,
		Fixture: "calllogs/create.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			tallinn := time.FixedZone("EET", 2*3600)
			cl, err := c.CallLogs.Create(ctx, &calllogs.CreateParams{
				ToPhoneNumber: "+37249234343", FromPhoneNumber: "+37277774841", Outcome: calllogs.OutcomeBusy,
				StartTime: time.Date(2022, 12, 12, 3, 1, 1, 0, tallinn), EndTime: time.Date(2022, 12, 12, 3, 2, 1, 0, tallinn),
				Duration: pipedrive.Ptr(time.Minute), Subject: "Just call me maybe", UserID: 777707777, ActivityID: 7007,
				PersonID: 333222111, OrgID: 123456789, DealID: 553229734, Note: "A note for the call log",
			})
			require.NoError(t, err)
			assertExample(t, cl, utc(2022, 12, 12, 1, 2, 1))
		},
	},
	{
		Op:      ops.V1DeleteCallLog,
		Path:    "/v1/callLogs/" + callID,
		Fixture: "calllogs/delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.CallLogs.Delete(ctx, callID))
		},
	},
	{
		Op:   ops.V1AddCallLogAudioFile,
		Path: "/v1/callLogs/" + callID + "/recordings",
		Check: func(t *testing.T, r *http.Request, body []byte) {
			mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
			require.NoError(t, err)
			require.Equal(t, "multipart/form-data", mt)
			mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
			part, err := mr.NextPart()
			require.NoError(t, err)
			assert.Equal(t, "file", part.FormName())
			assert.Equal(t, "call.mp3", part.FileName())
			assert.Equal(t, "audio/mpeg", part.Header.Get("Content-Type"))
			got, err := io.ReadAll(part)
			require.NoError(t, err)
			assert.Equal(t, "ID3 audio", string(got))
			_, err = mr.NextPart()
			assert.ErrorIs(t, err, io.EOF)
		},
		Fixture: "calllogs/recording.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.CallLogs.UploadRecording(ctx, callID, &calllogs.RecordingParams{
				Content: bytes.NewReader([]byte("ID3 audio")), FileName: "call.mp3",
			}))
		},
	},
}

func TestOperations(t *testing.T) {
	covered := resourcetest.Run(t, cases)
	t.Run("coverage", func(t *testing.T) {
		resourcetest.CheckCoverage(t, covered, nil, "CallLogs")
	})
}
