package resourcetest

import (
	"encoding/json"
	"testing"

	"github.com/pipedrive-go/pipedrive/internal/spec"
)

// AssertNoFieldLost decodes data (a JSON value, such as the "data" member
// of a spec example) into v, a pointer to a model, encodes v again, and
// fails t for every member of data that did not survive the round trip:
// a property the model has no field for. Members whose value is null or
// empty ("", 0, false, [], {}) are not required to survive, since a model
// may leave zero values out (omitempty).
func AssertNoFieldLost(t testing.TB, data []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("decoding into %T: %v", v, err)
	}
	again, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encoding %T: %v", v, err)
	}
	lost, err := spec.LostFields(data, again)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range lost {
		t.Errorf("%T loses %s", v, p)
	}
}

// LostFields returns the paths ("owner.name", "items[0].id") of the
// non-empty members of orig that round is missing (see spec.LostFields).
func LostFields(orig, round []byte) ([]string, error) { return spec.LostFields(orig, round) }
