// Package logctx carries the client's logger in a request's context, so
// that the pieces a request passes through without importing the client
// core (an OAuth credential refreshing its token, in package auth) log
// where the client does, unless they were given a logger of their own.
package logctx

import (
	"context"
	"log/slog"
)

type key struct{}

// With returns a copy of ctx carrying l (ctx itself when l is nil).
func With(ctx context.Context, l *slog.Logger) context.Context {
	if l == nil {
		return ctx
	}
	return context.WithValue(ctx, key{}, l)
}

// From returns the logger ctx carries, or nil.
func From(ctx context.Context) *slog.Logger {
	if ctx == nil {
		return nil
	}
	l, _ := ctx.Value(key{}).(*slog.Logger)
	return l
}

// Or returns own when it is set, else the logger ctx carries, else a
// logger that discards everything.
func Or(ctx context.Context, own *slog.Logger) *slog.Logger {
	if own != nil {
		return own
	}
	if l := From(ctx); l != nil {
		return l
	}
	return discard
}

var discard = slog.New(slog.DiscardHandler)
