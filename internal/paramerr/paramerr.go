// Package paramerr holds the sentinel that every error for params refused
// before sending matches. It is its own package so that the client core
// and the webhooks package (whose receiver must not link the core) share
// one value: errors.Is(err, pipedrive.ErrInvalidParams) holds for both.
package paramerr

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pipedrive-go/pipedrive/internal/sdkerr"
)

// ErrInvalidParams matches every error for params refused before anything
// was sent. The core re-exports it as core.ErrInvalidParams, the root
// package as pipedrive.ErrInvalidParams, and package webhooks as
// webhooks.ErrInvalidParams.
var ErrInvalidParams = errors.New("pipedrive: invalid params")

// ParamsError is a call refused before sending because of its params.
// pipedrive.ParamsError is its documented twin, with the same fields in
// the same order: As converts to it.
type ParamsError struct {
	// Method and Path are the operation's ("POST", "/api/v2/deals").
	Method, Path string
	// Missing lists the required fields left empty, by their names on the
	// wire ("title").
	Missing []string
	// Reason is set for other refusals ("nil params").
	Reason string
	// Err is the params' own Validate error, if that refused the call.
	Err error
}

// Error says which call was refused and why.
func (e *ParamsError) Error() string {
	msg := sdkerr.TrimPrefix(e.Reason)
	if len(e.Missing) > 0 {
		verb := "is"
		if len(e.Missing) > 1 {
			verb = "are"
		}
		msg = strings.Join(e.Missing, ", ") + " " + verb + " required"
		if e.Reason != "" {
			msg = e.Reason + ": " + msg
		}
	}
	if e.Method == "" && e.Path == "" {
		return "pipedrive: not sent: " + msg
	}
	return fmt.Sprintf("pipedrive: %s %s: not sent: %s", e.Method, e.Path, msg)
}

// Is makes every ParamsError match ErrInvalidParams.
func (e *ParamsError) Is(target error) bool { return target == ErrInvalidParams }

// Unwrap returns the params' own Validate error, if any.
func (e *ParamsError) Unwrap() error { return e.Err }

// As converts e into its documented twin, pipedrive.ParamsError.
func (e *ParamsError) As(target any) bool { return sdkerr.AsPublic(e, target) }
