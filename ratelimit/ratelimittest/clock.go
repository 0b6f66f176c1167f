package ratelimittest

import (
	"sort"
	"sync"
	"time"
)

// Clock is a fake clock for tests. Time stands still until the test moves
// it with Advance, Set or AdvanceToNext; timers fire when the clock reaches
// their deadline. It satisfies ratelimit.Clock and is safe for concurrent
// use.
type Clock struct {
	mu     sync.Mutex
	cond   *sync.Cond
	now    time.Time
	timers []*timer
	seq    uint64
}

type timer struct {
	at  time.Time
	seq uint64
	c   chan time.Time
}

// NewClock returns a fake clock showing start.
func NewClock(start time.Time) *Clock {
	c := &Clock{now: start}
	c.cond = sync.NewCond(&c.mu)
	return c
}

// Now returns the clock's current time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Timer returns a channel that receives the clock's time once the clock
// has advanced by d, and a function that cancels it. A timer of d <= 0
// fires at once.
func (c *Clock) Timer(d time.Duration) (<-chan time.Time, func() bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch, func() bool { return false }
	}
	c.seq++
	t := &timer{at: c.now.Add(d), seq: c.seq, c: ch}
	c.timers = append(c.timers, t)
	c.cond.Broadcast()
	return ch, func() bool { return c.stop(t) }
}

func (c *Clock) stop(t *timer) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, x := range c.timers {
		if x == t {
			c.timers = append(c.timers[:i], c.timers[i+1:]...)
			c.cond.Broadcast()
			return true
		}
	}
	return false
}

// Advance moves the clock forward by d, firing every timer whose deadline
// is reached, in deadline order.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.setLocked(c.now.Add(d))
}

// Set moves the clock to t (never backwards), firing due timers.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.now) {
		c.setLocked(t)
	}
}

func (c *Clock) setLocked(t time.Time) {
	c.now = t
	sort.Slice(c.timers, func(i, j int) bool {
		if !c.timers[i].at.Equal(c.timers[j].at) {
			return c.timers[i].at.Before(c.timers[j].at)
		}
		return c.timers[i].seq < c.timers[j].seq
	})
	n := 0
	for n < len(c.timers) && !c.timers[n].at.After(t) {
		c.timers[n].c <- t
		n++
	}
	c.timers = append(c.timers[:0], c.timers[n:]...)
	c.cond.Broadcast()
}

// AdvanceToNext moves the clock to the earliest pending timer's deadline
// and fires it (with any others due then). It reports false, leaving the
// clock alone, when no timer is pending.
func (c *Clock) AdvanceToNext() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.timers) == 0 {
		return false
	}
	next := c.timers[0].at
	for _, t := range c.timers[1:] {
		if t.at.Before(next) {
			next = t.at
		}
	}
	if next.After(c.now) {
		c.setLocked(next)
	} else {
		c.setLocked(c.now)
	}
	return true
}

// Pending returns the number of timers waiting to fire.
func (c *Clock) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

// WaitPending blocks until at least n timers are pending, which in a test
// means that n goroutines have gone to sleep on the clock.
func (c *Clock) WaitPending(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for len(c.timers) < n {
		c.cond.Wait()
	}
}
