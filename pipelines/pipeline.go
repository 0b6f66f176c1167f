package pipelines

import (
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
)

// Pipeline is a sales pipeline as API v2 returns it (and webhooks deliver
// it); see crm.Pipeline for its fields.
type Pipeline = crm.Pipeline

// Stage is a stage of a pipeline; see crm.Stage for its fields.
type Stage = crm.Stage

// Deal is a deal in API v1's shape, as the deals lists of pipelines and
// stages return it: the same type as deals.V1Deal, with the custom fields
// gathered into CustomFields.
type Deal = deals.V1Deal

// ConversionStatistics are a pipeline's conversion rates in a period; see
// crm.ConversionStatistics.
type ConversionStatistics = crm.ConversionStatistics

// StageConversion is the conversion rate between two stages.
type StageConversion = crm.StageConversion

// MovementStatistics summarise how a pipeline's deals moved in a period;
// see crm.MovementStatistics.
type MovementStatistics = crm.MovementStatistics

// DealMovements counts one group of deals of the movement statistics.
type DealMovements = crm.DealMovements

// DealsSummary totals the deals of a pipeline per stage and currency; see
// crm.PipelineDealsSummary.
type DealsSummary = crm.PipelineDealsSummary

// SortByOrderNr sorts stages by their place in the pipeline (the other
// sort fields are crm.SortByID, crm.SortByUpdateTime and crm.SortByAddTime).
const SortByOrderNr crm.SortField = "order_nr"
