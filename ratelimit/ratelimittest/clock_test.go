package ratelimittest

import (
	"testing"
	"time"
)

func TestClock(t *testing.T) {
	start := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	c := NewClock(start)
	a, _ := c.Timer(3 * time.Second)
	b, stopB := c.Timer(time.Second)
	z, _ := c.Timer(0)
	select {
	case got := <-z:
		if !got.Equal(start) {
			t.Fatalf("zero timer fired at %v", got)
		}
	default:
		t.Fatal("a zero timer must fire at once")
	}
	if c.Pending() != 2 {
		t.Fatalf("pending %d", c.Pending())
	}
	if !c.AdvanceToNext() || !c.Now().Equal(start.Add(time.Second)) {
		t.Fatalf("AdvanceToNext moved to %v", c.Now())
	}
	if got := <-b; !got.Equal(start.Add(time.Second)) {
		t.Fatalf("timer b fired at %v", got)
	}
	if stopB() {
		t.Fatal("stopping a fired timer reported it pending")
	}
	c.Set(start) // never backwards
	if !c.Now().Equal(start.Add(time.Second)) {
		t.Fatal("Set moved the clock back")
	}
	c.Advance(time.Second)
	select {
	case <-a:
		t.Fatal("timer a fired early")
	default:
	}
	d, stopD := c.Timer(time.Hour)
	if !stopD() || c.Pending() != 1 {
		t.Fatal("stop did not cancel a pending timer")
	}
	c.Advance(time.Second)
	if got := <-a; !got.Equal(start.Add(3 * time.Second)) {
		t.Fatalf("timer a fired at %v", got)
	}
	select {
	case <-d:
		t.Fatal("a stopped timer fired")
	default:
	}
	if c.AdvanceToNext() {
		t.Fatal("AdvanceToNext with nothing pending")
	}
}
