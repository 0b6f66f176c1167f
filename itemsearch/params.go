package itemsearch

import "github.com/pipedrive-go/pipedrive/crm"

// The models are defined in package crm and aliased here; the types are
// identical.
type (
	// Result is one hit of Search: the item found and its relevance.
	Result = crm.ItemSearchResult
	// Item is an item found by Search, one of the kinds below as Type
	// says. See crm.FoundItem.
	Item = crm.FoundItem
	// ItemType is the kind of an item.
	ItemType = crm.FoundType

	// Deal is a deal found by Search (Item.Deal).
	Deal = crm.FoundDeal
	// Person is a person found by Search (Item.Person).
	Person = crm.FoundPerson
	// Organization is an organization found by Search
	// (Item.Organization).
	Organization = crm.FoundOrganization
	// Product is a product found by Search (Item.Product).
	Product = crm.FoundProduct
	// Lead is a lead found by Search (Item.Lead).
	Lead = crm.FoundLead
	// File is a file found by Search (Item.File).
	File = crm.FoundFile
	// MailAttachment is a mail attachment found by Search
	// (Item.MailAttachment).
	MailAttachment = crm.FoundMailAttachment
	// Project is a project found by Search (Item.Project).
	Project = crm.FoundProject

	// FieldMatch is one hit of SearchByField.
	FieldMatch = crm.FieldMatch
)

// The kinds of item Search finds.
const (
	TypeDeal           = crm.FoundTypeDeal
	TypePerson         = crm.FoundTypePerson
	TypeOrganization   = crm.FoundTypeOrganization
	TypeProduct        = crm.FoundTypeProduct
	TypeLead           = crm.FoundTypeLead
	TypeFile           = crm.FoundTypeFile
	TypeMailAttachment = crm.FoundTypeMailAttachment
	TypeProject        = crm.FoundTypeProject
)

// Field is a field Search can look in. Which fields an item type has:
// deals title, notes and custom fields; persons name, email, phone, notes
// and custom fields; organizations name, address, notes and custom fields;
// products name, code and custom fields; leads title, notes, email, phone,
// and custom fields; files name; mail attachments name; projects title,
// description, notes and custom fields.
type Field string

// The searchable fields.
const (
	FieldAddress      Field = "address"
	FieldCode         Field = "code"
	FieldCustomFields Field = "custom_fields"
	FieldEmail        Field = "email"
	FieldName         Field = "name"
	FieldNotes        Field = "notes"
	FieldPhone        Field = "phone"
	FieldTitle        Field = "title"
	FieldDescription  Field = "description"
)

// IncludeField names an optional field of the results.
type IncludeField string

// The optional fields of the results.
const (
	// IncludeDealCCEmail adds deals' Smart BCC address (Deal.CCEmail).
	IncludeDealCCEmail IncludeField = "deal.cc_email"
	// IncludePersonPicture adds persons' pictures (Person.Picture).
	IncludePersonPicture IncludeField = "person.picture"
	// IncludeProductPrice adds products' prices (Product.Price).
	IncludeProductPrice IncludeField = "product.price"
)

// SearchParams describe an item search. Term is required: at least 2
// characters, or 1 with ExactMatch.
type SearchParams struct {
	Term string `url:"term" pipedrive:"required"`
	// ItemTypes limits the search to these kinds of item (default: all).
	ItemTypes []ItemType `url:"item_types,omitempty,comma"`
	// Fields limits the search to these fields (default: all).
	Fields []Field `url:"fields,omitempty,comma"`
	// SearchForRelatedItems adds, for each person and organization found,
	// up to 100 of its newest deals and leads (and, for an organization,
	// persons): Results with Related set.
	SearchForRelatedItems bool `url:"search_for_related_items,omitempty"`
	// ExactMatch returns only full, case-insensitive matches.
	ExactMatch bool `url:"exact_match,omitempty"`
	// IncludeFields asks for optional fields of the results.
	IncludeFields []IncludeField `url:"include_fields,omitempty,comma"`
	// Limit is the page size (default 100, at most 100).
	Limit int `url:"limit,omitempty"`
	// Cursor continues a search from a previous page's NextCursor.
	Cursor string `url:"cursor,omitempty"`
}

// EntityType is the kind of record whose field SearchByField searches.
type EntityType string

// The kinds of record SearchByField searches.
const (
	EntityDeal         EntityType = "deal"
	EntityLead         EntityType = "lead"
	EntityPerson       EntityType = "person"
	EntityOrganization EntityType = "organization"
	EntityProduct      EntityType = "product"
	EntityProject      EntityType = "project"
)

// Match is how SearchByField compares values with the term. Every mode is
// case sensitive.
type Match string

// The match modes.
const (
	// MatchExact finds values equal to the term (the default).
	MatchExact Match = "exact"
	// MatchBeginning finds values that start with the term.
	MatchBeginning Match = "beginning"
	// MatchMiddle finds values that contain the term anywhere.
	MatchMiddle Match = "middle"
)

// FieldSearchParams describe a search of one field's values. Term,
// EntityType and Field are required.
type FieldSearchParams struct {
	// Term is at least 2 characters, or 1 with MatchExact.
	Term       string     `url:"term" pipedrive:"required"`
	EntityType EntityType `url:"entity_type" pipedrive:"required"`
	// Field is the key of the field to search: a standard field's key
	// ("name", "title") or a custom field's code, as the field
	// definitions list them. Only text, number, monetary, phone and
	// address custom fields are searchable.
	Field string `url:"field" pipedrive:"required"`
	// Match is how values are compared with Term (default MatchExact).
	Match Match `url:"match,omitempty"`
	// Limit is the page size (default 100, at most 500).
	Limit int `url:"limit,omitempty"`
	// Cursor continues a search from a previous page's NextCursor.
	Cursor string `url:"cursor,omitempty"`
}
