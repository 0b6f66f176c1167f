package products_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/products"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// Every model decodes the spec's example for its operations with no
// member lost.
func TestModelsKeepEveryMember(t *testing.T) {
	one := func(fixture string, v any) {
		t.Run(fixture, func(t *testing.T) {
			resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, fixture), v)
		})
	}
	each := func(fixture string, mk func() any) {
		t.Run(fixture, func(t *testing.T) {
			var items []json.RawMessage
			require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, fixture), &items))
			require.NotEmpty(t, items)
			for _, it := range items {
				resourcetest.AssertNoFieldLost(t, it, mk())
			}
		})
	}
	one("products/product.json", &products.Product{})
	each("products/list.json", func() any { return &products.Product{} })
	one("products/variation.json", &products.Variation{})
	each("products/variations.json", func() any { return &products.Variation{} })
	one("products/image.json", &products.Image{})
	one("products/image_upload.json", &products.Image{})
	each("products/deals.json", func() any { return &products.Deal{} })
	each("products/files.json", func() any { return &crm.File{} })
	each("products/followers.json", func() any { return &crm.Follower{} })
	one("products/follower_add.json", &crm.Follower{})
	each("products/followers_changelog.json", func() any { return &crm.FollowerChange{} })
	each("products/fields.json", func() any { return &crm.Field{} })
	one("products/field.json", &crm.Field{})
	one("products/field_add.json", &crm.Field{})
	one("products/field_delete.json", &crm.Field{})
	each("products/field_options.json", func() any { return &crm.FieldOption{} })
	t.Run("products/search.json", func(t *testing.T) {
		var data struct {
			Items []json.RawMessage `json:"items"`
		}
		require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, "products/search.json"), &data))
		require.NotEmpty(t, data.Items)
		for _, it := range data.Items {
			resourcetest.AssertNoFieldLost(t, it, &crm.SearchResult[products.SearchItem]{})
		}
	})
}

// The v1 shape of a product, as webhook v1 payloads carry it, decodes
// into the same model.
func TestProductV1Shape(t *testing.T) {
	body := `{"id":4,"company_id":1938610,"name":"Pencil","code":"444","description":"","unit":"","tax":"19","category":"40",
		"active_flag":false,"selectable":1,"first_char":"p","visible_to":"3","owner_id":{"id":967055,"name":"Ann","value":967055},
		"files_count":null,"add_time":"2020-01-28 11:54:41","update_time":"2020-09-18 11:54:36",
		"prices":[{"id":7,"product_id":"4","price":"5.5","currency":"EUR","cost":2,"overhead_cost":1.5}],
		"0123456789abcdef0123456789abcdef01234567":"Oak"}`
	var p products.Product
	require.NoError(t, json.Unmarshal([]byte(body), &p))
	assert.Equal(t, int64(967055), p.OwnerID)
	assert.Equal(t, 19.0, p.Tax)
	assert.Equal(t, pipedrive.Ptr("40"), p.Category)
	assert.True(t, p.IsDeleted, "active_flag false")
	assert.True(t, p.IsLinkable, "selectable 1")
	assert.Equal(t, crm.VisibleToCompany, p.VisibleTo)
	assert.Equal(t, time.Date(2020, 1, 28, 11, 54, 41, 0, time.UTC), p.AddTime)
	assert.Equal(t, []products.Price{{ProductID: 4, Price: 5.5, Currency: "EUR", Cost: 2, DirectCost: pipedrive.Ptr(1.5)}}, p.Prices)
	s, ok := p.CustomFields.Text("0123456789abcdef0123456789abcdef01234567")
	assert.True(t, ok)
	assert.Equal(t, "Oak", s)

	// A numeric category comes back as text.
	require.NoError(t, json.Unmarshal([]byte(`{"id":1,"category":12,"custom_fields":null}`), &p))
	assert.Equal(t, pipedrive.Ptr("12"), p.Category)
	assert.Nil(t, p.CustomFields)
}

// Deal references decode from bare ids too, and a comma-joined label.
func TestDealVariants(t *testing.T) {
	var d products.Deal
	require.NoError(t, json.Unmarshal([]byte(`{"id":3,"creator_user_id":7,"user_id":"8","person_id":null,"org_id":12,
		"label":"4,5","active":1,"visible_to":3,"add_time":"2026-01-02T03:04:05Z","close_time":""}`), &d))
	assert.Equal(t, int64(7), d.Creator.ID)
	assert.Equal(t, int64(8), d.Owner.ID)
	assert.Nil(t, d.Person)
	require.NotNil(t, d.Org)
	assert.Equal(t, int64(12), d.Org.ID)
	assert.Equal(t, []int64{4, 5}, d.LabelIDs)
	assert.True(t, d.Active)
	assert.Nil(t, d.CloseTime)
	require.NoError(t, json.Unmarshal([]byte(`{"id":3,"label":[{"id":9,"label":"Hot"}]}`), &d))
	assert.Equal(t, []int64{9}, d.LabelIDs)
	require.NoError(t, json.Unmarshal([]byte(`{"id":3,"label":9}`), &d))
	assert.Equal(t, []int64{9}, d.LabelIDs)
	assert.Error(t, json.Unmarshal([]byte(`{"id":3,"label":"x"}`), &d))
}

// Included search prices of an unexpected shape are ignored, not fatal.
func TestSearchItemPrices(t *testing.T) {
	var it products.SearchItem
	require.NoError(t, json.Unmarshal([]byte(`{"id":1,"code":"P-1","prices":[{"price":3,"currency":"EUR"}]}`), &it))
	assert.Equal(t, "P-1", it.Code)
	assert.Equal(t, []products.Price{{Price: 3, Currency: "EUR"}}, it.Prices)
	require.NoError(t, json.Unmarshal([]byte(`{"id":1,"prices":{"EUR":3}}`), &it))
	assert.Nil(t, it.Prices)
}

// recorder is a server that counts requests and answers 200 with an empty
// object.
func recorder(t *testing.T) (*pipedrive.Client, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"success":true,"data":{}}`))
	}))
	t.Cleanup(srv.Close)
	return resourcetest.NewClient(t, srv.URL), &n
}

// Bad input is refused before anything is sent; the package's own checks
// match ErrInvalidParams.
func TestValidation(t *testing.T) {
	c, n := recorder(t)
	ctx := context.Background()
	png := strings.NewReader("png")
	invalid := map[string]error{}
	_, invalid["create nil"] = c.Products.Create(ctx, nil)
	_, invalid["create without name"] = c.Products.Create(ctx, &products.CreateParams{CustomFieldsByName: crm.FieldValues{"Material": "Wood"}})
	_, invalid["update nil"] = c.Products.Update(ctx, 1, nil)
	_, invalid["update id 0"] = c.Products.Update(ctx, 0, &products.UpdateParams{CustomFieldsByName: crm.FieldValues{"Material": "Wood"}})
	_, invalid["get id 0"] = c.Products.Get(ctx, 0)
	invalid["delete id 0"] = c.Products.Delete(ctx, 0)
	_, invalid["duplicate id 0"] = c.Products.Duplicate(ctx, 0)
	_, invalid["search nil"] = c.Products.SearchPage(ctx, nil)
	_, invalid["search without term"] = c.Products.SearchPage(ctx, &products.SearchParams{})
	_, invalid["variation nil"] = c.Products.CreateVariation(ctx, 1, nil)
	_, invalid["variation without name"] = c.Products.CreateVariation(ctx, 1, &products.VariationParams{})
	_, invalid["update variation 0"] = c.Products.UpdateVariation(ctx, 1, 0, &products.VariationUpdateParams{})
	invalid["delete variation 0"] = c.Products.DeleteVariation(ctx, 1, 0)
	_, invalid["upload nil"] = c.Products.UploadImage(ctx, 1, nil)
	_, invalid["upload without name"] = c.Products.UploadImage(ctx, 1, &products.ImageParams{Content: png})
	_, invalid["upload id 0"] = c.Products.UploadImage(ctx, 0, &products.ImageParams{Content: png, FileName: "a.png"})
	_, invalid["update image nil"] = c.Products.UpdateImage(ctx, 1, &products.ImageParams{FileName: "a.png"})
	_, invalid["deals of 0"] = c.Products.DealsPage(ctx, 0, nil)
	invalid["bulk delete 0"] = c.Products.DeleteFields(ctx, 0)
	for name, err := range invalid {
		assert.ErrorIs(t, err, core.ErrInvalidParams, name)
	}
	for _, err := range c.Products.Search(ctx, nil) {
		assert.ErrorIs(t, err, core.ErrInvalidParams, "search iterator")
	}
	// The shared follower and field shapes refuse these too (with errors
	// of their own).
	_, err := c.Products.AddFollower(ctx, 1, 0)
	assert.Error(t, err)
	_, err = c.Products.AddFieldOptions(ctx, "code")
	assert.Error(t, err)
	assert.Zero(t, n.Load(), "requests sent for invalid input")
}

// Every method returns (an error or a value) without panicking, for zero
// arguments, a nil context and odd answers.
func TestMethodsSurviveZeroArgs(t *testing.T) {
	for name, body := range map[string]string{
		"null-data": `{"success":true,"data":null}`, "empty-list": `{"success":true,"data":[]}`,
		"truncated": `{"success":true,"data":{"id":1`, "wrong-type": `{"success":true,"data":"x","additional_data":[]}`,
		"items-null": `{"success":true,"data":{"items":null},"additional_data":{"next_cursor":null}}`,
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(body))
			}))
			defer srv.Close()
			c, err := pipedrive.NewClient(auth.APIToken("t"), pipedrive.WithBaseURL(srv.URL),
				pipedrive.WithLimiter(ratelimit.Unlimited{}), pipedrive.WithMaxRetries(-1, -1))
			require.NoError(t, err)
			v := reflect.ValueOf(c.Products)
			for i := 0; i < v.NumMethod(); i++ {
				for _, ctx := range []context.Context{context.Background(), nil} {
					for _, id := range []int64{0, 1} {
						callZero(t, fmt.Sprintf("%s(ctx=%v,id=%d)", v.Type().Method(i).Name, ctx != nil, id), v.Method(i), ctx, id)
					}
				}
			}
		})
	}
}

func callZero(t *testing.T, label string, m reflect.Value, ctx context.Context, id int64) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s panicked: %v", label, r)
		}
	}()
	mt := m.Type()
	args := make([]reflect.Value, 0, mt.NumIn())
	for i := 0; i < mt.NumIn(); i++ {
		in := mt.In(i)
		switch {
		case mt.IsVariadic() && i == mt.NumIn()-1:
			args = append(args, reflect.Zero(in))
		case in == reflect.TypeFor[context.Context]():
			if ctx == nil {
				args = append(args, reflect.Zero(in))
			} else {
				args = append(args, reflect.ValueOf(ctx))
			}
		case in.Kind() == reflect.Int64:
			args = append(args, reflect.ValueOf(id))
		default:
			args = append(args, reflect.Zero(in))
		}
	}
	var out []reflect.Value
	if mt.IsVariadic() {
		out = m.CallSlice(args)
	} else {
		out = m.Call(args)
	}
	// Iterators are ranged over (through reflection) until they end.
	if len(out) == 1 && out[0].Kind() == reflect.Func && out[0].Type().CanSeq2() {
		n := 0
		for range out[0].Seq2() {
			if n++; n > 10 {
				t.Errorf("%s: an iterator over an odd answer does not end", label)
				break
			}
		}
	}
}

// The models encode back into shapes they decode, so that a cached copy
// (json.Marshal, then Unmarshal) keeps every value.
func TestModelsRoundTrip(t *testing.T) {
	check := func(fixture string, list bool, v, again any) {
		t.Helper()
		data := resourcetest.FixtureData(t, fixture)
		if list {
			var items []json.RawMessage
			require.NoError(t, json.Unmarshal(data, &items))
			data = items[0]
		}
		require.NoError(t, json.Unmarshal(data, v))
		b, err := json.Marshal(v)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, again), "%s", b)
		b2, err := json.Marshal(again)
		require.NoError(t, err)
		assert.JSONEq(t, string(b), string(b2), fixture)
		// Raw custom field values may differ in white space only.
		for _, x := range []any{v, again} {
			if f := reflect.ValueOf(x).Elem().FieldByName("CustomFields"); f.IsValid() {
				f.SetZero()
			}
		}
		assert.Equal(t, v, again, fixture)
	}
	check("products/product.json", false, &products.Product{}, &products.Product{})
	check("products/variation.json", false, &products.Variation{}, &products.Variation{})
	check("products/image.json", false, &products.Image{}, &products.Image{})
	check("products/deals.json", true, &products.Deal{}, &products.Deal{})
}
