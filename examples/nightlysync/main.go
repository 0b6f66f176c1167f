// Command nightlysync is a nightly sync job: it copies the organizations,
// persons and deals changed since its last run (deals with their "Budget"
// custom field read by name), and keeps where it stopped in a state file,
// so that a run cut short resumes without losing or repeating a change.
//
//	go run ./examples/nightlysync            # against an in-process fake, seeded with data
//	PIPEDRIVE_API_TOKEN=... go run ./examples/nightlysync -state sync.json
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"iter"
	"log"
	"os"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/organizations"
	"github.com/pipedrive-go/pipedrive/persons"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

func main() {
	statePath := flag.String("state", "", "file holding the checkpoints between runs (default: none kept)")
	flag.Parse()
	ctx := context.Background()
	client, err := newClient(ctx)
	if err != nil {
		log.Fatal(err)
	}
	orgs, people, dls, budget, err := run(ctx, client, *statePath)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("synced %d organizations, %d persons, %d deals (budget %.0f)\n", orgs, people, dls, budget)
}

// run syncs what changed since the checkpoints in statePath ("" keeps
// none) and returns how many of each it applied.
func run(ctx context.Context, client *pipedrive.Client, statePath string) (orgs, people, dls int, budget float64, err error) {
	state := map[string]*crm.Checkpoint{"organizations": {}, "persons": {}, "deals": {}}
	if b, err := os.ReadFile(statePath); err == nil {
		if err := json.Unmarshal(b, &state); err != nil {
			return 0, 0, 0, 0, fmt.Errorf("reading %s: %w", statePath, err)
		}
	}
	save := func() error {
		if statePath == "" {
			return nil
		}
		b, err := json.Marshal(state)
		if err != nil {
			return err
		}
		return os.WriteFile(statePath, b, 0o600)
	}
	fields, err := client.Deals.CustomFields(ctx)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	if orgs, err = count(client.Organizations.Changes(ctx, state["organizations"], nil), save, func(*organizations.Change) {}); err != nil {
		return
	}
	if people, err = count(client.Persons.Changes(ctx, state["persons"], nil), save, func(*persons.Change) {}); err != nil {
		return
	}
	dls, err = count(client.Deals.Changes(ctx, state["deals"], nil), save, func(ch *deals.Change) {
		if m, err := fields.Read(ch.Record.CustomFields).Money("Budget"); err == nil && !ch.Deleted {
			budget += m.Value
		}
	})
	return
}

// count applies every change of a sync and saves the checkpoints after
// each one.
func count[C any](changes iter.Seq2[*C, error], save func() error, apply func(*C)) (int, error) {
	n := 0
	for ch, err := range changes {
		if err != nil {
			return n, err
		}
		apply(ch)
		if err := save(); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// newClient returns a client on PIPEDRIVE_API_TOKEN, or on a fake
// Pipedrive seeded with 50 organizations, 200 persons and 500 deals.
func newClient(ctx context.Context) (*pipedrive.Client, error) {
	if tok := os.Getenv("PIPEDRIVE_API_TOKEN"); tok != "" {
		return pipedrive.NewClient(auth.APIToken(tok))
	}
	srv, err := pipedrivetest.Start(pipedrivetest.WithRateLimit(400, 80))
	if err != nil {
		return nil, err
	}
	c, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		return nil, err
	}
	for i := range 50 {
		org, err := c.Organizations.Create(ctx, &organizations.CreateParams{Name: fmt.Sprintf("Org %d", i)})
		if err != nil {
			return nil, err
		}
		for j := range 4 {
			p, err := c.Persons.Create(ctx, &persons.CreateParams{Name: fmt.Sprintf("Person %d-%d", i, j), OrgID: &org.ID})
			if err != nil {
				return nil, err
			}
			for k := range 3 {
				if i*12+j*3+k >= 500 {
					continue
				}
				_, err := c.Deals.Create(ctx, &deals.CreateParams{Title: fmt.Sprintf("Deal %d-%d-%d", i, j, k), PersonID: &p.ID, OrgID: &org.ID,
					CustomFieldsByName: crm.FieldValues{"Budget": crm.Money(100, "EUR")}})
				if err != nil {
					return nil, err
				}
			}
		}
	}
	return c, nil
}
