package files

import (
	"errors"
	"io"
)

// ListParams page and sort List. The zero value (or nil) lists from the
// start, in Pipedrive's order.
type ListParams struct {
	// Start is the offset of the first file: a previous page's NextStart.
	Start int `url:"start,omitempty"`
	// Limit is the page size (at most 100).
	Limit int `url:"limit,omitempty"`
	// Sort orders the files: SortByID or SortByUpdateTime, optionally
	// followed by " DESC".
	Sort Sort `url:"sort,omitempty"`
}

// UploadParams is a file to upload and the records to attach it to.
// Content and FileName are required.
type UploadParams struct {
	// Content is the file's content. It is streamed, never held in
	// memory. An io.Seeker (an *os.File) lets the upload be sent again
	// after a 429; anything else is read once.
	Content io.Reader `json:"-" pipedrive:"required"`
	// FileName is the name the file is uploaded with ("offer.pdf").
	FileName string `json:"-" pipedrive:"required"`
	// ContentType is the file's media type; by default it is guessed
	// from FileName's extension.
	ContentType string `json:"-"`
	// Size is Content's length in bytes, for a Content that cannot tell
	// its own (a pipe, a network stream); exactly Size bytes are then
	// sent. A Content that can (*os.File, *bytes.Reader, *strings.Reader)
	// needs none: its own length wins. With a known length the upload
	// carries a Content-Length; otherwise it is sent chunked.
	Size int64 `json:"-"`
	// The records to attach the file to.
	DealID     int64  `json:"deal_id,omitempty"`
	PersonID   int64  `json:"person_id,omitempty"`
	OrgID      int64  `json:"org_id,omitempty"`
	ProductID  int64  `json:"product_id,omitempty"`
	ActivityID int64  `json:"activity_id,omitempty"`
	LeadID     string `json:"lead_id,omitempty"`
	ProjectID  int64  `json:"project_id,omitempty"`
}

// RemoteParams is a new, empty Google Drive document for CreateRemote.
// FileType, Title, ItemType and ItemID are required.
type RemoteParams struct {
	// FileType is the kind of document.
	FileType RemoteType `url:"file_type" pipedrive:"required"`
	// Title is the document's title.
	Title string `url:"title" pipedrive:"required"`
	// ItemType and ItemID are the record to link the document to.
	ItemType ItemType `url:"item_type" pipedrive:"required"`
	ItemID   int64    `url:"item_id" pipedrive:"required"`
	// RemoteLocation is where to create it: RemoteGoogleDrive (the
	// default when empty).
	RemoteLocation RemoteLocation `url:"remote_location"`
}

// RemoteLinkParams link an existing Google Drive file to a record, for
// LinkRemote. ItemType, ItemID and RemoteID are required.
type RemoteLinkParams struct {
	// ItemType and ItemID are the record to link the file to.
	ItemType ItemType `url:"item_type" pipedrive:"required"`
	ItemID   int64    `url:"item_id" pipedrive:"required"`
	// RemoteID is the file's id in Google Drive.
	RemoteID string `url:"remote_id" pipedrive:"required"`
	// RemoteLocation is where the file lives: RemoteGoogleDrive (the
	// default when empty).
	RemoteLocation RemoteLocation `url:"remote_location"`
}

// UpdateParams change a file's details: only non-empty values are sent.
type UpdateParams struct {
	// Name is the name Pipedrive shows for the file.
	Name string `url:"name,omitempty"`
	// Description describes the file.
	Description string `url:"description,omitempty"`
}

// Validate refuses a negative size or record id.
func (p *UploadParams) Validate() error {
	if p.Size < 0 {
		return errors.New("negative size")
	}
	for _, id := range []int64{p.DealID, p.PersonID, p.OrgID, p.ProductID, p.ActivityID, p.ProjectID} {
		if id < 0 {
			return errors.New("negative record id")
		}
	}
	return nil
}
