package pipedrivetest

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// Deleted deals: Pipedrive keeps a deleted deal for 30 days, listed by the
// deal lists with status=deleted (marked is_deleted, its update time the
// deletion's), so that a sync by update time learns of deletions. The
// fake keeps each deleted deal so for as long as the server runs; a get
// of one is still 404, as before.

// deletedDeals holds the deleted deals, by id, in their last state.
func (s *Server) deletedDeals() *collection {
	return s.collection("deleted deals", func() *collection { return &collection{label: "Deal"} })
}

// buryDeal keeps the deleted deal o, marked deleted at now.
func (s *Server) buryDeal(o object, now time.Time) {
	d := clone(o)
	d["is_deleted"], d["status"], d["update_time"] = true, "deleted", v2Time(now)
	s.deletedDeals().insert(d)
}

// dealStatuses parses a deal list's status: one status or a
// comma-separated list of them; nil for none (every deal not deleted).
func dealStatuses(raw string) ([]string, *reply) {
	if raw == "" {
		return nil, nil
	}
	var out []string
	for _, st := range strings.Split(raw, ",") {
		st = strings.TrimSpace(st)
		if !slices.Contains([]string{"open", "won", "lost", "deleted"}, st) {
			return nil, badRequest("status must be open, won, lost or deleted, or a comma-separated list of them.")
		}
		out = append(out, st)
	}
	return out, nil
}

// listedObjects returns the stored objects of e that a list considers:
// for deals whose statuses include deleted, the deleted ones too. Callers
// hold st.mu.
func (s *Server) listedObjects(st *store, e Entity, statuses []string) []object {
	out := slices.Collect(maps.Values(st.objects[e]))
	if e == Deal && slices.Contains(statuses, "deleted") {
		out = append(out, s.deletedDeals().all()...)
	}
	return out
}

// dealArchiveRoutes serves the archived deal list.
func (s *Server) dealArchiveRoutes(op opRoute) {
	op(ops.V2GetArchivedDeals, func(c *call) *reply { return s.listObjectsIn(c, Deal, true) })
}
