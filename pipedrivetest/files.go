package pipedrivetest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// The files family: files (upload, download, Google Drive files, details),
// the mailbox (mail threads and their messages), call logs with their
// recordings, messaging channels with their conversations, and the user
// links of video call integrations.
//
// Uploaded files are streamed to disk (a temporary directory the server
// removes when it closes) with their SHA-256 digest, never held in
// memory, so that tests of large transfers measure the client's memory;
// downloads stream them back. Call recordings keep only their size and
// digest. Uploads may be up to MaxUploadSize.
//
// The mailbox starts with two threads: "Welcome to Pipedrive" in the inbox
// (two messages) and "Your offer" in sent (one message, linked to no
// deal).

// MaxUploadSize is the largest multipart body the fake takes for a file
// or a call recording (larger ones get 413).
const MaxUploadSize int64 = 1 << 30

// StoredFile is what the server keeps of an uploaded file or recording.
type StoredFile struct {
	// Name and ContentType are those of the upload's file part.
	Name        string
	ContentType string
	// Size is the content's length in bytes; SHA256 its digest, in hex.
	Size   int64
	SHA256 string
}

// StoredFile returns what the server stored for the file with the given
// id (GET /v1/files/{id}) when it was uploaded with content, and whether
// it was.
func (s *Server) StoredFile(id int64) (StoredFile, bool) {
	f := s.filesFamily()
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.content[id]
	if !ok {
		return StoredFile{}, false
	}
	return b.info(), true
}

// CallRecording returns what the server kept of the recording uploaded
// for the call log id, and whether there is one.
func (s *Server) CallRecording(callLogID string) (StoredFile, bool) {
	f := s.filesFamily()
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.recordings[callLogID]
	if !ok {
		return StoredFile{}, false
	}
	return b.info(), true
}

// filesFake is the state of the family.
type filesFake struct {
	s       *Server
	files   *collection
	threads *collection
	mails   *collection

	mu         sync.Mutex
	content    map[int64]*blob     // file id -> its stored content
	recordings map[string]*blob    // call log id -> its recording (digest only)
	callLogs   map[string]object   // call log id -> call log
	channels   map[string]object   // Pipedrive's channel id -> channel
	messages   map[string][]object // provider channel id + "\x00" + conversation id -> messages
	links      map[string]object   // user provider id -> link
	callOrder  []string            // call log ids, in creation order
}

// filesFamily returns the family's state, creating it on first use.
func (s *Server) filesFamily() *filesFake {
	s.collMu.Lock()
	defer s.collMu.Unlock()
	if s.filesFake == nil {
		s.filesFake = &filesFake{s: s, content: map[int64]*blob{}, recordings: map[string]*blob{},
			callLogs: map[string]object{}, channels: map[string]object{}, messages: map[string][]object{},
			links: map[string]object{}}
	}
	return s.filesFake
}

func (s *Server) filesRoutes(op opRoute) {
	f := s.filesFamily()
	f.files = s.collection("files", func() *collection { return &collection{label: "File", v1: true} })
	f.threads = s.collection("mailThreads", func() *collection { return &collection{label: "Mail thread", v1: true} })
	f.mails = s.collection("mailMessages", func() *collection { return &collection{label: "Mail message", v1: true} })
	f.seedMailbox(s.clock.Now())

	upload := func(o ops.Op, h handlerFunc) {
		if s.bodyLimits == nil {
			s.bodyLimits = map[string]int64{}
		}
		// The multipart framing around the file's bytes is small.
		s.bodyLimits[o.Method+" "+opPattern(o)] = MaxUploadSize + 1<<20
		op(o, h)
	}

	op(ops.V1GetFiles, f.listFiles)
	upload(ops.V1AddFile, f.uploadFile)
	op(ops.V1GetFile, f.getFile)
	op(ops.V1UpdateFile, f.updateFile)
	op(ops.V1DeleteFile, f.deleteFile)
	op(ops.V1DownloadFile, f.downloadFile)
	op(ops.V1AddFileAndLinkIt, f.createRemoteFile)
	op(ops.V1LinkFileToItem, f.linkRemoteFile)

	op(ops.V1GetMailThreads, f.listThreads)
	op(ops.V1GetMailThread, f.getThread)
	op(ops.V1UpdateMailThreadDetails, f.updateThread)
	op(ops.V1DeleteMailThread, f.deleteThread)
	op(ops.V1GetMailThreadMessages, f.threadMessages)
	op(ops.V1GetMailMessage, f.getMailMessage)

	op(ops.V1GetUserCallLogs, f.listCallLogs)
	op(ops.V1AddCallLog, f.createCallLog)
	op(ops.V1GetCallLog, f.getCallLog)
	op(ops.V1DeleteCallLog, f.deleteCallLog)
	upload(ops.V1AddCallLogAudioFile, f.uploadRecording)

	op(ops.V1AddChannel, f.createChannel)
	op(ops.V1DeleteChannel, f.deleteChannel)
	op(ops.V1ReceiveMessage, f.receiveMessage)
	op(ops.V1DeleteConversation, f.deleteConversation)

	op(ops.V1SaveUserProviderLink, f.saveProviderLink)
	op(ops.V1DeleteUserProviderLink, f.deleteProviderLink)
}

// ---- stored content ----

// blobStore keeps uploaded content in files of a temporary directory,
// made on first use and removed when the server closes.
type blobStore struct {
	mu     sync.Mutex
	dir    string
	closed bool
}

// blob is one stored upload: a file on disk (path "" when only the digest
// was kept), its name, type, size and digest.
type blob struct {
	path, name, contentType string
	size                    int64
	sum                     []byte
}

func (b *blob) info() StoredFile {
	return StoredFile{Name: b.name, ContentType: b.contentType, Size: b.size, SHA256: hex.EncodeToString(b.sum)}
}

// put copies r into a new file of the store (or, with keep false, only
// digests it).
func (st *blobStore) put(r io.Reader, keep bool) (*blob, error) {
	h := sha256.New()
	if !keep {
		n, err := io.Copy(h, r)
		if err != nil {
			return nil, err
		}
		return &blob{size: n, sum: h.Sum(nil)}, nil
	}
	st.mu.Lock()
	if st.closed {
		st.mu.Unlock()
		return nil, errors.New("the server is closed")
	}
	if st.dir == "" {
		dir, err := os.MkdirTemp("", "pipedrivetest-files-")
		if err != nil {
			st.mu.Unlock()
			return nil, err
		}
		st.dir = dir
	}
	dir := st.dir
	st.mu.Unlock()
	f, err := os.CreateTemp(dir, "upload-")
	if err != nil {
		return nil, err
	}
	n, err := io.Copy(io.MultiWriter(f, h), r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return nil, err
	}
	return &blob{path: f.Name(), size: n, sum: h.Sum(nil)}, nil
}

func (st *blobStore) remove(b *blob) {
	if b != nil && b.path != "" {
		_ = os.Remove(b.path)
	}
}

func (st *blobStore) removeAll() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.closed = true
	if st.dir != "" {
		_ = os.RemoveAll(st.dir)
		st.dir = ""
	}
}

// serve writes the blob's content as the response: its type, length and
// an attachment disposition with its name.
func (b *blob) serve(w http.ResponseWriter, status int) {
	f, err := os.Open(b.path)
	if err != nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"success":false,"error":"pipedrivetest: the stored file is gone"}`))
		return
	}
	defer f.Close()
	h := w.Header()
	ct := b.contentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	h.Set("Content-Type", ct)
	h.Set("Content-Length", strconv.FormatInt(b.size, 10))
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": b.name}))
	w.WriteHeader(status)
	_, _ = io.Copy(w, f)
}

// readUpload reads a multipart upload: its text fields, and the part
// named file, which it stores (keep) or digests. A body over the route's
// cap gets 413.
func (f *filesFake) readUpload(r *http.Request, keep bool) (fields map[string]string, b *blob, rp *reply) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, apiError(http.StatusUnsupportedMediaType, "Unsupported Media Type", "Send the file as multipart/form-data in the field file.")
	}
	fields = map[string]string{}
	fail := func(err error) (map[string]string, *blob, *reply) {
		f.s.blobs.remove(b)
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, nil, apiError(http.StatusRequestEntityTooLarge, "Request body too large",
				fmt.Sprintf("Upload at most %d bytes.", MaxUploadSize))
		}
		return nil, nil, badRequest("The multipart body is malformed: " + err.Error())
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fail(err)
		}
		if part.FormName() == "file" && b == nil {
			nb, err := f.s.blobs.put(part, keep)
			if err != nil {
				return fail(err)
			}
			b = nb
			b.name, b.contentType = part.FileName(), part.Header.Get("Content-Type")
			continue
		}
		v, err := io.ReadAll(io.LimitReader(part, 64<<10))
		if err != nil {
			return fail(err)
		}
		fields[part.FormName()] = string(v)
	}
	if b == nil {
		return nil, nil, badRequest("file is required: send the file in the multipart field file.")
	}
	return fields, b, nil
}

// decodeForm reads a form-encoded body (or a JSON one) into a map of
// strings and numbers.
func decodeForm(r *http.Request) (map[string]any, *reply) {
	ct := strings.ToLower(r.Header.Get("Content-Type"))
	if strings.HasPrefix(ct, "application/json") {
		return decodeBody(r)
	}
	if !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		return nil, apiError(http.StatusUnsupportedMediaType, "Unsupported Media Type", "Send an application/x-www-form-urlencoded body.")
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, apiError(http.StatusRequestEntityTooLarge, "Request body too large", "Send at most 1 MiB.")
		}
		return nil, badRequest("The request body could not be read.")
	}
	vals, err := url.ParseQuery(string(raw))
	if err != nil {
		return nil, badRequest("The form body is malformed: " + err.Error())
	}
	out := map[string]any{}
	for k, v := range vals {
		if len(v) > 1 {
			return nil, badRequest(k + " is given more than once.")
		}
		out[k] = v[0]
	}
	return out, nil
}

// ---- files ----

// fileTypes classify uploads by extension as Pipedrive's file_type does.
var fileTypes = map[string]string{
	".jpg": "img", ".jpeg": "img", ".png": "img", ".gif": "img", ".bmp": "img", ".webp": "img", ".svg": "img",
	".pdf": "pdf", ".doc": "doc", ".docx": "doc", ".odt": "doc", ".rtf": "doc", ".xls": "xls", ".xlsx": "xls",
	".ods": "xls", ".csv": "xls", ".ppt": "ppt", ".pptx": "ppt", ".odp": "ppt", ".txt": "txt", ".zip": "zip",
	".mp3": "audio", ".wav": "audio", ".ogg": "audio", ".mp4": "video", ".mov": "video",
}

// uuidPattern is the shape of a lead id.
var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// fileLinks are the record ids a file may be attached to, and how the
// record's name is found.
var fileLinks = []struct{ key, nameKey string }{
	{"deal_id", "deal_name"}, {"person_id", "person_name"}, {"org_id", "org_name"},
	{"product_id", "product_name"}, {"activity_id", ""}, {"project_id", "project_name"},
}

// recordName returns the title or name of the record a file links to, and
// whether it exists.
func (f *filesFake) recordName(key string, id int64) (string, bool) {
	var o object
	var ok bool
	switch key {
	case "deal_id":
		o, ok = f.s.Object(Deal, id)
	case "person_id":
		o, ok = f.s.Object(Person, id)
	case "org_id":
		o, ok = f.s.Object(Organization, id)
	case "product_id":
		o, ok = f.s.productsColl(collProducts).find(id)
	case "activity_id":
		o, ok = f.s.collection("activities", func() *collection { return &collection{label: "Activity"} }).find(id)
	case "project_id":
		o, ok = f.s.collection("projects", func() *collection { return &collection{label: "Project"} }).find(id)
	}
	if !ok {
		return "", false
	}
	for _, k := range []string{"title", "name", "subject"} {
		if v, ok := o[k].(string); ok {
			return v, true
		}
	}
	return "", true
}

// newFile is a file record with every member the API sends.
func (f *filesFake) newFile(c *call) object {
	now := v1Time(c.now)
	o := object{
		"user_id": c.user, "log_id": nil, "add_time": now, "update_time": now, "file_name": "", "file_type": "other",
		"file_size": int64(0), "active_flag": true, "inline_flag": false, "remote_location": nil, "remote_id": nil,
		"cid": "", "s3_bucket": "", "mail_message_id": "", "mail_template_id": "", "lead_id": nil, "lead_name": "",
		"name": "", "description": "",
	}
	for _, l := range fileLinks {
		o[l.key] = nil
		if l.nameKey != "" {
			o[l.nameKey] = ""
		}
	}
	return o
}

// link attaches the record key=v (a string of the form's or a JSON
// number) to the file o.
func (f *filesFake) link(o object, key string, v any) *reply {
	if key == "lead_id" {
		s, _ := v.(string)
		if !uuidPattern.MatchString(s) {
			return badRequest("lead_id must be a UUID.")
		}
		o["lead_id"], o["lead_name"] = s, "Lead "+s[:8]
		return nil
	}
	id, ok := toInt64(v)
	if !ok || id <= 0 {
		return badRequest(key + " must be a positive integer.")
	}
	name, found := f.recordName(key, id)
	if !found {
		return notFound(strings.TrimSuffix(key, "_id") + " " + strconv.FormatInt(id, 10))
	}
	o[key] = id
	for _, l := range fileLinks {
		if l.key == key && l.nameKey != "" {
			o[l.nameKey] = name
		}
	}
	return nil
}

func (f *filesFake) fileURL(id int64) string {
	return f.s.URL + "/v1/files/" + strconv.FormatInt(id, 10) + "/download"
}

func (f *filesFake) uploadFile(c *call) *reply {
	fields, b, rp := f.readUpload(c.r, true)
	if rp != nil {
		return rp
	}
	o := f.newFile(c)
	for k, v := range fields {
		if k != "lead_id" && !slices.ContainsFunc(fileLinks, func(l struct{ key, nameKey string }) bool { return l.key == k }) {
			f.s.blobs.remove(b)
			return badRequest(k + " is not a field this endpoint accepts.")
		}
		if rp := f.link(o, k, v); rp != nil {
			f.s.blobs.remove(b)
			return rp
		}
	}
	if b.name == "" {
		f.s.blobs.remove(b)
		return badRequest("The file part needs a file name.")
	}
	ft, ok := fileTypes[strings.ToLower(filepath.Ext(b.name))]
	if !ok {
		ft = "other"
	}
	o["file_name"], o["name"], o["file_size"], o["file_type"] = b.name, b.name, b.size, ft
	f.mu.Lock()
	id := f.files.insert(o)
	f.content[id] = b
	f.mu.Unlock()
	return f.files.mutate(id, func(o object) *reply {
		o["url"] = f.fileURL(id)
		return v1OK(clone(o), nil)
	})
}

func (f *filesFake) getFile(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	o, ok := f.files.find(id)
	if !ok {
		return notFound("File")
	}
	return v1OK(o, nil)
}

func (f *filesFake) listFiles(c *call) *reply {
	q := c.r.URL.Query()
	if l := q.Get("limit"); l != "" {
		if n, err := strconv.Atoi(l); err != nil || n < 1 || n > 100 {
			return badRequest("limit must be an integer from 1 to 100.")
		}
	}
	var list []object
	for _, o := range f.files.all() {
		if o["active_flag"] == true {
			list = append(list, o)
		}
	}
	if s := strings.TrimSpace(q.Get("sort")); s != "" {
		field, dir, _ := strings.Cut(s, " ")
		dir = strings.ToUpper(strings.TrimSpace(dir))
		if (field != "id" && field != "update_time") || (dir != "" && dir != "ASC" && dir != "DESC") {
			return badRequest("sort supports id and update_time, optionally with ASC or DESC.")
		}
		sort.SliceStable(list, func(i, j int) bool {
			var less bool
			if field == "id" {
				less = list[i]["id"].(int64) < list[j]["id"].(int64)
			} else {
				less = fmt.Sprint(list[i]["update_time"]) < fmt.Sprint(list[j]["update_time"])
			}
			if dir == "DESC" {
				return !less && list[i]["id"] != list[j]["id"]
			}
			return less
		})
	}
	return pageV1(c, list)
}

func (f *filesFake) updateFile(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	body, rp := decodeForm(c.r)
	if rp != nil {
		return rp
	}
	for k := range body {
		if k != "name" && k != "description" {
			return badRequest(k + " is not a field this endpoint accepts.")
		}
	}
	return f.files.mutate(id, func(o object) *reply {
		for k, v := range body {
			o[k] = fmt.Sprint(v)
		}
		o["update_time"] = v1Time(c.now)
		return v1OK(clone(o), nil)
	})
}

// deleteFile marks the file deleted: it leaves the list and its content
// cannot be downloaded any more, but its details stay.
func (f *filesFake) deleteFile(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	rp = f.files.mutate(id, func(o object) *reply {
		if o["active_flag"] != true {
			return notFound("File")
		}
		o["active_flag"] = false
		o["update_time"] = v1Time(c.now)
		return v1OK(map[string]any{"id": id}, nil)
	})
	if rp.status == http.StatusOK {
		f.mu.Lock()
		b := f.content[id]
		delete(f.content, id)
		f.mu.Unlock()
		f.s.blobs.remove(b)
	}
	return rp
}

func (f *filesFake) downloadFile(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	o, ok := f.files.find(id)
	if !ok || o["active_flag"] != true {
		return notFound("File")
	}
	f.mu.Lock()
	b, ok := f.content[id]
	f.mu.Unlock()
	if !ok {
		return notFound("File content")
	}
	return &reply{status: http.StatusOK, file: b}
}

// remoteItem checks the item_type and item_id of a remote file request
// and links the file o to the item.
func (f *filesFake) remoteItem(o object, body map[string]any) *reply {
	key := map[any]string{"deal": "deal_id", "person": "person_id", "organization": "org_id"}[body["item_type"]]
	if key == "" {
		return badRequest("item_type must be one of deal, person, organization.")
	}
	if rp := f.link(o, key, body["item_id"]); rp != nil {
		return rp
	}
	if loc, ok := body["remote_location"]; !ok || loc != "googledrive" {
		return badRequest("remote_location must be googledrive.")
	}
	o["remote_location"] = "googledrive"
	return nil
}

// required refuses a body without every one of keys.
func required(body map[string]any, keys ...string) *reply {
	for _, k := range keys {
		if v, ok := body[k]; !ok || v == nil || v == "" {
			return badRequest(k + " is required.")
		}
	}
	return nil
}

func (f *filesFake) createRemoteFile(c *call) *reply {
	body, rp := decodeForm(c.r)
	if rp != nil {
		return rp
	}
	if rp := required(body, "file_type", "title", "item_type", "item_id", "remote_location"); rp != nil {
		return rp
	}
	ft := fmt.Sprint(body["file_type"])
	if !slices.Contains([]string{"gdoc", "gslides", "gsheet", "gform", "gdraw"}, ft) {
		return badRequest("file_type must be one of gdoc, gslides, gsheet, gform, gdraw.")
	}
	o := f.newFile(c)
	if rp := f.remoteItem(o, body); rp != nil {
		return rp
	}
	o["file_type"], o["name"], o["remote_id"] = ft, fmt.Sprint(body["title"]), randomHex(22)
	return f.storeRemote(o)
}

func (f *filesFake) linkRemoteFile(c *call) *reply {
	body, rp := decodeForm(c.r)
	if rp != nil {
		return rp
	}
	if rp := required(body, "item_type", "item_id", "remote_id", "remote_location"); rp != nil {
		return rp
	}
	o := f.newFile(c)
	if rp := f.remoteItem(o, body); rp != nil {
		return rp
	}
	o["remote_id"], o["file_type"] = fmt.Sprint(body["remote_id"]), "gdoc"
	o["name"] = "Google Drive file " + fmt.Sprint(body["remote_id"])
	return f.storeRemote(o)
}

func (f *filesFake) storeRemote(o object) *reply {
	id := f.files.insert(o)
	return f.files.mutate(id, func(o object) *reply {
		o["url"] = f.fileURL(id)
		return v1OK(clone(o), nil)
	})
}

// ---- mailbox ----

// seedMailbox stores the two threads every server starts with.
func (f *filesFake) seedMailbox(now time.Time) {
	if len(f.threads.all()) > 0 {
		return
	}
	ts := func(d time.Duration) string { return now.Add(-d).UTC().Format("2006-01-02T15:04:05.000Z") }
	party := func(id int64, email, name string, latest bool, at time.Duration) map[string]any {
		return map[string]any{"id": id, "name": name, "latest_sent": latest, "email_address": email,
			"message_time": now.Add(-at).UnixMilli(), "linked_person_id": nil, "linked_person_name": nil,
			"linked_organization_id": nil, "mail_message_party_id": id + 100}
	}
	thread := func(subject, snippet, folder string, sent bool, first, last time.Duration, count int64, to, from map[string]any) int64 {
		o := object{
			"account_id": "pipedrivetest-account", "user_id": DefaultUserID, "subject": subject, "snippet": snippet,
			"read_flag": int64(0), "mail_tracking_status": nil, "has_attachments_flag": int64(0),
			"has_inline_attachments_flag": int64(0), "has_real_attachments_flag": int64(0), "deleted_flag": int64(0),
			"synced_flag": int64(1), "smart_bcc_flag": int64(0), "mail_link_tracking_enabled_flag": int64(0),
			"parties": map[string]any{"to": []any{to}, "from": []any{from}}, "drafts_parties": []any{},
			"folders": []any{folder}, "version": int64(1), "snippet_draft": nil, "snippet_sent": "",
			"message_count": count, "has_draft_flag": int64(0), "has_sent_flag": flag01(sent), "archived_flag": int64(0),
			"shared_flag": int64(0), "external_deleted_flag": int64(0), "first_message_to_me_flag": flag01(!sent),
			"last_message_timestamp": ts(last), "first_message_timestamp": ts(first),
			"last_message_sent_timestamp": nil, "last_message_received_timestamp": ts(last),
			"add_time": ts(first), "update_time": ts(last), "deal_id": nil, "deal_status": nil, "lead_id": nil,
			"all_messages_sent_flag": flag01(sent),
		}
		if sent {
			o["snippet_sent"], o["last_message_sent_timestamp"], o["last_message_received_timestamp"] = snippet, ts(last), nil
		}
		return f.threads.insert(o)
	}
	message := func(thread int64, subject, body string, sent bool, at time.Duration, from, to map[string]any) {
		p := func(m map[string]any) []any {
			return []any{map[string]any{"id": m["id"], "email_address": m["email_address"], "name": m["name"],
				"linked_person_id": nil, "linked_person_name": nil, "mail_message_party_id": m["mail_message_party_id"]}}
		}
		f.mails.insert(object{
			"from": p(from), "to": p(to), "cc": []any{}, "bcc": []any{}, "body": body,
			"body_url": "", "account_id": "pipedrivetest-account", "user_id": DefaultUserID, "mail_thread_id": thread,
			"subject": subject, "snippet": body, "mail_tracking_status": nil, "mail_link_tracking_enabled_flag": int64(0),
			"read_flag": int64(0), "draft": nil, "draft_flag": int64(0), "synced_flag": int64(1), "deleted_flag": int64(0),
			"has_body_flag": int64(1), "sent_flag": flag01(sent), "sent_from_pipedrive_flag": flag01(sent),
			"smart_bcc_flag": int64(0), "message_time": ts(at), "add_time": ts(at), "update_time": ts(at),
			"has_attachments_flag": int64(0), "has_inline_attachments_flag": int64(0), "has_real_attachments_flag": int64(0),
		})
	}
	me := party(1, "user1@example.com", "Test User", false, time.Hour)
	ann := party(2, "ann@example.com", "Ann Example", true, time.Hour)
	welcome := thread("Welcome to Pipedrive", "Glad to have you on board.", "inbox", false, 3*time.Hour, time.Hour, 2, me, ann)
	message(welcome, "Welcome to Pipedrive", "Hello! Here is how to get started.", false, 3*time.Hour, ann, me)
	message(welcome, "Re: Welcome to Pipedrive", "Glad to have you on board.", false, time.Hour, ann, me)
	bob := party(3, "bob@example.com", "Bob Example", false, 2*time.Hour)
	meSent := party(4, "user1@example.com", "Test User", true, 2*time.Hour)
	offer := thread("Your offer", "Please find our offer attached.", "sent", true, 2*time.Hour, 2*time.Hour, 1, bob, meSent)
	message(offer, "Your offer", "Please find our offer attached.", true, 2*time.Hour, meSent, bob)
	// Bodies are served only on request (include_body=1).
	for _, o := range f.mails.all() {
		id := o["id"].(int64)
		f.mails.mutate(id, func(o object) *reply {
			o["body_url"] = "https://pipedrivetest.invalid/mail/" + strconv.FormatInt(id, 10)
			return nil
		})
	}
}

func flag01(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// threadOf finds the thread of the path, refusing one of another user.
func (f *filesFake) threadOf(c *call) (int64, object, *reply) {
	id, rp := pathID(c, "id")
	if rp != nil {
		return 0, nil, rp
	}
	o, ok := f.threads.find(id)
	if !ok || o["user_id"] != c.user {
		return 0, nil, notFound("Mail thread")
	}
	return id, o, nil
}

func (f *filesFake) listThreads(c *call) *reply {
	folder := c.r.URL.Query().Get("folder")
	if !slices.Contains([]string{"inbox", "drafts", "sent", "archive"}, folder) {
		return badRequest("folder is required: one of inbox, drafts, sent, archive.")
	}
	var list []object
	for _, o := range f.threads.all() {
		if o["user_id"] != c.user || o["deleted_flag"] != int64(0) {
			continue
		}
		folders, _ := o["folders"].([]any)
		if slices.Contains(folders, any(folder)) {
			list = append(list, o)
		}
	}
	sort.SliceStable(list, func(i, j int) bool {
		return fmt.Sprint(list[i]["last_message_timestamp"]) > fmt.Sprint(list[j]["last_message_timestamp"])
	})
	return pageV1(c, list)
}

func (f *filesFake) getThread(c *call) *reply {
	_, o, rp := f.threadOf(c)
	if rp != nil {
		return rp
	}
	return v1OK(o, nil)
}

func (f *filesFake) updateThread(c *call) *reply {
	id, _, rp := f.threadOf(c)
	if rp != nil {
		return rp
	}
	body, rp := decodeForm(c.r)
	if rp != nil {
		return rp
	}
	set := object{}
	for k, v := range body {
		switch k {
		case "deal_id":
			n, ok := toInt64(v)
			if !ok || n < 0 {
				return badRequest("deal_id must be a positive integer.")
			}
			if n == 0 {
				set["deal_id"], set["deal_status"] = nil, nil
				continue
			}
			d, found := f.s.Object(Deal, n)
			if !found {
				return notFound("Deal")
			}
			set["deal_id"], set["deal_status"] = n, d["status"]
		case "lead_id":
			s := fmt.Sprint(v)
			if s != "" && !uuidPattern.MatchString(s) {
				return badRequest("lead_id must be a UUID.")
			}
			set["lead_id"] = s
			if s == "" {
				set["lead_id"] = nil
			}
		case "shared_flag", "read_flag", "archived_flag":
			n, ok := toInt64(v)
			if !ok || (n != 0 && n != 1) {
				return badRequest(k + " must be 0 or 1.")
			}
			set[k] = n
		default:
			return badRequest(k + " is not a field this endpoint accepts.")
		}
	}
	return f.threads.mutate(id, func(o object) *reply {
		for k, v := range set {
			o[k] = v
		}
		if a, ok := set["archived_flag"]; ok {
			// Archiving moves the thread to the archive, and back.
			if a == int64(1) {
				o["folders"] = []any{"archive"}
			} else if folders, _ := o["folders"].([]any); slices.Contains(folders, any("archive")) {
				back := "inbox"
				if o["has_sent_flag"] == int64(1) && o["first_message_to_me_flag"] == int64(0) {
					back = "sent"
				}
				o["folders"] = []any{back}
			}
		}
		o["update_time"] = c.now.UTC().Format("2006-01-02T15:04:05.000Z")
		return v1OK(clone(o), nil)
	})
}

func (f *filesFake) deleteThread(c *call) *reply {
	id, _, rp := f.threadOf(c)
	if rp != nil {
		return rp
	}
	return f.threads.mutate(id, func(o object) *reply {
		if o["deleted_flag"] == int64(1) {
			return notFound("Mail thread")
		}
		o["deleted_flag"] = int64(1)
		return v1OK(map[string]any{"id": id}, nil)
	})
}

// mailView is the message as served: its body only when asked for.
func mailView(o object, body bool) object {
	if !body {
		delete(o, "body")
	}
	return o
}

func (f *filesFake) threadMessages(c *call) *reply {
	id, _, rp := f.threadOf(c)
	if rp != nil {
		return rp
	}
	list := []object{}
	for _, m := range f.mails.all() {
		if m["mail_thread_id"] == id {
			list = append(list, mailView(m, false))
		}
	}
	return v1OK(list, nil)
}

func (f *filesFake) getMailMessage(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	withBody := false
	switch c.r.URL.Query().Get("include_body") {
	case "", "0":
	case "1":
		withBody = true
	default:
		return badRequest("include_body must be 0 or 1.")
	}
	m, ok := f.mails.find(id)
	if !ok || m["user_id"] != c.user {
		return notFound("Mail message")
	}
	return v1OK(mailView(m, withBody), nil)
}

// ---- call logs ----

var callOutcomes = []string{"connected", "no_answer", "left_message", "left_voicemail", "wrong_number", "busy"}

// callTime reads a call log time: RFC 3339 or v1's layout, in UTC.
func callTime(v any) (time.Time, bool) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, false
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), true
	}
	t, err := time.ParseInLocation(time.DateTime, s, time.UTC)
	return t, err == nil
}

// callStamp writes a call log time as the API does.
func callStamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func (f *filesFake) createCallLog(c *call) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	if rp := required(body, "to_phone_number", "outcome", "start_time", "end_time"); rp != nil {
		return rp
	}
	o := object{"has_recording": false, "user_id": c.user, "company_id": CompanyID}
	var start, end time.Time
	for k, v := range body {
		switch k {
		case "to_phone_number", "from_phone_number", "subject", "note":
			s, ok := v.(string)
			if !ok {
				return badRequest(k + " must be a string.")
			}
			o[k] = s
		case "outcome":
			if !slices.Contains(callOutcomes, fmt.Sprint(v)) {
				return badRequest(`"outcome" must be one of ` + strings.Join(callOutcomes, ", ") + ".")
			}
			o[k] = v
		case "start_time", "end_time":
			t, ok := callTime(v)
			if !ok {
				return badRequest(k + " must be a date and time (YYYY-MM-DD HH:MM:SS, UTC).")
			}
			if k == "start_time" {
				start = t
			} else {
				end = t
			}
			o[k] = callStamp(t)
		case "duration":
			s, ok := v.(string)
			n, err := strconv.ParseInt(s, 10, 64)
			if !ok || err != nil || n < 0 {
				return badRequest("duration must be a string of seconds.")
			}
			o[k] = s
		case "user_id", "activity_id", "person_id", "org_id", "deal_id":
			n, ok := toInt64(v)
			if !ok || n <= 0 {
				return badRequest(k + " must be a positive integer.")
			}
			o[k] = n
		case "lead_id":
			s, _ := v.(string)
			if !uuidPattern.MatchString(s) {
				return badRequest("lead_id must be a UUID.")
			}
			o[k] = s
		default:
			return badRequest(k + " is not a property this endpoint accepts.")
		}
	}
	if end.Before(start) {
		return badRequest("end_time must not be before start_time.")
	}
	if _, ok := o["duration"]; !ok {
		o["duration"] = strconv.FormatInt(int64(end.Sub(start)/time.Second), 10)
	}
	if o["deal_id"] != nil && o["lead_id"] != nil {
		return badRequest("A call log can be linked to a deal or a lead, not both.")
	}
	for _, k := range []string{"person_id", "org_id", "deal_id"} {
		if id, ok := o[k].(int64); ok {
			if _, found := f.recordName(k, id); !found {
				return notFound(strings.TrimSuffix(k, "_id") + " " + strconv.FormatInt(id, 10))
			}
		}
	}
	if rp := f.callActivity(o, start, end); rp != nil {
		return rp
	}
	id := "CA" + randomHex(14)
	o["id"] = id
	f.mu.Lock()
	f.callLogs[id] = o
	f.callOrder = append(f.callOrder, id)
	f.mu.Unlock()
	return v1OK(clone(o), nil)
}

// callActivity shows the call as a done call activity: the activity the
// call log names (which must be a call), or a new one.
func (f *filesFake) callActivity(o object, start, end time.Time) *reply {
	acts := f.s.collection("activities", func() *collection { return &collection{label: "Activity"} })
	subject, _ := o["subject"].(string)
	if subject == "" {
		subject = "Call"
		o["subject"] = subject
	}
	dur := end.Sub(start)
	set := object{"done": true, "marked_as_done_time": v2Time(end), "due_date": start.UTC().Format(time.DateOnly),
		"due_time": start.UTC().Format("15:04"), "duration": fmt.Sprintf("%02d:%02d", int(dur.Hours()), int(dur.Minutes())%60)}
	if id, ok := o["activity_id"].(int64); ok {
		return acts.mutate(id, func(a object) *reply {
			if a["type"] != "call" {
				return badRequest("activity_id must be a call activity.")
			}
			for k, v := range set {
				a[k] = v
			}
			for _, k := range []string{"deal_id", "person_id", "org_id", "lead_id"} {
				o[k] = a[k]
			}
			return nil
		})
	}
	now := v2Time(start)
	a := object{
		"subject": subject, "type": "call", "owner_id": o["user_id"], "creator_user_id": o["user_id"], "is_deleted": false,
		"add_time": now, "update_time": now, "deal_id": o["deal_id"], "lead_id": o["lead_id"], "person_id": o["person_id"],
		"org_id": o["org_id"], "project_id": nil, "busy": false, "location": nil, "participants": []any{}, "attendees": []any{},
		"conference_meeting_client": nil, "conference_meeting_url": nil, "conference_meeting_id": nil,
		"public_description": nil, "priority": nil, "note": o["note"],
	}
	for k, v := range set {
		a[k] = v
	}
	if pid, ok := o["person_id"].(int64); ok {
		a["participants"] = []any{map[string]any{"person_id": pid, "primary": true}}
	}
	o["activity_id"] = acts.insert(a)
	return nil
}

// callLogOf finds the call log of the path, refusing one of another user.
func (f *filesFake) callLogOf(c *call) (string, object, *reply) {
	id := c.r.PathValue("id")
	f.mu.Lock()
	defer f.mu.Unlock()
	o, ok := f.callLogs[id]
	if !ok || o["user_id"] != c.user {
		return "", nil, notFound("Call log")
	}
	return id, clone(o), nil
}

func (f *filesFake) getCallLog(c *call) *reply {
	_, o, rp := f.callLogOf(c)
	if rp != nil {
		return rp
	}
	return v1OK(o, nil)
}

// listCallLogs lists the caller's call logs, the latest call first, at
// most 50 a page.
func (f *filesFake) listCallLogs(c *call) *reply {
	if l := c.r.URL.Query().Get("limit"); l != "" {
		if n, err := strconv.Atoi(l); err != nil || n < 1 || n > 50 {
			return badRequest("limit must be an integer from 1 to 50.")
		}
	}
	f.mu.Lock()
	var list []object
	for i := len(f.callOrder) - 1; i >= 0; i-- {
		if o := f.callLogs[f.callOrder[i]]; o["user_id"] == c.user {
			list = append(list, clone(o))
		}
	}
	f.mu.Unlock()
	sort.SliceStable(list, func(i, j int) bool {
		return fmt.Sprint(list[i]["start_time"]) > fmt.Sprint(list[j]["start_time"])
	})
	return pageV1(c, list)
}

func (f *filesFake) deleteCallLog(c *call) *reply {
	id, _, rp := f.callLogOf(c)
	if rp != nil {
		return rp
	}
	f.mu.Lock()
	delete(f.callLogs, id)
	delete(f.recordings, id)
	f.callOrder = slices.DeleteFunc(f.callOrder, func(s string) bool { return s == id })
	f.mu.Unlock()
	return jsonReply(http.StatusOK, map[string]any{"success": true})
}

// uploadRecording keeps the size and digest of an audio recording.
func (f *filesFake) uploadRecording(c *call) *reply {
	id, _, rp := f.callLogOf(c)
	if rp != nil {
		return rp
	}
	_, b, rp := f.readUpload(c.r, false)
	if rp != nil {
		return rp
	}
	if ct := b.contentType; !strings.HasPrefix(ct, "audio/") && ct != "application/octet-stream" && ct != "" {
		return badRequest("file must be an audio file (its part's Content-Type is " + strconv.Quote(ct) + ").")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	o, ok := f.callLogs[id]
	if !ok {
		return notFound("Call log")
	}
	o["has_recording"] = true
	f.recordings[id] = b
	return jsonReply(http.StatusOK, map[string]any{"success": true})
}

// ---- channels ----

var channelProviders = []string{"facebook", "whatsapp", "other"}

func (f *filesFake) createChannel(c *call) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	if rp := required(body, "name", "provider_channel_id"); rp != nil {
		return rp
	}
	o := object{"id": uuid(), "avatar_url": nil, "marketplace_client_id": f.s.client.id, "pd_company_id": CompanyID,
		"pd_user_id": c.user, "created_at": v1Time(c.now), "provider_type": "other", "template_support": false}
	for k, v := range body {
		switch k {
		case "name", "provider_channel_id", "avatar_url":
			s, ok := v.(string)
			if !ok {
				return badRequest(k + " must be a string.")
			}
			o[k] = s
		case "template_support":
			b, ok := v.(bool)
			if !ok {
				return badRequest("template_support must be a boolean.")
			}
			o[k] = b
		case "provider_type":
			if !slices.Contains(channelProviders, fmt.Sprint(v)) {
				return badRequest("provider_type must be one of facebook, whatsapp, other.")
			}
			o[k] = v
		default:
			return badRequest(k + " is not a property this endpoint accepts.")
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, ch := range f.channels {
		if ch["provider_channel_id"] == o["provider_channel_id"] {
			return badRequest("A channel with this provider_channel_id is already registered.")
		}
	}
	f.channels[o["id"].(string)] = o
	return v1OK(clone(o), nil)
}

// channelByProviderID returns the channel whose provider_channel_id is
// id; f.mu is held.
func (f *filesFake) channelByProviderID(id string) object {
	for _, ch := range f.channels {
		if ch["provider_channel_id"] == id {
			return ch
		}
	}
	return nil
}

func (f *filesFake) deleteChannel(c *call) *reply {
	id := c.r.PathValue("id")
	f.mu.Lock()
	defer f.mu.Unlock()
	ch, ok := f.channels[id]
	if !ok {
		return notFound("Channel")
	}
	delete(f.channels, id)
	prefix := fmt.Sprint(ch["provider_channel_id"]) + "\x00"
	for k := range f.messages {
		if strings.HasPrefix(k, prefix) {
			delete(f.messages, k)
		}
	}
	return jsonReply(http.StatusOK, map[string]any{"success": true})
}

var messageStatuses = []string{"sent", "delivered", "read", "failed"}

func (f *filesFake) receiveMessage(c *call) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	if rp := required(body, "id", "channel_id", "sender_id", "conversation_id", "message", "status", "created_at"); rp != nil {
		return rp
	}
	o := object{}
	for k, v := range body {
		switch k {
		case "id", "channel_id", "sender_id", "conversation_id", "message", "conversation_link":
			s, ok := v.(string)
			if !ok {
				return badRequest(k + " must be a string.")
			}
			o[k] = s
		case "status":
			if !slices.Contains(messageStatuses, fmt.Sprint(v)) {
				return badRequest("status must be one of sent, delivered, read, failed.")
			}
			o[k] = v
		case "created_at", "reply_by":
			t, ok := callTime(v)
			if !ok {
				return badRequest(k + " must be a date and time in UTC.")
			}
			o[k] = callStamp(t)
		case "attachments":
			list, ok := v.([]any)
			if !ok {
				return badRequest("attachments must be a list.")
			}
			for i, a := range list {
				am, ok := a.(map[string]any)
				if !ok {
					return badRequest(fmt.Sprintf("attachments[%d] must be an object.", i))
				}
				if rp := required(am, "id", "type", "url"); rp != nil {
					return rp
				}
			}
			o[k] = plainJSON(list)
		default:
			return badRequest(k + " is not a property this endpoint accepts.")
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.channelByProviderID(o["channel_id"].(string)) == nil {
		return notFound("Channel")
	}
	key := o["channel_id"].(string) + "\x00" + o["conversation_id"].(string)
	msgs := slices.DeleteFunc(f.messages[key], func(m object) bool { return m["id"] == o["id"] })
	f.messages[key] = append(msgs, o)
	return v1OK(clone(o), nil)
}

// ConversationMessages returns the messages received
// (POST /v1/channels/messages/receive) for a conversation, by the
// integration's ids of the channel and the conversation, in the order
// they arrived, in the API's JSON shape.
func (s *Server) ConversationMessages(channelID, conversationID string) []map[string]any {
	f := s.filesFamily()
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []map[string]any
	for _, m := range f.messages[channelID+"\x00"+conversationID] {
		out = append(out, clone(m))
	}
	return out
}

func (f *filesFake) deleteConversation(c *call) *reply {
	key := c.r.PathValue("channel_id") + "\x00" + c.r.PathValue("conversation_id")
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.channelByProviderID(c.r.PathValue("channel_id")) == nil {
		return notFound("Channel")
	}
	if _, ok := f.messages[key]; !ok {
		return notFound("Conversation")
	}
	delete(f.messages, key)
	return jsonReply(http.StatusOK, map[string]any{"success": true})
}

// ---- meetings ----

func (f *filesFake) saveProviderLink(c *call) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	if rp := required(body, "user_provider_id", "user_id", "company_id", "marketplace_client_id"); rp != nil {
		return rp
	}
	id, _ := body["user_provider_id"].(string)
	if !uuidPattern.MatchString(id) {
		return badRequest("user_provider_id must be a UUID.")
	}
	for _, k := range []string{"user_id", "company_id"} {
		if n, ok := toInt64(body[k]); !ok || n <= 0 {
			return badRequest(k + " must be a positive integer.")
		}
	}
	if _, ok := body["marketplace_client_id"].(string); !ok {
		return badRequest("marketplace_client_id must be a string.")
	}
	for k := range body {
		if !slices.Contains([]string{"user_provider_id", "user_id", "company_id", "marketplace_client_id"}, k) {
			return badRequest(k + " is not a property this endpoint accepts.")
		}
	}
	f.mu.Lock()
	f.links[id] = plainJSON(map[string]any(body)).(map[string]any)
	f.mu.Unlock()
	return v1OK(map[string]any{"message": "The user was added successfully"}, nil)
}

func (f *filesFake) deleteProviderLink(c *call) *reply {
	id := c.r.PathValue("id")
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.links[id]; !ok {
		return notFound("User provider link")
	}
	delete(f.links, id)
	return v1OK(map[string]any{"message": "The user data was successfully removed"}, nil)
}
