package webhooks

import "github.com/pipedrive-go/pipedrive/crm"

// Product decodes the product the event is about, as it is after the
// change: the same type as products.Product. It fails with ErrWrongEntity
// when the event is about something else, and ErrNoData when the delivery
// carries no object (a v2 delete: see PreviousProduct).
func (e *Event) Product() (*crm.Product, error) {
	return decodeEntity[crm.Product](e, ObjectProduct, e.Data)
}

// PreviousProduct decodes Previous into a product: only the fields that
// changed are set (for a delete, the whole product as it was).
func (e *Event) PreviousProduct() (*crm.Product, error) {
	return decodeEntity[crm.Product](e, ObjectProduct, e.Previous)
}
