// Package sdkerr holds what every package of the SDK needs to make its
// errors read and match as one vocabulary: one "pipedrive: " prefix per
// message (Errorf, Bare), and the conversion of the core's error types
// into their documented twins of the root package (AsPublic).
package sdkerr

import (
	"fmt"
	"reflect"
	"strings"
)

// prefixes are the package prefixes the SDK's errors start with.
var prefixes = []string{"pipedrive: ", "pipedrive/auth: ", "ratelimit: ", "redisstore: ", "crm: ", "webhooks: "}

// Bare returns err's message without the package prefix it starts with,
// for a message that already has one ("pipedrive: POST /api/v2/deals: not
// sent: daily write limit reached", not "...: not sent: ratelimit: daily
// write limit reached").
func Bare(err error) string {
	if err == nil {
		return "<nil>"
	}
	return TrimPrefix(err.Error())
}

// TrimPrefix removes the package prefix s starts with, if any.
func TrimPrefix(s string) string {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return s[len(p):]
		}
	}
	return s
}

// Errorf is fmt.Errorf whose error operands (for %w or %v) print without
// their package prefix, except an operand at the very start of format,
// which supplies the message's one prefix. The result wraps the %w
// operands as fmt.Errorf's does: errors.Is and errors.As see them.
func Errorf(format string, a ...any) error {
	args := make([]any, len(a))
	lead := strings.HasPrefix(format, "%w") || strings.HasPrefix(format, "%v")
	for i, v := range a {
		if e, ok := v.(error); ok && e != nil && !(lead && i == 0) {
			v = bare{e}
		}
		args[i] = v
	}
	return fmt.Errorf(format, args...)
}

// bare is an error shown without its package prefix.
type bare struct{ err error }

func (b bare) Error() string { return Bare(b.err) }
func (b bare) Unwrap() error { return b.err }

// rootPath is the import path of the root package, whose error types are
// the documented twins of the core's.
const rootPath = "github.com/pipedrive-go/pipedrive"

// AsPublic implements the As method of an internal error type e (a
// pointer to a struct): when target is a pointer to a *T, where T is a
// type of the root package with e's name and exact layout (its documented
// twin),
// it sets *target to e converted, pointing at the same error, and reports
// true. So errors.As(err, &apiErr) with apiErr a *pipedrive.Error finds
// the core's *Error.
func AsPublic(e, target any) bool {
	tv := reflect.ValueOf(target)
	if !tv.IsValid() || tv.Kind() != reflect.Pointer || tv.IsNil() {
		return false
	}
	pt := tv.Type().Elem() // *pipedrive.X
	if pt.Kind() != reflect.Pointer || pt.Elem().Kind() != reflect.Struct || pt.Elem().PkgPath() != rootPath {
		return false
	}
	ev := reflect.ValueOf(e)
	if ev.Kind() != reflect.Pointer || ev.IsNil() || ev.Type().Elem().Name() != pt.Elem().Name() || !ev.Type().ConvertibleTo(pt) {
		return false
	}
	tv.Elem().Set(ev.Convert(pt))
	return true
}
