# Targets for developers and CI. `make test` is the README's test command.
GO            ?= go
STATICCHECK   ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
BENCHTIME     ?= 1s
# Nested modules with their own go.mod, tested alongside the main module.
NESTED        := $(wildcard ratelimit/redisstore)

.PHONY: test bench bench-limiter lint cover fuzz generate release-check large-file

## test: every test, race detector on, for the main module and nested modules
test:
	$(GO) test -race -count=1 ./...
	@for m in $(NESTED); do (cd $$m && $(GO) test -race -count=1 ./...) || exit 1; done

## bench: every benchmark, with allocations
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) ./...
	@for m in $(NESTED); do (cd $$m && $(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) ./...) || exit 1; done

## bench-limiter: the limiter at the physical limit, 3 runs each (real time, about 4 min): saturation at N = 40 on loopback, with latency, with UI users and with UI users who join a token the sync spends alone (BenchmarkSaturation), and four processes through Redis (BenchmarkProcesses)
bench-limiter:
	$(GO) test -run '^$$' -bench '^BenchmarkSaturation$$' -benchtime 1x -count 3 ./ratelimit/
	cd ratelimit/redisstore && $(GO) test -run '^$$' -bench '^BenchmarkProcesses$$' -benchtime 1x -count 3 ./

## large-file: a 200 MiB upload and download through pipedrivetest, with the client's peak heap (must stay under 32 MiB)
large-file:
	$(GO) test -count=1 -run '^TestLargeFile$$' -v ./files/ -args -large

## lint: gofmt, go vet and staticcheck (pinned, run through go run)
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	@for m in $(NESTED); do (cd $$m && $(GO) vet ./...) || exit 1; done

## cover: test coverage, as coverage.out and a summary
cover:
	$(GO) test -race -count=1 -coverprofile=coverage.out -covermode=atomic ./...
	$(GO) tool cover -func=coverage.out | tail -1

## generate: regenerate the operations table's Go code and the services' thin methods
generate:
	$(GO) generate ./internal/ops
	$(GO) run ./internal/svcgen
	@if [ -f ../shared/pipedrive-api/openapi-v1.yaml ]; then $(GO) run ./internal/spec/gen; fi

## fuzz: run every fuzz target for FUZZTIME each (default 30s)
FUZZTIME ?= 30s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 2s $$pkg || exit 1; \
	  done; \
	done

## release-check: pack both modules into a local module proxy and build a scratch module on them (about 30 s; see RELEASING.md)
release-check:
	$(GO) run ./internal/releasecheck
