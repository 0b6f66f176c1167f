package auth_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
)

// The authorization flow of an app backend: /login sends the user to
// Pipedrive, /callback exchanges the code and builds a client.
func ExampleOAuthConfig_ExchangeCallback() {
	cfg := &auth.OAuthConfig{
		ClientID:     "my-client-id",
		ClientSecret: "my-client-secret",
		RedirectURL:  "https://app.example/callback",
	}
	store := auth.NewMemoryTokenStore()

	http.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		state, err := auth.NewState()
		if err != nil {
			http.Error(w, "try again", http.StatusInternalServerError)
			return
		}
		// Keep state in the user's session (a cookie here) to check it on return.
		http.SetCookie(w, &http.Cookie{Name: "oauth_state", Value: state, Path: "/", HttpOnly: true, Secure: true})
		http.Redirect(w, r, cfg.AuthCodeURL(state), http.StatusFound)
	})
	http.HandleFunc("/callback", func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie("oauth_state")
		if err != nil {
			http.Error(w, "no session", http.StatusBadRequest)
			return
		}
		tok, err := cfg.ExchangeCallback(r.Context(), r, c.Value)
		switch {
		case errors.Is(err, auth.ErrUserDenied):
			fmt.Fprintln(w, "Maybe next time.")
			return
		case err != nil:
			http.Error(w, "authorization failed", http.StatusBadGateway)
			return
		}
		client, err := pipedrive.NewClient(auth.OAuth(cfg, tok))
		if err != nil {
			http.Error(w, "bad token", http.StatusBadGateway)
			return
		}
		me, err := client.Users.Me(r.Context())
		if err != nil {
			http.Error(w, "Pipedrive unreachable", http.StatusBadGateway)
			return
		}
		// One grant per company and user: a natural store key.
		key := fmt.Sprintf("%d:%d", me.CompanyID, me.ID)
		if err := store.Save(r.Context(), key, tok); err != nil {
			http.Error(w, "could not save", http.StatusInternalServerError)
			return
		}
		fmt.Fprintf(w, "Connected %s.\n", me.CompanyName)
	})
}

// A background job resumes a company's grant from the store; the
// credential saves every refreshed token back under the same key.
func ExampleLoadOAuth() {
	cfg := &auth.OAuthConfig{ClientID: "my-client-id", ClientSecret: "my-client-secret"}
	store := auth.NewMemoryTokenStore()
	_ = store.Save(context.Background(), "42:7", &auth.Token{
		AccessToken: "...", RefreshToken: "...", APIDomain: "https://acme.pipedrive.com",
		Expiry: time.Now().Add(time.Hour),
	})

	cred, err := auth.LoadOAuth(context.Background(), cfg, store, "42:7")
	if err != nil {
		log.Fatal(err)
	}
	client, err := pipedrive.NewClient(cred)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(client.BaseURL())
	fmt.Println(cred.Kind())
	// Output:
	// https://acme.pipedrive.com
	// oauth
}

// A token prints without its secrets; its JSON form, for stores, keeps
// them.
func ExampleToken() {
	tok := auth.Token{
		AccessToken:  "v1:access-secret",
		RefreshToken: "refresh-secret",
		Expiry:       time.Date(2026, 11, 29, 13, 0, 0, 0, time.UTC),
		Scopes:       []string{"base", "deals:full"},
		APIDomain:    "https://acme.pipedrive.com",
	}
	fmt.Println(tok)
	b, _ := json.Marshal(tok)
	fmt.Println(len(b) > 0 && json.Valid(b))
	// Output:
	// auth.Token{AccessToken:[REDACTED] RefreshToken:[REDACTED] Expiry:2026-11-29T13:00:00Z Scopes:base,deals:full APIDomain:https://acme.pipedrive.com}
	// true
}

// sqlTokenStore keeps tokens in a SQL table
//
//	CREATE TABLE pipedrive_tokens (key TEXT PRIMARY KEY, token TEXT NOT NULL)
//
// as the JSON form of auth.Token (which includes the secrets: encrypt the
// column, or the disk, as you would passwords). The placeholders are
// PostgreSQL's.
type sqlTokenStore struct{ db *sql.DB }

func (s sqlTokenStore) Load(ctx context.Context, key string) (*auth.Token, error) {
	var raw []byte
	err := s.db.QueryRowContext(ctx, `SELECT token FROM pipedrive_tokens WHERE key = $1`, key).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, auth.ErrTokenNotFound
	}
	if err != nil {
		return nil, err
	}
	var tok auth.Token
	if err := json.Unmarshal(raw, &tok); err != nil {
		return nil, fmt.Errorf("token %q: %w", key, err)
	}
	return &tok, nil
}

func (s sqlTokenStore) Save(ctx context.Context, key string, tok *auth.Token) error {
	raw, err := json.Marshal(tok)
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO pipedrive_tokens (key, token) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET token = EXCLUDED.token`, key, raw)
	return err
}

// Backing the TokenStore with a database: two statements, on the JSON form
// of the token (see sqlTokenStore above).
func ExampleTokenStore() {
	var db *sql.DB // from sql.Open("pgx", dsn), for instance
	var store auth.TokenStore = sqlTokenStore{db: db}

	cfg := &auth.OAuthConfig{ClientID: "my-client-id", ClientSecret: "my-client-secret"}
	cred, err := auth.LoadOAuth(context.Background(), cfg, store, "42:7")
	if err != nil {
		log.Print(err)
		return
	}
	_, _ = pipedrive.NewClient(cred)
}

// Errors of the token endpoint are typed: a revoked grant is final and
// asks for a new authorization, anything else may pass.
func ExampleTokenError() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":"invalid_grant","error_description":"refresh token revoked"}`)
	}))
	defer srv.Close()
	cfg := &auth.OAuthConfig{ClientID: "id", ClientSecret: "secret", TokenURL: srv.URL}

	_, err := cfg.Refresh(context.Background(), "a-revoked-refresh-token")
	var te *auth.TokenError
	fmt.Println(errors.Is(err, auth.ErrInvalidGrant), errors.As(err, &te) && te.Permanent())
	fmt.Println(err)
	// Output:
	// true true
	// pipedrive/auth: refresh token: HTTP 400: invalid_grant: refresh token revoked (the user must authorize the app again)
}

// A token whose api_domain is not an https host under pipedrive.com is
// refused, unless the config trusts it by name (a test server, a proxy).
func ExampleOAuthConfig_allowedAPIDomains() {
	// A token endpoint handing out tokens for a local test server.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"access_token":"at","refresh_token":"rt","token_type":"Bearer","expires_in":3600,"api_domain":"http://127.0.0.1:8080"}`)
	}))
	defer srv.Close()
	cfg := &auth.OAuthConfig{ClientID: "id", ClientSecret: "secret", TokenURL: srv.URL}

	_, err := cfg.Exchange(context.Background(), "code")
	fmt.Println(errors.Is(err, auth.ErrUntrustedAPIDomain))

	cfg.AllowedAPIDomains = []string{"http://127.0.0.1:8080"}
	tok, err := cfg.Exchange(context.Background(), "code")
	fmt.Println(tok.APIDomain, err)
	// Output:
	// true
	// http://127.0.0.1:8080 <nil>
}

// Credentials of several processes share one store; with a TokenLocker
// (MemoryTokenStore is one) they refresh one at a time, each finding the
// token the previous one saved.
func ExampleTokenLocker() {
	store := auth.NewMemoryTokenStore()
	var _ auth.TokenLocker = store

	unlock, err := store.LockToken(context.Background(), "42:7", 30*time.Second)
	if err != nil {
		log.Print(err)
		return
	}
	// ... load, refresh and save the token of 42:7 ...
	unlock()
	fmt.Println("refreshed under the lock")
	// Output: refreshed under the lock
}
