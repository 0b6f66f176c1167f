package webhooks

import (
	"fmt"

	"github.com/pipedrive-go/pipedrive/crm"
)

// The typed accessors decode into the resource packages' models. Those are
// defined in package crm (deals.Deal is crm.Deal, persons.Person is
// crm.Person, organizations.Organization is crm.Organization), which does
// not import the API client: a receiver links neither the client core nor
// the limiter.

// Deal decodes the deal the event is about, as it is after the change:
// the same type as deals.Deal. It fails with ErrWrongEntity when the event
// is about something else, and ErrNoData when the delivery carries no
// object (a v2 delete: see PreviousDeal).
func (e *Event) Deal() (*crm.Deal, error) {
	return decodeEntity[crm.Deal](e, ObjectDeal, e.Data)
}

// PreviousDeal decodes Previous into a deal: only the fields that changed
// are set (for a delete, the whole deal as it was).
func (e *Event) PreviousDeal() (*crm.Deal, error) {
	return decodeEntity[crm.Deal](e, ObjectDeal, e.Previous)
}

// Person decodes the person the event is about, as it is after the
// change: the same type as persons.Person. It fails with ErrWrongEntity
// when the event is about something else, and ErrNoData when the delivery
// carries no object (a v2 delete: see PreviousPerson).
func (e *Event) Person() (*crm.Person, error) {
	return decodeEntity[crm.Person](e, ObjectPerson, e.Data)
}

// PreviousPerson decodes Previous into a person: only the fields that
// changed are set (for a delete, the whole person as it was).
func (e *Event) PreviousPerson() (*crm.Person, error) {
	return decodeEntity[crm.Person](e, ObjectPerson, e.Previous)
}

// Organization decodes the organization the event is about, as it is
// after the change: the same type as organizations.Organization. Errors as
// for Person.
func (e *Event) Organization() (*crm.Organization, error) {
	return decodeEntity[crm.Organization](e, ObjectOrganization, e.Data)
}

// PreviousOrganization decodes Previous into an organization: only the
// fields that changed are set (for a delete, the whole organization as it
// was).
func (e *Event) PreviousOrganization() (*crm.Organization, error) {
	return decodeEntity[crm.Organization](e, ObjectOrganization, e.Previous)
}

func decodeEntity[T any](e *Event, want Object, raw []byte) (*T, error) {
	if e.Entity != want {
		return nil, fmt.Errorf("%w: want %s, the event is about %s", ErrWrongEntity, want, e.Entity)
	}
	if isNull(raw) {
		return nil, ErrNoData
	}
	v := new(T)
	if err := decodeTolerant(raw, v); err != nil {
		return nil, err
	}
	return v, nil
}
