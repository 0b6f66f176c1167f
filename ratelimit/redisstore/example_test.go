package redisstore_test

import (
	"context"
	"errors"
	"log"
	"os"
	"time"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/ratelimit/redisstore"
	"github.com/redis/go-redis/v9"
)

// Every process of an integration builds its client this way: the limiter
// keeps its state in Redis, so all of them share one budget per token.
func ExampleNew() {
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	defer rdb.Close()

	store, err := redisstore.New(rdb, redisstore.WithPrefix("myapp:pipedrive:"))
	if err != nil {
		log.Fatal(err)
	}
	lim, err := ratelimit.New(ratelimit.WithStore(store), ratelimit.WithPlan(ratelimit.Growth))
	if err != nil {
		log.Fatal(err)
	}
	client, err := pipedrive.NewClient(auth.APIToken(os.Getenv("PIPEDRIVE_API_TOKEN")), pipedrive.WithLimiter(lim))
	if err != nil {
		log.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	deal, err := client.Deals.Get(ctx, 42)
	switch {
	case errors.Is(err, redisstore.ErrUnavailable):
		// Redis is down: the request was not sent.
		log.Printf("rate-limit store unavailable: %v", err)
	case err != nil:
		log.Fatal(err)
	default:
		log.Printf("deal %d: %s", deal.ID, deal.Title)
	}
}

// With WithFallback, each of the 4 processes sharing a token goes on at a
// quarter of every limit while Redis is unreachable, instead of failing.
func ExampleWithFallback() {
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	defer rdb.Close()
	store, err := redisstore.New(rdb, redisstore.WithFallback(4), redisstore.WithCooldown(2*time.Second))
	if err != nil {
		log.Fatal(err)
	}
	if _, err := ratelimit.New(ratelimit.WithStore(store)); err != nil {
		log.Fatal(err)
	}
}

// The limiter calls Wake itself (a Store implements ratelimit.Waker); a
// program that paces other work on a key may wait on it too: the channel
// receives when any process using the same Redis and prefix observes a
// response of the key.
func ExampleStore_Wake() {
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	defer rdb.Close()
	store, err := redisstore.New(rdb)
	if err != nil {
		log.Fatal(err)
	}
	wake, stop := store.Wake(auth.APIToken(os.Getenv("PIPEDRIVE_API_TOKEN")).LimitKey())
	defer stop()
	select {
	case <-wake:
		log.Print("another process observed a response")
	case <-time.After(time.Second):
	}
}
