package redisstore

import (
	"context"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// subscriber is the part of a Redis client that opens a pub/sub
// connection (*redis.Client, *redis.ClusterClient, redis.UniversalClient).
type subscriber interface {
	Subscribe(ctx context.Context, channels ...string) *redis.PubSub
}

// wakeRetry is how long the wake-up hub waits before subscribing again
// after Redis refused or failed a subscription.
const wakeRetry = time.Second

// hub fans the wake-up messages of one pub/sub connection out to the
// waiting heads of this process. Its one goroutine runs only while some
// head waits: it exits, closing the connection, when the last one leaves.
type hub struct {
	mu      sync.Mutex
	waiters map[string]map[chan struct{}]struct{} // channel -> heads
	running bool
	kick    chan struct{} // the set of channels changed
	live    bool          // subscribed to every channel with a waiter
}

// wakeChannel is the pub/sub channel the observe script publishes to when
// a response of limitKey is observed.
func (s *Store) wakeChannel(limitKey string) string {
	return s.prefix + "wake:{" + keyHash(limitKey) + "}"
}

// Wake implements ratelimit.Waker: the channel receives when any process
// using the store on the same Redis observes a response of the key. A
// Redis client that cannot subscribe (a bare redis.Scripter) never wakes
// anyone; waits then end on their timers (see WithSyncPoll).
func (s *Store) Wake(key string) (<-chan struct{}, func()) {
	if s.sub == nil {
		return nil, func() {}
	}
	ch := make(chan struct{}, 1)
	name := s.wakeChannel(key)
	h := &s.hub
	h.mu.Lock()
	if h.waiters == nil {
		h.waiters = map[string]map[chan struct{}]struct{}{}
		h.kick = make(chan struct{}, 1)
	}
	set := h.waiters[name]
	if set == nil {
		set = map[chan struct{}]struct{}{}
		h.waiters[name] = set
		h.live = false
	}
	set[ch] = struct{}{}
	if !h.running {
		h.running = true
		go s.dispatch()
	}
	h.mu.Unlock()
	h.poke()
	return ch, func() {
		h.mu.Lock()
		if set := h.waiters[name]; set != nil {
			delete(set, ch)
			if len(set) == 0 {
				delete(h.waiters, name)
			}
		}
		h.mu.Unlock()
		h.poke()
	}
}

func (h *hub) poke() {
	select {
	case h.kick <- struct{}{}:
	default:
	}
}

// woken reports whether the heads waiting on key are woken by pub/sub, so
// that their sync waits need no short poll.
func (s *Store) woken(key string) bool {
	if s.sub == nil {
		return false
	}
	h := &s.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.live && h.waiters[s.wakeChannel(key)] != nil
}

// dispatch runs the pub/sub connection while heads wait: it subscribes to
// the channels that have waiters, unsubscribes from the others, and hands
// every message to the waiters of its channel. go-redis reconnects and
// subscribes again on its own after a broken connection; a failed
// subscription is retried after wakeRetry. It returns once no head waits.
func (s *Store) dispatch() {
	h := &s.hub
	ps := s.sub.Subscribe(context.Background())
	defer ps.Close()
	msgs := ps.Channel()
	have := map[string]bool{}
	var retry <-chan time.Time
	for {
		select {
		case m, ok := <-msgs:
			if !ok {
				// Closed under us: start over with a new connection.
				h.mu.Lock()
				h.running, h.live = false, false
				h.mu.Unlock()
				return
			}
			h.mu.Lock()
			for ch := range h.waiters[m.Channel] {
				select {
				case ch <- struct{}{}:
				default:
				}
			}
			h.mu.Unlock()
			continue
		case <-h.kick:
		case <-retry:
			retry = nil
		}
		h.mu.Lock()
		if len(h.waiters) == 0 {
			h.running, h.live = false, false
			h.mu.Unlock()
			return
		}
		var add, del []string
		for name := range h.waiters {
			if !have[name] {
				add = append(add, name)
			}
		}
		for name := range have {
			if h.waiters[name] == nil {
				del = append(del, name)
			}
		}
		h.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		var err error
		if len(add) > 0 {
			if err = ps.Subscribe(ctx, add...); err == nil {
				for _, name := range add {
					have[name] = true
				}
			}
		}
		if len(del) > 0 && err == nil {
			if err = ps.Unsubscribe(ctx, del...); err == nil {
				for _, name := range del {
					delete(have, name)
				}
			}
		}
		cancel()
		h.mu.Lock()
		h.live = err == nil
		if err == nil {
			for name := range h.waiters {
				if !have[name] {
					h.live = false
				}
			}
		}
		h.mu.Unlock()
		if err != nil {
			retry = time.After(wakeRetry)
		}
	}
}
