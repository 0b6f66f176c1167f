package calllogs_test

import (
	"context"
	"fmt"
	"log"
	"strings"
	"time"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/calllogs"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

// exampleClient returns a client on a fake Pipedrive (package
// pipedrivetest), so the examples run without an account. Real code
// builds its client with pipedrive.NewClient(auth.APIToken(token)).
func exampleClient() (*pipedrive.Client, func()) {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	return client, srv.Close
}

func ExampleService_Create() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	start := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	cl, err := client.CallLogs.Create(ctx, &calllogs.CreateParams{
		ToPhoneNumber: "+3725550100",
		Outcome:       calllogs.OutcomeConnected,
		StartTime:     start,
		EndTime:       start.Add(3*time.Minute + 20*time.Second),
		Subject:       "Follow-up call",
	})
	if err != nil {
		log.Fatal(err)
	}
	// Pipedrive shows the call as a done call activity.
	act, err := client.Activities.Get(ctx, cl.ActivityID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cl.Outcome, cl.Duration, act.Type, act.Done)
	// Output: connected 3m20s call true
}

func ExampleService_UploadRecording() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()
	start := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	cl, err := client.CallLogs.Create(ctx, &calllogs.CreateParams{
		ToPhoneNumber: "+3725550100", Outcome: calllogs.OutcomeConnected, StartTime: start, EndTime: start.Add(time.Minute),
	})
	if err != nil {
		log.Fatal(err)
	}

	// The audio is streamed; an *os.File works the same way.
	audio := strings.NewReader("ID3...")
	if err := client.CallLogs.UploadRecording(ctx, cl.ID, &calllogs.RecordingParams{Content: audio, FileName: "call.mp3"}); err != nil {
		log.Fatal(err)
	}
	cl, err = client.CallLogs.Get(ctx, cl.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cl.HasRecording)
	// Output: true
}

func ExampleService_List() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()
	start := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for i, outcome := range []calllogs.Outcome{calllogs.OutcomeNoAnswer, calllogs.OutcomeConnected} {
		at := start.Add(time.Duration(i) * time.Hour)
		if _, err := client.CallLogs.Create(ctx, &calllogs.CreateParams{
			ToPhoneNumber: "+3725550100", Outcome: outcome, StartTime: at, EndTime: at.Add(time.Minute),
		}); err != nil {
			log.Fatal(err)
		}
	}

	// The latest call first; pages are fetched as the loop goes.
	for cl, err := range client.CallLogs.List(ctx, &calllogs.ListParams{Limit: 50}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(cl.StartTime.Format(time.Kitchen), cl.Outcome)
	}
	// Output:
	// 11:00AM connected
	// 10:00AM no_answer
}
