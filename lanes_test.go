package pipedrive_test

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// priorityAdmitter records the lane each admission's context asks for.
type priorityAdmitter struct {
	ratelimit.Unlimited
	mu  sync.Mutex
	got []ratelimit.Priority
}

func (a *priorityAdmitter) Admit(ctx context.Context, r ratelimit.Request) (ratelimit.Ticket, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	p := r.Priority
	if p == ratelimit.Normal {
		p = ratelimit.PriorityOf(ctx)
	}
	a.got = append(a.got, p)
	return ratelimit.Ticket{}, nil
}

func (a *priorityAdmitter) Observe(ratelimit.Request, ratelimit.Ticket, int, http.Header) {}

// TestLaneReachesAdmitter: the lane a call's context is marked with
// reaches the limiter with every request of the call, typed or raw.
func TestLaneReachesAdmitter(t *testing.T) {
	srv := pipedrivetest.NewServer(t)
	adm := &priorityAdmitter{}
	c := newTestClient(t, auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(adm))
	for _, tc := range []struct {
		name string
		ctx  context.Context
		want ratelimit.Priority
	}{
		{"unmarked", context.Background(), ratelimit.Normal},
		{"interactive", pipedrive.Interactive(context.Background()), ratelimit.Interactive},
		{"background", pipedrive.Background(context.Background()), ratelimit.Background},
		{"the innermost mark wins", pipedrive.Interactive(pipedrive.Background(context.Background())), ratelimit.Interactive},
	} {
		t.Run(tc.name, func(t *testing.T) {
			adm.mu.Lock()
			adm.got = nil
			adm.mu.Unlock()
			if _, err := c.Users.Me(tc.ctx); err != nil {
				t.Fatal(err)
			}
			req, err := c.NewRequest(http.MethodGet, "/v1/users/me", nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.Do(tc.ctx, req, nil); err != nil {
				t.Fatal(err)
			}
			adm.mu.Lock()
			defer adm.mu.Unlock()
			if len(adm.got) != 2 || adm.got[0] != tc.want || adm.got[1] != tc.want {
				t.Fatalf("admissions asked for %v, want %v twice", adm.got, tc.want)
			}
		})
	}
	var nilCtx context.Context // returned as it is, not a panic
	if pipedrive.Interactive(nilCtx) != nil || pipedrive.Background(nilCtx) != nil {
		t.Fatal("a nil context was not returned as it is")
	}
}
