package crm_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/pipedrive-go/pipedrive/crm"
)

func TestFieldCacheFetchesOnceUnderConcurrency(t *testing.T) {
	var calls atomic.Int32
	release := make(chan struct{})
	c := crm.NewFieldCache(func(ctx context.Context) ([]crm.Field, error) {
		calls.Add(1)
		<-release
		return []crm.Field{{Code: "x", Name: "X"}}, nil
	})
	var wg sync.WaitGroup
	sets := make([]*crm.FieldSet, 20)
	for i := range sets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := c.Get(context.Background())
			if err != nil {
				t.Error(err)
			}
			sets[i] = s
		}()
	}
	close(release)
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Fatalf("%d fetches, want 1", n)
	}
	for _, s := range sets {
		if s != sets[0] {
			t.Fatal("callers got different sets")
		}
	}
	if _, err := c.Get(context.Background()); err != nil || calls.Load() != 1 {
		t.Fatalf("cached Get fetched again (%d) or failed: %v", calls.Load(), err)
	}
	if _, err := c.Refresh(context.Background()); err != nil || calls.Load() != 2 {
		t.Fatalf("Refresh: %d fetches, %v", calls.Load(), err)
	}
}

func TestFieldCacheDoesNotCacheErrors(t *testing.T) {
	boom := errors.New("boom")
	var calls atomic.Int32
	c := crm.NewFieldCache(func(ctx context.Context) ([]crm.Field, error) {
		if calls.Add(1) == 1 {
			return nil, boom
		}
		return nil, nil
	})
	if _, err := c.Get(context.Background()); !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if _, ok := c.Cached(); ok {
		t.Fatal("a failed fetch was cached")
	}
	if s, err := c.Get(context.Background()); err != nil || s == nil {
		t.Fatalf("second Get: %v, %v", s, err)
	}
}

func TestFieldCacheWaiterHonoursItsContext(t *testing.T) {
	started := make(chan struct{})
	release := make(chan struct{})
	c := crm.NewFieldCache(func(ctx context.Context) ([]crm.Field, error) {
		close(started)
		<-release
		return nil, nil
	})
	go c.Get(context.Background())
	<-started
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Get(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	close(release)
}

func TestFieldCacheRetriesWhenLeaderWasCancelled(t *testing.T) {
	var calls atomic.Int32
	leaderIn := make(chan struct{})
	c := crm.NewFieldCache(func(ctx context.Context) ([]crm.Field, error) {
		if calls.Add(1) == 1 {
			close(leaderIn)
			<-ctx.Done()
			return nil, ctx.Err()
		}
		return []crm.Field{{Code: "y"}}, nil
	})
	lctx, cancel := context.WithCancel(context.Background())
	leaderDone := make(chan error)
	go func() { _, err := c.Get(lctx); leaderDone <- err }()
	<-leaderIn
	waiter := make(chan error)
	go func() {
		s, err := c.Get(context.Background())
		if err == nil && s.Len() != 1 {
			err = errors.New("wrong set")
		}
		waiter <- err
	}()
	cancel()
	if err := <-leaderDone; !errors.Is(err, context.Canceled) {
		t.Fatalf("leader err = %v", err)
	}
	if err := <-waiter; err != nil {
		t.Fatalf("waiter err = %v", err)
	}
}

func TestFieldCacheInvalidateDuringFetch(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{}, 2)
	var calls atomic.Int32
	c := crm.NewFieldCache(func(ctx context.Context) ([]crm.Field, error) {
		n := calls.Add(1)
		started <- struct{}{}
		if n == 1 {
			<-release
		}
		return []crm.Field{{Code: "gen"}}, nil
	})
	done := make(chan struct{})
	go func() { c.Get(context.Background()); close(done) }()
	<-started
	c.Invalidate()
	close(release)
	<-done
	if _, ok := c.Cached(); ok {
		t.Fatal("a fetch started before Invalidate was cached")
	}
}

// A fetch that panics (a custom RoundTripper or credential, in a server
// whose handler panics are recovered) must not poison the cache: callers
// waiting for it get an error, and the next Get fetches again instead of
// returning a nil set with a nil error.
func TestFieldCacheSurvivesPanickingFetch(t *testing.T) {
	var calls atomic.Int32
	entered, release := make(chan struct{}), make(chan struct{})
	c := crm.NewFieldCache(func(ctx context.Context) ([]crm.Field, error) {
		if calls.Add(1) == 1 {
			close(entered)
			<-release
			panic("transport exploded")
		}
		return []crm.Field{{Code: "x", Name: "X"}}, nil
	})
	leader := make(chan any, 1)
	go func() {
		defer func() { leader <- recover() }()
		_, _ = c.Get(context.Background())
	}()
	<-entered
	waiter := make(chan error, 1)
	go func() {
		s, err := c.Get(context.Background())
		if err == nil && s == nil {
			err = errors.New("nil set and nil error")
		}
		waiter <- err
	}()
	close(release)
	if p := <-leader; p == nil {
		t.Fatal("the leader's panic was swallowed")
	}
	// The waiter either shared the failed fetch (an error) or started a
	// new one (a set); never nil and nil.
	if err := <-waiter; err != nil && err.Error() == "nil set and nil error" {
		t.Fatal("waiter got a nil set and a nil error")
	}
	s, err := c.Get(context.Background())
	if err != nil || s == nil {
		t.Fatalf("Get after the panic = %v, %v; want a fresh fetch", s, err)
	}
	if _, err := s.Field("X"); err != nil {
		t.Fatal("the fresh set lacks field X")
	}
}

// Get with a nil context fails cleanly, even when it would have had to
// wait for another caller's fetch.
func TestFieldCacheNilContext(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	c := crm.NewFieldCache(func(ctx context.Context) ([]crm.Field, error) {
		close(entered)
		<-release
		return nil, nil
	})
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = c.Get(context.Background())
	}()
	<-entered
	defer func() {
		close(release)
		<-done
	}()
	//lint:ignore SA1012 a nil context is the point of the test
	if _, err := c.Get(nil); err == nil {
		t.Error("Get(nil) succeeded")
	}
}
