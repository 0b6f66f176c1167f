package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

func TestQuickstartOnTheFake(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	var out, progress bytes.Buffer
	var srv *pipedrivetest.Server
	o := options{burst: 160, workers: 8, fake: []pipedrivetest.Option{pipedrivetest.WithRateLimit(120, 0)},
		started: func(s *pipedrivetest.Server) { srv = s }}
	s, err := run(ctx, o, "", &out, &progress)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	t.Logf("\n%s%s", out.String(), progress.String())
	// What the server saw agrees with what the client counted.
	st := srv.Stats()
	if st.TooManyRequests != 0 || st.MaxInWindow > 120 || int64(st.Requests) != s.Requests {
		t.Errorf("server stats %+v, client summary %+v", st, s)
	}
	// The tour created an organization, a person and a deal with custom
	// fields by name, and deleted them at the end.
	if st.Routes["POST /api/v2/deals"] != 1 || st.Routes["DELETE /api/v2/deals/{id}"] != 1 ||
		st.Routes["POST /api/v2/persons"] != 1 || st.Routes["POST /api/v2/organizations"] != 1 {
		t.Errorf("routes %v", st.Routes)
	}
	if srv.Len(pipedrivetest.Deal) != 6 || srv.Len(pipedrivetest.Person) != 0 || srv.Len(pipedrivetest.Organization) != 0 {
		t.Errorf("left behind: %d deals, %d persons, %d organizations", srv.Len(pipedrivetest.Deal),
			srv.Len(pipedrivetest.Person), srv.Len(pipedrivetest.Organization))
	}
	if st.Routes["GET /api/v2/deals/{id}"] != 160 || st.Routes["GET /api/v2/deals"] != 2 {
		t.Errorf("burst and listing: %v", st.Routes)
	}
	if s.TooMany != 0 {
		t.Errorf("%d responses were 429", s.TooMany)
	}
	if s.Allowed != 120 {
		t.Errorf("allowed %d, want the fake's 120", s.Allowed)
	}
	if s.Burst != 160 || s.Requests < 161 {
		t.Errorf("summary %+v", s)
	}
	for _, want := range []string{"pipedrivetest", "Tier (read back by name): Enterprise", "Budget (read back by name): 4200.00 EUR",
		`"Quickstart renewal"`, `"Pilot project"`, "requests sent", "achieved rate", "allowed rate", "429s received", "waited in limiter"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
	// Not a terminal: one progress line per quarter, no carriage returns.
	if n := strings.Count(progress.String(), "\n"); n != 4 || strings.Contains(progress.String(), "\r") {
		t.Errorf("progress on a pipe:\n%q", progress.String())
	}
}

// With a token the quickstart talks to the "real" API (here a fake in its
// place) and writes nothing unless -write is given.
func TestQuickstartWithTokenIsReadOnly(t *testing.T) {
	srv := pipedrivetest.NewServer(t, pipedrivetest.WithRateLimit(200, 0))
	var out, progress bytes.Buffer
	o := options{burst: 20, workers: 4, baseURL: srv.URL}
	if _, err := run(context.Background(), o, srv.Token(), &out, &progress); err != nil {
		t.Fatal(err)
	}
	if st := srv.Stats(); st.Writes != 0 || st.Admitted < 21 {
		t.Fatalf("read-only run: %+v", st)
	}
	if strings.Contains(out.String(), "No PIPEDRIVE_API_TOKEN") || !strings.Contains(out.String(), "read-only") {
		t.Errorf("output:\n%s", out.String())
	}
}

func TestQuickstartReportsFailures(t *testing.T) {
	srv := pipedrivetest.NewServer(t, pipedrivetest.WithRateLimit(200, 0))
	var out, progress bytes.Buffer
	if _, err := run(context.Background(), options{burst: 10, workers: 2, baseURL: srv.URL}, "wrong-token", &out, &progress); err == nil {
		t.Fatal("no error with a wrong token")
	}
	if _, err := run(context.Background(), options{workers: 0}, "", &out, &progress); err == nil {
		t.Fatal("no error with zero workers")
	}
}

func TestBurstStopsAtTheFirstError(t *testing.T) {
	calls := 0
	boom := context.DeadlineExceeded
	err := burst(context.Background(), 100, 1, func(context.Context) error {
		calls++
		if calls == 3 {
			return boom
		}
		return nil
	}, func() {})
	if err != boom || calls != 3 {
		t.Fatalf("err %v after %d calls", err, calls)
	}
}
