// Package jsonx holds JSON helpers shared by the resource packages.
package jsonx
