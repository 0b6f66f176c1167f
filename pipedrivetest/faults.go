package pipedrivetest

import (
	"fmt"
	"path"
	"strings"
	"time"
)

// FaultKind is what an injected fault does to a request.
type FaultKind int

const (
	// DropConnection processes the request as usual (a write is applied and
	// counted) and then closes the connection without sending the response,
	// so the client cannot know whether its request took effect.
	DropConnection FaultKind = iota + 1
	// BadGateway answers 502 with an HTML page, as a proxy in front of the
	// API does; the request is not processed.
	BadGateway
	// Slow waits Fault.Delay before processing the request.
	Slow
	// Block answers 403 with Cloudflare's HTML block page; the request is
	// not processed.
	Block
)

// String returns the fault's name.
func (k FaultKind) String() string {
	switch k {
	case DropConnection:
		return "drop-connection"
	case BadGateway:
		return "bad-gateway"
	case Slow:
		return "slow"
	case Block:
		return "block"
	default:
		return fmt.Sprintf("FaultKind(%d)", int(k))
	}
}

// Fault describes requests to disturb and how. For example, to lose the
// response of the next deal creation:
//
//	srv.InjectFault(pipedrivetest.Fault{Kind: pipedrivetest.DropConnection,
//		Method: "POST", Path: "/api/v2/deals", Count: 1})
type Fault struct {
	// Kind is what happens to a matching request.
	Kind FaultKind
	// Method matches the request's method; empty matches every method.
	Method string
	// Path matches the request's URL path with path.Match, so "*" stands for
	// one path segment ("/api/v2/deals/*"); empty matches every path.
	Path string
	// Count is how many matching requests the fault hits before it is used
	// up; zero hits every matching request until ClearFaults.
	Count int
	// Delay is how long a Slow fault waits.
	Delay time.Duration
}

func (f Fault) validate() error {
	switch f.Kind {
	case DropConnection, BadGateway, Block:
	case Slow:
		if f.Delay <= 0 {
			return fmt.Errorf("%w: a slow fault needs a positive delay", errBadOption)
		}
	default:
		return fmt.Errorf("%w: unknown fault kind %d", errBadOption, int(f.Kind))
	}
	if f.Count < 0 {
		return fmt.Errorf("%w: negative fault count", errBadOption)
	}
	if f.Path != "" {
		if _, err := path.Match(f.Path, "/"); err != nil {
			return fmt.Errorf("%w: fault path pattern %q: %w", errBadOption, f.Path, err)
		}
	}
	return nil
}

func (f Fault) matches(method, p string) bool {
	if f.Method != "" && !strings.EqualFold(f.Method, method) {
		return false
	}
	if f.Path == "" {
		return true
	}
	ok, _ := path.Match(f.Path, p)
	return ok
}

// activeFault is an injected fault with the number of hits it has left.
type activeFault struct {
	Fault
	left int // -1: unlimited
}

// takeFaults returns the faults that hit this request, using them up. At
// most one fault of each kind applies.
func (s *Server) takeFaults(method, p string) (hit []FaultKind, delay time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	seen := map[FaultKind]bool{}
	kept := s.faults[:0]
	for _, f := range s.faults {
		if !seen[f.Kind] && f.matches(method, p) {
			seen[f.Kind] = true
			hit = append(hit, f.Kind)
			if f.Kind == Slow {
				delay = f.Delay
			}
			if f.left > 0 {
				f.left--
				if f.left == 0 {
					continue
				}
			}
		}
		kept = append(kept, f)
	}
	for i := len(kept); i < len(s.faults); i++ {
		s.faults[i] = nil
	}
	s.faults = kept
	if len(hit) > 0 {
		s.stats.faults += len(hit)
	}
	return hit, delay
}

// InjectFault adds a fault. Faults apply in the order they were added; when
// several of the same kind match a request, the first one is used.
// InjectFault returns an error only for an invalid Fault.
func (s *Server) InjectFault(f Fault) error {
	if err := f.validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addFaultLocked(f)
	return nil
}

func (s *shared) addFaultLocked(f Fault) {
	left := f.Count
	if left == 0 {
		left = -1
	}
	s.faults = append(s.faults, &activeFault{Fault: f, left: left})
}

// ClearFaults removes every injected fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// PendingFaults reports how many injected faults are not used up yet.
func (s *Server) PendingFaults() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.faults)
}

const badGatewayPage = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
</body>
</html>
`

const blockedPage = `<!DOCTYPE html>
<html lang="en-US">
<head>
<title>Attention Required! | Cloudflare</title>
<meta charset="UTF-8">
</head>
<body>
<div id="cf-wrapper">
<h1>Sorry, you have been blocked</h1>
<h2>You are unable to access pipedrive.com</h2>
<p>This website is using a security service to protect itself from online attacks.</p>
</div>
</body>
</html>
`
