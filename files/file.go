package files

import "github.com/pipedrive-go/pipedrive/crm"

// File is a file's details. See crm.File.
type File = crm.File

// Sort orders a file list. See crm.FileSort.
type Sort = crm.FileSort

// File list orders; append " DESC" for the reverse
// (files.SortByUpdateTime + " DESC").
const (
	SortByID         = crm.FileSortByID
	SortByUpdateTime = crm.FileSortByUpdateTime
)

// RemoteType is the kind of Google Drive document CreateRemote creates.
type RemoteType string

// Google Drive document kinds.
const (
	RemoteDocument    RemoteType = "gdoc"
	RemoteSlides      RemoteType = "gslides"
	RemoteSpreadsheet RemoteType = "gsheet"
	RemoteForm        RemoteType = "gform"
	RemoteDrawing     RemoteType = "gdraw"
)

// ItemType is the kind of record a remote file is linked to.
type ItemType string

// Record kinds a remote file can be linked to.
const (
	ItemDeal         ItemType = "deal"
	ItemOrganization ItemType = "organization"
	ItemPerson       ItemType = "person"
)

// RemoteLocation is where a remote file lives.
type RemoteLocation string

// RemoteGoogleDrive is Google Drive, the only remote location Pipedrive
// supports; it is the default.
const RemoteGoogleDrive RemoteLocation = "googledrive"
