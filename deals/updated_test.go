package deals_test

import (
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/ratelimit/ratelimittest"
)

// TestUpdatedSinceEncoding shows what ListParams.UpdatedSince and
// UpdatedUntil document: RFC 3339 to the second in the time's own offset
// (the fraction dropped), nothing for the zero time.
func TestUpdatedSinceEncoding(t *testing.T) {
	srv, svc := newServer(t)
	srv.route("GET", "/api/v2/deals", "deals_last.json")
	tallinn := time.FixedZone("EET", 2*3600)
	_, err := svc.ListPage(ctx, &deals.ListParams{
		UpdatedSince: time.Date(2026, 3, 1, 12, 30, 15, 999_000_000, tallinn),
		UpdatedUntil: time.Date(2026, 3, 2, 0, 0, 0, 500_000_000, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ListPage(ctx, &deals.ListParams{}); err != nil {
		t.Fatal(err)
	}
	seen := srv.requests()
	q := seen[0].Query
	if got, want := q.Get("updated_since"), "2026-03-01T12:30:15+02:00"; got != want {
		t.Errorf("updated_since = %q, want %q", got, want)
	}
	if got, want := q.Get("updated_until"), "2026-03-02T00:00:00Z"; got != want {
		t.Errorf("updated_until = %q, want %q", got, want)
	}
	if q := seen[1].Query; q.Has("updated_since") || q.Has("updated_until") {
		t.Errorf("the zero time was sent: %v", q)
	}
}

// TestUpdatedSinceBounds shows the bounds against the fake, which filters
// as Pipedrive documents: since inclusive, until exclusive, to the second.
func TestUpdatedSinceBounds(t *testing.T) {
	start := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	clock := ratelimittest.NewClock(start)
	srv := pipedrivetest.NewServer(t, pipedrivetest.WithClock(clock))
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"at 10:00:00", "at 10:00:01", "at 10:00:02"} {
		if _, err := client.Deals.Create(ctx, &deals.CreateParams{Title: title}); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Second)
	}
	list := func(p *deals.ListParams) []string {
		t.Helper()
		var titles []string
		for d, err := range client.Deals.List(ctx, p) {
			if err != nil {
				t.Fatal(err)
			}
			titles = append(titles, d.Title)
		}
		return titles
	}
	second := start.Add(time.Second)
	if got := list(&deals.ListParams{UpdatedSince: second, UpdatedUntil: second.Add(time.Second)}); len(got) != 1 || got[0] != "at 10:00:01" {
		t.Errorf("[10:00:01, 10:00:02) = %v", got)
	}
	// A fraction is dropped: since 10:00:01.9 still includes 10:00:01.
	if got := list(&deals.ListParams{UpdatedSince: second.Add(900 * time.Millisecond)}); len(got) != 2 || got[0] != "at 10:00:01" {
		t.Errorf("since 10:00:01.9 = %v", got)
	}
	// And until 10:00:01.9 excludes it.
	if got := list(&deals.ListParams{UpdatedUntil: second.Add(900 * time.Millisecond)}); len(got) != 1 || got[0] != "at 10:00:00" {
		t.Errorf("until 10:00:01.9 = %v", got)
	}
}
