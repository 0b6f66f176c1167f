// Package ops describes every Pipedrive API operation the SDK knows: its
// API version, HTTP method, path template and token cost.
//
// The data comes from operations.tsv (one row per operation of Pipedrive's
// v1 and v2 OpenAPI specs); zz_operations.go is generated from it by
// `go generate ./internal/ops`. Services refer to operations by the
// generated variables (V2GetDeal, V1GetDealTimeline, ...), so a missing or
// renamed operation is a compile error, not a runtime surprise.
package ops
