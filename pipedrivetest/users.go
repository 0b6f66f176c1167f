package pipedrivetest

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// seededUserIDs are the users every server starts with, besides those its
// tokens act as: the default user (an admin, who created the company)
// and two colleagues, so that lists, finds and followers have something
// to show.
var seededUserIDs = []int64{DefaultUserID, 2, 3}

// usersRoutes registers the users family: users (list, find, get, create,
// update, me, followers, permissions, role assignments and settings), the
// current user's connections and settings, the item search, currencies,
// recents and organization relationships.
func (s *Server) usersRoutes(op opRoute) {
	users := s.userRecords()
	op(ops.V1GetUsers, func(c *call) *reply { return s.listUsers(c, users, nil) })
	op(ops.V1FindUsersByName, func(c *call) *reply { return s.findUsers(c, users) })
	op(ops.V1GetCurrentUser, func(c *call) *reply { return s.getUser(c, users, c.user, true) })
	op(ops.V1GetUser, func(c *call) *reply {
		id, rp := pathID(c, "id")
		if rp != nil {
			return rp
		}
		return s.getUser(c, users, id, false)
	})
	op(ops.V1AddUser, func(c *call) *reply { return s.addUser(c, users) })
	op(ops.V1UpdateUser, func(c *call) *reply { return s.updateUser(c, users) })
	op(ops.V2GetUserFollowers, func(c *call) *reply { return s.userFollowers(c, users) })
	op(ops.V1GetUserPermissions, func(c *call) *reply { return s.userPermissions(c, users) })
	op(ops.V1GetUserRoleAssignments, func(c *call) *reply { return s.userRoleAssignments(c, users) })
	op(ops.V1GetUserRoleSettings, func(c *call) *reply { return s.userRoleSettings(c, users) })
	op(ops.V1GetUserConnections, func(c *call) *reply { return v1OK(map[string]any{"google": false}, nil) })
	op(ops.V1GetUserSettings, func(c *call) *reply { return v1OK(userSettings(), nil) })

	s.itemSearchRoutes(op)
	s.currencyRoutes(op)
	s.recentsRoutes(op)
	s.relationshipRoutes(op)
}

// userRecords returns the users collection, seeded with the default users and
// every user a configured token acts as.
func (s *Server) userRecords() *collection {
	seeded := false
	c := s.collection("users", func() *collection {
		seeded = true
		return &collection{label: "User", v1: true}
	})
	if seeded {
		ids := slices.Clone(seededUserIDs)
		for _, t := range s.ccfg.apiTokens {
			ids = append(ids, t.userID)
		}
		for _, t := range s.ccfg.oauthTokens {
			ids = append(ids, t.userID)
		}
		for _, id := range ids {
			if _, ok := c.find(id); !ok {
				c.insert(userJSON(id, s.company))
			}
		}
	}
	return c
}

// userView is a stored user as the caller c sees it: is_you is true for
// the caller only; the company fields are the current user's.
func userView(o object, c *call, me bool) object {
	o["is_you"] = o["id"] == c.user
	if !me {
		for _, k := range []string{"company_id", "company_name", "company_domain", "company_country",
			"company_industry", "language"} {
			delete(o, k)
		}
	}
	return o
}

func (s *Server) listUsers(c *call, users *collection, keep func(object) bool) *reply {
	data := []object{}
	for _, o := range users.all() {
		if keep == nil || keep(o) {
			data = append(data, userView(o, c, false))
		}
	}
	return v1OK(data, nil)
}

func (s *Server) findUsers(c *call, users *collection) *reply {
	q := c.r.URL.Query()
	term := strings.ToLower(strings.TrimSpace(q.Get("term")))
	if term == "" {
		return badRequest("term is required.")
	}
	byEmail := false
	switch q.Get("search_by_email") {
	case "", "0", "false":
	case "1", "true":
		byEmail = true
	default:
		return badRequest("search_by_email must be 0 or 1.")
	}
	key := "name"
	if byEmail {
		key = "email"
	}
	return s.listUsers(c, users, func(o object) bool {
		v, _ := o[key].(string)
		return strings.Contains(strings.ToLower(v), term)
	})
}

// getUser answers user id; me adds the company fields, as /users/me does.
func (s *Server) getUser(c *call, users *collection, id int64, me bool) *reply {
	o, ok := users.find(id)
	if !ok && id == c.user {
		// A user known to the limiter (an OAuth grant's) but not seeded.
		users.insert(userJSON(id, s.company))
		o, ok = users.find(id)
	}
	if !ok {
		return notFound("User")
	}
	return v1OK(userView(o, c, me), nil)
}

var userApps = []string{"global", "sales", "campaigns", "projects", "account_settings", "partnership", "nova"}

func (s *Server) addUser(c *call, users *collection) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	for k := range body {
		if !slices.Contains([]string{"email", "access", "active_flag"}, k) {
			return badRequest(k + " is not a property this endpoint accepts.")
		}
	}
	email, _ := body["email"].(string)
	if !strings.Contains(email, "@") {
		return badRequest("email is required and must be an email address.")
	}
	access := []any{map[string]any{"app": "sales", "admin": false, "permission_set_id": "pdt-sales"}}
	if v, ok := body["access"]; ok {
		list, ok := v.([]any)
		if !ok {
			return badRequest("access expects an array of {app, admin, permission_set_id}.")
		}
		access = access[:0]
		for _, x := range list {
			m, ok := x.(map[string]any)
			app, _ := m["app"].(string)
			if !ok || !slices.Contains(userApps, app) {
				return badRequest("access: app must be one of " + strings.Join(userApps, ", ") + ".")
			}
			admin, _ := m["admin"].(bool)
			set, _ := m["permission_set_id"].(string)
			if set == "" {
				set = "pdt-" + app
			}
			access = append(access, map[string]any{"app": app, "admin": admin, "permission_set_id": set})
		}
	}
	active := true
	if v, ok := body["active_flag"]; ok {
		b, ok := v.(bool)
		if !ok {
			return badRequest("active_flag expects a boolean.")
		}
		active = b
	}
	for _, o := range users.all() {
		if strings.EqualFold(fmt.Sprint(o["email"]), email) {
			return badRequest("A user with this email already exists in the company.")
		}
	}
	name, _, _ := strings.Cut(email, "@")
	now := v1Time(c.now)
	o := userJSON(0, s.company)
	delete(o, "id") // the collection assigns the next one
	maps.Copy(o, object{
		"name": name, "email": email, "access": access, "active_flag": active, "activated": false,
		"has_created_company": false, "is_admin": 0, "last_login": nil, "created": now, "modified": now,
	})
	id := users.insert(o)
	got, _ := users.find(id)
	return v1OK(userView(got, c, false), nil)
}

func (s *Server) updateUser(c *call, users *collection) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	for k := range body {
		if k != "active_flag" {
			return badRequest(k + " cannot be changed: only active_flag can.")
		}
	}
	active, ok := body["active_flag"].(bool)
	if !ok {
		return badRequest("active_flag is required and must be a boolean.")
	}
	return users.mutate(id, func(o object) *reply {
		o["active_flag"] = active
		o["modified"] = v1Time(c.now)
		return v1OK(userView(clone(o), c, false), nil)
	})
}

// userFollowers answers the v2 followers of a user: in the fake, the
// other seeded users follow the default user, and nobody follows anyone
// else.
func (s *Server) userFollowers(c *call, users *collection) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	if _, ok := users.find(id); !ok {
		return notFound("User")
	}
	var list []object
	if id == DefaultUserID {
		for _, other := range seededUserIDs[1:] {
			list = append(list, object{"user_id": other, "add_time": "2025-01-01T00:00:00Z"})
		}
	}
	return pageV2(c, list)
}

// permissionNames are every permission of /users/{id}/permissions.
var permissionNames = []string{"can_add_custom_fields", "can_add_products", "can_add_prospects_as_leads",
	"can_bulk_edit_items", "can_change_visibility_of_items", "can_convert_deals_to_leads", "can_create_own_workflow",
	"can_delete_activities", "can_delete_custom_fields", "can_delete_deals", "can_edit_custom_fields",
	"can_edit_deals_closed_date", "can_edit_products", "can_edit_shared_filters", "can_export_data_from_lists",
	"can_follow_other_users", "can_merge_deals", "can_merge_organizations", "can_merge_people", "can_modify_labels",
	"can_see_company_wide_statistics", "can_see_deals_list_summary", "can_see_hidden_items_names",
	"can_see_other_users", "can_see_other_users_statistics", "can_see_security_dashboard", "can_share_filters",
	"can_share_insights", "can_use_api", "can_use_email_tracking", "can_use_import"}

// regularPermissions are what a user who is not an admin may do.
var regularPermissions = []string{"can_add_products", "can_add_prospects_as_leads", "can_follow_other_users",
	"can_see_deals_list_summary", "can_see_other_users", "can_share_filters", "can_use_api", "can_use_email_tracking",
	"can_use_import"}

func isAdmin(o object) bool {
	switch v := o["is_admin"].(type) {
	case int:
		return v == 1
	case int64:
		return v == 1
	case bool:
		return v
	}
	return false
}

func (s *Server) userPermissions(c *call, users *collection) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	o, ok := users.find(id)
	if !ok {
		return notFound("User")
	}
	perms := map[string]any{}
	for _, p := range permissionNames {
		perms[p] = isAdmin(o) || slices.Contains(regularPermissions, p)
	}
	return v1OK(perms, nil)
}

func (s *Server) userRoleAssignments(c *call, users *collection) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	o, ok := users.find(id)
	if !ok {
		return notFound("User")
	}
	role := object{"user_id": id, "role_id": int64(1), "parent_role_id": nil, "name": "Regular user",
		"active_flag": true, "type": "1"}
	if isAdmin(o) {
		role["role_id"], role["name"] = int64(2), "Admins"
		role["parent_role_id"] = int64(1)
	}
	return pageV1(c, []object{role})
}

func (s *Server) userRoleSettings(c *call, users *collection) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	if _, ok := users.find(id); !ok {
		return notFound("User")
	}
	return v1OK(map[string]any{
		"deal_default_visibility": 3, "lead_default_visibility": 3, "org_default_visibility": 3,
		"person_default_visibility": 3, "product_default_visibility": 3,
	}, nil)
}

// userSettings are the settings every user of the fake has.
func userSettings() map[string]any {
	return map[string]any{
		"marketplace_team": false, "list_limit": 100, "beta_app": false, "prevent_salesphone_callto_override": false,
		"file_upload_destination": "s3", "callto_link_syntax": "callto:[number]",
		"autofill_deal_expected_close_date": false, "person_duplicate_condition": "name && (org_id || email || phone)",
	}
}
