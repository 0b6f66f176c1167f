package auth_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive/auth"
)

func TestAPIToken(t *testing.T) {
	const secret = "0123456789abcdef-secret"
	cred := auth.APIToken(secret)
	require.NoError(t, cred.Validate())
	assert.Equal(t, auth.KindAPIToken, cred.Kind())

	h := http.Header{}
	require.NoError(t, cred.Authenticate(context.Background(), h))
	assert.Equal(t, secret, h.Get("X-Api-Token"))
	assert.Empty(t, h.Get("Authorization"))

	for _, s := range []string{cred.LimitKey(), fmt.Sprint(cred), fmt.Sprintf("%v %+v %#v %s", cred, cred, cred, cred)} {
		assert.NotContains(t, s, secret)
	}
	assert.True(t, strings.HasPrefix(cred.LimitKey(), "api_token:"))
	assert.Equal(t, cred.LimitKey(), auth.APIToken(secret).LimitKey(), "the same token always has the same key")
	assert.NotEqual(t, cred.LimitKey(), auth.APIToken(secret+"x").LimitKey())
}

func TestEmptyAPIToken(t *testing.T) {
	cred := auth.APIToken("")
	assert.ErrorIs(t, cred.Validate(), auth.ErrEmptyToken)
	assert.ErrorIs(t, cred.Authenticate(context.Background(), http.Header{}), auth.ErrEmptyToken)
}

func TestHashKeySeparatesKinds(t *testing.T) {
	assert.NotEqual(t, auth.HashKey("api_token", "x"), auth.HashKey("oauth", "x"))
	assert.Len(t, strings.TrimPrefix(auth.HashKey("oauth", "x"), "oauth:"), 32)
}

func TestKindString(t *testing.T) {
	assert.Equal(t, "api_token", auth.KindAPIToken.String())
	assert.Equal(t, "oauth", auth.KindOAuth.String())
	assert.Equal(t, "unknown", auth.Kind(0).String())
}

// TestAPITokenHiddenFromEveryVerb: fmt prints a Stringer's String only for
// %v, %s, %q and %x; with any other verb (%d, %t, ...) it prints the
// struct's fields, which must not include the token. Nor may slog.
func TestAPITokenHiddenFromEveryVerb(t *testing.T) {
	const secret = "0123456789abcdef-secret"
	cred := auth.APIToken(secret)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%t", "%o", "%b", "%e", "%c", "%U", "%10.3v"} {
		for _, v := range []any{cred, struct{ C auth.Credential }{cred}, []auth.Credential{cred}} {
			s := fmt.Sprintf(verb, v)
			assert.NotContains(t, s, secret, "verb %s", verb)
			assert.NotContains(t, s, fmt.Sprintf("%x", secret), "verb %s", verb)
		}
	}
	var buf strings.Builder
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "cred", cred)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "cred", cred)
	assert.NotContains(t, buf.String(), secret)
	assert.Contains(t, buf.String(), cred.LimitKey())
}
