package mailbox

import "errors"

// ThreadListParams select and page Threads. Folder is required.
type ThreadListParams struct {
	// Folder is the folder whose threads to list.
	Folder Folder `url:"folder" pipedrive:"required"`
	// Start is the offset of the first thread: a previous page's
	// NextStart.
	Start int `url:"start,omitempty"`
	// Limit is the page size.
	Limit int `url:"limit,omitempty"`
}

// MessageParams are the options of MessageWith.
type MessageParams struct {
	// IncludeBody fills Message.Body with the full body.
	IncludeBody bool `url:"include_body,omitempty,int"`
}

// ThreadUpdateParams change a mail thread: only non-zero values and
// non-nil pointers are sent.
type ThreadUpdateParams struct {
	// DealID or LeadID links the thread to a deal or a lead.
	DealID int64  `url:"deal_id,omitempty"`
	LeadID string `url:"lead_id,omitempty"`
	// Shared shares the thread with the users who may see its linked
	// records (Ptr(false) makes it private).
	Shared *bool `url:"shared_flag,omitempty,int"`
	// Read marks the thread read or unread.
	Read *bool `url:"read_flag,omitempty,int"`
	// Archived moves the thread to the archive, or back.
	Archived *bool `url:"archived_flag,omitempty,int"`
}

// Validate refuses a negative deal id.
func (p *ThreadUpdateParams) Validate() error {
	if p.DealID < 0 {
		return errors.New("negative deal_id")
	}
	return nil
}
