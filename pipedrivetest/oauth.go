package pipedrivetest

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pipedrive-go/pipedrive/auth"
)

// authCodeTTL is how long an authorization code may be exchanged.
const authCodeTTL = 5 * time.Minute

// grant is one OAuth authorization: a user letting an app in. Its access
// tokens come and go with refreshes; its rate-limit key stays.
type grant struct {
	clientID string
	scope    string
	refresh  string // the refresh token that works now (s.grants also keeps the used ones, to find the grant)
	key      *keyState
	revoked  bool
}

type accessToken struct {
	grant   *grant
	expires time.Time // zero: never
}

type authCode struct {
	clientID, redirect, scope string
	userID                    int64
	expires                   time.Time
}

func (s *Server) newGrantLocked(clientID, scope string, userID int64) *grant {
	g := &grant{clientID: clientID, scope: scope, refresh: "pdt-refresh-" + randomHex(20)}
	g.key = s.newKeyLocked(kindOAuth, s.userLocked(userID))
	s.grants[g.refresh] = g
	return g
}

// OAuthTokens is what the token endpoint issues.
type OAuthTokens struct {
	AccessToken  string
	RefreshToken string
	ExpiresIn    int    // seconds
	APIDomain    string // the server's URL
	Scope        string
}

// GrantOAuth authorizes the default OAuth app for the default user without
// the browser round trip and returns the tokens, as the token endpoint
// would after a code exchange.
func (s *Server) GrantOAuth() OAuthTokens {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.newGrantLocked(s.client.id, "base", DefaultUserID)
	return s.issueLocked(g, s.clock.Now())
}

// OAuthConfig returns the configuration of the server's default OAuth app
// for package auth: its client id and secret, the server's authorize,
// token and revoke endpoints, an HTTP client for them, and the server's
// URL among the trusted api_domain values (the tokens it issues point
// back at it, an http URL that the SDK trusts only when told to).
// redirectURL is the app's callback.
func (s *Server) OAuthConfig(redirectURL string) *auth.OAuthConfig {
	return &auth.OAuthConfig{
		ClientID:          s.client.id,
		ClientSecret:      s.client.secret,
		RedirectURL:       redirectURL,
		AuthURL:           s.URL + "/oauth/authorize",
		TokenURL:          s.URL + "/oauth/token",
		RevokeURL:         s.URL + "/oauth/revoke",
		HTTPClient:        s.HTTPClient(),
		AllowedAPIDomains: []string{s.URL},
	}
}

func (s *Server) issueLocked(g *grant, now time.Time) OAuthTokens {
	tok := "pdt-access-" + randomHex(20)
	s.access[tok] = &accessToken{grant: g, expires: now.Add(s.cfg.accessTTL)}
	return OAuthTokens{
		AccessToken:  tok,
		RefreshToken: g.refresh,
		ExpiresIn:    int(s.cfg.accessTTL / time.Second),
		APIDomain:    s.URL,
		Scope:        g.scope,
	}
}

// clientLocked finds a registered OAuth app.
func (s *Server) clientLocked(id string) (oauthClient, bool) {
	if id == s.client.id {
		return s.client, true
	}
	for _, c := range s.cfg.clients {
		if c.id == id {
			return c, true
		}
	}
	return oauthClient{}, false
}

func oauthError(status int, code, desc string) *reply {
	return jsonReply(status, map[string]any{"success": false, "error": code, "error_description": desc})
}

// oauthAuthorize approves every request at once (there is no user to ask)
// and redirects to redirect_uri with a code and the state.
func (s *Server) oauthAuthorize(c *call) *reply {
	q := c.r.URL.Query()
	clientID, redirect := q.Get("client_id"), q.Get("redirect_uri")
	s.mu.Lock()
	cl, ok := s.clientLocked(clientID)
	s.mu.Unlock()
	if !ok {
		return oauthError(http.StatusBadRequest, "invalid_client", "Unknown client_id.")
	}
	if redirect == "" {
		redirect = cl.redirect
	}
	u, err := url.Parse(redirect)
	if err != nil || !u.IsAbs() {
		return oauthError(http.StatusBadRequest, "invalid_request", "redirect_uri must be an absolute URL.")
	}
	if cl.redirect != "" && redirect != cl.redirect {
		return oauthError(http.StatusBadRequest, "invalid_request", "redirect_uri does not match the app's.")
	}
	code := "pdt-code-" + randomHex(16)
	scope := q.Get("scope")
	if scope == "" {
		scope = "base"
	}
	s.mu.Lock()
	s.codes[code] = &authCode{clientID: clientID, redirect: redirect, scope: scope, userID: DefaultUserID,
		expires: c.now.Add(authCodeTTL)}
	s.mu.Unlock()
	v := u.Query()
	v.Set("code", code)
	if st := q.Get("state"); st != "" {
		v.Set("state", st)
	}
	u.RawQuery = v.Encode()
	h := http.Header{}
	h.Set("Location", u.String())
	h.Set("Cache-Control", "no-store")
	return &reply{status: http.StatusFound, html: "<html><body>Redirecting.</body></html>", header: h}
}

// oauthClientAuth checks the app's credentials: HTTP Basic, as Pipedrive
// documents, or client_id and client_secret in the form.
func (s *Server) oauthClientAuth(r *http.Request) (oauthClient, *reply) {
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	s.mu.Lock()
	cl, found := s.clientLocked(id)
	s.mu.Unlock()
	if !found || subtle.ConstantTimeCompare([]byte(cl.secret), []byte(secret)) != 1 {
		return oauthClient{}, oauthError(http.StatusUnauthorized, "invalid_client", "Client authentication failed.")
	}
	return cl, nil
}

func parseForm(r *http.Request) *reply {
	ct := r.Header.Get("Content-Type")
	if !strings.HasPrefix(strings.ToLower(ct), "application/x-www-form-urlencoded") {
		return oauthError(http.StatusBadRequest, "invalid_request", "The body must be application/x-www-form-urlencoded.")
	}
	if err := r.ParseForm(); err != nil {
		return oauthError(http.StatusBadRequest, "invalid_request", "The form body cannot be parsed.")
	}
	return nil
}

func (s *Server) oauthToken(c *call) *reply {
	if rp := parseForm(c.r); rp != nil {
		return rp
	}
	cl, rp := s.oauthClientAuth(c.r)
	if rp != nil {
		return rp
	}
	form := c.r.PostForm
	s.mu.Lock()
	defer s.mu.Unlock()
	var g *grant
	switch form.Get("grant_type") {
	case "authorization_code":
		code := s.codes[form.Get("code")]
		if code == nil || code.clientID != cl.id || !c.now.Before(code.expires) {
			return oauthError(http.StatusBadRequest, "invalid_grant", "The authorization code is invalid or expired.")
		}
		if ru := form.Get("redirect_uri"); ru != "" && ru != code.redirect {
			return oauthError(http.StatusBadRequest, "invalid_grant", "redirect_uri does not match the authorization request.")
		}
		delete(s.codes, form.Get("code")) // a code works once
		g = s.newGrantLocked(cl.id, code.scope, code.userID)
	case "refresh_token":
		rt := form.Get("refresh_token")
		g = s.grants[rt]
		if g == nil || g.revoked || g.clientID != cl.id {
			return oauthError(http.StatusBadRequest, "invalid_grant", "The refresh token is invalid or revoked.")
		}
		if !s.cfg.staticRefresh {
			// Rotation: each refresh token works once, and its
			// successor comes with the new access token.
			if rt != g.refresh {
				return oauthError(http.StatusBadRequest, "invalid_grant", "The refresh token was already used.")
			}
			g.refresh = "pdt-refresh-" + randomHex(20)
			s.grants[g.refresh] = g
		}
	default:
		return oauthError(http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token.")
	}
	t := s.issueLocked(g, c.now)
	h := http.Header{}
	h.Set("Cache-Control", "no-store")
	return &reply{status: http.StatusOK, header: h, body: map[string]any{
		"access_token":  t.AccessToken,
		"token_type":    "Bearer",
		"refresh_token": t.RefreshToken,
		"scope":         t.Scope,
		"expires_in":    t.ExpiresIn,
		"api_domain":    t.APIDomain,
	}}
}

// oauthRevoke revokes a refresh token (and with it every access token of
// its authorization) or a single access token.
func (s *Server) oauthRevoke(c *call) *reply {
	if rp := parseForm(c.r); rp != nil {
		return rp
	}
	cl, rp := s.oauthClientAuth(c.r)
	if rp != nil {
		return rp
	}
	tok := c.r.PostForm.Get("token")
	if tok == "" {
		return oauthError(http.StatusBadRequest, "invalid_request", "token is required.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if g := s.grants[tok]; g != nil && g.clientID == cl.id {
		g.revoked = true
	} else if at := s.access[tok]; at != nil && at.grant.clientID == cl.id {
		delete(s.access, tok)
	}
	// As RFC 7009 asks, an unknown token is not an error.
	return jsonReply(http.StatusOK, map[string]any{"success": true})
}
