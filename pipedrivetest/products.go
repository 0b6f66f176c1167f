package pipedrivetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// The product catalogue: products with prices, variations, one image each,
// followers, their field definitions (standard and custom) and the v1
// list of the deals a product is attached to. Products live in
// collections of their own (see collection.go), not in the store of
// deals, persons and organizations, so Seed, Object and WithCustomFields
// do not take them; their custom fields reuse the store's value checks
// (customField) with definitions kept in the "productFields" collection.

// productEntity names products in webhook deliveries.
const productEntity Entity = "product"

// The collections of the product catalogue.
const (
	collProducts        = "products"
	collVariations      = "productVariations"
	collImages          = "productImages"
	collFollowers       = "productFollowers"
	collFollowerChanges = "productFollowerChanges"
	collProductFields   = "productFields"
	// collDealProducts links deals and products (deal_id, product_id); the
	// fake of the deal-products routes should share it.
	collDealProducts = "dealProducts"
)

var collLabels = map[string]string{
	collProducts: "Product", collVariations: "Product variation", collImages: "Product image",
	collFollowers: "Follower", collFollowerChanges: "Follower change", collProductFields: "Product field",
	collDealProducts: "Deal product",
}

// productsColl returns one of the catalogue's collections.
func (s *Server) productsColl(name string) *collection {
	return s.collection(name, func() *collection { return &collection{label: collLabels[name]} })
}

// standardProductFields are the built-in product fields the definitions
// list before the custom ones: code, name, type.
var standardProductFields = [][3]string{
	{"name", "Name", "varchar"}, {"code", "Product code", "varchar"}, {"description", "Description", "text"},
	{"unit", "Unit", "varchar"}, {"tax", "Tax %", "double"}, {"category", "Category", "enum"},
	{"owner_id", "Owner", "user"}, {"visible_to", "Visible to", "visible_to"}, {"prices", "Price", "price_list"},
	{"billing_frequency", "Billing frequency", "billing_frequency"}, {"is_linkable", "Linkable to deals", "boolean"},
}

// productCategories are the options of the standard "category" field.
var productCategories = []string{"Hardware", "Software", "Services"}

// DefaultProductFields returns the custom product fields every server
// starts with unless WithoutDefaultCustomFields is given: a single-option
// "Material", a multiple-option "Colours", a date "Launch date" and a text
// "Datasheet". Their codes are FieldKey("product", name).
func DefaultProductFields() []Field {
	return []Field{
		{Name: "Material", Type: FieldEnum, Options: []string{"Wood", "Metal", "Plastic"}},
		{Name: "Colours", Type: FieldSet, Options: []string{"Red", "Green", "Blue"}},
		{Name: "Launch date", Type: FieldDate},
		{Name: "Datasheet", Type: FieldText},
	}
}

// productsRoutes builds the catalogue's collections, seeds the field
// definitions and registers the product operations.
func (s *Server) productsRoutes(op opRoute) {
	defs := s.productsColl(collProductFields)
	optionID := int64(0)
	for _, sf := range standardProductFields {
		d := object{
			"field_name": sf[1], "field_code": sf[0], "field_type": sf[2], "options": nil, "subfields": nil,
			"is_custom_field": false, "is_optional_response_field": false,
			"ui_visibility": map[string]any{"add_visible_flag": true, "details_visible_flag": true},
		}
		if sf[0] == "category" {
			opts := make([]any, len(productCategories))
			for i, l := range productCategories {
				optionID++
				opts[i] = map[string]any{"id": optionID, "label": l, "color": nil}
			}
			d["options"] = opts
		}
		defs.insert(d)
	}
	if !s.ccfg.noDefaultField {
		for _, f := range DefaultProductFields() {
			d := customDefinition(f, FieldKey(productEntity, f.Name), &optionID)
			defs.insert(d)
		}
	}

	op(ops.V2GetProducts, s.listProducts)
	op(ops.V2AddProduct, s.createProduct)
	op(ops.V2GetProduct, s.getProduct)
	op(ops.V2UpdateProduct, s.updateProduct)
	op(ops.V2DeleteProduct, s.deleteProduct)
	op(ops.V2DuplicateProduct, s.duplicateProduct)
	op(ops.V2SearchProducts, s.searchProducts)

	op(ops.V2GetProductVariations, s.listVariations)
	op(ops.V2AddProductVariation, s.createVariation)
	op(ops.V2UpdateProductVariation, s.updateVariation)
	op(ops.V2DeleteProductVariation, s.deleteVariation)

	op(ops.V2GetProductImage, s.getProductImage)
	op(ops.V2UploadProductImage, func(c *call) *reply { return s.putProductImage(c, false) })
	op(ops.V2UpdateProductImage, func(c *call) *reply { return s.putProductImage(c, true) })
	op(ops.V2DeleteProductImage, s.deleteProductImage)

	op(ops.V2GetProductFollowers, s.listProductFollowers)
	op(ops.V2AddProductFollower, s.addProductFollower)
	op(ops.V2DeleteProductFollower, s.deleteProductFollower)
	op(ops.V2GetProductFollowersChangelog, s.productFollowersChangelog)

	op(ops.V2GetProductFields, s.listProductFields)
	op(ops.V2GetProductField, s.getProductField)
	op(ops.V2AddProductField, s.createProductField)
	op(ops.V2UpdateProductField, s.updateProductField)
	op(ops.V2DeleteProductField, s.deleteProductField)
	op(ops.V2AddProductFieldOptions, func(c *call) *reply { return s.productFieldOptions(c, "add") })
	op(ops.V2UpdateProductFieldOptions, func(c *call) *reply { return s.productFieldOptions(c, "update") })
	op(ops.V2DeleteProductFieldOptions, func(c *call) *reply { return s.productFieldOptions(c, "delete") })

	op(ops.V1GetProductDeals, s.listProductDeals)
}

// customDefinition renders a custom field as the definitions list does,
// numbering its options from *optionID.
func customDefinition(f Field, key string, optionID *int64) object {
	cf := &customField{Field: f, key: key}
	for _, l := range f.Options {
		*optionID++
		cf.options = append(cf.options, fieldOption{ID: *optionID, Label: l})
	}
	d := cf.definition()
	d["ui_visibility"] = map[string]any{"add_visible_flag": true, "details_visible_flag": true}
	return d
}

// created turns a 200 reply into a 201, as Pipedrive answers creations.
func created(rp *reply) *reply {
	if rp.status == http.StatusOK {
		rp.status = http.StatusCreated
	}
	return rp
}

// productDefs returns the custom product fields, as the value checks of
// the store take them.
func (s *Server) productDefs() []*customField {
	var out []*customField
	for _, d := range s.productsColl(collProductFields).all() {
		if custom, _ := d["is_custom_field"].(bool); !custom {
			continue
		}
		out = append(out, fieldOfDefinition(d))
	}
	return out
}

// fieldOfDefinition reads a stored definition back into a customField.
func fieldOfDefinition(d object) *customField {
	name, _ := d["field_name"].(string)
	typ, _ := d["field_type"].(string)
	code, _ := d["field_code"].(string)
	f := &customField{Field: Field{Name: name, Type: FieldType(typ)}, key: code}
	opts, _ := d["options"].([]any)
	for _, o := range opts {
		m, _ := o.(map[string]any)
		id, _ := toInt64(m["id"])
		label, _ := m["label"].(string)
		f.options = append(f.options, fieldOption{ID: id, Label: label})
	}
	return f
}

// productCategoryIDs returns the ids of the standard category options.
func (s *Server) productCategoryIDs() []int64 {
	for _, d := range s.productsColl(collProductFields).all() {
		if d["field_code"] == "category" {
			var ids []int64
			for _, o := range fieldOfDefinition(d).options {
				ids = append(ids, o.ID)
			}
			return ids
		}
	}
	return nil
}

// priceList checks a prices array and returns it in stored form, each
// price tagged with owner (product_id or product_variation_id) = id.
func priceList(v any, owner string, id int64) ([]any, error) {
	arr, ok := v.([]any)
	if !ok {
		return nil, errors.New("prices expects an array of {currency, price, cost, direct_cost, notes}")
	}
	seen := map[string]bool{}
	out := make([]any, 0, len(arr))
	for i, x := range arr {
		m, ok := x.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("prices[%d] expects an object", i)
		}
		p := map[string]any{owner: id, "price": float64(0), "currency": "", "cost": float64(0), "direct_cost": nil, "notes": ""}
		for k, y := range m {
			switch k {
			case "currency":
				s, ok := y.(string)
				if !ok || len(s) != 3 {
					return nil, fmt.Errorf("prices[%d].currency expects a 3-letter code", i)
				}
				p[k] = strings.ToUpper(s)
			case "price", "cost":
				f, err := asNumber(y)
				if err != nil {
					return nil, fmt.Errorf("prices[%d].%s %w", i, k, err)
				}
				p[k] = f
			case "direct_cost":
				if y == nil {
					continue
				}
				f, err := asNumber(y)
				if err != nil {
					return nil, fmt.Errorf("prices[%d].direct_cost %w", i, err)
				}
				p[k] = f
			case "notes":
				s, ok := y.(string)
				if !ok && y != nil {
					return nil, fmt.Errorf("prices[%d].notes expects a string", i)
				}
				p[k] = s
			default:
				return nil, fmt.Errorf("prices[%d] has an unknown key %q", i, k)
			}
		}
		if _, ok := m["price"]; !ok {
			return nil, fmt.Errorf("prices[%d].price is required", i)
		}
		cur := p["currency"].(string)
		if cur == "" {
			return nil, fmt.Errorf("prices[%d].currency is required", i)
		}
		if seen[cur] {
			return nil, fmt.Errorf("prices has two prices in %s (one per currency)", cur)
		}
		seen[cur] = true
		out = append(out, p)
	}
	return out, nil
}

// retag returns a copy of a stored price list whose prices belong to id.
func retag(v any, owner string, id int64) []any {
	arr, _ := v.([]any)
	out := make([]any, len(arr))
	for i, x := range arr {
		m := maps.Clone(x.(map[string]any))
		m[owner] = id
		out[i] = m
	}
	return out
}

var billingFrequencies = []string{"one-time", "annually", "semi-annually", "quarterly", "monthly", "weekly"}

// applyProduct checks a create or update body and, only when all of it is
// valid, applies it to o (a copy the caller owns). Nothing is changed on
// error.
func (s *Server) applyProduct(o object, body map[string]any, creating bool) error {
	set := map[string]any{}
	var custom map[string]any
	id, _ := toInt64(o["id"])
	for k, v := range body {
		switch k {
		case "name", "code", "description", "unit":
			str, ok := v.(string)
			if !ok {
				return fmt.Errorf("%s expects a string", k)
			}
			if k == "name" && strings.TrimSpace(str) == "" {
				return errors.New("name cannot be an empty string")
			}
			set[k] = str
		case "tax":
			f, err := asNumber(v)
			if err != nil || f < 0 {
				return errors.New("tax expects a non-negative number")
			}
			set[k] = f
		case "category":
			if v == nil {
				set[k] = nil
				continue
			}
			n, err := asInt(v)
			if err != nil || !slices.Contains(s.productCategoryIDs(), n) {
				return errors.New("category expects the id of an option of the category product field")
			}
			set[k] = n
		case "owner_id":
			n, err := asInt(v)
			if err != nil || n <= 0 {
				return errors.New("owner_id expects a user id")
			}
			set[k] = n
		case "is_linkable":
			b, ok := v.(bool)
			if !ok {
				return errors.New("is_linkable expects a boolean")
			}
			set[k] = b
		case "visible_to":
			n, err := asInt(v)
			if err != nil || !slices.Contains([]int64{1, 3, 5, 7}, n) {
				return errors.New("visible_to must be 1, 3, 5 or 7")
			}
			set[k] = n
		case "prices":
			list, err := priceList(v, "product_id", id)
			if err != nil {
				return err
			}
			set[k] = list
		case "billing_frequency":
			str, ok := v.(string)
			if !ok || !slices.Contains(billingFrequencies, str) {
				return errors.New("billing_frequency must be one of " + strings.Join(billingFrequencies, ", "))
			}
			set[k] = str
		case "billing_frequency_cycles":
			if v == nil {
				set[k] = nil
				continue
			}
			n, err := asInt(v)
			if err != nil || n < 1 || n > 208 {
				return errors.New("billing_frequency_cycles expects an integer from 1 to 208, or null")
			}
			set[k] = n
		case "custom_fields":
			m, ok := v.(map[string]any)
			if !ok {
				return errors.New("custom_fields expects an object keyed by field code")
			}
			custom = m
		default:
			return fmt.Errorf("%s is not a property this endpoint accepts", k)
		}
	}
	if _, ok := set["name"]; creating && !ok {
		return errors.New("name is required")
	}
	defs := s.productDefs()
	cf := map[string]any{}
	for k, v := range custom {
		var f *customField
		for _, d := range defs {
			if d.key == k {
				f = d
			}
		}
		if f == nil {
			return fmt.Errorf("custom_fields: %s is not a custom product field (see /api/v2/productFields)", k)
		}
		cv, err := f.customValue(v, "USD")
		if err != nil {
			return fmt.Errorf("custom_fields: %s (%s) %w", k, f.Name, err)
		}
		cf[k] = cv
	}
	freq := o["billing_frequency"]
	if v, ok := set["billing_frequency"]; ok {
		freq = v
	}
	cycles := o["billing_frequency_cycles"]
	if v, ok := set["billing_frequency_cycles"]; ok {
		cycles = v
	} else if freq == "one-time" {
		cycles = nil // switching to one-time billing drops the cycles
		set["billing_frequency_cycles"] = nil
	}
	switch {
	case freq == "one-time" && cycles != nil:
		return errors.New("billing_frequency_cycles must be null when billing_frequency is one-time")
	case freq == "weekly" && cycles == nil:
		return errors.New("billing_frequency_cycles cannot be null when billing_frequency is weekly")
	}
	maps.Copy(o, set)
	stored, _ := o["custom_fields"].(map[string]any)
	next := maps.Clone(stored)
	if next == nil {
		next = map[string]any{}
	}
	maps.Copy(next, cf)
	o["custom_fields"] = next
	return nil
}

// renderProduct copies a stored product for a response: every current
// custom field (null when unset), or only those in only.
func renderProduct(o object, defs []*customField, only []string) object {
	out := maps.Clone(o)
	stored, _ := o["custom_fields"].(map[string]any)
	cf := map[string]any{}
	for _, d := range defs {
		if only != nil && !slices.Contains(only, d.key) {
			continue
		}
		cf[d.key] = stored[d.key]
	}
	out["custom_fields"] = cf
	return out
}

// productEvent delivers the webhooks of one product change.
func (s *Server) productEvent(action string, user int64, cur, prev object, now time.Time) {
	st := s.data
	st.mu.Lock()
	ps := s.eventsLocked(st, productEntity, action, user, cur, prev, now)
	st.mu.Unlock()
	s.deliver(ps)
}

func (s *Server) createProduct(c *call) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	now := v2Time(c.now)
	o := object{
		"name": "", "code": "", "description": "", "unit": "", "tax": float64(0), "category": nil,
		"is_linkable": true, "is_deleted": false, "visible_to": int64(3), "owner_id": c.user,
		"add_time": now, "update_time": now, "billing_frequency": "one-time", "billing_frequency_cycles": nil,
	}
	if err := s.applyProduct(o, body, true); err != nil {
		return badRequest(err.Error())
	}
	products := s.productsColl(collProducts)
	products.mu.Lock()
	id := products.next + 1
	o["id"] = id
	if _, ok := o["prices"]; ok {
		o["prices"] = retag(o["prices"], "product_id", id)
	} else {
		// Without prices: 0 in the user's default currency.
		o["prices"] = []any{map[string]any{"product_id": id, "price": float64(0), "currency": "USD", "cost": float64(0), "direct_cost": nil, "notes": ""}}
	}
	products.insertLocked(o)
	products.mu.Unlock()
	out := renderProduct(o, s.productDefs(), nil)
	s.productEvent("create", c.user, out, nil, c.now)
	return created(v2OK(out, nil))
}

// findProduct returns product id, or a 404 reply.
func (s *Server) findProduct(c *call) (object, *reply) {
	id, rp := pathID(c, "id")
	if rp != nil {
		return nil, rp
	}
	o, ok := s.productsColl(collProducts).find(id)
	if !ok {
		return nil, notFound("Product")
	}
	return o, nil
}

func (s *Server) getProduct(c *call) *reply {
	o, rp := s.findProduct(c)
	if rp != nil {
		return rp
	}
	return v2OK(renderProduct(o, s.productDefs(), nil), nil)
}

func (s *Server) updateProduct(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	products := s.productsColl(collProducts)
	prev, ok := products.find(id)
	if !ok {
		return notFound("Product")
	}
	next := clone(prev)
	if err := s.applyProduct(next, body, false); err != nil {
		return badRequest(err.Error())
	}
	next["update_time"] = v2Time(c.now)
	rp = products.mutate(id, func(object) *reply {
		products.objects[id] = next
		return nil
	})
	if rp != nil {
		return rp
	}
	defs := s.productDefs()
	out := renderProduct(next, defs, nil)
	s.productEvent("change", c.user, out, renderProduct(prev, defs, nil), c.now)
	return v2OK(out, nil)
}

func (s *Server) deleteProduct(c *call) *reply {
	o, rp := s.findProduct(c)
	if rp != nil {
		return rp
	}
	id := o["id"].(int64)
	products := s.productsColl(collProducts)
	if rp := products.mutate(id, func(object) *reply { delete(products.objects, id); return nil }); rp != nil {
		return rp
	}
	// What hangs on the product goes with it.
	for _, name := range []string{collVariations, collImages, collFollowers, collFollowerChanges, collDealProducts} {
		coll := s.productsColl(name)
		coll.mu.Lock()
		for k, v := range coll.objects {
			if pid, _ := v["product_id"].(int64); pid == id {
				delete(coll.objects, k)
			}
		}
		coll.mu.Unlock()
	}
	s.productEvent("delete", c.user, nil, renderProduct(o, s.productDefs(), nil), c.now)
	return v2OK(map[string]any{"id": id}, nil)
}

func (s *Server) duplicateProduct(c *call) *reply {
	o, rp := s.findProduct(c)
	if rp != nil {
		return rp
	}
	orig := o["id"].(int64)
	now := v2Time(c.now)
	cp := clone(o)
	delete(cp, "id")
	cp["add_time"], cp["update_time"], cp["owner_id"] = now, now, c.user
	products := s.productsColl(collProducts)
	products.mu.Lock()
	id := products.next + 1
	cp["id"] = id
	cp["prices"] = retag(o["prices"], "product_id", id)
	products.insertLocked(cp)
	products.mu.Unlock()
	vars := s.productsColl(collVariations)
	for _, v := range vars.all() {
		if v["product_id"] != orig {
			continue
		}
		vars.mu.Lock()
		vid := vars.next + 1
		nv := object{"id": vid, "name": v["name"], "product_id": id, "prices": retag(v["prices"], "product_variation_id", vid)}
		vars.insertLocked(nv)
		vars.mu.Unlock()
	}
	out := renderProduct(cp, s.productDefs(), nil)
	s.productEvent("create", c.user, out, nil, c.now)
	return created(v2OK(out, nil))
}

func (s *Server) listProducts(c *call) *reply {
	q := c.r.URL.Query()
	by := q.Get("sort_by")
	if by == "" {
		by = "id"
	}
	if !slices.Contains([]string{"id", "name", "add_time", "update_time"}, by) {
		return badRequest("sort_by must be id, name, add_time or update_time.")
	}
	dir := q.Get("sort_direction")
	if dir != "" && dir != "asc" && dir != "desc" {
		return badRequest("sort_direction must be asc or desc.")
	}
	var owner int64
	if v := q.Get("owner_id"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return badRequest("owner_id must be an integer.")
		}
		owner = n
	}
	var ids []int64
	if v := q.Get("ids"); v != "" && q.Get("filter_id") == "" {
		for _, part := range strings.Split(v, ",") {
			n, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
			if err != nil {
				return badRequest("ids must be a comma-separated list of integers.")
			}
			ids = append(ids, n)
		}
		if len(ids) > 100 {
			return badRequest("ids may name at most 100 products.")
		}
	}
	var since string
	if v := q.Get("updated_since"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return badRequest("updated_since must be an RFC 3339 time.")
		}
		since = v2Time(t)
	}
	var only []string
	if v := q.Get("custom_fields"); v != "" {
		if only = strings.Split(v, ","); len(only) > 15 {
			return badRequest("custom_fields may name at most 15 field codes.")
		}
	}
	defs := s.productDefs()
	var list []object
	for _, o := range s.productsColl(collProducts).all() {
		if owner != 0 && o["owner_id"] != owner {
			continue
		}
		if ids != nil && !slices.Contains(ids, o["id"].(int64)) {
			continue
		}
		if ut, _ := o["update_time"].(string); since != "" && ut < since {
			continue
		}
		list = append(list, renderProduct(o, defs, only))
	}
	sortObjects(list, by, dir == "desc")
	return pageV2(c, list)
}

var productSearchFields = []string{"code", "custom_fields", "name"}

func (s *Server) searchProducts(c *call) *reply {
	q := c.r.URL.Query()
	term := strings.TrimSpace(q.Get("term"))
	exact := q.Get("exact_match") == "true"
	if len([]rune(term)) < 2 && !(exact && term != "") {
		return badRequest("term must be at least 2 characters long (1 with exact_match).")
	}
	limit, rp := queryLimit(c)
	if rp != nil {
		return rp
	}
	fields := productSearchFields
	if v := q.Get("fields"); v != "" {
		fields = nil
		for _, f := range strings.Split(v, ",") {
			if f = strings.TrimSpace(f); !slices.Contains(productSearchFields, f) {
				return badRequest("fields may name only " + strings.Join(productSearchFields, ", ") + ".")
			}
			fields = append(fields, f)
		}
	}
	withPrices := false
	if v := q.Get("include_fields"); v != "" {
		if v != "product.price" {
			return badRequest("include_fields may only be product.price.")
		}
		withPrices = true
	}
	offset := 0
	if cs := q.Get("cursor"); cs != "" {
		var cur struct {
			Off  int    `json:"o"`
			Term string `json:"t"`
		}
		if !decodeCursor(cs, &cur) || cur.Term != term || cur.Off < 0 {
			return badRequest("The cursor is not valid for this request.")
		}
		offset = cur.Off
	}
	defs := s.productDefs()
	type hit struct {
		score float64
		item  map[string]any
	}
	var hits []hit
	for _, o := range s.productsColl(collProducts).all() {
		score := 0.0
		matched := []string{}
		for _, f := range fields {
			switch f {
			case "name", "code":
				text, _ := o[f].(string)
				score = max(score, match(text, term, exact))
			case "custom_fields":
				cf, _ := o["custom_fields"].(map[string]any)
				for _, d := range defs {
					if text := d.searchText(cf[d.key]); match(text, term, exact) > 0 {
						score = max(score, match(text, term, exact))
						matched = append(matched, text)
					}
				}
			}
		}
		if score == 0 {
			continue
		}
		item := map[string]any{
			"id": o["id"], "type": "product", "name": o["name"], "code": o["code"], "visible_to": o["visible_to"],
			"owner": map[string]any{"id": o["owner_id"]}, "custom_fields": matched,
		}
		if withPrices {
			item["prices"] = o["prices"]
		}
		hits = append(hits, hit{score, item})
	}
	slices.SortStableFunc(hits, func(a, b hit) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return int(a.item["id"].(int64) - b.item["id"].(int64))
	})
	hits = hits[min(offset, len(hits)):]
	var next any
	if len(hits) > limit {
		hits = hits[:limit]
		next = encodeCursor(map[string]any{"o": offset + limit, "t": term})
	}
	items := make([]any, len(hits))
	for i, h := range hits {
		items[i] = map[string]any{"result_score": h.score, "item": h.item}
	}
	return jsonReply(http.StatusOK, map[string]any{
		"success": true, "data": map[string]any{"items": items}, "additional_data": map[string]any{"next_cursor": next},
	})
}

// ofProduct returns the records of coll that belong to product id.
func (s *Server) ofProduct(coll string, id int64) []object {
	var out []object
	for _, o := range s.productsColl(coll).all() {
		if o["product_id"] == id {
			out = append(out, o)
		}
	}
	return out
}

func (s *Server) listVariations(c *call) *reply {
	p, rp := s.findProduct(c)
	if rp != nil {
		return rp
	}
	return pageV2(c, s.ofProduct(collVariations, p["id"].(int64)))
}

// variationBody checks a variation body and returns what it sets.
func variationBody(body map[string]any, id int64, creating bool) (map[string]any, error) {
	set := map[string]any{}
	for k, v := range body {
		switch k {
		case "name":
			str, ok := v.(string)
			if !ok || strings.TrimSpace(str) == "" || len([]rune(str)) > 255 {
				return nil, errors.New("name expects a string of 1 to 255 characters")
			}
			set[k] = str
		case "prices":
			list, err := priceList(v, "product_variation_id", id)
			if err != nil {
				return nil, err
			}
			set[k] = list
		default:
			return nil, fmt.Errorf("%s is not a property this endpoint accepts", k)
		}
	}
	if _, ok := set["name"]; creating && !ok {
		return nil, errors.New("name is required")
	}
	return set, nil
}

func (s *Server) createVariation(c *call) *reply {
	p, rp := s.findProduct(c)
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	set, err := variationBody(body, 0, true)
	if err != nil {
		return badRequest(err.Error())
	}
	vars := s.productsColl(collVariations)
	vars.mu.Lock()
	defer vars.mu.Unlock()
	id := vars.next + 1
	v := object{"id": id, "name": set["name"], "product_id": p["id"]}
	if prices, ok := set["prices"]; ok {
		v["prices"] = retag(prices, "product_variation_id", id)
	} else {
		v["prices"] = []any{map[string]any{"product_variation_id": id, "price": float64(0), "currency": "USD", "cost": float64(0), "direct_cost": float64(0), "notes": ""}}
	}
	vars.insertLocked(v)
	return created(v2OK(clone(v), nil))
}

// findVariation returns the variation of the path, which must belong to
// the path's product.
func (s *Server) findVariation(c *call) (object, *reply) {
	p, rp := s.findProduct(c)
	if rp != nil {
		return nil, rp
	}
	vid, rp := pathID(c, "product_variation_id")
	if rp != nil {
		return nil, rp
	}
	v, ok := s.productsColl(collVariations).find(vid)
	if !ok || v["product_id"] != p["id"] {
		return nil, notFound("Product variation")
	}
	return v, nil
}

func (s *Server) updateVariation(c *call) *reply {
	v, rp := s.findVariation(c)
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	id := v["id"].(int64)
	set, err := variationBody(body, id, false)
	if err != nil {
		return badRequest(err.Error())
	}
	vars := s.productsColl(collVariations)
	return vars.mutate(id, func(o object) *reply {
		next := clone(o)
		maps.Copy(next, set)
		vars.objects[id] = next
		return v2OK(clone(next), nil)
	})
}

func (s *Server) deleteVariation(c *call) *reply {
	v, rp := s.findVariation(c)
	if rp != nil {
		return rp
	}
	id := v["id"].(int64)
	vars := s.productsColl(collVariations)
	return vars.mutate(id, func(object) *reply {
		delete(vars.objects, id)
		return v2OK(map[string]any{"id": id}, nil)
	})
}

// imageOf returns the image of product id, if it has one.
func (s *Server) imageOf(id int64) (object, bool) {
	for _, im := range s.ofProduct(collImages, id) {
		return im, true
	}
	return nil, false
}

func (s *Server) getProductImage(c *call) *reply {
	p, rp := s.findProduct(c)
	if rp != nil {
		return rp
	}
	im, ok := s.imageOf(p["id"].(int64))
	if !ok {
		return notFound("Product image")
	}
	return v2OK(map[string]any{
		"id": im["id"], "product_id": im["product_id"], "company_id": im["company_id"], "add_time": im["add_time"],
		"mime_type": im["mime_type"], "name": im["name"],
		// Not served: the fake keeps only the image's name and size.
		"public_url": fmt.Sprintf("%s/pipedrivetest/product-images/%v/%v", s.URL, im["id"], im["name"]),
	}, nil)
}

// readImage reads the "data" part of a multipart upload, keeping only its
// name, type and size.
func readImage(r *http.Request) (name, mimeType string, size int64, rp *reply) {
	mr, err := r.MultipartReader()
	if err != nil {
		return "", "", 0, apiError(http.StatusUnsupportedMediaType, "Unsupported Media Type", "Send the image as multipart/form-data in the field data.")
	}
	found := false
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return "", "", 0, apiError(http.StatusRequestEntityTooLarge, "Request body too large", "Send at most 1 MiB.")
			}
			return "", "", 0, badRequest("The multipart body is malformed: " + err.Error())
		}
		if part.FormName() != "data" {
			_, _ = io.Copy(io.Discard, part)
			continue
		}
		n, err := io.Copy(io.Discard, part)
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return "", "", 0, apiError(http.StatusRequestEntityTooLarge, "Request body too large", "Send at most 1 MiB.")
			}
			return "", "", 0, badRequest("The multipart body is malformed: " + err.Error())
		}
		found, name, size = true, part.FileName(), n
		mimeType = part.Header.Get("Content-Type")
	}
	switch {
	case !found:
		return "", "", 0, badRequest("data is required: one image in the multipart field data.")
	case !strings.HasPrefix(mimeType, "image/"):
		return "", "", 0, badRequest("data must be an image (its part's Content-Type is " + strconv.Quote(mimeType) + ").")
	case size == 0:
		return "", "", 0, badRequest("data is empty.")
	}
	return name, mimeType, size, nil
}

// putProductImage uploads (replace false) or replaces an image.
func (s *Server) putProductImage(c *call, replace bool) *reply {
	p, rp := s.findProduct(c)
	if rp != nil {
		return rp
	}
	pid := p["id"].(int64)
	name, mimeType, size, rp := readImage(c.r)
	if rp != nil {
		return rp
	}
	images := s.productsColl(collImages)
	images.mu.Lock()
	defer images.mu.Unlock()
	var cur object
	for _, im := range images.objects {
		if im["product_id"] == pid {
			cur = im
		}
	}
	switch {
	case replace && cur == nil:
		return notFound("Product image")
	case !replace && cur != nil:
		return badRequest("The product already has an image; replace it with PUT.")
	}
	im := object{"product_id": pid, "company_id": strconv.FormatInt(s.company.id, 10), "add_time": c.now.UTC().Format(time.DateOnly),
		"name": name, "mime_type": mimeType, "size": size}
	if cur != nil {
		im["id"] = cur["id"]
	}
	id := images.insertLocked(im)
	out := map[string]any{"id": id, "product_id": pid, "company_id": im["company_id"], "add_time": im["add_time"]}
	if replace {
		return v2OK(out, nil)
	}
	return created(v2OK(out, nil))
}

func (s *Server) deleteProductImage(c *call) *reply {
	p, rp := s.findProduct(c)
	if rp != nil {
		return rp
	}
	im, ok := s.imageOf(p["id"].(int64))
	if !ok {
		return notFound("Product image")
	}
	id := im["id"].(int64)
	images := s.productsColl(collImages)
	return images.mutate(id, func(object) *reply {
		delete(images.objects, id)
		return v2OK(map[string]any{"id": id}, nil)
	})
}

func (s *Server) listProductFollowers(c *call) *reply {
	p, rp := s.findProduct(c)
	if rp != nil {
		return rp
	}
	var list []object
	for _, f := range s.ofProduct(collFollowers, p["id"].(int64)) {
		list = append(list, object{"user_id": f["user_id"], "add_time": f["add_time"]})
	}
	return pageV2(c, list)
}

func (s *Server) logFollowerChange(pid int64, action string, actor, follower int64, now time.Time) {
	s.productsColl(collFollowerChanges).insert(object{
		"product_id": pid, "action": action, "actor_user_id": actor, "follower_user_id": follower, "time": v2Time(now),
	})
}

func (s *Server) addProductFollower(c *call) *reply {
	p, rp := s.findProduct(c)
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	for k := range body {
		if k != "user_id" {
			return badRequest(k + " is not a property this endpoint accepts")
		}
	}
	user, err := asInt(body["user_id"])
	if err != nil || user <= 0 {
		return badRequest("user_id is required and must be a positive integer")
	}
	pid := p["id"].(int64)
	followers := s.productsColl(collFollowers)
	followers.mu.Lock()
	for _, f := range followers.objects {
		if f["product_id"] == pid && f["user_id"] == user {
			followers.mu.Unlock()
			return badRequest("The user already follows the product")
		}
	}
	f := object{"product_id": pid, "user_id": user, "add_time": v2Time(c.now)}
	followers.insertLocked(f)
	followers.mu.Unlock()
	s.logFollowerChange(pid, "added", c.user, user, c.now)
	return created(v2OK(map[string]any{"user_id": user, "add_time": f["add_time"]}, nil))
}

func (s *Server) deleteProductFollower(c *call) *reply {
	p, rp := s.findProduct(c)
	if rp != nil {
		return rp
	}
	user, rp := pathID(c, "follower_id")
	if rp != nil {
		return rp
	}
	pid := p["id"].(int64)
	followers := s.productsColl(collFollowers)
	followers.mu.Lock()
	found := false
	for k, f := range followers.objects {
		if f["product_id"] == pid && f["user_id"] == user {
			delete(followers.objects, k)
			found = true
		}
	}
	followers.mu.Unlock()
	if !found {
		return notFound("Follower")
	}
	s.logFollowerChange(pid, "removed", c.user, user, c.now)
	return v2OK(map[string]any{"user_id": user}, nil)
}

func (s *Server) productFollowersChangelog(c *call) *reply {
	p, rp := s.findProduct(c)
	if rp != nil {
		return rp
	}
	var list []object
	for _, ch := range s.ofProduct(collFollowerChanges, p["id"].(int64)) {
		list = append(list, object{"action": ch["action"], "actor_user_id": ch["actor_user_id"],
			"follower_user_id": ch["follower_user_id"], "time": ch["time"]})
	}
	return pageV2(c, list)
}

// renderDefinition copies a stored definition for a response: without
// the collection's id, and with ui_visibility only when asked for.
func renderDefinition(d object, withUI bool) object {
	out := maps.Clone(d)
	delete(out, "id")
	if !withUI {
		delete(out, "ui_visibility")
	}
	return out
}

// fieldIncludes reads include_fields of the field endpoints.
func fieldIncludes(c *call) (ui bool, rp *reply) {
	for _, v := range strings.Split(c.r.URL.Query().Get("include_fields"), ",") {
		switch strings.TrimSpace(v) {
		case "":
		case "ui_visibility":
			ui = true
		default:
			return false, badRequest("include_fields may only be ui_visibility.")
		}
	}
	return ui, nil
}

func (s *Server) listProductFields(c *call) *reply {
	ui, rp := fieldIncludes(c)
	if rp != nil {
		return rp
	}
	var list []object
	for _, d := range s.productsColl(collProductFields).all() {
		list = append(list, renderDefinition(d, ui))
	}
	return pageV2(c, list)
}

// findProductField returns the stored definition of the path's code.
func (s *Server) findProductField(c *call) (object, *reply) {
	code := c.r.PathValue("field_code")
	for _, d := range s.productsColl(collProductFields).all() {
		if d["field_code"] == code {
			return d, nil
		}
	}
	return nil, notFound("Product field")
}

func (s *Server) getProductField(c *call) *reply {
	ui, rp := fieldIncludes(c)
	if rp != nil {
		return rp
	}
	d, rp := s.findProductField(c)
	if rp != nil {
		return rp
	}
	return v2OK(renderDefinition(d, ui), nil)
}

// uiVisibility checks a ui_visibility body member and merges it into cur.
func uiVisibility(v any, cur any) (map[string]any, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("ui_visibility expects an object")
	}
	out, _ := cur.(map[string]any)
	out = maps.Clone(out)
	if out == nil {
		out = map[string]any{"add_visible_flag": false, "details_visible_flag": true}
	}
	for k, x := range m {
		b, ok := x.(bool)
		if !ok || (k != "add_visible_flag" && k != "details_visible_flag") {
			return nil, fmt.Errorf("ui_visibility.%s is not a flag product fields have", k)
		}
		out[k] = b
	}
	return out, nil
}

// creatableProductTypes are the custom field types the fake creates (those
// whose values it can check).
var creatableProductTypes = []FieldType{FieldVarchar, FieldText, FieldPhone, FieldDouble, FieldMonetary,
	FieldEnum, FieldSet, FieldDate, FieldDateRange, FieldTime}

func (s *Server) createProductField(c *call) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	var f Field
	var ui map[string]any
	for k, v := range body {
		switch k {
		case "field_name":
			str, ok := v.(string)
			if !ok || strings.TrimSpace(str) == "" || len([]rune(str)) > 255 {
				return badRequest("field_name expects a string of 1 to 255 characters")
			}
			f.Name = str
		case "field_type":
			str, _ := v.(string)
			f.Type = FieldType(str)
			if !slices.Contains(creatableProductTypes, f.Type) {
				return badRequest(fmt.Sprintf("field_type %q is not one pipedrivetest creates", str))
			}
		case "options":
			arr, ok := v.([]any)
			if !ok {
				return badRequest("options expects an array of {label}")
			}
			for _, x := range arr {
				m, _ := x.(map[string]any)
				label, _ := m["label"].(string)
				if strings.TrimSpace(label) == "" {
					return badRequest("options expects an array of {label}")
				}
				f.Options = append(f.Options, label)
			}
		case "ui_visibility":
			var err error
			if ui, err = uiVisibility(v, nil); err != nil {
				return badRequest(err.Error())
			}
		default:
			return badRequest(k + " is not a property this endpoint accepts")
		}
	}
	if f.Name == "" || f.Type == "" {
		return badRequest("field_name and field_type are required")
	}
	if err := f.validate(); err != nil {
		return badRequest(strings.TrimPrefix(err.Error(), errBadOption.Error()+": "))
	}
	defs := s.productsColl(collProductFields)
	defs.mu.Lock()
	defer defs.mu.Unlock()
	optionID := int64(0)
	for _, d := range defs.objects {
		for _, o := range fieldOfDefinition(d).options {
			optionID = max(optionID, o.ID)
		}
	}
	d := customDefinition(f, FieldKey(productEntity, fmt.Sprintf("%s\x00%d", f.Name, defs.next+1)), &optionID)
	if ui != nil {
		d["ui_visibility"] = ui
	}
	defs.insertLocked(d)
	return v2OK(renderDefinition(d, true), nil)
}

// mutateCustomField runs f on the stored custom definition of the path's
// code, under the collection's lock.
func (s *Server) mutateCustomField(c *call, f func(defs *collection, id int64, d object) *reply) *reply {
	d, rp := s.findProductField(c)
	if rp != nil {
		return rp
	}
	if custom, _ := d["is_custom_field"].(bool); !custom {
		return badRequest("Standard product fields cannot be changed or deleted.")
	}
	defs := s.productsColl(collProductFields)
	id := d["id"].(int64)
	return defs.mutate(id, func(cur object) *reply { return f(defs, id, cur) })
}

func (s *Server) updateProductField(c *call) *reply {
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	if len(body) == 0 {
		return badRequest("Send field_name or ui_visibility.")
	}
	return s.mutateCustomField(c, func(defs *collection, id int64, cur object) *reply {
		next := maps.Clone(cur)
		for k, v := range body {
			switch k {
			case "field_name":
				str, ok := v.(string)
				if !ok || strings.TrimSpace(str) == "" || len([]rune(str)) > 255 {
					return badRequest("field_name expects a string of 1 to 255 characters")
				}
				next[k] = str
			case "ui_visibility":
				ui, err := uiVisibility(v, cur["ui_visibility"])
				if err != nil {
					return badRequest(err.Error())
				}
				next[k] = ui
			default:
				return badRequest(k + " is not a property this endpoint accepts")
			}
		}
		defs.objects[id] = next
		return v2OK(renderDefinition(next, true), nil)
	})
}

func (s *Server) deleteProductField(c *call) *reply {
	return s.mutateCustomField(c, func(defs *collection, id int64, cur object) *reply {
		delete(defs.objects, id)
		return v2OK(renderDefinition(cur, false), nil)
	})
}

// decodeList reads a JSON array body, keeping numbers exact.
func decodeList(r *http.Request) ([]map[string]any, *reply) {
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, apiError(http.StatusRequestEntityTooLarge, "Request body too large", "Send at most 1 MiB.")
		}
		return nil, badRequest("The request body could not be read.")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var list []map[string]any
	if err := dec.Decode(&list); err != nil || dec.More() || len(list) == 0 {
		return nil, badRequest("The request body must be a non-empty JSON array of objects.")
	}
	return list, nil
}

// productFieldOptions adds, relabels or deletes options of a custom enum
// or set field, and answers with the field's options after the change.
func (s *Server) productFieldOptions(c *call, verb string) *reply {
	list, rp := decodeList(c.r)
	if rp != nil {
		return rp
	}
	return s.mutateCustomField(c, func(defs *collection, id int64, cur object) *reply {
		f := fieldOfDefinition(cur)
		if f.Type != FieldEnum && f.Type != FieldSet {
			return badRequest("Only enum and set fields have options.")
		}
		opts := slices.Clone(f.options)
		index := func(m map[string]any) (int, *reply) {
			oid, err := asInt(m["id"])
			if err != nil {
				return 0, badRequest("Each option needs an integer id.")
			}
			i := slices.IndexFunc(opts, func(o fieldOption) bool { return o.ID == oid })
			if i < 0 {
				return 0, badRequest(fmt.Sprintf("The field has no option with id %d.", oid))
			}
			return i, nil
		}
		next := int64(0)
		for _, d := range defs.objects {
			for _, o := range fieldOfDefinition(d).options {
				next = max(next, o.ID)
			}
		}
		for _, m := range list {
			label, _ := m["label"].(string)
			switch verb {
			case "add":
				if strings.TrimSpace(label) == "" {
					return badRequest("Each option needs a label.")
				}
				next++
				opts = append(opts, fieldOption{ID: next, Label: label})
			case "update":
				i, rp := index(m)
				if rp != nil {
					return rp
				}
				if strings.TrimSpace(label) == "" {
					return badRequest("Each option needs a label.")
				}
				opts[i].Label = label
			case "delete":
				i, rp := index(m)
				if rp != nil {
					return rp
				}
				opts = slices.Delete(opts, i, i+1)
			}
		}
		rendered := make([]any, len(opts))
		for i, o := range opts {
			rendered[i] = map[string]any{"id": o.ID, "label": o.Label, "color": nil}
		}
		nd := maps.Clone(cur)
		nd["options"] = rendered
		if len(opts) == 0 {
			nd["options"] = nil
		}
		defs.objects[id] = nd
		out := make([]any, len(opts))
		for i, o := range opts {
			out[i] = map[string]any{"id": o.ID, "label": o.Label}
		}
		return jsonReply(http.StatusOK, map[string]any{"success": true, "data": out, "additional_data": nil})
	})
}

// SeedDealProduct attaches product productID to deal dealID as if a
// client had added it to the deal, without spending any limit or counting
// a request; the v1 list of the product's deals (GET
// /v1/products/{id}/deals) then reports the deal. Both must exist.
func (s *Server) SeedDealProduct(dealID, productID int64) error {
	if _, ok := s.Object(Deal, dealID); !ok {
		return fmt.Errorf("pipedrivetest: seed deal product: no deal %d", dealID)
	}
	if _, ok := s.productsColl(collProducts).find(productID); !ok {
		return fmt.Errorf("pipedrivetest: seed deal product: no product %d", productID)
	}
	s.productsColl(collDealProducts).insert(object{"deal_id": dealID, "product_id": productID})
	return nil
}

var productDealStatuses = []string{"open", "won", "lost", "deleted", "all_not_deleted"}

func (s *Server) listProductDeals(c *call) *reply {
	p, rp := s.findProduct(c)
	if rp != nil {
		return rp
	}
	status := c.r.URL.Query().Get("status")
	if status == "" {
		status = "all_not_deleted"
	}
	if !slices.Contains(productDealStatuses, status) {
		return badRequest("status must be one of " + strings.Join(productDealStatuses, ", ") + ".")
	}
	var dealIDs []int64
	counts := map[int64]int{}
	for _, l := range s.productsColl(collDealProducts).all() {
		did := l["deal_id"].(int64)
		counts[did]++
		if l["product_id"] == p["id"] && !slices.Contains(dealIDs, did) {
			dealIDs = append(dealIDs, did)
		}
	}
	slices.Sort(dealIDs)
	st := s.data
	st.mu.Lock()
	var list []object
	for _, did := range dealIDs {
		o := st.objects[Deal][did]
		if o == nil {
			continue // deleted deals are gone from the fake
		}
		if status != "all_not_deleted" && o["status"] != status {
			continue
		}
		list = append(list, v1DealOf(st, o, counts[did]))
	}
	st.mu.Unlock()
	return pageV1(c, list)
}

// v1TimeOf turns a stored v2 timestamp into v1's form (nil stays nil).
func v1TimeOf(v any) any {
	str, ok := v.(string)
	if !ok || str == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339, str)
	if err != nil {
		return str
	}
	return v1Time(t)
}

func v1UserRef(id int64) map[string]any {
	return map[string]any{"id": id, "name": userName(id), "email": "user" + strconv.FormatInt(id, 10) + "@example.com",
		"has_pic": false, "pic_hash": nil, "active_flag": true, "value": id}
}

// v1DealOf renders a stored deal in v1's shape, as the v1 deal lists do.
// Callers hold st.mu.
func v1DealOf(st *store, o object, products int) object {
	owner, _ := o["owner_id"].(int64)
	creator, _ := o["creator_user_id"].(int64)
	d := object{
		"id": o["id"], "title": o["title"], "creator_user_id": v1UserRef(creator), "user_id": v1UserRef(owner),
		"person_id": nil, "org_id": nil, "person_name": nil, "org_name": nil, "owner_name": userName(owner),
		"stage_id": o["stage_id"], "pipeline_id": o["pipeline_id"], "stage_order_nr": o["stage_id"],
		"value": o["value"], "currency": o["currency"], "status": o["status"], "active": o["status"] == "open",
		"deleted": o["is_deleted"], "is_archived": o["is_archived"], "probability": o["probability"],
		"lost_reason": o["lost_reason"], "expected_close_date": o["expected_close_date"],
		"next_activity_date": nil, "next_activity_time": nil, "next_activity_id": nil, "last_activity_id": nil,
		"last_activity_date": nil, "next_activity_subject": nil, "next_activity_type": nil,
		"next_activity_duration": nil, "next_activity_note": nil,
		"products_count": products, "files_count": 0, "notes_count": 0, "followers_count": 0, "email_messages_count": 0,
		"activities_count": 0, "done_activities_count": 0, "undone_activities_count": 0, "participants_count": 0,
		"formatted_value": fmt.Sprintf("%v %v", o["value"], o["currency"]), "weighted_value": o["value"],
		"formatted_weighted_value": fmt.Sprintf("%v %v", o["value"], o["currency"]), "weighted_value_currency": o["currency"],
		"cc_email": fmt.Sprintf("pipedrivetest+deal%v@pipedrivemail.com", o["id"]), "org_hidden": false, "person_hidden": false,
		"origin": o["origin"], "origin_id": o["origin_id"], "channel": o["channel"], "channel_id": o["channel_id"],
		"arr": o["arr"], "mrr": o["mrr"], "acv": o["acv"], "arr_currency": nil, "mrr_currency": nil, "acv_currency": nil,
		"label": nil, "rotten_time": nil, "last_incoming_mail_time": nil, "last_outgoing_mail_time": nil,
	}
	if v, ok := o["visible_to"].(int64); ok {
		d["visible_to"] = strconv.FormatInt(v, 10)
	}
	for _, k := range []string{"add_time", "update_time", "stage_change_time", "close_time", "won_time", "lost_time"} {
		d[k] = v1TimeOf(o[k])
	}
	d["first_won_time"] = d["won_time"]
	if ids, _ := o["label_ids"].([]int64); len(ids) > 0 {
		parts := make([]string, len(ids))
		for i, id := range ids {
			parts[i] = strconv.FormatInt(id, 10)
		}
		d["label"] = strings.Join(parts, ",")
	}
	if pid, ok := o["person_id"].(int64); ok {
		if p := st.objects[Person][pid]; p != nil {
			d["person_id"] = map[string]any{"active_flag": true, "name": p["name"], "email": p["emails"], "phone": p["phones"],
				"owner_id": p["owner_id"], "value": pid}
			d["person_name"] = p["name"]
		}
	}
	if oid, ok := o["org_id"].(int64); ok {
		if org := st.objects[Organization][oid]; org != nil {
			people := 0
			for _, p := range st.objects[Person] {
				if p["org_id"] == oid {
					people++
				}
			}
			var addr any
			if a, ok := org["address"].(map[string]any); ok {
				addr = a["value"]
			}
			d["org_id"] = map[string]any{"name": org["name"], "people_count": people, "owner_id": org["owner_id"],
				"address": addr, "active_flag": true, "cc_email": fmt.Sprintf("pipedrivetest+org%d@pipedrivemail.com", oid), "value": oid}
			d["org_name"] = org["name"]
		}
	}
	// v1 puts custom fields at the top level.
	cf, _ := o["custom_fields"].(map[string]any)
	for k, v := range cf {
		d[k] = v
	}
	return d
}
