package crm_test

import (
	"encoding/json"
	"net/url"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
)

func TestTimeDecoding(t *testing.T) {
	want := time.Date(2024, 2, 12, 9, 14, 35, 0, time.UTC)
	for _, in := range []string{`"2024-02-12T09:14:35Z"`, `"2024-02-12 09:14:35"`, `"2024-02-12T09:14:35"`, `"2024-02-12T10:14:35+01:00"`, `"2024-02-12T09:14:35.000Z"`} {
		var tm crm.Time
		if err := json.Unmarshal([]byte(in), &tm); err != nil || !tm.Equal(want) {
			t.Errorf("%s -> %v, %v", in, tm, err)
		}
	}
	for _, in := range []string{`null`, `""`} {
		tm := crm.Time{Time: want}
		if err := json.Unmarshal([]byte(in), &tm); err != nil || !tm.IsZero() || tm.Ptr() != nil {
			t.Errorf("%s -> %v, %v", in, tm, err)
		}
	}
	for _, in := range []string{`"yesterday"`, `12`, `"2024-13-01 00:00:00"`} {
		var tm crm.Time
		if err := json.Unmarshal([]byte(in), &tm); err == nil {
			t.Errorf("%s accepted", in)
		}
	}
	out, _ := json.Marshal(crm.Time{Time: want})
	if string(out) != `"2024-02-12T09:14:35Z"` {
		t.Errorf("encoded %s", out)
	}
}

func TestDate(t *testing.T) {
	var d crm.Date
	if err := json.Unmarshal([]byte(`"2026-03-31"`), &d); err != nil || d != crm.NewDate(2026, time.March, 31) {
		t.Fatalf("%v %v", d, err)
	}
	if d.String() != "2026-03-31" || !d.In(nil).Equal(time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("String/In: %s %v", d, d.In(nil))
	}
	if err := json.Unmarshal([]byte(`null`), &d); err != nil || !d.IsZero() {
		t.Errorf("null -> %v %v", d, err)
	}
	if out, _ := json.Marshal(crm.Date{}); string(out) != "null" {
		t.Errorf("zero date encoded as %s", out)
	}
	if err := json.Unmarshal([]byte(`"31/03/2026"`), &d); err == nil {
		t.Error("bad date accepted")
	}
	v := url.Values{}
	_ = crm.NewDate(2026, 1, 5).EncodeValues("start_date", &v)
	_ = crm.Date{}.EncodeValues("end_date", &v)
	if v.Encode() != "start_date=2026-01-05" {
		t.Errorf("query: %s", v.Encode())
	}
}

func TestVisibleTo(t *testing.T) {
	for in, want := range map[string]crm.VisibleTo{`3`: crm.VisibleToCompany, `"3"`: crm.VisibleToCompany, `"7"`: crm.VisibleToOwnerGroupAndSubgroups, `1.0`: crm.VisibleToOwner, `null`: 0, `""`: 0} {
		var v crm.VisibleTo
		if err := json.Unmarshal([]byte(in), &v); err != nil || v != want {
			t.Errorf("%s -> %v, %v", in, v, err)
		}
	}
	for _, in := range []string{`"three"`, `true`, `3.5`} {
		var v crm.VisibleTo
		if err := json.Unmarshal([]byte(in), &v); err == nil {
			t.Errorf("%s accepted", in)
		}
	}
	if out, _ := json.Marshal(crm.VisibleToCompany); string(out) != "3" {
		t.Errorf("encoded as %s", out)
	}
	if crm.VisibleToOwner.String() != "owner" || crm.VisibleTo(9).String() != "9" {
		t.Error("String")
	}
}

func FuzzTimeDecode(f *testing.F) {
	for _, s := range []string{`"2024-02-12 09:14:35"`, `"2024-02-12T09:14:35Z"`, `null`, `""`, `"2024-02-12"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var tm crm.Time
		var d crm.Date
		var v crm.VisibleTo
		_ = json.Unmarshal(b, &tm)
		_ = json.Unmarshal(b, &d)
		_ = json.Unmarshal(b, &v)
	})
}
