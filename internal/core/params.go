package core

import (
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/paramerr"
)

// ErrInvalidParams matches every error for params refused before anything
// was sent: a required field left empty, nil params where some are
// required, a path argument that is not a valid id. It is the value of
// internal/paramerr, which package webhooks shares without importing the
// core.
var ErrInvalidParams = paramerr.ErrInvalidParams

// ParamsError is a call refused before sending because of its params
// (see internal/paramerr, where it is defined so that package webhooks
// can return it too).
type ParamsError = paramerr.ParamsError

// RequiredTag is the struct tag that marks a params field the API
// requires: `pipedrive:"required"`. The core refuses a call whose Query or
// Body leaves such a field at its zero value (or whose query params pointer
// is nil while its type has one), and a call whose body params pointer is
// nil, before any admission or request.
const RequiredTag = "pipedrive"

// isNilPointer reports whether v is a typed nil pointer (or nil map or
// slice), which a service hands over when its caller passed nil params.
func isNilPointer(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

// requiredField is a field of a params struct marked required.
type requiredField struct {
	index []int
	name  string // the wire name
}

var requiredCache sync.Map // reflect.Type -> []requiredField

// requiredFields returns the required fields of struct type t, embedded
// structs included.
func requiredFields(t reflect.Type) []requiredField {
	if v, ok := requiredCache.Load(t); ok {
		return v.([]requiredField)
	}
	var out []requiredField
	var walk func(t reflect.Type, index []int)
	walk = func(t reflect.Type, index []int) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			idx := append(append([]int(nil), index...), i)
			ft := f.Type
			if f.Anonymous {
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct && f.Tag.Get(RequiredTag) == "" {
					walk(ft, idx)
					continue
				}
			}
			if !hasOption(f.Tag.Get(RequiredTag), "required") {
				continue
			}
			out = append(out, requiredField{index: idx, name: wireName(f)})
		}
	}
	walk(t, nil)
	requiredCache.Store(t, out)
	return out
}

func hasOption(tag, opt string) bool {
	for _, o := range strings.Split(tag, ",") {
		if strings.TrimSpace(o) == opt {
			return true
		}
	}
	return false
}

// wireName is the field's JSON or query name, else its Go name.
func wireName(f reflect.StructField) string {
	for _, key := range []string{"json", "url"} {
		if n, _, _ := strings.Cut(f.Tag.Get(key), ","); n != "" && n != "-" {
			return n
		}
	}
	return f.Name
}

// missingRequired returns the wire names of v's required fields that are
// zero. v is a struct or a pointer to one; anything else has none.
func missingRequired(v any) (missing []string, nilWithRequired bool) {
	rv := reflect.ValueOf(v)
	t := rv.Type()
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
		if t.Kind() != reflect.Struct {
			return nil, false
		}
		if rv.IsNil() {
			req := requiredFields(t)
			for _, r := range req {
				missing = append(missing, r.name)
			}
			return missing, len(req) > 0
		}
		rv = rv.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil, false
	}
	for _, r := range requiredFields(t) {
		fv, ok := fieldByIndex(rv, r.index)
		if !ok || fv.IsZero() || (fv.Kind() == reflect.Slice && fv.Len() == 0) {
			missing = append(missing, r.name)
		}
	}
	return missing, false
}

// fieldByIndex is reflect.Value.FieldByIndex that reports a nil embedded
// pointer on the way instead of panicking.
func fieldByIndex(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

// checkParams refuses a call whose query or body lacks a required field.
func checkParams(method, path string, params ...any) error {
	var missing []string
	var nilParams bool
	for _, v := range params {
		if v == nil {
			continue
		}
		m, n := missingRequired(v)
		missing = append(missing, m...)
		nilParams = nilParams || n
	}
	if len(missing) == 0 {
		return nil
	}
	e := &ParamsError{Method: method, Path: path, Missing: missing}
	if nilParams {
		e.Reason = "nil params"
	}
	return e
}

// CheckParams is the check Do makes of a call's params before sending:
// path arguments valid, required fields set. Services that do work before
// sending, such as resolving custom fields by name, call it first so that
// a call that would be refused costs nothing.
func (call *Call) CheckParams() error {
	_, err := call.checkParams()
	return err
}

// checkParams is CheckParams; it also returns the expanded path (without
// its version prefix), which Do sends to.
func (call *Call) checkParams() (string, error) {
	expanded, err := expandPath(call.Op.Path, call.PathArgs)
	if err != nil {
		return "", &ParamsError{Method: call.Op.Method, Path: call.Op.Version.Prefix() + call.Op.Path, Reason: err.Error()}
	}
	if call.Query == nil && call.Body == nil && call.Form == nil {
		return expanded, nil // no params: nothing more to check
	}
	for _, b := range []any{call.Body, call.Form} {
		if b != nil && isNilPointer(b) {
			// A method that takes a body has nothing to send without one.
			return "", &ParamsError{Method: call.Op.Method, Path: call.Op.Version.Prefix() + call.Op.Path, Reason: "nil params"}
		}
	}
	path := call.Op.Version.Prefix() + call.Op.Path
	if err := checkParams(call.Op.Method, path, call.Query, call.Body, call.Form); err != nil {
		return "", err
	}
	for _, p := range []any{call.Query, call.Body, call.Form} {
		v, ok := p.(Validator)
		if !ok || isNilPointer(p) {
			continue
		}
		if err := v.Validate(); err != nil {
			return "", &ParamsError{Method: call.Op.Method, Path: path, Reason: err.Error(), Err: err}
		}
	}
	return expanded, nil
}

// Validator is implemented by params that check more than their required
// fields (values the API refuses in combination, or constants of a shared
// type that this operation does not take). The core calls Validate before
// sending; an error refuses the call with a ParamsError.
type Validator interface {
	Validate() error
}

// CheckFields makes the checks CheckParams makes of a call's Query or
// Body (required fields set, the params' own Validate) on params a service
// encodes itself, such as the fields of a multipart upload: op names the
// call in the error. Nil params are refused.
func CheckFields(op ops.Op, params any) error {
	path := op.Version.Prefix() + op.Path
	if isNilPointer(params) {
		return &ParamsError{Method: op.Method, Path: path, Reason: "nil params"}
	}
	if err := checkParams(op.Method, path, params, nil); err != nil {
		return err
	}
	if v, ok := params.(Validator); ok {
		if err := v.Validate(); err != nil {
			return &ParamsError{Method: op.Method, Path: path, Reason: err.Error(), Err: err}
		}
	}
	return nil
}

// Refuse returns the ParamsError of a call to op refused before sending
// for the reason a service found (a zero id in a body, an empty list):
// it matches ErrInvalidParams like every other refusal.
func Refuse(op ops.Op, format string, a ...any) error {
	return &ParamsError{Method: op.Method, Path: op.Version.Prefix() + op.Path, Reason: fmt.Sprintf(format, a...)}
}
