package jsonx_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

func TestRef(t *testing.T) {
	for in, want := range map[string]jsonx.Ref{
		`501`:                               {ID: 501},
		`"501"`:                             {ID: 501},
		`501.0`:                             {ID: 501},
		`null`:                              {},
		`""`:                                {},
		`{"name":"Org","value":501}`:        {ID: 501, Name: "Org"},
		`{"id":7,"name":"Owner","value":7}`: {ID: 7, Name: "Owner"},
		`{"id":7,"name":"Owner"}`:           {ID: 7, Name: "Owner"},
		`{"id":"8","value":null}`:           {ID: 8},
		`{"name":"no id"}`:                  {Name: "no id"},
		`{"value":"33","people_count":3}`:   {ID: 33},
	} {
		var got jsonx.Ref
		require.NoError(t, json.Unmarshal([]byte(in), &got), in)
		assert.Equal(t, want, got, in)
		if want.ID == 0 {
			assert.Nil(t, got.Ptr())
		} else {
			assert.Equal(t, &want.ID, got.Ptr())
		}
	}
	for _, in := range []string{`"abc"`, `1.5`, `true`, `[1]`, `{"value":{"value":1}}`, `{"value":"x"}`} {
		var got jsonx.Ref
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
		Extra jsonx.Ref `json:"extra"`
	}
	require.NoError(t, jsonx.Unmarshal([]byte(`{"id":"12","value":"2.5","tags":["1","2"],"extra":{"value":"3"}}`), &w))
	assert.Equal(t, Rec{ID: 12, Value: 2.5, Tags: []int64{1, 2}}, Rec(w.plain))
	assert.Equal(t, jsonx.Ref{ID: 3}, w.Extra)
}
