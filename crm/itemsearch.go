package crm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// FoundType is the kind of an item found by the item search.
type FoundType string

// The kinds of item the item search finds.
const (
	FoundTypeDeal           FoundType = "deal"
	FoundTypePerson         FoundType = "person"
	FoundTypeOrganization   FoundType = "organization"
	FoundTypeProduct        FoundType = "product"
	FoundTypeLead           FoundType = "lead"
	FoundTypeFile           FoundType = "file"
	FoundTypeMailAttachment FoundType = "mail_attachment"
	FoundTypeProject        FoundType = "project"
)

// ItemSearchResult is one hit of the item search (itemsearch.Service.Search):
// the item found and its relevance.
type ItemSearchResult struct {
	// Score is the hit's relevance; higher is better.
	Score float64 `json:"result_score"`
	// Item is what was found.
	Item FoundItem `json:"item"`
	// Related is true for an item that did not match the term but is
	// related to one that did (a deal or lead of a found person or
	// organization, a person of a found organization), returned when the
	// search asks for related items.
	Related bool `json:"-"`
}

// FoundItem is an item found by the item search: a union of the kinds of
// item the search covers. Type says which; exactly the matching field
// (Deal for "deal", Person for "person", ...) is set, and the others are
// nil:
//
//	switch it := hit.Item; it.Type {
//	case crm.FoundTypeDeal:
//		fmt.Println(it.Deal.Title, it.Deal.Value)
//	case crm.FoundTypePerson:
//		fmt.Println(it.Person.Name, it.Person.Emails)
//	}
//
// An item of a kind this package does not know has no field set; Raw
// holds every item as sent, for such kinds.
type FoundItem struct {
	Type FoundType
	// ID is the item's id, 0 for a lead (whose id is a UUID: Lead.ID).
	ID int64

	Deal           *FoundDeal
	Person         *FoundPerson
	Organization   *FoundOrganization
	Product        *FoundProduct
	Lead           *FoundLead
	File           *FoundFile
	MailAttachment *FoundMailAttachment
	Project        *FoundProject

	// Raw is the item as sent.
	Raw json.RawMessage
}

// UnmarshalJSON implements json.Unmarshaler: it reads the item's type and
// decodes the item into the matching field.
func (it *FoundItem) UnmarshalJSON(b []byte) error {
	var head struct {
		Type FoundType       `json:"type"`
		ID   json.RawMessage `json:"id"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return err
	}
	*it = FoundItem{Type: head.Type, Raw: append(json.RawMessage(nil), b...)}
	if head.Type != FoundTypeLead {
		id, err := jsonx.Int(head.ID)
		if err != nil {
			return fmt.Errorf("crm: found %s: id: %w", head.Type, err)
		}
		it.ID = id
	}
	var err error
	switch head.Type {
	case FoundTypeDeal:
		it.Deal, err = decodeFound[FoundDeal](b)
	case FoundTypePerson:
		it.Person, err = decodeFound[FoundPerson](b)
	case FoundTypeOrganization:
		it.Organization, err = decodeFound[FoundOrganization](b)
	case FoundTypeProduct:
		it.Product, err = decodeFound[FoundProduct](b)
	case FoundTypeLead:
		it.Lead, err = decodeFound[FoundLead](b)
	case FoundTypeFile:
		it.File, err = decodeFound[FoundFile](b)
	case FoundTypeMailAttachment:
		it.MailAttachment, err = decodeFound[FoundMailAttachment](b)
	case FoundTypeProject:
		it.Project, err = decodeFound[FoundProject](b)
	}
	if err != nil {
		return fmt.Errorf("crm: found %s: %w", head.Type, err)
	}
	return nil
}

func decodeFound[T any](b []byte) (*T, error) {
	v := new(T)
	if err := jsonx.Unmarshal(b, v); err != nil {
		return nil, err
	}
	return v, nil
}

// MarshalJSON implements json.Marshaler: the item in Pipedrive's shape,
// its type included (Raw for a kind this package does not know).
func (it FoundItem) MarshalJSON() ([]byte, error) {
	var typed any
	switch {
	case it.Deal != nil:
		typed = it.Deal
	case it.Person != nil:
		typed = it.Person
	case it.Organization != nil:
		typed = it.Organization
	case it.Product != nil:
		typed = it.Product
	case it.Lead != nil:
		typed = it.Lead
	case it.File != nil:
		typed = it.File
	case it.MailAttachment != nil:
		typed = it.MailAttachment
	case it.Project != nil:
		typed = it.Project
	default:
		if len(it.Raw) > 0 {
			return it.Raw, nil
		}
		return json.Marshal(map[string]any{"type": it.Type, "id": it.ID})
	}
	b, err := json.Marshal(typed)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	t, _ := json.Marshal(it.Type)
	m["type"] = t
	return json.Marshal(m)
}

// Title returns what identifies the item to a person: a deal's, lead's
// or project's title, or the name of anything else.
func (it *FoundItem) Title() string {
	switch {
	case it.Deal != nil:
		return it.Deal.Title
	case it.Person != nil:
		return it.Person.Name
	case it.Organization != nil:
		return it.Organization.Name
	case it.Product != nil:
		return it.Product.Name
	case it.Lead != nil:
		return it.Lead.Title
	case it.File != nil:
		return it.File.Name
	case it.MailAttachment != nil:
		return it.MailAttachment.Name
	case it.Project != nil:
		return it.Project.Title
	}
	return ""
}

// FoundOrganizationRef is the organization of a found item.
type FoundOrganizationRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name,omitempty"`
	// Address is the organization's formatted address, "" when it has
	// none.
	Address string `json:"address,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler (null name or address).
func (r *FoundOrganizationRef) UnmarshalJSON(b []byte) error {
	var aux struct {
		ID      jsonx.ID        `json:"id"`
		Name    json.RawMessage `json:"name"`
		Address json.RawMessage `json:"address"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*r = FoundOrganizationRef{ID: int64(aux.ID), Name: deref(textOf(aux.Name)), Address: deref(textOf(aux.Address))}
	return nil
}

// FoundDealRef is the deal of a found item.
type FoundDealRef struct {
	ID    int64  `json:"id"`
	Title string `json:"title,omitempty"`
}

// FoundDeal is a deal found by the item search: the fields the search
// returns, not a whole Deal (fetch it by ID for that).
type FoundDeal struct {
	ID        int64      `json:"id"`
	Title     string     `json:"title"`
	Value     float64    `json:"value"`
	Currency  string     `json:"currency"`
	Status    DealStatus `json:"status"`
	VisibleTo VisibleTo  `json:"visible_to"`
	Owner     IDName     `json:"owner"`
	Stage     IDName     `json:"stage"`
	// Person and Organization are nil when the deal has none.
	Person       *IDName               `json:"person,omitempty"`
	Organization *FoundOrganizationRef `json:"organization,omitempty"`
	// CustomFields and Notes are the custom field values and notes that
	// matched the term, as text.
	CustomFields []string `json:"custom_fields,omitempty"`
	Notes        []string `json:"notes,omitempty"`
	IsArchived   bool     `json:"is_archived"`
	// CCEmail is the deal's Smart BCC address, when asked for
	// (itemsearch.IncludeDealCCEmail).
	CCEmail string `json:"cc_email,omitempty"`
}

// FoundPerson is a person found by the item search.
type FoundPerson struct {
	ID           int64                 `json:"id"`
	Name         string                `json:"name"`
	Phones       []string              `json:"phones,omitempty"`
	Emails       []string              `json:"emails,omitempty"`
	VisibleTo    VisibleTo             `json:"visible_to"`
	Owner        IDName                `json:"owner"`
	Organization *FoundOrganizationRef `json:"organization,omitempty"`
	CustomFields []string              `json:"custom_fields,omitempty"`
	Notes        []string              `json:"notes,omitempty"`
	// Picture is the person's picture, when asked for
	// (itemsearch.IncludePersonPicture) and the person has one.
	Picture *FoundPicture `json:"picture,omitempty"`
}

// FoundPicture is the picture of a found person.
type FoundPicture struct {
	ID            int64  `json:"id"`
	ItemType      string `json:"item_type,omitempty"`
	ItemID        int64  `json:"item_id,omitempty"`
	AddedByUserID int64  `json:"added_by_user_id,omitempty"`
	Active        bool   `json:"active_flag"`
	FileSize      int64  `json:"file_size,omitempty"`
	// URLs are the picture's renditions, by size in pixels ("128",
	// "512").
	URLs map[string]string `json:"pictures,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler (0/1 flag, numbers as
// strings).
func (p *FoundPicture) UnmarshalJSON(b []byte) error {
	type plain FoundPicture
	var aux struct {
		*plain
		Active flag `json:"active_flag"`
	}
	*p = FoundPicture{}
	aux.plain = (*plain)(p)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	p.Active = bool(aux.Active)
	return nil
}

// FoundOrganization is an organization found by the item search.
type FoundOrganization struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// Address is the formatted address, "" when there is none.
	Address      string    `json:"address,omitempty"`
	VisibleTo    VisibleTo `json:"visible_to"`
	Owner        IDName    `json:"owner"`
	CustomFields []string  `json:"custom_fields,omitempty"`
	Notes        []string  `json:"notes,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler (a null address).
func (o *FoundOrganization) UnmarshalJSON(b []byte) error {
	type plain FoundOrganization
	var aux struct {
		*plain
		Address json.RawMessage `json:"address"`
	}
	*o = FoundOrganization{}
	aux.plain = (*plain)(o)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	o.Address = deref(textOf(aux.Address))
	return nil
}

// FoundProduct is a product found by the item search.
type FoundProduct struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// Code is the product's code. The spec types it as a string in one
	// place and a number in another; both decode.
	Code         string    `json:"code,omitempty"`
	VisibleTo    VisibleTo `json:"visible_to"`
	Owner        IDName    `json:"owner"`
	CustomFields []string  `json:"custom_fields,omitempty"`
	// Price is the product's price as sent, when asked for
	// (itemsearch.IncludeProductPrice); its shape is not documented.
	Price json.RawMessage `json:"price,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler (a code as a string or a
// number).
func (p *FoundProduct) UnmarshalJSON(b []byte) error {
	type plain FoundProduct
	var aux struct {
		*plain
		Code json.RawMessage `json:"code"`
	}
	*p = FoundProduct{}
	aux.plain = (*plain)(p)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	p.Code = deref(textOf(aux.Code))
	return nil
}

// FoundLead is a lead found by the item search.
type FoundLead struct {
	// ID is the lead's id, a UUID.
	ID           string                `json:"id"`
	Title        string                `json:"title"`
	Owner        IDName                `json:"owner"`
	Person       *IDName               `json:"person,omitempty"`
	Organization *FoundOrganizationRef `json:"organization,omitempty"`
	Phones       []string              `json:"phones,omitempty"`
	Emails       []string              `json:"emails,omitempty"`
	CustomFields []string              `json:"custom_fields,omitempty"`
	Notes        []string              `json:"notes,omitempty"`
	// Value is nil when the lead has no value.
	Value      *float64  `json:"value,omitempty"`
	Currency   string    `json:"currency,omitempty"`
	VisibleTo  VisibleTo `json:"visible_to"`
	IsArchived bool      `json:"is_archived"`
}

// FoundFile is a file found by the item search, with the records it is
// attached to.
type FoundFile struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// URL downloads the file, relative to the API's root
	// ("/files/3/download"), with the client's credentials.
	URL          string                `json:"url,omitempty"`
	Deal         *FoundDealRef         `json:"deal,omitempty"`
	Person       *IDName               `json:"person,omitempty"`
	Organization *FoundOrganizationRef `json:"organization,omitempty"`
}

// FoundMailAttachment is a mail attachment found by the item search.
type FoundMailAttachment struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// URL downloads the attachment, relative to the API's root.
	URL string `json:"url,omitempty"`
}

// FoundProject is a project found by the item search.
type FoundProject struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	// Status is the project's status ("open", "completed", ...), "" when
	// unset.
	Status string `json:"status,omitempty"`
	// Owner's ID is 0 when the project has no owner.
	Owner   IDName `json:"owner"`
	BoardID *int64 `json:"board_id,omitempty"`
	// Phase is the project's phase on its board, nil when none.
	Phase        *IDName               `json:"phase,omitempty"`
	Person       *IDName               `json:"person,omitempty"`
	Organization *FoundOrganizationRef `json:"organization,omitempty"`
	Deal         *FoundDealRef         `json:"deal,omitempty"`
	DealCount    int                   `json:"deal_count"`
	Description  string                `json:"description,omitempty"`
	EndDate      Date                  `json:"end_date,omitzero"`
	CustomFields []string              `json:"custom_fields,omitempty"`
	Notes        []string              `json:"notes,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler (nullable status, owner,
// description and end date).
func (p *FoundProject) UnmarshalJSON(b []byte) error {
	type plain FoundProject
	var aux struct {
		*plain
		Status      json.RawMessage `json:"status"`
		Description json.RawMessage `json:"description"`
		Owner       *struct {
			ID jsonx.ID `json:"id"`
		} `json:"owner"`
		Deal *struct {
			ID    jsonx.ID        `json:"id"`
			Title json.RawMessage `json:"title"`
		} `json:"deal"`
		Person *struct {
			ID   jsonx.ID        `json:"id"`
			Name json.RawMessage `json:"name"`
		} `json:"person"`
	}
	*p = FoundProject{}
	aux.plain = (*plain)(p)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	p.Status, p.Description = deref(textOf(aux.Status)), deref(textOf(aux.Description))
	if aux.Owner != nil {
		p.Owner = IDName{ID: int64(aux.Owner.ID)}
	}
	if aux.Deal != nil {
		p.Deal = &FoundDealRef{ID: int64(aux.Deal.ID), Title: deref(textOf(aux.Deal.Title))}
	}
	if aux.Person != nil {
		p.Person = &IDName{ID: int64(aux.Person.ID), Name: deref(textOf(aux.Person.Name))}
	}
	return nil
}

// FieldMatch is one hit of a search by field value
// (itemsearch.Service.SearchByField): the id of the item whose field
// matched, and the field's value.
type FieldMatch struct {
	// ID is the id of the item whose field matched.
	ID int64
	// Field is the key of the searched field, and Value its value as sent
	// (a JSON string for text fields, a number for numeric ones).
	Field string
	Value json.RawMessage
	// Score is the hit's relevance, when Pipedrive sends one.
	Score *float64
	// Values holds every member of the hit but the id, by name: the
	// searched field's value under the field's key.
	Values map[string]json.RawMessage
}

// UnmarshalJSON implements json.Unmarshaler: a flat {"id": 1, "<field>":
// value} hit (as Pipedrive sends them), or one wrapped as {"result_score",
// "item": {...}} (as the spec declares them).
func (m *FieldMatch) UnmarshalJSON(b []byte) error {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(b, &members); err != nil {
		return err
	}
	*m = FieldMatch{}
	if inner, ok := members["item"]; ok && bytes.HasPrefix(bytes.TrimSpace(inner), []byte("{")) {
		var score *float64
		if raw, ok := members["result_score"]; ok {
			if err := json.Unmarshal(raw, &score); err != nil {
				return fmt.Errorf("crm: field match: result_score: %w", err)
			}
		}
		if err := m.UnmarshalJSON(inner); err != nil {
			return err
		}
		m.Score = score
		return nil
	}
	if raw, ok := members["id"]; ok {
		id, err := jsonx.Int(raw)
		if err != nil {
			return fmt.Errorf("crm: field match: id: %w", err)
		}
		m.ID = id
		delete(members, "id")
	}
	if len(members) > 0 {
		m.Values = members
	}
	if len(members) == 1 {
		for k, v := range members {
			m.Field, m.Value = k, v
		}
	}
	return nil
}

// MarshalJSON implements json.Marshaler: the flat form, {"id": 1,
// "<field>": value}, with result_score when Score is set.
func (m FieldMatch) MarshalJSON() ([]byte, error) {
	out := make(map[string]json.RawMessage, len(m.Values)+3)
	for k, v := range m.Values {
		out[k] = v
	}
	if m.Field != "" && len(m.Value) > 0 {
		out[m.Field] = m.Value
	}
	id, _ := json.Marshal(m.ID)
	out["id"] = id
	if m.Score != nil {
		s, err := json.Marshal(*m.Score)
		if err != nil {
			return nil, err
		}
		out["result_score"] = s
	}
	return json.Marshal(out)
}

// Use makes key the match's Field, taking its value from Values, and
// reports whether the hit has that member.
func (m *FieldMatch) Use(key string) bool {
	v, ok := m.Values[key]
	if ok {
		m.Field, m.Value = key, v
	}
	return ok
}

// Text returns Value as text: a string unquoted, anything else in its
// JSON form, "" when null or absent.
func (m *FieldMatch) Text() string { return deref(textOf(m.Value)) }

// Keys returns the names in Values, sorted.
func (m *FieldMatch) Keys() []string {
	keys := make([]string, 0, len(m.Values))
	for k := range m.Values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
