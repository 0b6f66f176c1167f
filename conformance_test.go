package pipedrive_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/internal/spec"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// The conformance test calls every method of every service on the root
// Client (found by reflection, so a new method cannot escape it) against a
// server that checks each request against Pipedrive's OpenAPI specs
// (internal/spec's facts) and answers with the spec's response: once with
// the spec's example, once with a response synthesized from the schema in
// which every declared property is set. It fails for
//   - a request whose path, query or body the spec does not allow (an
//     unknown parameter or property, a wrong type, a value outside an
//     enum, null where the schema is not nullable, a missing required
//     parameter or property: the params are filled twice, once with every
//     field set and once with only the fields tagged pipedrive:"required");
//   - an enum constant of the SDK that the spec's enum does not list;
//   - a property of the response that the model returned by the method
//     does not keep (decoded, then encoded again);
//   - a live operation of the specs that no method reaches;
// unless knownFaults (a spec fault) or modelGaps explain it.

// knownFaults are the places where the specs are wrong and the SDK is
// right, each with its reason.
var knownFaults = []spec.Fault{
	{Op: `.*`, Where: "query", Name: `include_fields|fields`, What: "comma-list",
		Reason: "the spec types include_fields and the search fields parameter as one enum value, while its own description and the API take a comma-separated list of them: the SDK sends the list comma-joined, and each value is checked against the enum"},
}

// commaLists are the query parameters the checks read as comma-separated
// lists of the schema's type (the fault above).
var commaLists = regexp.MustCompile(`^(include_fields|fields)$`)

// silentMethods send no request with the filled arguments, on purpose.
var silentMethods = map[string]string{
	"ResolveCustomFields": "resolves names against cached definitions; with no values it fetches nothing",
}

type served struct {
	method, path, rawQuery, contentType string
	body                                []byte
	op                                  *spec.Op
	vars                                map[string]string
	response                            []byte
}

type conformanceServer struct {
	mu         sync.Mutex
	synthesize bool
	reqs       []served
}

func (s *conformanceServer) take() []served {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.reqs
	s.reqs = nil
	return r
}

func (s *conformanceServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec := served{method: r.Method, path: r.URL.Path, rawQuery: r.URL.RawQuery, contentType: r.Header.Get("Content-Type"), body: body}
	op, vars, err := spec.Match(r.Method, r.URL.Path)
	status := http.StatusOK
	var resp []byte
	if err != nil {
		status = http.StatusNotFound
		resp = []byte(`{"success":false,"error":"unknown path"}`)
	} else {
		rec.op, rec.vars = op, vars
		s.mu.Lock()
		synth := s.synthesize
		s.mu.Unlock()
		resp = responseFor(op, synth)
		if n, err := strconv.Atoi(op.Status); err == nil {
			status = n
		}
	}
	rec.response = resp
	s.mu.Lock()
	s.reqs = append(s.reqs, rec)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(resp)
}

// responseFor is the body served for op: its example (or, with synth or
// without an example, one synthesized from its schema), with pagination
// saying there is no further page.
func responseFor(op *spec.Op, synth bool) []byte {
	var env any
	if len(op.Example) > 0 {
		env, _ = spec.DecodeJSON(op.Example)
	}
	if synth || env == nil {
		if op.Response == nil && env == nil {
			return []byte(`{"success":true,"data":null}`)
		}
		env = spec.SynthesizeOver(op.Response, env, "", op.API == "v1")
	}
	if m, ok := env.(map[string]any); ok {
		m["success"] = true
		if ad, ok := m["additional_data"].(map[string]any); ok {
			if _, ok := ad["next_cursor"]; ok {
				ad["next_cursor"] = nil
			}
			if _, ok := ad["more_items_in_collection"]; ok {
				ad["more_items_in_collection"] = false
			}
			if pg, ok := ad["pagination"].(map[string]any); ok {
				pg["more_items_in_collection"] = false
			}
		}
	}
	b, _ := json.Marshal(env)
	return b
}

// method is one exported method of one service.
type method struct {
	service, name string
	fn            reflect.Value
}

func (m method) String() string { return m.service + "." + m.name }

func serviceMethods(c *pipedrive.Client) []method {
	var out []method
	cv := reflect.ValueOf(c).Elem()
	for i := 0; i < cv.NumField(); i++ {
		f := cv.Type().Field(i)
		if !f.IsExported() || f.Type.Kind() != reflect.Pointer {
			continue
		}
		sv := cv.Field(i)
		for j := 0; j < sv.NumMethod(); j++ {
			out = append(out, method{service: f.Name, name: sv.Type().Method(j).Name, fn: sv.Method(j)})
		}
	}
	return out
}

// methodOf returns the same method of the same service of c.
func methodOf(c *pipedrive.Client, m method) method {
	m.fn = reflect.ValueOf(c).Elem().FieldByName(m.service).MethodByName(m.name)
	return m
}

var ctxType = reflect.TypeFor[context.Context]()

// args fills the arguments of m; ok is false when one cannot be built.
func args(m method, fill *spec.Filler) ([]reflect.Value, bool) {
	t := m.fn.Type()
	var in []reflect.Value
	for i := 0; i < t.NumIn(); i++ {
		at := t.In(i)
		if at == ctxType {
			in = append(in, reflect.ValueOf(context.Background()))
			continue
		}
		if t.IsVariadic() && i == t.NumIn()-1 {
			v, ok := fill.Value(at) // a slice of one element
			if !ok {
				return nil, false
			}
			in = append(in, v)
			continue
		}
		var v reflect.Value
		var ok bool
		switch at.Kind() {
		case reflect.String:
			v, ok = reflect.ValueOf(fmt.Sprintf("code%d", fill.ID())).Convert(at), true
		default:
			v, ok = fill.Value(at)
		}
		if !ok {
			return nil, false
		}
		in = append(in, v)
	}
	return in, true
}

// call runs m and returns what it gave: the decoded values (one for a
// Get, each item for a list) and its error.
func call(m method, in []reflect.Value) (results []reflect.Value, err error) {
	var outs []reflect.Value
	if m.fn.Type().IsVariadic() {
		outs = m.fn.CallSlice(in)
	} else {
		outs = m.fn.Call(in)
	}
	for _, o := range outs {
		if o.Type() == reflect.TypeFor[error]() {
			if !o.IsNil() {
				err = o.Interface().(error)
			}
			continue
		}
		if o.Kind() == reflect.Func && o.Type().NumIn() == 1 && o.Type().In(0).Kind() == reflect.Func {
			// An iterator: range over it.
			yt := o.Type().In(0)
			yield := reflect.MakeFunc(yt, func(a []reflect.Value) []reflect.Value {
				if len(a) == 2 && !a[1].IsNil() {
					err = a[1].Interface().(error)
					return []reflect.Value{reflect.ValueOf(false)}
				}
				results = append(results, a[0])
				return []reflect.Value{reflect.ValueOf(true)}
			})
			o.Call([]reflect.Value{yield})
			continue
		}
		results = append(results, o)
	}
	return results, err
}

type report struct {
	mu          sync.Mutex
	violations  map[string][]string // method → problems
	explained   map[string]int      // fault reason → count
	reached     map[string]bool     // op key → reached
	methods     int
	gapsSkipped int
}

func (r *report) add(m method, v spec.Violation) {
	if f, ok := spec.Explain(knownFaults, v); ok {
		r.explained[f.Reason]++
		return
	}
	if reason, ok := modelGap(m, v); ok {
		r.explained[reason]++
		return
	}
	r.violations[m.String()] = append(r.violations[m.String()], v.String())
}

func TestConformance(t *testing.T) {
	srv := &conformanceServer{}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	newClient := func() *pipedrive.Client {
		c, err := pipedrive.NewClient(auth.APIToken("conformance-token"), pipedrive.WithBaseURL(ts.URL),
			pipedrive.WithLimiter(ratelimit.Unlimited{}), pipedrive.WithMaxRetries(-1, -1))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	client := newClient()
	enums, err := spec.LoadEnums()
	if err != nil {
		t.Fatal(err)
	}
	rep := &report{violations: map[string][]string{}, explained: map[string]int{}, reached: map[string]bool{}}
	methods := serviceMethods(client)
	if len(methods) < 100 {
		t.Fatalf("found %d service methods; the reflection walk is broken", len(methods))
	}
	for _, m := range methods {
		rep.methods++
		for _, pass := range []struct {
			name              string
			minimal, synthesi bool
		}{{"full params, example response", false, false}, {"required params only, example response", true, false}, {"full params, synthesized response", false, true}} {
			srv.mu.Lock()
			srv.synthesize = pass.synthesi
			srv.mu.Unlock()
			fill := &spec.Filler{Enums: enums, Minimal: pass.minimal}
			// A fresh client for every call: nothing cached by one call
			// (field definitions) hides the next one's request.
			m := methodOf(newClient(), m)
			in, ok := args(m, fill)
			if !ok {
				rep.violations[m.String()] = append(rep.violations[m.String()], "the conformance test cannot build its arguments")
				break
			}
			results, callErr := call(m, in)
			reqs := srv.take()
			if len(reqs) == 0 {
				if _, ok := silentMethods[m.name]; ok {
					break
				}
				rep.violations[m.String()] = append(rep.violations[m.String()], fmt.Sprintf("%s: sent no request (%v)", pass.name, callErr))
				continue
			}
			for _, r := range reqs {
				checkRequest(rep, m, r, fill.Used)
			}
			if callErr != nil {
				rep.violations[m.String()] = append(rep.violations[m.String()], fmt.Sprintf("%s: %v", pass.name, callErr))
				continue
			}
			if !pass.minimal {
				checkModel(rep, m, reqs[len(reqs)-1], results, pass.synthesi)
			}
		}
	}

	// Every live operation has a method.
	ops, err := spec.Ops()
	if err != nil {
		t.Fatal(err)
	}
	live := liveOps(ops)
	var missing []string
	covered := 0
	for _, o := range live {
		reason, pending := pendingOps[o.Key()]
		switch {
		case rep.reached[o.Key()] && pending:
			t.Errorf("%s (%s) is reached by a method, but pendingOps still lists it (%s)", o.Key(), o.ID, reason)
		case rep.reached[o.Key()]:
			covered++
		case !pending:
			missing = append(missing, o.Key()+" ("+o.ID+")")
		}
	}
	for k := range pendingOps {
		found := false
		for _, o := range live {
			found = found || o.Key() == k
		}
		if !found {
			t.Errorf("pendingOps lists %s, which is not a live operation", k)
		}
	}
	sort.Strings(missing)
	for _, k := range missing {
		t.Errorf("live operation %s has no method", k)
	}
	t.Logf("conformance: %d methods called; %d/%d live operations reached (%d pending)", rep.methods, covered, len(live), len(pendingOps))
	reasons := make([]string, 0, len(rep.explained))
	for r := range rep.explained {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	for _, r := range reasons {
		t.Logf("explained %d× by: %s", rep.explained[r], r)
	}
	names := make([]string, 0, len(rep.violations))
	for n := range rep.violations {
		names = append(names, n)
	}
	sort.Strings(names)
	total := 0
	for _, n := range names {
		seen := map[string]bool{}
		for _, v := range rep.violations[n] {
			if seen[v] {
				continue
			}
			seen[v] = true
			total++
			t.Errorf("%s: %s", n, v)
		}
	}
	if total > 0 {
		t.Logf("%d unexplained violations in %d methods", total, len(names))
	}
}

// liveOps are the operations the SDK must reach: every v2 operation, and
// every v1 operation that has no v2 twin (the same path, and the same
// method or v1's PUT for v2's PATCH), OAuth's aside (package auth).
func liveOps(ops []*spec.Op) []*spec.Op {
	norm := regexp.MustCompile(`\{[^}]+\}`)
	v2 := map[string]bool{}
	for _, o := range ops {
		if o.API == "v2" {
			v2[o.Method+" "+norm.ReplaceAllString(o.Path, "{}")] = true
		}
	}
	var out []*spec.Op
	for _, o := range ops {
		p := norm.ReplaceAllString(o.Path, "{}")
		switch {
		case o.API == "v2":
		case v2[o.Method+" "+p], o.Method == "PUT" && v2["PATCH "+p]:
			continue
		case len(o.Tags) > 0 && o.Tags[0] == "Oauth":
			continue
		}
		out = append(out, o)
	}
	return out
}

func checkRequest(rep *report, m method, r served, used []spec.EnumUse) {
	if r.op == nil {
		rep.add(m, spec.Violation{Op: r.method + " " + r.path, Where: "path", Name: r.path, What: "no operation of the specs has this path"})
		return
	}
	rep.mu.Lock()
	rep.reached[r.op.Key()] = true
	rep.mu.Unlock()
	for _, v := range spec.CheckPath(r.op, r.vars) {
		rep.add(m, v)
	}
	q, _ := url.ParseQuery(r.rawQuery)
	if q.Has("api_token") {
		rep.add(m, spec.Violation{Op: r.op.Key(), Where: "query", Name: "api_token", What: "a token in the URL"})
	}
	for _, v := range checkQuery(r.op, q) {
		rep.add(m, v)
	}
	switch {
	case len(bytes.TrimSpace(r.body)) == 0:
		if r.op.BodyRequired {
			rep.add(m, spec.Violation{Op: r.op.Key(), Where: "body", Name: "", What: "the operation requires a body, none was sent"})
		}
	case strings.HasPrefix(r.contentType, "multipart/form-data"):
		for _, v := range spec.CheckMultipart(r.op, r.contentType, r.body) {
			rep.add(m, v)
		}
	case strings.HasPrefix(r.contentType, "application/x-www-form-urlencoded"):
		for _, v := range spec.CheckForm(r.op, r.body) {
			rep.add(m, v)
		}
	default:
		body, err := spec.DecodeJSON(r.body)
		if err != nil {
			rep.add(m, spec.Violation{Op: r.op.Key(), Where: "body", What: "not JSON: " + err.Error()})
			break
		}
		for _, v := range spec.CheckBody(r.op, body) {
			rep.add(m, v)
		}
	}
	// Every value of every enum type the params use must be one the spec
	// allows where it is sent.
	for _, u := range used {
		for _, v := range checkEnum(r.op, u) {
			rep.add(m, v)
		}
	}
}

// checkQuery is spec.CheckQuery with the comma-joined lists of
// knownFaults split before their values are checked.
func checkQuery(op *spec.Op, q url.Values) []spec.Violation {
	split := url.Values{}
	var out []spec.Violation
	for name, vals := range q {
		p := op.Param("query", name)
		if commaLists.MatchString(name) && p != nil && p.Schema != nil && p.Schema.Type == "string" {
			for _, v := range vals {
				parts := strings.Split(v, ",")
				if len(parts) > 1 {
					out = append(out, spec.Violation{Op: op.Key(), Where: "query", Name: name, What: "comma-list of " + strconv.Itoa(len(parts))})
				}
				for _, part := range parts {
					single := url.Values{name: {part}}
					out = append(out, spec.CheckQuery(&spec.Op{API: op.API, Method: op.Method, Path: op.Path, Params: []spec.Param{*p}}, single)...)
				}
			}
			continue
		}
		split[name] = vals
	}
	rest := *op
	var params []spec.Param
	for _, p := range op.Params {
		if !(commaLists.MatchString(p.Name) && q.Has(p.Name) && p.Schema != nil && p.Schema.Type == "string") {
			params = append(params, p)
		}
	}
	rest.Params = params
	return append(out, spec.CheckQuery(&rest, split)...)
}

func checkEnum(op *spec.Op, u spec.EnumUse) []spec.Violation {
	var out []spec.Violation
	switch u.In {
	case "query":
		p := op.Param("query", u.Name)
		if form := spec.Flatten(op.Bodies["application/x-www-form-urlencoded"]); p == nil && form != nil && form.Properties[u.Name] != nil {
			// url-tagged params of a form body.
			p = &spec.Param{Name: u.Name, In: "query", Schema: form.Properties[u.Name]}
		}
		if p == nil {
			return nil // not sent to this operation (reported by the query check if it was)
		}
		for _, val := range u.Values {
			q := url.Values{u.Name: {fmt.Sprint(val)}}
			for _, v := range spec.CheckQuery(&spec.Op{API: op.API, Method: op.Method, Path: op.Path, Params: []spec.Param{*p}}, q) {
				v.What = fmt.Sprintf("constant of %s: %s", u.Field, v.What)
				out = append(out, v)
			}
		}
	case "body":
		s := spec.Flatten(op.Bodies["application/json"])
		if s == nil || s.Properties == nil {
			return nil
		}
		ps, ok := s.Properties[u.Name]
		if !ok {
			return nil
		}
		if f := spec.Flatten(ps); f != nil && f.Type == "array" {
			ps = f.Items
		}
		for _, val := range u.Values {
			var jv any = fmt.Sprint(val)
			if n, ok := val.(int64); ok {
				jv = json.Number(strconv.FormatInt(n, 10))
			}
			spec.CheckValue(ps, jv, u.Name, true, func(name, what string) {
				out = append(out, spec.Violation{Op: op.Key(), Where: "body", Name: name, What: fmt.Sprintf("constant of %s: %s", u.Field, what)})
			})
		}
	}
	return out
}

// checkModel compares what the method decoded with the data it was
// served: every member served must survive in the model.
func checkModel(rep *report, m method, r served, results []reflect.Value, synth bool) {
	if r.op == nil || len(results) == 0 {
		return
	}
	env, err := spec.DecodeJSON(r.response)
	if err != nil {
		return
	}
	data := env.(map[string]any)["data"]
	var items []any
	var values []any
	for _, res := range results {
		v := res.Interface()
		if _, ok := notModels[reflect.Indirect(res).Type().String()]; ok {
			return
		}
		// A page: its items are the models.
		rv := reflect.Indirect(res)
		if rv.Kind() == reflect.Struct && rv.Type().Name() != "" && strings.HasPrefix(rv.Type().Name(), "Page[") {
			it := rv.FieldByName("Items")
			for i := 0; i < it.Len(); i++ {
				values = append(values, it.Index(i).Interface())
			}
			continue
		}
		if rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() != reflect.Struct {
			return // ids
		}
		values = append(values, v)
	}
	switch d := data.(type) {
	case []any:
		items = d
	case map[string]any:
		if list, ok := d["items"].([]any); ok && (strings.HasSuffix(r.path, "/search") || strings.Contains(r.path, "itemSearch")) {
			items = list
		} else {
			items = []any{d}
		}
	default:
		return
	}
	pass := "example"
	if synth {
		pass = "synthesized"
	}
	for i, v := range values {
		if i >= len(items) {
			break
		}
		orig, _ := json.Marshal(items[i])
		round, err := json.Marshal(v)
		if err != nil {
			rep.add(m, spec.Violation{Op: r.op.Key(), Where: "model", Name: fmt.Sprintf("%T", v), What: "cannot encode: " + err.Error()})
			continue
		}
		lost, err := spec.LostFields(orig, round)
		if err != nil {
			continue
		}
		for _, p := range lost {
			rep.add(m, spec.Violation{Op: r.op.Key(), Where: "model", Name: p, What: fmt.Sprintf("%T does not keep it (%s response)", v, pass)})
		}
	}
}

// modelGap explains a model violation the SDK accepts on purpose.
func modelGap(m method, v spec.Violation) (string, bool) {
	for _, g := range modelGaps {
		if v.Where == "model" && regexp.MustCompile("^(?:"+g.op+")$").MatchString(v.Op) && regexp.MustCompile("^(?:"+g.name+")$").MatchString(v.Name) {
			return g.reason, true
		}
	}
	return "", false
}

// modelGaps are response properties the SDK's models leave out on
// purpose, with the reason.
var modelGaps = []struct{ op, name, reason string }{}

// notModels are result types that are not the response's model (built
// from it), whose members the model check does not compare.
var notModels = map[string]string{
	"crm.FieldSet": "the field definitions indexed by name: CustomFields' fetch is checked through Fields",
}

// pendingOps are live operations that have no method yet, with the
// reason.
var pendingOps = map[string]string{}
