package pipedrivetest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/notes"
	"github.com/pipedrive-go/pipedrive/organizations"
	"github.com/pipedrive-go/pipedrive/persons"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/ratelimit/ratelimittest"
)

// A deal's v1 history through the SDK: changelog, flow (with notes,
// files and mail messages), files, mail messages, permitted users,
// followers and participants.
func TestDealHistoryThroughTheSDK(t *testing.T) {
	clock := ratelimittest.NewClock(time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC))
	srv, client := sdkClient(t, pipedrivetest.WithClock(clock))
	ctx := context.Background()
	d, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Harbour cranes", Value: pipedrive.Ptr(100.0)})
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	if _, err := client.Deals.Update(ctx, d.ID, &deals.UpdateParams{Value: pipedrive.Ptr(250.0),
		CustomFieldsByName: crm.FieldValues{"Seats": 12}}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	if _, err := client.Notes.Create(ctx, &notes.CreateParams{Content: "Call back", DealID: d.ID}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	if _, err := srv.AttachFile(pipedrivetest.Deal, d.ID, "offer.pdf"); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.AttachMailMessage(pipedrivetest.Deal, d.ID, "buyer@example.com", "Re: offer"); err != nil {
		t.Fatal(err)
	}

	changes := collectAll(t, client.Deals.Changelog(ctx, d.ID, nil))
	byField := map[string]*crm.ChangelogEntry{}
	for i := range changes {
		byField[changes[i].FieldKey] = &changes[i]
	}
	seats, _ := srv.CustomFieldKey(pipedrivetest.Deal, "Seats")
	if v := byField["value"]; v == nil || *v.OldValue != "100" || *v.NewValue != "250" || v.ActorUserID != pipedrivetest.DefaultUserID {
		t.Errorf("value change %+v", v)
	}
	if v := byField[seats]; v == nil || v.OldValue != nil || *v.NewValue != "12" {
		t.Errorf("custom field change %+v", v)
	}

	flow := collectAll(t, client.Deals.Flow(ctx, d.ID, nil))
	var kinds []string
	for _, it := range flow {
		kinds = append(kinds, it.Object)
	}
	// Newest first; the custom field change only with all_changes.
	if len(kinds) != 4 || kinds[3] != "dealChange" || kinds[2] != "note" {
		t.Errorf("flow kinds %v", kinds)
	}
	if all := collectAll(t, client.Deals.Flow(ctx, d.ID, &crm.FlowParams{AllChanges: true, Items: []string{"dealChange"}})); len(all) != 2 {
		t.Errorf("all changes: %d entries", len(all))
	}
	files := collectAll(t, client.Deals.Files(ctx, d.ID, nil))
	if len(files) != 1 || files[0].Name != "offer.pdf" || files[0].DealID != d.ID || files[0].DealName != "Harbour cranes" {
		t.Errorf("files %+v", files)
	}
	mail := collectAll(t, client.Deals.MailMessages(ctx, d.ID, nil))
	if len(mail) != 1 || mail[0].Message.Subject != "Re: offer" || mail[0].Message.From[0].EmailAddress != "buyer@example.com" {
		t.Errorf("mail %+v", mail)
	}
	users, err := client.Deals.PermittedUsers(ctx, d.ID)
	if err != nil || len(users) < 3 {
		t.Errorf("permitted users %v, %v", users, err)
	}

	if _, err := client.Deals.AddFollower(ctx, d.ID, 2); err != nil {
		t.Fatal(err)
	}
	if fs := collectAll(t, client.Deals.Followers(ctx, d.ID, nil)); len(fs) != 1 || fs[0].UserID != 2 {
		t.Errorf("followers %+v", fs)
	}
	if err := client.Deals.DeleteFollower(ctx, d.ID, 2); err != nil {
		t.Fatal(err)
	}
	if log := collectAll(t, client.Deals.FollowersChangelog(ctx, d.ID, nil)); len(log) != 2 || log[1].Action != crm.FollowerRemoved {
		t.Errorf("follower changes %+v", log)
	}

	p, err := client.Persons.Create(ctx, &persons.CreateParams{Name: "Ada"})
	if err != nil {
		t.Fatal(err)
	}
	part, err := client.Deals.AddParticipant(ctx, d.ID, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := client.Deals.DeleteParticipant(ctx, d.ID, part.ID); err != nil {
		t.Fatal(err)
	}
	if log := collectAll(t, client.Deals.ParticipantsChangelog(ctx, d.ID, nil)); len(log) != 2 || log[0].Action != "added" || log[1].PersonID != p.ID {
		t.Errorf("participant changes %+v", log)
	}
}

// Summary, timeline and duplicate of deals.
func TestDealsSummaryTimelineAndDuplicate(t *testing.T) {
	clock := ratelimittest.NewClock(time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC))
	_, client := sdkClient(t, pipedrivetest.WithClock(clock))
	ctx := context.Background()
	for _, v := range []struct {
		value    float64
		currency string
		status   deals.Status
	}{{100, "EUR", deals.StatusOpen}, {300, "EUR", deals.StatusWon}, {50, "USD", deals.StatusOpen}} {
		d, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "D", Value: pipedrive.Ptr(v.value), Currency: v.currency})
		if err != nil {
			t.Fatal(err)
		}
		if v.status != deals.StatusOpen {
			if _, err := client.Deals.Update(ctx, d.ID, &deals.UpdateParams{Status: v.status}); err != nil {
				t.Fatal(err)
			}
		}
		clock.Advance(24 * time.Hour)
	}

	sum, err := client.Deals.Summary(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.TotalCount != 3 || sum.ValuesTotal["EUR"].Value != 400 || sum.ValuesTotal["EUR"].Count != 2 || sum.ValuesTotal["USD"].Value != 50 {
		t.Errorf("summary %+v", sum)
	}
	open, err := client.Deals.Summary(ctx, &deals.SummaryParams{Status: deals.StatusOpen})
	if err != nil || open.TotalCount != 2 {
		t.Errorf("open summary %+v, %v", open, err)
	}
	if arch, err := client.Deals.ArchivedSummary(ctx, nil); err != nil || arch.TotalCount != 0 {
		t.Errorf("archived summary %+v, %v", arch, err)
	}

	periods := collectAll(t, client.Deals.Timeline(ctx, &deals.TimelineParams{
		StartDate: crm.NewDate(2026, time.May, 4), Interval: deals.IntervalDay, Amount: 3, FieldKey: "add_time",
	}))
	if len(periods) != 3 {
		t.Fatalf("%d periods", len(periods))
	}
	if p := periods[1]; p.Totals.Count != 1 || p.Totals.WonCount != 1 || p.Totals.Values["EUR"] != 300 || len(p.Deals) != 1 ||
		!p.PeriodStart.Equal(time.Date(2026, 5, 5, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("second period %+v", p)
	}

	dup, err := client.Deals.Duplicate(ctx, 1)
	if err != nil || dup.ID != 4 || dup.Title != "D" || dup.Value != 100 {
		t.Errorf("duplicate %+v, %v", dup, err)
	}
}

// Merges of deals, persons and organizations move the links to the
// survivor and remove the merged record.
func TestMerges(t *testing.T) {
	_, client := sdkClient(t)
	ctx := context.Background()
	org1, err := client.Organizations.Create(ctx, &organizations.CreateParams{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	org2, err := client.Organizations.Create(ctx, &organizations.CreateParams{Name: "ACME Ltd"})
	if err != nil {
		t.Fatal(err)
	}
	p1, err := client.Persons.Create(ctx, &persons.CreateParams{Name: "Ada", OrgID: pipedrive.Ptr(org2.ID)})
	if err != nil {
		t.Fatal(err)
	}
	p2, err := client.Persons.Create(ctx, &persons.CreateParams{Name: "Ada L."})
	if err != nil {
		t.Fatal(err)
	}
	d1, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Cranes", PersonID: pipedrive.Ptr(p2.ID)})
	if err != nil {
		t.Fatal(err)
	}
	d2, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Cranes (dup)"})
	if err != nil {
		t.Fatal(err)
	}

	survivor, err := client.Organizations.Merge(ctx, org2.ID, org1.ID)
	if err != nil || survivor.ID != org1.ID {
		t.Fatalf("org merge %+v, %v", survivor, err)
	}
	if p, err := client.Persons.Get(ctx, p1.ID); err != nil || p.OrgID == nil || *p.OrgID != org1.ID {
		t.Errorf("person after the org merge: %+v, %v", p, err)
	}
	person, err := client.Persons.Merge(ctx, p2.ID, p1.ID)
	if err != nil || person.ID != p1.ID {
		t.Fatalf("person merge %+v, %v", person, err)
	}
	if d, err := client.Deals.Get(ctx, d1.ID); err != nil || d.PersonID == nil || *d.PersonID != p1.ID {
		t.Errorf("deal after the person merge: %+v, %v", d, err)
	}
	deal, err := client.Deals.Merge(ctx, d2.ID, d1.ID)
	if err != nil || deal.ID != d1.ID || deal.Title != "Cranes" {
		t.Fatalf("deal merge %+v, %v", deal, err)
	}
	_, err = client.Deals.Get(ctx, d2.ID)
	if !errors.Is(err, pipedrive.ErrNotFound) {
		t.Errorf("the merged deal: %v", err)
	}
	_, err = client.Deals.Merge(ctx, d1.ID, 999)
	var apiErr *pipedrive.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest {
		t.Errorf("a merge into a missing deal: %v", err)
	}
}
