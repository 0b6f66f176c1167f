package pipedrive_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// handDeal is what a hand-written client decodes a deal into: the fields of
// crm.Deal with the same Go types where the standard library decodes them
// (time.Time, pointers, the custom fields map of raw values), and the
// plain types under crm's own (Date, VisibleTo, Label).
type handDeal struct {
	ID                    int64                      `json:"id"`
	Title                 string                     `json:"title"`
	CreatorUserID         int64                      `json:"creator_user_id,omitempty"`
	OwnerID               int64                      `json:"owner_id"`
	PersonID              *int64                     `json:"person_id"`
	OrgID                 *int64                     `json:"org_id"`
	PipelineID            int64                      `json:"pipeline_id"`
	StageID               int64                      `json:"stage_id"`
	Value                 float64                    `json:"value"`
	Currency              string                     `json:"currency"`
	AddTime               time.Time                  `json:"add_time"`
	UpdateTime            *time.Time                 `json:"update_time"`
	StageChangeTime       *time.Time                 `json:"stage_change_time"`
	CloseTime             *time.Time                 `json:"close_time"`
	WonTime               *time.Time                 `json:"won_time"`
	LostTime              *time.Time                 `json:"lost_time"`
	ArchiveTime           *time.Time                 `json:"archive_time,omitempty"`
	FirstWonTime          *time.Time                 `json:"first_won_time,omitempty"`
	ExpectedCloseDate     *string                    `json:"expected_close_date"`
	LocalWonDate          *string                    `json:"local_won_date,omitempty"`
	LocalLostDate         *string                    `json:"local_lost_date,omitempty"`
	LocalCloseDate        *string                    `json:"local_close_date,omitempty"`
	Status                string                     `json:"status"`
	IsDeleted             bool                       `json:"is_deleted"`
	IsArchived            bool                       `json:"is_archived"`
	Probability           *float64                   `json:"probability"`
	LostReason            *string                    `json:"lost_reason"`
	VisibleTo             int                        `json:"visible_to"`
	LabelIDs              []int64                    `json:"label_ids"`
	Labels                []handLabel                `json:"labels,omitempty"`
	Origin                string                     `json:"origin,omitempty"`
	OriginID              *string                    `json:"origin_id"`
	Channel               *int64                     `json:"channel"`
	ChannelID             *string                    `json:"channel_id"`
	SourceLeadID          *string                    `json:"source_lead_id,omitempty"`
	ARR                   *float64                   `json:"arr,omitempty"`
	MRR                   *float64                   `json:"mrr,omitempty"`
	ACV                   *float64                   `json:"acv,omitempty"`
	CustomFields          map[string]json.RawMessage `json:"custom_fields"`
	NextActivityID        *int64                     `json:"next_activity_id,omitempty"`
	LastActivityID        *int64                     `json:"last_activity_id,omitempty"`
	ProductsCount         *int                       `json:"products_count,omitempty"`
	FilesCount            *int                       `json:"files_count,omitempty"`
	NotesCount            *int                       `json:"notes_count,omitempty"`
	FollowersCount        *int                       `json:"followers_count,omitempty"`
	EmailMessagesCount    *int                       `json:"email_messages_count,omitempty"`
	ActivitiesCount       *int                       `json:"activities_count,omitempty"`
	DoneActivitiesCount   *int                       `json:"done_activities_count,omitempty"`
	UndoneActivitiesCount *int                       `json:"undone_activities_count,omitempty"`
	ParticipantsCount     *int                       `json:"participants_count,omitempty"`
	LastIncomingMailTime  *time.Time                 `json:"last_incoming_mail_time,omitempty"`
	LastOutgoingMailTime  *time.Time                 `json:"last_outgoing_mail_time,omitempty"`
	SmartBCCEmail         string                     `json:"smart_bcc_email,omitempty"`
}

type handLabel struct {
	ID    int64  `json:"id"`
	Label string `json:"label,omitempty"`
}

// getDealServer answers GET /api/v2/deals/{id} with the deal fixture (the
// API's own example shape, custom fields included) and no rate headers.
func getDealServer(b *testing.B) *httptest.Server {
	body, err := os.ReadFile(filepath.Join("testdata", "deals", "deal.json"))
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Api-Token") == "" || r.URL.Path != "/api/v2/deals/501" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// sideCost is what one side of the comparison spent: time over its
// timed batches, bytes and allocations over its counted ones.
type sideCost struct {
	ns, bytes, allocs uint64
	timed, counted    int
}

// time runs f n times, adds the time it took to s and returns it.
func (s *sideCost) time(n int, f func()) time.Duration {
	start := time.Now()
	for range n {
		f()
	}
	took := time.Since(start)
	s.ns += uint64(took)
	s.timed += n
	return took
}

// count runs f n times and adds its bytes and allocations to s.
// runtime.ReadMemStats counts the whole process: the loopback server's
// work for the request is counted on both sides alike. It stops the
// world, which is why the timed batches do without it.
func (s *sideCost) count(n int, f func()) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range n {
		f()
	}
	runtime.ReadMemStats(&after)
	s.bytes += after.TotalAlloc - before.TotalAlloc
	s.allocs += after.Mallocs - before.Mallocs
	s.counted += n
}

func (s *sideCost) perTimed() float64           { return float64(s.ns) / float64(s.timed) }
func (s *sideCost) perCounted(v uint64) float64 { return float64(v) / float64(s.counted) }

// BenchmarkDealsGet compares client.Deals.Get, through the public client
// as a user builds it (the shared transport, a limiter like the default
// one), with the same request written by hand with net/http and
// encoding/json into a struct of the same fields, against the same
// loopback server, in one run: batches of 10 calls of each alternate
// (so that the garbage collector and the machine's other work weigh on
// both alike), then 500 calls of each have their bytes and allocations
// counted; the ratios of time, bytes and allocations per call are
// reported (goal: at most 1.2 each). time-ratio is the ratio of the two
// sides' total times; time-ratio-median is the median of the ratios of
// adjacent batches, which a burst of the machine's other work, landing on
// one side's batch, moves much less.
//
//	go test -run '^$' -bench DealsGet -benchmem -count=8 .
//
// Sub-benchmarks: "default" uses a limiter with the default configuration
// but a window too large to ever make a request wait (ratelimit.Default
// would pace the loop to the plan's 20 requests per 2 s, which measures
// the window, not the core); "unlimited" uses ratelimit.Unlimited, the
// core's cost without a limiter. Most of what "default" costs more is not
// the limiter's work (about 1 µs a call) but its log of the admissions of
// the last 2 s: some 20,000 at the loopback rate, about 1 MB of a heap of
// 4 MB, so that the garbage collector runs about a fifth more often
// (GODEBUG=gctrace=1). A real window holds at most a few hundred.
func BenchmarkDealsGet(b *testing.B) {
	srv := getDealServer(b)
	wide, err := ratelimit.New(ratelimit.WithLimit(1 << 30))
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		lim  ratelimit.Admitter
	}{
		{"default", wide},
		{"unlimited", ratelimit.Unlimited{}},
	} {
		b.Run(tc.name, func(b *testing.B) { benchDealsGet(b, srv, tc.lim) })
	}
}

func benchDealsGet(b *testing.B, srv *httptest.Server, lim ratelimit.Admitter) {
	ctx := context.Background()
	client, err := pipedrive.NewClient(auth.APIToken("bench-token-0123456789"),
		pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(lim))
	if err != nil {
		b.Fatal(err)
	}
	sdk := func() {
		d, err := client.Deals.Get(ctx, 501)
		if err != nil || d.ID != 501 || d.UpdateTime == nil || len(d.CustomFields) != 5 {
			b.Fatalf("sdk: %v", err)
		}
	}
	hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	b.Cleanup(hc.CloseIdleConnections)
	url := srv.URL + "/api/v2/deals/"
	hand := func() {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+strconv.FormatInt(501, 10), nil)
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("X-Api-Token", "bench-token-0123456789")
		req.Header.Set("Accept", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var env struct {
			Success bool     `json:"success"`
			Data    handDeal `json:"data"`
		}
		err = json.NewDecoder(resp.Body).Decode(&env)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || env.Data.ID != 501 || env.Data.UpdateTime == nil || len(env.Data.CustomFields) != 5 {
			b.Fatalf("hand: status %d, %v", resp.StatusCode, err)
		}
	}
	// Warm both: connections open, JSON decoders' type caches filled.
	for range 50 {
		sdk()
		hand()
	}
	const batch = 10
	var s, h sideCost
	var pairs []float64 // each full batch pair's time ratio
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i += batch {
		n := min(batch, b.N-i)
		sn, hn := s.time(n, sdk), h.time(n, hand)
		if n == batch {
			pairs = append(pairs, float64(sn)/float64(hn))
		}
	}
	b.StopTimer()
	for range 5 {
		s.count(100, sdk)
		h.count(100, hand)
	}
	b.ReportMetric(s.perTimed(), "sdk-ns/call")
	b.ReportMetric(h.perTimed(), "hand-ns/call")
	b.ReportMetric(s.perCounted(s.bytes), "sdk-B/call")
	b.ReportMetric(h.perCounted(h.bytes), "hand-B/call")
	b.ReportMetric(s.perCounted(s.allocs), "sdk-allocs/call")
	b.ReportMetric(h.perCounted(h.allocs), "hand-allocs/call")
	b.ReportMetric(s.perTimed()/h.perTimed(), "time-ratio")
	if len(pairs) > 0 {
		slices.Sort(pairs)
		b.ReportMetric(pairs[len(pairs)/2], "time-ratio-median")
	}
	b.ReportMetric(float64(s.bytes)/float64(h.bytes), "bytes-ratio")
	b.ReportMetric(float64(s.allocs)/float64(h.allocs), "allocs-ratio")
}
