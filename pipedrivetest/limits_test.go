package pipedrivetest

import (
	"bufio"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestAuthentication(t *testing.T) {
	srv := NewServer(t, WithAPIToken("second-token"), WithOAuthToken("static-bearer"))
	cases := []struct {
		name   string
		header map[string]string
		query  string
		want   int
	}{
		{"no credentials", nil, "", 401},
		{"unknown api token", map[string]string{"X-Api-Token": "nope"}, "", 401},
		{"default api token", map[string]string{"X-Api-Token": srv.Token()}, "", 200},
		{"registered api token", map[string]string{"X-Api-Token": "second-token"}, "", 200},
		{"api token as bearer", map[string]string{"Authorization": "Bearer " + srv.Token()}, "", 401},
		{"oauth token as bearer", map[string]string{"Authorization": "Bearer static-bearer"}, "", 200},
		{"basic scheme", map[string]string{"Authorization": "Basic abc"}, "", 401},
		{"token in query refused", nil, "?api_token=" + srv.Token(), 401},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, _ := http.NewRequest("GET", srv.URL+"/v1/users/me"+c.query, nil)
			for k, v := range c.header {
				r.Header.Set(k, v)
			}
			res, err := srv.HTTPClient().Do(r)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			if res.StatusCode != c.want {
				t.Fatalf("status %d, want %d", res.StatusCode, c.want)
			}
			if c.want == 401 {
				var buf strings.Builder
				sc := bufio.NewScanner(res.Body)
				for sc.Scan() {
					buf.WriteString(sc.Text())
				}
				body := buf.String()
				for _, want := range []string{`"success":false`, `"error":"unauthorized access"`, `"errorCode":401`, `"error_info":`} {
					if !strings.Contains(body, want) {
						t.Errorf("401 body %s lacks %s", body, want)
					}
				}
				if strings.Contains(body, srv.Token()) {
					t.Error("401 body echoes the token")
				}
			}
		})
	}
	if got := srv.Stats().Unauthorized; got != 5 {
		t.Errorf("Stats.Unauthorized = %d, want 5", got)
	}
}

func TestQueryTokenAllowedWhenAskedFor(t *testing.T) {
	srv := NewServer(t, WithQueryTokenAuth())
	res, err := srv.HTTPClient().Get(srv.URL + "/v1/users/me?api_token=" + srv.Token())
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
}

func headerInt(t *testing.T, r resp, name string) int {
	t.Helper()
	v := r.header.Get(name)
	n, err := strconv.Atoi(v)
	if err != nil {
		t.Fatalf("header %s = %q: %v", name, v, err)
	}
	return n
}

func TestWindowRollsExactly(t *testing.T) {
	clk := newManualClock()
	srv := NewServer(t, WithClock(clk), WithRateLimit(3, 0))
	tok := srv.Token()
	get := func() resp { return req(t, srv, "GET", "/v1/users/me", tok, nil) }

	// t=0, 0.5, 1.0: three admitted, remaining counts down.
	for i := 0; i < 3; i++ {
		r := get()
		wantStatus(t, r, 200)
		if got := headerInt(t, r, "X-Ratelimit-Remaining"); got != 2-i {
			t.Fatalf("request %d: remaining %d, want %d", i, got, 2-i)
		}
		if got := headerInt(t, r, "X-Ratelimit-Limit"); got != 3 {
			t.Fatalf("limit %d, want 3", got)
		}
		if i < 2 {
			clk.Advance(500 * time.Millisecond)
		}
	}
	// t=1.0: full. The oldest (t=0) frees at t=2.0: reset 1 s.
	r := get()
	wantStatus(t, r, 429)
	if string(r.raw) != `{"success":false,"error":"request over limit","errorCode":429}`+"\n" {
		t.Fatalf("429 body %q", r.raw)
	}
	if got := headerInt(t, r, "X-Ratelimit-Remaining"); got != 0 {
		t.Fatalf("remaining on 429: %d", got)
	}
	if got := headerInt(t, r, "X-Ratelimit-Reset"); got != 1 {
		t.Fatalf("reset on 429: %d, want 1", got)
	}
	// One nanosecond before t=2.0 the window is still full.
	clk.Advance(time.Second - time.Nanosecond)
	wantStatus(t, get(), 429)
	// At t=2.0 exactly the first slot is out: one request fits, not two.
	clk.Advance(time.Nanosecond)
	wantStatus(t, get(), 200)
	wantStatus(t, get(), 429)
	// At t=2.5 the second frees.
	clk.Advance(500 * time.Millisecond)
	wantStatus(t, get(), 200)

	ts := srv.TokenStats(tok)
	if ts.Admitted != 5 || ts.TooManyRequests != 3 || ts.Requests != 8 {
		t.Fatalf("token stats %+v", ts)
	}
	if ts.MaxInWindow != 3 {
		t.Fatalf("MaxInWindow %d, want 3", ts.MaxInWindow)
	}
	if st := srv.Stats(); st.TooManyRequests != 3 || st.MaxInWindow != 3 || st.Admitted != 5 {
		t.Fatalf("stats %+v", st)
	}
}

func TestWindowIsPerToken(t *testing.T) {
	clk := newManualClock()
	srv := NewServer(t, WithClock(clk), WithRateLimit(1, 2), WithAPIToken("other"), WithOAuthToken("oauth-tok"))
	wantStatus(t, req(t, srv, "GET", "/v1/users/me", srv.Token(), nil), 200)
	wantStatus(t, req(t, srv, "GET", "/v1/users/me", srv.Token(), nil), 429)
	wantStatus(t, req(t, srv, "GET", "/v1/users/me", "other", nil), 200)
	// OAuth tokens get their own limit (here 2).
	r := req(t, srv, "GET", "/v1/users/me", "Bearer oauth-tok", nil)
	wantStatus(t, r, 200)
	if headerInt(t, r, "X-Ratelimit-Limit") != 2 {
		t.Fatalf("oauth limit header %s", r.header.Get("X-Ratelimit-Limit"))
	}
	if r.header.Get("X-Daily-Requests-Left") != "" {
		t.Fatal("x-daily-requests-left sent to an OAuth token")
	}
	wantStatus(t, req(t, srv, "GET", "/v1/users/me", "Bearer oauth-tok", nil), 200)
	wantStatus(t, req(t, srv, "GET", "/v1/users/me", "Bearer oauth-tok", nil), 429)
}

func TestDefaultLimitsAreLowestPlan(t *testing.T) {
	srv := NewServer(t, WithOAuthToken("o"))
	if got := headerInt(t, req(t, srv, "GET", "/v1/users/me", srv.Token(), nil), "X-Ratelimit-Limit"); got != 20 {
		t.Errorf("api token limit %d, want 20", got)
	}
	if got := headerInt(t, req(t, srv, "GET", "/v1/users/me", "Bearer o", nil), "X-Ratelimit-Limit"); got != 80 {
		t.Errorf("oauth limit %d, want 80", got)
	}
}

func TestHeadersOnEveryAPIResponse(t *testing.T) {
	clk := newManualClock()
	srv := NewServer(t, WithClock(clk), WithRateLimit(10, 0), WithDailyWriteLimit(100))
	tok := srv.Token()
	cases := []struct {
		method, path string
		body         any
		status       int
		dailyLeft    int
	}{
		{"GET", "/v1/users/me", nil, 200, 100},
		{"GET", "/api/v2/deals/99", nil, 404, 100},
		{"POST", "/api/v2/deals", map[string]any{"title": "A"}, 200, 99},
		{"POST", "/api/v2/deals", map[string]any{"nope": 1}, 400, 98}, // refused writes still count
		{"PATCH", "/api/v2/deals/1", map[string]any{"title": "B"}, 200, 97},
		{"DELETE", "/api/v2/deals/1", nil, 200, 97}, // DELETE is not a daily write
		{"GET", "/api/v2/nothing-here", nil, 404, 97},
	}
	for i, c := range cases {
		r := req(t, srv, c.method, c.path, tok, c.body)
		wantStatus(t, r, c.status)
		if got := headerInt(t, r, "X-Ratelimit-Limit"); got != 10 {
			t.Errorf("%d: limit %d", i, got)
		}
		if got := headerInt(t, r, "X-Ratelimit-Remaining"); got != 10-(i+1) {
			t.Errorf("%d %s %s: remaining %d, want %d", i, c.method, c.path, got, 10-(i+1))
		}
		// All requests happen at one instant: the first frees in exactly 2 s.
		if got := headerInt(t, r, "X-Ratelimit-Reset"); got != 2 {
			t.Errorf("%d: reset %d, want 2", i, got)
		}
		if got := headerInt(t, r, "X-Daily-Requests-Left"); got != c.dailyLeft {
			t.Errorf("%d %s %s: daily left %d, want %d", i, c.method, c.path, got, c.dailyLeft)
		}
		if r.header.Get("X-Daily-Ratelimit-Token-Limit") != "" {
			t.Errorf("%d: token budget headers without a budget", i)
		}
	}
	if got := srv.Stats().Writes; got != 3 {
		t.Errorf("writes %d, want 3", got)
	}
}

func TestSearchWindow(t *testing.T) {
	clk := newManualClock()
	srv := NewServer(t, WithClock(clk), WithRateLimit(100, 0))
	tok := srv.Token()
	for i := 0; i < 10; i++ {
		r := req(t, srv, "GET", "/api/v2/deals/search?term=abc", tok, nil)
		wantStatus(t, r, 200)
		// Search responses describe the search window.
		if headerInt(t, r, "X-Ratelimit-Limit") != 10 || headerInt(t, r, "X-Ratelimit-Remaining") != 9-i {
			t.Fatalf("search %d headers: %v", i, r.header)
		}
	}
	r := req(t, srv, "GET", "/api/v2/persons/search?term=abc", tok, nil)
	wantStatus(t, r, 429)
	if headerInt(t, r, "X-Ratelimit-Limit") != 10 || headerInt(t, r, "X-Ratelimit-Remaining") != 0 ||
		headerInt(t, r, "X-Ratelimit-Reset") != 2 {
		t.Fatalf("search 429 headers: %v", r.header)
	}
	// Other requests still pass: the general window has room (89 left).
	r = req(t, srv, "GET", "/v1/users/me", tok, nil)
	wantStatus(t, r, 200)
	if got := headerInt(t, r, "X-Ratelimit-Remaining"); got != 89 {
		t.Fatalf("general remaining %d, want 89", got)
	}
	clk.Advance(2 * time.Second)
	wantStatus(t, req(t, srv, "GET", "/api/v2/organizations/search?term=abc", tok, nil), 200)
	if got := srv.TokenStats(tok).Searches; got != 11 {
		t.Fatalf("searches %d, want 11", got)
	}
}

func TestDailyWriteLimitPerUserResetsAtUTCMidnight(t *testing.T) {
	clk := newManualClock() // 12:00 UTC
	srv := NewServer(t, WithClock(clk), WithDailyWriteLimit(2), WithAPIToken("same-user"),
		WithUserAPIToken(2, "other-user"))
	post := func(tok string) resp {
		return req(t, srv, "POST", "/api/v2/organizations", tok, map[string]any{"name": "Acme"})
	}
	wantStatus(t, post(srv.Token()), 200)
	r := post("same-user") // same user: the budget is shared
	wantStatus(t, r, 200)
	if headerInt(t, r, "X-Daily-Requests-Left") != 0 {
		t.Fatalf("daily left %s", r.header.Get("X-Daily-Requests-Left"))
	}
	clk.Advance(3 * time.Second)
	r = post(srv.Token())
	wantStatus(t, r, 429)
	if headerInt(t, r, "X-Daily-Requests-Left") != 0 {
		t.Fatal("daily left on 429")
	}
	wantStatus(t, post("other-user"), 200)
	// Reads are unaffected.
	wantStatus(t, req(t, srv, "GET", "/api/v2/organizations", srv.Token(), nil), 200)
	if srv.Len(Organization) != 3 {
		t.Fatalf("%d organizations, want 3", srv.Len(Organization))
	}
	clk.Advance(12 * time.Hour) // past midnight UTC
	r = post(srv.Token())
	wantStatus(t, r, 200)
	if headerInt(t, r, "X-Daily-Requests-Left") != 1 {
		t.Fatalf("daily left after midnight %s", r.header.Get("X-Daily-Requests-Left"))
	}
}

func TestTokenBudget(t *testing.T) {
	clk := newManualClock()
	srv := NewServer(t, WithClock(clk), WithTokenBudget(13))
	tok := srv.Token()
	r := req(t, srv, "GET", "/api/v2/deals", tok, nil) // costs 10
	wantStatus(t, r, 200)
	if headerInt(t, r, "X-Daily-Ratelimit-Token-Limit") != 13 || headerInt(t, r, "X-Daily-Ratelimit-Token-Remaining") != 3 {
		t.Fatalf("budget headers %v", r.header)
	}
	wantStatus(t, req(t, srv, "GET", "/v1/users/me", tok, nil), 200)    // 2
	wantStatus(t, req(t, srv, "GET", "/v1/users/me", tok, nil), 429)    // 1 left < 2
	wantStatus(t, req(t, srv, "GET", "/api/v2/deals/1", tok, nil), 404) // costs 1: fits
	wantStatus(t, req(t, srv, "GET", "/api/v2/deals/1", tok, nil), 429)
	clk.Advance(12 * time.Hour)
	wantStatus(t, req(t, srv, "GET", "/api/v2/deals", tok, nil), 200)
}

func TestBlockAfterRepeated429s(t *testing.T) {
	clk := newManualClock()
	srv := NewServer(t, WithClock(clk), WithRateLimit(1, 0), WithBlockAfter(2, time.Minute))
	tok := srv.Token()
	wantStatus(t, req(t, srv, "GET", "/v1/users/me", tok, nil), 200)
	wantStatus(t, req(t, srv, "GET", "/v1/users/me", tok, nil), 429)
	wantStatus(t, req(t, srv, "GET", "/v1/users/me", tok, nil), 429)
	clk.Advance(5 * time.Second) // the window has room, but the token is blocked
	r := req(t, srv, "GET", "/v1/users/me", tok, nil)
	wantStatus(t, r, 403)
	if !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !strings.Contains(string(r.raw), "Cloudflare") {
		t.Fatalf("block page: %s %q", r.header.Get("Content-Type"), r.raw)
	}
	if st := srv.TokenStats(tok); st.Blocked != 1 || st.TooManyRequests != 2 {
		t.Fatalf("token stats %+v", st)
	}
	clk.Advance(time.Minute)
	wantStatus(t, req(t, srv, "GET", "/v1/users/me", tok, nil), 200)
}

func TestUnblock(t *testing.T) {
	clk := newManualClock()
	srv := NewServer(t, WithClock(clk), WithRateLimit(1, 0), WithBlockAfter(1, 0))
	tok := srv.Token()
	wantStatus(t, req(t, srv, "GET", "/v1/users/me", tok, nil), 200)
	wantStatus(t, req(t, srv, "GET", "/v1/users/me", tok, nil), 429)
	clk.Advance(time.Hour)
	wantStatus(t, req(t, srv, "GET", "/v1/users/me", tok, nil), 403)
	srv.Unblock(tok)
	wantStatus(t, req(t, srv, "GET", "/v1/users/me", tok, nil), 200)
}

func TestSpendWindowActsLikeOtherClients(t *testing.T) {
	clk := newManualClock()
	srv := NewServer(t, WithClock(clk), WithRateLimit(5, 0))
	tok := srv.Token()
	if got := srv.SpendWindow(tok, 3); got != 3 {
		t.Fatalf("spent %d", got)
	}
	r := req(t, srv, "GET", "/v1/users/me", tok, nil)
	if headerInt(t, r, "X-Ratelimit-Remaining") != 1 {
		t.Fatalf("remaining %s", r.header.Get("X-Ratelimit-Remaining"))
	}
	if got := srv.SpendWindow(tok, 10); got != 1 {
		t.Fatalf("spent %d of a window with one slot", got)
	}
	wantStatus(t, req(t, srv, "GET", "/v1/users/me", tok, nil), 429)
	// Slots spent elsewhere are not the client's: MaxInWindow counts only its own.
	if got := srv.TokenStats(tok).MaxInWindow; got != 1 {
		t.Fatalf("MaxInWindow %d, want 1", got)
	}
	if srv.SpendWindow("unknown", 1) != 0 {
		t.Fatal("spent on an unknown token")
	}
}

func TestBackgroundLoadSpendsTheWindow(t *testing.T) {
	// Real clock: 200 background slots per second fill a window of 20 soon.
	srv := NewServer(t, WithRateLimit(20, 0), WithBackgroundLoad(200))
	deadline := time.Now().Add(5 * time.Second)
	for {
		r := req(t, srv, "GET", "/v1/users/me", srv.Token(), nil)
		if r.status == 429 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("background load never filled the window")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestConcurrentClientsNeverExceedTheWindow(t *testing.T) {
	srv := NewServer(t, WithRateLimit(20, 0))
	tok := srv.Token()
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				r, _ := http.NewRequest("GET", srv.URL+"/api/v2/deals", nil)
				r.Header.Set("X-Api-Token", tok)
				res, err := srv.HTTPClient().Do(r)
				if err != nil {
					t.Error(err)
					return
				}
				res.Body.Close()
				mu.Lock()
				codes[res.StatusCode]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	st := srv.TokenStats(tok)
	if st.MaxInWindow > 20 {
		t.Fatalf("MaxInWindow %d > 20", st.MaxInWindow)
	}
	if codes[200] != st.Admitted || codes[429] != st.TooManyRequests || codes[200]+codes[429] != 160 {
		t.Fatalf("codes %v vs stats %+v", codes, st)
	}
}

// The costs the server charges are those of Pipedrive's operations table.
func TestRouteCostsMatchOperationsTable(t *testing.T) {
	f, err := os.Open("../internal/ops/operations.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	costs := map[string]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 6 || cols[0] == "api" {
			continue
		}
		prefix := "/v1"
		if cols[0] == "v2" {
			prefix = "/api/v2"
		}
		n, err := strconv.Atoi(cols[5])
		if err != nil {
			t.Fatalf("bad cost in %q", sc.Text())
		}
		// Routes name placeholders as ServeMux wildcards (see opPattern).
		costs[cols[2]+" "+strings.ReplaceAll(prefix+cols[3], "-", "_")] = n
	}
	srv := NewServer(t)
	checked := 0
	for _, rt := range srv.routeList {
		want, ok := costs[rt.key]
		if !ok {
			t.Errorf("%s is not in the operations table", rt.key)
			continue
		}
		if rt.cost != want {
			t.Errorf("%s costs %d, table says %d", rt.key, rt.cost, want)
		}
		checked++
	}
	if checked < 20 {
		t.Fatalf("only %d routes checked", checked)
	}
}

func TestBadOptions(t *testing.T) {
	for name, o := range map[string]Option{
		"negative limit":  WithRateLimit(-1, 0),
		"zero search":     WithSearchLimit(0),
		"zero daily":      WithDailyWriteLimit(0),
		"nil clock":       WithClock(nil),
		"empty token":     WithAPIToken(""),
		"bad field type":  WithCustomFields(Deal, Field{Name: "X", Type: "blob"}),
		"enum no options": WithCustomFields(Deal, Field{Name: "X", Type: FieldEnum}),
		"unknown entity":  WithCustomFields("lead", Field{Name: "X", Type: FieldText}),
		"slow no delay":   WithFault(Fault{Kind: Slow}),
		"bad fault kind":  WithFault(Fault{Kind: 42}),
		"bad fault path":  WithFault(Fault{Kind: Block, Path: "["}),
		"duplicate field": WithCustomFields(Deal, Field{Name: "Budget", Type: FieldText}),
	} {
		t.Run(name, func(t *testing.T) {
			srv, err := Start(o)
			if err == nil {
				srv.Close()
				t.Fatal("no error")
			}
		})
	}
}
