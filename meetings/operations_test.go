package meetings_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/meetings"
)

const linkID = "1e3943e8-ec66-4b83-9dd3-ed0d5dcb1f26"

var cases = []resourcetest.Case{
	{
		Op:      ops.V1SaveUserProviderLink,
		Path:    "/v1/meetings/userProviderLinks",
		Body:    `{"user_provider_id":"` + linkID + `","user_id":123,"company_id":456,"marketplace_client_id":"57da5c3c55a82bb4"}`,
		Fixture: "meetings/link.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			res, err := c.Meetings.CreateUserProviderLink(ctx, &meetings.UserProviderLinkParams{
				UserProviderID: linkID, UserID: 123, CompanyID: 456, MarketplaceClientID: "57da5c3c55a82bb4",
			})
			require.NoError(t, err)
			assert.Equal(t, "The user was added successfully", res.Message)
		},
	},
	{
		Op:      ops.V1DeleteUserProviderLink,
		Path:    "/v1/meetings/userProviderLinks/" + linkID,
		Fixture: "meetings/unlink.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Meetings.DeleteUserProviderLink(ctx, linkID))
		},
	},
}

func TestOperations(t *testing.T) {
	covered := resourcetest.Run(t, cases)
	t.Run("coverage", func(t *testing.T) {
		resourcetest.CheckCoverage(t, covered, nil, "Meetings")
	})
}

// The model decodes the spec's example with no member lost.
func TestModelsKeepEveryMember(t *testing.T) {
	resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, "meetings/link.json"), &meetings.LinkResult{})
}

// Bad input is refused before anything is sent, with an error matching
// pipedrive.ErrInvalidParams (pipedrive.ErrInvalidParams).
func TestInvalidParamsAreRefusedBeforeSending(t *testing.T) {
	var sent atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer srv.Close()
	c := resourcetest.NewClient(t, srv.URL).Meetings
	ctx := context.Background()
	calls := map[string]func() error{
		"Create nil": func() error { _, err := c.CreateUserProviderLink(ctx, nil); return err },
		"Create no company": func() error {
			_, err := c.CreateUserProviderLink(ctx, &meetings.UserProviderLinkParams{UserProviderID: linkID, UserID: 1, MarketplaceClientID: "x"})
			return err
		},
		"Create no id": func() error {
			_, err := c.CreateUserProviderLink(ctx, &meetings.UserProviderLinkParams{UserID: 1, CompanyID: 2, MarketplaceClientID: "x"})
			return err
		},
		"Delete empty id": func() error { return c.DeleteUserProviderLink(ctx, "") },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			err := call()
			require.Error(t, err)
			assert.ErrorIs(t, err, pipedrive.ErrInvalidParams)
		})
	}
	assert.Zero(t, sent.Load(), "requests sent")
}
