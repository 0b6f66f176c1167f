package pipelines_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/pipelines"
)

// Every model decodes its operation's spec example with no member lost.
func TestModelsKeepEveryMember(t *testing.T) {
	one := map[string]func() any{
		"pipelines/get.json":                   func() any { return new(pipelines.Pipeline) },
		"pipelines/create.json":                func() any { return new(pipelines.Pipeline) },
		"pipelines/update.json":                func() any { return new(pipelines.Pipeline) },
		"pipelines/stage.json":                 func() any { return new(pipelines.Stage) },
		"pipelines/stage_create.json":          func() any { return new(pipelines.Stage) },
		"pipelines/stage_update.json":          func() any { return new(pipelines.Stage) },
		"pipelines/conversion_statistics.json": func() any { return new(pipelines.ConversionStatistics) },
		"pipelines/movement_statistics.json":   func() any { return new(pipelines.MovementStatistics) },
	}
	for name, mk := range one {
		t.Run(name, func(t *testing.T) {
			resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, name), mk())
		})
	}
	lists := map[string]func() any{
		"pipelines/list.json":        func() any { return new(pipelines.Pipeline) },
		"pipelines/stages.json":      func() any { return new(pipelines.Stage) },
		"pipelines/deals.json":       func() any { return new(dealProbe) },
		"pipelines/stage_deals.json": func() any { return new(dealProbe) },
	}
	for name, mk := range lists {
		t.Run(name, func(t *testing.T) {
			var items []json.RawMessage
			require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, name), &items))
			require.NotEmpty(t, items)
			for _, it := range items {
				resourcetest.AssertNoFieldLost(t, it, mk())
			}
		})
	}
	t.Run("deals_summary", func(t *testing.T) {
		var extra struct {
			AdditionalData struct {
				Summary json.RawMessage `json:"deals_summary"`
			} `json:"additional_data"`
		}
		require.NoError(t, json.Unmarshal(resourcetest.Fixture(t, "pipelines/deals_summary.json"), &extra))
		resourcetest.AssertNoFieldLost(t, extra.AdditionalData.Summary, new(pipelines.DealsSummary))
	})
}

// dealProbe re-encodes a decoded pipelines.Deal (deals.V1Deal) with the
// members deals.V1Deal decodes but does not encode (it tags them
// json:"-"), so that AssertNoFieldLost can see they were decoded.
type dealProbe struct{ d pipelines.Deal }

func (p *dealProbe) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, &p.d) }

func (p dealProbe) MarshalJSON() ([]byte, error) {
	base, err := json.Marshal(p.d)
	if err != nil {
		return nil, err
	}
	var all map[string]any
	if err := json.Unmarshal(base, &all); err != nil {
		return nil, err
	}
	d := p.d
	for k, v := range map[string]any{
		"user_id": d.OwnerID, "creator_user_id": d.CreatorUserID, "person_id": d.PersonID, "org_id": d.OrgID,
		"add_time": d.AddTime, "update_time": d.UpdateTime, "stage_change_time": d.StageChangeTime,
		"close_time": d.CloseTime, "won_time": d.WonTime, "first_won_time": d.FirstWonTime, "lost_time": d.LostTime,
		"archive_time": d.ArchiveTime, "rotten_time": d.RottenTime, "label": d.Label,
		"last_incoming_mail_time": d.LastIncomingMailTime, "last_outgoing_mail_time": d.LastOutgoingMailTime,
	} {
		all[k] = v
	}
	return json.Marshal(all)
}

// The v1 shapes webhooks deliver, and the quirks of hand-made payloads.
func TestPipelineDecodeV1(t *testing.T) {
	var p pipelines.Pipeline
	require.NoError(t, json.Unmarshal([]byte(`{"id":"3","name":"Renewals","url_title":"Renewals","order_nr":"2",
		"active":false,"deal_probability":1,"add_time":"2025-02-01 10:00:00","update_time":null,"selected":false}`), &p))
	assert.Equal(t, pipelines.Pipeline{
		ID: 3, Name: "Renewals", URLTitle: "Renewals", OrderNr: 2, IsDeleted: true, IsDealProbabilityEnabled: true,
		AddTime: time.Date(2025, 2, 1, 10, 0, 0, 0, time.UTC),
	}, p)

	var s pipelines.Stage
	require.NoError(t, json.Unmarshal([]byte(`{"id":7,"order_nr":3,"name":"Demo","active_flag":true,"deal_probability":40,
		"pipeline_id":3,"rotten_flag":true,"rotten_days":"14","add_time":"2025-02-01 10:00:00","update_time":"2025-02-02 11:00:00",
		"pipeline_name":"Renewals","pipeline_deal_probability":true}`), &s))
	upd := time.Date(2025, 2, 2, 11, 0, 0, 0, time.UTC)
	assert.Equal(t, pipelines.Stage{
		ID: 7, OrderNr: 3, Name: "Demo", DealProbability: 40, PipelineID: 3, IsDealRotEnabled: true,
		DaysToRotten: pipedrive.Ptr(14), AddTime: time.Date(2025, 2, 1, 10, 0, 0, 0, time.UTC), UpdateTime: &upd,
		PipelineName: "Renewals", PipelineDealProbability: true,
	}, s)

	// A stage without rotting has no days.
	require.NoError(t, json.Unmarshal([]byte(`{"id":8,"is_deal_rot_enabled":false,"days_to_rotten":null,"is_deleted":"1"}`), &s))
	assert.Nil(t, s.DaysToRotten)
	assert.True(t, s.IsDeleted)
}

func TestSummaryDecodeEmptyArrays(t *testing.T) {
	// PHP sends an empty map as [].
	var sum pipelines.DealsSummary
	require.NoError(t, json.Unmarshal([]byte(`{"per_stages":[],"per_currency":[],"per_currency_full":[],"total_count":0}`), &sum))
	assert.Equal(t, pipelines.DealsSummary{}, sum)
	assert.Error(t, json.Unmarshal([]byte(`{"per_stages":{"x":{}}}`), &sum), "stage keys are ids")

	var mv pipelines.MovementStatistics
	require.NoError(t, json.Unmarshal([]byte(`{"new_deals":{"count":"0","deals_ids":[],"values":[],"formatted_values":[]}}`), &mv))
	assert.Equal(t, pipelines.MovementStatistics{NewDeals: pipelines.DealMovements{DealIDs: []int64{}}}, mv)
}
