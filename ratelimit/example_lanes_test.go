package ratelimit_test

import (
	"context"
	"fmt"
	"log"
	"runtime"
	"sync"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/ratelimit/ratelimittest"
)

// Requests of one key wait in lanes when its window is full: here three
// background requests queue (the first becomes the head, which is never
// overtaken), then an interactive one, which is admitted before the
// background requests behind the head. The fake clock makes the order
// independent of timing.
func ExampleWithPriority() {
	clock := ratelimittest.NewClock(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
	lim, err := ratelimit.New(ratelimit.WithClock(clock), ratelimit.WithLimit(1), ratelimit.WithMargin(0))
	if err != nil {
		log.Fatal(err)
	}
	r := ratelimit.Request{Key: "api_token:example", Kind: auth.KindAPIToken, Class: ratelimit.Read, Method: "GET"}
	if _, err := lim.Admit(context.Background(), r); err != nil { // the window is now full
		log.Fatal(err)
	}
	var mu sync.Mutex
	var order []string
	var wg sync.WaitGroup
	waiting := func() int { st, _ := lim.State(context.Background(), r.Key); return st.Waiting }
	admit := func(name string, p ratelimit.Priority) {
		before := waiting()
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := lim.Admit(ratelimit.WithPriority(context.Background(), p), r); err != nil {
				log.Fatal(err)
			}
			mu.Lock()
			order = append(order, name)
			mu.Unlock()
		}()
		for waiting() == before { // until it is queued
			runtime.Gosched()
		}
	}
	admit("sync 1", ratelimit.Background)
	admit("sync 2", ratelimit.Background)
	admit("sync 3", ratelimit.Background)
	admit("user's page", ratelimit.Interactive)
	for range 4 {
		clock.WaitPending(1)
		clock.AdvanceToNext() // the head's wait ends: one admission
		for {
			mu.Lock()
			n := len(order)
			mu.Unlock()
			st, _ := lim.State(context.Background(), r.Key)
			if n+st.Waiting == 4 {
				break
			}
			runtime.Gosched()
		}
	}
	wg.Wait()
	fmt.Println(order)
	// Output:
	// [sync 1 user's page sync 2 sync 3]
}

// PriorityOf reads the lane a context asks for; a custom Admitter can use
// it the way Limiter does.
func ExamplePriorityOf() {
	ctx := pipedrive.Background(context.Background())
	fmt.Println(ratelimit.PriorityOf(ctx), ratelimit.PriorityOf(context.Background()))
	// Output:
	// background normal
}

// A backend that knows whom a credential acts for tells the limiter, so
// that its requests spend that user's daily write budget and that
// company's token budget.
func ExampleLimiter_Identify() {
	lim, err := ratelimit.New()
	if err != nil {
		log.Fatal(err)
	}
	cred := auth.APIToken("a token of user 7 of company 42")
	lim.Identify(cred.LimitKey(), ratelimit.UserKey(42, 7), ratelimit.CompanyKey(42))
	fmt.Println(lim.Identity(cred.LimitKey()))
	// Output:
	// user:42:7 company:42
}

// Users.Me teaches the client's limiter whom its credential acts for;
// every client of that limiter on the credential then carries it.
func ExampleLimiter_Identity() {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	lim, err := ratelimit.New()
	if err != nil {
		log.Fatal(err)
	}
	cred := auth.APIToken(srv.Token())
	client, err := pipedrive.NewClient(cred, pipedrive.WithBaseURL(srv.URL), pipedrive.WithLimiter(lim))
	if err != nil {
		log.Fatal(err)
	}
	user, company := lim.Identity(cred.LimitKey())
	fmt.Printf("before: %q %q\n", user, company)
	me, err := client.Users.Me(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	user, company = lim.Identity(cred.LimitKey())
	fmt.Println("after:", user == ratelimit.UserKey(me.CompanyID, me.ID), company == ratelimit.CompanyKey(me.CompanyID))
	// Output:
	// before: "" ""
	// after: true true
}

func ExamplePriority_String() {
	fmt.Println(ratelimit.Interactive, ratelimit.Normal, ratelimit.Background)
	// Output:
	// interactive normal background
}
