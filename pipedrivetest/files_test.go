package pipedrivetest_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/activities"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/calllogs"
	"github.com/pipedrive-go/pipedrive/channels"
	"github.com/pipedrive-go/pipedrive/files"
	"github.com/pipedrive-go/pipedrive/mailbox"
	"github.com/pipedrive-go/pipedrive/meetings"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

func familyClient(t *testing.T, opts ...pipedrivetest.Option) (*pipedrivetest.Server, *pipedrive.Client) {
	t.Helper()
	srv := pipedrivetest.NewServer(t, append([]pipedrivetest.Option{pipedrivetest.WithRateLimit(1000, 0)}, opts...)...)
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	require.NoError(t, err)
	return srv, client
}

func digest(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestFilesAgainstFake(t *testing.T) {
	ctx := context.Background()
	srv, client := familyClient(t, pipedrivetest.WithClock(&tickClock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}))
	deal, err := srv.Seed(pipedrivetest.Deal, map[string]any{"title": "Renewal"})
	require.NoError(t, err)
	person, err := srv.Seed(pipedrivetest.Person, map[string]any{"name": "Ann Example"})
	require.NoError(t, err)

	content := []byte("%PDF-1.7 an offer")
	f, err := client.Files.Upload(ctx, &files.UploadParams{Content: bytes.NewReader(content), FileName: "offer.pdf", DealID: deal, PersonID: person})
	require.NoError(t, err)
	assert.Equal(t, "offer.pdf", f.FileName)
	assert.Equal(t, "offer.pdf", f.Name)
	assert.Equal(t, "pdf", f.FileType)
	assert.Equal(t, int64(len(content)), f.FileSize)
	assert.Equal(t, deal, f.DealID)
	assert.Equal(t, "Renewal", f.DealName)
	assert.Equal(t, "Ann Example", f.PersonName)
	assert.True(t, f.Active)
	assert.Equal(t, pipedrivetest.DefaultUserID, f.UserID)
	assert.Equal(t, srv.URL+"/v1/files/"+strconv.FormatInt(f.ID, 10)+"/download", f.URL)
	stored, ok := srv.StoredFile(f.ID)
	require.True(t, ok)
	assert.Equal(t, pipedrivetest.StoredFile{Name: "offer.pdf", ContentType: "application/pdf", Size: int64(len(content)), SHA256: digest(content)}, stored)

	got, err := client.Files.Get(ctx, f.ID)
	require.NoError(t, err)
	assert.Equal(t, f, got)

	// The content comes back as it was stored.
	d, err := client.Files.Download(ctx, f.ID)
	require.NoError(t, err)
	body, err := io.ReadAll(d)
	require.NoError(t, err)
	require.NoError(t, d.Close())
	assert.Equal(t, content, body)
	assert.Equal(t, "application/pdf", d.ContentType)
	assert.Equal(t, int64(len(content)), d.Size)
	assert.Equal(t, "offer.pdf", d.FileName)

	// Details change through a form body.
	f, err = client.Files.Update(ctx, f.ID, &files.UpdateParams{Name: "Offer (signed).pdf", Description: "Signed on 1 March"})
	require.NoError(t, err)
	assert.Equal(t, "Offer (signed).pdf", f.Name)
	assert.Equal(t, "Signed on 1 March", f.Description)
	assert.Equal(t, "offer.pdf", f.FileName, "the uploaded name stays")

	for _, name := range []string{"b.txt", "c.png"} {
		_, err := client.Files.Upload(ctx, &files.UploadParams{Content: strings.NewReader(name), FileName: name})
		require.NoError(t, err)
	}
	page, err := client.Files.ListPage(ctx, &files.ListParams{Limit: 2, Sort: files.SortByID + " DESC"})
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	assert.Equal(t, "c.png", page.Items[0].Name)
	assert.Equal(t, "img", page.Items[0].FileType)
	assert.True(t, page.More)
	var names []string
	for f, err := range client.Files.List(ctx, &files.ListParams{Limit: 1, Sort: files.SortByID}) {
		require.NoError(t, err)
		names = append(names, f.Name)
	}
	assert.Equal(t, []string{"Offer (signed).pdf", "b.txt", "c.png"}, names)

	require.NoError(t, client.Files.Delete(ctx, f.ID))
	_, err = client.Files.Download(ctx, f.ID)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound, "a deleted file's content is gone")
	_, ok = srv.StoredFile(f.ID)
	assert.False(t, ok, "the content goes with the file")
	gone, err := client.Files.Get(ctx, f.ID)
	require.NoError(t, err)
	assert.False(t, gone.Active, "a deleted file keeps its details")
	n := 0
	for _, err := range client.Files.List(ctx, nil) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 2, n, "deleted files leave the list")
	assert.ErrorIs(t, client.Files.Delete(ctx, f.ID), pipedrive.ErrNotFound)

	// Links are checked.
	_, err = client.Files.Upload(ctx, &files.UploadParams{Content: strings.NewReader("x"), FileName: "x.txt", DealID: 999})
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)
	_, err = client.Files.ListPage(ctx, &files.ListParams{Limit: 101})
	var apiErr *pipedrive.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode)

	st := srv.Stats()
	assert.Equal(t, 4, st.Routes["POST /v1/files"])
	assert.Equal(t, 2, st.Routes["GET /v1/files/{id}/download"])
	assert.Equal(t, 5, srv.TokenStats(srv.Token()).Writes, "uploads and the update are writes; downloads are reads")
}

func TestRemoteFilesAgainstFake(t *testing.T) {
	ctx := context.Background()
	srv, client := familyClient(t)
	org, err := srv.Seed(pipedrivetest.Organization, map[string]any{"name": "Acme"})
	require.NoError(t, err)
	f, err := client.Files.CreateRemote(ctx, &files.RemoteParams{FileType: files.RemoteSpreadsheet, Title: "Price list", ItemType: files.ItemOrganization, ItemID: org})
	require.NoError(t, err)
	assert.Equal(t, "gsheet", f.FileType)
	assert.Equal(t, "Price list", f.Name)
	assert.Equal(t, "googledrive", f.RemoteLocation)
	assert.NotEmpty(t, f.RemoteID)
	assert.Equal(t, org, f.OrgID)
	assert.Equal(t, "Acme", f.OrgName)
	_, err = client.Files.Download(ctx, f.ID)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound, "a Google Drive file has no content in Pipedrive")

	linked, err := client.Files.LinkRemote(ctx, &files.RemoteLinkParams{ItemType: files.ItemOrganization, ItemID: org, RemoteID: "1gzyh6ExBxIb4RBZ"})
	require.NoError(t, err)
	assert.Equal(t, "1gzyh6ExBxIb4RBZ", linked.RemoteID)
	_, err = client.Files.LinkRemote(ctx, &files.RemoteLinkParams{ItemType: files.ItemDeal, ItemID: 999, RemoteID: "x"})
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)
	_, err = client.Files.CreateRemote(ctx, &files.RemoteParams{FileType: "gvideo", Title: "x", ItemType: files.ItemOrganization, ItemID: org})
	var apiErr *pipedrive.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode)
}

// A streamed upload that the fake refuses with 429 is sent again when its
// content can be rewound, and the fake's download respects the limits too.
func TestFileUploadRetriedAfter429AgainstFake(t *testing.T) {
	ctx := context.Background()
	srv := pipedrivetest.NewServer(t, pipedrivetest.WithRateLimit(1, 0))
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL),
		pipedrive.WithLimiter(ratelimit.Unlimited{}))
	require.NoError(t, err)
	content := bytes.Repeat([]byte("0123456789"), 1000)
	_, err = client.Files.ListPage(ctx, nil) // spends the window
	require.NoError(t, err)
	f, err := client.Files.Upload(ctx, &files.UploadParams{Content: bytes.NewReader(content), FileName: "a.bin"})
	require.NoError(t, err)
	stored, ok := srv.StoredFile(f.ID)
	require.True(t, ok)
	assert.Equal(t, digest(content), stored.SHA256, "the whole file, once")
	st := srv.Stats()
	assert.Equal(t, 1, st.TooManyRequests, "the upload met the spent window")
	assert.Equal(t, 2, st.Routes["POST /v1/files"], "and was sent again once")
}

func TestMailboxAgainstFake(t *testing.T) {
	ctx := context.Background()
	srv, client := familyClient(t)
	inbox, err := client.Mailbox.ThreadsPage(ctx, &mailbox.ThreadListParams{Folder: mailbox.FolderInbox})
	require.NoError(t, err)
	require.Len(t, inbox.Items, 1)
	welcome := inbox.Items[0]
	assert.Equal(t, "Welcome to Pipedrive", welcome.Subject)
	assert.Equal(t, int64(2), welcome.MessageCount)
	assert.True(t, welcome.FirstMessageToMe)
	assert.Equal(t, []mailbox.Folder{mailbox.FolderInbox}, welcome.Folders)
	require.Len(t, welcome.Parties.From, 1)
	assert.Equal(t, "ann@example.com", welcome.Parties.From[0].EmailAddress)
	assert.False(t, welcome.Parties.From[0].MessageTime.IsZero())

	var sent []*mailbox.Thread
	for th, err := range client.Mailbox.Threads(ctx, &mailbox.ThreadListParams{Folder: mailbox.FolderSent, Limit: 1}) {
		require.NoError(t, err)
		sent = append(sent, th)
	}
	require.Len(t, sent, 1)
	assert.Equal(t, "Your offer", sent[0].Subject)
	assert.True(t, sent[0].HasSent)
	assert.NotNil(t, sent[0].LastMessageSentTime)

	var msgs []*mailbox.Message
	for m, err := range client.Mailbox.ThreadMessages(ctx, welcome.ID) {
		require.NoError(t, err)
		msgs = append(msgs, m)
	}
	require.Len(t, msgs, 2)
	assert.Empty(t, msgs[0].Body, "bodies only on request")
	m, err := client.Mailbox.Message(ctx, msgs[0].ID)
	require.NoError(t, err)
	assert.Empty(t, m.Body)
	m, err = client.Mailbox.MessageWith(ctx, msgs[0].ID, &mailbox.MessageParams{IncludeBody: true})
	require.NoError(t, err)
	assert.Equal(t, "Hello! Here is how to get started.", m.Body)
	assert.Equal(t, welcome.ID, m.MailThreadID)

	th, err := client.Mailbox.Thread(ctx, welcome.ID)
	require.NoError(t, err)
	assert.Equal(t, welcome, *th)

	// Link it to a deal, mark it read, archive it.
	deal, err := srv.Seed(pipedrivetest.Deal, map[string]any{"title": "Onboarding"})
	require.NoError(t, err)
	th, err = client.Mailbox.UpdateThread(ctx, welcome.ID, &mailbox.ThreadUpdateParams{DealID: deal, Read: pipedrive.Ptr(true), Archived: pipedrive.Ptr(true)})
	require.NoError(t, err)
	assert.Equal(t, pipedrive.Ptr(deal), th.DealID)
	assert.Equal(t, pipedrive.Ptr("open"), th.DealStatus)
	assert.True(t, th.Read)
	assert.True(t, th.Archived)
	assert.Equal(t, []mailbox.Folder{mailbox.FolderArchive}, th.Folders)
	archived, err := client.Mailbox.ThreadsPage(ctx, &mailbox.ThreadListParams{Folder: mailbox.FolderArchive})
	require.NoError(t, err)
	require.Len(t, archived.Items, 1)
	th, err = client.Mailbox.UpdateThread(ctx, welcome.ID, &mailbox.ThreadUpdateParams{Archived: pipedrive.Ptr(false)})
	require.NoError(t, err)
	assert.Equal(t, []mailbox.Folder{mailbox.FolderInbox}, th.Folders, "back where it was")
	_, err = client.Mailbox.UpdateThread(ctx, welcome.ID, &mailbox.ThreadUpdateParams{DealID: 999})
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)

	require.NoError(t, client.Mailbox.DeleteThread(ctx, welcome.ID))
	inbox, err = client.Mailbox.ThreadsPage(ctx, &mailbox.ThreadListParams{Folder: mailbox.FolderInbox})
	require.NoError(t, err)
	assert.Empty(t, inbox.Items)
	th, err = client.Mailbox.Thread(ctx, welcome.ID)
	require.NoError(t, err)
	assert.True(t, th.Deleted)
	assert.ErrorIs(t, client.Mailbox.DeleteThread(ctx, welcome.ID), pipedrive.ErrNotFound)
	_, err = client.Mailbox.Thread(ctx, 999)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)
	_, err = client.Mailbox.Message(ctx, 999)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)
	assert.Equal(t, 3, srv.Stats().Routes["GET /v1/mailbox/mailThreads/{id}"])
}

func TestCallLogsAgainstFake(t *testing.T) {
	ctx := context.Background()
	srv, client := familyClient(t)
	person, err := srv.Seed(pipedrivetest.Person, map[string]any{"name": "Ann Example"})
	require.NoError(t, err)
	start := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	cl, err := client.CallLogs.Create(ctx, &calllogs.CreateParams{
		ToPhoneNumber: "+3725550100", Outcome: calllogs.OutcomeConnected, StartTime: start, EndTime: start.Add(95 * time.Second),
		PersonID: person, Subject: "Follow-up", Note: "<p>Interested</p>",
	})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(cl.ID, "CA"))
	assert.Equal(t, 95*time.Second, cl.Duration, "taken from the times")
	assert.Equal(t, start, cl.StartTime)
	assert.Equal(t, pipedrivetest.CompanyID, cl.CompanyID)
	assert.False(t, cl.HasRecording)

	// The call shows as a done call activity.
	act, err := client.Activities.Get(ctx, cl.ActivityID)
	require.NoError(t, err)
	assert.Equal(t, activities.TypeCall, act.Type)
	assert.True(t, act.Done)
	assert.Equal(t, "Follow-up", act.Subject)
	assert.Equal(t, pipedrive.Ptr(person), act.PersonID)

	later, err := client.CallLogs.Create(ctx, &calllogs.CreateParams{
		ToPhoneNumber: "+3725550101", Outcome: calllogs.OutcomeNoAnswer, StartTime: start.Add(time.Hour), EndTime: start.Add(time.Hour),
		Duration: pipedrive.Ptr(time.Duration(0)),
	})
	require.NoError(t, err)
	var ids []string
	for c, err := range client.CallLogs.List(ctx, &calllogs.ListParams{Limit: 1}) {
		require.NoError(t, err)
		ids = append(ids, c.ID)
	}
	assert.Equal(t, []string{later.ID, cl.ID}, ids, "the latest call first")

	_, err = client.CallLogs.Create(ctx, &calllogs.CreateParams{
		ToPhoneNumber: "+3725550101", Outcome: calllogs.OutcomeBusy, StartTime: start, EndTime: start,
		DealID: 1, LeadID: "adf21080-0e10-11eb-879b-05d71fb426ec",
	})
	var linkErr *pipedrive.Error
	require.ErrorAs(t, err, &linkErr)
	assert.Equal(t, 400, linkErr.StatusCode, "a deal or a lead, not both")

	audio := bytes.Repeat([]byte("ID3"), 1000)
	require.NoError(t, client.CallLogs.UploadRecording(ctx, cl.ID, &calllogs.RecordingParams{Content: bytes.NewReader(audio), FileName: "call.mp3"}))
	rec, ok := srv.CallRecording(cl.ID)
	require.True(t, ok)
	assert.Equal(t, pipedrivetest.StoredFile{Name: "call.mp3", ContentType: "audio/mpeg", Size: int64(len(audio)), SHA256: digest(audio)}, rec)
	got, err := client.CallLogs.Get(ctx, cl.ID)
	require.NoError(t, err)
	assert.True(t, got.HasRecording)
	err = client.CallLogs.UploadRecording(ctx, cl.ID, &calllogs.RecordingParams{Content: strings.NewReader("x"), FileName: "notes.pdf"})
	var apiErr *pipedrive.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode, "recordings are audio")

	require.NoError(t, client.CallLogs.Delete(ctx, cl.ID))
	_, err = client.CallLogs.Get(ctx, cl.ID)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)
	_, ok = srv.CallRecording(cl.ID)
	assert.False(t, ok)
	assert.ErrorIs(t, client.CallLogs.UploadRecording(ctx, cl.ID, &calllogs.RecordingParams{Content: strings.NewReader("x"), FileName: "a.mp3"}), pipedrive.ErrNotFound)
	_, err = client.CallLogs.ListPage(ctx, &calllogs.ListParams{Limit: 51})
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode, "at most 50 a page")
}

func TestChannelsAgainstFake(t *testing.T) {
	ctx := context.Background()
	srv, client := familyClient(t)
	ch, err := client.Channels.Create(ctx, &channels.CreateParams{Name: "Support", ProviderChannelID: "support-1", ProviderType: channels.ProviderWhatsApp})
	require.NoError(t, err)
	assert.Len(t, ch.ID, 36)
	assert.Equal(t, "support-1", ch.ProviderChannelID)
	assert.Equal(t, channels.ProviderWhatsApp, ch.ProviderType)
	assert.Equal(t, srv.OAuthClientID(), ch.MarketplaceClientID)
	assert.Equal(t, pipedrivetest.DefaultUserID, ch.UserID)
	assert.False(t, ch.CreatedAt.IsZero())
	_, err = client.Channels.Create(ctx, &channels.CreateParams{Name: "Again", ProviderChannelID: "support-1"})
	var apiErr *pipedrive.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode)

	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	msg := func(id, text string) *channels.MessageParams {
		return &channels.MessageParams{ID: id, ChannelID: "support-1", SenderID: "customer-7", ConversationID: "conv-3",
			Message: text, Status: channels.StatusDelivered, CreatedAt: at}
	}
	m, err := client.Channels.ReceiveMessage(ctx, msg("m1", "Hello"))
	require.NoError(t, err)
	assert.Equal(t, "Hello", m.Message)
	assert.Equal(t, at, m.CreatedAt)
	withFile := msg("m2", "See attached")
	withFile.Attachments = []channels.Attachment{{ID: "a1", Type: "image/png", URL: "https://example.com/a1.png", Size: 600}}
	m, err = client.Channels.ReceiveMessage(ctx, withFile)
	require.NoError(t, err)
	require.Len(t, m.Attachments, 1)
	assert.Equal(t, int64(600), m.Attachments[0].Size)
	got := srv.ConversationMessages("support-1", "conv-3")
	require.Len(t, got, 2)
	assert.Equal(t, "m1", got[0]["id"])

	other := msg("m3", "Hi")
	other.ChannelID = "unknown"
	_, err = client.Channels.ReceiveMessage(ctx, other)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)

	require.NoError(t, client.Channels.DeleteConversation(ctx, "support-1", "conv-3"))
	assert.Empty(t, srv.ConversationMessages("support-1", "conv-3"))
	assert.ErrorIs(t, client.Channels.DeleteConversation(ctx, "support-1", "conv-3"), pipedrive.ErrNotFound)
	_, err = client.Channels.ReceiveMessage(ctx, msg("m4", "Back"))
	require.NoError(t, err)
	require.NoError(t, client.Channels.Delete(ctx, ch.ID))
	assert.Empty(t, srv.ConversationMessages("support-1", "conv-3"), "a channel's conversations go with it")
	assert.ErrorIs(t, client.Channels.Delete(ctx, ch.ID), pipedrive.ErrNotFound)
}

func TestMeetingsAgainstFake(t *testing.T) {
	ctx := context.Background()
	srv, client := familyClient(t)
	const id = "1e3943e8-ec66-4b83-9dd3-ed0d5dcb1f26"
	res, err := client.Meetings.CreateUserProviderLink(ctx, &meetings.UserProviderLinkParams{
		UserProviderID: id, UserID: pipedrivetest.DefaultUserID, CompanyID: pipedrivetest.CompanyID, MarketplaceClientID: srv.OAuthClientID(),
	})
	require.NoError(t, err)
	assert.Equal(t, "The user was added successfully", res.Message)
	_, err = client.Meetings.CreateUserProviderLink(ctx, &meetings.UserProviderLinkParams{
		UserProviderID: "not-a-uuid", UserID: 1, CompanyID: 1, MarketplaceClientID: "x",
	})
	var apiErr *pipedrive.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode)
	require.NoError(t, client.Meetings.DeleteUserProviderLink(ctx, id))
	assert.ErrorIs(t, client.Meetings.DeleteUserProviderLink(ctx, id), pipedrive.ErrNotFound)
	assert.Equal(t, 2, srv.Stats().Routes["POST /v1/meetings/userProviderLinks"])
}
