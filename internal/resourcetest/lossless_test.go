package resourcetest

import (
	"reflect"
	"testing"

	"github.com/pipedrive-go/pipedrive/internal/spec"
)

func TestLostFields(t *testing.T) {
	orig := `{"id":1,"name":"a","owner":{"id":2,"name":"b","extra":"x"},"tags":[{"k":"v","z":1}],"zero":0,"none":null,"gone":"y"}`
	round := `{"id":1,"name":"a","owner":{"id":2,"name":"b"},"tags":[{"k":"v"}]}`
	lost, err := spec.LostFields([]byte(orig), []byte(round))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"gone", "owner.extra", "tags[0].z"}
	if !reflect.DeepEqual(lost, want) {
		t.Fatalf("lost = %v, want %v", lost, want)
	}
}
