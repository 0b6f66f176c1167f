package projects_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/projects"
)

const categoryCode = "40characterhashforcustomfieldidentifier"

func utc(y int, m time.Month, d, h, min, s, ms int) time.Time {
	return time.Date(y, m, d, h, min, s, ms*int(time.Millisecond), time.UTC)
}

// assertProject checks the decoding of testdata/projects/project.json.
func assertProject(t *testing.T, p *projects.Project) {
	t.Helper()
	assert.Equal(t, projects.Project{
		ID: 3, Title: "Project", Description: "Description", Status: projects.StatusOpen,
		BoardID: 1, PhaseID: 1, OwnerID: 1,
		StartDate: crm.NewDate(2026, time.April, 15), EndDate: crm.NewDate(2026, time.April, 23),
		DealIDs: []int64{1}, PersonIDs: []int64{1}, OrgIDs: []int64{1}, LabelIDs: []int64{1},
		HealthStatus: pipedrive.Ptr(10),
		AddTime:      utc(2026, 4, 14, 10, 45, 20, 852), UpdateTime: utc(2026, 4, 14, 10, 45, 20, 852),
		StatusChangeTime: utc(2026, 4, 14, 10, 45, 20, 852),
		CustomFields:     crm.CustomFields{},
	}, *p)
	assert.False(t, p.IsArchived())
}

// assertTask checks the decoding of testdata/projects/task.json.
func assertTask(t *testing.T, task *projects.Task) {
	t.Helper()
	assert.Equal(t, projects.Task{
		ID: 1, Title: "Task 1", CreatorID: 2, Description: "Task description", ProjectID: 1,
		DueDate: crm.NewDate(2026, time.October, 11), StartDate: crm.NewDate(2026, time.September, 1),
		AssigneeIDs: []int64{2, 3},
		AddTime:     utc(2026, 9, 14, 8, 14, 40, 0), UpdateTime: utc(2026, 9, 14, 8, 14, 40, 0),
	}, *task)
}

func board(t *testing.T, b *projects.Board, v1 bool) {
	t.Helper()
	want := projects.Board{ID: 1, Name: "Project Board", OrderNr: 1, AddTime: utc(2024, 1, 1, 0, 0, 0, 0), UpdateTime: utc(2024, 1, 1, 0, 0, 0, 0)}
	if v1 {
		want.AddTime, want.UpdateTime = utc(2023, 9, 12, 11, 12, 18, 0), utc(2023, 9, 14, 5, 45, 40, 0)
	}
	assert.Equal(t, want, *b)
}

func phase(t *testing.T, p *projects.Phase, v1 bool) {
	t.Helper()
	want := projects.Phase{ID: 2, Name: "Project Phase", BoardID: 1, OrderNr: 1, AddTime: utc(2024, 1, 1, 0, 0, 0, 0), UpdateTime: utc(2024, 1, 1, 0, 0, 0, 0)}
	if v1 {
		want.OrderNr = 2
		want.AddTime, want.UpdateTime = utc(2023, 9, 12, 11, 12, 18, 0), utc(2023, 9, 14, 5, 45, 40, 0)
	}
	assert.Equal(t, want, *p)
}

func template(t *testing.T, tp *projects.Template) {
	t.Helper()
	assert.Equal(t, projects.Template{
		ID: 1, Title: "Office Renovation", Description: "Template for office renovation projects", BoardID: 2, OwnerID: 3,
		AddTime: utc(2023, 9, 14, 8, 14, 40, 0), UpdateTime: utc(2023, 9, 14, 8, 14, 40, 0),
	}, *tp)
}

// projectCases are the cases of the project operations.
var projectCases = []resourcetest.Case{
	{
		Op:   ops.V2GetProjects,
		Path: "/api/v2/projects",
		Query: url.Values{
			"filter_id": {"9"}, "status": {"open,completed"}, "phase_id": {"4"}, "deal_id": {"5"},
			"person_id": {"6"}, "org_id": {"7"}, "limit": {"50"}, "cursor": {"c1"},
		},
		Fixture: "projects/list.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Projects.ListPage(ctx, &projects.ListParams{
				FilterID: 9, Status: []projects.Status{projects.StatusOpen, projects.StatusCompleted},
				PhaseID: 4, DealID: 5, PersonID: 6, OrgID: 7, Limit: 50, Cursor: "c1",
			})
			require.NoError(t, err)
			assert.True(t, page.More)
			assert.Equal(t, "eyJmaWVsZCI6ImlkIiwiZmllbGRWYWx1ZSI6Nywic29ydERpcmVjdGlvbiI6ImFzYyIsImlkIjo3fQ", page.NextCursor)
			require.Len(t, page.Items, 1)
			assertProject(t, &page.Items[0])
		},
	},
	{
		Op:      ops.V2GetArchivedProjects,
		Path:    "/api/v2/projects/archived",
		Query:   url.Values{"filter_id": {"9"}, "status": {"canceled"}, "phase_id": {"4"}, "limit": {"10"}, "cursor": {"c2"}},
		Fixture: "projects/list.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Projects.ListArchivedPage(ctx, &projects.ArchivedListParams{
				FilterID: 9, Status: []projects.Status{projects.StatusCanceled}, PhaseID: 4, Limit: 10, Cursor: "c2",
			})
			require.NoError(t, err)
			require.Len(t, page.Items, 1)
			assertProject(t, &page.Items[0])
		},
	},
	{
		Op:      ops.V2GetProject,
		Path:    "/api/v2/projects/3",
		Fixture: "projects/project.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			p, err := c.Projects.Get(ctx, 3)
			require.NoError(t, err)
			assertProject(t, p)
		},
	},
	{
		Op:   ops.V2AddProject,
		Path: "/api/v2/projects",
		Body: `{"title":"Project","description":"Description","status":"open","board_id":1,"phase_id":1,"owner_id":1,
			"start_date":"2026-04-15","end_date":"2026-04-23","deal_ids":[1],"person_ids":[1],"org_ids":[1],"label_ids":[1],
			"health_status":10,"template_id":12,"custom_fields":{"` + categoryCode + `":1}}`,
		Status:  http.StatusCreated,
		Fixture: "projects/project.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			cf := crm.CustomFields{}
			cf.SetOptionID(categoryCode, 1)
			p, err := c.Projects.Create(ctx, &projects.CreateParams{
				Title: "Project", Description: "Description", Status: projects.StatusOpen,
				BoardID: pipedrive.Ptr[int64](1), PhaseID: pipedrive.Ptr[int64](1), OwnerID: pipedrive.Ptr[int64](1),
				StartDate: crm.NewDate(2026, time.April, 15), EndDate: crm.NewDate(2026, time.April, 23),
				DealIDs: []int64{1}, PersonIDs: []int64{1}, OrgIDs: []int64{1}, LabelIDs: []int64{1},
				HealthStatus: pipedrive.Ptr(10), TemplateID: pipedrive.Ptr[int64](12), CustomFields: cf,
			})
			require.NoError(t, err)
			assertProject(t, p)
		},
	},
	{
		Op:      ops.V2UpdateProject,
		Path:    "/api/v2/projects/3",
		Body:    `{"title":"Renamed","description":"","end_date":null,"label_ids":[],"phase_id":2,"custom_fields":{"` + categoryCode + `":null}}`,
		Fixture: "projects/project.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			cf := crm.CustomFields{}
			cf.Clear(categoryCode)
			p, err := c.Projects.Update(ctx, 3, &projects.UpdateParams{
				Title: pipedrive.Ptr("Renamed"), Description: pipedrive.Ptr(""), EndDate: &crm.Date{},
				LabelIDs: []int64{}, PhaseID: pipedrive.Ptr[int64](2), CustomFields: cf,
			})
			require.NoError(t, err)
			assert.Equal(t, int64(3), p.ID)
		},
	},
	{
		Op:      ops.V2DeleteProject,
		Path:    "/api/v2/projects/3",
		Fixture: "projects/delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Projects.Delete(ctx, 3))
		},
	},
	{
		Op:      ops.V2ArchiveProject,
		Path:    "/api/v2/projects/3/archive",
		Fixture: "projects/project.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			p, err := c.Projects.Archive(ctx, 3)
			require.NoError(t, err)
			assertProject(t, p)
		},
	},
	{
		Op:   ops.V2SearchProjects,
		Path: "/api/v2/projects/search",
		Query: url.Values{
			"term": {"renovation"}, "fields": {"title,notes"}, "exact_match": {"true"},
			"person_id": {"10"}, "organization_id": {"5"}, "limit": {"20"}, "cursor": {"s1"},
		},
		Fixture: "projects/search.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Projects.SearchPage(ctx, &projects.SearchParams{
				Term: "renovation", Fields: []projects.SearchField{projects.SearchTitle, projects.SearchNotes},
				ExactMatch: true, PersonID: 10, OrgID: 5, Limit: 20, Cursor: "s1",
			})
			require.NoError(t, err)
			assert.True(t, page.More)
			require.Len(t, page.Items, 1)
			assert.InDelta(t, 0.8412, page.Items[0].Score, 1e-9)
			assert.Equal(t, projects.SearchItem{
				ID: 1, Type: "project", Title: "Office renovation", Status: projects.StatusOpen,
				Owner: &crm.IDName{ID: 1}, BoardID: pipedrive.Ptr[int64](2), Phase: &crm.IDName{ID: 3, Name: "In progress"},
				Person: &crm.IDName{ID: 10, Name: "Jane Doe"}, Organization: &projects.SearchOrganization{ID: 5, Name: "Pipedrive"},
				Deal: &projects.SearchDeal{ID: 42, Title: "Renovation deal"}, DealCount: 1,
				Description: "Full office renovation project", EndDate: crm.NewDate(2025, time.December, 31),
				CustomFields: []string{}, Notes: []string{},
			}, page.Items[0].Item)
		},
	},
	{
		Op:      ops.V2GetProjectUsers,
		Path:    "/api/v2/projects/3/permittedUsers",
		Fixture: "projects/permitted_users.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			ids, err := c.Projects.PermittedUsers(ctx, 3)
			require.NoError(t, err)
			assert.Equal(t, []int64{123, 456}, ids)
		},
	},
	{
		Op:      ops.V2GetProjectChangelog,
		Path:    "/api/v2/projects/3/changelog",
		Query:   url.Values{"limit": {"2"}, "cursor": {"x"}},
		Fixture: "projects/changelog.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Projects.ChangelogPage(ctx, 3, &crm.PageParams{Limit: 2, Cursor: "x"})
			require.NoError(t, err)
			assert.Equal(t, "aWQ6NTQ0", page.NextCursor)
			require.Len(t, page.Items, 2)
			first := page.Items[0]
			assert.Equal(t, int64(26), first.ActorUserID)
			assert.Equal(t, utc(2024, 2, 12, 9, 14, 35, 0), first.Time)
			assert.Equal(t, pipedrive.Ptr("app"), first.ChangeSource)
			assert.JSONEq(t, `"New Project Title"`, string(first.NewValues["title"]))
			assert.JSONEq(t, `"Old Project Title"`, string(first.OldValues["title"]))
			second := page.Items[1]
			assert.Nil(t, second.ChangeSourceUserAgent)
			assert.JSONEq(t, `2`, string(second.NewValues["board_id"]))
		},
	},
}

// planCases are the cases of the v1 plan, group, task and activity lists.
var planCases = []resourcetest.Case{
	{
		Op:      ops.V1GetProjectPlan,
		Path:    "/v1/projects/3/plan",
		Fixture: "projects/plan.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			var got []projects.PlanItem
			for it, err := range c.Projects.Plan(ctx, 3) {
				require.NoError(t, err)
				got = append(got, *it)
			}
			assert.Equal(t, []projects.PlanItem{
				{ItemID: 1, ItemType: projects.PlanTask, PhaseID: 2, GroupID: 3},
				{ItemID: 1, ItemType: projects.PlanActivity, PhaseID: 2, GroupID: 3},
			}, got)
		},
	},
	{
		Op:      ops.V1PutProjectPlanActivity,
		Path:    "/v1/projects/3/plan/activities/1",
		Body:    `{"phase_id":2,"group_id":3}`,
		Fixture: "projects/plan_activity.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			it, err := c.Projects.UpdatePlanActivity(ctx, 3, 1, &projects.PlanParams{PhaseID: pipedrive.Ptr[int64](2), GroupID: pipedrive.Ptr[int64](3)})
			require.NoError(t, err)
			assert.Equal(t, projects.PlanItem{ItemID: 1, ItemType: projects.PlanActivity, PhaseID: 2, GroupID: 3}, *it)
		},
	},
	{
		Op:      ops.V1PutProjectPlanTask,
		Path:    "/v1/projects/3/plan/tasks/1",
		Body:    `{"group_id":3}`,
		Fixture: "projects/plan_task.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			it, err := c.Projects.UpdatePlanTask(ctx, 3, 1, &projects.PlanParams{GroupID: pipedrive.Ptr[int64](3)})
			require.NoError(t, err)
			assert.Equal(t, projects.PlanItem{ItemID: 1, ItemType: projects.PlanTask, PhaseID: 2, GroupID: 3}, *it)
		},
	},
	{
		Op:      ops.V1GetProjectGroups,
		Path:    "/v1/projects/3/groups",
		Fixture: "projects/groups.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Projects.GroupsPage(ctx, 3)
			require.NoError(t, err)
			assert.False(t, page.More)
			assert.Equal(t, []projects.Group{{ID: 1, Name: "Group one", OrderNr: 1}}, page.Items)
		},
	},
	{
		Op:      ops.V1GetProjectTasks,
		Path:    "/v1/projects/3/tasks",
		Fixture: "projects/project_tasks.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Projects.ProjectTasksPage(ctx, 3)
			require.NoError(t, err)
			assert.True(t, page.More)
			assert.Equal(t, "eyJhY3Rpdml0aWVzIjoyN30", page.NextCursor)
			require.Len(t, page.Items, 1)
			assert.Equal(t, projects.Task{
				ID: 1, Title: "Task 1", CreatorID: 2, Description: "Task description", ProjectID: 1,
				DueDate: crm.NewDate(2023, time.October, 11), ParentTaskID: pipedrive.Ptr[int64](2),
				AssigneeID: 2, AssigneeIDs: []int64{2, 3, 4},
				AddTime: utc(2023, 9, 14, 8, 14, 40, 288), UpdateTime: utc(2023, 9, 14, 8, 14, 40, 288),
				MarkedAsDoneTime: pipedrive.Ptr(utc(2023, 9, 22, 8, 14, 40, 288)),
			}, page.Items[0])
		},
	},
	{
		Op:      ops.V1GetProjectActivities,
		Path:    "/v1/projects/3/activities",
		Fixture: "projects/project_activities.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Projects.ProjectActivitiesPage(ctx, 3)
			require.NoError(t, err)
			assert.Equal(t, "eyJhY3Rpdml0aWVzIjoyN30", page.NextCursor)
			require.Len(t, page.Items, 1)
			assert.Equal(t, projects.Activity{
				ID: 8, CompanyID: 22122, UserID: 1234, Type: "deadline", Subject: "Deadline",
				ConferenceMeetingClient: "871b8bc88d3a1202", ConferenceMeetingURL: "https://pipedrive.zoom.us/link",
				ConferenceMeetingID: "17058746701", DueDate: crm.NewDate(2022, time.June, 9), DueTime: crm.NewTimeOfDay(10, 0, 0),
				Duration: "01:00", Busy: true, AddTime: utc(2020, 6, 8, 12, 37, 56, 0),
				MarkedAsDoneTime: pipedrive.Ptr(utc(2020, 8, 8, 8, 8, 38, 0)), PublicDescription: "This is a description",
				OrgID: pipedrive.Ptr[int64](5), PersonID: pipedrive.Ptr[int64](1101), DealID: pipedrive.Ptr[int64](300),
				LeadID: pipedrive.Ptr("46c3b0e1-db35-59ca-1828-4817378dff71"), Active: true,
				UpdateTime: pipedrive.Ptr(utc(2020, 8, 8, 12, 37, 56, 0)), UpdateUserID: 5596,
				Location: crm.Address{
					Value: "Mustamäe tee 3, Tallinn, Estonia", StreetNumber: "3", Route: "Mustamäe tee", Sublocality: "Kristiine",
					Locality: "Tallinn", AdminAreaLevel1: "Harju maakond", Country: "Estonia", PostalCode: "10616",
					FormattedAddress: "Mustamäe tee 3, 10616 Tallinn, Estonia",
				},
			}, page.Items[0])
		},
	},
}

// boardCases are the cases of the boards, phases and templates.
var boardCases = []resourcetest.Case{
	{
		Op:      ops.V2GetProjectsBoards,
		Path:    "/api/v2/boards",
		Fixture: "projects/boards.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			var n int
			for b, err := range c.Projects.Boards(ctx) {
				require.NoError(t, err)
				board(t, b, false)
				n++
			}
			assert.Equal(t, 1, n)
		},
	},
	{
		Op:      ops.V2GetProjectsBoard,
		Path:    "/api/v2/boards/1",
		Fixture: "projects/board.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			b, err := c.Projects.Board(ctx, 1)
			require.NoError(t, err)
			board(t, b, false)
		},
	},
	{
		Op:      ops.V2AddProjectBoard,
		Path:    "/api/v2/boards",
		Body:    `{"name":"Project Board","order_nr":1}`,
		Fixture: "projects/board.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			b, err := c.Projects.CreateBoard(ctx, &projects.BoardParams{Name: "Project Board", OrderNr: pipedrive.Ptr(1)})
			require.NoError(t, err)
			board(t, b, false)
		},
	},
	{
		Op:      ops.V2UpdateProjectBoard,
		Path:    "/api/v2/boards/1",
		Body:    `{"name":"Project Board","order_nr":0}`,
		Fixture: "projects/board.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			b, err := c.Projects.UpdateBoard(ctx, 1, &projects.BoardUpdateParams{Name: pipedrive.Ptr("Project Board"), OrderNr: pipedrive.Ptr(0)})
			require.NoError(t, err)
			board(t, b, false)
		},
	},
	{
		Op:      ops.V2DeleteProjectBoard,
		Path:    "/api/v2/boards/1",
		Fixture: "projects/board_delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Projects.DeleteBoard(ctx, 1))
		},
	},
	{
		Op:      ops.V1GetProjectsBoards,
		Path:    "/v1/projects/boards",
		Fixture: "projects/boards_v1.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Projects.BoardsV1Page(ctx)
			require.NoError(t, err)
			require.Len(t, page.Items, 1)
			board(t, &page.Items[0], true)
		},
	},
	{
		Op:      ops.V1GetProjectsBoard,
		Path:    "/v1/projects/boards/1",
		Fixture: "projects/board_v1.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			b, err := c.Projects.BoardV1(ctx, 1)
			require.NoError(t, err)
			board(t, b, true)
		},
	},
	{
		Op:      ops.V2GetProjectsPhases,
		Path:    "/api/v2/phases",
		Query:   url.Values{"board_id": {"1"}},
		Fixture: "projects/phases.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Projects.PhasesPage(ctx, &projects.PhaseListParams{BoardID: 1})
			require.NoError(t, err)
			assert.False(t, page.More)
			require.Len(t, page.Items, 1)
			phase(t, &page.Items[0], false)
		},
	},
	{
		Op:      ops.V2GetProjectsPhase,
		Path:    "/api/v2/phases/2",
		Fixture: "projects/phase.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			p, err := c.Projects.Phase(ctx, 2)
			require.NoError(t, err)
			phase(t, p, false)
		},
	},
	{
		Op:      ops.V2AddProjectPhase,
		Path:    "/api/v2/phases",
		Body:    `{"name":"Project Phase","board_id":1,"order_nr":1}`,
		Fixture: "projects/phase.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			p, err := c.Projects.CreatePhase(ctx, &projects.PhaseParams{Name: "Project Phase", BoardID: 1, OrderNr: pipedrive.Ptr(1)})
			require.NoError(t, err)
			phase(t, p, false)
		},
	},
	{
		Op:      ops.V2UpdateProjectPhase,
		Path:    "/api/v2/phases/2",
		Body:    `{"board_id":1}`,
		Fixture: "projects/phase.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			p, err := c.Projects.UpdatePhase(ctx, 2, &projects.PhaseUpdateParams{BoardID: pipedrive.Ptr[int64](1)})
			require.NoError(t, err)
			phase(t, p, false)
		},
	},
	{
		Op:      ops.V2DeleteProjectPhase,
		Path:    "/api/v2/phases/2",
		Fixture: "projects/phase_delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Projects.DeletePhase(ctx, 2))
		},
	},
	{
		Op:      ops.V1GetProjectsPhases,
		Path:    "/v1/projects/phases",
		Query:   url.Values{"board_id": {"1"}},
		Fixture: "projects/phases_v1.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			var got []projects.Phase
			for p, err := range c.Projects.PhasesV1(ctx, &projects.PhaseListParams{BoardID: 1}) {
				require.NoError(t, err)
				got = append(got, *p)
			}
			require.Len(t, got, 1)
			phase(t, &got[0], true)
		},
	},
	{
		Op:      ops.V1GetProjectsPhase,
		Path:    "/v1/projects/phases/2",
		Fixture: "projects/phase_v1.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			p, err := c.Projects.PhaseV1(ctx, 2)
			require.NoError(t, err)
			phase(t, p, true)
		},
	},
	{
		Op:      ops.V2GetProjectTemplates,
		Path:    "/api/v2/projectTemplates",
		Query:   url.Values{"limit": {"5"}, "cursor": {"t1"}},
		Fixture: "projects/templates.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Projects.TemplatesPage(ctx, &crm.PageParams{Limit: 5, Cursor: "t1"})
			require.NoError(t, err)
			assert.Equal(t, "eyJhY3Rpdml0aWVzIjoyN30", page.NextCursor)
			require.Len(t, page.Items, 1)
			template(t, &page.Items[0])
		},
	},
	{
		Op:      ops.V2GetProjectTemplate,
		Path:    "/api/v2/projectTemplates/1",
		Fixture: "projects/template.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			tp, err := c.Projects.Template(ctx, 1)
			require.NoError(t, err)
			template(t, tp)
		},
	},
}

// taskCases are the cases of the v2 tasks.
var taskCases = []resourcetest.Case{
	{
		Op:   ops.V2GetTasks,
		Path: "/api/v2/tasks",
		Query: url.Values{
			"project_id": {"1"}, "assignee_id": {"2"}, "is_done": {"false"}, "is_milestone": {"true"},
			"parent_task_id": {"null"}, "limit": {"25"}, "cursor": {"k"},
		},
		Fixture: "projects/tasks.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Projects.TasksPage(ctx, &projects.TaskListParams{
				ProjectID: 1, AssigneeID: 2, IsDone: pipedrive.Ptr(false), IsMilestone: pipedrive.Ptr(true),
				ParentTaskID: projects.RootTasks, Limit: 25, Cursor: "k",
			})
			require.NoError(t, err)
			assert.Equal(t, "eyJhY3Rpdml0aWVzIjoyN30", page.NextCursor)
			require.Len(t, page.Items, 1)
			assertTask(t, &page.Items[0])
		},
	},
	{
		Op:      ops.V2GetTask,
		Path:    "/api/v2/tasks/1",
		Fixture: "projects/task.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			task, err := c.Projects.Task(ctx, 1)
			require.NoError(t, err)
			assertTask(t, task)
		},
	},
	{
		Op:   ops.V2AddTask,
		Path: "/api/v2/tasks",
		Body: `{"title":"Task 1","project_id":1,"parent_task_id":7,"description":"Task description","done":0,"milestone":1,
			"due_date":"2026-10-11","start_date":"2026-09-01","assignee_ids":[2,3],"assignee_id":2,"priority":3}`,
		Status:  http.StatusCreated,
		Fixture: "projects/task.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			task, err := c.Projects.CreateTask(ctx, &projects.TaskParams{
				Title: "Task 1", ProjectID: 1, ParentTaskID: pipedrive.Ptr[int64](7), Description: "Task description",
				Done: pipedrive.Ptr(false), Milestone: pipedrive.Ptr(true),
				DueDate: crm.NewDate(2026, time.October, 11), StartDate: crm.NewDate(2026, time.September, 1),
				AssigneeIDs: []int64{2, 3}, AssigneeID: pipedrive.Ptr[int64](2), Priority: pipedrive.Ptr(3),
			})
			require.NoError(t, err)
			assertTask(t, task)
		},
	},
	{
		Op:      ops.V2UpdateTask,
		Path:    "/api/v2/tasks/1",
		Body:    `{"title":"Renamed","parent_task_id":null,"done":1,"due_date":null,"assignee_ids":[],"assignee_id":4,"project_id":2}`,
		Fixture: "projects/task.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			task, err := c.Projects.UpdateTask(ctx, 1, &projects.TaskUpdateParams{
				Title: pipedrive.Ptr("Renamed"), ParentTaskID: pipedrive.Ptr[int64](0), Done: pipedrive.Ptr(true),
				DueDate: &crm.Date{}, AssigneeIDs: []int64{}, AssigneeID: pipedrive.Ptr[int64](4), ProjectID: pipedrive.Ptr[int64](2),
			})
			require.NoError(t, err)
			assert.Equal(t, int64(1), task.ID)
		},
	},
	{
		Op:      ops.V2DeleteTask,
		Path:    "/api/v2/tasks/1",
		Fixture: "projects/task_delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Projects.DeleteTask(ctx, 1))
		},
	},
}

// fieldCases are the cases of the project field definitions.
var fieldCases = []resourcetest.Case{
	{
		Op:      ops.V2GetProjectFields,
		Path:    "/api/v2/projectFields",
		Query:   url.Values{"limit": {"50"}, "cursor": {"f"}},
		Fixture: "projects/fields.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			page, err := c.Projects.FieldsPage(ctx, &crm.FieldListParams{Limit: 50, Cursor: "f"})
			require.NoError(t, err)
			assert.True(t, page.More)
			require.Len(t, page.Items, 2)
			assert.Equal(t, "name", page.Items[0].Code)
			assert.True(t, page.Items[0].Required.Enabled)
			cat := page.Items[1]
			assert.Equal(t, "Category", cat.Name)
			assert.Equal(t, crm.FieldTypeEnum, cat.Type)
			assert.True(t, cat.IsCustom)
			assert.Equal(t, []crm.FieldOption{{ID: 1, Label: "Internal"}, {ID: 2, Label: "External"}, {ID: 3, Label: "Research"}}, cat.Options)
		},
	},
	{
		Op:      ops.V2GetProjectField,
		Path:    "/api/v2/projectFields/name",
		Fixture: "projects/field.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			f, err := c.Projects.Field(ctx, "name", nil)
			require.NoError(t, err)
			assert.Equal(t, "Project Name", f.Name)
			assert.Equal(t, crm.FieldTypeVarchar, f.Type)
			require.NotNil(t, f.UIVisibility)
			assert.True(t, f.UIVisibility.AddVisible)
		},
	},
	{
		Op:   ops.V2AddProjectField,
		Path: "/api/v2/projectFields",
		Body: `{"field_name":"Category","field_type":"enum","options":[{"label":"Internal"},{"label":"External"},{"label":"Research"}],
			"ui_visibility":{"add_visible_flag":true},"required_fields":{"enabled":false}}`,
		Fixture: "projects/field_create.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			f, err := c.Projects.CreateField(ctx, &crm.CreateFieldParams{
				Name: "Category", Type: crm.FieldTypeEnum,
				Options:      []crm.NewFieldOption{{Label: "Internal"}, {Label: "External"}, {Label: "Research"}},
				UIVisibility: &crm.FieldUIVisibilityParams{AddVisible: pipedrive.Ptr(true)},
				Required:     &crm.FieldRequirement{},
			})
			require.NoError(t, err)
			assert.Equal(t, "946947d1b02fd3ef20798d6112ec5d895a686a21", f.Code)
			assert.Len(t, f.Options, 3)
		},
	},
	{
		Op:      ops.V2UpdateProjectField,
		Path:    "/api/v2/projectFields/name",
		Body:    `{"field_name":"Project Name"}`,
		Fixture: "projects/field.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			f, err := c.Projects.UpdateField(ctx, "name", &crm.UpdateFieldParams{Name: "Project Name"})
			require.NoError(t, err)
			assert.Equal(t, "name", f.Code)
		},
	},
	{
		Op:      ops.V2DeleteProjectField,
		Path:    "/api/v2/projectFields/946947d1b02fd3ef20798d6112ec5d895a686a21",
		Fixture: "projects/field_delete.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			require.NoError(t, c.Projects.DeleteField(ctx, "946947d1b02fd3ef20798d6112ec5d895a686a21"))
		},
	},
	{
		Op:      ops.V2AddProjectFieldOptions,
		Path:    "/api/v2/projectFields/" + categoryCode + "/options",
		Body:    `[{"label":"Research & Development"}]`,
		Fixture: "projects/field_options.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			opts, err := c.Projects.AddFieldOptions(ctx, categoryCode, "Research & Development")
			require.NoError(t, err)
			assert.Equal(t, []crm.FieldOption{{ID: 4, Label: "Research & Development"}}, opts)
		},
	},
	{
		Op:      ops.V2UpdateProjectFieldOptions,
		Path:    "/api/v2/projectFields/" + categoryCode + "/options",
		Body:    `[{"id":4,"label":"Research & Development"}]`,
		Fixture: "projects/field_options.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			opts, err := c.Projects.UpdateFieldOptions(ctx, categoryCode, crm.FieldOptionChange{ID: 4, Label: "Research & Development"})
			require.NoError(t, err)
			assert.Len(t, opts, 1)
		},
	},
	{
		Op:      ops.V2DeleteProjectFieldOptions,
		Path:    "/api/v2/projectFields/" + categoryCode + "/options",
		Body:    `[{"id":4}]`,
		Fixture: "projects/field_options.json",
		Call: func(t *testing.T, ctx context.Context, c *pipedrive.Client) {
			opts, err := c.Projects.DeleteFieldOptions(ctx, categoryCode, 4)
			require.NoError(t, err)
			assert.Equal(t, int64(4), opts[0].ID)
		},
	},
}

func TestOperations(t *testing.T) {
	var cases []resourcetest.Case
	for _, group := range [][]resourcetest.Case{projectCases, planCases, boardCases, taskCases, fieldCases} {
		cases = append(cases, group...)
	}
	covered := resourcetest.Run(t, cases)
	t.Run("coverage", func(t *testing.T) {
		resourcetest.CheckCoverage(t, covered, skipped,
			"Projects", "Projects,Beta", "ProjectBoards", "ProjectBoards,Beta", "ProjectPhases", "ProjectPhases,Beta",
			"ProjectFields,Beta", "ProjectTemplates", "Tasks", "Tasks,Beta")
	})
}

// skipped lists the operations of the family's tags that the service does
// not reach: v1 operations whose v2 twin it uses instead.
var skipped = map[string]string{
	"v1 GET /projects":               "v2 twin",
	"v1 POST /projects":              "v2 twin",
	"v1 GET /projects/{id}":          "v2 twin",
	"v1 PUT /projects/{id}":          "v2 twin (PATCH)",
	"v1 DELETE /projects/{id}":       "v2 twin",
	"v1 POST /projects/{id}/archive": "v2 twin",
	"v1 GET /projectTemplates":       "v2 twin",
	"v1 GET /projectTemplates/{id}":  "v2 twin",
	"v1 GET /tasks":                  "v2 twin",
	"v1 POST /tasks":                 "v2 twin",
	"v1 GET /tasks/{id}":             "v2 twin",
	"v1 PUT /tasks/{id}":             "v2 twin (PATCH)",
	"v1 DELETE /tasks/{id}":          "v2 twin",
}

// The models keep every member of the spec's examples.
func TestModelsKeepEveryMember(t *testing.T) {
	one := map[string]func() any{
		"projects/project.json":       func() any { return new(projects.Project) },
		"projects/task.json":          func() any { return new(projects.Task) },
		"projects/board.json":         func() any { return new(projects.Board) },
		"projects/board_v1.json":      func() any { return new(projects.Board) },
		"projects/phase.json":         func() any { return new(projects.Phase) },
		"projects/phase_v1.json":      func() any { return new(projects.Phase) },
		"projects/template.json":      func() any { return new(projects.Template) },
		"projects/plan_activity.json": func() any { return new(projects.PlanItem) },
		"projects/plan_task.json":     func() any { return new(projects.PlanItem) },
		"projects/field.json":         func() any { return new(crm.Field) },
		"projects/field_create.json":  func() any { return new(crm.Field) },
		"projects/field_delete.json":  func() any { return new(crm.Field) },
	}
	for name, mk := range one {
		t.Run(name, func(t *testing.T) {
			resourcetest.AssertNoFieldLost(t, resourcetest.FixtureData(t, name), mk())
		})
	}
	lists := map[string]func() any{
		"projects/list.json":               func() any { return new(projects.Project) },
		"projects/changelog.json":          func() any { return new(projects.Change) },
		"projects/plan.json":               func() any { return new(projects.PlanItem) },
		"projects/groups.json":             func() any { return new(projects.Group) },
		"projects/project_tasks.json":      func() any { return new(projects.Task) },
		"projects/project_activities.json": func() any { return new(projects.Activity) },
		"projects/boards.json":             func() any { return new(projects.Board) },
		"projects/boards_v1.json":          func() any { return new(projects.Board) },
		"projects/phases.json":             func() any { return new(projects.Phase) },
		"projects/phases_v1.json":          func() any { return new(projects.Phase) },
		"projects/templates.json":          func() any { return new(projects.Template) },
		"projects/tasks.json":              func() any { return new(projects.Task) },
		"projects/fields.json":             func() any { return new(crm.Field) },
		"projects/field_options.json":      func() any { return new(crm.FieldOption) },
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
	t.Run("projects/search.json", func(t *testing.T) {
		var data struct {
			Items []json.RawMessage `json:"items"`
		}
		require.NoError(t, json.Unmarshal(resourcetest.FixtureData(t, "projects/search.json"), &data))
		require.Len(t, data.Items, 1)
		resourcetest.AssertNoFieldLost(t, data.Items[0], new(crm.SearchResult[projects.SearchItem]))
	})
}
