package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// progress draws a progress bar for a known number of steps. On a terminal
// it redraws one line in place; anywhere else (a pipe, a CI log) it prints a
// line at each quarter, so logs stay readable.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	tty   bool
	label string
	total int
	done  int
	start time.Time
	last  time.Time // last redraw, to bound redraws on a terminal
	shown int       // quarters printed when not a terminal
}

func newProgress(w io.Writer, label string, total int) *progress {
	return &progress{w: w, tty: isTerminal(w), label: label, total: total, start: time.Now()}
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// step records one finished step.
func (p *progress) step() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	if p.tty {
		now := time.Now()
		if p.done < p.total && now.Sub(p.last) < 50*time.Millisecond {
			return
		}
		p.last = now
		fmt.Fprintf(p.w, "\r%s\x1b[K", p.line(now)) // \x1b[K clears what a longer line left
		if p.done == p.total {
			fmt.Fprintln(p.w)
		}
		return
	}
	for p.shown < 4 && p.done*4 >= (p.shown+1)*p.total {
		p.shown++
		fmt.Fprintln(p.w, p.line(time.Now()))
	}
}

func (p *progress) line(now time.Time) string {
	const width = 30
	filled := 0
	if p.total > 0 {
		filled = p.done * width / p.total
	}
	rate := 0.0
	if el := now.Sub(p.start).Seconds(); el > 0 {
		rate = float64(p.done) / el
	}
	return fmt.Sprintf("%s [%s%s] %d/%d  %.1f req/s", p.label,
		strings.Repeat("#", filled), strings.Repeat(".", width-filled), p.done, p.total, rate)
}
