module github.com/pipedrive-go/pipedrive/ratelimit/redisstore

go 1.25.0

require (
	github.com/pipedrive-go/pipedrive v0.1.0
	github.com/redis/go-redis/v9 v9.22.0
)

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/google/go-querystring v1.2.0 // indirect
	github.com/sethvargo/go-retry v0.5.0 // indirect
	go.uber.org/atomic v1.11.0 // indirect
	golang.org/x/oauth2 v0.36.0 // indirect
	golang.org/x/sys v0.35.0 // indirect
)

replace github.com/pipedrive-go/pipedrive => ../..
