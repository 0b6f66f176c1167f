package webhooks

import "github.com/pipedrive-go/pipedrive/crm"

// User decodes the user the event is about, as it is after the change:
// the same type as users.User. It fails with ErrWrongEntity when the event
// is about something else, and ErrNoData when the delivery carries no
// object (a v2 delete: see PreviousUser).
func (e *Event) User() (*crm.User, error) {
	return decodeEntity[crm.User](e, ObjectUser, e.Data)
}

// PreviousUser decodes Previous into a user: only the fields that changed
// are set (for a delete, the whole user as it was).
func (e *Event) PreviousUser() (*crm.User, error) {
	return decodeEntity[crm.User](e, ObjectUser, e.Previous)
}
