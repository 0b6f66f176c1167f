package deals_test

import (
	"bufio"
	"iter"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// opCase exercises one API operation through one Service method.
type opCase struct {
	op      ops.Op
	method  string     // the deals.Service method under test
	path    string     // the exact request path expected
	query   url.Values // the exact query expected (nil: none)
	body    string     // the JSON body expected ("" for none)
	fixture string
	// then are the further requests the call sends (method, path,
	// fixture), after the one checked.
	then  [][3]string
	call  func(s *deals.Service) (any, error)
	check func(t *testing.T, v any)
}

func collect[T any](seq iter.Seq2[*T, error]) ([]*T, error) {
	var out []*T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

func q(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

func opCases() []opCase {
	since := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return []opCase{
		// --- v2 deals ---
		{op: ops.V2GetDeals, method: "List", path: "/api/v2/deals", fixture: "deals_last.json",
			query: q("status", "open", "owner_id", "31", "ids", "1,2", "updated_since", "2026-01-01T00:00:00Z", "sort_by", "update_time", "sort_direction", "desc", "include_fields", "products_count,files_count", "custom_fields", budgetCode, "include_option_labels", "true", "limit", "50"),
			call: func(s *deals.Service) (any, error) {
				return collect(s.List(ctx, &deals.ListParams{Status: deals.StatusOpen, OwnerID: 31, IDs: []int64{1, 2}, UpdatedSince: since, SortBy: crm.SortByUpdateTime, SortDirection: crm.Descending,
					IncludeFields: []deals.IncludeField{deals.IncludeProductsCount, deals.IncludeFilesCount}, CustomFields: []string{budgetCode}, IncludeOptionLabels: true, Limit: 50}))
			},
			check: func(t *testing.T, v any) {
				if ds := v.([]*deals.Deal); len(ds) != 1 || ds[0].ID != 503 {
					t.Errorf("deals = %+v", ds)
				}
			}},
		{op: ops.V2GetDeals, method: "ListPage", path: "/api/v2/deals", fixture: "deals.json", query: q("cursor", "abc", "limit", "2"),
			call: func(s *deals.Service) (any, error) {
				return s.ListPage(ctx, &deals.ListParams{Cursor: "abc", Limit: 2})
			},
			check: func(t *testing.T, v any) {
				p := v.(*crm.Page[deals.Deal])
				if len(p.Items) != 2 || !p.More || p.NextCursor != "Y3Vyc29yLTI" || p.Items[1].PersonID != nil {
					t.Errorf("page = %+v", p)
				}
			}},
		{op: ops.V2GetArchivedDeals, method: "ListArchived", path: "/api/v2/deals/archived", fixture: "deals_last.json", query: q("pipeline_id", "2"),
			call: func(s *deals.Service) (any, error) {
				return collect(s.ListArchived(ctx, &deals.ArchivedListParams{PipelineID: 2}))
			}},
		{op: ops.V2GetArchivedDeals, method: "ListArchivedPage", path: "/api/v2/deals/archived", fixture: "deals.json",
			call: func(s *deals.Service) (any, error) { return s.ListArchivedPage(ctx, nil) }},
		{op: ops.V2GetDeal, method: "Get", path: "/api/v2/deals/501", fixture: "deal.json",
			call:  func(s *deals.Service) (any, error) { return s.Get(ctx, 501) },
			check: func(t *testing.T, v any) { checkDeal(t, v.(*deals.Deal)) }},
		{op: ops.V2GetDeal, method: "GetWith", path: "/api/v2/deals/501", fixture: "deal.json", query: q("include_fields", "first_won_time", "include_labels", "true"),
			call: func(s *deals.Service) (any, error) {
				return s.GetWith(ctx, 501, &deals.GetParams{IncludeFields: []deals.IncludeField{deals.IncludeFirstWonTime}, IncludeLabels: true})
			}},
		{op: ops.V2AddDeal, method: "Create", path: "/api/v2/deals", fixture: "deal.json",
			body: `{"title":"Renewal","value":5000,"currency":"EUR","person_id":77,"visible_to":3,"expected_close_date":"2026-06-30","archive_time":"2026-01-02 03:04:05","custom_fields":{"` + tierCode + `":3}}`,
			call: func(s *deals.Service) (any, error) {
				cf := crm.CustomFields{}
				cf.SetOptionID(tierCode, 3)
				at := time.Date(2026, 1, 2, 4, 4, 5, 0, time.FixedZone("CET", 3600))
				return s.Create(ctx, &deals.CreateParams{Title: "Renewal", Value: pipedrive.Ptr(5000.0), Currency: "EUR", PersonID: pipedrive.Ptr[int64](77),
					VisibleTo: crm.VisibleToCompany, ExpectedCloseDate: &crm.Date{Year: 2026, Month: 6, Day: 30}, ArchiveTime: &at, CustomFields: cf})
			}},
		{op: ops.V2UpdateDeal, method: "Update", path: "/api/v2/deals/501", fixture: "deal.json",
			body: `{"status":"won","value":0,"label_ids":[],"probability":null,"lost_reason":null,"custom_fields":{"` + budgetCode + `":null}}`,
			call: func(s *deals.Service) (any, error) {
				cf := crm.CustomFields{}
				cf.Clear(budgetCode)
				return s.Update(ctx, 501, &deals.UpdateParams{Status: deals.StatusWon, Value: pipedrive.Ptr(0.0), LabelIDs: []int64{}, CustomFields: cf,
					Clear: []deals.ClearableField{deals.ClearProbability, deals.ClearLostReason}})
			}},
		{op: ops.V2DeleteDeal, method: "Delete", path: "/api/v2/deals/501", fixture: "deleted.json",
			call: func(s *deals.Service) (any, error) { return nil, s.Delete(ctx, 501) }},
		{op: ops.V2SearchDeals, method: "Search", path: "/api/v2/deals/search", fixture: "search.json",
			query: q("term", "harbor", "fields", "title,notes", "exact_match", "true", "organization_id", "12", "status", "open", "include_fields", "deal.cc_email"),
			call: func(s *deals.Service) (any, error) {
				return collect(s.Search(ctx, &deals.SearchParams{Term: "harbor", Fields: []deals.SearchField{deals.SearchTitle, deals.SearchNotes}, ExactMatch: true, OrgID: 12, Status: deals.StatusOpen, IncludeCCEmail: true}))
			},
			check: func(t *testing.T, v any) {
				rs := v.([]*crm.SearchResult[deals.SearchItem])
				if len(rs) != 1 || rs[0].Score != 0.91 || rs[0].Item.Stage.Name != "Negotiation" || rs[0].Item.Person.Name != "Mira Koskinen" || rs[0].Item.Organization != nil {
					t.Errorf("search = %+v", rs)
				}
			}},
		{op: ops.V2SearchDeals, method: "SearchPage", path: "/api/v2/deals/search", fixture: "search.json", query: q("term", "ha", "limit", "5"),
			call: func(s *deals.Service) (any, error) {
				return s.SearchPage(ctx, &deals.SearchParams{Term: "ha", Limit: 5})
			}},
		// --- followers ---
		{op: ops.V2GetDealFollowers, method: "Followers", path: "/api/v2/deals/501/followers", fixture: "followers.json",
			call: func(s *deals.Service) (any, error) { return collect(s.Followers(ctx, 501, nil)) },
			check: func(t *testing.T, v any) {
				fs := v.([]*crm.Follower)
				if len(fs) != 2 || fs[1].UserID != 44 || !fs[1].AddTime.Equal(time.Date(2026, 2, 5, 10, 0, 0, 0, time.UTC)) {
					t.Errorf("followers = %+v", fs)
				}
			}},
		{op: ops.V2GetDealFollowers, method: "FollowersPage", path: "/api/v2/deals/501/followers", fixture: "followers.json", query: q("limit", "1"),
			call: func(s *deals.Service) (any, error) { return s.FollowersPage(ctx, 501, &crm.PageParams{Limit: 1}) }},
		{op: ops.V2AddDealFollower, method: "AddFollower", path: "/api/v2/deals/501/followers", fixture: "follower.json", body: `{"user_id":44}`,
			call: func(s *deals.Service) (any, error) { return s.AddFollower(ctx, 501, 44) }},
		{op: ops.V2DeleteDealFollower, method: "DeleteFollower", path: "/api/v2/deals/501/followers/44", fixture: "follower_deleted.json",
			call: func(s *deals.Service) (any, error) { return nil, s.DeleteFollower(ctx, 501, 44) }},
		{op: ops.V2GetDealFollowersChangelog, method: "FollowersChangelog", path: "/api/v2/deals/501/followers/changelog", fixture: "followers_changelog.json",
			call: func(s *deals.Service) (any, error) { return collect(s.FollowersChangelog(ctx, 501, nil)) },
			check: func(t *testing.T, v any) {
				cs := v.([]*crm.FollowerChange)
				if len(cs) != 2 || cs[1].Action != crm.FollowerRemoved || cs[1].FollowerUserID != 52 {
					t.Errorf("changes = %+v", cs)
				}
			}},
		{op: ops.V2GetDealFollowersChangelog, method: "FollowersChangelogPage", path: "/api/v2/deals/501/followers/changelog", fixture: "followers_changelog.json", query: q("cursor", "c1"),
			call: func(s *deals.Service) (any, error) {
				return s.FollowersChangelogPage(ctx, 501, &crm.PageParams{Cursor: "c1"})
			}},
		// --- discounts ---
		{op: ops.V2GetAdditionalDiscounts, method: "Discounts", path: "/api/v2/deals/501/discounts", fixture: "discounts.json",
			call: func(s *deals.Service) (any, error) { return collect(s.Discounts(ctx, 501)) },
			check: func(t *testing.T, v any) {
				ds := v.([]*deals.Discount)
				if len(ds) != 1 || ds[0].Type != deals.DiscountPercentage || ds[0].Amount != 12.5 || ds[0].UpdatedBy != 44 {
					t.Errorf("discounts = %+v", ds)
				}
			}},
		{op: ops.V2PostAdditionalDiscount, method: "AddDiscount", path: "/api/v2/deals/501/discounts", fixture: "discount.json",
			body: `{"description":"Loyalty","amount":12.5,"type":"percentage"}`,
			call: func(s *deals.Service) (any, error) {
				return s.AddDiscount(ctx, 501, &deals.DiscountParams{Description: "Loyalty", Amount: 12.5, Type: deals.DiscountPercentage})
			}},
		{op: ops.V2UpdateAdditionalDiscount, method: "UpdateDiscount", path: "/api/v2/deals/501/discounts/7c1e2a90-3b44-4d1e-9a55-0c2f6e7d8b91", fixture: "discount.json",
			body: `{"amount":15}`,
			call: func(s *deals.Service) (any, error) {
				return s.UpdateDiscount(ctx, 501, "7c1e2a90-3b44-4d1e-9a55-0c2f6e7d8b91", &deals.DiscountUpdateParams{Amount: pipedrive.Ptr(15.0)})
			}},
		{op: ops.V2DeleteAdditionalDiscount, method: "DeleteDiscount", path: "/api/v2/deals/501/discounts/7c1e2a90-3b44-4d1e-9a55-0c2f6e7d8b91", fixture: "discount_deleted.json",
			call: func(s *deals.Service) (any, error) {
				return nil, s.DeleteDiscount(ctx, 501, "7c1e2a90-3b44-4d1e-9a55-0c2f6e7d8b91")
			}},
		// --- products ---
		{op: ops.V2GetDealProducts, method: "Products", path: "/api/v2/deals/501/products", fixture: "products.json", query: q("sort_by", "order_nr"),
			call: func(s *deals.Service) (any, error) {
				return collect(s.Products(ctx, 501, &deals.ProductListParams{SortBy: deals.ProductSortByOrderNr}))
			},
			check: func(t *testing.T, v any) {
				ps := v.([]*deals.Product)
				if len(ps) != 1 || ps[0].TaxMethod != deals.TaxInclusive || ps[0].BillingStartDate != crm.NewDate(2026, 4, 1) || ps[0].ProductVariationID != nil || *ps[0].BillingFrequencyCycles != 3 {
					t.Errorf("products = %+v", ps)
				}
			}},
		{op: ops.V2GetDealProducts, method: "ProductsPage", path: "/api/v2/deals/501/products", fixture: "products.json",
			call: func(s *deals.Service) (any, error) { return s.ProductsPage(ctx, 501, nil) }},
		{op: ops.V2GetDealsProducts, method: "ProductsOfDeals", path: "/api/v2/deals/products", fixture: "products.json", query: q("deal_ids", "501,502"),
			call: func(s *deals.Service) (any, error) {
				return collect(s.ProductsOfDeals(ctx, &deals.ProductsOfDealsParams{DealIDs: []int64{501, 502}}))
			}},
		{op: ops.V2GetDealsProducts, method: "ProductsOfDealsPage", path: "/api/v2/deals/products", fixture: "products.json", query: q("deal_ids", "501", "sort_by", "deal_id"),
			call: func(s *deals.Service) (any, error) {
				return s.ProductsOfDealsPage(ctx, &deals.ProductsOfDealsParams{DealIDs: []int64{501}, SortBy: deals.ProductSortByDealID})
			}},
		{op: ops.V2AddDealProduct, method: "AddProduct", path: "/api/v2/deals/501/products", fixture: "product.json",
			body: `{"product_id":310,"item_price":1000,"quantity":3,"discount":0,"tax_method":"inclusive","billing_start_date":"2026-04-01"}`,
			call: func(s *deals.Service) (any, error) {
				return s.AddProduct(ctx, 501, &deals.ProductParams{ProductID: 310, ItemPrice: 1000, Quantity: 3, Discount: pipedrive.Ptr(0.0), TaxMethod: deals.TaxInclusive, BillingStartDate: &crm.Date{Year: 2026, Month: 4, Day: 1}})
			}},
		{op: ops.V2AddManyDealProducts, method: "AddProducts", path: "/api/v2/deals/501/products/bulk", fixture: "products_bulk.json",
			body: `{"data":[{"product_id":310,"item_price":1000,"quantity":3},{"product_id":311,"item_price":50,"quantity":1}]}`,
			call: func(s *deals.Service) (any, error) {
				return s.AddProducts(ctx, 501, []deals.ProductParams{{ProductID: 310, ItemPrice: 1000, Quantity: 3}, {ProductID: 311, ItemPrice: 50, Quantity: 1}})
			},
			check: func(t *testing.T, v any) {
				if ps := v.([]deals.Product); len(ps) != 2 || ps[1].Name != "Install kit" {
					t.Errorf("products = %+v", ps)
				}
			}},
		{op: ops.V2UpdateDealProduct, method: "UpdateProduct", path: "/api/v2/deals/501/products/9001", fixture: "product.json", body: `{"quantity":4,"is_enabled":false}`,
			call: func(s *deals.Service) (any, error) {
				return s.UpdateProduct(ctx, 501, 9001, &deals.ProductUpdateParams{Quantity: pipedrive.Ptr(4.0), IsEnabled: pipedrive.Ptr(false)})
			}},
		{op: ops.V2DeleteDealProduct, method: "DeleteProduct", path: "/api/v2/deals/501/products/9001", fixture: "product_deleted.json",
			call: func(s *deals.Service) (any, error) { return nil, s.DeleteProduct(ctx, 501, 9001) }},
		{op: ops.V2DeleteManyDealProducts, method: "DeleteProducts", path: "/api/v2/deals/501/products", fixture: "products_deleted.json", query: q("ids", "9001,9002"),
			call: func(s *deals.Service) (any, error) { return s.DeleteProducts(ctx, 501, 9001, 9002) },
			check: func(t *testing.T, v any) {
				if d := v.(*deals.DeletedProducts); len(d.IDs) != 2 || !d.More {
					t.Errorf("deleted = %+v", d)
				}
			}},
		// --- installments ---
		{op: ops.V2GetInstallments, method: "Installments", path: "/api/v2/deals/installments", fixture: "installments.json", query: q("deal_ids", "501", "deal_ids", "502"),
			call: func(s *deals.Service) (any, error) {
				return collect(s.Installments(ctx, &deals.InstallmentListParams{DealIDs: []int64{501, 502}}))
			},
			check: func(t *testing.T, v any) {
				if is := v.([]*deals.Installment); len(is) != 1 || is[0].BillingDate != crm.NewDate(2026, 5, 10) {
					t.Errorf("installments = %+v", is)
				}
			}},
		{op: ops.V2GetInstallments, method: "InstallmentsPage", path: "/api/v2/deals/installments", fixture: "installments.json", query: q("deal_ids", "501", "sort_by", "billing_date"),
			call: func(s *deals.Service) (any, error) {
				return s.InstallmentsPage(ctx, &deals.InstallmentListParams{DealIDs: []int64{501}, SortBy: deals.InstallmentSortByBillingDate})
			}},
		{op: ops.V2PostInstallment, method: "AddInstallment", path: "/api/v2/deals/501/installments", fixture: "installment.json",
			body: `{"description":"First payment","amount":1500,"billing_date":"2026-05-10"}`,
			call: func(s *deals.Service) (any, error) {
				return s.AddInstallment(ctx, 501, &deals.InstallmentParams{Description: "First payment", Amount: 1500, BillingDate: crm.NewDate(2026, 5, 10)})
			}},
		{op: ops.V2UpdateInstallment, method: "UpdateInstallment", path: "/api/v2/deals/501/installments/61", fixture: "installment.json", body: `{"billing_date":"2026-06-10"}`,
			call: func(s *deals.Service) (any, error) {
				return s.UpdateInstallment(ctx, 501, 61, &deals.InstallmentUpdateParams{BillingDate: &crm.Date{Year: 2026, Month: 6, Day: 10}})
			}},
		{op: ops.V2DeleteInstallment, method: "DeleteInstallment", path: "/api/v2/deals/501/installments/61", fixture: "installment_deleted.json",
			call: func(s *deals.Service) (any, error) { return nil, s.DeleteInstallment(ctx, 501, 61) }},
		// --- conversion ---
		{op: ops.V2ConvertDealToLead, method: "ConvertToLead", path: "/api/v2/deals/501/convert/lead", fixture: "convert.json",
			call: func(s *deals.Service) (any, error) { return s.ConvertToLead(ctx, 501) },
			check: func(t *testing.T, v any) {
				if c := v.(*deals.Conversion); c.ConversionID != "5d3c2b1a-0f9e-4d8c-b7a6-1234567890ab" {
					t.Errorf("conversion = %+v", c)
				}
			}},
		{op: ops.V2GetDealConversionStatus, method: "ConversionStatus", path: "/api/v2/deals/501/convert/status/5d3c2b1a-0f9e-4d8c-b7a6-1234567890ab", fixture: "convert_status.json",
			call: func(s *deals.Service) (any, error) {
				return s.ConversionStatus(ctx, 501, "5d3c2b1a-0f9e-4d8c-b7a6-1234567890ab")
			},
			check: func(t *testing.T, v any) {
				if c := v.(*deals.ConversionStatus); c.Status != deals.ConversionCompleted || c.LeadID == "" {
					t.Errorf("status = %+v", c)
				}
			}},
		// --- field definitions ---
		{op: ops.V2GetDealFields, method: "Fields", path: "/api/v2/dealFields", fixture: "fields.json", query: q("include_fields", "ui_visibility,required_fields"),
			call: func(s *deals.Service) (any, error) {
				return collect(s.Fields(ctx, &crm.FieldListParams{IncludeFields: []crm.FieldInclude{crm.IncludeUIVisibility, crm.IncludeRequiredFields}}))
			},
			check: func(t *testing.T, v any) {
				fs := v.([]*crm.Field)
				if len(fs) != 6 || fs[2].Required == nil || fs[2].Required.Statuses["2"][0] != "won" || fs[2].UIVisibility.ShowInPipelines.PipelineIDs[0] != 2 || fs[1].Options[2].Key != "lost" {
					t.Errorf("fields = %+v", fs)
				}
			}},
		{op: ops.V2GetDealFields, method: "FieldsPage", path: "/api/v2/dealFields", fixture: "fields.json", query: q("limit", "10"),
			call: func(s *deals.Service) (any, error) { return s.FieldsPage(ctx, &crm.FieldListParams{Limit: 10}) }},
		{op: ops.V2GetDealField, method: "Field", path: "/api/v2/dealFields/" + tierCode, fixture: "field.json",
			call: func(s *deals.Service) (any, error) { return s.Field(ctx, tierCode, nil) },
			check: func(t *testing.T, v any) {
				if f := v.(*crm.Field); f.Type != crm.FieldTypeEnum || len(f.Options) != 3 || f.Options[0].AddTime == nil {
					t.Errorf("field = %+v", f)
				}
			}},
		{op: ops.V2AddDealField, method: "CreateField", path: "/api/v2/dealFields", fixture: "field.json",
			body: `{"field_name":"Tier","field_type":"enum","options":[{"label":"Starter"},{"label":"Enterprise"}],"ui_visibility":{"add_visible_flag":false}}`,
			call: func(s *deals.Service) (any, error) {
				return s.CreateField(ctx, &crm.CreateFieldParams{Name: "Tier", Type: crm.FieldTypeEnum, Options: []crm.NewFieldOption{{Label: "Starter"}, {Label: "Enterprise"}},
					UIVisibility: &crm.FieldUIVisibilityParams{AddVisible: pipedrive.Ptr(false)}})
			}},
		{op: ops.V2UpdateDealField, method: "UpdateField", path: "/api/v2/dealFields/" + tierCode, fixture: "field.json", body: `{"field_name":"Plan tier","description":""}`,
			call: func(s *deals.Service) (any, error) {
				return s.UpdateField(ctx, tierCode, &crm.UpdateFieldParams{Name: "Plan tier", Description: pipedrive.Ptr("")})
			}},
		{op: ops.V2DeleteDealField, method: "DeleteField", path: "/api/v2/dealFields/" + tierCode, fixture: "field.json",
			call: func(s *deals.Service) (any, error) { return nil, s.DeleteField(ctx, tierCode) }},
		{op: ops.V2AddDealFieldOptions, method: "AddFieldOptions", path: "/api/v2/dealFields/" + tierCode + "/options", fixture: "field_options.json", body: `[{"label":"Strategic"}]`,
			call: func(s *deals.Service) (any, error) { return s.AddFieldOptions(ctx, tierCode, "Strategic") },
			check: func(t *testing.T, v any) {
				if os := v.([]crm.FieldOption); len(os) != 1 || os[0].ID != 4 {
					t.Errorf("options = %+v", os)
				}
			}},
		{op: ops.V2UpdateDealFieldOptions, method: "UpdateFieldOptions", path: "/api/v2/dealFields/" + tierCode + "/options", fixture: "field_options.json", body: `[{"id":4,"label":"Key account"}]`,
			call: func(s *deals.Service) (any, error) {
				return s.UpdateFieldOptions(ctx, tierCode, crm.FieldOptionChange{ID: 4, Label: "Key account"})
			}},
		{op: ops.V2DeleteDealFieldOptions, method: "DeleteFieldOptions", path: "/api/v2/dealFields/" + tierCode + "/options", fixture: "field_options.json", body: `[{"id":4}]`,
			call: func(s *deals.Service) (any, error) { return s.DeleteFieldOptions(ctx, tierCode, 4) }},
		// --- v1 only ---
		{op: ops.V1GetDealsSummary, method: "Summary", path: "/v1/deals/summary", fixture: "summary.json", query: q("status", "open", "pipeline_id", "2"),
			call: func(s *deals.Service) (any, error) {
				return s.Summary(ctx, &deals.SummaryParams{Status: deals.StatusOpen, PipelineID: 2})
			},
			check: func(t *testing.T, v any) {
				if sm := v.(*deals.Summary); sm.TotalCount != 2 || sm.ValuesTotal["EUR"].Count != 2 || sm.WeightedValuesTotal["EUR"].Value != 25950.3 {
					t.Errorf("summary = %+v", sm)
				}
			}},
		{op: ops.V1GetArchivedDealsSummary, method: "ArchivedSummary", path: "/v1/deals/summary/archived", fixture: "summary.json",
			call: func(s *deals.Service) (any, error) { return s.ArchivedSummary(ctx, nil) }},
		{op: ops.V1GetDealsTimeline, method: "Timeline", path: "/v1/deals/timeline", fixture: "timeline.json",
			query: q("start_date", "2026-01-01", "interval", "month", "amount", "2", "field_key", "add_time"),
			call: func(s *deals.Service) (any, error) {
				return collect(s.Timeline(ctx, &deals.TimelineParams{StartDate: crm.NewDate(2026, 1, 1), Interval: deals.IntervalMonth, Amount: 2, FieldKey: "add_time"}))
			},
			check: func(t *testing.T, v any) {
				ps := v.([]*deals.TimelinePeriod)
				if len(ps) != 2 || len(ps[0].Deals) != 1 || ps[0].Totals.Values["EUR"] != 18250.5 || !ps[1].PeriodEnd.Equal(time.Date(2026, 2, 28, 23, 59, 59, 0, time.UTC)) {
					t.Errorf("timeline = %+v", ps)
				}
				checkV1Deal(t, &ps[0].Deals[0])
			}},
		{op: ops.V1GetArchivedDealsTimeline, method: "ArchivedTimeline", path: "/v1/deals/timeline/archived", fixture: "timeline.json",
			query: q("start_date", "2026-01-01", "interval", "week", "amount", "1", "field_key", "won_time", "exclude_deals", "1", "totals_convert_currency", "USD"),
			call: func(s *deals.Service) (any, error) {
				return s.ArchivedTimelinePage(ctx, &deals.TimelineParams{StartDate: crm.NewDate(2026, 1, 1), Interval: deals.IntervalWeek, Amount: 1, FieldKey: "won_time", ExcludeDeals: true, TotalsConvertCurrency: "USD"})
			}},
		{op: ops.V1GetDealChangelog, method: "Changelog", path: "/v1/deals/501/changelog", fixture: "changelog.json",
			call: func(s *deals.Service) (any, error) { return collect(s.Changelog(ctx, 501, nil)) },
			check: func(t *testing.T, v any) {
				es := v.([]*crm.ChangelogEntry)
				if len(es) != 2 || *es[0].NewValue != "18250.5" || *es[1].OldValue != "5" || es[1].NewValue != nil || !es[1].IsBulkUpdate ||
					!es[0].Time.Equal(time.Date(2026, 3, 10, 16, 42, 5, 0, time.UTC)) || es[1].ChangeSource != nil {
					t.Errorf("changelog = %+v", es)
				}
			}},
		{op: ops.V1GetDealChangelog, method: "ChangelogPage", path: "/v1/deals/501/changelog", fixture: "changelog.json", query: q("limit", "2"),
			call: func(s *deals.Service) (any, error) { return s.ChangelogPage(ctx, 501, &crm.PageParams{Limit: 2}) }},
		{op: ops.V1DuplicateDeal, method: "Duplicate", path: "/v1/deals/501/duplicate", fixture: "v1deal.json",
			call:  func(s *deals.Service) (any, error) { return s.Duplicate(ctx, 501) },
			check: func(t *testing.T, v any) { checkV1Deal(t, v.(*deals.V1Deal)) }},
		{op: ops.V1MergeDeals, method: "Merge", path: "/v1/deals/501/merge", fixture: "v1deal.json", body: `{"merge_with_id":777}`,
			then: [][3]string{{"GET", "/api/v2/deals/777", "deal.json"}},
			call: func(s *deals.Service) (any, error) { return s.Merge(ctx, 501, 777) },
			check: func(t *testing.T, v any) {
				// The survivor as the v2 get answers it (the fixture's).
				checkDeal(t, v.(*deals.Deal))
			}},
		{op: ops.V1GetDealFiles, method: "Files", path: "/v1/deals/501/files", fixture: "files.json", query: q("sort", "update_time"),
			call: func(s *deals.Service) (any, error) {
				return collect(s.Files(ctx, 501, &crm.FilesParams{Sort: crm.FileSortByUpdateTime}))
			},
			check: func(t *testing.T, v any) {
				fs := v.([]*crm.File)
				if len(fs) != 1 || fs[0].FileSize != 482113 || !fs[0].Active || fs[0].ProductID != 0 || fs[0].LeadID != "" ||
					!fs[0].AddTime.Equal(time.Date(2026, 3, 5, 14, 0, 0, 0, time.UTC)) {
					t.Errorf("files = %+v", fs)
				}
			}},
		{op: ops.V1GetDealFiles, method: "FilesPage", path: "/v1/deals/501/files", fixture: "files.json", query: q("start", "100", "limit", "100"),
			call: func(s *deals.Service) (any, error) {
				return s.FilesPage(ctx, 501, &crm.FilesParams{Start: 100, Limit: 100})
			}},
		{op: ops.V1GetDealUpdates, method: "Flow", path: "/v1/deals/501/flow", fixture: "flow.json", query: q("all_changes", "1", "items", "dealChange,file"),
			call: func(s *deals.Service) (any, error) {
				return collect(s.Flow(ctx, 501, &crm.FlowParams{AllChanges: true, Items: []string{"dealChange", "file"}}))
			},
			check: func(t *testing.T, v any) { checkFlow(t, v.([]*crm.FlowItem)) }},
		{op: ops.V1GetDealUpdates, method: "FlowPage", path: "/v1/deals/501/flow", fixture: "flow.json",
			call: func(s *deals.Service) (any, error) { return s.FlowPage(ctx, 501, nil) }},
		{op: ops.V1GetDealMailMessages, method: "MailMessages", path: "/v1/deals/501/mailMessages", fixture: "mail.json", query: q("include_body", "1"),
			call: func(s *deals.Service) (any, error) {
				return collect(s.MailMessages(ctx, 501, &crm.MailMessagesParams{IncludeBody: true}))
			},
			check: func(t *testing.T, v any) {
				// Two pages: the second request carried start=1.
				ms := v.([]*crm.MailMessageItem)
				if len(ms) != 2 || ms[0].Message.Subject != "Renewal terms" || !ms[0].Message.Read || ms[0].Message.IsDraft || !ms[0].Message.HasAttachments ||
					ms[0].Message.From[0].LinkedPersonID != 77 || ms[1].Message.ID != 43 || ms[0].Message.TemplateID != nil {
					t.Errorf("mail = %+v", ms)
				}
			}},
		{op: ops.V1GetDealMailMessages, method: "MailMessagesPage", path: "/v1/deals/501/mailMessages", fixture: "mail.json",
			call: func(s *deals.Service) (any, error) { return s.MailMessagesPage(ctx, 501, nil) },
			check: func(t *testing.T, v any) {
				if p := v.(*crm.Page[crm.MailMessageItem]); !p.More || p.NextStart != 1 {
					t.Errorf("page = %+v", p)
				}
			}},
		{op: ops.V1GetDealParticipants, method: "Participants", path: "/v1/deals/501/participants", fixture: "participants.json",
			call: func(s *deals.Service) (any, error) { return collect(s.Participants(ctx, 501, nil)) },
			check: func(t *testing.T, v any) {
				ps := v.([]*deals.Participant)
				if len(ps) != 1 {
					t.Fatalf("participants = %+v", ps)
				}
				p := ps[0]
				if p.ID != 2146 || p.PersonID != 77 || p.DealID != 501 || p.DealTitle == "" || p.AddedByUserID != 31 || p.Person == nil ||
					p.Person.OwnerID != 31 || p.Person.OrgID != 12 || p.Person.VisibleTo != crm.VisibleToCompany || p.Person.Phones[0].Value != "+358 40 123 4567" {
					t.Errorf("participant = %+v / %+v", p, p.Person)
				}
			}},
		{op: ops.V1GetDealParticipants, method: "ParticipantsPage", path: "/v1/deals/501/participants", fixture: "participants.json", query: q("start", "5"),
			call: func(s *deals.Service) (any, error) {
				return s.ParticipantsPage(ctx, 501, &crm.OffsetParams{Start: 5})
			}},
		{op: ops.V1AddDealParticipant, method: "AddParticipant", path: "/v1/deals/501/participants", fixture: "participant.json", body: `{"person_id":77}`,
			call: func(s *deals.Service) (any, error) { return s.AddParticipant(ctx, 501, 77) }},
		{op: ops.V1DeleteDealParticipant, method: "DeleteParticipant", path: "/v1/deals/501/participants/2146", fixture: "participant_deleted.json",
			call: func(s *deals.Service) (any, error) { return nil, s.DeleteParticipant(ctx, 501, 2146) }},
		{op: ops.V1GetDealParticipantsChangelog, method: "ParticipantsChangelog", path: "/v1/deals/501/participantsChangelog", fixture: "participants_changelog.json",
			call: func(s *deals.Service) (any, error) { return collect(s.ParticipantsChangelog(ctx, 501, nil)) },
			check: func(t *testing.T, v any) {
				if cs := v.([]*deals.ParticipantChange); len(cs) != 1 || cs[0].PersonID != 77 || cs[0].Time.IsZero() {
					t.Errorf("changes = %+v", cs)
				}
			}},
		{op: ops.V1GetDealParticipantsChangelog, method: "ParticipantsChangelogPage", path: "/v1/deals/501/participantsChangelog", fixture: "participants_changelog.json",
			call: func(s *deals.Service) (any, error) { return s.ParticipantsChangelogPage(ctx, 501, nil) }},
		{op: ops.V1GetDealUsers, method: "PermittedUsers", path: "/v1/deals/501/permittedUsers", fixture: "permitted.json",
			call: func(s *deals.Service) (any, error) { return s.PermittedUsers(ctx, 501) },
			check: func(t *testing.T, v any) {
				if ids := v.([]int64); !reflect.DeepEqual(ids, []int64{31, 44, 52}) {
					t.Errorf("ids = %v", ids)
				}
			}},
	}
}

func TestOperations(t *testing.T) {
	svcType := reflect.TypeOf(&deals.Service{})
	for _, c := range opCases() {
		t.Run(c.method, func(t *testing.T) {
			if _, ok := svcType.MethodByName(c.method); !ok {
				t.Fatalf("deals.Service has no method %s", c.method)
			}
			srv, svc := newServer(t)
			full := c.op.Version.Prefix() + c.op.Path
			if !templateRE(full).MatchString(c.path) {
				t.Fatalf("case path %s does not match the operation's template %s", c.path, full)
			}
			srv.route(c.op.Method, c.path, c.fixture)
			for _, th := range c.then {
				srv.route(th[0], th[1], th[2])
			}
			if c.method == "MailMessages" {
				srv.route(c.op.Method, c.path, "mail.json", "mail_last.json")
			}
			v, err := c.call(svc)
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			reqs := srv.requests()
			if len(reqs) == 0 {
				t.Fatal("no request sent")
			}
			r := reqs[0]
			if r.Method != c.op.Method || r.Path != c.path {
				t.Errorf("sent %s %s, want %s %s", r.Method, r.Path, c.op.Method, c.path)
			}
			if r.Token != "test-token" {
				t.Errorf("auth header = %q", r.Token)
			}
			want := c.query
			if want == nil {
				want = url.Values{}
			}
			if !reflect.DeepEqual(r.Query, want) {
				t.Errorf("query = %v, want %v", r.Query, want)
			}
			if !jsonEqual(t, r.Body, c.body) {
				t.Errorf("body = %s, want %s", r.Body, c.body)
			}
			if c.check != nil {
				c.check(t, v)
			}
			if c.method == "MailMessages" {
				if len(reqs) != 2 || reqs[1].Query.Get("start") != "1" {
					t.Errorf("second page request: %+v", reqs)
				}
			}
			if len(c.then) > 0 {
				if len(reqs) != 1+len(c.then) {
					t.Fatalf("%d requests, want %d", len(reqs), 1+len(c.then))
				}
				for i, th := range c.then {
					if r := reqs[1+i]; r.Method != th[0] || r.Path != th[1] || len(r.Query) != 0 {
						t.Errorf("request %d: %s %s?%v, want %s %s", 2+i, r.Method, r.Path, r.Query, th[0], th[1])
					}
				}
			}
		})
	}
}

// templateRE turns "/api/v2/deals/{id}/products/{product_attachment_id}"
// into a regexp matching concrete paths.
func templateRE(tmpl string) *regexp.Regexp {
	parts := regexp.MustCompile(`\{[^}]+\}`).Split(tmpl, -1)
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile("^" + strings.Join(parts, "[^/]+") + "$")
}

// TestOperationsTableCovered walks operations.tsv: every operation of the
// Deals, DealProducts, DealInstallments and DealFields tags that the
// package must implement has at least one case in opCases, and so a
// Service method that sends exactly that method and path.
func TestOperationsTableCovered(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "internal", "ops", "operations.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type row struct{ api, tag, method, path, id string }
	var rows []row
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 5 || c[0] == "api" {
			continue
		}
		switch c[1] {
		case "Deals", "DealProducts", "DealInstallments", "DealFields":
			rows = append(rows, row{c[0], c[1], c[2], c[3], c[4]})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	norm := func(p string) string { return regexp.MustCompile(`\{[^}]+\}`).ReplaceAllString(p, "{}") }
	v2 := map[string]bool{}
	for _, r := range rows {
		if r.api == "v2" {
			v2[r.method+" "+norm(r.path)] = true
		}
	}
	covered := map[string]bool{}
	for _, c := range opCases() {
		covered[c.op.Version.String()+" "+c.op.ID] = true
	}
	var need, v1 int
	for _, r := range rows {
		key := r.api + " " + r.id
		if r.api == "v1" {
			// A v1 operation is replaced when v2 has the same method and
			// path; v1's field definitions (numeric ids) are replaced as a
			// whole by v2's (field codes).
			if v2[r.method+" "+norm(r.path)] || r.tag == "DealFields" {
				if covered[key] {
					t.Errorf("%s %s %s has a v2 twin but the package calls v1", r.api, r.method, r.path)
				}
				continue
			}
			v1++
		}
		need++
		if !covered[key] {
			t.Errorf("no Service method covers %s %s %s (%s)", r.api, r.method, r.path, r.id)
		}
	}
	if need != 51 || v1 != 15 {
		t.Errorf("expected 36 v2 + 15 v1 operations, found %d (%d v1): has operations.tsv changed?", need, v1)
	}
}

func checkDeal(t *testing.T, d *deals.Deal) {
	t.Helper()
	if d.ID != 501 || d.Title != "Harbor Logistics renewal" || d.Value != 18250.5 || d.Status != deals.StatusOpen || d.VisibleTo != crm.VisibleToCompany {
		t.Errorf("deal = %+v", d)
	}
	if d.PersonID == nil || *d.PersonID != 77 || d.Probability == nil || *d.Probability != 60 || d.LostReason != nil || d.CloseTime != nil {
		t.Errorf("nullable fields wrong: %+v", d)
	}
	if !d.AddTime.Equal(time.Date(2026, 2, 3, 8, 15, 0, 0, time.UTC)) || d.UpdateTime == nil || d.ExpectedCloseDate != crm.NewDate(2026, 6, 30) {
		t.Errorf("times wrong: %v %v %v", d.AddTime, d.UpdateTime, d.ExpectedCloseDate)
	}
	if !reflect.DeepEqual(d.LabelIDs, []int64{4, 9}) || d.OriginID == nil || *d.OriginID != "erp-sync" {
		t.Errorf("labels/origin: %v %v", d.LabelIDs, d.OriginID)
	}
	if m, ok := d.CustomFields.Money(budgetCode); !ok || m != crm.Money(25000, "EUR") {
		t.Errorf("budget = %v %v", m, ok)
	}
	if id, ok := d.CustomFields.OptionID(tierCode); !ok || id != 3 {
		t.Errorf("tier = %v %v", id, ok)
	}
}

func checkV1Deal(t *testing.T, d *deals.V1Deal) {
	t.Helper()
	if d.ID != 777 || d.CreatorUserID != 31 || d.OwnerID != 44 || d.OwnerName != "Ben Lee" || d.PersonID != 77 || d.OrgID != 12 || d.VisibleTo != crm.VisibleToCompany {
		t.Errorf("v1 deal = %+v", d)
	}
	if !d.AddTime.Equal(time.Date(2026, 3, 11, 12, 30, 0, 0, time.UTC)) || d.LostTime != nil || d.LastOutgoingMailTime == nil || d.Label != "4,9" || d.NextActivityDate != crm.NewDate(2026, 3, 20) {
		t.Errorf("v1 deal times/labels: %+v", d)
	}
	if n, ok := d.CustomFields.Number(budgetCode); !ok || n != 25000 || len(d.CustomFields) != 2 {
		t.Errorf("v1 custom fields = %v", d.CustomFields)
	}
}

func checkFlow(t *testing.T, items []*crm.FlowItem) {
	t.Helper()
	if len(items) != 4 {
		t.Fatalf("flow = %+v", items)
	}
	ch, err := items[0].Change()
	if err != nil || ch.FieldKey != "value" || string(ch.NewValue) != "18250.5" || ch.IsBulkUpdate || ch.ChangeSource != "app" || !ch.LogTime.Equal(time.Date(2026, 3, 10, 16, 42, 5, 0, time.UTC)) {
		t.Errorf("change = %+v, %v", ch, err)
	}
	file, err := items[1].File()
	if err != nil || file.ID != 3301 {
		t.Errorf("file = %+v, %v", file, err)
	}
	if _, err := items[2].Change(); err == nil {
		t.Error("a note decoded as a change")
	}
	var note struct {
		Content string `json:"content"`
	}
	if err := items[2].Decode(&note); err != nil || note.Content != "Call went well" {
		t.Errorf("note = %+v, %v", note, err)
	}
	m, err := items[3].MailMessage()
	if err != nil || m.Subject != "Renewal terms" {
		t.Errorf("mail = %+v, %v", m, err)
	}
	if !items[0].Timestamp.Equal(time.Date(2026, 3, 10, 16, 42, 5, 0, time.UTC)) {
		t.Errorf("timestamp = %v", items[0].Timestamp)
	}
}
