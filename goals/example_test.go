package goals_test

import (
	"context"
	"fmt"
	"log"
	"time"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/goals"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

type clock struct{ t time.Time }

func (c clock) Now() time.Time { return c.t }

// Set a quarterly revenue goal and read its progress. The example runs
// against the fake Pipedrive of package pipedrivetest, which computes goal
// results from its deals; real code builds its client with
// pipedrive.NewClient(auth.APIToken(token)).
func Example() {
	srv, err := pipedrivetest.Start(pipedrivetest.WithClock(clock{time.Date(2026, 8, 14, 9, 0, 0, 0, time.UTC)}))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	for _, v := range []float64{12000, 8000} {
		if _, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Renewal", Value: pipedrive.Ptr(v), Status: deals.StatusWon}); err != nil {
			log.Fatal(err)
		}
	}

	q3 := goals.Duration{Start: crm.NewDate(2026, time.July, 1), End: crm.NewDate(2026, time.September, 30)}
	g, err := client.Goals.Create(ctx, &goals.CreateParams{
		Title:           "Q3 revenue",
		Assignee:        goals.Assignee{ID: pipedrivetest.DefaultUserID, Type: goals.AssigneePerson},
		Type:            goals.GoalType{Name: goals.DealsWon},
		ExpectedOutcome: goals.Outcome{Target: 50000, TrackingMetric: goals.BySum, CurrencyID: pipedrive.Ptr[int64](1)},
		Duration:        q3,
		Interval:        goals.Quarterly,
	})
	if err != nil {
		log.Fatal(err)
	}
	res, err := client.Goals.Results(ctx, g.ID, &goals.ResultParams{PeriodStart: q3.Start, PeriodEnd: q3.End})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %.0f of %.0f\n", res.Goal.Title, res.Progress, g.ExpectedOutcome.Target)
	// Output: Q3 revenue: 20000 of 50000
}
