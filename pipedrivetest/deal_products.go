package pipedrivetest

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// dealProductRoutes registers the v2 products of deals: the attachments
// of products to deals, kept in the products family's "dealProducts"
// collection (which the v1 list of a product's deals reads too). A deal
// with products is worth their total, as in Pipedrive.
func (s *Server) dealProductRoutes(op opRoute) {
	op(ops.V2GetDealProducts, s.listDealProducts)
	op(ops.V2GetDealsProducts, s.listDealsProducts)
	op(ops.V2AddDealProduct, s.addDealProduct)
	op(ops.V2AddManyDealProducts, s.addDealProducts)
	op(ops.V2UpdateDealProduct, s.updateDealProduct)
	op(ops.V2DeleteDealProduct, s.deleteDealProduct)
	op(ops.V2DeleteManyDealProducts, s.deleteDealProducts)
}

// dealProductProps are what an attachment body may set: their kinds.
var dealProductProps = map[string]prop{
	"product_id": {kind: pInt}, "item_price": {kind: pNumber}, "quantity": {kind: pNumber},
	"tax": {kind: pNumber}, "discount": {kind: pNumber}, "comments": {kind: pString}, "is_enabled": {kind: pBool},
	"product_variation_id":     {kind: pInt, nullable: true},
	"tax_method":               {kind: pString, enum: []string{"exclusive", "inclusive", "none"}},
	"discount_type":            {kind: pString, enum: []string{"percentage", "amount"}},
	"billing_frequency":        {kind: pString, enum: []string{"one-time", "annually", "semi-annually", "quarterly", "monthly", "weekly"}},
	"billing_frequency_cycles": {kind: pInt, nullable: true}, "billing_start_date": {kind: pDate, nullable: true},
}

// dealOf returns deal id's currency, or a 404.
func (s *Server) dealOf(id int64) (string, *reply) {
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	d := st.objects[Deal][id]
	if d == nil {
		return "", notFound("Deal")
	}
	cur, _ := d["currency"].(string)
	return cur, nil
}

// attachment checks a body and applies it to a (a new or stored
// attachment), computing its sum.
func (s *Server) attachment(a object, body map[string]any, creating bool) *reply {
	for k, v := range body {
		p, ok := dealProductProps[k]
		if !ok {
			return badRequest(k + " is not a property this endpoint accepts")
		}
		cv, err := p.convert(v)
		if err != nil {
			return badRequest(fmt.Sprintf("%s %v", k, err))
		}
		a[k] = cv
	}
	if creating {
		for _, k := range []string{"product_id", "item_price", "quantity"} {
			if _, ok := body[k]; !ok {
				return badRequest(k + " is required")
			}
		}
	}
	if p, ok := s.productsColl(collProducts).find(plInt64(a["product_id"])); ok {
		a["name"] = p["name"]
	} else {
		return badRequest(fmt.Sprintf("product_id %v does not name an existing product", a["product_id"]))
	}
	price, _ := a["item_price"].(float64)
	qty, _ := a["quantity"].(float64)
	if qty <= 0 {
		return badRequest("quantity must be positive")
	}
	sum := price * qty
	disc, _ := a["discount"].(float64)
	if a["discount_type"] == "amount" {
		sum -= disc
	} else {
		sum *= 1 - disc/100
	}
	if tax, _ := a["tax"].(float64); a["tax_method"] == "exclusive" {
		sum *= 1 + tax/100
	}
	a["sum"] = math.Round(sum*100) / 100
	return nil
}

// newAttachment is an attachment's members before its body applies.
func newAttachment(dealID int64, currency string, c *call) object {
	now := v2Time(c.now)
	return object{"deal_id": dealID, "product_variation_id": nil, "order_nr": nil, "tax": float64(0),
		"tax_method": "inclusive", "discount": float64(0), "discount_type": "percentage", "currency": currency,
		"comments": "", "is_enabled": true, "billing_frequency": "one-time", "billing_frequency_cycles": nil,
		"billing_start_date": nil, "add_time": now, "update_time": nil}
}

// renderAttachment fills the members of attachments seeded with
// SeedDealProduct, which hold only their links.
func (s *Server) renderAttachment(a object) object {
	if _, ok := a["sum"]; ok {
		return a
	}
	out := newAttachment(plInt64(a["deal_id"]), "USD", &call{})
	out["id"], out["product_id"], out["item_price"], out["quantity"], out["sum"] = a["id"], a["product_id"], float64(0), float64(1), float64(0)
	out["add_time"] = nil
	if p, ok := s.productsColl(collProducts).find(plInt64(a["product_id"])); ok {
		out["name"] = p["name"]
	}
	return out
}

// revalue sets deal id's value to its products' total, when it has any.
func (s *Server) revalue(id int64, c *call) {
	var total float64
	n := 0
	for _, a := range s.productsColl(collDealProducts).all() {
		if plInt64(a["deal_id"]) == id {
			sum, _ := a["sum"].(float64)
			total += sum
			n++
		}
	}
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	if d := st.objects[Deal][id]; d != nil && n > 0 {
		d["value"], d["update_time"] = math.Round(total*100)/100, v2Time(c.now)
	}
}

// attachmentsOf returns the attachments of the deals in ids, sorted as the
// query asks.
func (s *Server) attachmentsOf(c *call, ids []int64) ([]object, *reply) {
	q := c.r.URL.Query()
	by := q.Get("sort_by")
	if by == "" {
		by = "id"
	}
	if !slices.Contains([]string{"id", "deal_id", "add_time", "update_time", "order_nr"}, by) {
		return nil, badRequest("sort_by must be id, deal_id, add_time, update_time or order_nr.")
	}
	var list []object
	for _, a := range s.productsColl(collDealProducts).all() {
		if slices.Contains(ids, plInt64(a["deal_id"])) {
			list = append(list, s.renderAttachment(a))
		}
	}
	key := func(o object) string {
		if by == "id" || by == "deal_id" || by == "order_nr" {
			return fmt.Sprintf("%020d", plInt64(o[by]))
		}
		str, _ := o[by].(string)
		return str
	}
	sort.SliceStable(list, func(i, j int) bool { return key(list[i]) < key(list[j]) })
	if q.Get("sort_direction") == "desc" {
		slices.Reverse(list)
	}
	return list, nil
}

func (s *Server) listDealProducts(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	if _, rp := s.dealOf(id); rp != nil {
		return rp
	}
	if c.r.URL.Query().Get("sort_by") == "deal_id" {
		return badRequest("sort_by deal_id is for the products of several deals.")
	}
	list, rp := s.attachmentsOf(c, []int64{id})
	if rp != nil {
		return rp
	}
	return pageV2(c, list)
}

func (s *Server) listDealsProducts(c *call) *reply {
	var ids []int64
	for _, part := range strings.Split(c.r.URL.Query().Get("deal_ids"), ",") {
		id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
		if err != nil || id <= 0 {
			return badRequest("deal_ids is required: up to 100 comma-separated deal ids.")
		}
		ids = append(ids, id)
	}
	if len(ids) > 100 {
		return badRequest("deal_ids takes at most 100 ids.")
	}
	list, rp := s.attachmentsOf(c, ids)
	if rp != nil {
		return rp
	}
	return pageV2(c, list)
}

// attach stores new attachments of deal id from bodies, all or none.
func (s *Server) attach(c *call, id int64, bodies []map[string]any) ([]object, *reply) {
	cur, rp := s.dealOf(id)
	if rp != nil {
		return nil, rp
	}
	var made []object
	for i, body := range bodies {
		a := newAttachment(id, cur, c)
		if rp := s.attachment(a, body, true); rp != nil {
			if len(bodies) > 1 {
				env := rp.body.(map[string]any)
				env["error"] = fmt.Sprintf("data[%d]: %v", i, env["error"])
			}
			return nil, rp
		}
		made = append(made, a)
	}
	coll := s.productsColl(collDealProducts)
	for _, a := range made {
		coll.insert(a)
	}
	s.revalue(id, c)
	out := make([]object, len(made))
	for i, a := range made {
		out[i] = clone(a)
	}
	return out, nil
}

func (s *Server) addDealProduct(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	made, rp := s.attach(c, id, []map[string]any{body})
	if rp != nil {
		return rp
	}
	return created(v2OK(made[0], nil))
}

func (s *Server) addDealProducts(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	arr, ok := body["data"].([]any)
	if !ok || len(arr) == 0 || len(arr) > 100 || len(body) != 1 {
		return badRequest("The body must be {\"data\": [...]} with 1 to 100 products.")
	}
	bodies := make([]map[string]any, len(arr))
	for i, x := range arr {
		if bodies[i], ok = x.(map[string]any); !ok {
			return badRequest(fmt.Sprintf("data[%d] must be an object", i))
		}
	}
	made, rp := s.attach(c, id, bodies)
	if rp != nil {
		return rp
	}
	list := make([]any, len(made))
	for i, a := range made {
		list[i] = a
	}
	return created(jsonReply(http.StatusOK, map[string]any{"success": true, "data": list}))
}

func (s *Server) updateDealProduct(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	aid, rp := pathID(c, "product_attachment_id")
	if rp != nil {
		return rp
	}
	body, rp := decodeBody(c.r)
	if rp != nil {
		return rp
	}
	if _, rp := s.dealOf(id); rp != nil {
		return rp
	}
	coll := s.productsColl(collDealProducts)
	cur, ok := coll.find(aid)
	if !ok || plInt64(cur["deal_id"]) != id {
		return notFound("Product attachment")
	}
	next := s.renderAttachment(cur)
	if rp := s.attachment(next, body, false); rp != nil {
		return rp
	}
	next["update_time"] = v2Time(c.now)
	rp = coll.mutate(aid, func(o object) *reply {
		coll.objects[aid] = next
		return nil
	})
	if rp != nil {
		return rp
	}
	s.revalue(id, c)
	return v2OK(clone(next), nil)
}

func (s *Server) deleteDealProduct(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	aid, rp := pathID(c, "product_attachment_id")
	if rp != nil {
		return rp
	}
	coll := s.productsColl(collDealProducts)
	rp = coll.mutate(aid, func(o object) *reply {
		if plInt64(o["deal_id"]) != id {
			return notFound("Product attachment")
		}
		delete(coll.objects, aid)
		return nil
	})
	if rp != nil {
		return rp
	}
	s.revalue(id, c)
	return v2OK(map[string]any{"id": aid}, nil)
}

// deleteDealProducts removes the attachments named by ids, or every one
// of the deal, up to 100 per call; more reports that some are left.
func (s *Server) deleteDealProducts(c *call) *reply {
	id, rp := pathID(c, "id")
	if rp != nil {
		return rp
	}
	if _, rp := s.dealOf(id); rp != nil {
		return rp
	}
	var want []int64
	if raw := c.r.URL.Query().Get("ids"); raw != "" {
		for _, part := range strings.Split(raw, ",") {
			n, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
			if err != nil || n <= 0 {
				return badRequest("ids must be comma-separated attachment ids.")
			}
			want = append(want, n)
		}
	}
	coll := s.productsColl(collDealProducts)
	coll.mu.Lock()
	var ids []int64
	for aid, o := range coll.objects {
		if plInt64(o["deal_id"]) == id && (want == nil || slices.Contains(want, aid)) {
			ids = append(ids, aid)
		}
	}
	slices.Sort(ids)
	more := len(ids) > 100
	if more {
		ids = ids[:100]
	}
	for _, aid := range ids {
		delete(coll.objects, aid)
	}
	coll.mu.Unlock()
	s.revalue(id, c)
	if ids == nil {
		ids = []int64{}
	}
	return jsonReply(http.StatusOK, map[string]any{"success": true, "data": map[string]any{"ids": ids},
		"additional_data": map[string]any{"more_items_in_collection": more}})
}
