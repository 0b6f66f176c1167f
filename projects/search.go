package projects

import "github.com/pipedrive-go/pipedrive/crm"

// SearchItem is a project as a search returns it: the matching fields and
// what the project is linked to, not a full Project (Get it by ID for
// that).
type SearchItem struct {
	ID    int64  `json:"id"`
	Type  string `json:"type"` // "project"
	Title string `json:"title"`
	// Status is empty when the search did not return one.
	Status  Status      `json:"status,omitempty"`
	Owner   *crm.IDName `json:"owner,omitempty"`
	BoardID *int64      `json:"board_id"`
	// Phase, Person, Organization and Deal are nil when the project has
	// none.
	Phase        *crm.IDName         `json:"phase"`
	Person       *crm.IDName         `json:"person"`
	Organization *SearchOrganization `json:"organization"`
	Deal         *SearchDeal         `json:"deal"`
	// DealCount is the number of deals linked to the project.
	DealCount   int    `json:"deal_count"`
	Description string `json:"description,omitempty"`
	// EndDate is the zero Date when not set.
	EndDate crm.Date `json:"end_date"`
	// CustomFields and Notes are the custom field values and notes that
	// matched the term.
	CustomFields []string `json:"custom_fields,omitempty"`
	Notes        []string `json:"notes,omitempty"`
}

// SearchOrganization is the organization of a project search hit.
type SearchOrganization struct {
	ID      int64  `json:"id"`
	Name    string `json:"name,omitempty"`
	Address string `json:"address,omitempty"`
}

// SearchDeal is the deal of a project search hit.
type SearchDeal struct {
	ID    int64  `json:"id"`
	Title string `json:"title,omitempty"`
}
