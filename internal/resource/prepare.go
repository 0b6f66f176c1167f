package resource

import (
	"context"
	"reflect"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
)

var (
	customFieldsType = reflect.TypeFor[crm.CustomFields]()
	fieldValuesType  = reflect.TypeFor[crm.FieldValues]()
)

// Prepare readies a create or update call whose body carries custom
// fields: it checks the call's params and path first (so a call that would
// be refused fetches no definitions), then resolves the body's values by
// field name (its crm.FieldValues field) into its crm.CustomFields field.
// The caller's params are not modified: call.Body is replaced by a copy.
func (f *Fields) Prepare(ctx context.Context, call *core.Call) error {
	if err := call.CheckParams(); err != nil {
		return err
	}
	rv := reflect.ValueOf(call.Body)
	if !rv.IsValid() || rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return nil
	}
	cfIdx, fvIdx := customFieldIndexes(rv.Elem().Type())
	if cfIdx == nil || fvIdx == nil {
		return nil
	}
	named := rv.Elem().FieldByIndex(fvIdx).Interface().(crm.FieldValues)
	if len(named) == 0 {
		return nil
	}
	cf := rv.Elem().FieldByIndex(cfIdx).Interface().(crm.CustomFields)
	resolved, err := f.Resolve(ctx, cf, named)
	if err != nil {
		return err
	}
	cp := reflect.New(rv.Elem().Type())
	cp.Elem().Set(rv.Elem())
	cp.Elem().FieldByIndex(cfIdx).Set(reflect.ValueOf(resolved))
	call.Body = cp.Interface()
	return nil
}

// customFieldIndexes finds the crm.CustomFields and crm.FieldValues fields
// of a params struct (not through embedded pointers).
func customFieldIndexes(t reflect.Type) (cf, fv []int) {
	for _, f := range reflect.VisibleFields(t) {
		switch f.Type {
		case customFieldsType:
			if cf == nil {
				cf = f.Index
			}
		case fieldValuesType:
			if fv == nil {
				fv = f.Index
			}
		}
	}
	return cf, fv
}
