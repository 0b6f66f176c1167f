package pipedrivetest_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/products"
)

// The v2 products of deals through the SDK: add one and many, update,
// list (one deal's and several deals'), delete one and many; the deal is
// worth its products' total, and the v1 list of a product's deals sees
// the attachments.
func TestDealProductsThroughTheSDK(t *testing.T) {
	_, client := sdkClient(t)
	ctx := context.Background()
	pen, err := client.Products.Create(ctx, &products.CreateParams{Name: "Pen"})
	if err != nil {
		t.Fatal(err)
	}
	ink, err := client.Products.Create(ctx, &products.CreateParams{Name: "Ink"})
	if err != nil {
		t.Fatal(err)
	}
	d, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Stationery", Currency: "EUR"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "Other"})
	if err != nil {
		t.Fatal(err)
	}

	a, err := client.Deals.AddProduct(ctx, d.ID, &deals.ProductParams{ProductID: pen.ID, ItemPrice: 10, Quantity: 3,
		Discount: pipedrive.Ptr(10.0), DiscountType: deals.DiscountPercentage})
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "Pen" || a.Sum != 27 || a.Currency != "EUR" || a.DealID != d.ID {
		t.Errorf("attachment %+v", a)
	}
	many, err := client.Deals.AddProducts(ctx, d.ID, []deals.ProductParams{
		{ProductID: ink.ID, ItemPrice: 2, Quantity: 5}, {ProductID: ink.ID, ItemPrice: 2, Quantity: 1},
	})
	if err != nil || len(many) != 2 {
		t.Fatalf("bulk add %+v, %v", many, err)
	}
	if _, err := client.Deals.AddProduct(ctx, other.ID, &deals.ProductParams{ProductID: pen.ID, ItemPrice: 1, Quantity: 1}); err != nil {
		t.Fatal(err)
	}
	up, err := client.Deals.UpdateProduct(ctx, d.ID, a.ID, &deals.ProductUpdateParams{Quantity: pipedrive.Ptr(4.0)})
	if err != nil || up.Sum != 36 || up.UpdateTime == nil {
		t.Errorf("update %+v, %v", up, err)
	}
	got, err := client.Deals.Get(ctx, d.ID)
	if err != nil || got.Value != 48 {
		t.Errorf("deal value %v, %v", got.Value, err)
	}
	if list := collectAll(t, client.Deals.Products(ctx, d.ID, nil)); len(list) != 3 {
		t.Errorf("%d products of the deal", len(list))
	}
	both := collectAll(t, client.Deals.ProductsOfDeals(ctx, &deals.ProductsOfDealsParams{DealIDs: []int64{d.ID, other.ID}, SortBy: deals.ProductSortByDealID}))
	if len(both) != 4 || both[3].DealID != other.ID {
		t.Errorf("products of both deals %+v", both)
	}
	if pd := collectAll(t, client.Products.Deals(ctx, pen.ID, nil)); len(pd) != 2 {
		t.Errorf("the pen's deals: %d", len(pd))
	}

	if err := client.Deals.DeleteProduct(ctx, d.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	del, err := client.Deals.DeleteProducts(ctx, d.ID)
	if err != nil || len(del.IDs) != 2 || del.More {
		t.Errorf("bulk delete %+v, %v", del, err)
	}
	_, err = client.Deals.AddProduct(ctx, d.ID, &deals.ProductParams{ProductID: 999, ItemPrice: 1, Quantity: 1})
	wantAPIStatus(t, err, http.StatusBadRequest)
}
