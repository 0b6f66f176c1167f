package pipelines_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/pipelines"
)

// List the company's pipelines; every company has at least one, where
// new deals land by default.
func ExampleService_List() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()
	if _, err := client.Pipelines.Create(ctx, &pipelines.CreateParams{Name: "Renewals"}); err != nil {
		log.Fatal(err)
	}

	for p, err := range client.Pipelines.List(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(p.ID, p.Name)
	}
	// Output:
	// 1 Sales pipeline
	// 2 Renewals
}

// Get, rename and delete a pipeline.
func ExampleService_Update() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	p, err := client.Pipelines.Create(ctx, &pipelines.CreateParams{Name: "Renewls"})
	if err != nil {
		log.Fatal(err)
	}
	p, err = client.Pipelines.Update(ctx, p.ID, &pipelines.UpdateParams{Name: "Renewals", IsDealProbabilityEnabled: pipedrive.Ptr(true)})
	if err != nil {
		log.Fatal(err)
	}
	got, err := client.Pipelines.Get(ctx, p.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(got.Name, got.IsDealProbabilityEnabled)

	if err := client.Pipelines.Delete(ctx, p.ID); err != nil {
		log.Fatal(err)
	}
	_, err = client.Pipelines.Get(ctx, p.ID)
	fmt.Println(errors.Is(err, pipedrive.ErrNotFound))
	// Output:
	// Renewals true
	// true
}

// Rename a stage and set the success probability of its deals.
func ExampleService_UpdateStage() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	st, err := client.Pipelines.UpdateStage(ctx, 3, &pipelines.StageUpdateParams{Name: "Demo given", DealProbability: pipedrive.Ptr(40)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(st.ID, st.Name, st.DealProbability, st.PipelineID)
	// Output: 3 Demo given 40 1
}

// The open deals of a pipeline, in v1's shape.
func ExampleService_Deals() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()
	for _, title := range []string{"Harbour cranes", "Dock lights"} {
		if _, err := client.Deals.Create(ctx, &deals.CreateParams{Title: title}); err != nil {
			log.Fatal(err)
		}
	}

	for d, err := range client.Pipelines.Deals(ctx, pipedrivetest.DefaultPipelineID, &pipelines.DealsParams{Everyone: true}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(d.ID, d.Title, d.StageID)
	}
	// Output:
	// 1 Harbour cranes 1
	// 2 Dock lights 1
}

// How deals moved through a pipeline over a period: new, won and lost.
func ExampleService_MovementStatistics() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()
	for i, v := range []float64{1000, 2500, 400} {
		d, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Deal", Value: &v, Currency: "EUR"})
		if err != nil {
			log.Fatal(err)
		}
		if i == 1 {
			if _, err := client.Deals.Update(ctx, d.ID, &deals.UpdateParams{Status: deals.StatusWon}); err != nil {
				log.Fatal(err)
			}
		}
	}

	stats, err := client.Pipelines.MovementStatistics(ctx, pipedrivetest.DefaultPipelineID, &pipelines.StatisticsParams{
		StartDate: crm.DateOf(time.Now().AddDate(0, -1, 0)),
		EndDate:   crm.DateOf(time.Now()),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("new:", stats.NewDeals.Count, stats.NewDeals.Values["EUR"])
	fmt.Println("won:", stats.WonDeals.Count, stats.WonDeals.Values["EUR"])
	// Output:
	// new: 3 3900
	// won: 1 2500
}
