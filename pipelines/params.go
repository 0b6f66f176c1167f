package pipelines

import "github.com/pipedrive-go/pipedrive/crm"

// ListParams sort and page the pipeline list.
type ListParams struct {
	// SortBy is crm.SortByID (the default), crm.SortByUpdateTime or
	// crm.SortByAddTime.
	SortBy        crm.SortField     `url:"sort_by,omitempty"`
	SortDirection crm.SortDirection `url:"sort_direction,omitempty"`
	// Limit is the page size (default 100, at most 500).
	Limit int `url:"limit,omitempty"`
	// Cursor continues from a previous page's NextCursor.
	Cursor string `url:"cursor,omitempty"`
}

// CreateParams is a new pipeline. Name is required.
type CreateParams struct {
	Name string `json:"name" pipedrive:"required"`
	// IsDealProbabilityEnabled gives the pipeline's deals a success
	// probability (off by default).
	IsDealProbabilityEnabled *bool `json:"is_deal_probability_enabled,omitempty"`
}

// UpdateParams change a pipeline: only what is set is sent.
type UpdateParams struct {
	Name                     string `json:"name,omitempty"`
	IsDealProbabilityEnabled *bool  `json:"is_deal_probability_enabled,omitempty"`
}

// StageListParams filter, sort and page the stage list.
type StageListParams struct {
	// PipelineID keeps the stages of one pipeline; zero lists the stages
	// of every pipeline.
	PipelineID int64 `url:"pipeline_id,omitempty"`
	// SortBy is crm.SortByID (the default), crm.SortByUpdateTime,
	// crm.SortByAddTime or SortByOrderNr.
	SortBy        crm.SortField     `url:"sort_by,omitempty"`
	SortDirection crm.SortDirection `url:"sort_direction,omitempty"`
	// Limit is the page size (default 100, at most 500).
	Limit int `url:"limit,omitempty"`
	// Cursor continues from a previous page's NextCursor.
	Cursor string `url:"cursor,omitempty"`
}

// StageParams is a new stage. Name and PipelineID are required.
type StageParams struct {
	Name       string `json:"name" pipedrive:"required"`
	PipelineID int64  `json:"pipeline_id" pipedrive:"required"`
	// DealProbability is the success probability, in percent, of the
	// stage's deals.
	DealProbability *int `json:"deal_probability,omitempty"`
	// IsDealRotEnabled makes deals rot after DaysToRotten days without an
	// update.
	IsDealRotEnabled *bool `json:"is_deal_rot_enabled,omitempty"`
	DaysToRotten     *int  `json:"days_to_rotten,omitempty"`
}

// StageUpdateParams change a stage: only what is set is sent.
type StageUpdateParams struct {
	Name string `json:"name,omitempty"`
	// PipelineID moves the stage to another pipeline.
	PipelineID       int64 `json:"pipeline_id,omitempty"`
	DealProbability  *int  `json:"deal_probability,omitempty"`
	IsDealRotEnabled *bool `json:"is_deal_rot_enabled,omitempty"`
	DaysToRotten     *int  `json:"days_to_rotten,omitempty"`
}

// StatisticsParams give the period of a pipeline's statistics (both
// dates required, inclusive) and whose deals to count.
type StatisticsParams struct {
	StartDate crm.Date `url:"start_date" pipedrive:"required"`
	EndDate   crm.Date `url:"end_date" pipedrive:"required"`
	// UserID counts the deals of this user; zero counts the authorized
	// user's.
	UserID int64 `url:"user_id,omitempty"`
}

// DealsParams filter and page the deals of a pipeline.
type DealsParams struct {
	// FilterID applies a saved filter (ignored with UserID or Everyone).
	FilterID int64 `url:"filter_id,omitempty"`
	// UserID lists the deals this user owns (ignored with Everyone); the
	// default is the authorized user's deals.
	UserID int64 `url:"user_id,omitempty"`
	// Everyone lists the deals of every owner.
	Everyone bool `url:"everyone,omitempty,int"`
	// StageID keeps the deals of one stage.
	StageID int64 `url:"stage_id,omitempty"`
	// Start is the offset of the first deal: a previous page's NextStart.
	Start int `url:"start,omitempty"`
	// Limit is the page size.
	Limit int `url:"limit,omitempty"`
}

// StageDealsParams filter and page the deals of a stage.
type StageDealsParams struct {
	// FilterID applies a saved filter (ignored with UserID or Everyone).
	FilterID int64 `url:"filter_id,omitempty"`
	// UserID lists the deals this user owns (ignored with Everyone); the
	// default is the authorized user's deals.
	UserID int64 `url:"user_id,omitempty"`
	// Everyone lists the deals of every owner.
	Everyone bool `url:"everyone,omitempty,int"`
	// Start is the offset of the first deal: a previous page's NextStart.
	Start int `url:"start,omitempty"`
	// Limit is the page size.
	Limit int `url:"limit,omitempty"`
}

// DealsSummaryParams choose the deals a pipeline's deals summary totals,
// as DealsParams do, and the currency to convert the per-stage totals to.
type DealsSummaryParams struct {
	FilterID int64 `url:"filter_id,omitempty"`
	UserID   int64 `url:"user_id,omitempty"`
	Everyone bool  `url:"everyone,omitempty,int"`
	StageID  int64 `url:"stage_id,omitempty"`
	// TotalsConvertCurrency, a currency code or "default_currency" (the
	// user's), fills DealsSummary.PerStagesConverted.
	TotalsConvertCurrency string `url:"totals_convert_currency,omitempty"`
}
