package pipedrivetest

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Seed stores an object as if a client had created it through the API, but
// without spending any limit or counting a request. fields takes the same
// properties (and custom_fields) as the v2 create endpoint's JSON body. It
// returns the new object's id.
func (s *Server) Seed(e Entity, fields map[string]any) (int64, error) {
	if _, ok := entityInfo[e]; !ok {
		return 0, fmt.Errorf("pipedrivetest: unknown entity %q", e)
	}
	// Round-trip through JSON so that values take the forms a request body has.
	raw, err := json.Marshal(fields)
	if err != nil {
		return 0, fmt.Errorf("pipedrivetest: seed %s: %w", e, err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var body map[string]any
	if err := dec.Decode(&body); err != nil || body == nil {
		return 0, fmt.Errorf("pipedrivetest: seed %s: fields must be a JSON object", e)
	}
	now := v2Time(s.clock.Now())
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	id := st.nextID[e] + 1
	o := defaults(e, id, DefaultUserID, now)
	if err := st.apply(e, o, body, true, now); err != nil {
		return 0, fmt.Errorf("pipedrivetest: seed %s: %w", e, err)
	}
	st.nextID[e] = id
	st.objects[e][id] = o
	return id, nil
}

// Object returns the stored object e with the given id in its v2 JSON shape
// (numbers as int64 or float64), and whether it exists.
func (s *Server) Object(e Entity, id int64) (map[string]any, bool) {
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	o, ok := st.objects[e][id]
	if !ok {
		return nil, false
	}
	return clone(o), true
}

// Len returns how many objects of entity e are stored.
func (s *Server) Len(e Entity) int {
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	return len(st.objects[e])
}

// CustomFieldKey returns the key (field_code) of entity e's custom field
// named name, as the field definitions endpoints list it.
func (s *Server) CustomFieldKey(e Entity, name string) (string, bool) {
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, f := range st.fields[e] {
		if f.Name == name {
			return f.key, true
		}
	}
	return "", false
}

// OptionID returns the id of the option labelled label of entity e's enum
// or set custom field named field.
func (s *Server) OptionID(e Entity, field, label string) (int64, bool) {
	st := s.data
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, f := range st.fields[e] {
		if f.Name != field {
			continue
		}
		for _, o := range f.options {
			if o.Label == label {
				return o.ID, true
			}
		}
	}
	return 0, false
}
