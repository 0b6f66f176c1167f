// Package ops describes every Pipedrive API operation the SDK knows: its
// API version, HTTP method, path template, token cost and whether it is
// safe to send again.
//
// The data comes from operations.tsv (one row per operation of Pipedrive's
// v1 and v2 OpenAPI specs, kept verbatim) and retry.tsv (the operations
// whose repeat-safety differs from their method's default, each with its
// reason); zz_operations.go is generated from both by
// `go generate ./internal/ops`, which fails on a retry.tsv row naming an
// unknown operationId. Services refer to operations by the generated
// variables (V2GetDeal, V1GetDealTimeline, ...), so a missing or renamed
// operation is a compile error, not a runtime surprise.
package ops
