package crm

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// SortField is the field a v2 list is sorted by.
type SortField string

// Sort fields of the v2 deal, person and organization lists. (Lists of
// other objects, such as deal products, have their own sort fields.)
const (
	SortByID         SortField = "id"
	SortByUpdateTime SortField = "update_time"
	SortByAddTime    SortField = "add_time"
)

// SortDirection is the order of a sorted list.
type SortDirection string

// Sort directions.
const (
	Ascending  SortDirection = "asc"
	Descending SortDirection = "desc"
)

// OffsetParams page an offset-paginated v1 list (a person's products, a
// deal's participants).
type OffsetParams struct {
	// Start is the offset of the first item: a previous page's NextStart.
	Start int `url:"start,omitempty"`
	// Limit is the page size (default 100, at most 500).
	Limit int `url:"limit,omitempty"`
}

// FileSort orders a file list: a field, optionally followed by " ASC" or
// " DESC" (crm.FileSortByUpdateTime + " DESC").
type FileSort string

// File list orders.
const (
	FileSortByID         FileSort = "id"
	FileSortByUpdateTime FileSort = "update_time"
)

// FilesParams page and sort a record's files (the v1 files endpoints).
type FilesParams struct {
	// Start is the offset of the first file: a previous page's NextStart.
	Start int `url:"start,omitempty"`
	// Limit is the page size (at most 100).
	Limit int `url:"limit,omitempty"`
	// Sort orders the files, e.g. crm.FileSortByUpdateTime + " DESC".
	Sort FileSort `url:"sort,omitempty"`
}

// FlowParams page and filter a record's updates flow (the v1 flow
// endpoints).
type FlowParams struct {
	// Start is the offset of the first entry: a previous page's NextStart.
	Start int `url:"start,omitempty"`
	// Limit is the page size.
	Limit int `url:"limit,omitempty"`
	// AllChanges includes custom field changes, which the flow leaves out
	// by default.
	AllChanges bool `url:"all_changes,omitempty,int"`
	// Items keeps only these kinds of entries (FlowItem.Object values such
	// as "activity", "note", "file", "dealChange", "mailMessage").
	Items []string `url:"items,omitempty,comma"`
}

// MailMessagesParams page a record's mail messages (the v1 mailMessages
// endpoints).
type MailMessagesParams struct {
	// Start is the offset of the first message: a previous page's
	// NextStart.
	Start int `url:"start,omitempty"`
	// Limit is the page size.
	Limit int `url:"limit,omitempty"`
	// IncludeBody fills MailMessage.Body.
	IncludeBody bool `url:"include_body,omitempty,int"`
}

// Label is a label of a record (deal, person, organization): its id and,
// when asked for with the include_labels parameter, its name.
type Label struct {
	ID    int64  `json:"id"`
	Label string `json:"label,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler: an {id, label} object, or a
// bare id (a number or a numeric string), the forms label_ids holds.
func (l *Label) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '{' {
		var o struct {
			ID    json.RawMessage `json:"id"`
			Label string          `json:"label"`
		}
		if err := json.Unmarshal(b, &o); err != nil {
			return err
		}
		id, err := jsonx.Int(o.ID)
		if err != nil {
			return fmt.Errorf("crm: label id: %w", err)
		}
		*l = Label{ID: id, Label: o.Label}
		return nil
	}
	id, err := jsonx.Int(b)
	if err != nil {
		return fmt.Errorf("crm: label id: %w", err)
	}
	*l = Label{ID: id}
	return nil
}

// SplitLabels returns the ids of labels, and labels itself when any of
// them carries a name (label_ids decoded with include_labels), else nil.
func SplitLabels(labels []Label) (ids []int64, named []Label) {
	if labels == nil {
		return nil, nil
	}
	ids = make([]int64, len(labels))
	for i, l := range labels {
		ids[i] = l.ID
		if l.Label != "" {
			named = labels
		}
	}
	return ids, named
}
