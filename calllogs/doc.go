// Package calllogs is the typed client of Pipedrive's call logs: the phone
// calls that a telephony integration logs for a user, shown in Pipedrive
// as done call activities, and their audio recordings.
//
// Reach it through a pipedrive.Client:
//
//	client, err := pipedrive.NewClient(auth.APIToken(token))
//	cl, err := client.CallLogs.Create(ctx, &calllogs.CreateParams{
//		ToPhoneNumber: "+37249234343",
//		Outcome:       calllogs.OutcomeConnected,
//		StartTime:     start,
//		EndTime:       start.Add(3 * time.Minute),
//		PersonID:      42,
//	})
//	f, err := os.Open("call.mp3")
//	err = client.CallLogs.UploadRecording(ctx, cl.ID, &calllogs.RecordingParams{
//		Content: f, FileName: "call.mp3",
//	})
//	for cl, err := range client.CallLogs.List(ctx, nil) { ... }
//
// Call logs exist only in API v1: the list pages by offset
// (ListParams.Start, crm.Page.NextStart, at most 50 a page). A call log's
// id is a string. Times are sent in UTC.
//
// UploadRecording streams the audio from an io.Reader as a multipart body
// without holding it in memory. It is a POST: it is never sent again once
// its outcome is unknown, and after a 429 only when the reader can be
// rewound (an io.Seeker, such as an *os.File).
//
// OAuth apps need the phone-integration scope.
//
// CallLog is crm.CallLog (aliased here), so that code that only reads call
// logs does not link the client core.
package calllogs
