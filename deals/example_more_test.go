package deals_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/persons"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/products"
	"github.com/pipedrive-go/pipedrive/ratelimit/ratelimittest"
)

// fakeClient starts the fake Pipedrive of package pipedrivetest and a
// client for it, so that the examples below run offline. Real code builds
// its client with pipedrive.NewClient(auth.APIToken(token)) and no base
// URL.
func fakeClient(opts ...pipedrivetest.Option) (*pipedrivetest.Server, *pipedrive.Client) {
	srv, err := pipedrivetest.Start(opts...)
	if err != nil {
		log.Fatal(err)
	}
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	return srv, client
}

// Create a deal with custom fields set by name, then read them back by
// name: the client fetches the company's deal fields once and caches them.
func ExampleService_Create_customFieldsByName() {
	srv, client := fakeClient()
	defer srv.Close()
	ctx := context.Background()

	d, err := client.Deals.Create(ctx, &deals.CreateParams{
		Title:    "Harbor Logistics renewal",
		Value:    pipedrive.Ptr(18250.0),
		Currency: "EUR",
		CustomFieldsByName: crm.FieldValues{
			"Budget":       crm.Money(20000, "EUR"),
			"Tier":         "Enterprise",
			"Channels":     []string{"Email", "Chat"},
			"Renewal date": crm.NewDate(2027, time.March, 31),
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fields, err := client.Deals.CustomFields(ctx)
	if err != nil {
		log.Fatal(err)
	}
	r := fields.Read(d.CustomFields)
	budget, _ := r.Money("Budget")
	tier, _ := r.Option("Tier")
	channels, _ := r.Options("Channels")
	renewal, _ := r.Date("Renewal date")
	fmt.Println(d.ID, d.Title, d.Value, d.Currency)
	fmt.Println(budget.Value, budget.Currency, tier, channels, renewal)
	// Output:
	// 1 Harbor Logistics renewal 18250 EUR
	// 20000 EUR Enterprise [Email Chat] 2027-03-31
}

// Get one deal by id; a missing one is an error matching
// pipedrive.ErrNotFound.
func ExampleService_Get() {
	srv, client := fakeClient()
	defer srv.Close()
	ctx := context.Background()

	created, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Northwind pilot"})
	if err != nil {
		log.Fatal(err)
	}
	d, err := client.Deals.Get(ctx, created.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.ID, d.Title, d.Status)

	_, err = client.Deals.Get(ctx, 999)
	fmt.Println(errors.Is(err, pipedrive.ErrNotFound))
	// Output:
	// 1 Northwind pilot open
	// true
}

// Update sends only what is set: here the status, and a custom field by
// name. Clear lists the standard fields to empty.
func ExampleService_Update() {
	srv, client := fakeClient()
	defer srv.Close()
	ctx := context.Background()

	d, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Renewal", Probability: pipedrive.Ptr(60.0)})
	if err != nil {
		log.Fatal(err)
	}
	d, err = client.Deals.Update(ctx, d.ID, &deals.UpdateParams{
		Status:             deals.StatusWon,
		CustomFieldsByName: crm.FieldValues{"Seats": 25},
		Clear:              []deals.ClearableField{deals.ClearProbability},
	})
	if err != nil {
		log.Fatal(err)
	}
	fields, err := client.Deals.CustomFields(ctx)
	if err != nil {
		log.Fatal(err)
	}
	seats, _ := fields.Read(d.CustomFields).Number("Seats")
	fmt.Println(d.Status, d.WonTime != nil, d.Probability == nil, seats)
	// Output: won true true 25
}

// Delete a deal; getting it afterwards fails with ErrNotFound.
func ExampleService_Delete() {
	srv, client := fakeClient()
	defer srv.Close()
	ctx := context.Background()

	d, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Mistake"})
	if err != nil {
		log.Fatal(err)
	}
	if err := client.Deals.Delete(ctx, d.ID); err != nil {
		log.Fatal(err)
	}
	_, err = client.Deals.Get(ctx, d.ID)
	fmt.Println(errors.Is(err, pipedrive.ErrNotFound))
	// Output: true
}

// ListPage fetches one page and says where the next starts, for callers
// that keep their place themselves (a sync job's cursor); List iterates
// over every page.
func ExampleService_ListPage() {
	srv, client := fakeClient()
	defer srv.Close()
	ctx := context.Background()
	for _, title := range []string{"A", "B", "C"} {
		if _, err := client.Deals.Create(ctx, &deals.CreateParams{Title: title}); err != nil {
			log.Fatal(err)
		}
	}

	params := &deals.ListParams{Limit: 2}
	for {
		page, err := client.Deals.ListPage(ctx, params)
		if err != nil {
			log.Fatal(err)
		}
		for _, d := range page.Items {
			fmt.Print(d.Title, " ")
		}
		fmt.Println("| more:", page.More)
		if !page.More {
			break
		}
		params.Cursor = page.NextCursor // save it to resume later
	}
	// Output:
	// A B | more: true
	// C | more: false
}

// Fetch what changed since the last sync: UpdatedSince is inclusive and
// compares with update_time to the second, so passing the largest
// update_time seen never misses a change (those of that second come
// again). The fake runs on a clock the example moves.
func ExampleListParams_updatedSince() {
	clock := ratelimittest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	srv, client := fakeClient(pipedrivetest.WithClock(clock))
	defer srv.Close()
	ctx := context.Background()

	old, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Old deal"})
	if err != nil {
		log.Fatal(err)
	}
	lastSync := *old.UpdateTime // the largest update_time the last sync saw
	clock.Advance(time.Hour)
	if _, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "New deal"}); err != nil {
		log.Fatal(err)
	}

	for d, err := range client.Deals.List(ctx, &deals.ListParams{UpdatedSince: lastSync, SortBy: crm.SortByUpdateTime}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(d.Title, d.UpdateTime.Format(time.RFC3339))
	}
	// Output:
	// Old deal 2026-03-01T09:00:00Z
	// New deal 2026-03-01T10:00:00Z
}

// Search deals by a term; results come with a relevance score.
func ExampleService_Search() {
	srv, client := fakeClient()
	defer srv.Close()
	ctx := context.Background()
	for _, title := range []string{"Harbor renewal", "Harbor expansion", "Northwind pilot"} {
		if _, err := client.Deals.Create(ctx, &deals.CreateParams{Title: title}); err != nil {
			log.Fatal(err)
		}
	}

	for res, err := range client.Deals.Search(ctx, &deals.SearchParams{Term: "harbor", Fields: []deals.SearchField{deals.SearchTitle}}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(res.Item.ID, res.Item.Title)
	}
	// Output:
	// 1 Harbor renewal
	// 2 Harbor expansion
}

// Add a person as a participant of a deal and list the participants.
func ExampleService_AddParticipant() {
	srv, client := fakeClient()
	defer srv.Close()
	ctx := context.Background()

	p, err := client.Persons.Create(ctx, &persons.CreateParams{Name: "Ada Lovelace"})
	if err != nil {
		log.Fatal(err)
	}
	d, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Analytical engine", PersonID: pipedrive.Ptr(p.ID)})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Deals.AddParticipant(ctx, d.ID, p.ID); err != nil {
		log.Fatal(err)
	}
	for part, err := range client.Deals.Participants(ctx, d.ID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(part.PersonID, part.Person.Name, part.DealTitle)
	}
	// Output: 1 Ada Lovelace Analytical engine
}

// The field definitions of deals, standard and custom, with their types
// and options.
func ExampleService_Fields() {
	srv, client := fakeClient()
	defer srv.Close()

	for f, err := range client.Deals.Fields(context.Background(), nil) {
		if err != nil {
			log.Fatal(err)
		}
		if !f.IsCustom {
			continue
		}
		fmt.Println(f.Name, f.Type, len(f.Options))
	}
	// Output:
	// Budget monetary 0
	// Tier enum 3
	// Renewal date date 0
	// Channels set 3
	// Summary text 0
	// Seats int 0
}

// Attach products to a deal: each line has its price, quantity and
// discount; the deal is then worth the lines' total.
func ExampleService_AddProduct() {
	srv, client := fakeClient()
	defer srv.Close()
	ctx := context.Background()
	pen, err := client.Products.Create(ctx, &products.CreateParams{Name: "Fountain pen"})
	if err != nil {
		log.Fatal(err)
	}
	ink, err := client.Products.Create(ctx, &products.CreateParams{Name: "Ink cartridges"})
	if err != nil {
		log.Fatal(err)
	}
	d, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Stationery order", Currency: "EUR"})
	if err != nil {
		log.Fatal(err)
	}

	if _, err := client.Deals.AddProduct(ctx, d.ID, &deals.ProductParams{
		ProductID: pen.ID, ItemPrice: 40, Quantity: 5,
		Discount: pipedrive.Ptr(10.0), DiscountType: deals.DiscountPercentage,
	}); err != nil {
		log.Fatal(err)
	}
	if _, err := client.Deals.AddProducts(ctx, d.ID, []deals.ProductParams{{ProductID: ink.ID, ItemPrice: 2.5, Quantity: 20}}); err != nil {
		log.Fatal(err)
	}
	for line, err := range client.Deals.Products(ctx, d.ID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(line.Name, line.Quantity, line.Sum, line.Currency)
	}
	d, err = client.Deals.Get(ctx, d.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("deal value:", d.Value)
	// Output:
	// Fountain pen 5 180 EUR
	// Ink cartridges 20 50 EUR
	// deal value: 230
}

// Merge a duplicate into the deal that stays: Merge returns the survivor;
// the duplicate is gone.
func ExampleService_Merge() {
	srv, client := fakeClient()
	defer srv.Close()
	ctx := context.Background()
	keep, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Harbour cranes"})
	if err != nil {
		log.Fatal(err)
	}
	dup, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Harbour cranes (imported)"})
	if err != nil {
		log.Fatal(err)
	}

	d, err := client.Deals.Merge(ctx, dup.ID, keep.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.ID, d.Title)
	_, err = client.Deals.Get(ctx, dup.ID)
	fmt.Println(errors.Is(err, pipedrive.ErrNotFound))
	// Output:
	// 1 Harbour cranes
	// true
}

// Total the open deals per currency.
func ExampleService_Summary() {
	srv, client := fakeClient()
	defer srv.Close()
	ctx := context.Background()
	for _, v := range []struct {
		value    float64
		currency string
	}{{1000, "EUR"}, {2500, "EUR"}, {400, "USD"}} {
		if _, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Deal", Value: pipedrive.Ptr(v.value), Currency: v.currency}); err != nil {
			log.Fatal(err)
		}
	}

	sum, err := client.Deals.Summary(ctx, &deals.SummaryParams{Status: deals.StatusOpen})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(sum.TotalCount, "open deals")
	for _, cur := range []string{"EUR", "USD"} {
		t := sum.ValuesTotal[cur]
		fmt.Println(cur, t.Count, t.Value)
	}
	// Output:
	// 3 open deals
	// EUR 2 3500
	// USD 1 400
}

// Group deals by the month they were added in: Timeline yields one period
// per interval asked for. The fake runs on a clock the example sets.
func ExampleService_Timeline() {
	clock := ratelimittest.NewClock(time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC))
	srv, client := fakeClient(pipedrivetest.WithClock(clock))
	defer srv.Close()
	ctx := context.Background()
	for _, v := range []float64{100, 200, 300} {
		if _, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Deal", Value: pipedrive.Ptr(v), Currency: "EUR"}); err != nil {
			log.Fatal(err)
		}
		clock.Advance(20 * 24 * time.Hour) // the next one about three weeks later
	}

	for p, err := range client.Deals.Timeline(ctx, &deals.TimelineParams{
		StartDate: crm.NewDate(2026, time.January, 1), Interval: deals.IntervalMonth, Amount: 3, FieldKey: "add_time",
	}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(p.PeriodStart.Format("2006-01"), p.Totals.Count, p.Totals.Values["EUR"])
	}
	// Output:
	// 2026-01 1 100
	// 2026-02 2 500
	// 2026-03 0 0
}

// Follow a deal: followers are users notified of its changes.
func ExampleService_AddFollower() {
	srv, client := fakeClient()
	defer srv.Close()
	ctx := context.Background()
	d, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Harbour cranes"})
	if err != nil {
		log.Fatal(err)
	}

	if _, err := client.Deals.AddFollower(ctx, d.ID, 2); err != nil {
		log.Fatal(err)
	}
	for f, err := range client.Deals.Followers(ctx, d.ID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("followed by user", f.UserID)
	}
	// Output: followed by user 2
}

// Read what changed on a deal: the changelog lists every field change,
// newest first.
func ExampleService_Changelog() {
	srv, client := fakeClient()
	defer srv.Close()
	ctx := context.Background()
	d, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Harbour cranes", Value: pipedrive.Ptr(1000.0)})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Deals.Update(ctx, d.ID, &deals.UpdateParams{Value: pipedrive.Ptr(1500.0)}); err != nil {
		log.Fatal(err)
	}

	for ch, err := range client.Deals.Changelog(ctx, d.ID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(ch.FieldKey, *ch.OldValue, "->", *ch.NewValue)
	}
	// Output: value 1000 -> 1500
}

// Define a new custom deal field and use it by name at once: field
// changes made through the service drop the client's cached definitions.
func ExampleService_CreateField() {
	srv, client := fakeClient()
	defer srv.Close()
	ctx := context.Background()

	f, err := client.Deals.CreateField(ctx, &crm.CreateFieldParams{
		Name:    "Priority",
		Type:    crm.FieldTypeEnum,
		Options: []crm.NewFieldOption{{Label: "Low"}, {Label: "High"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	d, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Urgent order", CustomFieldsByName: crm.FieldValues{"Priority": "High"}})
	if err != nil {
		log.Fatal(err)
	}
	fields, err := client.Deals.CustomFields(ctx)
	if err != nil {
		log.Fatal(err)
	}
	priority, _ := fields.Read(d.CustomFields).Option("Priority")
	fmt.Println(f.Name, f.Type, priority)
	// Output: Priority enum High
}
