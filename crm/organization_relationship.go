package crm

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// RelationshipType is the kind of a relationship between two
// organizations, as it is created, changed and stored.
type RelationshipType string

// The kinds of organization relationship.
const (
	// RelationshipParent: the owner organization is the parent of the
	// linked one.
	RelationshipParent RelationshipType = "parent"
	// RelationshipRelated: the organizations are related, neither above
	// the other.
	RelationshipRelated RelationshipType = "related"
)

// RelationshipRole is how the other organization of a relationship
// relates to the one a request named (a relationship's CalculatedType):
// the API computes it; it is never sent.
type RelationshipRole string

// The roles of the other organization.
const (
	// RelationshipRoleParent: the other organization is the parent of
	// the one named.
	RelationshipRoleParent RelationshipRole = "parent"
	// RelationshipRoleDaughter: the other organization is the daughter of
	// the one named (the linked side of a parent relationship, seen from
	// its owner).
	RelationshipRoleDaughter RelationshipRole = "daughter"
	// RelationshipRoleRelated: the organizations are related.
	RelationshipRoleRelated RelationshipRole = "related"
)

// OrganizationRelationship links two organizations: a parent and its
// daughter, or two related organizations. Fetched for one organization
// (the org_id of the request), it also says how the other organization
// relates to that one (CalculatedType, CalculatedRelatedOrgID).
type OrganizationRelationship struct {
	ID   int64            `json:"id"`
	Type RelationshipType `json:"type"`
	// OwnerOrg owns the relationship: the parent, for a parent
	// relationship. LinkedOrg is the other side: the daughter.
	OwnerOrg  RelationshipOrganization `json:"rel_owner_org_id"`
	LinkedOrg RelationshipOrganization `json:"rel_linked_org_id"`
	AddTime   time.Time                `json:"add_time"`
	// UpdateTime is nil when the relationship was never changed.
	UpdateTime *time.Time `json:"update_time,omitempty"`
	// Active is false for a deleted relationship (Pipedrive sends it as
	// the string "true" or "false").
	Active bool `json:"active_flag"`
	// CalculatedType is the other organization's role towards the one
	// the request named: seen from the owner of a parent relationship,
	// the linked organization is its daughter (RelationshipRoleDaughter).
	// CalculatedRelatedOrgID and RelatedOrganizationName are that other
	// organization. They are empty when the request named no
	// organization.
	CalculatedType          RelationshipRole `json:"calculated_type,omitempty"`
	CalculatedRelatedOrgID  int64            `json:"calculated_related_org_id,omitempty"`
	RelatedOrganizationName string           `json:"related_organization_name,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler: v1 timestamps, the active
// flag as a boolean, 0/1 or a string, ids as strings.
func (r *OrganizationRelationship) UnmarshalJSON(b []byte) error {
	type plain OrganizationRelationship
	var aux struct {
		*plain
		ID                     jsonx.ID `json:"id"`
		CalculatedRelatedOrgID jsonx.ID `json:"calculated_related_org_id"`
		AddTime                Time     `json:"add_time"`
		UpdateTime             Time     `json:"update_time"`
		Active                 flag     `json:"active_flag"`
	}
	*r = OrganizationRelationship{}
	aux.plain = (*plain)(r)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	r.ID, r.CalculatedRelatedOrgID = int64(aux.ID), int64(aux.CalculatedRelatedOrgID)
	r.AddTime, r.UpdateTime = aux.AddTime.Time, aux.UpdateTime.Ptr()
	r.Active = bool(aux.Active)
	return nil
}

// RelationshipOrganization is one side of an organization relationship.
type RelationshipOrganization struct {
	// ID is the organization's id (sent as "value").
	ID          int64  `json:"value"`
	Name        string `json:"name"`
	PeopleCount int    `json:"people_count"`
	OwnerID     int64  `json:"owner_id"`
	// Address is the organization's formatted address, "" when none.
	Address string `json:"address,omitempty"`
	// CCEmail is the organization's Smart BCC address.
	CCEmail string `json:"cc_email,omitempty"`
	Active  bool   `json:"active_flag"`
}

// UnmarshalJSON implements json.Unmarshaler: the v1 object (id as
// "value", or "id"), or a bare id.
func (o *RelationshipOrganization) UnmarshalJSON(b []byte) error {
	*o = RelationshipOrganization{}
	if t := bytes.TrimSpace(b); len(t) == 0 || t[0] != '{' {
		id, err := jsonx.Int(t)
		o.ID = id
		return err
	}
	var aux struct {
		Value       jsonx.ID        `json:"value"`
		ID          jsonx.ID        `json:"id"`
		Name        json.RawMessage `json:"name"`
		PeopleCount jsonx.ID        `json:"people_count"`
		OwnerID     jsonx.ID        `json:"owner_id"`
		Address     json.RawMessage `json:"address"`
		CCEmail     json.RawMessage `json:"cc_email"`
		Active      flag            `json:"active_flag"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	o.ID = int64(aux.Value)
	if o.ID == 0 {
		o.ID = int64(aux.ID)
	}
	o.Name, o.Address, o.CCEmail = deref(textOf(aux.Name)), deref(textOf(aux.Address)), deref(textOf(aux.CCEmail))
	o.PeopleCount, o.OwnerID, o.Active = int(aux.PeopleCount), int64(aux.OwnerID), bool(aux.Active)
	return nil
}
