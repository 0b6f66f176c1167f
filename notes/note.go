package notes

import "github.com/pipedrive-go/pipedrive/crm"

// The models are defined in package crm, which does not import the API
// client, so that code that only reads notes (a webhook receiver) links
// neither the client core nor the rate limiter. These aliases are the
// names this package's API uses; the types are identical.

// Note is a note attached to a deal, lead, person, organization, project
// or task. See crm.Note.
type Note = crm.Note

// Comment is a comment on a note. See crm.NoteComment.
type Comment = crm.NoteComment

// The names of the records a note is attached to, and its author, as
// Note carries them.
type (
	DealRef         = crm.NoteDeal
	OrganizationRef = crm.NoteOrganization
	PersonRef       = crm.NotePerson
	ProjectRef      = crm.NoteProject
	TaskRef         = crm.NoteTask
	Author          = crm.NoteUser
)
