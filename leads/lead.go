package leads

import (
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
)

// Lead is a lead as API v1 returns it (and webhooks deliver it); see
// crm.Lead for its fields and how its custom fields decode.
type Lead = crm.Lead

// Value is the potential value of a lead: an amount and a currency.
type Value = crm.LeadValue

// Label is a lead label; see crm.LeadLabel.
type Label = crm.LeadLabel

// LabelColor is the color of a lead label.
type LabelColor = crm.LeadLabelColor

// Lead label colors.
const (
	LabelBlue     = crm.LeadLabelBlue
	LabelBrown    = crm.LeadLabelBrown
	LabelDarkGray = crm.LeadLabelDarkGray
	LabelGray     = crm.LeadLabelGray
	LabelGreen    = crm.LeadLabelGreen
	LabelOrange   = crm.LeadLabelOrange
	LabelPink     = crm.LeadLabelPink
	LabelPurple   = crm.LeadLabelPurple
	LabelRed      = crm.LeadLabelRed
	LabelYellow   = crm.LeadLabelYellow
)

// Source is a source leads can come from; see crm.LeadSource.
type Source = crm.LeadSource

// LeadField is a lead field definition in API v1's shape; see
// crm.LeadField.
type LeadField = crm.LeadField

// Conversion is a started lead-to-deal conversion job: the same type as
// deals.Conversion, which starts the reverse.
type Conversion = deals.Conversion

// ConversionStatus is the state of a conversion job (the same type as
// deals.ConversionStatus); DealID is set once it completed.
type ConversionStatus = deals.ConversionStatus

// ConversionState is the state of a conversion job.
type ConversionState = deals.ConversionState

// Conversion job states.
const (
	ConversionNotStarted = deals.ConversionNotStarted
	ConversionRunning    = deals.ConversionRunning
	ConversionCompleted  = deals.ConversionCompleted
	ConversionFailed     = deals.ConversionFailed
	ConversionRejected   = deals.ConversionRejected
)
