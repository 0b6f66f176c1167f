package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/organizations"
	"github.com/pipedrive-go/pipedrive/persons"
)

// maxListed bounds how many deals the tour prints (and fetches: the
// iterator stops asking for pages when the loop stops).
const maxListed = 10

// created remembers what the tour created, to clean up afterwards.
type created struct {
	orgID, personID, dealID int64
}

// crmTour creates an organization, a person and a deal with custom fields
// set by name (when write is true), lists deals with the iterator, and
// returns the call the burst repeats and a cleanup for what it created.
func crmTour(ctx context.Context, client *pipedrive.Client, write bool, out io.Writer) (call func(context.Context) error, cleanup func(context.Context) error, err error) {
	var made *created
	if write {
		if made, err = createObjects(ctx, client, out); err != nil {
			return nil, nil, err
		}
	}

	// Pages of 5, fetched lazily as the loop goes.
	fmt.Fprintln(out, "Deals, through the List iterator:")
	n, firstID := 0, int64(0)
	for d, err := range client.Deals.List(ctx, &deals.ListParams{Limit: 5}) {
		if err != nil {
			return nil, nil, err
		}
		if n == 0 {
			firstID = d.ID
		}
		n++
		fmt.Fprintf(out, "  #%-4d %-28q %10.2f %s  %s\n", d.ID, d.Title, d.Value, d.Currency, d.Status)
		if n == maxListed {
			fmt.Fprintf(out, "  (stopping at %d)\n", maxListed)
			break
		}
	}
	if n == 0 {
		fmt.Fprintln(out, "  (no deals)")
	}

	cleanup = func(context.Context) error { return nil }
	if made != nil {
		cleanup = func(ctx context.Context) error {
			return errors.Join(
				client.Deals.Delete(ctx, made.dealID),
				client.Persons.Delete(ctx, made.personID),
				client.Organizations.Delete(ctx, made.orgID),
			)
		}
	}
	// The burst reads one deal over and over (the cheapest call by token
	// cost), or the current user when there is no deal to read.
	if firstID != 0 {
		return func(ctx context.Context) error {
			_, err := client.Deals.Get(ctx, firstID)
			return err
		}, cleanup, nil
	}
	return func(ctx context.Context) error {
		_, err := client.Users.Me(ctx)
		return err
	}, cleanup, nil
}

// createObjects creates the tour's organization, person and deal.
func createObjects(ctx context.Context, client *pipedrive.Client, out io.Writer) (*created, error) {
	org, err := client.Organizations.Create(ctx, &organizations.CreateParams{Name: "Quickstart Ltd"})
	if err != nil {
		return nil, err
	}
	made := &created{orgID: org.ID}
	person, err := client.Persons.Create(ctx, &persons.CreateParams{
		Name:   "Ada Quickstart",
		OrgID:  &org.ID,
		Emails: []persons.ContactDetail{{Value: "ada@example.com", Primary: true, Label: "work"}},
	})
	if err != nil {
		return nil, err
	}
	made.personID = person.ID

	// Custom fields by name: "Budget" (monetary) and "Tier" (single
	// option, by its label). A real company may not define them: then the
	// deal is created without them.
	values := crm.FieldValues{"Budget": crm.Money(4200, "EUR"), "Tier": "Enterprise"}
	fields, err := client.Deals.CustomFields(ctx)
	if err != nil {
		return nil, err
	}
	for name := range values {
		if _, err := fields.CustomField(name); err != nil {
			fmt.Fprintf(out, "  (no custom deal field %q here: %v)\n", name, err)
			delete(values, name)
		}
	}
	deal, err := client.Deals.Create(ctx, &deals.CreateParams{
		Title:              "Quickstart renewal",
		Value:              pipedrive.Ptr(5000.0),
		Currency:           "EUR",
		OrgID:              &org.ID,
		PersonID:           &person.ID,
		CustomFieldsByName: values,
	})
	if err != nil {
		return nil, err
	}
	made.dealID = deal.ID

	fmt.Fprintf(out, "Created organization #%d %q, person #%d %q and deal #%d %q.\n",
		org.ID, org.Name, person.ID, person.Name, deal.ID, deal.Title)
	read := fields.Read(deal.CustomFields)
	if tier, err := read.Option("Tier"); err == nil {
		fmt.Fprintf(out, "  Tier (read back by name): %s\n", tier)
	}
	if budget, err := read.Money("Budget"); err == nil {
		fmt.Fprintf(out, "  Budget (read back by name): %.2f %s\n", budget.Value, budget.Currency)
	}
	return made, nil
}
