package calllogs_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/calllogs"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
)

// Every model decodes the spec's example for its operations with no
// member lost.
func TestModelsKeepEveryMember(t *testing.T) {
	resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, "calllogs/get.json"), &calllogs.CallLog{})
	resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, "calllogs/create.json"), &calllogs.CallLog{})
	var items []json.RawMessage
	require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, "calllogs/list.json"), &items))
	require.Len(t, items, 2)
	for _, it := range items {
		resourcetest.AssertNoFieldLost(t, it, &calllogs.CallLog{})
	}
}

// The duration comes as a string of seconds in the spec; numbers and
// clock forms decode too, and v1 timestamps.
func TestCallLogDecodesTolerantly(t *testing.T) {
	for in, want := range map[string]time.Duration{
		`"75"`: 75 * time.Second, `75`: 75 * time.Second, `"1.5"`: 1500 * time.Millisecond,
		`"00:01:05"`: 65 * time.Second, `null`: 0, `""`: 0,
	} {
		var cl calllogs.CallLog
		require.NoError(t, json.Unmarshal([]byte(`{"id":"x","duration":`+in+`,"start_time":"2022-12-12 01:01:01","has_recording":1,"person_id":"4"}`), &cl), in)
		assert.Equal(t, want, cl.Duration, in)
		assert.Equal(t, time.Date(2022, 12, 12, 1, 1, 1, 0, time.UTC), cl.StartTime)
		assert.True(t, cl.HasRecording)
		assert.Equal(t, int64(4), cl.PersonID)
	}
	for _, in := range []string{`"soon"`, `"-3"`, `true`} {
		var cl calllogs.CallLog
		assert.Error(t, json.Unmarshal([]byte(`{"duration":`+in+`}`), &cl), in)
	}
	// It encodes back as the API writes it.
	b, err := json.Marshal(calllogs.CreateParams{ToPhoneNumber: "1", Outcome: calllogs.OutcomeBusy, Duration: pipedrive.Ptr(90 * time.Second)})
	require.NoError(t, err)
	assert.Contains(t, string(b), `"duration":"90"`)
	assert.NotContains(t, string(b), `start_time":"0001`)
}

// Bad input is refused before anything is sent, with an error matching
// pipedrive.ErrInvalidParams (pipedrive.ErrInvalidParams).
func TestInvalidParamsAreRefusedBeforeSending(t *testing.T) {
	var sent atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer srv.Close()
	c := resourcetest.NewClient(t, srv.URL).CallLogs
	ctx := context.Background()
	start := time.Date(2024, 1, 2, 10, 0, 0, 0, time.UTC)
	valid := func() *calllogs.CreateParams {
		return &calllogs.CreateParams{ToPhoneNumber: "+3725550100", Outcome: calllogs.OutcomeConnected, StartTime: start, EndTime: start.Add(time.Minute)}
	}
	calls := map[string]func() error{
		"Create nil":      func() error { _, err := c.Create(ctx, nil); return err },
		"Create no phone": func() error { p := valid(); p.ToPhoneNumber = ""; _, err := c.Create(ctx, p); return err },
		"Create no outcome": func() error {
			p := valid()
			p.Outcome = ""
			_, err := c.Create(ctx, p)
			return err
		},
		"Create no start": func() error { p := valid(); p.StartTime = time.Time{}; _, err := c.Create(ctx, p); return err },
		"Create ends before start": func() error {
			p := valid()
			p.EndTime = start.Add(-time.Second)
			_, err := c.Create(ctx, p)
			return err
		},
		"Get empty id":        func() error { _, err := c.Get(ctx, ""); return err },
		"Delete empty id":     func() error { return c.Delete(ctx, "") },
		"UploadRecording nil": func() error { return c.UploadRecording(ctx, "CA1", nil) },
		"UploadRecording empty id": func() error {
			return c.UploadRecording(ctx, "", &calllogs.RecordingParams{Content: strings.NewReader("x"), FileName: "a.mp3"})
		},
		"UploadRecording no content": func() error {
			return c.UploadRecording(ctx, "CA1", &calllogs.RecordingParams{FileName: "a.mp3"})
		},
		"UploadRecording no name": func() error {
			return c.UploadRecording(ctx, "CA1", &calllogs.RecordingParams{Content: strings.NewReader("x")})
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
