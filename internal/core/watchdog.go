package core

import (
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// An attempt's timeouts (Timeouts.Attempt and Timeouts.BodyIdle) share one
// timer, its watchdog, which is set once when the attempt begins and only
// rearmed when it fires: the request's phases (an upload being sent, the
// body being read, a download handed over) and every read that brings
// data write their moment in atomics, and the timer, when it fires, looks
// at them and either ends the attempt or sleeps until the earliest moment
// one of them could be due.
//
// That is sound because no deadline ever comes earlier than the timer's
// next firing: the whole attempt's clock only restarts (later) or pauses,
// and a wait for data that starts after a firing is due a full BodyIdle
// after it. A fast request thus costs one timer started and stopped,
// instead of a timer per timeout and a Reset per read.

// waitKind names what an attempt is waiting on under Timeouts.BodyIdle.
type waitKind int32

const (
	waitNone     waitKind = iota
	waitBody              // the next part of the response body
	waitUpload            // the connection to take more of the upload
	waitDownload          // the next part of a download
)

// waiting is what a TimeoutError of the wait says the attempt waited for.
func (k waitKind) waiting() string {
	switch k {
	case waitUpload:
		return "the connection to take more of the upload"
	case waitDownload:
		return "the next part of the download"
	default:
		return "the next part of the response body"
	}
}

// watchdog is the state the timer reads; it lives in the exchange.
type watchdog struct {
	mu      sync.Mutex    // guards timer and done
	timer   *time.Timer   // nil: no timeout applies
	done    bool          // the attempt is over: the timer must not rearm
	base    time.Time     // the attempt's start (its monotonic reading)
	attempt time.Duration // Timeouts.Attempt; 0: none
	idle    time.Duration // Timeouts.BodyIdle; 0: none
	from    atomic.Int64  // since base, when the attempt's clock (re)started; -1: paused
	wait    atomic.Int32  // the waitKind in progress
	moved   atomic.Int64  // since base, when the wait began or last brought data
}

// startWatch sets the watchdog of an attempt that begins now.
func (ex *exchange) startWatch(attempt, idle time.Duration) {
	w := &ex.watch
	w.base, w.attempt, w.idle = time.Now(), attempt, idle
	first := time.Duration(math.MaxInt64)
	if attempt > 0 {
		first = attempt
	}
	if idle > 0 {
		first = min(first, idle)
	}
	if first != math.MaxInt64 {
		w.mu.Lock() // a timer that fires at once waits for its field
		w.timer = time.AfterFunc(first, ex.fire)
		w.mu.Unlock()
	}
}

// since is the time since the attempt began.
func (w *watchdog) since() int64 { return int64(time.Since(w.base)) }

// pauseAttempt stops the whole attempt's clock (during an upload, and for
// a download once it is handed over).
func (ex *exchange) pauseAttempt() { ex.watch.from.Store(-1) }

// restartAttempt starts the whole attempt's clock afresh.
func (ex *exchange) restartAttempt() { ex.watch.from.Store(ex.watch.since()) }

// beginWait starts a wait for data of kind k.
func (ex *exchange) beginWait(k waitKind) {
	ex.watch.moved.Store(ex.watch.since())
	ex.watch.wait.Store(int32(k))
}

// endWait ends the wait of kind k, if it is the one in progress.
func (ex *exchange) endWait(k waitKind) { ex.watch.wait.CompareAndSwap(int32(k), int32(waitNone)) }

// touch notes that the wait in progress brought data.
func (ex *exchange) touch() {
	if ex.watch.idle > 0 {
		ex.watch.moved.Store(ex.watch.since())
	}
}

// stopWatch ends the watchdog.
func (ex *exchange) stopWatch() {
	w := &ex.watch
	w.mu.Lock()
	w.done = true
	if w.timer != nil {
		w.timer.Stop()
	}
	w.mu.Unlock()
}

// fire is the timer's: it ends the attempt when a timeout is due, and
// otherwise sleeps until the earliest moment one can be.
func (ex *exchange) fire() {
	w := &ex.watch
	w.mu.Lock()
	over := w.done
	w.mu.Unlock()
	if over {
		return
	}
	now := time.Duration(w.since())
	next := time.Duration(math.MaxInt64)
	if a := w.attempt; a > 0 {
		next = a // paused: a restart is due a whole Attempt after it
		if from := w.from.Load(); from >= 0 {
			due := time.Duration(from) + a
			if now >= due {
				ex.cancel(&TimeoutError{Waiting: "the whole attempt", After: a})
				return
			}
			next = due - now
		}
	}
	if d := w.idle; d > 0 {
		wait := d // none in progress: one that begins is due a whole BodyIdle after it
		if k := waitKind(w.wait.Load()); k != waitNone {
			due := time.Duration(w.moved.Load()) + d
			if now >= due {
				ex.cancel(&TimeoutError{Waiting: k.waiting(), After: d})
				return
			}
			wait = due - now
		}
		next = min(next, wait)
	}
	w.mu.Lock()
	if !w.done {
		w.timer.Reset(next)
	}
	w.mu.Unlock()
}
