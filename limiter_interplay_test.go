package pipedrive_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/ratelimit"
)

// A write answered 429 and retried after the reset spends one daily write
// and its token cost once, however many 429s came before it succeeded.
func TestRetried429SpendsOneDailyWrite(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if n.Add(1) <= 2 {
			w.Header().Set("X-Ratelimit-Reset", "0.05")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"success":false,"error":"Request over limit","errorCode":429}`))
			return
		}
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"success":true,"data":{"id":7,"title":"x"}}`))
	}))
	defer srv.Close()
	lim, err := ratelimit.New()
	if err != nil {
		t.Fatal(err)
	}
	cred := auth.APIToken("interplay-token")
	c, err := pipedrive.NewClient(cred, pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(lim),
		pipedrive.WithDailyTokenBudget(1000))
	if err != nil {
		t.Fatal(err)
	}
	d, err := c.Deals.Create(context.Background(), &deals.CreateParams{Title: "x"})
	if err != nil || d.ID != 7 {
		t.Fatalf("Create = %v, %v", d, err)
	}
	if n.Load() != 3 {
		t.Fatalf("%d requests, want 3", n.Load())
	}
	st, err := lim.State(context.Background(), cred.LimitKey())
	if err != nil {
		t.Fatal(err)
	}
	if st.DailyWritesUsed != 1 {
		t.Errorf("DailyWritesUsed = %d after one write retried twice, want 1", st.DailyWritesUsed)
	}
	if st.TokensSpent != 5 {
		t.Errorf("TokensSpent = %d, want the cost of one POST /deals (5)", st.TokensSpent)
	}
}

// With the real limiter, a 429 whose reset outlasts the context's deadline
// fails at once with the limiter's typed error; nothing more is sent.
func TestRetried429PastDeadlineIsTyped(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Ratelimit-Reset", "30")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"success":false,"error":"Request over limit","errorCode":429}`))
	}))
	defer srv.Close()
	lim, err := ratelimit.New()
	if err != nil {
		t.Fatal(err)
	}
	c, err := pipedrive.NewClient(auth.APIToken("interplay-token-2"), pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(lim))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err = c.Deals.Get(ctx, 1)
	if !errors.Is(err, ratelimit.ErrWaitExceedsDeadline) || !errors.Is(err, pipedrive.ErrRateLimited) {
		t.Fatalf("err = %v, want ErrWaitExceedsDeadline and ErrRateLimited", err)
	}
	// The next call on the blocked key is refused by the limiter itself.
	_, err = c.Deals.Get(ctx, 1)
	var we *ratelimit.WaitError
	if !errors.As(err, &we) || we.Reason != ratelimit.ReasonServer {
		t.Fatalf("second call: err = %v, want a *ratelimit.WaitError for the server block", err)
	}
	if n.Load() != 1 {
		t.Errorf("%d requests sent, want 1", n.Load())
	}
}
