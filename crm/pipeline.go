package crm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// Pipeline is a sales pipeline: an ordered set of stages that deals move
// through. It is the shape of API v2 (aliased as pipelines.Pipeline), and
// it also decodes the v1 shape webhooks deliver (active, deal_probability,
// v1 timestamps).
type Pipeline struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// OrderNr orders the pipelines; the one with the lowest is the
	// company's default.
	OrderNr   int  `json:"order_nr"`
	IsDeleted bool `json:"is_deleted"`
	// IsDealProbabilityEnabled says whether deals of this pipeline carry
	// a success probability (and weighted values).
	IsDealProbabilityEnabled bool       `json:"is_deal_probability_enabled"`
	AddTime                  time.Time  `json:"add_time"`
	UpdateTime               *time.Time `json:"update_time"`
	// URLTitle (the pipeline's name in web app URLs) and Selected come
	// only in v1 payloads (webhooks v1).
	URLTitle string `json:"url_title,omitempty"`
	Selected bool   `json:"selected,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler: v2 and v1 shapes, numbers
// and flags sent as strings.
func (p *Pipeline) UnmarshalJSON(b []byte) error {
	type plain Pipeline
	var aux struct {
		*plain
		IsDeleted  *flag `json:"is_deleted"`
		IsDealProb *flag `json:"is_deal_probability_enabled"`
		Selected   flag  `json:"selected"`
		AddTime    Time  `json:"add_time"`
		UpdateTime Time  `json:"update_time"`
		// v1 names.
		Active   *flag `json:"active"`
		DealProb *flag `json:"deal_probability"`
	}
	*p = Pipeline{}
	aux.plain = (*plain)(p)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	p.AddTime, p.UpdateTime = aux.AddTime.Time, aux.UpdateTime.Ptr()
	p.Selected = bool(aux.Selected)
	switch {
	case aux.IsDeleted != nil:
		p.IsDeleted = bool(*aux.IsDeleted)
	case aux.Active != nil:
		p.IsDeleted = !bool(*aux.Active)
	}
	switch {
	case aux.IsDealProb != nil:
		p.IsDealProbabilityEnabled = bool(*aux.IsDealProb)
	case aux.DealProb != nil:
		p.IsDealProbabilityEnabled = bool(*aux.DealProb)
	}
	return nil
}

// Stage is one stage of a pipeline. It is the shape of API v2 (aliased
// as pipelines.Stage), and it also decodes the v1 shape webhooks deliver
// (active_flag, rotten_flag, rotten_days, v1 timestamps).
type Stage struct {
	ID         int64 `json:"id"`
	PipelineID int64 `json:"pipeline_id"`
	// OrderNr is the stage's place in its pipeline, from 1.
	OrderNr   int    `json:"order_nr"`
	Name      string `json:"name"`
	IsDeleted bool   `json:"is_deleted"`
	// DealProbability is the success probability, in percent, that deals
	// in this stage get when they have none of their own.
	DealProbability int `json:"deal_probability"`
	// IsDealRotEnabled makes deals rot (turn red in the web app) after
	// DaysToRotten days without an update in this stage.
	IsDealRotEnabled bool       `json:"is_deal_rot_enabled"`
	DaysToRotten     *int       `json:"days_to_rotten"`
	AddTime          time.Time  `json:"add_time"`
	UpdateTime       *time.Time `json:"update_time"`
	// PipelineName and PipelineDealProbability come only in v1 payloads
	// (webhooks v1).
	PipelineName            string `json:"pipeline_name,omitempty"`
	PipelineDealProbability bool   `json:"pipeline_deal_probability,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler: v2 and v1 shapes, numbers
// and flags sent as strings.
func (s *Stage) UnmarshalJSON(b []byte) error {
	type plain Stage
	var aux struct {
		*plain
		IsDeleted        *flag           `json:"is_deleted"`
		IsDealRotEnabled *flag           `json:"is_deal_rot_enabled"`
		DaysToRotten     json.RawMessage `json:"days_to_rotten"`
		PipelineDealProb flag            `json:"pipeline_deal_probability"`
		AddTime          Time            `json:"add_time"`
		UpdateTime       Time            `json:"update_time"`
		// v1 names.
		Active     *flag           `json:"active_flag"`
		Rotten     *flag           `json:"rotten_flag"`
		RottenDays json.RawMessage `json:"rotten_days"`
	}
	*s = Stage{}
	aux.plain = (*plain)(s)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	s.AddTime, s.UpdateTime = aux.AddTime.Time, aux.UpdateTime.Ptr()
	s.PipelineDealProbability = bool(aux.PipelineDealProb)
	switch {
	case aux.IsDeleted != nil:
		s.IsDeleted = bool(*aux.IsDeleted)
	case aux.Active != nil:
		s.IsDeleted = !bool(*aux.Active)
	}
	switch {
	case aux.IsDealRotEnabled != nil:
		s.IsDealRotEnabled = bool(*aux.IsDealRotEnabled)
	case aux.Rotten != nil:
		s.IsDealRotEnabled = bool(*aux.Rotten)
	}
	days := aux.DaysToRotten
	if len(days) == 0 {
		days = aux.RottenDays
	}
	if len(days) > 0 && !isNull(days) {
		n, err := jsonx.Int(days)
		if err != nil {
			return fmt.Errorf("days_to_rotten: %w", err)
		}
		d := int(n)
		s.DaysToRotten = &d
	}
	return nil
}

// StageConversion is the share of deals that moved from one stage to
// another in a period.
type StageConversion struct {
	FromStageID int64 `json:"from_stage_id"`
	ToStageID   int64 `json:"to_stage_id"`
	// ConversionRate is a percentage (0 to 100).
	ConversionRate float64 `json:"conversion_rate"`
}

// ConversionStatistics are a pipeline's stage-to-stage conversion rates
// and its rates of deals won and lost in a period, as percentages.
type ConversionStatistics struct {
	StageConversions []StageConversion `json:"stage_conversions"`
	WonConversion    float64           `json:"won_conversion"`
	LostConversion   float64           `json:"lost_conversion"`
}

// DealMovements counts a group of deals of a pipeline in a period: how
// many, which, and their total value per currency.
type DealMovements struct {
	Count   int     `json:"count"`
	DealIDs []int64 `json:"deals_ids"`
	// Values and FormattedValues are keyed by currency code ("USD").
	Values          map[string]float64 `json:"values"`
	FormattedValues map[string]string  `json:"formatted_values"`
}

// UnmarshalJSON implements json.Unmarshaler: numbers sent as strings, and
// an empty array ([]) for an empty map.
func (d *DealMovements) UnmarshalJSON(b []byte) error {
	type plain DealMovements
	var aux struct {
		*plain
		Values          json.RawMessage `json:"values"`
		FormattedValues json.RawMessage `json:"formatted_values"`
	}
	*d = DealMovements{}
	aux.plain = (*plain)(d)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	if err := decodeMap(aux.Values, &d.Values); err != nil {
		return fmt.Errorf("values: %w", err)
	}
	if err := decodeMap(aux.FormattedValues, &d.FormattedValues); err != nil {
		return fmt.Errorf("formatted_values: %w", err)
	}
	return nil
}

// StageMovements counts the moves of deals between a pipeline's stages.
type StageMovements struct {
	Count int `json:"count"`
}

// StageAge is the average age, in days, of the moved deals of one stage.
type StageAge struct {
	StageID int64   `json:"stage_id"`
	Value   float64 `json:"value"`
}

// DealAges are the average ages, in days, of a pipeline's moved deals:
// across all stages and per stage.
type DealAges struct {
	AcrossAllStages float64    `json:"across_all_stages"`
	ByStages        []StageAge `json:"by_stages"`
}

// MovementStatistics summarise how a pipeline's deals moved in a period:
// the deals added, moved between stages, won, lost and left open, and
// their average age.
type MovementStatistics struct {
	MovementsBetweenStages StageMovements `json:"movements_between_stages"`
	NewDeals               DealMovements  `json:"new_deals"`
	DealsLeftOpen          DealMovements  `json:"deals_left_open"`
	WonDeals               DealMovements  `json:"won_deals"`
	LostDeals              DealMovements  `json:"lost_deals"`
	AverageAgeInDays       DealAges       `json:"average_age_in_days"`
}

// UnmarshalJSON implements json.Unmarshaler, tolerating numbers sent as
// strings.
func (m *MovementStatistics) UnmarshalJSON(b []byte) error {
	type plain MovementStatistics
	return jsonx.Unmarshal(b, (*plain)(m))
}

// UnmarshalJSON implements json.Unmarshaler, tolerating numbers sent as
// strings.
func (c *ConversionStatistics) UnmarshalJSON(b []byte) error {
	type plain ConversionStatistics
	return jsonx.Unmarshal(b, (*plain)(c))
}

// StageCurrencyTotal totals the deals of one stage in one currency.
type StageCurrencyTotal struct {
	Count                  int     `json:"count"`
	Value                  float64 `json:"value"`
	ValueFormatted         string  `json:"value_formatted"`
	WeightedValue          float64 `json:"weighted_value"`
	WeightedValueFormatted string  `json:"weighted_value_formatted"`
}

// StageConvertedTotal totals the deals of one stage, converted into one
// currency.
type StageConvertedTotal struct {
	Count    int     `json:"count"`
	Value    float64 `json:"value"`
	Currency string  `json:"currency,omitempty"`
	// ValueWeighted is the probability-weighted total.
	ValueWeighted          float64 `json:"value_weighted,omitempty"`
	ValueFormatted         string  `json:"value_formatted,omitempty"`
	ValueWeightedFormatted string  `json:"value_weighted_formatted,omitempty"`
}

// CurrencyCount is the number and total value of deals in one currency.
type CurrencyCount struct {
	Count int     `json:"count"`
	Value float64 `json:"value"`
}

// PipelineDealsSummary totals the deals of a pipeline: per stage and
// currency, per currency, and (when a conversion currency was asked for)
// per stage converted into it. Stage maps are keyed by stage id and
// currency maps by currency code.
type PipelineDealsSummary struct {
	PerStages          map[int64]map[string]StageCurrencyTotal `json:"-"`
	PerStagesConverted map[int64]StageConvertedTotal           `json:"-"`
	PerCurrency        map[string]float64                      `json:"per_currency"`
	PerCurrencyFull    map[string]CurrencyCount                `json:"per_currency_full"`
	TotalCount         int                                     `json:"total_count"`
}

// UnmarshalJSON implements json.Unmarshaler. Stage maps arrive keyed by
// the stage id as a string, and an empty map may arrive as [].
func (s *PipelineDealsSummary) UnmarshalJSON(b []byte) error {
	type plain PipelineDealsSummary
	var aux struct {
		*plain
		PerCurrency     json.RawMessage `json:"per_currency"`
		PerCurrencyFull json.RawMessage `json:"per_currency_full"`
		PerStages       json.RawMessage `json:"per_stages"`
		PerStagesConv   json.RawMessage `json:"per_stages_converted"`
	}
	*s = PipelineDealsSummary{}
	aux.plain = (*plain)(s)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	if err := decodeMap(aux.PerCurrency, &s.PerCurrency); err != nil {
		return fmt.Errorf("per_currency: %w", err)
	}
	if err := decodeMap(aux.PerCurrencyFull, &s.PerCurrencyFull); err != nil {
		return fmt.Errorf("per_currency_full: %w", err)
	}
	var perStages map[string]map[string]StageCurrencyTotal
	if err := decodeMap(aux.PerStages, &perStages); err != nil {
		return fmt.Errorf("per_stages: %w", err)
	}
	var err error
	if s.PerStages, err = byStageID(perStages); err != nil {
		return fmt.Errorf("per_stages: %w", err)
	}
	var conv map[string]StageConvertedTotal
	if err := decodeMap(aux.PerStagesConv, &conv); err != nil {
		return fmt.Errorf("per_stages_converted: %w", err)
	}
	if s.PerStagesConverted, err = byStageID(conv); err != nil {
		return fmt.Errorf("per_stages_converted: %w", err)
	}
	return nil
}

// MarshalJSON implements json.Marshaler, writing the stage maps back
// under their wire names.
func (s PipelineDealsSummary) MarshalJSON() ([]byte, error) {
	type plain PipelineDealsSummary
	return json.Marshal(struct {
		plain
		PerStages          map[int64]map[string]StageCurrencyTotal `json:"per_stages,omitempty"`
		PerStagesConverted map[int64]StageConvertedTotal           `json:"per_stages_converted,omitempty"`
	}{plain(s), s.PerStages, s.PerStagesConverted})
}

// decodeMap decodes a JSON object into m (a pointer to a map), reading
// absent, null and an empty array (PHP's empty map) as nil.
func decodeMap(raw json.RawMessage, m any) error {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 || isNull(t) || string(t) == "[]" {
		return nil
	}
	return jsonx.Unmarshal(t, m)
}

// byStageID re-keys a map by stage id.
func byStageID[V any](in map[string]V) (map[int64]V, error) {
	if in == nil {
		return nil, nil
	}
	out := make(map[int64]V, len(in))
	for k, v := range in {
		id, err := strconv.ParseInt(k, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a stage id", k)
		}
		out[id] = v
	}
	return out, nil
}
