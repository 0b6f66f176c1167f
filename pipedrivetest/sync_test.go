package pipedrivetest_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/activities"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/leads"
	"github.com/pipedrive-go/pipedrive/notes"
	"github.com/pipedrive-go/pipedrive/organizations"
	"github.com/pipedrive-go/pipedrive/persons"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/pipelines"
	"github.com/pipedrive-go/pipedrive/products"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// syncClock is the fake's clock, moved by the tests: records changed
// without moving it share a second.
type syncClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *syncClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *syncClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// second is the clock's present second.
func (c *syncClock) second() time.Time { return c.Now().UTC().Truncate(time.Second) }

// delivery is a change as the tests compare them: a record's label (its
// title, name, subject or content) in the state delivered.
type delivery struct {
	id, label string
	at        time.Time
	deleted   bool
}

// syncSubject is one resource's sync, seen through the SDK: how to make,
// change and (where the list reports deletions) delete a record, the
// resource's Changes, and its records as its list has them now.
type syncSubject struct {
	name    string
	setup   func(ctx context.Context, c *pipedrive.Client) error
	create  func(ctx context.Context, c *pipedrive.Client, label string) (string, error)
	update  func(ctx context.Context, c *pipedrive.Client, id, label string) error
	remove  func(ctx context.Context, c *pipedrive.Client, id string) error // nil: deletions are not reported
	changes func(ctx context.Context, c *pipedrive.Client, cp *crm.Checkpoint, p *crm.ChangesParams) iter.Seq2[delivery, error]
	current func(ctx context.Context, c *pipedrive.Client) (map[string]string, error)
}

// deliveries adapts a resource's Changes.
func deliveries[T any](seq iter.Seq2[*crm.Change[T], error], label func(*T) string) iter.Seq2[delivery, error] {
	return func(yield func(delivery, error) bool) {
		for ch, err := range seq {
			if err != nil {
				yield(delivery{}, err)
				return
			}
			if !yield(delivery{id: ch.ID, label: label(ch.Record), at: ch.UpdateTime, deleted: ch.Deleted}, nil) {
				return
			}
		}
	}
}

// labels lists a resource's records, id -> label.
func labels[T any](seq iter.Seq2[*T, error], key func(*T) (string, string)) (map[string]string, error) {
	out := map[string]string{}
	for r, err := range seq {
		if err != nil {
			return nil, err
		}
		id, l := key(r)
		out[id] = l
	}
	return out, nil
}

func id64(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

func str(n int64) string { return strconv.FormatInt(n, 10) }

func syncSubjects() []syncSubject {
	var personID, dealID int64
	return []syncSubject{
		{
			name: "deals",
			create: func(ctx context.Context, c *pipedrive.Client, l string) (string, error) {
				d, err := c.Deals.Create(ctx, &deals.CreateParams{Title: l})
				if err != nil {
					return "", err
				}
				return str(d.ID), nil
			},
			update: func(ctx context.Context, c *pipedrive.Client, id, l string) error {
				_, err := c.Deals.Update(ctx, id64(id), &deals.UpdateParams{Title: l})
				return err
			},
			remove: func(ctx context.Context, c *pipedrive.Client, id string) error { return c.Deals.Delete(ctx, id64(id)) },
			changes: func(ctx context.Context, c *pipedrive.Client, cp *crm.Checkpoint, p *crm.ChangesParams) iter.Seq2[delivery, error] {
				return deliveries(c.Deals.Changes(ctx, cp, p), func(d *deals.Deal) string { return d.Title })
			},
			current: func(ctx context.Context, c *pipedrive.Client) (map[string]string, error) {
				return labels(c.Deals.List(ctx, nil), func(d *deals.Deal) (string, string) { return str(d.ID), d.Title })
			},
		},
		{
			name: "persons",
			create: func(ctx context.Context, c *pipedrive.Client, l string) (string, error) {
				p, err := c.Persons.Create(ctx, &persons.CreateParams{Name: l})
				if err != nil {
					return "", err
				}
				return str(p.ID), nil
			},
			update: func(ctx context.Context, c *pipedrive.Client, id, l string) error {
				_, err := c.Persons.Update(ctx, id64(id), &persons.UpdateParams{Name: &l})
				return err
			},
			changes: func(ctx context.Context, c *pipedrive.Client, cp *crm.Checkpoint, p *crm.ChangesParams) iter.Seq2[delivery, error] {
				return deliveries(c.Persons.Changes(ctx, cp, p), func(r *persons.Person) string { return r.Name })
			},
			current: func(ctx context.Context, c *pipedrive.Client) (map[string]string, error) {
				return labels(c.Persons.List(ctx, nil), func(r *persons.Person) (string, string) { return str(r.ID), r.Name })
			},
		},
		{
			name: "organizations",
			create: func(ctx context.Context, c *pipedrive.Client, l string) (string, error) {
				o, err := c.Organizations.Create(ctx, &organizations.CreateParams{Name: l})
				if err != nil {
					return "", err
				}
				return str(o.ID), nil
			},
			update: func(ctx context.Context, c *pipedrive.Client, id, l string) error {
				_, err := c.Organizations.Update(ctx, id64(id), &organizations.UpdateParams{Name: &l})
				return err
			},
			changes: func(ctx context.Context, c *pipedrive.Client, cp *crm.Checkpoint, p *crm.ChangesParams) iter.Seq2[delivery, error] {
				return deliveries(c.Organizations.Changes(ctx, cp, p), func(r *organizations.Organization) string { return r.Name })
			},
			current: func(ctx context.Context, c *pipedrive.Client) (map[string]string, error) {
				return labels(c.Organizations.List(ctx, nil), func(r *organizations.Organization) (string, string) { return str(r.ID), r.Name })
			},
		},
		{
			name: "activities",
			create: func(ctx context.Context, c *pipedrive.Client, l string) (string, error) {
				a, err := c.Activities.Create(ctx, &activities.CreateParams{Subject: l})
				if err != nil {
					return "", err
				}
				return str(a.ID), nil
			},
			update: func(ctx context.Context, c *pipedrive.Client, id, l string) error {
				_, err := c.Activities.Update(ctx, id64(id), &activities.UpdateParams{Subject: &l})
				return err
			},
			changes: func(ctx context.Context, c *pipedrive.Client, cp *crm.Checkpoint, p *crm.ChangesParams) iter.Seq2[delivery, error] {
				return deliveries(c.Activities.Changes(ctx, cp, p), func(r *activities.Activity) string { return r.Subject })
			},
			current: func(ctx context.Context, c *pipedrive.Client) (map[string]string, error) {
				return labels(c.Activities.List(ctx, nil), func(r *activities.Activity) (string, string) { return str(r.ID), r.Subject })
			},
		},
		{
			name: "products",
			create: func(ctx context.Context, c *pipedrive.Client, l string) (string, error) {
				p, err := c.Products.Create(ctx, &products.CreateParams{Name: l})
				if err != nil {
					return "", err
				}
				return str(p.ID), nil
			},
			update: func(ctx context.Context, c *pipedrive.Client, id, l string) error {
				_, err := c.Products.Update(ctx, id64(id), &products.UpdateParams{Name: l})
				return err
			},
			changes: func(ctx context.Context, c *pipedrive.Client, cp *crm.Checkpoint, p *crm.ChangesParams) iter.Seq2[delivery, error] {
				return deliveries(c.Products.Changes(ctx, cp, p), func(r *products.Product) string { return r.Name })
			},
			current: func(ctx context.Context, c *pipedrive.Client) (map[string]string, error) {
				return labels(c.Products.List(ctx, nil), func(r *products.Product) (string, string) { return str(r.ID), r.Name })
			},
		},
		{
			name: "leads",
			setup: func(ctx context.Context, c *pipedrive.Client) error {
				p, err := c.Persons.Create(ctx, &persons.CreateParams{Name: "Lead contact"})
				if err == nil {
					personID = p.ID
				}
				return err
			},
			create: func(ctx context.Context, c *pipedrive.Client, l string) (string, error) {
				ld, err := c.Leads.Create(ctx, &leads.CreateParams{Title: l, PersonID: personID})
				if err != nil {
					return "", err
				}
				return ld.ID, nil
			},
			update: func(ctx context.Context, c *pipedrive.Client, id, l string) error {
				_, err := c.Leads.Update(ctx, id, &leads.UpdateParams{Title: &l})
				return err
			},
			changes: func(ctx context.Context, c *pipedrive.Client, cp *crm.Checkpoint, p *crm.ChangesParams) iter.Seq2[delivery, error] {
				return deliveries(c.Leads.Changes(ctx, cp, p), func(r *leads.Lead) string { return r.Title })
			},
			current: func(ctx context.Context, c *pipedrive.Client) (map[string]string, error) {
				return labels(c.Leads.List(ctx, nil), func(r *leads.Lead) (string, string) { return r.ID, r.Title })
			},
		},
		{
			name: "notes",
			setup: func(ctx context.Context, c *pipedrive.Client) error {
				d, err := c.Deals.Create(ctx, &deals.CreateParams{Title: "Noted deal"})
				if err == nil {
					dealID = d.ID
				}
				return err
			},
			create: func(ctx context.Context, c *pipedrive.Client, l string) (string, error) {
				n, err := c.Notes.Create(ctx, &notes.CreateParams{Content: l, DealID: dealID})
				if err != nil {
					return "", err
				}
				return str(n.ID), nil
			},
			update: func(ctx context.Context, c *pipedrive.Client, id, l string) error {
				_, err := c.Notes.Update(ctx, id64(id), &notes.UpdateParams{Content: l})
				return err
			},
			changes: func(ctx context.Context, c *pipedrive.Client, cp *crm.Checkpoint, p *crm.ChangesParams) iter.Seq2[delivery, error] {
				return deliveries(c.Notes.Changes(ctx, cp, p), func(r *notes.Note) string { return r.Content })
			},
			current: func(ctx context.Context, c *pipedrive.Client) (map[string]string, error) {
				return labels(c.Notes.List(ctx, nil), func(r *notes.Note) (string, string) { return str(r.ID), r.Content })
			},
		},
		{
			name: "pipelines",
			create: func(ctx context.Context, c *pipedrive.Client, l string) (string, error) {
				p, err := c.Pipelines.Create(ctx, &pipelines.CreateParams{Name: l})
				if err != nil {
					return "", err
				}
				return str(p.ID), nil
			},
			update: func(ctx context.Context, c *pipedrive.Client, id, l string) error {
				_, err := c.Pipelines.Update(ctx, id64(id), &pipelines.UpdateParams{Name: l})
				return err
			},
			changes: func(ctx context.Context, c *pipedrive.Client, cp *crm.Checkpoint, p *crm.ChangesParams) iter.Seq2[delivery, error] {
				return deliveries(c.Pipelines.Changes(ctx, cp, p), func(r *pipelines.Pipeline) string { return r.Name })
			},
			current: func(ctx context.Context, c *pipedrive.Client) (map[string]string, error) {
				return labels(c.Pipelines.List(ctx, nil), func(r *pipelines.Pipeline) (string, string) { return str(r.ID), r.Name })
			},
		},
		{
			name: "stages",
			create: func(ctx context.Context, c *pipedrive.Client, l string) (string, error) {
				s, err := c.Pipelines.CreateStage(ctx, &pipelines.StageParams{Name: l, PipelineID: pipedrivetest.DefaultPipelineID})
				if err != nil {
					return "", err
				}
				return str(s.ID), nil
			},
			update: func(ctx context.Context, c *pipedrive.Client, id, l string) error {
				_, err := c.Pipelines.UpdateStage(ctx, id64(id), &pipelines.StageUpdateParams{Name: l})
				return err
			},
			changes: func(ctx context.Context, c *pipedrive.Client, cp *crm.Checkpoint, p *crm.ChangesParams) iter.Seq2[delivery, error] {
				return deliveries(c.Pipelines.StageChanges(ctx, cp, p), func(r *pipelines.Stage) string { return r.Name })
			},
			current: func(ctx context.Context, c *pipedrive.Client) (map[string]string, error) {
				return labels(c.Pipelines.Stages(ctx, nil), func(r *pipelines.Stage) (string, string) { return str(r.ID), r.Name })
			},
		},
	}
}

// syncWorld is one subject on a fresh fake with a clock the test moves.
type syncWorld struct {
	t      *testing.T
	ctx    context.Context
	sub    syncSubject
	clk    *syncClock
	srv    *pipedrivetest.Server
	client *pipedrive.Client
	// replica is what the deliveries so far say each record is.
	replica map[string]delivery
	// states counts the states records went through (each created,
	// changed or deleted one); delivered counts the deliveries.
	states, delivered int
}

func newSyncWorld(t *testing.T, sub syncSubject) *syncWorld {
	t.Helper()
	w := &syncWorld{t: t, ctx: context.Background(), sub: sub, replica: map[string]delivery{},
		clk: &syncClock{t: time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)}}
	w.srv = pipedrivetest.NewServer(t, pipedrivetest.WithClock(w.clk), pipedrivetest.WithRateLimit(1_000_000, 0))
	var err error
	w.client, err = pipedrive.NewClient(auth.APIToken(w.srv.Token()), pipedrive.WithBaseURL(w.srv.URL),
		pipedrive.WithLimiter(ratelimit.Unlimited{}))
	if err != nil {
		t.Fatal(err)
	}
	if sub.setup != nil {
		if err := sub.setup(w.ctx, w.client); err != nil {
			t.Fatal(err)
		}
	}
	before, err := sub.current(w.ctx, w.client)
	if err != nil {
		t.Fatal(err)
	}
	w.states = len(before) // the fake's own records (the default pipeline and its stages)
	return w
}

// seed makes n records, three a second.
func (w *syncWorld) seed(n int) []string {
	w.t.Helper()
	var ids []string
	for i := range n {
		id, err := w.sub.create(w.ctx, w.client, fmt.Sprintf("%s %d", w.sub.name, i))
		if err != nil {
			w.t.Fatal(err)
		}
		ids = append(ids, id)
		w.states++
		if i%3 == 2 {
			w.clk.Advance(time.Second)
		}
	}
	return ids
}

// run syncs from cp, applying each delivery to the replica and calling
// each after it (which may change records); it returns the deliveries.
func (w *syncWorld) run(cp *crm.Checkpoint, limit int, each func(d delivery)) []delivery {
	w.t.Helper()
	var got []delivery
	var last time.Time
	for d, err := range w.sub.changes(w.ctx, w.client, cp, &crm.ChangesParams{Limit: limit}) {
		if err != nil {
			w.t.Fatalf("sync: %v", err)
		}
		if d.at.Before(last) {
			w.t.Errorf("%s delivered at %v after %v", d.id, d.at, last)
		}
		last = d.at
		w.replica[d.id] = d
		w.delivered++
		got = append(got, d)
		if each != nil {
			each(d)
		}
	}
	return got
}

// check requires the replica to be what the list has now (deleted records
// delivered as such), and no state delivered twice.
func (w *syncWorld) check(deleted map[string]bool) {
	w.t.Helper()
	now, err := w.sub.current(w.ctx, w.client)
	if err != nil {
		w.t.Fatal(err)
	}
	for id, l := range now {
		if got := w.replica[id]; got.label != l || got.deleted {
			w.t.Errorf("record %s is %q now; the sync delivered %+v", id, l, got)
		}
	}
	for id := range deleted {
		if got := w.replica[id]; !got.deleted {
			w.t.Errorf("record %s was deleted; the sync delivered %+v", id, got)
		}
	}
	for id, d := range w.replica {
		if _, ok := now[id]; !ok && !deleted[id] {
			w.t.Errorf("delivered %+v, which the list does not have", d)
		}
	}
	if w.delivered > w.states {
		w.t.Errorf("%d deliveries for %d states: a state was delivered twice", w.delivered, w.states)
	}
}

// A goroutine keeps changing records (many within one second, on the
// fake's clock) while a sync pages through them, small pages so that the
// seconds span several; the loop itself changes, within the checkpoint's
// second, a record it has just received. The run and one more from the
// checkpoint it persisted (as text, after each record) deliver every
// record in its latest state, deletions included where the list reports
// them, and no state twice; a third run delivers nothing.
func TestChangesRacingUpdates(t *testing.T) {
	for _, sub := range syncSubjects() {
		t.Run(sub.name, func(t *testing.T) {
			w := newSyncWorld(t, sub)
			ids := w.seed(14)

			deleted := map[string]bool{}
			start := make(chan struct{})
			churned := make(chan error, 1)
			var changed int
			go func() {
				<-start
				var err error
				changed, err = w.churn(ids, deleted)
				churned <- err
			}()
			var cp crm.Checkpoint
			var saved []byte
			started, touched := false, false
			w.run(&cp, 2, func(d delivery) {
				var err error
				if saved, err = cp.MarshalText(); err != nil {
					t.Fatal(err)
				}
				if !started {
					started = true
					close(start)
				}
				if !touched && !d.deleted && d.at.Equal(w.clk.second()) {
					touched = true
					if err := sub.update(w.ctx, w.client, d.id, d.label+" again"); err != nil {
						t.Error(err)
					}
					w.states++
				}
			})
			if !started {
				close(start)
			}
			if err := <-churned; err != nil {
				t.Fatal(err)
			}
			w.states += changed

			var resumed crm.Checkpoint
			if err := resumed.UnmarshalText(saved); err != nil {
				t.Fatal(err)
			}
			w.run(&resumed, 2, nil)
			w.check(deleted)
			if again := w.run(&resumed, 2, nil); len(again) != 0 {
				t.Fatalf("a third run delivered %v", again)
			}
		})
	}
}

// churn changes records as fast as it can: 40 changes, the clock moving
// a second after every fourth, so that several land in one second; where
// the list reports deletions, every tenth deletes a record.
// It returns how many changes it made.
func (w *syncWorld) churn(ids []string, deleted map[string]bool) (int, error) {
	n := 0
	for i := range 40 {
		id := ids[(i*5)%len(ids)]
		if deleted[id] {
			continue
		}
		if w.sub.remove != nil && i%10 == 9 {
			if err := w.sub.remove(w.ctx, w.client, id); err != nil {
				return n, err
			}
			deleted[id] = true
		} else if err := w.sub.update(w.ctx, w.client, id, fmt.Sprintf("%s churn %d", w.sub.name, i)); err != nil {
			return n, err
		}
		n++
		if i%4 == 3 {
			w.clk.Advance(time.Second)
		}
		runtime.Gosched()
	}
	return n, nil
}

// The boundary: records changed in the checkpoint's second after
// a run, once and then twice more, are delivered by the next runs, each
// new state once; nothing repeats.
func TestChangesSameSecondAsCheckpoint(t *testing.T) {
	for _, sub := range syncSubjects() {
		t.Run(sub.name, func(t *testing.T) {
			w := newSyncWorld(t, sub)
			ids := w.seed(5) // the last two share the present second
			var cp crm.Checkpoint
			w.run(&cp, 3, nil)
			if !cp.Since().Equal(w.clk.second()) {
				t.Fatalf("checkpoint at %v, the clock at %v", cp.Since(), w.clk.second())
			}
			for round, want := range []int{1, 1} {
				id := ids[len(ids)-1-round]
				if err := sub.update(w.ctx, w.client, id, fmt.Sprintf("same second %d", round)); err != nil {
					t.Fatal(err)
				}
				w.states++
				got := w.run(&cp, 3, nil)
				if len(got) != want || got[0].id != id {
					t.Fatalf("round %d: delivered %v, want %s", round, got, id)
				}
			}
			if got := w.run(&cp, 3, nil); len(got) != 0 {
				t.Fatalf("delivered again: %v", got)
			}
			w.check(nil)
		})
	}
}

// A run stopped halfway resumes from the checkpoint its loop persisted:
// what was delivered is not delivered again, what was not comes.
func TestChangesResumeAfterStop(t *testing.T) {
	for _, sub := range syncSubjects() {
		t.Run(sub.name, func(t *testing.T) {
			w := newSyncWorld(t, sub)
			w.seed(9)
			var cp crm.Checkpoint
			var saved []byte
			n := 0
			for d, err := range sub.changes(w.ctx, w.client, &cp, &crm.ChangesParams{Limit: 2}) {
				if err != nil {
					t.Fatal(err)
				}
				w.replica[d.id] = d
				w.delivered++
				saved, _ = cp.MarshalText()
				if n++; n == 4 {
					break // the process dies here
				}
			}
			var resumed crm.Checkpoint
			if err := resumed.UnmarshalText(saved); err != nil {
				t.Fatal(err)
			}
			w.run(&resumed, 2, nil)
			w.check(nil)
		})
	}
}

// An archived deal leaves Changes and arrives in ArchivedChanges, which
// also reports its deletion; each sync keeps a checkpoint of its own.
func TestDealsArchivedChanges(t *testing.T) {
	clk := &syncClock{t: time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)}
	srv := pipedrivetest.NewServer(t, pipedrivetest.WithClock(clk), pipedrivetest.WithRateLimit(1_000_000, 0))
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(ratelimit.Unlimited{}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var ids []int64
	for _, title := range []string{"kept", "archived"} {
		d, err := client.Deals.Create(ctx, &deals.CreateParams{Title: title})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	collect := func(seq iter.Seq2[*deals.Change, error]) map[int64]*deals.Change {
		t.Helper()
		out := map[int64]*deals.Change{}
		for ch, err := range seq {
			if err != nil {
				t.Fatal(err)
			}
			out[ch.Record.ID] = ch
		}
		return out
	}
	var live, archived crm.Checkpoint
	if got := collect(client.Deals.Changes(ctx, &live, nil)); len(got) != 2 {
		t.Fatalf("changes %v", got)
	}
	if got := collect(client.Deals.ArchivedChanges(ctx, &archived, nil)); len(got) != 0 {
		t.Fatalf("archived changes %v", got)
	}

	clk.Advance(time.Second)
	if _, err := client.Deals.Update(ctx, ids[1], &deals.UpdateParams{IsArchived: pipedrive.Ptr(true)}); err != nil {
		t.Fatal(err)
	}
	if got := collect(client.Deals.Changes(ctx, &live, nil)); len(got) != 0 {
		t.Fatalf("changes after archiving %v", got)
	}
	got := collect(client.Deals.ArchivedChanges(ctx, &archived, nil))
	if len(got) != 1 || !got[ids[1]].Record.IsArchived || got[ids[1]].Deleted {
		t.Fatalf("archived changes %v", got)
	}

	clk.Advance(time.Second)
	if err := client.Deals.Delete(ctx, ids[1]); err != nil {
		t.Fatal(err)
	}
	got = collect(client.Deals.ArchivedChanges(ctx, &archived, nil))
	if len(got) != 1 || !got[ids[1]].Deleted || !got[ids[1]].Record.IsDeleted {
		t.Fatalf("archived changes after deleting %v", got)
	}
	if archived.Resource() != "archived_deals" || live.Resource() != "deals" {
		t.Fatalf("checkpoints of %q and %q", live.Resource(), archived.Resource())
	}
	for _, err := range client.Deals.Changes(ctx, &archived, nil) {
		if !errors.Is(err, pipedrive.ErrInvalidParams) {
			t.Fatalf("a checkpoint of archived deals given to Changes: %v", err)
		}
	}
}
