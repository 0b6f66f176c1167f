package projects_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/projects"
)

func TestModelsDecodeOtherShapes(t *testing.T) {
	t.Run("archived project, numbers as strings, nulls", func(t *testing.T) {
		var p projects.Project
		require.NoError(t, json.Unmarshal([]byte(`{"id":"7","title":"T","board_id":"2","phase_id":3,"health_status":null,
			"start_date":null,"end_date":"","deal_ids":null,"archive_time":"2026-05-01 10:00:00","add_time":"2026-04-01T00:00:00Z",
			"custom_fields":{"`+categoryCode+`":2},"unknown_member":{"x":1}}`), &p))
		assert.Equal(t, int64(7), p.ID)
		assert.Equal(t, int64(2), p.BoardID)
		assert.Nil(t, p.HealthStatus)
		assert.True(t, p.StartDate.IsZero())
		assert.True(t, p.EndDate.IsZero())
		assert.True(t, p.IsArchived())
		assert.Equal(t, pipedrive.Ptr(time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)), p.ArchiveTime)
		id, ok := p.CustomFields.OptionID(categoryCode)
		assert.True(t, ok)
		assert.Equal(t, int64(2), id)
	})
	t.Run("v1 task done as 1, milestone flag", func(t *testing.T) {
		var task projects.Task
		require.NoError(t, json.Unmarshal([]byte(`{"id":1,"done":1,"milestone":"1","parent_task_id":null,"assignee_id":null,
			"marked_as_done_time":"","add_time":"2023-09-14 08:14:40.288"}`), &task))
		assert.True(t, task.IsDone)
		assert.True(t, task.IsMilestone)
		assert.Nil(t, task.ParentTaskID)
		assert.Zero(t, task.AssigneeID)
		assert.Nil(t, task.MarkedAsDoneTime)
		assert.Equal(t, time.Date(2023, 9, 14, 8, 14, 40, 288e6, time.UTC), task.AddTime)
	})
	t.Run("v2 task is_done wins over done", func(t *testing.T) {
		var task projects.Task
		require.NoError(t, json.Unmarshal([]byte(`{"id":1,"is_done":false,"done":1,"is_milestone":true}`), &task))
		assert.False(t, task.IsDone)
		assert.True(t, task.IsMilestone)
	})
	t.Run("project activity with 0/1 flags and no ids", func(t *testing.T) {
		var a projects.Activity
		require.NoError(t, json.Unmarshal([]byte(`{"id":"8","done":1,"busy_flag":0,"active_flag":"1","deal_id":null,
			"lead_id":"","project_id":3,"due_time":"","update_time":null,"location":"Main St 1","location_locality":"Town"}`), &a))
		assert.Equal(t, int64(8), a.ID)
		assert.True(t, a.Done)
		assert.False(t, a.Busy)
		assert.True(t, a.Active)
		assert.Nil(t, a.DealID)
		assert.Nil(t, a.LeadID)
		assert.Equal(t, pipedrive.Ptr[int64](3), a.ProjectID)
		assert.False(t, a.DueTime.Valid)
		assert.Nil(t, a.UpdateTime)
		assert.Equal(t, crm.Address{Value: "Main St 1", Locality: "Town"}, a.Location)
		// It encodes back in the flat v1 shape.
		b, err := json.Marshal(a)
		require.NoError(t, err)
		var back map[string]any
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, "Main St 1", back["location"])
		assert.Equal(t, "Town", back["location_locality"])
		assert.NotContains(t, back, "Location")
	})
	t.Run("plan item ids as strings", func(t *testing.T) {
		var it projects.PlanItem
		require.NoError(t, json.Unmarshal([]byte(`{"item_id":"5","item_type":"activity","phase_id":2,"group_id":null}`), &it))
		assert.Equal(t, projects.PlanItem{ItemID: 5, ItemType: projects.PlanActivity, PhaseID: 2}, it)
	})
	t.Run("malformed members fail", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			v    any
			json string
		}{
			{"project time", new(projects.Project), `{"add_time":"yesterday"}`},
			{"task date", new(projects.Task), `{"due_date":"soon"}`},
			{"activity flag", new(projects.Activity), `{"done":"maybe"}`},
			{"board id", new(projects.Board), `{"id":{"a":{}}}`},
		} {
			assert.Error(t, json.Unmarshal([]byte(tc.json), tc.v), tc.name)
		}
	})
}

func TestTaskParamsEncoding(t *testing.T) {
	b, err := json.Marshal(&projects.TaskParams{Title: "T", ProjectID: 1})
	require.NoError(t, err)
	assert.JSONEq(t, `{"title":"T","project_id":1}`, string(b), "nothing optional is sent")

	b, err = json.Marshal(&projects.TaskUpdateParams{Done: pipedrive.Ptr(false), AssigneeID: pipedrive.Ptr[int64](0), ParentTaskID: pipedrive.Ptr[int64](9)})
	require.NoError(t, err)
	assert.JSONEq(t, `{"done":0,"assignee_id":null,"parent_task_id":9}`, string(b))

	b, err = json.Marshal(&projects.TaskUpdateParams{})
	require.NoError(t, err)
	assert.JSONEq(t, `{}`, string(b))
}
