package pipedrivetest

import (
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// recentItems are the item types /recents accepts.
var recentItems = []string{"activity", "activityType", "deal", "file", "filter", "note", "person", "organization",
	"pipeline", "product", "stage", "user"}

// recentCollections names the collection (see collection.go) that holds
// each item type served by another resource file, when the server has
// one; the recents list reports its records too.
var recentCollections = map[string]string{
	"activity": "activities", "activityType": "activityTypes", "file": "files", "filter": "filters",
	"note": "notes", "pipeline": "pipelines", "product": "products", "stage": "stages",
}

func (s *Server) recentsRoutes(op opRoute) {
	op(ops.V1GetRecents, s.listRecents)
}

// existingCollection returns the collection named name if some resource
// file built it, without building it.
func (s *Server) existingCollection(name string) *collection {
	s.collMu.Lock()
	defer s.collMu.Unlock()
	return s.colls[name]
}

// stampOf reads a record's time member in either API version's format.
func stampOf(o object, keys ...string) (time.Time, bool) {
	for _, k := range keys {
		v, _ := o[k].(string)
		if v == "" {
			continue
		}
		for _, layout := range []string{time.RFC3339, time.DateTime} {
			if t, err := time.Parse(layout, v); err == nil {
				return t.UTC(), true
			}
		}
	}
	return time.Time{}, false
}

// listRecents answers the records changed after since_timestamp: the
// deals, persons, organizations and users the server holds (by
// update_time, or add_time when never updated; users by modified), and
// the records of the other resource files' collections, oldest first.
func (s *Server) listRecents(c *call) *reply {
	q := c.r.URL.Query()
	since, err := time.Parse(time.DateTime, q.Get("since_timestamp"))
	if err != nil {
		return badRequest("since_timestamp is required, as YYYY-MM-DD HH:MM:SS in UTC.")
	}
	items, rp := commaList(c, "items", recentItems)
	if rp != nil {
		return rp
	}
	if items == nil {
		items = recentItems
	}
	start, limit, rp := v1Paging(c)
	if rp != nil {
		return rp
	}

	type change struct {
		at   time.Time
		item string
		id   int64
		data object
	}
	var all []change
	add := func(item string, o object, keys ...string) {
		at, ok := stampOf(o, keys...)
		id, _ := toInt64(o["id"])
		if ok && at.After(since) {
			all = append(all, change{at, item, id, o})
		}
	}
	st := s.data
	st.mu.Lock()
	for _, e := range entityOrder {
		if !slices.Contains(items, string(e)) {
			continue
		}
		for _, id := range sortedIDs(st.objects[e]) {
			add(string(e), clone(st.objects[e][id]), "update_time", "add_time")
		}
	}
	st.mu.Unlock()
	if slices.Contains(items, "user") {
		for _, o := range s.userRecords().all() {
			add("user", userView(o, c, false), "modified", "created")
		}
	}
	for _, item := range items {
		if name, ok := recentCollections[item]; ok {
			if coll := s.existingCollection(name); coll != nil {
				for _, o := range coll.all() {
					add(item, o, "update_time", "add_time")
				}
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		if !all[i].at.Equal(all[j].at) {
			return all[i].at.Before(all[j].at)
		}
		if all[i].item != all[j].item {
			return strings.Compare(all[i].item, all[j].item) < 0
		}
		return all[i].id < all[j].id
	})

	end := min(start+limit, len(all))
	data := []any{}
	var last any
	for i := start; i < end; i++ {
		ch := all[i]
		data = append(data, map[string]any{"item": ch.item, "id": ch.id, "data": ch.data})
		last = v1Time(ch.at)
	}
	more := end < len(all)
	page := map[string]any{"start": start, "limit": limit, "more_items_in_collection": more}
	if more {
		page["next_start"] = end
	}
	return jsonReply(http.StatusOK, map[string]any{
		"success": true,
		"data":    data,
		"additional_data": map[string]any{
			"since_timestamp": v1Time(since), "last_timestamp_on_page": last, "pagination": page,
		},
	})
}
