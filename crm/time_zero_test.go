package crm_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
)

// v1 pictures send "0000-00-00 00:00:00" for a time that was never set.
func TestTimeZeroV1(t *testing.T) {
	for _, in := range []string{`"0000-00-00 00:00:00"`, `"0000-00-00"`, `null`, `""`} {
		var v crm.Time
		if err := json.Unmarshal([]byte(in), &v); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if !v.IsZero() {
			t.Errorf("%s decoded to %v, want the zero time", in, v.Time)
		}
	}
	var v crm.Time
	if err := json.Unmarshal([]byte(`"2025-06-12 11:00:00"`), &v); err != nil || !v.Equal(time.Date(2025, 6, 12, 11, 0, 0, 0, time.UTC)) {
		t.Errorf("v1 time: %v, %v", v.Time, err)
	}
}
