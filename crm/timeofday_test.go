package crm

import (
	"encoding/json"
	"testing"
)

func TestTimeOfDay(t *testing.T) {
	for in, want := range map[string]TimeOfDay{
		`"14:30"`:    NewTimeOfDay(14, 30, 0),
		`"09:05:07"`: NewTimeOfDay(9, 5, 7),
		`null`:       {},
		`""`:         {},
	} {
		var got TimeOfDay
		if err := json.Unmarshal([]byte(in), &got); err != nil || got != want {
			t.Errorf("%s: got %+v, %v; want %+v", in, got, err, want)
		}
		out, err := json.Marshal(got)
		if err != nil {
			t.Fatal(err)
		}
		var back TimeOfDay
		if err := json.Unmarshal(out, &back); err != nil || back != got {
			t.Errorf("%s: round trip %s gives %+v", in, out, back)
		}
	}
	for _, bad := range []string{`"25:00"`, `"noon"`, `14`, `{}`} {
		var got TimeOfDay
		if err := json.Unmarshal([]byte(bad), &got); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}
