package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	redirect := flag.String("redirect", "http://127.0.0.1:8080/callback", "the app's registered callback URL")
	fake := flag.Bool("fake", false, "run against an in-process fake Pipedrive (package pipedrivetest) instead of Pipedrive")
	flag.Parse()

	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	var cfg *auth.OAuthConfig
	if *fake {
		// The fake's OAuth app: its endpoints, client id and secret, and
		// its companies' URLs trusted as api_domain (http loopback URLs,
		// which the SDK refuses unless told to trust them).
		srv, err := pipedrivetest.Start()
		if err != nil {
			log.Fatal(err)
		}
		defer srv.Close()
		if _, err := srv.Seed(pipedrivetest.Deal, map[string]any{"title": "Renewal", "value": 5000, "currency": "EUR"}); err != nil {
			log.Fatal(err)
		}
		cfg = srv.OAuthConfig(*redirect)
		logger.Info("fake Pipedrive", "url", srv.URL)
	} else {
		cfg = &auth.OAuthConfig{
			ClientID:     os.Getenv("PIPEDRIVE_CLIENT_ID"),
			ClientSecret: os.Getenv("PIPEDRIVE_CLIENT_SECRET"),
			RedirectURL:  *redirect,
		}
		if cfg.ClientID == "" || cfg.ClientSecret == "" {
			log.Fatal("set PIPEDRIVE_CLIENT_ID and PIPEDRIVE_CLIENT_SECRET, or run with -fake")
		}
	}

	app := newApp(cfg, auth.NewMemoryTokenStore(), logger)
	srv := &http.Server{Addr: *addr, Handler: app, ReadHeaderTimeout: 10 * time.Second}
	logger.Info("listening", "login", "http://"+*addr+"/login")
	log.Fatal(srv.ListenAndServe())
}

// app is the backend: an OAuth config, a token store and the handlers.
type app struct {
	cfg        *auth.OAuthConfig
	store      auth.TokenStore
	log        *slog.Logger
	clientOpts []pipedrive.Option // extra client options (tests point the client elsewhere)
	mux        *http.ServeMux
}

func newApp(cfg *auth.OAuthConfig, store auth.TokenStore, logger *slog.Logger, clientOpts ...pipedrive.Option) *app {
	a := &app{cfg: cfg, store: store, log: logger, clientOpts: clientOpts, mux: http.NewServeMux()}
	a.mux.HandleFunc("GET /login", a.login)
	a.mux.HandleFunc("GET /callback", a.callback)
	a.mux.HandleFunc("GET /me/{key}", a.me)
	return a
}

func (a *app) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.mux.ServeHTTP(w, r) }

const stateCookie = "pipedrive_oauth_state"

// login starts the authorization: a fresh state, kept in a cookie, and a
// redirect to Pipedrive's consent page.
func (a *app) login(w http.ResponseWriter, r *http.Request) {
	state, err := auth.NewState()
	if err != nil {
		http.Error(w, "could not start the authorization", http.StatusInternalServerError)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: stateCookie, Value: state, Path: "/callback", MaxAge: 600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: strings.HasPrefix(a.cfg.RedirectURL, "https://"),
	})
	http.Redirect(w, r, a.cfg.AuthCodeURL(state), http.StatusFound)
}

// callback finishes it: check state, exchange the code, then use the
// token and save it under the company and user it belongs to.
func (a *app) callback(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie(stateCookie)
	if err != nil || c.Value == "" { // an empty state would skip the check
		http.Error(w, "no authorization in progress: start at /login", http.StatusBadRequest)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: stateCookie, Path: "/callback", MaxAge: -1})

	ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
	defer cancel()
	tok, err := a.cfg.ExchangeCallback(ctx, r, c.Value)
	switch {
	case errors.Is(err, auth.ErrUserDenied):
		fmt.Fprintln(w, "You declined to connect Pipedrive. Nothing was saved.")
		return
	case errors.Is(err, auth.ErrStateMismatch), errors.Is(err, auth.ErrMissingCode):
		http.Error(w, "invalid callback: start again at /login", http.StatusBadRequest)
		return
	case err != nil:
		a.log.Error("code exchange failed", "error", err) // errors never carry secrets
		http.Error(w, "Pipedrive did not accept the authorization", http.StatusBadGateway)
		return
	}

	cred := auth.OAuth(a.cfg, tok)
	client, err := pipedrive.NewClient(cred, a.clientOpts...)
	if err != nil {
		a.log.Error("client", "error", err)
		http.Error(w, "unusable token", http.StatusBadGateway)
		return
	}
	me, err := client.Users.Me(ctx)
	if err != nil {
		a.log.Error("users/me", "error", err)
		http.Error(w, "Pipedrive is unreachable", http.StatusBadGateway)
		return
	}
	key := fmt.Sprintf("%d:%d", me.CompanyID, me.ID)
	// Save the credential's current token: it may have been refreshed
	// during Users.Me.
	tok = cred.Token()
	if err := a.store.Save(ctx, key, tok); err != nil {
		a.log.Error("saving the token", "error", err)
		http.Error(w, "could not save the connection", http.StatusInternalServerError)
		return
	}
	a.log.Info("connected", "key", key, "token", tok) // tok logs without its secrets
	fmt.Fprintf(w, "Connected %s (%s) of %s.\nYour grant is saved as %s: see /me/%s\n",
		me.Name, me.Email, me.CompanyName, key, key)

	// A first look at the company's data: a few open deals.
	page, err := client.Deals.ListPage(ctx, &deals.ListParams{Status: deals.StatusOpen, Limit: 5})
	if err != nil {
		a.log.Error("listing deals", "error", err)
		fmt.Fprintln(w, "Could not list deals.")
		return
	}
	fmt.Fprintf(w, "\nOpen deals (%d shown):\n", len(page.Items))
	for _, d := range page.Items {
		fmt.Fprintf(w, "- #%d %s: %.2f %s\n", d.ID, d.Title, d.Value, d.Currency)
	}
}

// me resumes a saved grant, as a background job would: the credential
// refreshes the access token when it is about to expire and saves the new
// one back to the store.
func (a *app) me(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	cred, err := auth.LoadOAuth(r.Context(), a.cfg, a.store, key, auth.WithLogger(a.log))
	if errors.Is(err, auth.ErrTokenNotFound) {
		http.Error(w, "unknown connection", http.StatusNotFound)
		return
	}
	if err != nil {
		http.Error(w, "unusable saved token", http.StatusInternalServerError)
		return
	}
	client, err := pipedrive.NewClient(cred, a.clientOpts...)
	if err != nil {
		http.Error(w, "unusable saved token", http.StatusInternalServerError)
		return
	}
	me, err := client.Users.Me(r.Context())
	if errors.Is(err, auth.ErrInvalidGrant) {
		http.Error(w, "the connection was revoked: authorize again at /login", http.StatusUnauthorized)
		return
	}
	if err != nil {
		a.log.Error("users/me", "error", err)
		http.Error(w, "Pipedrive is unreachable", http.StatusBadGateway)
		return
	}
	fmt.Fprintf(w, "%s (%s) of %s\n", me.Name, me.Email, me.CompanyName)
}
