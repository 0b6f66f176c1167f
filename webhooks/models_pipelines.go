package webhooks

import "github.com/pipedrive-go/pipedrive/crm"

// Pipeline decodes the pipeline the event is about, as it is after the
// change: the same type as pipelines.Pipeline. It fails with
// ErrWrongEntity when the event is about something else, and ErrNoData
// when the delivery carries no object (a v2 delete: see PreviousPipeline).
func (e *Event) Pipeline() (*crm.Pipeline, error) {
	return decodeEntity[crm.Pipeline](e, ObjectPipeline, e.Data)
}

// PreviousPipeline decodes Previous into a pipeline: only the fields that
// changed are set (for a delete, the whole pipeline as it was).
func (e *Event) PreviousPipeline() (*crm.Pipeline, error) {
	return decodeEntity[crm.Pipeline](e, ObjectPipeline, e.Previous)
}

// Stage decodes the stage the event is about, as it is after the change:
// the same type as pipelines.Stage. Errors as for Pipeline.
func (e *Event) Stage() (*crm.Stage, error) {
	return decodeEntity[crm.Stage](e, ObjectStage, e.Data)
}

// PreviousStage decodes Previous into a stage: only the fields that
// changed are set (for a delete, the whole stage as it was).
func (e *Event) PreviousStage() (*crm.Stage, error) {
	return decodeEntity[crm.Stage](e, ObjectStage, e.Previous)
}

// Lead decodes the lead the event is about, as it is after the change:
// the same type as leads.Lead. Lead ids are UUIDs, so the event's
// EntityID is 0: use RawEntityID (or the decoded lead's ID). Errors as
// for Pipeline.
func (e *Event) Lead() (*crm.Lead, error) {
	return decodeEntity[crm.Lead](e, ObjectLead, e.Data)
}

// PreviousLead decodes Previous into a lead: only the fields that changed
// are set (for a delete, the whole lead as it was).
func (e *Event) PreviousLead() (*crm.Lead, error) {
	return decodeEntity[crm.Lead](e, ObjectLead, e.Previous)
}
