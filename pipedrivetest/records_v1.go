package pipedrivetest

import (
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// history is what the v1-only endpoints of deals, persons and
// organizations list about a record beyond its fields: its changelog,
// followers, files and mail messages, and a deal's participant changes.
// It lives in the store, under its lock.
type history struct {
	changes         map[Entity]map[int64][]change
	followers       map[Entity]map[int64][]follower
	followerChanges map[Entity]map[int64][]object
	files           map[Entity]map[int64][]object
	mail            map[Entity]map[int64][]object
	partChanges     map[int64][]object
	nextChange      int64
	nextFile        int64
	nextMail        int64
}

// change is one field change of a record.
type change struct {
	id       int64
	field    string
	custom   bool
	old, new any
	actor    int64
	at       time.Time
	agent    string
}

type follower struct {
	userID int64
	added  time.Time
}

func newHistory() history {
	return history{
		changes:         map[Entity]map[int64][]change{},
		followers:       map[Entity]map[int64][]follower{},
		followerChanges: map[Entity]map[int64][]object{},
		files:           map[Entity]map[int64][]object{},
		mail:            map[Entity]map[int64][]object{},
		partChanges:     map[int64][]object{},
	}
}

func appendTo[T any](m map[Entity]map[int64][]T, e Entity, id int64, v T) {
	if m[e] == nil {
		m[e] = map[int64][]T{}
	}
	m[e][id] = append(m[e][id], v)
}

// logChangesLocked records the fields an update changed. Callers hold
// st.mu.
func (st *store) logChangesLocked(e Entity, c *call, prev, next object) {
	keys := make([]string, 0, len(next))
	for k := range next {
		if k != "update_time" && k != "custom_fields" && k != "stage_change_time" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	agent := c.r.Header.Get("User-Agent")
	add := func(field string, custom bool, old, cur any) {
		st.hist.nextChange++
		appendTo(st.hist.changes, e, next["id"].(int64), change{id: st.hist.nextChange, field: field, custom: custom,
			old: old, new: cur, actor: c.user, at: c.now, agent: agent})
	}
	for _, k := range keys {
		if !reflect.DeepEqual(prev[k], next[k]) {
			add(k, false, prev[k], next[k])
		}
	}
	pc, _ := prev["custom_fields"].(map[string]any)
	nc, _ := next["custom_fields"].(map[string]any)
	codes := make([]string, 0, len(nc))
	for k := range nc {
		codes = append(codes, k)
	}
	sort.Strings(codes)
	for _, k := range codes {
		if !reflect.DeepEqual(pc[k], nc[k]) {
			add(k, true, pc[k], nc[k])
		}
	}
}

// changeText is a value as the v1 changelog shows it: text, or null.
func changeText(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		if x {
			return "1"
		}
		return "0"
	case []int64:
		parts := make([]string, len(x))
		for i, n := range x {
			parts[i] = strconv.FormatInt(n, 10)
		}
		return strings.Join(parts, ",")
	case map[string]any:
		if val, ok := x["value"]; ok {
			return changeText(val)
		}
	}
	return fmt.Sprint(v)
}

// recordRoutes registers the v1-only record endpoints of deals, persons
// and organizations, and the v2 followers of the three.
func (s *Server) recordRoutes(op opRoute) {
	type recordOps struct {
		changelog, files, flow, mail, users, merge              ops.Op
		followers, addFollower, deleteFollower, followerChanges ops.Op
	}
	for e, o := range map[Entity]recordOps{
		Deal: {ops.V1GetDealChangelog, ops.V1GetDealFiles, ops.V1GetDealUpdates, ops.V1GetDealMailMessages,
			ops.V1GetDealUsers, ops.V1MergeDeals, ops.V2GetDealFollowers, ops.V2AddDealFollower, ops.V2DeleteDealFollower,
			ops.V2GetDealFollowersChangelog},
		Person: {ops.V1GetPersonChangelog, ops.V1GetPersonFiles, ops.V1GetPersonUpdates, ops.V1GetPersonMailMessages,
			ops.V1GetPersonUsers, ops.V1MergePersons, ops.V2GetPersonFollowers, ops.V2AddPersonFollower,
			ops.V2DeletePersonFollower, ops.V2GetPersonFollowersChangelog},
		Organization: {ops.V1GetOrganizationChangelog, ops.V1GetOrganizationFiles, ops.V1GetOrganizationUpdates,
			ops.V1GetOrganizationMailMessages, ops.V1GetOrganizationUsers, ops.V1MergeOrganizations,
			ops.V2GetOrganizationFollowers, ops.V2AddOrganizationFollower, ops.V2DeleteOrganizationFollower,
			ops.V2GetOrganizationFollowersChangelog},
	} {
		op(o.changelog, func(c *call) *reply { return s.changelog(c, e) })
		op(o.files, func(c *call) *reply { return s.recordFiles(c, e) })
		op(o.flow, func(c *call) *reply { return s.flow(c, e) })
		op(o.mail, func(c *call) *reply { return s.mailMessages(c, e) })
		op(o.users, func(c *call) *reply { return s.permittedUsers(c, e) })
		op(o.merge, func(c *call) *reply { return s.merge(c, e) })
		op(o.followers, func(c *call) *reply { return s.followers(c, e) })
		op(o.addFollower, func(c *call) *reply { return s.addFollower(c, e) })
		op(o.deleteFollower, func(c *call) *reply { return s.deleteFollower(c, e) })
		op(o.followerChanges, func(c *call) *reply { return s.followerChangelog(c, e) })
	}
	op(ops.V1GetDealsSummary, func(c *call) *reply { return s.dealsSummaryV1(c, false) })
	op(ops.V1GetArchivedDealsSummary, func(c *call) *reply { return s.dealsSummaryV1(c, true) })
	op(ops.V1GetDealsTimeline, func(c *call) *reply { return s.dealsTimeline(c, false) })
	op(ops.V1GetArchivedDealsTimeline, func(c *call) *reply { return s.dealsTimeline(c, true) })
	op(ops.V1DuplicateDeal, s.duplicateDeal)
	op(ops.V1DeleteDealParticipant, s.deleteParticipant)
	op(ops.V1GetDealParticipantsChangelog, s.participantsChangelog)
}

// recordLocked finds the path's record. Callers hold st.mu.
func (st *store) recordLocked(c *call, e Entity) (int64, object, *reply) {
	id, rp := pathID(c, "id")
	if rp != nil {
		return 0, nil, rp
	}
	o := st.objects[e][id]
	if o == nil {
		return 0, nil, notFound(entityInfo[e].label)
	}
	return id, o, nil
}

func (s *Server) changelog(c *call, e Entity) *reply {
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	id, _, rp := st.recordLocked(c, e)
	if rp != nil {
		return rp
	}
	all := st.hist.changes[e][id]
	list := make([]object, 0, len(all))
	for i := len(all) - 1; i >= 0; i-- { // newest first
		ch := all[i]
		var agent any
		if ch.agent != "" {
			agent = ch.agent
		}
		list = append(list, object{"field_key": ch.field, "old_value": changeText(ch.old), "new_value": changeText(ch.new),
			"actor_user_id": ch.actor, "time": v1Time(ch.at), "change_source": "api", "change_source_user_agent": agent,
			"is_bulk_update_flag": false})
	}
	return pageV2(c, list) // the v1 changelogs page with cursors
}

// AttachFile links a file named name to record id of entity e (a deal,
// person or organization), as if a user had uploaded it, without spending
// any limit: the record's v1 files list and flow then show it. It returns
// the file's id.
func (s *Server) AttachFile(e Entity, id int64, name string) (int64, error) {
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	o := st.objects[e][id]
	if o == nil {
		return 0, fmt.Errorf("pipedrivetest: attach file: no %s %d", e, id)
	}
	st.hist.nextFile++
	fid := st.hist.nextFile
	now := v1Time(s.clock.Now())
	ext := ""
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		ext = name[i+1:]
	}
	f := object{"id": fid, "user_id": DefaultUserID, "add_time": now, "update_time": now, "file_name": name,
		"name": name, "file_type": ext, "file_size": int64(1024 + len(name)), "active_flag": true, "inline_flag": false,
		"remote_location": "s3", "remote_id": fmt.Sprintf("pdt-file-%d", fid), "s3_bucket": "pipedrivetest",
		"url": fmt.Sprintf("%s/v1/files/%d/download", s.URL, fid), "description": ""}
	key, label := linkKeys(e)
	f[key], f[label] = id, o[titleKey(e)]
	appendTo(st.hist.files, e, id, f)
	return fid, nil
}

// AttachMailMessage links a mail message from sender with subject to
// record id of entity e, as if a user's synced mailbox had linked it: the
// record's v1 mail messages and flow then show it. It returns the
// message's id.
func (s *Server) AttachMailMessage(e Entity, id int64, from, subject string) (int64, error) {
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.objects[e][id] == nil {
		return 0, fmt.Errorf("pipedrivetest: attach mail message: no %s %d", e, id)
	}
	st.hist.nextMail++
	mid := st.hist.nextMail
	now := v1Time(s.clock.Now())
	party := func(email string) []any {
		return []any{map[string]any{"id": int64(0), "email_address": email, "name": "", "linked_person_id": nil}}
	}
	m := object{"id": mid, "from": party(from), "to": party(fmt.Sprintf("user%d@example.com", DefaultUserID)),
		"cc": []any{}, "bcc": []any{}, "user_id": DefaultUserID, "mail_thread_id": mid, "subject": subject,
		"snippet": subject, "read_flag": 0, "draft_flag": 0, "synced_flag": 1, "deleted_flag": 0,
		"external_deleted_flag": 0, "has_body_flag": 1, "sent_flag": 0, "sent_from_pipedrive_flag": 0,
		"smart_bcc_flag": 0, "has_attachments_flag": 0, "has_inline_attachments_flag": 0,
		"has_real_attachments_flag": 0, "mail_link_tracking_enabled_flag": 0, "message_time": now, "add_time": now,
		"update_time": now, "timestamp": now, "body_url": fmt.Sprintf("%s/v1/mailbox/mailMessages/%d", s.URL, mid),
		"company_id": s.company.id, "item_type": "mailMessage"}
	appendTo(st.hist.mail, e, id, m)
	return mid, nil
}

// linkKeys are the members by which files name their record: the id and
// its title.
func linkKeys(e Entity) (string, string) {
	switch e {
	case Deal:
		return "deal_id", "deal_name"
	case Person:
		return "person_id", "person_name"
	}
	return "org_id", "org_name"
}

func titleKey(e Entity) string {
	if e == Deal {
		return "title"
	}
	return "name"
}

func (s *Server) recordFiles(c *call, e Entity) *reply {
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	id, _, rp := st.recordLocked(c, e)
	if rp != nil {
		return rp
	}
	files := cloneAll(st.hist.files[e][id])
	by, desc, _ := strings.Cut(c.r.URL.Query().Get("sort"), " ")
	switch by {
	case "", "id":
	case "update_time":
		sort.SliceStable(files, func(i, j int) bool { return files[i]["update_time"].(string) < files[j]["update_time"].(string) })
	default:
		return badRequest("sort may be id or update_time, with ASC or DESC.")
	}
	if strings.EqualFold(strings.TrimSpace(desc), "DESC") {
		slices.Reverse(files)
	}
	return pageV1(c, files)
}

func cloneAll(list []object) []object {
	out := make([]object, len(list))
	for i, o := range list {
		out[i] = clone(o)
	}
	return out
}

func (s *Server) mailMessages(c *call, e Entity) *reply {
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	id, _, rp := st.recordLocked(c, e)
	if rp != nil {
		return rp
	}
	list := []object{}
	for _, m := range st.hist.mail[e][id] {
		list = append(list, object{"object": "mailMessage", "timestamp": m["timestamp"], "data": clone(m)})
	}
	return pageV1(c, list)
}

// flow lists a record's updates, newest first: its field changes (custom
// fields with all_changes=1), notes, activities, files and mail messages.
func (s *Server) flow(c *call, e Entity) *reply {
	q := c.r.URL.Query()
	all := q.Get("all_changes") == "1"
	var only []string
	if v := q.Get("items"); v != "" {
		only = strings.Split(v, ",")
	}
	notes := s.collection("notes", func() *collection { return &collection{label: "Note", v1: true} }).all()
	acts := s.collection("activities", func() *collection { return &collection{label: "Activity"} }).all()
	key, _ := linkKeys(e)
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	id, _, rp := st.recordLocked(c, e)
	if rp != nil {
		return rp
	}
	type entry struct {
		at   string // v1 time, sortable
		item object
	}
	var entries []entry
	add := func(kind, at string, data object) {
		if only == nil || slices.Contains(only, kind) {
			entries = append(entries, entry{at, object{"object": kind, "timestamp": at, "data": data}})
		}
	}
	for _, ch := range st.hist.changes[e][id] {
		if ch.custom && !all {
			continue
		}
		at := v1Time(ch.at)
		add(string(e)+"Change", at, object{"id": ch.id, "item_id": id, "user_id": ch.actor, "field_key": ch.field,
			"old_value": changeText(ch.old), "new_value": changeText(ch.new), "is_bulk_update_flag": false,
			"log_time": at, "change_source": "api", "change_source_user_agent": ch.agent, "additional_data": []any{}})
	}
	for _, n := range notes {
		if plInt64(n[key]) == id {
			at, _ := n["add_time"].(string)
			add("note", at, n)
		}
	}
	for _, a := range acts {
		if at, ok := v1Stamp(a["add_time"]).(string); ok && plInt64(a[key]) == id {
			add("activity", at, a)
		}
	}
	for _, f := range st.hist.files[e][id] {
		add("file", f["add_time"].(string), clone(f))
	}
	for _, m := range st.hist.mail[e][id] {
		add("mailMessage", m["timestamp"].(string), clone(m))
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].at > entries[j].at })
	list := make([]object, len(entries))
	for i, en := range entries {
		list[i] = en.item
	}
	return pageV1(c, list)
}

// permittedUsers answers the users who may see the record: every user of
// the company, as the fake shares every record with the company.
func (s *Server) permittedUsers(c *call, e Entity) *reply {
	st := s.data
	st.mu.Lock()
	_, _, rp := st.recordLocked(c, e)
	st.mu.Unlock()
	if rp != nil {
		return rp
	}
	var ids []int64
	for _, u := range s.userRecords().all() {
		if active, _ := u["active_flag"].(bool); active {
			ids = append(ids, u["id"].(int64))
		}
	}
	return v1OK(ids, nil)
}

// merge merges the path's record into merge_with_id, which survives: the
// merged record's links (deals of a person, persons of an organization,
// participants, followers, changelog, files, mail messages, notes and
// activities) move to it, and the merged record is gone.
func (s *Server) merge(c *call, e Entity) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	for k := range body {
		if k != "merge_with_id" {
			return badRequest(k + " is not a property this endpoint accepts")
		}
	}
	into, err := asInt(body["merge_with_id"])
	if err != nil || into <= 0 {
		return badRequest("merge_with_id is required and must be a positive integer")
	}
	key, _ := linkKeys(e)
	st := s.data
	st.mu.Lock()
	id, gone, rp := st.recordLocked(c, e)
	if rp != nil {
		st.mu.Unlock()
		return rp
	}
	survivor := st.objects[e][into]
	if survivor == nil || into == id {
		st.mu.Unlock()
		return badRequest(fmt.Sprintf("merge_with_id must name another existing %s", e))
	}
	for _, other := range entityOrder {
		for _, o := range st.objects[other] {
			if plInt64(o[key]) == id {
				o[key] = into
			}
		}
	}
	if e == Deal {
		st.parts[into] = append(st.parts[into], st.parts[id]...)
		delete(st.parts, id)
	}
	for _, m := range []map[Entity]map[int64][]object{st.hist.files, st.hist.mail, st.hist.followerChanges} {
		if m[e] != nil {
			m[e][into] = append(m[e][into], m[e][id]...)
			delete(m[e], id)
		}
	}
	if cs := st.hist.changes[e]; cs != nil {
		cs[into] = append(cs[into], cs[id]...)
		delete(cs, id)
	}
	if fs := st.hist.followers[e]; fs != nil {
		for _, f := range fs[id] {
			if !slices.ContainsFunc(fs[into], func(x follower) bool { return x.userID == f.userID }) {
				fs[into] = append(fs[into], f)
			}
		}
		delete(fs, id)
	}
	delete(st.objects[e], id)
	survivor["update_time"] = v2Time(c.now)
	out := st.v1Record(s, e, survivor)
	s.deliver(s.eventsLocked(st, e, "delete", c.user, nil, gone, c.now))
	st.mu.Unlock()
	// Notes and activities live in collections of their own, which are
	// never locked while holding the store's lock.
	for _, coll := range []*collection{
		s.collection("notes", func() *collection { return &collection{label: "Note", v1: true} }),
		s.collection("activities", func() *collection { return &collection{label: "Activity"} }),
		s.productsColl(collDealProducts),
	} {
		coll.mu.Lock()
		for _, o := range coll.objects {
			if plInt64(o[key]) == id {
				o[key] = into
			}
		}
		coll.mu.Unlock()
	}
	return v1OK(out, nil)
}

// v1Record renders a stored record in v1's shape: deals as the v1 deal
// endpoints do; persons and organizations with v1's names for the members
// v2 renamed. Callers hold st.mu.
func (st *store) v1Record(s *Server, e Entity, o object) object {
	if e == Deal {
		return s.v1Deal(st, o, nil)
	}
	out := object{}
	for k, v := range o {
		switch k {
		case "custom_fields", "owner_id", "emails", "phones":
		case "add_time", "update_time":
			out[k] = v1Stamp(v)
		default:
			out[k] = v
		}
	}
	out["owner_id"] = o["owner_id"]
	if e == Person {
		out["email"], out["phone"] = o["emails"], o["phones"]
	}
	if vt, ok := o["visible_to"].(int64); ok {
		out["visible_to"] = strconv.FormatInt(vt, 10)
	}
	cf, _ := o["custom_fields"].(map[string]any)
	for _, f := range st.fields[e] {
		putV1Custom(out, f, cf[f.key])
	}
	return out
}

func (s *Server) followers(c *call, e Entity) *reply {
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	id, _, rp := st.recordLocked(c, e)
	if rp != nil {
		return rp
	}
	list := []object{}
	for _, f := range st.hist.followers[e][id] {
		list = append(list, object{"user_id": f.userID, "add_time": v2Time(f.added)})
	}
	return pageV2(c, list)
}

func (s *Server) addFollower(c *call, e Entity) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	for k := range body {
		if k != "user_id" {
			return badRequest(k + " is not a property this endpoint accepts")
		}
	}
	user, err := asInt(body["user_id"])
	if err != nil || user <= 0 {
		return badRequest("user_id is required and must be a positive integer")
	}
	if _, ok := s.userRecords().find(user); !ok {
		return badRequest(fmt.Sprintf("user_id %d is not a user of the company", user))
	}
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	id, _, rp := st.recordLocked(c, e)
	if rp != nil {
		return rp
	}
	if slices.ContainsFunc(st.hist.followers[e][id], func(f follower) bool { return f.userID == user }) {
		return badRequest(fmt.Sprintf("The user already follows the %s", e))
	}
	appendTo(st.hist.followers, e, id, follower{userID: user, added: c.now})
	appendTo(st.hist.followerChanges, e, id, object{"action": "added", "actor_user_id": c.user,
		"follower_user_id": user, "time": v2Time(c.now)})
	return created(v2OK(map[string]any{"user_id": user, "add_time": v2Time(c.now)}, nil))
}

func (s *Server) deleteFollower(c *call, e Entity) *reply {
	user, rp := pathID(c, "follower_id")
	if rp != nil {
		return rp
	}
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	id, _, rp := st.recordLocked(c, e)
	if rp != nil {
		return rp
	}
	fs := st.hist.followers[e][id]
	i := slices.IndexFunc(fs, func(f follower) bool { return f.userID == user })
	if i < 0 {
		return notFound("Follower")
	}
	st.hist.followers[e][id] = slices.Delete(fs, i, i+1)
	appendTo(st.hist.followerChanges, e, id, object{"action": "removed", "actor_user_id": c.user,
		"follower_user_id": user, "time": v2Time(c.now)})
	return v2OK(map[string]any{"user_id": user}, nil)
}

func (s *Server) followerChangelog(c *call, e Entity) *reply {
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	id, _, rp := st.recordLocked(c, e)
	if rp != nil {
		return rp
	}
	return pageV2(c, cloneAll(st.hist.followerChanges[e][id]))
}

// dealsMatching returns the deals a summary or timeline counts: archived
// or not, and the query's status, user_id, pipeline_id, stage_id and
// filter_id. Callers hold st.mu.
func (s *Server) dealsMatching(c *call, st *store, archived bool, keep func(*store, object) bool) ([]object, *reply) {
	q := c.r.URL.Query()
	status := q.Get("status")
	if status != "" && !slices.Contains([]string{"open", "won", "lost"}, status) {
		return nil, badRequest("status must be open, won or lost.")
	}
	eq := map[string]int64{}
	for _, name := range []string{"user_id", "pipeline_id", "stage_id"} {
		if v := q.Get(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				return nil, badRequest(name + " must be a positive integer.")
			}
			eq[name] = n
		}
	}
	var out []object
	for _, d := range st.objects[Deal] {
		if arch, _ := d["is_archived"].(bool); arch != archived {
			continue
		}
		if status != "" && d["status"] != status {
			continue
		}
		if n, ok := eq["user_id"]; ok && d["owner_id"] != n {
			continue
		}
		if n, ok := eq["pipeline_id"]; ok && d["pipeline_id"] != n {
			continue
		}
		if n, ok := eq["stage_id"]; ok && d["stage_id"] != n {
			continue
		}
		if keep != nil && !keep(st, d) {
			continue
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i]["id"].(int64) < out[j]["id"].(int64) })
	return out, nil
}

// currencyTotals sums deals' values (and weighted values) per currency.
type currencyTotals map[string]*struct {
	count           int
	value, weighted float64
}

func (t currencyTotals) add(d object, infos map[int64]stageInfo) {
	cur, _ := d["currency"].(string)
	value, _ := d["value"].(float64)
	if t[cur] == nil {
		t[cur] = &struct {
			count           int
			value, weighted float64
		}{}
	}
	t[cur].count++
	t[cur].value += value
	t[cur].weighted += value * weightOf(d, infos)
}

// dealsSummaryV1 totals deals per currency. The fake has no exchange
// rates: converted totals treat every currency at par, in USD.
func (s *Server) dealsSummaryV1(c *call, archived bool) *reply {
	keep, rp := s.filterKeep(c, Deal)
	if rp != nil {
		return rp
	}
	infos := s.stageInfos()
	st := s.data
	st.mu.Lock()
	deals, rp := s.dealsMatching(c, st, archived, keep)
	st.mu.Unlock()
	if rp != nil {
		return rp
	}
	totals := currencyTotals{}
	for _, d := range deals {
		totals.add(d, infos)
	}
	values, weighted := map[string]any{}, map[string]any{}
	var sum, wsum float64
	for cur, t := range totals {
		values[cur] = map[string]any{"count": t.count, "value": t.value, "value_converted": t.value,
			"value_formatted": formatMoney(t.value, cur), "value_converted_formatted": formatMoney(t.value, "USD")}
		weighted[cur] = map[string]any{"count": t.count, "value": t.weighted, "value_formatted": formatMoney(t.weighted, cur)}
		sum += t.value
		wsum += t.weighted
	}
	return v1OK(map[string]any{"values_total": values, "weighted_values_total": weighted, "total_count": len(deals),
		"total_currency_converted_value": sum, "total_weighted_currency_converted_value": wsum,
		"total_currency_converted_value_formatted":          formatMoney(sum, "USD"),
		"total_weighted_currency_converted_value_formatted": formatMoney(wsum, "USD")}, nil)
}

// timelineIntervals advance a period's start.
var timelineIntervals = map[string]func(time.Time) time.Time{
	"day":     func(t time.Time) time.Time { return t.AddDate(0, 0, 1) },
	"week":    func(t time.Time) time.Time { return t.AddDate(0, 0, 7) },
	"month":   func(t time.Time) time.Time { return t.AddDate(0, 1, 0) },
	"quarter": func(t time.Time) time.Time { return t.AddDate(0, 3, 0) },
}

// dealsTimeline groups open and won deals into periods by a date field.
func (s *Server) dealsTimeline(c *call, archived bool) *reply {
	q := c.r.URL.Query()
	start, err := time.Parse(time.DateOnly, q.Get("start_date"))
	if err != nil {
		return badRequest("start_date is required: YYYY-MM-DD.")
	}
	next, ok := timelineIntervals[q.Get("interval")]
	if !ok {
		return badRequest("interval must be day, week, month or quarter.")
	}
	amount, err := strconv.Atoi(q.Get("amount"))
	if err != nil || amount <= 0 || amount > 500 {
		return badRequest("amount must be a positive integer.")
	}
	field := q.Get("field_key")
	if field == "" {
		return badRequest("field_key is required: the date field to group by.")
	}
	exclude := q.Get("exclude_deals") == "1"
	keep, rp := s.filterKeep(c, Deal)
	if rp != nil {
		return rp
	}
	infos := s.stageInfos()
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	deals, rp := s.dealsMatching(c, st, archived, keep)
	if rp != nil {
		return rp
	}
	at := func(d object) (time.Time, bool) {
		v := d[field]
		if cf, ok := d["custom_fields"].(map[string]any); ok && st.byKey[Deal][field] != nil {
			v = cf[field]
		}
		str, _ := v.(string)
		for _, layout := range []string{time.RFC3339, time.DateOnly} {
			if t, err := time.Parse(layout, str); err == nil {
				return t, true
			}
		}
		return time.Time{}, false
	}
	periods := make([]any, 0, amount)
	for from := start; len(periods) < amount; from = next(from) {
		to := next(from)
		totals, open, won := currencyTotals{}, currencyTotals{}, currencyTotals{}
		list := []any{}
		for _, d := range deals {
			t, ok := at(d)
			if !ok || t.Before(from) || !t.Before(to) || (d["status"] != "open" && d["status"] != "won") {
				continue
			}
			totals.add(d, infos)
			if d["status"] == "open" {
				open.add(d, infos)
			} else {
				won.add(d, infos)
			}
			if !exclude {
				list = append(list, s.v1Deal(st, d, infos))
			}
		}
		sums := func(t currencyTotals, weighted bool) map[string]any {
			out := map[string]any{}
			for cur, x := range t {
				if weighted {
					out[cur] = x.weighted
				} else {
					out[cur] = x.value
				}
			}
			return out
		}
		count := func(t currencyTotals) int {
			n := 0
			for _, x := range t {
				n += x.count
			}
			return n
		}
		periods = append(periods, map[string]any{
			"period_start": v1Time(from), "period_end": v1Time(to.Add(-time.Second)), "deals": list,
			"totals": map[string]any{"count": count(totals), "values": sums(totals, false),
				"weighted_values": sums(totals, true), "open_count": count(open), "open_values": sums(open, false),
				"weighted_open_values": sums(open, true), "won_count": count(won), "won_values": sums(won, false)},
		})
	}
	return v1OK(periods, nil)
}

// duplicateDeal copies a deal (fields, custom fields, participants) into
// a new one.
func (s *Server) duplicateDeal(c *call) *reply {
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	id, o, rp := st.recordLocked(c, Deal)
	if rp != nil {
		return rp
	}
	nid := st.nextID[Deal] + 1
	cp := clone(o)
	now := v2Time(c.now)
	cp["id"], cp["add_time"], cp["update_time"], cp["creator_user_id"] = nid, now, now, c.user
	st.nextID[Deal] = nid
	st.objects[Deal][nid] = cp
	for _, p := range st.parts[id] {
		st.nextPart++
		st.parts[nid] = append(st.parts[nid], participant{id: st.nextPart, personID: p.personID, added: c.now, addedBy: c.user})
	}
	s.deliver(s.eventsLocked(st, Deal, "create", c.user, cp, nil, c.now))
	return v1OK(s.v1Deal(st, cp, nil), nil)
}

func (s *Server) deleteParticipant(c *call) *reply {
	pid, rp := pathID(c, "deal_participant_id")
	if rp != nil {
		return rp
	}
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	id, _, rp := st.recordLocked(c, Deal)
	if rp != nil {
		return rp
	}
	parts := st.parts[id]
	i := slices.IndexFunc(parts, func(p participant) bool { return p.id == pid })
	if i < 0 {
		return notFound("Participant")
	}
	st.hist.partChanges[id] = append(st.hist.partChanges[id], object{"action": "removed", "actor_user_id": c.user,
		"person_id": parts[i].personID, "time": v1Time(c.now)})
	st.parts[id] = slices.Delete(parts, i, i+1)
	return jsonReply(http.StatusOK, map[string]any{"success": true, "data": map[string]any{"id": pid}})
}

func (s *Server) participantsChangelog(c *call) *reply {
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	id, _, rp := st.recordLocked(c, Deal)
	if rp != nil {
		return rp
	}
	return pageV2(c, cloneAll(st.hist.partChanges[id]))
}
