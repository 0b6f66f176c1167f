package webhooks

import "github.com/pipedrive-go/pipedrive/crm"

// The accessors of the activities family decode into crm.Activity (the
// same type as activities.Activity) and crm.Note (notes.Note), which
// accept both the v2 and the v1 delivery shapes.

// Activity decodes the activity the event is about, as it is after the
// change: the same type as activities.Activity. It fails with
// ErrWrongEntity when the event is about something else, and ErrNoData
// when the delivery carries no object (a v2 delete: see PreviousActivity).
func (e *Event) Activity() (*crm.Activity, error) {
	return decodeEntity[crm.Activity](e, ObjectActivity, e.Data)
}

// PreviousActivity decodes Previous into an activity: only the fields
// that changed are set (for a delete, the whole activity as it was).
func (e *Event) PreviousActivity() (*crm.Activity, error) {
	return decodeEntity[crm.Activity](e, ObjectActivity, e.Previous)
}

// Note decodes the note the event is about, as it is after the change:
// the same type as notes.Note. Errors as for Activity.
func (e *Event) Note() (*crm.Note, error) {
	return decodeEntity[crm.Note](e, ObjectNote, e.Data)
}

// PreviousNote decodes Previous into a note: only the fields that changed
// are set (for a delete, the whole note as it was).
func (e *Event) PreviousNote() (*crm.Note, error) {
	return decodeEntity[crm.Note](e, ObjectNote, e.Previous)
}
