package organizations_test

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/organizations"
)

// relationshipCases cover the organization relationship operations.
var relationshipCases = []resourcetest.Case{
	{
		Op:      ops.V1GetOrganizationRelationships,
		Path:    "/v1/organizationRelationships",
		Query:   url.Values{"org_id": {"1481"}},
		Fixture: "organizations/relationships.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Organizations.RelationshipsPage(ctx, &organizations.RelationshipListParams{OrgID: 1481})
			require.NoError(t, err)
			assert.True(t, page.More)
			require.Len(t, page.Items, 1)
			r := page.Items[0]
			assertRelationship(t, &r)
			assert.Equal(t, organizations.RelationshipRoleDaughter, r.CalculatedType)
			assert.Equal(t, int64(1480), r.CalculatedRelatedOrgID)
			assert.Equal(t, "Telia", r.RelatedOrganizationName)
		},
	},
	{
		Op:      ops.V1GetOrganizationRelationship,
		Path:    "/v1/organizationRelationships/1",
		Fixture: "organizations/relationship_get.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			r, err := c.Organizations.Relationship(ctx, 1)
			require.NoError(t, err)
			assertRelationship(t, r)
		},
	},
	{
		Op:      ops.V1GetOrganizationRelationship,
		Path:    "/v1/organizationRelationships/1",
		Query:   url.Values{"org_id": {"1481"}},
		Fixture: "organizations/relationship_get.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			r, err := c.Organizations.RelationshipWith(ctx, 1, &organizations.RelationshipGetParams{OrgID: 1481})
			require.NoError(t, err)
			assertRelationship(t, r)
			assert.Equal(t, organizations.RelationshipRoleDaughter, r.CalculatedType)
		},
	},
	{
		Op:      ops.V1AddOrganizationRelationship,
		Path:    "/v1/organizationRelationships",
		Body:    `{"type":"parent","rel_owner_org_id":1481,"rel_linked_org_id":1480,"org_id":1481}`,
		Fixture: "organizations/relationship_create.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			r, err := c.Organizations.CreateRelationship(ctx, &organizations.RelationshipParams{
				Type: organizations.RelationshipParent, OwnerOrgID: 1481, LinkedOrgID: 1480, OrgID: 1481,
			})
			require.NoError(t, err)
			assertRelationship(t, r)
		},
	},
	{
		Op:      ops.V1UpdateOrganizationRelationship,
		Path:    "/v1/organizationRelationships/1",
		Body:    `{"type":"related"}`,
		Fixture: "organizations/relationship_update.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			r, err := c.Organizations.UpdateRelationship(ctx, 1, &organizations.RelationshipUpdateParams{Type: organizations.RelationshipRelated})
			require.NoError(t, err)
			assertRelationship(t, r)
		},
	},
	{
		Op:      ops.V1DeleteOrganizationRelationship,
		Path:    "/v1/organizationRelationships/10",
		Fixture: "organizations/relationship_delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Organizations.DeleteRelationship(ctx, 10))
		},
	},
}

// assertRelationship checks the relationship of the spec's examples.
func assertRelationship(t *testing.T, r *organizations.Relationship) {
	t.Helper()
	assert.Equal(t, int64(1), r.ID)
	assert.Equal(t, organizations.RelationshipParent, r.Type)
	assert.Equal(t, organizations.RelationshipOrganization{
		ID: 1481, Name: "Pipedrive Inc.", PeopleCount: 1, OwnerID: 925000, Address: "Mustamäe tee 3a, 10615 Tallinn",
		CCEmail: "company@pipedrivemail.com", Active: true,
	}, r.OwnerOrg)
	assert.Equal(t, int64(1480), r.LinkedOrg.ID)
	assert.Equal(t, "Telia", r.LinkedOrg.Name)
	assert.Equal(t, time.Date(2020, 9, 22, 8, 58, 28, 0, time.UTC), r.AddTime)
	assert.Equal(t, pipedrive.Ptr(time.Date(2020, 9, 22, 8, 58, 28, 0, time.UTC)), r.UpdateTime)
	assert.True(t, r.Active, `"active_flag": "true"`)
}

func TestRelationshipKeepsEveryMember(t *testing.T) {
	for _, name := range []string{"relationship_get", "relationship_create", "relationship_update"} {
		resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, "organizations/"+name+".json"), new(organizations.Relationship))
	}
	var items []json.RawMessage
	require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, "organizations/relationships.json"), &items))
	require.NotEmpty(t, items)
	for _, it := range items {
		resourcetest.AssertNoFieldLost(t, it, new(organizations.Relationship))
	}
}

func TestRelationshipDecodeEdgeCases(t *testing.T) {
	var r organizations.Relationship
	// Sides as bare ids, a false flag as a string, no update time.
	require.NoError(t, json.Unmarshal([]byte(`{"id":"3","type":"related","rel_owner_org_id":5,"rel_linked_org_id":"6",
		"add_time":"2020-01-01 00:00:00","update_time":null,"active_flag":"false"}`), &r))
	assert.Equal(t, int64(3), r.ID)
	assert.Equal(t, int64(5), r.OwnerOrg.ID)
	assert.Equal(t, int64(6), r.LinkedOrg.ID)
	assert.Nil(t, r.UpdateTime)
	assert.False(t, r.Active)
	// A side with "id" instead of "value", and null texts.
	require.NoError(t, json.Unmarshal([]byte(`{"id":4,"rel_owner_org_id":{"id":7,"name":"Looms","address":null,"cc_email":null}}`), &r))
	assert.Equal(t, organizations.RelationshipOrganization{ID: 7, Name: "Looms"}, r.OwnerOrg)
	assert.Error(t, json.Unmarshal([]byte(`{"id":4,"rel_owner_org_id":"x"}`), &r))
}

// Bad input is refused before anything is sent.
func TestRelationshipInvalidParams(t *testing.T) {
	c := resourcetest.NewClient(t, "http://127.0.0.1:1") // nothing may be sent
	ctx := context.Background()
	_, err := c.Organizations.RelationshipsPage(ctx, nil)
	assert.ErrorIs(t, err, core.ErrInvalidParams)
	for _, err := range c.Organizations.Relationships(ctx, &organizations.RelationshipListParams{}) {
		assert.ErrorIs(t, err, core.ErrInvalidParams)
	}
	_, err = c.Organizations.Relationship(ctx, 0)
	assert.ErrorIs(t, err, core.ErrInvalidParams)
	_, err = c.Organizations.CreateRelationship(ctx, nil)
	assert.ErrorIs(t, err, core.ErrInvalidParams)
	_, err = c.Organizations.CreateRelationship(ctx, &organizations.RelationshipParams{Type: organizations.RelationshipParent, OwnerOrgID: 1})
	assert.ErrorIs(t, err, core.ErrInvalidParams)
	_, err = c.Organizations.UpdateRelationship(ctx, 1, nil)
	assert.ErrorIs(t, err, core.ErrInvalidParams)
	assert.ErrorIs(t, c.Organizations.DeleteRelationship(ctx, 0), core.ErrInvalidParams)
}
