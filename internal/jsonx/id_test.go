package jsonx_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

func TestID(t *testing.T) {
	for in, want := range map[string]jsonx.ID{
		`501`:                               501,
		`"501"`:                             501,
		`501.0`:                             501,
		`null`:                              0,
		`""`:                                0,
		`{"name":"Org","value":501}`:        501,
		`{"id":7,"name":"Owner","value":7}`: 7,
		`{"id":7,"name":"Owner"}`:           7,
		`{"id":"8","value":null}`:           8,
		`{"name":"no id"}`:                  0,
		`{"value":"33","people_count":3}`:   33,
	} {
		var got jsonx.ID
		require.NoError(t, json.Unmarshal([]byte(in), &got), in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{`"abc"`, `1.5`, `true`, `[1]`, `{"value":{"value":1}}`, `{"value":"x"}`} {
		var got jsonx.ID
		assert.Error(t, json.Unmarshal([]byte(in), &got), in)
	}
}

// TestUnmarshalThroughEmbeddedAlias covers the decoding pattern of the
// resource models: an alias of the type embedded in an aux struct, whose
// name encoding/json puts in the error path.
func TestUnmarshalThroughEmbeddedAlias(t *testing.T) {
	type Rec struct {
		ID    int64   `json:"id"`
		Value float64 `json:"value"`
		Tags  []int64 `json:"tags"`
	}
	type plain Rec
	var w struct {
		plain
		Extra jsonx.ID `json:"extra"`
	}
	require.NoError(t, jsonx.Unmarshal([]byte(`{"id":"12","value":"2.5","tags":["1","2"],"extra":{"value":"3"}}`), &w))
	assert.Equal(t, Rec{ID: 12, Value: 2.5, Tags: []int64{1, 2}}, Rec(w.plain))
	assert.Equal(t, jsonx.ID(3), w.Extra)
}

func TestIDPtr(t *testing.T) {
	assert.Nil(t, jsonx.ID(0).Ptr())
	want := int64(7)
	assert.Equal(t, &want, jsonx.ID(7).Ptr())
}
