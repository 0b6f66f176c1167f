package pipelines_test

import (
	"context"
	"fmt"
	"log"
	"time"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/pipelines"
)

// exampleClient returns a client on a fresh pipedrivetest server, so the
// examples run without a Pipedrive account. Real code builds its client
// with pipedrive.NewClient(auth.APIToken(token)).
func exampleClient() (*pipedrive.Client, func()) {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	return client, srv.Close
}

// Look a stage up by name to create a deal in it.
func ExampleService_Stages() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	var proposal int64
	for st, err := range client.Pipelines.Stages(ctx, &pipelines.StageListParams{
		PipelineID: pipedrivetest.DefaultPipelineID,
		SortBy:     pipelines.SortByOrderNr,
	}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(st.OrderNr, st.Name)
		if st.Name == "Proposal Made" {
			proposal = st.ID
		}
	}
	d, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Harbour cranes", StageID: &proposal})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("deal in stage", d.StageID)
	// Output:
	// 1 Qualified
	// 2 Contact Made
	// 3 Demo Scheduled
	// 4 Proposal Made
	// 5 Negotiations Started
	// deal in stage 4
}

// Create a pipeline and its stages.
func ExampleService_CreateStage() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	p, err := client.Pipelines.Create(ctx, &pipelines.CreateParams{Name: "Renewals", IsDealProbabilityEnabled: pipedrive.Ptr(true)})
	if err != nil {
		log.Fatal(err)
	}
	for i, name := range []string{"Due", "Quoted", "Signed"} {
		st, err := client.Pipelines.CreateStage(ctx, &pipelines.StageParams{
			Name: name, PipelineID: p.ID, DealProbability: pipedrive.Ptr(30 * (i + 1)),
		})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(p.Name, st.OrderNr, st.Name, st.DealProbability)
	}
	// Output:
	// Renewals 1 Due 30
	// Renewals 2 Quoted 60
	// Renewals 3 Signed 90
}

// Total a pipeline's open deals per stage.
func ExampleService_DealsSummary() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	for i, v := range []float64{1000, 2500, 400} {
		stage := int64(i + 1)
		if _, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Deal", StageID: &stage, Value: &v, Currency: "EUR"}); err != nil {
			log.Fatal(err)
		}
	}
	sum, err := client.Pipelines.DealsSummary(ctx, pipedrivetest.DefaultPipelineID, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(sum.TotalCount, "deals,", sum.PerCurrency["EUR"], "EUR")
	fmt.Println("stage 2:", sum.PerStages[2]["EUR"].ValueFormatted)
	// Output:
	// 3 deals, 3900 EUR
	// stage 2: €2,500
}

// Read a pipeline's conversion rates for a quarter.
func ExampleService_ConversionStatistics() {
	client, done := exampleClient()
	defer done()
	ctx := context.Background()

	// Four deals: two still in the first stage, one in the third, one won
	// from the last.
	for _, stage := range []int64{1, 1, 3, 5} {
		d, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Deal", StageID: &stage})
		if err != nil {
			log.Fatal(err)
		}
		if stage == 5 {
			if _, err := client.Deals.Update(ctx, d.ID, &deals.UpdateParams{Status: deals.StatusWon}); err != nil {
				log.Fatal(err)
			}
		}
	}

	stats, err := client.Pipelines.ConversionStatistics(ctx, pipedrivetest.DefaultPipelineID, &pipelines.StatisticsParams{
		StartDate: crm.DateOf(time.Now().AddDate(0, -3, 0)),
		EndDate:   crm.DateOf(time.Now()),
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range stats.StageConversions {
		fmt.Printf("%d -> %d: %.0f%%\n", c.FromStageID, c.ToStageID, c.ConversionRate)
	}
	fmt.Printf("won: %.0f%%\n", stats.WonConversion)
	// Output:
	// 1 -> 2: 50%
	// 2 -> 3: 100%
	// 3 -> 4: 50%
	// 4 -> 5: 100%
	// won: 25%
}
