package recents_test

import (
	"context"
	"fmt"
	"log"
	"time"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/recents"
)

// An incremental sync: what changed since the last run.
func ExampleService_List() {
	// A fake Pipedrive whose clock the example sets; real code builds its
	// client with pipedrive.NewClient(auth.APIToken(token)).
	clock := &fixedClock{t: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)}
	srv, err := pipedrivetest.Start(pipedrivetest.WithClock(clock))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	lastRun := clock.t
	clock.t = clock.t.Add(time.Minute)
	if _, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Renewal"}); err != nil {
		log.Fatal(err)
	}

	params := &recents.ListParams{Since: lastRun, Items: []recents.ItemType{recents.ItemDeal, recents.ItemPerson}}
	for ch, err := range client.Recents.List(ctx, params) {
		if err != nil {
			log.Fatal(err)
		}
		switch ch.Item {
		case recents.ItemDeal:
			d, err := ch.Deal()
			if err != nil {
				log.Fatal(err)
			}
			fmt.Println("deal", d.ID, d.Title, d.UpdateTime.Format(time.DateTime))
		case recents.ItemPerson:
			p, err := ch.Person()
			if err != nil {
				log.Fatal(err)
			}
			fmt.Println("person", p.ID, p.Name)
		}
	}
	// Output: deal 1 Renewal 2026-05-01 09:01:00
}

type fixedClock struct{ t time.Time }

func (c *fixedClock) Now() time.Time { return c.t }
