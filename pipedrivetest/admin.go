package pipedrivetest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// The company administration family: saved filters (admin_filters.go),
// goals (admin_goals.go), roles, permission sets, legacy teams and the
// subscription's add-ons.

// adminRoutes registers the family's operations.
func (s *Server) adminRoutes(op opRoute) {
	s.filterRoutes(op)
	s.goalRoutes(op)
	s.roleRoutes(op)
	s.permissionSetRoutes(op)
	s.teamRoutes(op)
	op(ops.V1GetCompanyAddons, s.listAddons)
}

// companyUsersLocked returns the ids of the users the server knows (those
// its tokens act as), sorted. Callers hold s.mu.
func (s *Server) companyUsersLocked() []int64 {
	ids := make([]int64, 0, len(s.users))
	for id := range s.users {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

func (s *Server) companyUsers() []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.companyUsersLocked()
}

// --- roles ---

// DefaultRoleID is the role every user holds until assigned another, and
// returns to when removed from one.
const DefaultRoleID int64 = 1

var roleSettingKeys = []string{"deal_default_visibility", "lead_default_visibility", "org_default_visibility",
	"person_default_visibility", "product_default_visibility"}

func (s *Server) roles() *collection {
	c := s.collection("roles", func() *collection { return &collection{label: "Role", v1: true} })
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.next == 0 { // seed the default role once
		c.insertLocked(object{"id": DefaultRoleID, "parent_role_id": nil, "name": "(Unassigned users)", "active_flag": true})
	}
	return c
}

// roleAssignments holds, per user id (the record id), the role_id of a
// user assigned to a role other than the default one.
func (s *Server) roleAssignments() *collection {
	return s.collection("role_assignments", func() *collection { return &collection{label: "Role assignment", v1: true} })
}

func (s *Server) roleRoutes(op opRoute) {
	op(ops.V1GetRoles, s.listRoles)
	op(ops.V1AddRole, s.createRole)
	op(ops.V1GetRole, s.getRole)
	op(ops.V1UpdateRole, s.updateRole)
	op(ops.V1DeleteRole, s.deleteRole)
	op(ops.V1GetRoleAssignments, s.listRoleAssignments)
	op(ops.V1AddRoleAssignment, s.addRoleAssignment)
	op(ops.V1DeleteRoleAssignment, s.deleteRoleAssignment)
	op(ops.V1GetRoleSettings, s.getRoleSettings)
	op(ops.V1AddOrUpdateRoleSetting, s.setRoleSetting)
	op(ops.V1GetRolePipelines, s.getRolePipelines)
	op(ops.V1UpdateRolePipelines, s.updateRolePipelines)
}

// roleOf maps every known user to their role.
func (s *Server) roleOf() map[int64]int64 {
	out := map[int64]int64{}
	for _, u := range s.companyUsers() {
		out[u] = DefaultRoleID
	}
	for _, a := range s.roleAssignments().all() {
		out[a["id"].(int64)] = a["role_id"].(int64)
	}
	return out
}

// renderRoles returns every role as the API shows it, with its counts and
// level, in id order.
func (s *Server) renderRoles() []object {
	all := s.roles().all()
	byID := map[int64]object{}
	for _, r := range all {
		byID[r["id"].(int64)] = r
	}
	counts := map[int64]int{}
	for _, role := range s.roleOf() {
		counts[role]++
	}
	out := make([]object, 0, len(all))
	for _, r := range all {
		id := r["id"].(int64)
		subs, level := 0, 1
		for _, o := range all {
			if p, _ := o["parent_role_id"].(int64); p == id {
				subs++
			}
		}
		for p, _ := r["parent_role_id"].(int64); p != 0 && level < len(all)+1; level++ {
			p, _ = byID[p]["parent_role_id"].(int64)
		}
		v := object{"id": id, "parent_role_id": r["parent_role_id"], "name": r["name"], "active_flag": true,
			"assignment_count": strconv.Itoa(counts[id]), "sub_role_count": strconv.Itoa(subs), "level": level}
		out = append(out, v)
	}
	return out
}

func (s *Server) listRoles(c *call) *reply {
	return pageV1(c, s.renderRoles())
}

func (s *Server) findRole(c *call) (object, *reply) {
	id, rp := pathID(c, "id")
	if rp != nil {
		return nil, rp
	}
	for _, r := range s.renderRoles() {
		if r["id"] == id {
			return r, nil
		}
	}
	return nil, notFound("Role")
}

func (s *Server) roleSettings(id int64) map[string]any {
	out := map[string]any{}
	for _, k := range roleSettingKeys {
		out[k] = int64(1)
	}
	if r, ok := s.roles().find(id); ok {
		if set, ok := r["settings"].(map[string]any); ok {
			for k, v := range set {
				out[k] = v
			}
		}
	}
	return out
}

func (s *Server) getRole(c *call) *reply {
	r, rp := s.findRole(c)
	if rp != nil {
		return rp
	}
	delete(r, "level")
	return jsonReply(http.StatusOK, map[string]any{"success": true, "data": r,
		"additional_data": map[string]any{"settings": s.roleSettings(r["id"].(int64))}})
}

// roleBody checks a create or update body: name and parent_role_id.
func (s *Server) roleBody(body map[string]any, self int64) (map[string]any, *reply) {
	set := map[string]any{}
	for k, v := range body {
		switch k {
		case "name":
			name, ok := v.(string)
			if !ok || strings.TrimSpace(name) == "" {
				return nil, badRequest("name must be a non-empty string.")
			}
			set[k] = name
		case "parent_role_id":
			if v == nil {
				set[k] = nil
				continue
			}
			p, ok := toInt64(plainJSON(v))
			if !ok {
				return nil, badRequest("parent_role_id must be a role id or null.")
			}
			if _, ok := s.roles().find(p); !ok {
				return nil, badRequest(fmt.Sprintf("Role %d does not exist.", p))
			}
			// Moving a role under itself or its own sub-role would loop.
			for cur := p; cur != 0; {
				if cur == self {
					return nil, badRequest("A role cannot be placed under itself or its sub-roles.")
				}
				r, _ := s.roles().find(cur)
				cur, _ = r["parent_role_id"].(int64)
			}
			set[k] = p
		default:
			return nil, badRequest(k + " is not a property this endpoint accepts.")
		}
	}
	return set, nil
}

func (s *Server) createRole(c *call) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	if _, ok := body["name"]; !ok {
		return badRequest("name is required.")
	}
	set, rp := s.roleBody(body, 0)
	if rp != nil {
		return rp
	}
	o := object{"parent_role_id": nil, "active_flag": true}
	for k, v := range set {
		o[k] = v
	}
	id := s.roles().insert(o)
	return v1OK(map[string]any{"id": id}, nil)
}

func (s *Server) updateRole(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	set, rp := s.roleBody(body, id)
	if rp != nil {
		return rp
	}
	return s.roles().mutate(id, func(o object) *reply {
		for k, v := range set {
			o[k] = v
		}
		return v1OK(map[string]any{"id": id}, nil)
	})
}

func (s *Server) deleteRole(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	if id == DefaultRoleID {
		return badRequest("The default role cannot be deleted.")
	}
	for _, r := range s.roles().all() {
		if p, _ := r["parent_role_id"].(int64); p == id {
			return badRequest("A role with sub-roles cannot be deleted.")
		}
	}
	roles := s.roles()
	if rp := roles.mutate(id, func(object) *reply { delete(roles.objects, id); return nil }); rp != nil {
		return rp
	}
	// Its users return to the default role.
	as := s.roleAssignments()
	as.mu.Lock()
	for uid, a := range as.objects {
		if a["role_id"] == id {
			delete(as.objects, uid)
		}
	}
	as.mu.Unlock()
	return v1OK(map[string]any{"id": id}, nil)
}

func (s *Server) listRoleAssignments(c *call) *reply {
	r, rp := s.findRole(c)
	if rp != nil {
		return rp
	}
	id := r["id"].(int64)
	roleOf := s.roleOf()
	users := make([]int64, 0, len(roleOf))
	for u, role := range roleOf {
		if role == id {
			users = append(users, u)
		}
	}
	slices.Sort(users)
	list := make([]object, len(users))
	for i, u := range users {
		list[i] = object{"user_id": u, "role_id": id, "parent_role_id": r["parent_role_id"], "name": r["name"],
			"active_flag": true, "type": "1"}
	}
	return pageV1(c, list)
}

func assignmentUser(c *call) (int64, *reply) {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return 0, rp
	}
	u, ok := toInt64(plainJSON(body["user_id"]))
	if !ok || u <= 0 {
		return 0, badRequest("user_id is required.")
	}
	return u, nil
}

func (s *Server) addRoleAssignment(c *call) *reply {
	r, rp := s.findRole(c)
	if rp != nil {
		return rp
	}
	u, rp := assignmentUser(c)
	if rp != nil {
		return rp
	}
	id := r["id"].(int64)
	as := s.roleAssignments()
	as.mu.Lock()
	delete(as.objects, u)
	if id != DefaultRoleID {
		as.insertLocked(object{"id": u, "role_id": id})
	}
	as.mu.Unlock()
	return v1OK(map[string]any{"user_id": u, "role_id": id}, nil)
}

func (s *Server) deleteRoleAssignment(c *call) *reply {
	r, rp := s.findRole(c)
	if rp != nil {
		return rp
	}
	u, rp := assignmentUser(c)
	if rp != nil {
		return rp
	}
	id := r["id"].(int64)
	if s.roleOf()[u] != id || id == DefaultRoleID {
		return badRequest(fmt.Sprintf("User %d is not assigned to role %d.", u, id))
	}
	as := s.roleAssignments()
	as.mu.Lock()
	delete(as.objects, u)
	as.mu.Unlock()
	return v1OK(map[string]any{"id": id}, nil)
}

func (s *Server) getRoleSettings(c *call) *reply {
	r, rp := s.findRole(c)
	if rp != nil {
		return rp
	}
	return v1OK(s.roleSettings(r["id"].(int64)), nil)
}

func (s *Server) setRoleSetting(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	key, _ := body["setting_key"].(string)
	if !slices.Contains(roleSettingKeys, key) {
		return badRequest("setting_key must be one of " + strings.Join(roleSettingKeys, ", ") + ".")
	}
	v, ok := toInt64(plainJSON(body["value"]))
	if !ok || !slices.Contains([]int64{1, 3, 5, 7}, v) {
		return badRequest("value must be 1, 3, 5 or 7.")
	}
	return s.roles().mutate(id, func(o object) *reply {
		set, _ := o["settings"].(map[string]any)
		next := map[string]any{key: v}
		for k, x := range set {
			if k != key {
				next[k] = x
			}
		}
		o["settings"] = next
		return v1OK(map[string]any{"id": id, key: v}, nil)
	})
}

// knownPipelines returns the pipelines the fake knows of: pipeline 1,
// those of the stored deals and those a role's visibility names.
func (s *Server) knownPipelines() []int64 {
	known := []int64{1}
	st := s.data
	st.mu.Lock()
	for _, d := range st.objects[Deal] {
		if p, ok := d["pipeline_id"].(int64); ok && !slices.Contains(known, p) {
			known = append(known, p)
		}
	}
	st.mu.Unlock()
	for _, r := range s.roles().all() {
		for _, k := range []string{"shown_pipelines", "hidden_pipelines"} {
			ids, _ := r[k].([]int64)
			for _, p := range ids {
				if !slices.Contains(known, p) {
					known = append(known, p)
				}
			}
		}
	}
	slices.Sort(known)
	return known
}

func (s *Server) rolePipelines(id int64, visible bool) map[string]any {
	r, _ := s.roles().find(id)
	hidden, _ := r["hidden_pipelines"].([]int64)
	ids := []int64{}
	for _, p := range s.knownPipelines() {
		if slices.Contains(hidden, p) != visible {
			ids = append(ids, p)
		}
	}
	return map[string]any{"pipeline_ids": ids, "visible": visible}
}

func (s *Server) getRolePipelines(c *call) *reply {
	r, rp := s.findRole(c)
	if rp != nil {
		return rp
	}
	visible := true
	switch c.r.URL.Query().Get("visible") {
	case "", "true", "1":
	case "false", "0":
		visible = false
	default:
		return badRequest("visible must be true or false.")
	}
	return v1OK(s.rolePipelines(r["id"].(int64), visible), nil)
}

// pipelineIDs reads a list of pipeline ids: a JSON array, or a string
// holding one ("[1, 2]"), the form Pipedrive's documentation shows.
func pipelineIDs(v any) ([]int64, bool) {
	if v == nil {
		return nil, true
	}
	if str, ok := v.(string); ok {
		var list []any
		if json.Unmarshal([]byte(str), &list) != nil {
			return nil, false
		}
		v = list
	}
	arr, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]int64, 0, len(arr))
	for _, x := range arr {
		n, ok := toInt64(plainJSON(x))
		if !ok || n <= 0 {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}

func (s *Server) updateRolePipelines(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	changes, ok := body["visible_pipeline_ids"].(map[string]any)
	if !ok {
		return badRequest("visible_pipeline_ids is required.")
	}
	add, okA := pipelineIDs(changes["add"])
	remove, okR := pipelineIDs(changes["remove"])
	if !okA || !okR || len(add)+len(remove) == 0 {
		return badRequest("visible_pipeline_ids needs add or remove: lists of pipeline ids.")
	}
	if rp := s.roles().mutate(id, func(o object) *reply {
		hidden, _ := o["hidden_pipelines"].([]int64)
		shown, _ := o["shown_pipelines"].([]int64)
		next := []int64{}
		for _, p := range hidden {
			if !slices.Contains(add, p) {
				next = append(next, p)
			}
		}
		for _, p := range remove {
			if !slices.Contains(next, p) {
				next = append(next, p)
			}
		}
		o["hidden_pipelines"] = next
		o["shown_pipelines"] = append(append([]int64{}, shown...), add...)
		return nil
	}); rp != nil {
		return rp
	}
	return v1OK(s.rolePipelines(id, true), nil)
}

// --- permission sets ---

// permissionSet is one of the fake's fixed permission sets.
type permissionSet struct {
	id, name, description, app, typ string
	admin                           bool // held by DefaultUserID; the others hold the regular sets
	contents                        []string
}

// PermissionSets are the permission sets every fake company has (those of
// Pipedrive's documentation): DefaultUserID holds the admin sets, every
// other user the regular ones.
var permissionSets = []permissionSet{
	{"62cc4d7f-4038-4352-abf3-a8c1c822b631", "Deals admin", "See and edit all sales data (deals, leads), manage company-level sales setup (such as lost reasons and pipelines)", "sales", "admin", true,
		[]string{"can_add_products", "can_bulk_edit_items", "can_change_visibility_of_items", "can_delete_activities", "can_delete_deals", "can_edit_deals_closed_date", "can_edit_products", "can_edit_shared_filters", "can_export_data_from_lists", "can_merge_deals", "can_see_deals_list_summary", "can_see_other_users", "can_share_filters", "can_use_api", "can_use_email_tracking"}},
	{"f07d229d-088a-4144-a40f-1fe64295d180", "Deals regular user", "Access to sales data (deals, leads) and available actions may be limited depending on the custom permission setup. This set is the default for new users.", "sales", "regular", false,
		[]string{"can_add_products", "can_bulk_edit_items", "can_change_visibility_of_items", "can_delete_activities", "can_edit_products", "can_edit_shared_filters", "can_export_data_from_lists", "can_see_deals_list_summary", "can_see_other_users", "can_share_filters", "can_use_api", "can_use_email_tracking"}},
	{"233b7976-39bd-43a9-b305-ef3a2b0998e5", "Global admin", "See and edit all cross-product data (such as contacts, activities, reports) and access related features", "global", "admin", true,
		[]string{"can_delete_persons", "can_delete_organizations", "can_merge_persons", "can_merge_organizations", "can_see_company_wide_statistics", "can_use_api"}},
	{"ec8a42e5-1842-490d-9113-b3a3b4b1c0a9", "Global regular user", "Access to cross-product data (such as contacts, activities, reports) and available actions may be limited depending on the custom permission setup. This set is the default for new users.", "global", "regular", false,
		[]string{"can_see_company_wide_statistics", "can_use_api"}},
	{"982c5ce5-b8ba-4b47-b102-9da024f4b990", "Account settings", "Access company account level features and setup (billing, security center, company settings, user management)", "account_settings", "admin", true,
		[]string{"can_manage_billing", "can_manage_users", "can_manage_security_center", "can_manage_company_settings"}},
}

var permissionApps = []string{"sales", "projects", "campaigns", "global", "account_settings", "partnership", "nova"}

func (s *Server) permissionSetRoutes(op opRoute) {
	op(ops.V1GetPermissionSets, s.listPermissionSets)
	op(ops.V1GetPermissionSet, s.getPermissionSet)
	op(ops.V1GetPermissionSetAssignments, s.listPermissionSetAssignments)
}

// holders returns the users holding the set.
func (p permissionSet) holders(users []int64) []int64 {
	var out []int64
	for _, u := range users {
		if (u == DefaultUserID) == p.admin {
			out = append(out, u)
		}
	}
	return out
}

func (p permissionSet) json(users []int64, withContents bool) object {
	o := object{"id": p.id, "name": p.name, "description": p.description, "app": p.app, "type": p.typ,
		"assignment_count": len(p.holders(users))}
	if withContents {
		o["contents"] = p.contents
	}
	return o
}

func (s *Server) listPermissionSets(c *call) *reply {
	app := c.r.URL.Query().Get("app")
	if app != "" && !slices.Contains(permissionApps, app) {
		return badRequest("app must be one of " + strings.Join(permissionApps, ", ") + ".")
	}
	users := s.companyUsers()
	list := []object{}
	for _, p := range permissionSets {
		if app == "" || p.app == app {
			list = append(list, p.json(users, false))
		}
	}
	return v1OK(list, nil)
}

func findPermissionSet(c *call) (permissionSet, *reply) {
	id := c.r.PathValue("id")
	for _, p := range permissionSets {
		if p.id == id {
			return p, nil
		}
	}
	return permissionSet{}, notFound("Permission set")
}

func (s *Server) getPermissionSet(c *call) *reply {
	p, rp := findPermissionSet(c)
	if rp != nil {
		return rp
	}
	return v1OK(p.json(s.companyUsers(), true), nil)
}

func (s *Server) listPermissionSetAssignments(c *call) *reply {
	p, rp := findPermissionSet(c)
	if rp != nil {
		return rp
	}
	list := []object{}
	for _, u := range p.holders(s.companyUsers()) {
		list = append(list, object{"user_id": u, "permission_set_id": p.id, "name": p.name})
	}
	return pageV1(c, list)
}

// --- legacy teams ---

var teamOrders = []string{"id", "name", "manager_id", "active_flag"}

func (s *Server) teams() *collection {
	return s.collection("teams", func() *collection { return &collection{label: "Team", v1: true} })
}

func (s *Server) teamRoutes(op opRoute) {
	op(ops.V1GetTeams, func(c *call) *reply { return s.listTeams(c, 0) })
	op(ops.V1AddTeam, s.createTeam)
	op(ops.V1GetTeam, s.getTeam)
	op(ops.V1UpdateTeam, s.updateTeam)
	op(ops.V1GetTeamUsers, s.teamUsers)
	op(ops.V1AddTeamUser, func(c *call) *reply { return s.changeTeamUsers(c, true) })
	op(ops.V1DeleteTeamUser, func(c *call) *reply { return s.changeTeamUsers(c, false) })
	op(ops.V1GetUserTeams, func(c *call) *reply {
		id, rp := pathID(c, "id")
		if rp != nil {
			return rp
		}
		return s.listTeams(c, id)
	})
}

func skipUsers(c *call) (bool, *reply) {
	switch c.r.URL.Query().Get("skip_users") {
	case "", "0":
		return false, nil
	case "1":
		return true, nil
	}
	return false, badRequest("skip_users must be 0 or 1.")
}

func renderTeam(o object, skip bool) object {
	out := clone(o)
	if skip {
		delete(out, "users")
	}
	return out
}

// listTeams lists every team, or those user belongs to when user > 0.
func (s *Server) listTeams(c *call, user int64) *reply {
	order := c.r.URL.Query().Get("order_by")
	if order == "" {
		order = "id"
	}
	if !slices.Contains(teamOrders, order) {
		return badRequest("order_by must be one of " + strings.Join(teamOrders, ", ") + ".")
	}
	skip, rp := skipUsers(c)
	if rp != nil {
		return rp
	}
	list := []object{}
	for _, t := range s.teams().all() {
		if users, _ := t["users"].([]int64); user > 0 && !slices.Contains(users, user) {
			continue
		}
		list = append(list, t)
	}
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i][order], list[j][order]
		if x, ok := toInt64(a); ok {
			y, _ := toInt64(b)
			return x < y
		}
		return strings.ToLower(fmt.Sprint(a)) < strings.ToLower(fmt.Sprint(b))
	})
	for i := range list {
		list[i] = renderTeam(list[i], skip)
	}
	return v1OK(list, nil)
}

// teamBody checks the members of a team body.
func teamBody(body map[string]any, creating bool) (map[string]any, *reply) {
	set := map[string]any{}
	for k, v := range body {
		switch k {
		case "name", "description":
			str, ok := v.(string)
			if !ok || (k == "name" && strings.TrimSpace(str) == "") {
				return nil, badRequest(k + " must be a non-empty string.")
			}
			set[k] = str
		case "manager_id":
			n, ok := toInt64(plainJSON(v))
			if !ok || n <= 0 {
				return nil, badRequest("manager_id must be a user id.")
			}
			set[k] = n
		case "users":
			ids, rp := userIDs(v)
			if rp != nil {
				return nil, rp
			}
			set[k] = ids
		case "active_flag", "deleted_flag":
			if creating {
				return nil, badRequest(k + " is not a property this endpoint accepts.")
			}
			n, ok := toInt64(plainJSON(v))
			if !ok || (n != 0 && n != 1) {
				return nil, badRequest(k + " must be 0 or 1.")
			}
			set[k] = n
		default:
			return nil, badRequest(k + " is not a property this endpoint accepts.")
		}
	}
	return set, nil
}

func userIDs(v any) ([]int64, *reply) {
	arr, ok := v.([]any)
	if !ok {
		return nil, badRequest("users must be an array of user ids.")
	}
	out := []int64{}
	for _, x := range arr {
		n, ok := toInt64(plainJSON(x))
		if !ok || n <= 0 {
			return nil, badRequest("users must be an array of user ids.")
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out, nil
}

func (s *Server) createTeam(c *call) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	for _, k := range []string{"name", "manager_id"} {
		if body[k] == nil {
			return badRequest(k + " is required.")
		}
	}
	set, rp := teamBody(body, true)
	if rp != nil {
		return rp
	}
	o := object{"name": "", "description": "", "users": []int64{}, "active_flag": int64(1), "deleted_flag": int64(0),
		"add_time": v1Time(c.now), "created_by_user_id": c.user}
	for k, v := range set {
		o[k] = v
	}
	t := s.teams()
	t.insert(o)
	stored, _ := t.find(o["id"].(int64))
	return v1OK(renderTeam(stored, false), nil)
}

func (s *Server) getTeam(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	skip, rp := skipUsers(c)
	if rp != nil {
		return rp
	}
	t, ok := s.teams().find(id)
	if !ok {
		return notFound("Team")
	}
	return v1OK(renderTeam(t, skip), nil)
}

func (s *Server) updateTeam(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	set, rp := teamBody(body, false)
	if rp != nil {
		return rp
	}
	return s.teams().mutate(id, func(o object) *reply {
		for k, v := range set {
			o[k] = v
		}
		return v1OK(renderTeam(clone(o), false), nil)
	})
}

func (s *Server) teamUsers(c *call) *reply {
	if !wildcardSegment(c, "users") {
		return apiError(http.StatusNotFound, "Unknown method .", "pipedrivetest does not serve GET "+c.r.URL.Path+".")
	}
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	t, ok := s.teams().find(id)
	if !ok {
		return notFound("Team")
	}
	return v1OK(t["users"], nil)
}

func (s *Server) changeTeamUsers(c *call, add bool) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	ids, rp := userIDs(body["users"])
	if rp != nil {
		return rp
	}
	if len(ids) == 0 {
		return badRequest("users is required.")
	}
	return s.teams().mutate(id, func(o object) *reply {
		cur, _ := o["users"].([]int64)
		next := []int64{}
		for _, u := range cur {
			if add || !slices.Contains(ids, u) {
				next = append(next, u)
			}
		}
		if add {
			for _, u := range ids {
				if !slices.Contains(next, u) {
					next = append(next, u)
				}
			}
		}
		o["users"] = next
		return v1OK(next, nil)
	})
}

// --- billing ---

// Addons are the add-ons of every fake company's subscription.
var addons = []string{"leadbooster_v2", "prospector", "smart_docs_v2"}

func (s *Server) listAddons(*call) *reply {
	list := make([]object, len(addons))
	for i, code := range addons {
		list[i] = object{"code": code}
	}
	return v1OK(list, nil)
}
