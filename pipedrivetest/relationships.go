package pipedrivetest

import (
	"fmt"
	"strconv"

	"github.com/pipedrive-go/pipedrive/internal/ops"
)

func (s *Server) relationshipRoutes(op opRoute) {
	rels := s.collection("organizationRelationships", func() *collection {
		return &collection{label: "Organization relationship", v1: true}
	})
	op(ops.V1GetOrganizationRelationships, func(c *call) *reply { return s.listRelationships(c, rels) })
	op(ops.V1GetOrganizationRelationship, func(c *call) *reply {
		id, rp := pathID(c, "id")
		if rp != nil {
			return rp
		}
		base, rp := queryOrgID(c, false)
		if rp != nil {
			return rp
		}
		o, ok := rels.find(id)
		if !ok {
			return notFound("Organization relationship")
		}
		return v1OK(s.relationshipJSON(o, base), nil)
	})
	op(ops.V1AddOrganizationRelationship, func(c *call) *reply { return s.writeRelationship(c, rels, 0) })
	op(ops.V1UpdateOrganizationRelationship, func(c *call) *reply {
		id, rp := pathID(c, "id")
		if rp != nil {
			return rp
		}
		return s.writeRelationship(c, rels, id)
	})
	op(ops.V1DeleteOrganizationRelationship, rels.delete)
}

// queryOrgID reads the org_id query parameter (0 when absent and not
// required).
func queryOrgID(c *call, required bool) (int64, *reply) {
	v := c.r.URL.Query().Get("org_id")
	if v == "" {
		if required {
			return 0, badRequest("org_id is required.")
		}
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, badRequest("org_id must be a positive integer.")
	}
	return id, nil
}

// relationshipSide renders one organization of a relationship as v1
// does: the organization's summary with its id as "value".
func (s *Server) relationshipSide(id int64) map[string]any {
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	side := map[string]any{"value": id, "name": nil, "people_count": 0, "owner_id": nil, "address": nil,
		"active_flag": false, "cc_email": fmt.Sprintf("pipedrivetest+org%d@pipedrivemail.com", id)}
	o := st.objects[Organization][id]
	if o == nil {
		return side
	}
	people := 0
	for _, p := range st.objects[Person] {
		if p["org_id"] == id {
			people++
		}
	}
	side["name"], side["owner_id"], side["people_count"], side["active_flag"] = o["name"], o["owner_id"], people, true
	if a, ok := o["address"].(map[string]any); ok {
		side["address"] = a["value"]
	}
	return side
}

// relationshipJSON renders a stored relationship, with its calculated
// fields seen from the organization base (none when base is 0).
func (s *Server) relationshipJSON(o object, base int64) object {
	owner, _ := toInt64(o["rel_owner_org_id"])
	linked, _ := toInt64(o["rel_linked_org_id"])
	out := object{
		"id": o["id"], "type": o["type"], "add_time": o["add_time"], "update_time": o["update_time"],
		"active_flag":      "true",
		"rel_owner_org_id": s.relationshipSide(owner), "rel_linked_org_id": s.relationshipSide(linked),
	}
	if base == owner || base == linked {
		// The calculated type is the other organization's role: the
		// owner of a parent relationship is the parent, the linked
		// organization its daughter.
		other, typ := linked, o["type"]
		if base == linked {
			other = owner
		} else if typ == "parent" {
			typ = "daughter"
		}
		out["calculated_type"], out["calculated_related_org_id"] = typ, other
		out["related_organization_name"] = s.relationshipSide(other)["name"]
	}
	return out
}

func (s *Server) listRelationships(c *call, rels *collection) *reply {
	base, rp := queryOrgID(c, true)
	if rp != nil {
		return rp
	}
	var list []object
	for _, o := range rels.all() {
		if o["rel_owner_org_id"] == base || o["rel_linked_org_id"] == base {
			list = append(list, s.relationshipJSON(o, base))
		}
	}
	return pageV1(c, list)
}

// writeRelationship creates (id 0) or changes relationship id.
func (s *Server) writeRelationship(c *call, rels *collection, id int64) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	set := object{}
	var base int64
	for k, v := range body {
		switch k {
		case "type":
			t, _ := v.(string)
			if t != "parent" && t != "related" {
				return badRequest("type must be parent or related.")
			}
			set[k] = t
		case "rel_owner_org_id", "rel_linked_org_id", "org_id":
			n, err := asInt(v)
			if err != nil || n <= 0 {
				return badRequest(k + " must be a positive integer.")
			}
			if k == "org_id" {
				base = n
				continue
			}
			if _, ok := s.Object(Organization, n); !ok {
				return badRequest(k + " does not name an existing organization.")
			}
			set[k] = n
		default:
			return badRequest(k + " is not a property this endpoint accepts.")
		}
	}
	now := v1Time(c.now)
	if id == 0 {
		for _, k := range []string{"type", "rel_owner_org_id", "rel_linked_org_id"} {
			if _, ok := set[k]; !ok {
				return badRequest(k + " is required.")
			}
		}
		if set["rel_owner_org_id"] == set["rel_linked_org_id"] {
			return badRequest("An organization cannot be related to itself.")
		}
		set["add_time"], set["update_time"] = now, now
		newID := rels.insert(set)
		o, _ := rels.find(newID)
		return v1OK(s.relationshipJSON(o, base), nil)
	}
	var stored object
	rp = rels.mutate(id, func(o object) *reply {
		next := clone(o)
		for k, v := range set {
			next[k] = v
		}
		if next["rel_owner_org_id"] == next["rel_linked_org_id"] {
			return badRequest("An organization cannot be related to itself.")
		}
		next["update_time"] = now
		rels.objects[id] = next
		stored = clone(next)
		return nil
	})
	if rp != nil {
		return rp
	}
	return v1OK(s.relationshipJSON(stored, base), nil)
}
