package crm_test

import (
	"encoding/json"
	"testing"

	"github.com/pipedrive-go/pipedrive/crm"
)

func TestLabels(t *testing.T) {
	var ls []crm.Label
	if err := json.Unmarshal([]byte(`[1,"2",{"id":3,"label":"Hot"},{"id":"4","label":""}]`), &ls); err != nil {
		t.Fatal(err)
	}
	ids, named := crm.SplitLabels(ls)
	if want := []int64{1, 2, 3, 4}; len(ids) != 4 || ids[0] != want[0] || ids[1] != want[1] || ids[2] != want[2] || ids[3] != want[3] {
		t.Errorf("ids = %v, want %v", ids, want)
	}
	if len(named) != 4 || named[2].Label != "Hot" {
		t.Errorf("named = %v", named)
	}
	ids, named = crm.SplitLabels([]crm.Label{{ID: 5}})
	if len(ids) != 1 || named != nil {
		t.Errorf("bare ids: %v %v", ids, named)
	}
	if ids, named := crm.SplitLabels(nil); ids != nil || named != nil {
		t.Errorf("nil: %v %v", ids, named)
	}
	for _, bad := range []string{`"x"`, `{"id":"y"}`, `true`, `[1]`} {
		var l crm.Label
		if err := json.Unmarshal([]byte(bad), &l); err == nil {
			t.Errorf("%s decoded to %v", bad, l)
		}
	}
}
