package pipedrive_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/users"
)

func meServer(t testing.TB) *httptest.Server {
	srv := httptest.NewServer(meHandler())
	t.Cleanup(srv.Close)
	return srv
}

// meHandler answers /v1/users/me for "example-token" like Pipedrive.
func meHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Header.Get("X-Api-Token") != "example-token" {
			w.WriteHeader(401)
			_, _ = io.WriteString(w, `{"success":false,"error":"unauthorized access","errorCode":401}`)
			return
		}
		if r.URL.Path != "/v1/users/me" {
			w.WriteHeader(404)
			_, _ = io.WriteString(w, `{"success":false,"error":"Not found"}`)
			return
		}
		_, _ = io.WriteString(w, `{"success":true,"data":{"id":7,"name":"Ada","email":"ada@example.com","company_id":99,"company_domain":"acme","is_you":true,"active_flag":true,"access":[{"app":"sales","admin":true}],"language":{"language_code":"en","country_code":"US"}}}`)
	})
}

func TestNewClientAndMe(t *testing.T) {
	srv := meServer(t)
	var logs bytes.Buffer
	c, err := pipedrive.NewClient(auth.APIToken("example-token"),
		pipedrive.WithBaseURL(srv.URL), pipedrive.WithUserAgent("acme-sync/1.0"),
		pipedrive.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
		pipedrive.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	me, err := c.Users.Me(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int64(7), me.ID)
	assert.Equal(t, int64(99), me.CompanyID)
	assert.True(t, me.IsYou)
	assert.Equal(t, []users.Access{{App: users.AppSales, Admin: true}}, me.Access)
	assert.Equal(t, "en", me.Language.LanguageCode)
	assert.Contains(t, logs.String(), "path=/v1/users/me")
	assert.NotContains(t, logs.String(), "example-token")
}

func TestNewClientRejectsEmptyToken(t *testing.T) {
	_, err := pipedrive.NewClient(auth.APIToken(""))
	assert.ErrorIs(t, err, auth.ErrEmptyToken)
	_, err = pipedrive.NewClient(nil)
	assert.Error(t, err)
}

func TestErrorsMatch(t *testing.T) {
	srv := meServer(t)
	c, err := pipedrive.NewClient(auth.APIToken("wrong-token"), pipedrive.WithBaseURL(srv.URL))
	require.NoError(t, err)
	_, err = c.Users.Me(context.Background())
	var apiErr *pipedrive.Error
	require.True(t, errors.As(err, &apiErr))
	assert.Equal(t, http.StatusUnauthorized, apiErr.StatusCode)
	assert.ErrorIs(t, err, pipedrive.ErrUnauthorized)
	assert.NotContains(t, err.Error(), "wrong-token")
}

func TestPtr(t *testing.T) {
	p := pipedrive.Ptr(0.0)
	require.NotNil(t, p)
	assert.Equal(t, 0.0, *p)
}

func ExampleNewClient() {
	srv := exampleServer() // stands in for https://api.pipedrive.com
	defer srv.Close()

	client, err := pipedrive.NewClient(auth.APIToken("example-token"), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	me, err := client.Users.Me(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(me.Name, me.CompanyID)
	// Output: Ada 99
}

func ExampleError() {
	srv := exampleServer()
	defer srv.Close()

	client, _ := pipedrive.NewClient(auth.APIToken("revoked-token"), pipedrive.WithBaseURL(srv.URL))
	_, err := client.Users.Me(context.Background())

	var apiErr *pipedrive.Error
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Message)
	}
	fmt.Println(errors.Is(err, pipedrive.ErrUnauthorized))
	// Output:
	// 401 unauthorized access
	// true
}

func exampleServer() *httptest.Server { return httptest.NewServer(meHandler()) }

func TestWithPlanReachesTheLimiter(t *testing.T) {
	srv := meServer(t)
	lim, err := ratelimit.New()
	require.NoError(t, err)
	cred := auth.APIToken("example-token")
	c, err := pipedrive.NewClient(cred, pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(lim), pipedrive.WithPlan(ratelimit.Professional))
	require.NoError(t, err)
	_, err = c.Users.Me(context.Background())
	require.NoError(t, err)
	st, err := lim.State(context.Background(), cred.LimitKey())
	require.NoError(t, err)
	assert.Equal(t, 80, st.Limit, "Professional's api_token limit, as no response revealed another")
	assert.Equal(t, int64(1), int64(st.InWindow))

	_, err = pipedrive.NewClient(cred, pipedrive.WithPlan(ratelimit.Plan(42)))
	assert.Error(t, err)
}

func TestClientsOnOneTokenShareTheDefaultLimiter(t *testing.T) {
	srv := meServer(t)
	cred := auth.APIToken("example-token")
	a, err := pipedrive.NewClient(cred, pipedrive.WithBaseURL(srv.URL))
	require.NoError(t, err)
	b, err := pipedrive.NewClient(auth.APIToken("example-token"), pipedrive.WithBaseURL(srv.URL))
	require.NoError(t, err)
	before, err := ratelimit.Default().State(context.Background(), cred.LimitKey())
	require.NoError(t, err)
	_, err = a.Users.Me(context.Background())
	require.NoError(t, err)
	_, err = b.Users.Me(context.Background())
	require.NoError(t, err)
	after, err := ratelimit.Default().State(context.Background(), cred.LimitKey())
	require.NoError(t, err)
	assert.Equal(t, before.LastSeq+2, after.LastSeq, "both clients' requests were admitted under one key")
}
