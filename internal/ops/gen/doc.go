// Command gen turns operations.tsv into Go variables, one per operation,
// with each operation's Idempotent flag from its method's default and the
// exceptions of retry.tsv. It fails on an overlay row that names an
// unknown operationId, says nothing, or repeats the method's default.
package main
