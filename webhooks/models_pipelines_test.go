package webhooks_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/leads"
	"github.com/pipedrive-go/pipedrive/pipelines"
	"github.com/pipedrive-go/pipedrive/webhooks"
)

// v2Meta builds the meta of a v2 delivery, as Pipedrive sends it (ids as
// strings).
func v2Meta(action, entity, id string) string {
	return `{"action":"` + action + `","company_id":"7700112","correlation_id":"9d1e2f3a-4b5c-4d6e-8f70-1a2b3c4d5e6f",
		"entity_id":"` + id + `","entity":"` + entity + `","id":"1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a10","is_bulk_edit":false,
		"timestamp":"2026-11-29T11:10:00.250Z","type":"general","user_id":"3300441","version":"2.0","webhook_id":"994",
		"webhook_owner_id":"3300441","change_source":"app","attempt":1,"host":"acme.pipedrive.com"}`
}

func TestEventLeadV2(t *testing.T) {
	ev, err := webhooks.Decode(fixture(t, "v2-create-lead.json"))
	require.NoError(t, err)
	assert.Zero(t, ev.EntityID, "lead ids are UUIDs")
	assert.Equal(t, "adf21080-0e10-11eb-879b-05d71fb426ec", ev.RawEntityID)

	var l *leads.Lead // the resource package's own type
	l, err = ev.Lead()
	require.NoError(t, err)
	assert.Equal(t, ev.RawEntityID, l.ID)
	assert.Equal(t, "Inbound: crane maintenance", l.Title)
	assert.Equal(t, int64(3300441), l.OwnerID)
	require.NotNil(t, l.PersonID)
	assert.Equal(t, int64(12), *l.PersonID)
	assert.Nil(t, l.OrganizationID)
	assert.Equal(t, &leads.Value{Amount: 800, Currency: "EUR"}, l.Value)
	assert.Equal(t, time.Date(2026, 11, 29, 11, 10, 0, 0, time.UTC), l.AddTime)

	_, err = ev.PreviousLead()
	assert.ErrorIs(t, err, webhooks.ErrNoData, "a create has no previous")
	_, err = ev.Pipeline()
	assert.ErrorIs(t, err, webhooks.ErrWrongEntity)
}

func TestEventLeadV1(t *testing.T) {
	const budget = "8f2d6c0e1a3b5d7f9e1c3a5b7d9f1e3c5a7b9d1f"
	lead := func(title, amount, label string) string {
		return `{"id":"adf21080-0e10-11eb-879b-05d71fb426ec","title":"` + title + `","owner_id":3300441,"creator_id":3300441,
			"label_ids":[` + label + `],"person_id":12,"organization_id":null,"source_name":"API","origin":"API","origin_id":null,
			"channel":null,"channel_id":null,"is_archived":false,"was_seen":true,"value":{"amount":` + amount + `,"currency":"EUR"},
			"expected_close_date":"2026-12-31","next_activity_id":null,"add_time":"2026-11-29T11:10:00.000Z",
			"update_time":"2026-11-30T09:00:00.000Z","visible_to":"3","cc_email":"acme+lead@pipedrivemail.com",
			"` + budget + `":` + amount + `,"` + budget + `_currency":"EUR"}`
	}
	body := `{"v":1,"matches_filters":{"current":[],"previous":[]},
		"meta":{"v":1,"action":"updated","object":"lead","id":"adf21080-0e10-11eb-879b-05d71fb426ec","company_id":7700112,
		"user_id":3300441,"host":"acme.pipedrive.com","timestamp":1764493200,"webhook_id":"995","webhook_owner_id":"3300441"},
		"current":` + lead("Inbound: crane maintenance", "950", `"f08b42a0-4e75-11ea-9643-03698ef1cfd6"`) + `,
		"previous":` + lead("Inbound: crane maintenance", "800", "") + `,
		"retry":0,"event":"updated.lead"}`
	ev, err := webhooks.Decode([]byte(body))
	require.NoError(t, err)
	assert.Equal(t, webhooks.ActionChange, ev.Action)
	assert.Equal(t, webhooks.ObjectLead, ev.Entity)
	assert.Zero(t, ev.EntityID)
	assert.Equal(t, "adf21080-0e10-11eb-879b-05d71fb426ec", ev.RawEntityID)

	l, err := ev.Lead()
	require.NoError(t, err)
	assert.Equal(t, &leads.Value{Amount: 950, Currency: "EUR"}, l.Value)
	assert.Equal(t, []string{"f08b42a0-4e75-11ea-9643-03698ef1cfd6"}, l.LabelIDs)
	assert.Equal(t, crm.NewDate(2026, time.December, 31), l.ExpectedCloseDate)
	assert.True(t, l.WasSeen)
	m, ok := l.CustomFields.Money(budget)
	require.True(t, ok)
	assert.Equal(t, crm.Money(950, "EUR"), m)

	prev, err := ev.PreviousLead()
	require.NoError(t, err)
	assert.Equal(t, &leads.Value{Amount: 800, Currency: "EUR"}, prev.Value)
	assert.Empty(t, prev.LabelIDs)
	assert.Empty(t, prev.Title, "only changed fields")
	m, ok = prev.CustomFields.Money(budget)
	require.True(t, ok)
	assert.Equal(t, crm.Monetary{Value: 800}, m, "only the amount changed: the currency is not in Previous")
}

func TestEventPipelineV2(t *testing.T) {
	body := `{"data":{"id":"2","name":"Renewals","order_nr":"2","is_deleted":false,"is_deal_probability_enabled":true,
		"add_time":"2026-10-01T08:00:00Z","update_time":"2026-11-29T11:10:00Z"},
		"previous":{"name":"Renewal","is_deal_probability_enabled":false},
		"meta":` + v2Meta("change", "pipeline", "2") + `}`
	ev, err := webhooks.Decode([]byte(body))
	require.NoError(t, err)
	assert.Equal(t, int64(2), ev.EntityID)

	var p *pipelines.Pipeline
	p, err = ev.Pipeline()
	require.NoError(t, err)
	upd := time.Date(2026, 11, 29, 11, 10, 0, 0, time.UTC)
	assert.Equal(t, pipelines.Pipeline{ID: 2, Name: "Renewals", OrderNr: 2, IsDealProbabilityEnabled: true,
		AddTime: time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC), UpdateTime: &upd}, *p)
	prev, err := ev.PreviousPipeline()
	require.NoError(t, err)
	assert.Equal(t, pipelines.Pipeline{Name: "Renewal"}, *prev)
	assert.Equal(t, []string{"name", "is_deal_probability_enabled"}, ev.Changed())
	_, err = ev.Stage()
	assert.ErrorIs(t, err, webhooks.ErrWrongEntity)
}

func TestEventPipelineV1(t *testing.T) {
	body := `{"v":1,"meta":{"action":"added","object":"pipeline","id":3,"company_id":7700112,"user_id":3300441,
		"timestamp":1764412200,"webhook_id":"996"},
		"current":{"id":3,"name":"Partners","url_title":"Partners","order_nr":3,"active":true,"deal_probability":false,
		"add_time":"2026-11-29 10:30:00","update_time":null,"selected":false},
		"previous":null,"retry":1,"event":"added.pipeline"}`
	ev, err := webhooks.Decode([]byte(body))
	require.NoError(t, err)
	assert.Equal(t, webhooks.ActionCreate, ev.Action)
	assert.Equal(t, 2, ev.Attempt)
	p, err := ev.Pipeline()
	require.NoError(t, err)
	assert.Equal(t, pipelines.Pipeline{ID: 3, Name: "Partners", URLTitle: "Partners", OrderNr: 3,
		AddTime: time.Date(2026, 11, 29, 10, 30, 0, 0, time.UTC)}, *p)
	_, err = ev.PreviousPipeline()
	assert.ErrorIs(t, err, webhooks.ErrNoData)
}

func TestEventStageV2Delete(t *testing.T) {
	body := `{"data":null,
		"previous":{"id":"9","order_nr":"4","name":"Negotiations Started","is_deleted":false,"deal_probability":"80",
		"pipeline_id":"1","is_deal_rot_enabled":true,"days_to_rotten":"30","add_time":"2026-01-01T00:00:00Z","update_time":null},
		"meta":` + v2Meta("delete", "stage", "9") + `}`
	ev, err := webhooks.Decode([]byte(body))
	require.NoError(t, err)
	_, err = ev.Stage()
	assert.ErrorIs(t, err, webhooks.ErrNoData, "a v2 delete carries no data")
	var s *pipelines.Stage
	s, err = ev.PreviousStage()
	require.NoError(t, err)
	thirty := 30
	assert.Equal(t, pipelines.Stage{ID: 9, OrderNr: 4, Name: "Negotiations Started", DealProbability: 80, PipelineID: 1,
		IsDealRotEnabled: true, DaysToRotten: &thirty, AddTime: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, *s)
}

func TestEventStageV1(t *testing.T) {
	stage := func(name string, days string) string {
		return `{"id":9,"order_nr":4,"name":"` + name + `","active_flag":true,"deal_probability":80,"pipeline_id":1,
			"rotten_flag":true,"rotten_days":` + days + `,"add_time":"2026-01-01 00:00:00","update_time":"2026-11-29 10:30:00",
			"pipeline_name":"Sales pipeline","pipeline_deal_probability":true}`
	}
	body := `{"v":1,"meta":{"action":"updated","object":"stage","id":9,"company_id":7700112,"user_id":3300441,
		"timestamp":1764412200,"webhook_id":"997"},"current":` + stage("Negotiating", "21") + `,
		"previous":` + stage("Negotiations Started", "30") + `,"retry":0,"event":"updated.stage"}`
	ev, err := webhooks.Decode([]byte(body))
	require.NoError(t, err)
	s, err := ev.Stage()
	require.NoError(t, err)
	assert.Equal(t, "Negotiating", s.Name)
	assert.True(t, s.IsDealRotEnabled)
	require.NotNil(t, s.DaysToRotten)
	assert.Equal(t, 21, *s.DaysToRotten)
	assert.False(t, s.IsDeleted)
	assert.Equal(t, "Sales pipeline", s.PipelineName)
	assert.True(t, s.PipelineDealProbability)
	prev, err := ev.PreviousStage()
	require.NoError(t, err)
	assert.Equal(t, "Negotiations Started", prev.Name)
	require.NotNil(t, prev.DaysToRotten)
	assert.Equal(t, 30, *prev.DaysToRotten)
	_, err = ev.Lead()
	assert.ErrorIs(t, err, webhooks.ErrWrongEntity)
}
