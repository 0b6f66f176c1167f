package organizations

import "github.com/pipedrive-go/pipedrive/crm"

// Relationship links two organizations: a parent and its daughter, or two
// related organizations. See crm.OrganizationRelationship; the types are
// identical.
type Relationship = crm.OrganizationRelationship

// RelationshipOrganization is one side of a Relationship.
type RelationshipOrganization = crm.RelationshipOrganization

// RelationshipType is the kind of a Relationship, as created and
// changed.
type RelationshipType = crm.RelationshipType

// The kinds of relationship.
const (
	RelationshipParent  = crm.RelationshipParent
	RelationshipRelated = crm.RelationshipRelated
)

// RelationshipRole is how the other organization relates to the one a
// request named (Relationship.CalculatedType), which the API computes.
type RelationshipRole = crm.RelationshipRole

// The roles of the other organization.
const (
	RelationshipRoleParent   = crm.RelationshipRoleParent
	RelationshipRoleDaughter = crm.RelationshipRoleDaughter
	RelationshipRoleRelated  = crm.RelationshipRoleRelated
)

// RelationshipListParams select the relationships Relationships lists.
// OrgID is required.
type RelationshipListParams struct {
	// OrgID is the organization whose relationships are listed; each
	// one's calculated fields are seen from it.
	OrgID int64 `url:"org_id" pipedrive:"required"`
}

// RelationshipGetParams are the options of RelationshipWith.
type RelationshipGetParams struct {
	// OrgID is the organization the calculated fields are seen from.
	OrgID int64 `url:"org_id,omitempty"`
}

// RelationshipParams are a new relationship. Type, OwnerOrgID and
// LinkedOrgID are required.
type RelationshipParams struct {
	// Type is RelationshipParent (OwnerOrgID is the parent of
	// LinkedOrgID) or RelationshipRelated.
	Type        RelationshipType `json:"type" pipedrive:"required"`
	OwnerOrgID  int64            `json:"rel_owner_org_id" pipedrive:"required"`
	LinkedOrgID int64            `json:"rel_linked_org_id" pipedrive:"required"`
	// OrgID is the organization the returned calculated fields are seen
	// from.
	OrgID int64 `json:"org_id,omitempty"`
}

// RelationshipUpdateParams change a relationship (PUT): only what is set
// is sent.
type RelationshipUpdateParams struct {
	Type        RelationshipType `json:"type,omitempty"`
	OwnerOrgID  int64            `json:"rel_owner_org_id,omitempty"`
	LinkedOrgID int64            `json:"rel_linked_org_id,omitempty"`
	// OrgID is the organization the returned calculated fields are seen
	// from.
	OrgID int64 `json:"org_id,omitempty"`
}
