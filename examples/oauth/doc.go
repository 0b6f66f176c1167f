// Command oauth is a minimal Pipedrive OAuth app backend: /login sends the
// user to Pipedrive's consent page, /callback exchanges the code, greets
// the user with Users.Me, saves the token under "<company id>:<user id>"
// and lists a few open deals; /me/{key} later resumes the saved grant
// (refreshing the token when needed) the way a background job would.
//
// Run it against Pipedrive (register http://127.0.0.1:8080/callback as the
// app's callback URL in the Developer Hub):
//
//	PIPEDRIVE_CLIENT_ID=... PIPEDRIVE_CLIENT_SECRET=... go run ./examples/oauth
//
// then open http://127.0.0.1:8080/login. To run it without an account,
// against an in-process fake Pipedrive (package pipedrivetest, whose
// Server.OAuthConfig gives its endpoints, client credentials and trusted
// api_domain):
//
//	go run ./examples/oauth -fake
package main
