package crm_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive/crm"
)

// TestFieldEncodesInItsShape: a definition encodes back in the shape it
// was decoded from, v2's or v1's (note fields).
func TestFieldEncodesInItsShape(t *testing.T) {
	for name, in := range map[string]string{
		"v2": `{"field_code":"abc","field_name":"Score","field_type":"double","is_custom_field":true,"is_optional_response_field":false,"options":[{"id":1,"label":"A"}]}`,
		"v1": `{"id":2,"key":"pinned_to_deal_flag","name":"Pinned","field_type":"enum","options":[{"id":1,"label":"Yes"},{"id":0,"label":"No"}],"active_flag":true,"edit_flag":false,"bulk_edit_allowed":true,"mandatory_flag":false}`,
	} {
		t.Run(name, func(t *testing.T) {
			var f crm.Field
			require.NoError(t, json.Unmarshal([]byte(in), &f))
			out, err := json.Marshal(f)
			require.NoError(t, err)
			assert.JSONEq(t, in, string(out))
			var back crm.Field
			require.NoError(t, json.Unmarshal(out, &back))
			assert.Equal(t, f, back)
		})
	}
}
