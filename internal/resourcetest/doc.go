// Package resourcetest is the test harness of the resource packages
// (deals, persons, organizations): it runs one table case per API
// operation against an httptest server that checks the request (method,
// v1 or v2 path, query, JSON body) and answers with a fixture, and it
// walks operations.tsv to prove every operation of a tag is covered.
package resourcetest
