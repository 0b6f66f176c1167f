// Command gen turns operations.tsv into Go variables, one per operation.
package main
