package pipedrivetest

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
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
	user                      *user
	expires                   time.Time
}

// newGrantLocked authorizes an app for user u (of u's company).
func (s *shared) newGrantLocked(clientID, scope string, u *user) *grant {
	g := &grant{clientID: clientID, scope: scope, refresh: "pdt-refresh-" + randomHex(20)}
	g.key = s.newKeyLocked(kindOAuth, u)
	s.grants[g.refresh] = g
	return g
}

// OAuthTokens is what the token endpoint issues.
type OAuthTokens struct {
	AccessToken  string
	RefreshToken string
	ExpiresIn    int    // seconds
	APIDomain    string // the URL of the user's company
	Scope        string
}

// GrantOAuth authorizes the default OAuth app for user 1 of the view's
// company without the browser round trip and returns the tokens, as the
// token endpoint would after a code exchange; their APIDomain is the
// company's URL.
func (s *Server) GrantOAuth() OAuthTokens {
	t, _ := s.GrantOAuthAs(DefaultUserID)
	return t
}

// GrantOAuthAs is GrantOAuth for user userID of the view's company
// (created on first mention).
func (s *Server) GrantOAuthAs(userID int64) (OAuthTokens, error) {
	if userID <= 0 {
		return OAuthTokens{}, fmt.Errorf("%w: user id must be positive", errBadOption)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.newGrantLocked(s.client.id, "base", s.company.userLocked(userID))
	return s.issueLocked(g, s.clock.Now()), nil
}

// OAuthConfig returns the configuration of the server's default OAuth app
// for package auth: its client id and secret, the server's authorize,
// token and revoke endpoints, an HTTP client for them, and every
// company's URL among the trusted api_domain values (the tokens it issues
// point at their company's URL, an http URL that the SDK trusts only when
// told to). redirectURL is the app's callback.
//
// The server approves every authorization at once, as user 1 of the
// view's company: the authorize URL of a company's view names it
// (company_id, a parameter only the fake reads, as if the user had picked
// the company on Pipedrive's consent page). One app serves every company,
// as a real app's one config does: only AuthURL differs between views.
func (s *Server) OAuthConfig(redirectURL string) *auth.OAuthConfig {
	main := s.companies[0].view.URL
	authURL := main + "/oauth/authorize"
	if s.company != s.companies[0] {
		authURL += "?company_id=" + strconv.FormatInt(s.company.id, 10)
	}
	domains := make([]string, len(s.companies))
	for i, co := range s.companies {
		domains[i] = co.view.URL
	}
	return &auth.OAuthConfig{
		ClientID:          s.client.id,
		ClientSecret:      s.client.secret,
		RedirectURL:       redirectURL,
		AuthURL:           authURL,
		TokenURL:          main + "/oauth/token",
		RevokeURL:         main + "/oauth/revoke",
		HTTPClient:        s.HTTPClient(),
		AllowedAPIDomains: domains,
	}
}

func (s *shared) issueLocked(g *grant, now time.Time) OAuthTokens {
	tok := "pdt-access-" + randomHex(20)
	s.access[tok] = &accessToken{grant: g, expires: now.Add(s.cfg.accessTTL)}
	return OAuthTokens{
		AccessToken:  tok,
		RefreshToken: g.refresh,
		ExpiresIn:    int(s.cfg.accessTTL / time.Second),
		APIDomain:    g.key.user.co.view.URL,
		Scope:        g.scope,
	}
}

// clientLocked finds a registered OAuth app.
func (s *shared) clientLocked(id string) (oauthClient, bool) {
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
	// Who consents: the fake's own parameters company_id and user_id
	// (OAuthConfig of a company's view sets the first), else user 1 of
	// the default company.
	co := s.companies[0]
	if v := q.Get("company_id"); v != "" {
		id, _ := strconv.ParseInt(v, 10, 64)
		if co = s.Company(id).companyOrNil(); co == nil {
			return oauthError(http.StatusBadRequest, "invalid_request", "company_id names no company of the fake.")
		}
	}
	userID := DefaultUserID
	if v := q.Get("user_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return oauthError(http.StatusBadRequest, "invalid_request", "user_id must be a positive integer.")
		}
		userID = id
	}
	code := "pdt-code-" + randomHex(16)
	scope := q.Get("scope")
	if scope == "" {
		scope = "base"
	}
	s.mu.Lock()
	s.codes[code] = &authCode{clientID: clientID, redirect: redirect, scope: scope, user: co.userLocked(userID),
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
		g = s.newGrantLocked(cl.id, code.scope, code.user)
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

// companyOrNil is the view's company, or nil for a nil view.
func (s *Server) companyOrNil() *company {
	if s == nil {
		return nil
	}
	return s.company
}
