package deals_test

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
)

// Creating a deal with custom fields by name: names and option labels are
// resolved against the definitions, which are fetched once for many calls.
func TestCustomFieldsByName(t *testing.T) {
	srv, svc := newServer(t)
	srv.route("GET", "/api/v2/dealFields", "fields.json")
	srv.route("POST", "/api/v2/deals", "deal.json")
	srv.route("PATCH", "/api/v2/deals/501", "deal.json")

	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := svc.Create(ctx, &deals.CreateParams{
				Title: "Renewal",
				CustomFieldsByName: crm.FieldValues{
					"Budget":  crm.Money(5000, "EUR"),
					"tier":    "Enterprise",
					"Regions": []string{"EMEA", "Americas"},
				},
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	params := &deals.UpdateParams{CustomFieldsByName: crm.FieldValues{"Signed on": crm.NewDate(2026, 3, 1), "Tier": nil}}
	d, err := svc.Update(ctx, 501, params)
	if err != nil {
		t.Fatal(err)
	}
	if params.CustomFields != nil {
		t.Error("Update modified the caller's params")
	}

	var fieldFetches, creates int
	for _, r := range srv.requests() {
		switch r.Method + " " + r.Path {
		case "GET /api/v2/dealFields":
			fieldFetches++
			if r.Query.Get("limit") != "500" {
				t.Errorf("definitions fetched with limit %q", r.Query.Get("limit"))
			}
		case "POST /api/v2/deals":
			creates++
			want := `{"title":"Renewal","custom_fields":{"` + budgetCode + `":{"value":5000,"currency":"EUR"},"` + tierCode + `":3,"` + regionCode + `":[21,23]}}`
			if !jsonEqual(t, r.Body, want) {
				t.Errorf("create body = %s\nwant %s", r.Body, want)
			}
		case "PATCH /api/v2/deals/501":
			want := `{"custom_fields":{"` + signedCode + `":"2026-03-01","` + tierCode + `":null}}`
			if !jsonEqual(t, r.Body, want) {
				t.Errorf("update body = %s\nwant %s", r.Body, want)
			}
		}
	}
	if fieldFetches != 1 || creates != 8 {
		t.Errorf("%d definition fetches for %d creates and an update, want 1", fieldFetches, creates)
	}

	// Read back by name.
	fs, err := svc.CustomFields(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r := fs.Read(d.CustomFields)
	if m, err := r.Money("Budget"); err != nil || m != crm.Money(25000, "EUR") {
		t.Errorf("Budget = %v, %v", m, err)
	}
	if l, err := r.Option("Tier"); err != nil || l != "Enterprise" {
		t.Errorf("Tier = %q, %v", l, err)
	}
	if ls, err := r.Options("Regions"); err != nil || strings.Join(ls, ",") != "EMEA,Americas" {
		t.Errorf("Regions = %v, %v", ls, err)
	}
	if dt, err := r.Date("Signed on"); err != nil || dt != crm.NewDate(2026, 2, 28) {
		t.Errorf("Signed on = %v, %v", dt, err)
	}

	// Refreshing fetches again; changing a field drops the cache.
	if _, err := svc.RefreshCustomFields(ctx); err != nil {
		t.Fatal(err)
	}
	srv.route("PATCH", "/api/v2/dealFields/"+tierCode, "field.json")
	if _, err := svc.UpdateField(ctx, tierCode, &crm.UpdateFieldParams{Name: "Plan"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CustomFields(ctx); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range srv.requests() {
		if r.Method == "GET" && r.Path == "/api/v2/dealFields" {
			n++
		}
	}
	if n != 3 {
		t.Errorf("%d definition fetches after refresh and a field update, want 3", n)
	}
}

// An unknown name or label fails before anything is sent, naming the
// closest match.
func TestCustomFieldsByNameErrors(t *testing.T) {
	srv, svc := newServer(t)
	srv.route("GET", "/api/v2/dealFields", "fields.json")
	_, err := svc.Create(ctx, &deals.CreateParams{Title: "X", CustomFieldsByName: crm.FieldValues{"Budgt": crm.Money(1, "EUR")}})
	if !errors.Is(err, crm.ErrUnknownField) || !strings.Contains(err.Error(), `"Budget"`) {
		t.Errorf("err = %v", err)
	}
	_, err = svc.Create(ctx, &deals.CreateParams{Title: "X", CustomFieldsByName: crm.FieldValues{"Tier": "Enterprice"}})
	if !errors.Is(err, crm.ErrUnknownOption) || !strings.Contains(err.Error(), `"Enterprise"`) {
		t.Errorf("err = %v", err)
	}
	for _, r := range srv.requests() {
		if r.Method != "GET" {
			t.Errorf("a request was sent despite the error: %s %s", r.Method, r.Path)
		}
	}
}

// A custom field value a setter refused (NaN cannot be sent as JSON) makes
// the call fail before anything is sent, with ErrInvalidParams; the
// setter itself did not fail.
func TestRefusedCustomFieldValueIsNotSent(t *testing.T) {
	srv, svc := newServer(t)
	srv.route("GET", "/api/v2/dealFields", "fields.json")
	var cf crm.CustomFields
	cf.SetNumber("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", math.NaN())
	_, err := svc.Create(ctx, &deals.CreateParams{Title: "X", CustomFields: cf})
	var bad *crm.InvalidValueError
	if !errors.Is(err, pipedrive.ErrInvalidParams) || !errors.As(err, &bad) || bad.Code != "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678" {
		t.Fatalf("err = %v", err)
	}
	// With names too: the values by name are resolved, the refused value by
	// code still refuses the call.
	_, err = svc.Update(ctx, 501, &deals.UpdateParams{CustomFields: cf, CustomFieldsByName: crm.FieldValues{"Tier": "Enterprise"}})
	if !errors.Is(err, pipedrive.ErrInvalidParams) {
		t.Fatalf("err = %v", err)
	}
	for _, r := range srv.requests() {
		if r.Method != "GET" {
			t.Errorf("a request was sent despite the refusal: %s %s", r.Method, r.Path)
		}
	}
}

func TestDecodeWebhookV2Deal(t *testing.T) {
	var env struct {
		Data *deals.Deal `json:"data"`
	}
	if err := json.Unmarshal(fixture(t, "webhook_v2_create_deal.json"), &env); err != nil {
		t.Fatal(err)
	}
	d := env.Data
	if d.ID != 8 || d.VisibleTo != crm.VisibleToCompany || d.Value != 100 || d.OwnerID != 12415231 || *d.PersonID != 8 || *d.OrgID != 1 || d.Origin != "ManuallyCreated" {
		t.Errorf("deal = %+v", d)
	}
	if d.UpdateTime != nil || d.CloseTime != nil || d.Probability != nil || !d.ExpectedCloseDate.IsZero() || len(d.LabelIDs) != 0 || len(d.CustomFields) != 0 {
		t.Errorf("nulls not kept as nil/zero: %+v", d)
	}
	if !d.AddTime.Equal(time.Date(2022, 11, 24, 13, 18, 55, 0, time.UTC)) {
		t.Errorf("add_time = %v", d.AddTime)
	}
}

func TestDecodeDealVariants(t *testing.T) {
	cases := []struct {
		name string
		in   string
		ok   func(d *deals.Deal) bool
	}{
		{"v1 times and numeric strings", `{"id":"9","value":"12.5","add_time":"2024-02-12 09:14:35","won_time":"","visible_to":"7","person_id":"4"}`,
			func(d *deals.Deal) bool {
				return d.ID == 9 && d.Value == 12.5 && d.AddTime.Equal(time.Date(2024, 2, 12, 9, 14, 35, 0, time.UTC)) && d.WonTime == nil && d.VisibleTo == crm.VisibleToOwnerGroupAndSubgroups && *d.PersonID == 4
			}},
		{"labels as objects", `{"id":1,"label_ids":[{"id":4,"label":"Hot"},{"id":"9","label":"VIP"}]}`,
			func(d *deals.Deal) bool {
				return len(d.LabelIDs) == 2 && d.LabelIDs[1] == 9 && d.Labels[0].Label == "Hot"
			}},
		{"unknown fields ignored", `{"id":1,"brand_new":{"a":[1,2]},"custom_fields":null}`,
			func(d *deals.Deal) bool { return d.ID == 1 && d.CustomFields == nil }},
	}
	for _, c := range cases {
		var d deals.Deal
		if err := json.Unmarshal([]byte(c.in), &d); err != nil || !c.ok(&d) {
			t.Errorf("%s: %+v, %v", c.name, d, err)
		}
	}
	for _, bad := range []string{`{"id":"nine"}`, `{"add_time":"yesterday"}`, `{"label_ids":{"a":1}}`, `[]`} {
		var d deals.Deal
		if err := json.Unmarshal([]byte(bad), &d); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func FuzzDecodeDeal(f *testing.F) {
	f.Add(fixture(f, "webhook_v2_create_deal.json"))
	f.Add([]byte(`{"id":"9","value":"12.5","add_time":"2024-02-12 09:14:35","label_ids":[{"id":1}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var d deals.Deal
		if json.Unmarshal(b, &d) != nil {
			return
		}
		if _, err := json.Marshal(&d); err != nil {
			t.Fatalf("a decoded deal does not encode: %v", err)
		}
	})
}

// Bad input is refused before anything is sent.
func TestValidation(t *testing.T) {
	srv, svc := newServer(t)
	checks := map[string]error{}
	_, checks["create without title"] = svc.Create(ctx, &deals.CreateParams{})
	_, checks["nil update"] = svc.Update(ctx, 1, nil)
	_, checks["get id 0"] = svc.Get(ctx, 0)
	_, checks["search without term"] = svc.SearchPage(ctx, &deals.SearchParams{})
	_, checks["products of no deals"] = svc.ProductsOfDealsPage(ctx, nil)
	_, checks["installments of no deals"] = svc.InstallmentsPage(ctx, &deals.InstallmentListParams{})
	_, checks["add product without id"] = svc.AddProduct(ctx, 1, &deals.ProductParams{Quantity: 1})
	_, checks["discount without amount"] = svc.AddDiscount(ctx, 1, &deals.DiscountParams{Description: "x", Type: deals.DiscountAmount})
	_, checks["timeline without field"] = svc.TimelinePage(ctx, &deals.TimelineParams{StartDate: crm.NewDate(2026, 1, 1), Interval: deals.IntervalDay, Amount: 1})
	_, checks["merge with itself"] = svc.Merge(ctx, 5, 5)
	_, checks["follower 0"] = svc.AddFollower(ctx, 1, 0)
	_, checks["participant 0"] = svc.AddParticipant(ctx, 1, 0)
	_, checks["no options"] = svc.AddFieldOptions(ctx, "code")
	_, checks["search for deleted deals"] = svc.SearchPage(ctx, &deals.SearchParams{Term: "acme", Status: deals.StatusDeleted})
	_, checks["summary of deleted deals"] = svc.Summary(ctx, &deals.SummaryParams{Status: deals.StatusDeleted})
	_, checks["archived summary of deleted deals"] = svc.ArchivedSummary(ctx, &deals.SummaryParams{Status: deals.StatusDeleted})
	_, checks["one deal's products by deal"] = svc.ProductsPage(ctx, 1, &deals.ProductListParams{SortBy: deals.ProductSortByDealID})
	_, checks["clear expected_close_date"] = svc.Update(ctx, 1, &deals.UpdateParams{ExpectedCloseDate: &crm.Date{}})
	_, checks["create with a zero expected_close_date"] = svc.Create(ctx, &deals.CreateParams{Title: "x", ExpectedCloseDate: &crm.Date{}})
	_, checks["set and clear probability"] = svc.Update(ctx, 1, &deals.UpdateParams{Probability: pipedrive.Ptr(50.0), Clear: []deals.ClearableField{deals.ClearProbability}})
	_, checks["clear an unknown field"] = svc.Update(ctx, 1, &deals.UpdateParams{Clear: []deals.ClearableField{"expected_close_date"}})
	_, checks["timeline without params"] = svc.TimelinePage(ctx, nil)
	_, checks["timeline with a negative amount"] = svc.TimelinePage(ctx, &deals.TimelineParams{StartDate: crm.NewDate(2026, 1, 1), Interval: deals.IntervalDay, Amount: -1, FieldKey: "add_time"})
	_, checks["merge into 0"] = svc.Merge(ctx, 5, 0)
	_, checks["no products"] = svc.AddProducts(ctx, 1, nil)
	_, checks["a product without quantity"] = svc.AddProducts(ctx, 1, []deals.ProductParams{{ProductID: 3, Quantity: 1}, {ProductID: 4}})
	for name, err := range checks {
		if !errors.Is(err, pipedrive.ErrInvalidParams) {
			t.Errorf("%s: %v, want an error matching pipedrive.ErrInvalidParams", name, err)
		}
	}
	if err := checks["clear expected_close_date"]; err == nil || !strings.Contains(err.Error(), "API v2 cannot clear expected_close_date") {
		t.Errorf("clearing expected_close_date: %v", err)
	}
	if err := checks["a product without quantity"]; err == nil || !strings.Contains(err.Error(), "product 1: quantity is required") {
		t.Errorf("bulk product error = %v", err)
	}
	for _, err := range collectErr(svc.Search(ctx, nil)) {
		if !errors.Is(err, pipedrive.ErrInvalidParams) {
			t.Errorf("nil search params: %v", err)
		}
	}
	if n := len(srv.requests()); n != 0 {
		t.Errorf("%d requests sent for invalid input", n)
	}
}

func collectErr[T any](seq func(func(*T, error) bool)) []error {
	var errs []error
	for _, err := range seq {
		errs = append(errs, err)
	}
	return errs
}

// API errors come back as *pipedrive.Error and match the sentinels.
func TestErrorsPassThrough(t *testing.T) {
	_, svc := newServer(t) // no routes: every request gets a JSON 404
	_, err := svc.Get(ctx, 404)
	var apiErr *pipedrive.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 || apiErr.Method != "GET" || apiErr.Path != "/api/v2/deals/404" {
		t.Fatalf("err = %#v", err)
	}
	if !errors.Is(err, pipedrive.ErrNotFound) {
		t.Errorf("err %v does not match ErrNotFound", err)
	}
	var n int
	for _, err := range svc.List(ctx, nil) {
		n++
		if !errors.Is(err, pipedrive.ErrNotFound) {
			t.Errorf("list err = %v", err)
		}
	}
	if n != 1 {
		t.Errorf("list yielded %d times, want one error", n)
	}
	// A failed definitions fetch fails the create, and nothing is posted.
	_, err = svc.Create(ctx, &deals.CreateParams{Title: "x", CustomFieldsByName: crm.FieldValues{"Budget": crm.Money(1, "EUR")}})
	if !errors.Is(err, pipedrive.ErrNotFound) {
		t.Errorf("create err = %v", err)
	}
}
